using PublicVote.Api.Features;
using PublicVote.Api.Features.Accounts;
using PublicVote.Api.Features.AntiFraud.Detection;
using PublicVote.Api.Features.Campaigns;
using PublicVote.Api.Features.Organizers;
using PublicVote.Api.Features.Voting;
using PublicVote.Api.Features.WeChat;
using PublicVote.Api.Hosting;
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
    .AddVoteFlusher()
    .AddVoteDetectors()
    .AddPublicVoteHealth();

var app = builder.Build();
if (Commands.IsCommand(args))
{
    return await Commands.RunAsync(app, args);
}

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRateLimiter();
app.UseAccounts();
app.MapPublicVoteHealth();
app.MapPublicCampaigns();
app.MapVoting();
app.MapWeChat();
app.MapAccounts();
app.MapOrganizer();
app.MapCampaignAdmin();
await app.RunAsync();
return 0;

public partial class Program;
