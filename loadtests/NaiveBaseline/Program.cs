// The naive baseline for loadtests/bench.sh: the same vote rules as the product (voting window, candidate
// votable, K votes per candidate per day, N votes per day, the same session tokens and JSON), written the way
// a typical vote system is: one PostgreSQL transaction per vote, the voter's day row locked with
// SELECT ... FOR UPDATE, the vote inserted, a per-candidate counter row updated. Not part of the product.
using Dapper;
using NaiveBaseline;
using Npgsql;

var builder = WebApplication.CreateBuilder(args);
var sessions = new SessionVerifier(Convert.FromBase64String(
    builder.Configuration["Voting:SessionKey"] ?? throw new InvalidOperationException("Voting:SessionKey is required.")));
var dataSource = NpgsqlDataSource.Create(builder.Configuration.GetConnectionString("Postgres")
    ?? throw new InvalidOperationException("ConnectionStrings:Postgres is required."));
builder.Services.AddSingleton(dataSource);
var app = builder.Build();

await using (var connection = await dataSource.OpenConnectionAsync())
{
    await connection.ExecuteAsync(NaiveVotes.Schema);
}

app.MapPost("/api/v1/campaigns/{campaignId:long}/votes", async (long campaignId, VoteBody body, HttpContext http) =>
{
    var session = sessions.Verify(http.Request.Headers.Authorization.ToString());
    if (session is null || session.Value.CampaignId != campaignId)
    {
        return Results.Problem(statusCode: 401, title: "The voter session is not valid.");
    }
    var outcome = await NaiveVotes.CastAsync(dataSource, campaignId, body.CandidateId, session.Value.OpenId,
        http.Connection.RemoteIpAddress?.ToString());
    return outcome.Status == 200
        ? Results.Ok(new { receipt = outcome.Receipt, candidateId = body.CandidateId, remainingToday = outcome.Remaining, day = outcome.Day, replayed = false })
        : Results.Problem(statusCode: outcome.Status, title: outcome.Error);
});
app.MapGet("/healthz", () => "Healthy");
await app.RunAsync();

internal sealed record VoteBody(long CandidateId);
