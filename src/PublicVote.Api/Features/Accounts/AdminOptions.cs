using System.ComponentModel.DataAnnotations;

namespace PublicVote.Api.Features.Accounts;

public sealed class AdminOptions
{
    public const string Section = "Admin";

    /// <summary>
    /// Base64 secret (≥ 32 bytes) that signs admin bearer tokens and login cookies, the same on every node.
    /// Empty: the host runs, but login answers 503 <c>admin-not-configured</c>.
    /// </summary>
    public string TokenKey { get; set; } = "";

    [Range(typeof(TimeSpan), "00:05:00", "7.00:00:00")]
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>First admin, created at start only while no account exists. Both empty: no bootstrap.</summary>
    public string BootstrapUser { get; set; } = "";

    public string BootstrapPassword { get; set; } = "";

    [Range(1, 100)]
    public int MaxFailedLogins { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Sign-in attempts one client address may make at once, then <see cref="LoginAttemptsPerIpPerMinute"/>.</summary>
    [Range(1, 100_000)]
    public int LoginAttemptsPerIpBurst { get; set; } = 20;

    [Range(1, 100_000)]
    public int LoginAttemptsPerIpPerMinute { get; set; } = 10;

    [Required]
    public string CookieName { get; set; } = "pv_admin";

    internal byte[] TokenKeyBytes() => Convert.FromBase64String(TokenKey);

    /// <summary>Null when the bootstrap settings are usable (or absent), else why not.</summary>
    internal string? BootstrapProblem()
    {
        if (BootstrapUser.Length == 0 && BootstrapPassword.Length == 0)
        {
            return null;
        }
        if (!PasswordRules.IsValidUserName(BootstrapUser))
        {
            return "Admin:BootstrapUser: " + PasswordRules.UserNameRule;
        }
        return PasswordRules.Check(BootstrapUser, BootstrapPassword) is { } problem ? "Admin:BootstrapPassword: " + problem : null;
    }
}
