using System.Net;
using System.Text.RegularExpressions;

namespace PublicVote.IntegrationTests.WeChatSandbox;

public sealed partial class ConsentPageTests : SandboxTest
{
    [Fact]
    public async Task PageOffersAGeneratedOpenIdAndSignsInAsTheChosenOne()
    {
        using var page = await Http.GetAsync(AuthorizeUrl(scope: "snsapi_userinfo", state: "Xyz9"));
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Matches(OpenIdValue(), html);
        Assert.Contains("模拟快照页用户（is_snapshotuser=1）", html);
        Assert.Contains("同意授权", html);
        Assert.Contains("<label for=\"openid\"", html);

        using var confirm = await PostFormAsync(new()
        {
            ["redirect_uri"] = Callback, ["scope"] = "snsapi_userinfo", ["state"] = "Xyz9",
            ["openid"] = "oChosen_1", ["snapshot"] = "1", ["action"] = "approve",
        });

        Assert.Equal(HttpStatusCode.Found, confirm.StatusCode);
        var location = confirm.Headers.Location!.ToString();
        Assert.StartsWith(Callback + "?code=", location);
        Assert.EndsWith("&state=Xyz9", location);
        var token = await ExchangeAsync(CodeFrom(confirm.Headers.Location!));
        Assert.Equal("oChosen_1", token.Str("openid"));
        Assert.Equal(1, token.Json.GetProperty("is_snapshotuser").GetInt32());
    }

    [Fact]
    public async Task TheBrowserIsRememberedAndThePagePrefillsItsOpenId()
    {
        using var confirm = await PostFormAsync(Form("oRemembered"));
        var cookie = confirm.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("sbx_openid=", StringComparison.Ordinal));

        using var request = new HttpRequestMessage(HttpMethod.Get, AuthorizeUrl());
        request.Headers.Add("Cookie", cookie.Split(';')[0]);
        using var page = await Http.SendAsync(request);

        Assert.Contains("value=\"oRemembered\"", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task GenerateRendersThePageAgainWithAFreshOpenId()
    {
        var form = Form("oOld");
        form["action"] = "generate";

        using var response = await PostFormAsync(form);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches(OpenIdValue(), html);
        Assert.DoesNotContain("oOld", html);
    }

    [Fact]
    public async Task ConfirmChecksTheRedirectUriAgain()
    {
        var form = Form("oVoter");
        form["redirect_uri"] = "https://evil.example/steal";

        using var response = await PostFormAsync(form);

        Assert.Null(response.Headers.Location);
        Assert.Equal("10003", response.Headers.GetValues("X-Sandbox-Error").Single());
    }

    [Fact]
    public async Task ConfirmRefusesAnInvalidOpenIdOnThePage()
    {
        using var response = await PostFormAsync(Form("<script>"));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("role=\"alert\"", html);
        Assert.DoesNotContain("<script>", html);
    }

    private static Dictionary<string, string> Form(string openId) => new()
    {
        ["redirect_uri"] = Callback, ["scope"] = "snsapi_base", ["state"] = "s1", ["openid"] = openId, ["action"] = "approve",
    };

    private Task<HttpResponseMessage> PostFormAsync(Dictionary<string, string> form) =>
        Http.PostAsync("connect/oauth2/authorize/confirm", new FormUrlEncodedContent(form));

    // A generated openid: "o" + 27 of [A-Za-z0-9_-], like a real one.
    [GeneratedRegex("id=\"openid\"[^>]*value=\"o[A-Za-z0-9_-]{27}\"")]
    private static partial Regex OpenIdValue();
}

public sealed class AutoApproveTests : SandboxTest
{
    protected override (string Key, string Value)[] Settings => [("Sandbox:AutoApprove", "true")];

    [Fact]
    public async Task AutoApproveSkipsThePageAndKeepsOneOpenIdPerBrowser()
    {
        using var first = await Http.GetAsync(AuthorizeUrl());
        Assert.Equal(HttpStatusCode.Found, first.StatusCode);
        var cookie = first.Headers.GetValues("Set-Cookie").Single().Split(';')[0];

        using var again = new HttpRequestMessage(HttpMethod.Get, AuthorizeUrl());
        again.Headers.Add("Cookie", cookie);
        using var second = await Http.SendAsync(again);

        var firstToken = await ExchangeAsync(CodeFrom(first.Headers.Location!));
        var secondToken = await ExchangeAsync(CodeFrom(second.Headers.Location!));
        Assert.Matches("^o[A-Za-z0-9_-]{27}$", firstToken.Str("openid"));
        Assert.Equal(firstToken.Str("openid"), secondToken.Str("openid"));
        Assert.Equal("sbx_openid=" + firstToken.Str("openid"), cookie);
    }
}
