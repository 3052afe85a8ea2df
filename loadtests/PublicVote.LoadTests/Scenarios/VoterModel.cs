namespace PublicVote.LoadTests.Scenarios;

public enum VotePrediction
{
    Accepted,
    AlreadyVoted,
    DailyLimitReached,
}

/// <summary>
/// What the API must answer a voter's next vote, from the votes the voter got accepted so far in this run (same
/// order of checks as the vote script: per-candidate limit first, then the daily limit). A 200 where a refusal
/// was due would be a double vote; a refusal where a 200 was due, a lost one: both are errors.
/// </summary>
public sealed class VoterModel(int dailyLimit, int perCandidateLimit)
{
    private readonly Dictionary<long, int> _perCandidate = [];

    public int Used { get; private set; }

    public VotePrediction Predict(long candidateId) =>
        _perCandidate.GetValueOrDefault(candidateId) >= perCandidateLimit ? VotePrediction.AlreadyVoted
        : Used >= dailyLimit ? VotePrediction.DailyLimitReached
        : VotePrediction.Accepted;

    public void Accepted(long candidateId)
    {
        _perCandidate[candidateId] = _perCandidate.GetValueOrDefault(candidateId) + 1;
        Used++;
    }
}
