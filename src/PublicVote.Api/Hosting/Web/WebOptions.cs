using System.ComponentModel.DataAnnotations;

namespace PublicVote.Api.Hosting.Web;

/// <summary>The pages' Content-Security-Policy sources beyond our own origin.</summary>
public sealed class WebOptions
{
    public const string Section = "Web";

    /// <summary>Script hosts besides ours: WeChat's JS-SDK (jweixin), loaded only inside WeChat.</summary>
    [Required]
    public string[] ScriptSources { get; set; } = ["https://res.wx.qq.com", "https://res2.wx.qq.com"];

    /// <summary>Image hosts besides ours (e.g. a CDN in front of <c>/media</c>); none by default.</summary>
    [Required]
    public string[] ImageSources { get; set; } = [];
}
