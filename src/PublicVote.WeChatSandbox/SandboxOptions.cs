using System.ComponentModel.DataAnnotations;

namespace PublicVote.WeChatSandbox;

public sealed class SandboxOptions
{
    public const string Section = "Sandbox";

    public static readonly IReadOnlyList<string> DefaultRedirectHosts = ["127.0.0.1", "localhost"];

    /// <summary>The one official account this sandbox plays: "wx" + 16 lower-case hex digits, like a real AppID.</summary>
    [Required]
    [RegularExpression("^wx[0-9a-f]{16}$", ErrorMessage = "Sandbox:AppId must be \"wx\" followed by 16 lower-case hex digits.")]
    public string AppId { get; set; } = "wx5a9c0d1e2f3b4a60";

    /// <summary>No default on purpose: the API's WeChat:AppSecret must be set to the same value.</summary>
    [Required(ErrorMessage = "Sandbox:AppSecret is required (any string; give the API the same WeChat:AppSecret), e.g. --Sandbox:AppSecret=dev-secret")]
    public string AppSecret { get; set; } = "";

    /// <summary>
    /// Hosts accepted in redirect_uri (WeChat's 网页授权域名). Null when unset, because the configuration binder
    /// appends to a pre-filled array instead of replacing it.
    /// </summary>
    public string[]? RedirectHosts { get; set; }

    /// <summary>Skip the authorize page and sign in as the browser's remembered openid (demos, browser tests).</summary>
    public bool AutoApprove { get; set; }

    /// <summary>What an expired code answers: WeChat documents 42003 but is seen answering 40029 ("invalid code").</summary>
    [AllowedValues(40029, 42003, ErrorMessage = "Sandbox:ExpiredCodeErrcode must be 40029 or 42003.")]
    public int ExpiredCodeErrcode { get; set; } = 40029;

    public IReadOnlyList<string> EffectiveRedirectHosts => RedirectHosts is { Length: > 0 } ? RedirectHosts : DefaultRedirectHosts;
}
