namespace PublicVote.Api.Features.AntiFraud.Cases;

/// <summary>A case is open until a reviewer dismisses it or acts on it (void, restore, escalate); an admin may reopen it.</summary>
public static class CaseStatus
{
    public const string Open = "open";
    public const string Dismissed = "dismissed";
    public const string Actioned = "actioned";

    public static readonly IReadOnlyList<string> All = [Open, Dismissed, Actioned];
}

/// <summary>The review status of a vote (migration 0004): only counted and restored votes are in the tally.</summary>
public static class VoteReviewStatus
{
    public const string Counted = "counted";
    public const string Pending = "pending";
    public const string Voided = "voided";
    public const string Restored = "restored";

    public static bool IsTallied(string status) => status is Counted or Restored;
}
