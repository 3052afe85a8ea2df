using System.Net;
using System.Text;
using System.Text.Json;
using PublicVote.IntegrationTests.Infrastructure;

namespace PublicVote.IntegrationTests.WeChatSandbox;

/// <summary>One WeChat answer as a client sees it: status, content type and the parsed JSON body.</summary>
public sealed record WireReply(HttpStatusCode Status, string ContentType, JsonElement Json)
{
    public int Errcode => Json.TryGetProperty("errcode", out var e) ? e.GetInt32() : 0;

    public string Str(string name) => Json.GetProperty(name).GetString()!;

    public bool Has(string name) => Json.TryGetProperty(name, out _);
}

/// <summary>A fresh sandbox per test, on a frozen clock, spoken to over raw HTTP.</summary>
public abstract class SandboxTest : IAsyncLifetime
{
    protected const string AppId = "wx0123456789abcdef";
    protected const string AppSecret = "test-app-secret";
    protected const string Callback = "http://127.0.0.1:5000/api/v1/wechat/callback";

    protected TestClock Clock { get; } = new(new DateTimeOffset(2026, 3, 1, 2, 0, 0, TimeSpan.Zero));

    protected SandboxServer Sandbox { get; private set; } = null!;

    protected HttpClient Http { get; private set; } = null!;

    protected virtual (string Key, string Value)[] Settings => [];

    public async Task InitializeAsync()
    {
        Sandbox = await SandboxServer.StartAsync(AppId, AppSecret, Clock, Settings);
        Http = Sandbox.CreateClient();
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Sandbox.DisposeAsync();
    }

    protected static string AuthorizeUrl(string redirectUri = Callback, string scope = "snsapi_base", string state = "s1", string appId = AppId) =>
        $"connect/oauth2/authorize?appid={appId}&redirect_uri={Uri.EscapeDataString(redirectUri)}&response_type=code&scope={scope}&state={state}#wechat_redirect";

    protected async Task<WireReply> GetAsync(string pathAndQuery)
    {
        using var response = await Http.GetAsync(pathAndQuery);
        return await ReadAsync(response);
    }

    protected async Task<WireReply> PostAsync(string path, string body, string contentType = "application/json")
    {
        using var response = await Http.PostAsync(path, new StringContent(body, Encoding.UTF8, contentType));
        return await ReadAsync(response);
    }

    /// <summary>Signs in through the header automation and returns the code from the redirect.</summary>
    protected async Task<string> SignInAsync(string openId, string scope = "snsapi_base", bool snapshot = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, AuthorizeUrl(scope: scope));
        request.Headers.Add("X-Sandbox-OpenId", openId);
        if (snapshot)
        {
            request.Headers.Add("X-Sandbox-Snapshot", "1");
        }
        using var response = await Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        return CodeFrom(response.Headers.Location!);
    }

    protected Task<WireReply> ExchangeAsync(string code, string appId = AppId, string secret = AppSecret, string grantType = "authorization_code") =>
        GetAsync($"sns/oauth2/access_token?appid={appId}&secret={secret}&code={code}&grant_type={grantType}");

    protected async Task<WireReply> SignedInTokenAsync(string openId, string scope = "snsapi_base", bool snapshot = false)
    {
        var reply = await ExchangeAsync(await SignInAsync(openId, scope, snapshot));
        Assert.Equal(0, reply.Errcode);
        return reply;
    }

    protected Task<WireReply> ClassicTokenAsync() =>
        GetAsync($"cgi-bin/token?grant_type=client_credential&appid={AppId}&secret={AppSecret}");

    protected Task<WireReply> StableTokenAsync(bool forceRefresh = false) =>
        PostAsync("cgi-bin/stable_token", JsonSerializer.Serialize(new { grant_type = "client_credential", appid = AppId, secret = AppSecret, force_refresh = forceRefresh }));

    protected Task<WireReply> TicketAsync(string accessToken, string type = "jsapi") =>
        GetAsync($"cgi-bin/ticket/getticket?access_token={accessToken}&type={type}");

    protected static string CodeFrom(Uri location)
    {
        var query = System.Web.HttpUtility.ParseQueryString(location.Query);
        return query["code"]!;
    }

    private static async Task<WireReply> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        var contentType = response.Content.Headers.TryGetValues("Content-Type", out var values) ? string.Join(",", values) : "";
        return new WireReply(response.StatusCode, contentType, JsonDocument.Parse(text).RootElement.Clone());
    }
}
