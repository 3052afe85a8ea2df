using System.Globalization;
using PublicVote.Api.Features.Voting;

namespace PublicVote.FraudEval.Simulation;

/// <summary>
/// The campaign's fixed world (protocol C2): candidates in organisations with log-normal popularity, carrier-NAT
/// prefixes shared by thousands (Zipf), home-broadband prefixes, office prefixes per organisation, the UA mix
/// (few iOS strings, near-unique Android ones) and the voter factory.
/// </summary>
internal sealed class Population
{
    public const long CampaignId = 7;

    private static readonly TimeSpan Local = TimeSpan.FromHours(8);
    private readonly double[] _popularityCumulative;
    private readonly double[] _cgnatCumulative;
    private readonly string[] _cgnat;
    private readonly string[] _mobileV6;
    private readonly string[] _iosUas;
    private readonly double[] _iosCumulative;
    private int _voters;

    public Population(Scale scale, Rng rng)
    {
        Scale = scale;
        Start = new DateTimeOffset(2026, 6, 1, 0, 0, 0, Local);
        CandidateIds = [.. Enumerable.Range(0, scale.Candidates).Select(i => 1000L + i)];
        OrgOf = [.. Enumerable.Range(0, scale.Candidates).Select(i => i % scale.Organisations)];
        Popularity = [.. Enumerable.Range(0, scale.Candidates).Select(_ => rng.LogNormal(1, 1.2))];
        _popularityCumulative = Rng.Cumulative(Popularity);
        ByPopularity = [.. Enumerable.Range(0, scale.Candidates).OrderByDescending(i => Popularity[i])];
        _cgnat = [.. Enumerable.Range(0, scale.CgnatPrefixes).Select(i => V4(36 + (i % 4), i))];
        _cgnatCumulative = Rng.Cumulative(Enumerable.Range(1, scale.CgnatPrefixes).Select(r => 1.0 / r));
        HomePrefixes = [.. Enumerable.Range(0, scale.HomePrefixes).Select(i => V4(112 + (i % 8), i * 7))];
        _mobileV6 = [.. Enumerable.Range(0, Math.Max(20, scale.CgnatPrefixes / 3)).Select(i => string.Create(CultureInfo.InvariantCulture, $"2409:8a{i / 256 % 256:x2}:{i % 256:x2}00::/48"))];
        OfficePrefixes = [.. Enumerable.Range(0, scale.Organisations).Select(o =>
            Enumerable.Range(0, rng.Int(1, 3)).Select(k => V4(61, 5000 + (o * 4) + k)).ToArray())];
        _iosUas = [.. Enumerable.Range(0, 12).Select(i => StableHash.UserAgent($"iPhone iOS 1{7 + (i % 3)} MicroMessenger/8.0.{40 + (i / 3)}"))];
        _iosCumulative = Rng.Cumulative(Enumerable.Range(1, 12).Select(r => 1.0 / r));
    }

    public Scale Scale { get; }

    /// <summary>Local midnight (UTC+8) of the campaign's first day.</summary>
    public DateTimeOffset Start { get; }

    public DateTimeOffset End => Start.AddDays(Scale.Days);

    public long[] CandidateIds { get; }

    public int[] OrgOf { get; }

    public double[] Popularity { get; }

    /// <summary>Candidate indexes, most popular first.</summary>
    public int[] ByPopularity { get; }

    public string[] HomePrefixes { get; }

    public string[][] OfficePrefixes { get; }

    public int LocalDay(DateTimeOffset at) => (int)Math.Floor((at - Start).TotalDays);

    public DateTimeOffset At(int day, double localHour) => Start.AddDays(day).AddHours(localHour);

    public int PickCandidate(Rng rng) => rng.PickCumulative(_popularityCumulative);

    public string CarrierPrefix(Rng rng) => rng.Chance(0.3) ? rng.Pick(_mobileV6) : _cgnat[rng.PickCumulative(_cgnatCumulative)];

    /// <summary>A realistic UA hash: iOS (45 %) from a dozen strings, Android (55 %) model × WeChat release × MMWEBID.</summary>
    public string RealisticUa(Rng rng) => rng.Chance(0.45)
        ? _iosUas[rng.PickCumulative(_iosCumulative)]
        : StableHash.UserAgent(string.Create(CultureInfo.InvariantCulture, $"Android model{Zipf(rng, 100)} MMWEBID/{rng.Int(0, 9999)} MicroMessenger/8.0.{43 + rng.Int(0, 5)}"));

    public string CommonIosUa(Rng rng) => _iosUas[rng.PickCumulative(_iosCumulative)];

    /// <summary>Page-to-vote dwell of a person: log-normal, median 25 s, ~5 % under 3 s.</summary>
    public static int HonestDwellMs(Rng rng) => (int)Math.Clamp(rng.LogNormal(25_000, 1.29), 400, 1_800_000);

    /// <summary>
    /// A new voter: 40 % returning (first seen weeks or months ago), 60 % new (first sign-in minutes before the
    /// first vote); 55 % mobile (carrier prefix per sitting), 35 % home broadband (fixed prefix), 10 % office staff.
    /// </summary>
    public SimVoter NewVoter(Rng rng, DateTimeOffset firstVote, double returningShare = 0.4, string? office = null)
    {
        var key = string.Create(CultureInfo.InvariantCulture, $"v{_voters++:x6}");
        DateTimeOffset firstSeen = rng.Chance(returningShare)
            ? Start.AddDays(-rng.Uniform(1, 180))
            : firstVote.AddMinutes(-rng.Uniform(0.3, 10));
        var network = rng.Uniform();
        var home = network < 0.55 ? "" : rng.Chance(0.3) ? OwnV6(rng) : rng.Pick(HomePrefixes);
        return new SimVoter(key, firstSeen, home, RealisticUa(rng)) { OfficePrefix = office };
    }

    /// <summary>The prefix of a voter's sitting at <paramref name="at"/>.</summary>
    public string PrefixFor(SimVoter voter, DateTimeOffset at, Rng rng)
    {
        if (voter.OfficePrefix is { } office)
        {
            var hour = (at - Start).TotalHours % 24;
            if (hour is >= 9 and < 18 && rng.Chance(0.6))
            {
                return office;
            }
        }
        return voter.HomePrefix.Length > 0 ? voter.HomePrefix : CarrierPrefix(rng);
    }

    public static string V4(int first, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{first}.{index / 256 % 256}.{index % 256}.0/24");

    private static string OwnV6(Rng rng) =>
        string.Create(CultureInfo.InvariantCulture, $"240e:{rng.Int(0, 0xffff):x4}:{rng.Int(0, 0xffff):x4}::/48");

    private static int Zipf(Rng rng, int n)
    {
        // Rank r with weight 1/r, by inversion of the harmonic CDF approximated as log.
        var x = rng.Uniform() * Math.Log(n + 1);
        return Math.Clamp((int)Math.Exp(x), 1, n);
    }
}
