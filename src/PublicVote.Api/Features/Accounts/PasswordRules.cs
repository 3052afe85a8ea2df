namespace PublicVote.Api.Features.Accounts;

/// <summary>The password and user-name rules (docs/accounts.md). Messages never echo the password.</summary>
public static class PasswordRules
{
    public const int MinLength = 12;
    public const int MaxLength = 256;

    /// <summary>Null when acceptable, else why not.</summary>
    public static string? Check(string userName, string? password)
    {
        if (string.IsNullOrWhiteSpace(password) || password.Length < MinLength)
        {
            return $"A password needs at least {MinLength} characters.";
        }
        if (password.Length > MaxLength)
        {
            return $"A password has at most {MaxLength} characters.";
        }
        if (string.Equals(password.Trim(), userName.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            return "The password must not be the user name.";
        }
        return null;
    }

    public static bool IsValidUserName(string? userName) =>
        userName is { Length: >= 3 and <= 64 } && userName.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '@' or '-');

    public const string UserNameRule = "A user name is 3-64 characters of A-Z, a-z, 0-9, '.', '_', '@' and '-'.";
}
