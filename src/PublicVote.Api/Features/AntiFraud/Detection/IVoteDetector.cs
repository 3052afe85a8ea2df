namespace PublicVote.Api.Features.AntiFraud.Detection;

/// <summary>
/// An incremental detector over the vote log. It keeps its own bounded state, is fed every vote in log order, and
/// is asked for findings as (virtual or real) time passes. It never reads a clock, Redis or PostgreSQL itself, so
/// the same code runs in the background service, in unit tests on crafted series and in the evaluation harness on
/// a virtual clock. Restart safety comes from the host: it replays the detector's lookback window from the vote
/// log on start.
/// </summary>
public interface IVoteDetector
{
    string Name { get; }

    /// <summary>How much history the detector needs replayed after a restart.</summary>
    TimeSpan Lookback { get; }

    void Observe(VoteEvent vote);

    /// <summary>Findings as of <paramref name="now"/>; a detector may report the same ongoing finding again, grown.</summary>
    IReadOnlyList<Finding> Evaluate(DateTimeOffset now);
}
