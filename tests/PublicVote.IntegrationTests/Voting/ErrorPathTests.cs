using System.Buffers.Text;
using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using PublicVote.Api.Features.Voting;
using PublicVote.IntegrationTests.Infrastructure;

namespace PublicVote.IntegrationTests.Voting;

public sealed class ErrorPathTests(PublicVoteFactory factory) : IClassFixture<PublicVoteFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task VoteWithoutSessionIsRefusedWithSessionRequired()
    {
        var campaign = await factory.CreateCampaignAsync();
        await ProblemAssert.IsProblemAsync(
            await factory.VoteAsync(_client, campaign.Id, campaign.CandidateIds[0], session: null),
            HttpStatusCode.Unauthorized, "session-required");
    }

    [Fact]
    public async Task SessionSignedWithAnotherKeyIsRefusedAsInvalid()
    {
        var campaign = await factory.CreateCampaignAsync();
        var otherKey = Convert.ToBase64String(Encoding.UTF8.GetBytes("an-attacker-key-an-attacker-key-!!"));
        var forger = new VoterSessionTokens(Options.Create(new VotingOptions { SessionKey = otherKey }), factory.Clock);
        await ProblemAssert.IsProblemAsync(
            await factory.VoteAsync(_client, campaign.Id, campaign.CandidateIds[0], forger.Issue("mallory", campaign.Id, TimeSpan.FromHours(1))),
            HttpStatusCode.Unauthorized, "session-invalid");
    }

    [Fact]
    public async Task TamperedOrMalformedSessionsAreRefusedAsInvalid()
    {
        var campaign = await factory.CreateCampaignAsync();
        var genuine = factory.SessionFor("honest", campaign.Id);
        var payload = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(genuine.Split('.')[0]));
        var otherVoter = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.Replace("honest", "other1", StringComparison.Ordinal)));
        foreach (var token in new[] { otherVoter + "." + genuine.Split('.')[1], "garbage", genuine + "x", "." })
        {
            await ProblemAssert.IsProblemAsync(
                await factory.VoteAsync(_client, campaign.Id, campaign.CandidateIds[0], token),
                HttpStatusCode.Unauthorized, "session-invalid");
        }
    }

    [Fact]
    public async Task ExpiredSessionIsRefusedAsExpired()
    {
        var campaign = await factory.CreateCampaignAsync();
        await ProblemAssert.IsProblemAsync(
            await factory.VoteAsync(_client, campaign.Id, campaign.CandidateIds[0], factory.SessionFor("late", campaign.Id, TimeSpan.FromSeconds(-1))),
            HttpStatusCode.Unauthorized, "session-expired");
    }

    [Fact]
    public async Task SessionCookieIsAcceptedLikeTheBearerHeader()
    {
        var campaign = await factory.CreateCampaignAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/campaigns/{campaign.Id}/votes")
        {
            Content = new StringContent($$"""{"candidateId":{{campaign.CandidateIds[0]}}}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Cookie", "pv_session=" + factory.SessionFor("cookie-voter", campaign.Id));
        await ProblemAssert.IsOkAsync<VoteReceipt>(await _client.SendAsync(request));
    }

    [Fact]
    public async Task SessionForAnotherCampaignIsRefused()
    {
        var campaign = await factory.CreateCampaignAsync();
        var other = await factory.CreateCampaignAsync();
        await ProblemAssert.IsProblemAsync(
            await factory.VoteAsync(_client, campaign.Id, campaign.CandidateIds[0], factory.SessionFor("wanderer", other.Id)),
            HttpStatusCode.Unauthorized, "session-wrong-campaign");
    }

    [Fact]
    public async Task UnknownCampaignIsNotFound()
    {
        await ProblemAssert.IsProblemAsync(
            await factory.VoteAsync(_client, 987654321, 1, factory.SessionFor("lost", 987654321)),
            HttpStatusCode.NotFound, "campaign-not-found");
    }

    [Fact]
    public async Task CandidateOfAnotherCampaignIsNotFound()
    {
        var campaign = await factory.CreateCampaignAsync();
        var other = await factory.CreateCampaignAsync();
        await ProblemAssert.IsProblemAsync(
            await factory.VoteAsync(_client, campaign.Id, other.CandidateIds[0], factory.SessionFor("confused", campaign.Id)),
            HttpStatusCode.NotFound, "candidate-not-found");
    }

    [Fact]
    public async Task WithdrawnCandidateIsNotVotable()
    {
        var campaign = await factory.CreateCampaignAsync(new CampaignSpec { CandidateStatus = new Dictionary<int, string> { [1] = "withdrawn" } });
        await ProblemAssert.IsProblemAsync(
            await factory.VoteAsync(_client, campaign.Id, campaign.CandidateIds[1], factory.SessionFor("loyal", campaign.Id)),
            HttpStatusCode.Forbidden, "candidate-not-votable");
    }

    [Fact]
    public async Task VotesOutsideTheWindowAreRefused()
    {
        var now = factory.Clock.GetUtcNow();
        var future = await factory.CreateCampaignAsync(new CampaignSpec { StartsAt = now.AddMinutes(1), EndsAt = now.AddDays(1) });
        var past = await factory.CreateCampaignAsync(new CampaignSpec { StartsAt = now.AddDays(-2), EndsAt = now });
        var draft = await factory.CreateCampaignAsync(new CampaignSpec { Status = "draft" });

        await ProblemAssert.IsProblemAsync(
            await factory.VoteAsync(_client, future.Id, future.CandidateIds[0], factory.SessionFor("early", future.Id)),
            HttpStatusCode.Forbidden, "voting-not-started");
        await ProblemAssert.IsProblemAsync(
            await factory.VoteAsync(_client, past.Id, past.CandidateIds[0], factory.SessionFor("late", past.Id)),
            HttpStatusCode.Forbidden, "voting-closed");
        await ProblemAssert.IsProblemAsync(
            await factory.VoteAsync(_client, draft.Id, draft.CandidateIds[0], factory.SessionFor("early", draft.Id)),
            HttpStatusCode.Forbidden, "voting-not-started");
    }

    [Theory]
    [InlineData("""{"candidateId":0}""", "validation-failed")]
    [InlineData("""{"candidateId":-3}""", "validation-failed")]
    [InlineData("""{}""", "validation-failed")]
    [InlineData("""{"candidateId":"one"}""", "invalid-request")]
    [InlineData("""not json""", "invalid-request")]
    [InlineData("", "invalid-request")]
    public async Task MalformedBodiesAreBadRequests(string body, string slug)
    {
        var campaign = await factory.CreateCampaignAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/campaigns/{campaign.Id}/votes")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", factory.SessionFor("typo", campaign.Id));
        await ProblemAssert.IsProblemAsync(await _client.SendAsync(request), HttpStatusCode.BadRequest, slug);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123456789")]
    [InlineData("中文")]
    public async Task MalformedIdempotencyKeysAreBadRequests(string key)
    {
        var campaign = await factory.CreateCampaignAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/campaigns/{campaign.Id}/votes")
        {
            Content = new StringContent($$"""{"candidateId":{{campaign.CandidateIds[0]}}}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", factory.SessionFor("odd-key", campaign.Id));
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        await ProblemAssert.IsProblemAsync(await _client.SendAsync(request), HttpStatusCode.BadRequest, "invalid-request");
    }

    [Fact]
    public async Task UnknownRouteIsAProblemToo()
    {
        await ProblemAssert.IsProblemAsync(await _client.GetAsync("/api/v1/nothing-here"), HttpStatusCode.NotFound, "not-found");
    }
}
