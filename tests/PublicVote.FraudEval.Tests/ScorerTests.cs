using System.Text.Json.Nodes;
using PublicVote.Api.Features.AntiFraud.Detection;
using PublicVote.FraudEval.Replay;
using PublicVote.FraudEval.Scoring;
using PublicVote.FraudEval.Simulation;

namespace PublicVote.FraudEval.Tests;

/// <summary>
/// The oracle's verdict on crafted cases over a generated campaign: a case is judged by its votes, and one that names
/// none (a surge case whose votes all scored too low to hold) by what ran on its candidate meanwhile.
/// </summary>
public sealed class ScorerTests
{
    private static readonly Scenario Ci = Scenario.Generate(Scale.Ci, seed: 11);

    [Fact]
    public void ACaseNamingNoVoteWhileThePushBroughtItsCandidateVotesIsAPushCase()
    {
        var (start, _) = Ci.Pushes[0];
        var pushed = Ci.Votes.First(v => v.Label.Honest == HonestKind.Push).CandidateId;

        var honest = ScoreOne(pushed, start.AddMinutes(30), []);

        Assert.Equal((1, 1, 1, 0), (honest.EmptyCases, honest.FalseCases, honest.PushCases, honest.CanvassCases));
    }

    [Fact]
    public void ACaseNamingNoVoteRaisedDuringAnAttackOnItsCandidateIsNeitherFalseNorOnThePush()
    {
        var episode = Ci.Episodes.First(e => e.Kind == AttackKind.IpRotation);
        var target = episode.Targets[0];
        Assert.DoesNotContain(Ci.Pushes, p => p.Start <= episode.End && p.End >= episode.Start);

        var honest = ScoreOne(target, episode.Start.AddMinutes(3), []);

        Assert.Equal((1, 0, 0, 0), (honest.EmptyCases, honest.FalseCases, honest.PushCases, honest.CanvassCases));
    }

    [Fact]
    public void ACaseNamingNoVoteWithNeitherPushNorAttackOnItsCandidateIsAFalseCaseOnly()
    {
        // The campaign's first day has no push (pushes fall on day 1 or later); a candidate no attack ever targets.
        var quiet = Ci.Population.Start.AddHours(12);
        Assert.DoesNotContain(Ci.Pushes, p => p.Start <= quiet.AddMinutes(1) && p.End >= quiet);
        var attacked = Ci.Episodes.SelectMany(e => e.Targets).ToHashSet();
        var candidate = Ci.Votes.First(v => !attacked.Contains(v.CandidateId)).CandidateId;

        var honest = ScoreOne(candidate, quiet, []);

        // Before, 0 of 0 votes counted as "mostly push votes" and "mostly canvassing votes" alike.
        Assert.Equal((1, 1, 0, 0), (honest.EmptyCases, honest.FalseCases, honest.PushCases, honest.CanvassCases));
    }

    [Fact]
    public void ACaseNamingVotesIsJudgedByThemWhateverRanMeanwhile()
    {
        var (start, _) = Ci.Pushes[0];
        var pushVotes = Ci.Votes.Where(v => v.Label.Honest == HonestKind.Push).Take(3).ToList();
        var candidate = pushVotes[0].CandidateId;
        var attackVotes = Ci.Votes.Where(v => v.Label.IsAttack && !v.Label.Camouflage).Take(5).ToList();

        var onThePush = ScoreOne(candidate, start.AddMinutes(30), pushVotes.Where(v => v.CandidateId == candidate).ToList());
        var onTheAttack = ScoreOne(candidate, start.AddMinutes(30), attackVotes);

        Assert.Equal((0, 1, 1), (onThePush.EmptyCases, onThePush.FalseCases, onThePush.PushCases));
        Assert.Equal((0, 0, 0), (onTheAttack.EmptyCases, onTheAttack.FalseCases, onTheAttack.PushCases));
    }

    /// <summary>Replays nothing but one finding for <paramref name="candidate"/> at <paramref name="at"/> naming <paramref name="named"/>, and scores it.</summary>
    private static HonestResult ScoreOne(long candidate, DateTimeOffset at, List<SimVote> named)
    {
        var log = new ReplayLog(Ci);
        var receipts = new string?[Ci.Votes.Count];
        for (var i = 0; i < Ci.Votes.Count; i++)
        {
            receipts[i] = $"r{i}";
        }
        log.Submitted(0, receipts);
        var indexes = Enumerable.Range(0, Ci.Votes.Count).Where(i => named.Contains(Ci.Votes[i])).ToList();
        var finding = new Finding("surge", 1, candidate, 0.7, at.AddMinutes(-1), at, [.. indexes.Select(i => $"r{i}")], "test", new JsonObject());
        log.Observe(at, new ReplayObservation([finding], []));

        var result = Scorer.Score(log, TimeSpan.Zero, new Dictionary<string, TimeSpan>());

        Assert.Equal(1, result.Honest.Cases);
        return result.Honest;
    }
}
