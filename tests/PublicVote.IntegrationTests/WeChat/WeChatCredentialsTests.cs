using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PublicVote.Api.Features.WeChat;
using PublicVote.Api.Storage.Redis;
using PublicVote.IntegrationTests.Infrastructure;

namespace PublicVote.IntegrationTests.WeChat;

/// <summary>The shared global token and jsapi ticket: one fetch for many nodes, refreshed ahead of expiry.</summary>
public sealed class WeChatCredentialsTests(WeChatFixture fixture) : IClassFixture<WeChatFixture>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await fixture.Sandbox.ResetAsync();
        var prefix = fixture.Api.Keys.Prefix;
        foreach (var name in new[] { "access_token", "jsapi_ticket" })
        {
            await fixture.Api.Redis.KeyDeleteAsync(new StackExchange.Redis.RedisKey[]
            {
                $"{prefix}:wx:{WeChatFixture.AppId}:{name}", $"{prefix}:wx:{WeChatFixture.AppId}:{name}:lock",
            });
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task TwentyParallelRequestsOnThreeNodesFetchFromWeChatExactlyOnce()
    {
        var nodes = Enumerable.Range(0, 3).Select(_ => new Node(fixture)).ToArray();
        try
        {
            var tickets = await Task.WhenAll(nodes.SelectMany(node =>
                Enumerable.Range(0, 20).Select(_ => Task.Run(() => node.Credentials.JsApiTicketAsync()))));
            Assert.All(tickets, t => Assert.True(t.IsSuccess, t.Error?.ToString()));
            Assert.Single(tickets.Select(t => t.Value!.Value).Distinct());
            var calls = await fixture.Sandbox.CallsAsync();
            Assert.Equal(1, calls["/cgi-bin/stable_token"]);
            Assert.Equal(1, calls["/cgi-bin/ticket/getticket"]);
            Assert.False(calls.ContainsKey("/cgi-bin/token"));
        }
        finally
        {
            foreach (var node in nodes)
            {
                node.Dispose();
            }
        }
    }

    [Fact]
    public async Task TheTokenIsRefreshedOnlyWhenItComesCloseToExpiry()
    {
        using var node = new Node(fixture);
        var credentials = node.Credentials;
        var first = (await credentials.AccessTokenAsync()).Value!;
        fixture.Clock.Advance(first.ExpiresAt - fixture.Clock.GetUtcNow() - TimeSpan.FromMinutes(6));
        Assert.Equal(first, (await credentials.AccessTokenAsync()).Value);
        Assert.Equal(1, (await fixture.Sandbox.CallsAsync())["/cgi-bin/stable_token"]);

        fixture.Clock.Advance(TimeSpan.FromMinutes(2)); // now inside the 5-minute refresh margin
        var second = (await credentials.AccessTokenAsync()).Value!;
        Assert.Equal(2, (await fixture.Sandbox.CallsAsync())["/cgi-bin/stable_token"]);
        Assert.True(second.ExpiresAt > first.ExpiresAt);
    }

    [Fact]
    public async Task ATicketRefusedForAStaleTokenRefreshesTheTokenOnceAndSucceeds()
    {
        using var node = new Node(fixture);
        var credentials = node.Credentials;
        await fixture.Sandbox.InjectFaultAsync("/cgi-bin/ticket/getticket", 40001, count: 1);
        Assert.True((await credentials.JsApiTicketAsync()).IsSuccess);
        var calls = await fixture.Sandbox.CallsAsync();
        Assert.Equal(2, calls["/cgi-bin/stable_token"]);
        Assert.Equal(2, calls["/cgi-bin/ticket/getticket"]);
    }

    [Fact]
    public async Task WhenStableTokenStaysBusyTheClassicEndpointIsUsed()
    {
        using var node = new Node(fixture);
        var credentials = node.Credentials;
        await fixture.Sandbox.InjectFaultAsync("/cgi-bin/stable_token", -1, count: 10);
        Assert.True((await credentials.AccessTokenAsync()).IsSuccess);
        Assert.Equal(1, (await fixture.Sandbox.CallsAsync())["/cgi-bin/token"]);
    }

    [Fact]
    public async Task TheJsSdkConfigIsSignedForAPageOnOurDomain()
    {
        using var client = fixture.Api.CreateClient();
        const string page = WeChatFixture.PublicBaseUrl + "/h5/campaigns/1?from=groupmessage";
        var config = await ProblemAssert.IsOkAsync<JsonElement>(
            await client.GetAsync("/api/v1/wechat/jssdk-config?url=" + Uri.EscapeDataString(page + "#/candidate/3")));
        var ticket = (await fixture.Api.Services.GetRequiredService<WeChatCredentials>().JsApiTicketAsync()).Value!.Value;
        Assert.Equal(WeChatFixture.AppId, config.GetProperty("appId").GetString());
        Assert.Equal(fixture.Clock.GetUtcNow().ToUnixTimeSeconds(), config.GetProperty("timestamp").GetInt64());
        Assert.Equal(
            JsSdkSigner.Sign(ticket, config.GetProperty("nonceStr").GetString()!, config.GetProperty("timestamp").GetInt64(), page),
            config.GetProperty("signature").GetString());
    }

    [Fact]
    public async Task TheJsSdkConfigIsRefusedForOtherSites()
    {
        using var client = fixture.Api.CreateClient();
        await ProblemAssert.IsProblemAsync(
            await client.GetAsync("/api/v1/wechat/jssdk-config?url=" + Uri.EscapeDataString("https://evil.example.com/page")),
            HttpStatusCode.BadRequest, "jssdk-url-not-allowed");
    }

    /// <summary>A simulated API node: its own Redis connection, WeChat client and in-process credential copy.</summary>
    private sealed class Node : IDisposable
    {
        private readonly RedisConnection _redis;

        public Node(WeChatFixture fixture)
        {
            var services = fixture.Api.Services;
            _redis = new RedisConnection(TestServices.Redis, services.GetRequiredService<IOptions<RedisOptions>>());
            var options = services.GetRequiredService<IOptions<WeChatOptions>>();
            var client = new WeChatClient(services.GetRequiredService<IHttpClientFactory>(), options, new RetryBudget(),
                NullLogger<WeChatClient>.Instance);
            Credentials = new WeChatCredentials(client, new WeChatStore(_redis, fixture.Api.Keys), options, fixture.Clock,
                NullLogger<WeChatCredentials>.Instance);
        }

        public WeChatCredentials Credentials { get; }

        public void Dispose() => _redis.Dispose();
    }
}
