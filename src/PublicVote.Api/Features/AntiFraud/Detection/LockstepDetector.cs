using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace PublicVote.Api.Features.AntiFraud.Detection;

/// <summary>
/// Lockstep co-voting groups (互投群; B1/B2 in the design). Seeds are candidate pairs voted together in one sitting far
/// more often than their popularity explains; each seed grows CopyCatch-style (the candidate set never shrinks; the
/// members are the voters covering most of it in one sitting; a candidate joins when most members vote for it).
/// A group counts when its members' sittings fall into separate synchronized rounds (SynchroTrap's "sustained"
/// evidence). One finding per candidate of the group holds the members' in-step votes for it.
/// </summary>
public sealed class LockstepDetector(IOptions<LockstepDetectorOptions> options) : IVoteDetector
{
    public const string DetectorName = "lockstep";
    private const int MaxGrowSteps = 10;
    private const int MemberSample = 30;

    private readonly Lock _gate = new();
    private readonly LockstepDetectorOptions _options = options.Value;
    private readonly Dictionary<long, LockstepCampaign> _campaigns = [];

    public string Name => DetectorName;

    public TimeSpan Lookback => _options.Lookback;

    public void Observe(VoteEvent vote)
    {
        lock (_gate)
        {
            if (!_campaigns.TryGetValue(vote.CampaignId, out var campaign))
            {
                campaign = new LockstepCampaign(vote.CampaignId, _options);
                _campaigns.Add(vote.CampaignId, campaign);
            }
            campaign.Observe(vote);
        }
    }

    public IReadOnlyList<Finding> Evaluate(DateTimeOffset now)
    {
        lock (_gate)
        {
            var findings = new List<Finding>();
            foreach (var campaign in _campaigns.Values.OrderBy(c => c.Id).ToArray())
            {
                if (now - campaign.LastRun < _options.RunEvery)
                {
                    continue;
                }
                campaign.LastRun = now;
                campaign.Prune(now);
                if (now - campaign.LastVote > _options.Lookback)
                {
                    _campaigns.Remove(campaign.Id);
                    continue;
                }
                findings.AddRange(FindGroups(campaign, now));
            }
            return findings;
        }
    }

    private List<Finding> FindGroups(LockstepCampaign campaign, DateTimeOffset now)
    {
        var findings = new List<Finding>();
        var claimed = new HashSet<long>();
        foreach (var seed in campaign.Seeds(now, _options.MinMembers, _options.MinLift))
        {
            if (claimed.Contains(seed.A) && claimed.Contains(seed.B))
            {
                continue;
            }
            // A seed that grew into nothing is tried again only once its co-votes have grown (a new round, say).
            if (campaign.Rejected.TryGetValue((seed.A, seed.B), out var at) && seed.Together < (at * 1.1) + 2)
            {
                continue;
            }
            if (Grow(campaign, seed) is not { } group)
            {
                campaign.Rejected[(seed.A, seed.B)] = seed.Together;
                continue;
            }
            campaign.Rejected.Remove((seed.A, seed.B));
            claimed.UnionWith(group.Candidates);
            findings.AddRange(ToFindings(campaign.Id, group, seed));
        }
        return findings;
    }

    private Group? Grow(LockstepCampaign campaign, LockstepCampaign.Seed seed)
    {
        var candidates = new SortedSet<long> { seed.A, seed.B };
        List<LockstepCampaign.Sitting> sittings = [];
        for (var step = 0; step < MaxGrowSteps; step++)
        {
            sittings = Covering(campaign, candidates);
            var members = sittings.Select(s => s.Voter).Distinct(StringComparer.Ordinal).Count();
            if (members < _options.MinMembers)
            {
                return null;
            }
            var votersOf = new Dictionary<long, HashSet<string>>();
            foreach (var sitting in sittings)
            {
                foreach (var candidate in sitting.Candidates.Where(c => !candidates.Contains(c)))
                {
                    if (!votersOf.TryGetValue(candidate, out var voters))
                    {
                        votersOf[candidate] = voters = new HashSet<string>(StringComparer.Ordinal);
                    }
                    voters.Add(sitting.Voter);
                }
            }
            var joining = votersOf.Where(v => v.Value.Count >= _options.Coverage * members).Select(v => v.Key).ToArray();
            if (joining.Length == 0)
            {
                break;
            }
            candidates.UnionWith(joining);
        }
        if (candidates.Count < _options.MinCandidates)
        {
            return null;
        }
        var rounds = Rounds(sittings);
        var inStep = rounds.SelectMany(r => r.Sittings).ToList();
        var memberKeys = inStep.Select(s => s.Voter).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (rounds.Count < _options.MinRounds || memberKeys.Count < _options.MinMembers)
        {
            return null;
        }
        return new Group([.. candidates], memberKeys, rounds, NeedFor(candidates.Count));
    }

