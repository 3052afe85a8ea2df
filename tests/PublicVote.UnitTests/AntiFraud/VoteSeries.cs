using System.Globalization;
using Microsoft.Extensions.Options;
using PublicVote.Api.Features.AntiFraud.Detection;

namespace PublicVote.UnitTests.AntiFraud;

/// <summary>Small crafted vote series for the detectors: seeded background traffic plus whatever a test injects.</summary>
internal sealed class VoteSeries(int seed = 1)
{
    public const long Campaign = 7;
    public static readonly DateTimeOffset Start = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Random _random = new(seed);
    private readonly List<VoteEvent> _votes = [];
    private int _voters;

    public IReadOnlyList<VoteEvent> Votes => [.. _votes.OrderBy(v => v.At)];

    public VoteEvent Add(DateTimeOffset at, long candidate, string? voter = null, string? prefix = null, string? ua = null,
        DateTimeOffset? firstSeen = null, int? dwellMs = null)
    {
        var vote = new VoteEvent(
            string.Create(CultureInfo.InvariantCulture, $"{Campaign}-0-{at.ToUnixTimeMilliseconds()}-{_votes.Count}"),
            Campaign, candidate, voter ?? NewVoter(), at,
            prefix ?? string.Create(CultureInfo.InvariantCulture, $"36.{_random.Next(256)}.{_random.Next(256)}.0/24"),
            ua ?? _random.Next(1 << 30).ToString("x16", CultureInfo.InvariantCulture),
            firstSeen ?? Start.AddDays(-30),
            dwellMs ?? (int)(25_000 * Math.Exp(1.29 * Normal())));
        _votes.Add(vote);
        return vote;
    }

    public string NewVoter() => string.Create(CultureInfo.InvariantCulture, $"h{_voters++:x6}");

    /// <summary>Poisson background: each candidate gets <paramref name="perMinute"/> × its weight votes a minute from people.</summary>
    public void Background(DateTimeOffset from, DateTimeOffset to, IReadOnlyList<long> candidates, double perMinute, Func<long, double>? weight = null)
    {
        for (var minute = from; minute < to; minute = minute.AddMinutes(1))
        {
            foreach (var candidate in candidates)
            {
                var n = Poisson(perMinute * (weight?.Invoke(candidate) ?? 1));
                for (var i = 0; i < n; i++)
                {
                    Add(minute.AddSeconds(_random.NextDouble() * 60), candidate);
                }
            }
        }
    }

    /// <summary>Times of a Poisson process of <paramref name="perMinute"/> over [from, to).</summary>
    public IEnumerable<DateTimeOffset> Arrivals(DateTimeOffset from, DateTimeOffset to, double perMinute)
    {
        for (var at = from.AddMinutes(Exponential(perMinute)); at < to; at = at.AddMinutes(Exponential(perMinute)))
        {
            yield return at;
        }
    }

    public double Uniform() => _random.NextDouble();

    public int Int(int low, int high) => _random.Next(low, high + 1);

    /// <summary>Feeds the votes in order and asks for findings every <paramref name="tick"/> (10 s past each tick boundary).</summary>
    public static List<(DateTimeOffset At, Finding Finding)> Replay(IVoteDetector detector, IReadOnlyList<VoteEvent> votes, DateTimeOffset until, TimeSpan? tick = null)
    {
        var step = tick ?? TimeSpan.FromMinutes(1);
        var findings = new List<(DateTimeOffset, Finding)>();
        var next = 0;
        for (var now = Start + step + TimeSpan.FromSeconds(10); now <= until; now += step)
        {
            while (next < votes.Count && votes[next].At < now)
            {
                detector.Observe(votes[next++]);
            }
            findings.AddRange(detector.Evaluate(now).Select(f => (now, f)));
        }
        return findings;
    }

    public static IOptions<T> Options<T>(T value) where T : class => Microsoft.Extensions.Options.Options.Create(value);

    private int Poisson(double mean)
    {
        var limit = Math.Exp(-mean);
        var k = 0;
        for (var p = _random.NextDouble(); p > limit; p *= _random.NextDouble())
        {
            k++;
        }
        return k;
    }

    private double Exponential(double rate) => -Math.Log(1 - _random.NextDouble()) / rate;

    private double Normal() => Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());
}
