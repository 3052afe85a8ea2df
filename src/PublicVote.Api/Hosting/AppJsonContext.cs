using System.Text.Json;
using System.Text.Json.Serialization;
using PublicVote.Api.Features.AntiFraud.Signals;
using PublicVote.Api.Features.Campaigns;
using PublicVote.Api.Features.Candidates.Public;
using PublicVote.Api.Features.Organizers;
using PublicVote.Api.Features.WeChat;
using PublicVote.Api.Features.Voting;

namespace PublicVote.Api.Hosting;

/// <summary>Source-generated JSON for the hot-path contracts (no reflection per request).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(VoteRequest))]
[JsonSerializable(typeof(VoteReceipt))]
[JsonSerializable(typeof(MyDay))]
[JsonSerializable(typeof(MyVoteList))]
[JsonSerializable(typeof(CampaignTotals))]
[JsonSerializable(typeof(CampaignView))]
[JsonSerializable(typeof(CandidatePage))]
[JsonSerializable(typeof(CandidateView))]
[JsonSerializable(typeof(CandidateDetailView))]
[JsonSerializable(typeof(CategoryRanking))]
[JsonSerializable(typeof(JsSdkConfig))]
[JsonSerializable(typeof(WeChatUserAgent))]
[JsonSerializable(typeof(VoteTokenResponse))]
internal sealed partial class AppJsonContext : JsonSerializerContext;
