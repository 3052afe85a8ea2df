namespace PublicVote.Api.Features.Accounts;

/// <summary>The organizer roles. <see cref="Admin"/> is global; the others are granted per campaign.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Organizer = "organizer";
    public const string Judge = "judge";
    public const string Reviewer = "reviewer";

    public static readonly IReadOnlyList<string> All = [Admin, Organizer, Judge, Reviewer];

    public static bool IsCampaignRole(string role) => role is Organizer or Judge or Reviewer;
}
