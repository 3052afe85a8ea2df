using System.Diagnostics.CodeAnalysis;

namespace PublicVote.WeChatSandbox.Wire;

/// <summary>The two web-authorization scopes (wechat-protocol.md §1.3).</summary>
public static class Scopes
{
    public const string Base = "snsapi_base";
    public const string UserInfo = "snsapi_userinfo";

    public static bool IsValid([NotNullWhen(true)] string? scope) => scope is Base or UserInfo;
}
