using PublicVote.Api.Features;
using PublicVote.Api.Features.Accounts;
using PublicVote.Api.Features.AntiFraud;
using PublicVote.Api.Features.AntiFraud.Detection;
using PublicVote.Api.Features.Campaigns;
using PublicVote.Api.Features.Candidates;
using PublicVote.Api.Features.Objections;
using PublicVote.Api.Features.Organizers;
using PublicVote.Api.Features.Phases;
using PublicVote.Api.Features.Results;
using PublicVote.Api.Features.Share;
using PublicVote.Api.Features.Voting;
using PublicVote.Api.Features.WeChat;
using PublicVote.Api.Hosting;
using PublicVote.Api.Hosting.Web;
using PublicVote.Api.Storage;

var builder = WebApplication.CreateBuilder(args);
if (Commands.IsCommand(args))
{
    // Commands print their result on stdout; keep logs off it.
    builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
}

builder.Services
    .AddPublicVoteProblemDetails()
    .AddValidation()
    .AddPublicVoteStorage(builder.Configuration)
    .AddVoting()
    .AddVoterRateLimiting()
    .AddWeChat()
    .AddAccounts()
    .AddOrganizer()
    .AddResults()
    .AddPublicVoteOpenApi()
    .AddCandidates()
    .AddObjections()
    .AddVoteFlusher()
    .AddTrustedProxies()
    .AddAntiFraud()
    .AddVoteDetectors()
    .AddPublicVoteHealth()
    .AddStaticSite();

var app = builder.Build();
if (Commands.IsCommand(args))
{
    return await Commands.RunAsync(app, args);
}

app.UseTrustedProxies();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseStaticSite();
app.UseRateLimiter();
app.UseOutputCache();
app.UseAccounts();
app.MapPublicVoteHealth();
app.MapPublicCampaigns();
app.MapVoting();
app.MapWeChat();
app.MapShare();
app.MapAccounts();
app.MapOrganizer();
app.MapCampaignAdmin();
app.MapResultsFeatures();
app.MapPublicVoteOpenApi();
app.MapCandidates();
app.MapPhaseControl();
app.MapObjections();
app.MapObjectionAdmin();
app.MapAntiFraud();
await app.RunAsync();
return 0;

public partial class Program;
