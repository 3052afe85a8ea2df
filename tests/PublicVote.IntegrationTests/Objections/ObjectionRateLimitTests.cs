using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PublicVote.Api.Features.Campaigns.Definition;
using PublicVote.IntegrationTests.Infrastructure;
using PublicVote.IntegrationTests.Phases;

namespace PublicVote.IntegrationTests.Objections;

/// <summary>Per-IP burst 3 and per-candidate burst 2, neither refilled within a day: the answers are deterministic.</summary>
public sealed class ObjectionRateLimitTests(TightObjectionFactory factory) : IClassFixture<TightObjectionFactory>
{
    private const string Text = "该候选人的事迹材料与本人实际工作情况不符。";

    [Fact]
    public async Task OneClientIsLimitedWithRetryAfterWhileOthersAreNot()
    {
        factory.Clock.Set(TestCampaigns.DefaultNow);
        var campaign = await PhasedCampaigns.CreateAsync(factory, PhaseKind.Review);
        using var busy = factory.ClientFrom("10.1.0.1");
        foreach (var candidate in campaign.Window)
        {
            await ProblemAssert.IsStatusAsync<JsonElement>(await FileAsync(busy, campaign.Id, candidate), HttpStatusCode.Created);
        }

        var refused = await FileAsync(busy, campaign.Id, campaign.Star[0]);

        var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.Equal("client", problem.GetProperty("limit").GetString());
        var retryAfter = refused.Headers.RetryAfter?.Delta ?? TimeSpan.Zero;
        Assert.InRange(retryAfter, TimeSpan.FromHours(1), TimeSpan.FromDays(1));
        Assert.Equal(retryAfter.TotalSeconds, problem.GetProperty("retryAfterSeconds").GetInt32());
        using var neighbour = factory.ClientFrom("10.1.0.2");
        await ProblemAssert.IsStatusAsync<JsonElement>(await FileAsync(neighbour, campaign.Id, campaign.Star[0]), HttpStatusCode.Created);
    }

    [Fact]
    public async Task OneCandidateTakesOnlySoManyObjectionsFromEveryone()
    {
        factory.Clock.Set(TestCampaigns.DefaultNow);
        var campaign = await PhasedCampaigns.CreateAsync(factory, PhaseKind.Review);
        var target = campaign.Star[2];
        foreach (var ip in new[] { "10.2.0.1", "10.2.0.2" })
        {
            using var client = factory.ClientFrom(ip);
            await ProblemAssert.IsStatusAsync<JsonElement>(await FileAsync(client, campaign.Id, target), HttpStatusCode.Created);
        }
        using var third = factory.ClientFrom("10.2.0.3");

        var refused = await FileAsync(third, campaign.Id, target);

        var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.Equal("candidate", problem.GetProperty("limit").GetString());
        Assert.NotNull(refused.Headers.RetryAfter);
        await ProblemAssert.IsStatusAsync<JsonElement>(await FileAsync(third, campaign.Id, campaign.Star[1]), HttpStatusCode.Created);
    }

    private static Task<HttpResponseMessage> FileAsync(HttpClient client, long campaignId, long candidateId) =>
        client.PostAsJsonAsync($"/api/v1/campaigns/{campaignId}/objections", new { candidateId, text = Text });
}