    /// <summary>The sittings that include at least ρ of <paramref name="candidates"/>.</summary>
    private List<LockstepCampaign.Sitting> Covering(LockstepCampaign campaign, SortedSet<long> candidates)
    {
        var need = NeedFor(candidates.Count);
        var seen = new HashSet<LockstepCampaign.Sitting>(ReferenceEqualityComparer.Instance);
        var result = new List<LockstepCampaign.Sitting>();
        foreach (var candidate in candidates)
        {
            foreach (var sitting in campaign.SittingsWith(candidate))
            {
                if (sitting.Candidates.Count >= need && seen.Add(sitting) && sitting.Candidates.Count(candidates.Contains) >= need)
                {
                    result.Add(sitting);
                }
            }
        }
        result.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : string.CompareOrdinal(a.Voter, b.Voter));
        return result;
    }

    private int NeedFor(int candidates) => Math.Max(2, (int)Math.Ceiling((_options.Coverage * candidates) - 1e-9));

    /// <summary>Splits the sittings at gaps longer than the round gap; keeps, per round, those near its median start.</summary>
    private List<Round> Rounds(List<LockstepCampaign.Sitting> sittings)
    {
        var rounds = new List<Round>();
        var start = 0;
        for (var i = 1; i <= sittings.Count; i++)
        {
            if (i < sittings.Count && sittings[i].Start - sittings[i - 1].Start <= _options.RoundGap)
            {
                continue;
            }
            var cluster = sittings.GetRange(start, i - start);
            start = i;
            var median = cluster[cluster.Count / 2].Start;
            var inStep = cluster.Where(s => (s.Start - median).Duration() <= _options.CoherenceWindow).ToList();
            if (inStep.Select(s => s.Voter).Distinct(StringComparer.Ordinal).Count() >= _options.MinMembers)
            {
                rounds.Add(new Round(median, inStep, cluster.Count));
            }
        }
        return rounds;
    }

    private IEnumerable<Finding> ToFindings(long campaignId, Group group, LockstepCampaign.Seed seed)
    {
        var groupId = Voting.StableHash.Fnv1a32(string.Join(",", group.Candidates)).ToString("x8", CultureInfo.InvariantCulture);
        var severity = Math.Min(0.9, 0.5 + (0.1 * Math.Min(3, group.Rounds.Count - 1)) + (group.Members.Count >= 30 ? 0.1 : 0));
        var roundsJson = new JsonArray([.. group.Rounds.Select(r => (JsonNode?)new JsonObject
        {
            ["medianStart"] = r.Median,
            ["inStepSittings"] = r.Sittings.Count,
            ["sittings"] = r.Total,
        })]);
        var list = string.Join("、", group.Candidates.Take(8)) + (group.Candidates.Count > 8 ? " 等" : "");
        foreach (var candidate in group.Candidates)
        {
            var votes = group.Rounds.SelectMany(r => r.Sittings).SelectMany(s => s.Votes)
                .Where(v => v.CandidateId == candidate).OrderBy(v => v.At).ToList();
            if (votes.Count == 0)
            {
                continue;
            }
            var receipts = votes.Take(_options.MaxReceipts).Select(v => v.Receipt).Distinct(StringComparer.Ordinal).ToList();
            var summary = string.Create(CultureInfo.InvariantCulture,
                $"疑似互投群：{group.Members.Count} 名投票人在 {group.Rounds.Count} 轮中于大致同一时段集中为同一组 {group.Candidates.Count} 名候选人（{list}）投票，每人一次至少投其中 {group.Need} 名；候选人 {candidate} 由此获得 {receipts.Count} 张。");
            var evidence = new JsonObject
            {
                ["groupId"] = groupId,
                ["candidates"] = new JsonArray([.. group.Candidates.Select(c => (JsonNode?)JsonValue.Create(c))]),
                ["members"] = group.Members.Count,
                ["memberSample"] = new JsonArray([.. group.Members.Take(MemberSample).Select(m => (JsonNode?)JsonValue.Create(m))]),
                ["rounds"] = roundsJson.DeepClone(),
                ["coverageRule"] = string.Create(CultureInfo.InvariantCulture, $"{group.Need}/{group.Candidates.Count}"),
                ["seedPair"] = new JsonArray(seed.A, seed.B),
                ["seedCoVotes"] = seed.Together,
                ["seedLift"] = Math.Round(seed.Lift, 1),
                ["receiptsTruncated"] = votes.Count > _options.MaxReceipts,
            };
            yield return new Finding(DetectorName, campaignId, candidate, severity, votes[0].At, votes[^1].At, receipts, summary, evidence);
        }
    }

    private sealed record Round(DateTimeOffset Median, List<LockstepCampaign.Sitting> Sittings, int Total);

    private sealed record Group(List<long> Candidates, List<string> Members, List<Round> Rounds, int Need);
}
