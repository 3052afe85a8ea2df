using System.Net;
using System.Text.RegularExpressions;

namespace PublicVote.IntegrationTests.WeChatSandbox;

public sealed class AuthorizeLinkTests : SandboxTest
{
    [Fact]
    public async Task HeaderOpenIdRedirectsStraightBackWithCodeAndState()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, AuthorizeUrl(state: "Ab12"));
        request.Headers.Add("X-Sandbox-OpenId", "oVoter1");

        using var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Matches(new Regex($"^{Regex.Escape(Callback)}\\?code=[A-Za-z0-9]{{32}}&state=Ab12$"), response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task RedirectUriWithAQueryGetsTheCodeAppendedWithAnAmpersand()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, AuthorizeUrl(redirectUri: "http://localhost:5000/cb?campaign=7&x=中"));
        request.Headers.Add("X-Sandbox-OpenId", "oVoter1");

        using var response = await Http.SendAsync(request);

        Assert.StartsWith("http://localhost:5000/cb?campaign=7&x=%E4%B8%AD&code=", response.Headers.Location!.OriginalString);
        Assert.EndsWith("&state=s1", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task ParametersOutOfOrderShowAnErrorPageInsteadOfRedirecting()
    {
        var url = $"connect/oauth2/authorize?redirect_uri={Uri.EscapeDataString(Callback)}&appid={AppId}&response_type=code&scope=snsapi_base&state=s1";

        var (status, error, body) = await GetPageAsync(url, withOpenId: true);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("10099", error);
        Assert.Contains("参数顺序错误", body);
    }

    [Fact]
    public async Task UnencodedRedirectUriWithAQueryFailsTheStrictMatch()
    {
        var url = $"connect/oauth2/authorize?appid={AppId}&redirect_uri=http://127.0.0.1/cb?a=1&b=2&response_type=code&scope=snsapi_base&state=s1";

        var (_, error, _) = await GetPageAsync(url, withOpenId: true);

        Assert.Equal("10099", error);
    }

    [Theory]
    [InlineData("http://127.0.0.1/cb", "snsapi_base", "", "10013")]
    [InlineData("http://127.0.0.1/cb", "snsapi_base", "has-dash", "10013")]
    [InlineData("http://127.0.0.1/cb", "snsapi_base", "x129", "10013")]
    [InlineData("http://127.0.0.1/cb", "", "s1", "10010")]
    [InlineData("http://127.0.0.1/cb", "snsapi_login", "s1", "10010")]
    [InlineData("", "snsapi_base", "s1", "10011")]
    [InlineData("https://evil.example/cb", "snsapi_base", "s1", "10003")]
    [InlineData("http://127.0.0.1/cb#frag", "snsapi_base", "s1", "10003")]
    [InlineData("javascript:alert(1)", "snsapi_base", "s1", "10003")]
    public async Task InvalidLinkValuesShowWeChatsErrorCodes(string redirectUri, string scope, string state, string expected)
    {
        state = state == "x129" ? new string('x', 129) : state;
        var url = $"connect/oauth2/authorize?appid={AppId}&redirect_uri={Uri.EscapeDataString(redirectUri)}&response_type=code&scope={scope}&state={state}";

        var (status, error, _) = await GetPageAsync(url, withOpenId: true);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData("", "10012")]
    [InlineData("wxffffffffffffffff", "10012")]
    public async Task MissingOrUnknownAppIdShows10012(string appId, string expected)
    {
        var (_, error, _) = await GetPageAsync(AuthorizeUrl(appId: appId), withOpenId: true);

        Assert.Equal(expected, error);
    }

    [Fact]
    public async Task ResponseTypeOtherThanCodeIsRefused()
    {
        var url = AuthorizeUrl().Replace("response_type=code", "response_type=token", StringComparison.Ordinal);

        var (_, error, body) = await GetPageAsync(url, withOpenId: true);

        Assert.Equal("10099", error);
        Assert.Contains("response_type", body);
    }

    [Fact]
    public async Task ForcePopupAfterStateIsAccepted()
    {
        var url = AuthorizeUrl().Replace("#wechat_redirect", "&forcePopup=true#wechat_redirect", StringComparison.Ordinal);

        var (status, error, _) = await GetPageAsync(url, withOpenId: true);

        Assert.Equal(HttpStatusCode.Found, status);
        Assert.Null(error);
    }

    [Fact]
    public async Task AnInvalidAutomationOpenIdIsRefused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, AuthorizeUrl());
        request.Headers.Add("X-Sandbox-OpenId", "has space");

        using var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private async Task<(HttpStatusCode Status, string? Error, string Body)> GetPageAsync(string url, bool withOpenId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (withOpenId)
        {
            request.Headers.Add("X-Sandbox-OpenId", "oVoter1");
        }
        using var response = await Http.SendAsync(request);
        var error = response.Headers.TryGetValues("X-Sandbox-Error", out var values) ? values.Single() : null;
        return (response.StatusCode, error, await response.Content.ReadAsStringAsync());
    }
}
