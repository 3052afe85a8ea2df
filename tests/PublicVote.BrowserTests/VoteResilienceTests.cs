using Dapper;
using PublicVote.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PublicVote.BrowserTests;

/// <summary>A double tap, and a network that drops the vote on its way there or on its way back: each counts exactly once.</summary>
public sealed class VoteResilienceTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Votes = "**/api/v1/campaigns/*/votes";

    [Fact]
    public async Task DoubleTapOnTheVoteButtonCountsOnce()
    {
        var (campaign, phone, candidate) = await OpenCandidateAsync("double-tap-voter");
        await using var _ = phone;
        // The answer takes a moment (as on 4G), so the second tap lands while the first vote is on its way.
        await phone.Context.RouteAsync(Votes, async route =>
        {
            await Task.Delay(300);
            await route.ContinueAsync();
        });

        await phone.Page.EvaluateAsync("() => { const b = document.querySelector('#vote'); b.click(); b.click(); }");

        await Expect(phone.Page.Locator(".confirm")).ToContainTextAsync("投票成功");
        Assert.Single(phone.VoteKeys);
        Assert.Equal(1, (await browser.App.StoredVotesAsync(campaign.Id)).GetValueOrDefault(candidate));
    }

    [Fact]
    public async Task AnswerLostOnTheWayBackIsRetriedWithTheSameKeyAndCountsOnce()
    {
        var (campaign, phone, candidate) = await OpenCandidateAsync("lost-answer-voter");
        await using var _ = phone;
        var dropped = 0;
        await phone.Context.RouteAsync(Votes, async route =>
        {
            if (Interlocked.Increment(ref dropped) == 1)
            {
                await route.FetchAsync(); // the server counts it …
                await route.AbortAsync("connectionreset"); // … but the phone never hears back
                return;
            }
            await route.ContinueAsync();
        });

        await phone.Page.ClickAsync("#vote");

        await Expect(phone.Page.Locator(".confirm")).ToContainTextAsync("投票成功");
        await Expect(phone.Page.Locator(".confirm .remaining")).ToHaveTextAsync("2");
        Assert.Equal(2, phone.VoteKeys.Count);
        Assert.Single(phone.VoteKeys.Distinct());
        // The retry resends the same vote token with the same key: the server counted the key once, so the token once.
        Assert.NotNull(Assert.Single(phone.VoteTokens.Distinct()));
        Assert.Equal(1, (await browser.App.StoredVotesAsync(campaign.Id)).GetValueOrDefault(candidate));
        var (tokenState, dwellMs) = await StoredTokenAsync(campaign.Id);
        Assert.Equal("used", tokenState);
        Assert.NotNull(dwellMs);
    }

    [Fact]
    public async Task VoteLostOnTheWayThereIsRetriedAndCountsOnce()
    {
        var (campaign, phone, candidate) = await OpenCandidateAsync("lost-request-voter");
        await using var _ = phone;
        var dropped = 0;
        await phone.Context.RouteAsync(Votes, route =>
            Interlocked.Increment(ref dropped) == 1 ? route.AbortAsync("internetdisconnected") : route.ContinueAsync());

        await phone.Page.ClickAsync("#vote");

        await Expect(phone.Page.Locator(".confirm")).ToContainTextAsync("投票成功");
        Assert.Equal(2, phone.VoteKeys.Count);
        Assert.Single(phone.VoteKeys.Distinct());
        Assert.Equal(1, (await browser.App.StoredVotesAsync(campaign.Id)).GetValueOrDefault(candidate));
    }

    [Fact]
    public async Task LongOutageLeavesTheVotePendingAndTheManualRetryReusesItsKey()
    {
        var (campaign, phone, candidate) = await OpenCandidateAsync("outage-voter");
        await using var _ = phone;
        var offline = true;
        await phone.Context.RouteAsync(Votes, async route =>
        {
            if (Volatile.Read(ref offline))
            {
                await route.FetchAsync(); // every attempt reaches the server, no answer comes back
                await route.AbortAsync("timedout");
                return;
            }
            await route.ContinueAsync();
        });

        await phone.Page.ClickAsync("#vote");
        await Expect(phone.Page.Locator("#feedback [role=alert]")).ToContainTextAsync("还不能确认这一票是否投上", new() { Timeout = 15_000 });
        await Expect(phone.Page.Locator("#vote")).ToHaveTextAsync("重试投票");
        Volatile.Write(ref offline, false);
        await phone.Page.ClickAsync("#vote");

        await Expect(phone.Page.Locator(".confirm")).ToContainTextAsync("投票成功");
        Assert.Equal(5, phone.VoteKeys.Count); // the first try, three automatic retries, the manual one
        Assert.Single(phone.VoteKeys.Distinct());
        Assert.NotNull(Assert.Single(phone.VoteTokens.Distinct()));
        Assert.Equal(1, (await browser.App.StoredVotesAsync(campaign.Id)).GetValueOrDefault(candidate));
    }

    [Fact]
    public async Task AVoteCastThroughThePageCarriesTheTokenOfItsPageViewAndItsDwellIsRecorded()
    {
        var shown = browser.App.Clock.GetUtcNow();
        var (campaign, phone, _) = await OpenCandidateAsync("dwell-voter");
        await using var _ = phone;

        await phone.Page.ClickAsync("#vote");

        await Expect(phone.Page.Locator(".confirm")).ToContainTextAsync("投票成功");
        var voted = browser.App.Clock.GetUtcNow();
        Assert.False(string.IsNullOrEmpty(Assert.Single(phone.VoteTokens)));
        var (tokenState, dwellMs) = await StoredTokenAsync(campaign.Id);
        Assert.Equal("used", tokenState);
        // From the page view (the token's issue) to the vote: within what the test itself saw happen.
        Assert.NotNull(dwellMs);
        Assert.InRange(dwellMs.Value, 0, (voted - shown).TotalMilliseconds);
    }

    /// <summary>The vote token's fate and the dwell of the campaign's one stored vote (after a flush).</summary>
    private async Task<(string TokenState, int? DwellMs)> StoredTokenAsync(long campaignId)
    {
        await browser.App.DrainAsync();
        await using var db = await browser.App.Db.OpenConnectionAsync();
        return await db.QuerySingleAsync<(string, int?)>("SELECT token_state, dwell_ms FROM votes WHERE campaign_id = @campaignId", new { campaignId });
    }

    private async Task<(BrowserCampaign Campaign, Phone Phone, long Candidate)> OpenCandidateAsync(string openId)
    {
        var campaign = await browser.App.CreateCampaignAsync();
        var candidate = campaign.Candidates["005"];
        var phone = await browser.NewPhoneAsync(openId);
        await phone.Page.GotoAsync($"/h5/candidate.html?c={campaign.Id}&id={candidate}");
        await Expect(phone.Page.Locator("#vote")).ToHaveTextAsync("投TA一票");
        return (campaign, phone, candidate);
    }
}
