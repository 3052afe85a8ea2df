using PublicVote.FraudEval;
using PublicVote.FraudEval.Scoring;
using PublicVote.FraudEval.Simulation;

namespace PublicVote.FraudEval.Tests;

/// <summary>
/// The evaluation at CI size: the same honest model and attacks, 60 candidates over 4 days, replayed through the real
/// detectors. One run is shared by the assertions (it takes seconds). The campaign is small, so attack votes are a
/// larger share of it than in the full run; the honest-vote bounds here are correspondingly looser (the full run's
/// report, loadtests/results/fraud-eval.md, is measured against the issue's own numbers).
/// </summary>
public sealed class ReducedRunTests(ReducedRunTests.Run run) : IClassFixture<ReducedRunTests.Run>
{
    public sealed class Run
    {
        public Run()
        {
            var options = EvalOptions.Parse(["--size", "ci", "--seeds", "21,22", "--out", "-"]);
            Report = EvalRunner.RunAsync(options, progress: null, CancellationToken.None).GetAwaiter().GetResult();
        }

        internal EvalReport Report { get; }
    }

    private EvalReport Report => run.Report;

    [Fact]
    public void FreshAccountBurstsAreHeldAndContainedWithinFiveMinutes()
    {
        var a1 = Report.Attack(AttackKind.FreshBurst)!;

        Assert.True(a1.Recall >= 0.98, $"recall {a1.Recall}");
        Assert.Equal(0, a1.Uncontained);
        Assert.True(a1.WorstTimeToContain <= TimeSpan.FromMinutes(5), $"contained after {a1.WorstTimeToContain}");
    }

    [Fact]
    public void IpRotationBurstsAreHeld()
    {
        Assert.True(Report.Attack(AttackKind.IpRotation)!.Recall >= 0.90);
    }

    [Fact]
    public void SlowDripsAreHeldWithinThreeDays()
    {
        var a3 = Report.Attack(AttackKind.SlowDrip)!;

        Assert.True(a3.RecallByDeadline >= 0.85, $"recall by 72 h {a3.RecallByDeadline}");
    }

    [Fact]
    public void VoteExchangeGroupsAreFoundMemberByMember()
    {
        var a4 = Report.Attack(AttackKind.VoteExchange)!;

        Assert.True(a4.MembersFound >= 0.90, $"members found {a4.MembersFound}");
        Assert.True(a4.MemberPrecision >= 0.95, $"member precision {a4.MemberPrecision}");
    }

    [Fact]
    public void CamouflageDoesNotHideABurst()
    {
        Assert.True(Report.Attack(AttackKind.FreshBurst, camouflage: true)!.Recall >= 0.85 * Report.Attack(AttackKind.FreshBurst)!.Recall);
    }

    [Fact]
    public void HonestVotersAreSeldomHeldAndThePushAloneRaisesNoCase()
    {
        var honest = Report.Honest;

        Assert.True(honest.Held <= 0.03, $"held {honest.Held}");
        Assert.True(honest.Voided <= 0.015, $"voided {honest.Voided}");
        Assert.Equal(0, honest.PushCases);
        Assert.Equal(0, honest.ByKind[HonestKind.Canvass].Voided);
        Assert.True(honest.FalseCasesPer100CandidateDays <= 2, $"{honest.FalseCasesPer100CandidateDays} false cases per 100 candidate-days");
    }

    [Fact]
    public void TheReportListsEveryTargetAndAttack()
    {
        var markdown = Report.ToMarkdown(new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero));

        Assert.Contains("## Targets (issue 8)", markdown, StringComparison.Ordinal);
        foreach (var attack in Report.Attacks)
        {
            Assert.Contains($"| {attack.Name} |", markdown, StringComparison.Ordinal);
        }
        Assert.Contains("No case on the push surge alone", markdown, StringComparison.Ordinal);
        Assert.Contains("Canvassing votes wrongly voided: none", markdown, StringComparison.Ordinal);
        // Each target and each guardrail is one verdict row: the targets' table first, then the guardrails' own.
        var guardrails = markdown.IndexOf("Protocol guardrails", StringComparison.Ordinal);
        Assert.True(guardrails > 0, "the guardrails follow the targets");
        Assert.Equal(Report.Targets.Count, VerdictRows(markdown[..guardrails]));
        Assert.Equal(Report.Guardrails.Count, VerdictRows(markdown[guardrails..]));
    }

    private static int VerdictRows(string markdown) =>
        markdown.Split('\n').Count(l => l.EndsWith("| yes |", StringComparison.Ordinal) || l.EndsWith("| **no** |", StringComparison.Ordinal));
}
