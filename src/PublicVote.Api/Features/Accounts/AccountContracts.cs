using System.ComponentModel.DataAnnotations;

namespace PublicVote.Api.Features.Accounts;

public sealed record LoginRequest([property: Required, MaxLength(64)] string UserName, [property: Required, MaxLength(256)] string Password);

public sealed record LoginResult(string Token, DateTimeOffset ExpiresAt, AccountView Account);

public sealed record AntiforgeryToken(string HeaderName, string Token);

public sealed record CreateAccountRequest(
    [property: Required] string UserName,
    [property: Required] string Password,
    [property: MaxLength(100)] string? DisplayName);

public sealed record ResetPasswordRequest([property: Required] string Password);

/// <param name="Role">admin (global: no campaignId), organizer, judge or reviewer (per campaign).</param>
/// <param name="Categories">Judges only: the category codes they score; null means every category.</param>
public sealed record GrantRequest([property: Required] string Role, long? CampaignId, IReadOnlyList<string>? Categories);

public sealed record GrantView(long Id, string Role, long? CampaignId, IReadOnlyList<string>? Categories);

/// <summary>An account as the API shows it and as the audit log records it: never the password hash or stamp.</summary>
public sealed record AccountView(long Id, string UserName, string DisplayName, string Status, DateTimeOffset CreatedAt, IReadOnlyList<GrantView> Grants);
