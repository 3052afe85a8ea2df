namespace PublicVote.Api.Features.Organizers;

public sealed class OrganizerOptions
{
    public const string Section = "Organizer";

    /// <summary>
    /// Temporary shared key for the organizer routes (header <c>X-Api-Key</c>) until organizer accounts land.
    /// Empty means every organizer route is refused.
    /// </summary>
    public string ApiKey { get; set; } = "";
}
