namespace PublicVote.Api.Background;

/// <summary>One flusher pass of a drain: what it moved, the total so far, and the wall time since the drain began.</summary>
public sealed record FlushDrainRound(int Round, long Moved, long Total, TimeSpan Elapsed);

/// <summary>A finished drain: every vote stream was empty at the end.</summary>
public sealed record FlushDrain(long Votes, int Rounds, TimeSpan Elapsed);
