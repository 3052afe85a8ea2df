using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using PublicVote.Api.Features.Accounts;
using PublicVote.Api.Features.Audit;
using PublicVote.Api.Features.Campaigns.Definition;
using PublicVote.Api.Features.Objections;
using PublicVote.Api.Hosting;

namespace PublicVote.Api.Features.Phases;

/// <summary>
/// An organizer holds the current phase, advances to a later one, or releases the hold or advance (docs/phases.md).
/// Each change is audited with its reason and moves the vote window the hot path reads; every node's rules cache
/// picks it up within a second (rules_version).
/// </summary>
public static class PhaseControlApi
{
    private const int MaxReasonChars = 500;

    public static RouteGroupBuilder MapPhaseControl(this IEndpointRouteBuilder app)
    {
        var phase = app.MapAdminGroup().WithTags("Phases")
            .MapGroup("/campaigns/{campaignId:long}/phase").RequireCampaignRole(Roles.Organizer);
        phase.MapGet("", GetAsync);
        phase.MapPost("/hold", (long campaignId, PhaseChangeRequest request, HttpContext http, NpgsqlDataSource db, AuditLog audit, TimeProvider time) =>
            ChangeAsync(new Change(campaignId, PhaseAction.Hold, null, request.Reason), http, db, audit, time));
        phase.MapPost("/advance", (long campaignId, PhaseAdvanceRequest request, HttpContext http, NpgsqlDataSource db, AuditLog audit, TimeProvider time) =>
            ChangeAsync(new Change(campaignId, PhaseAction.Advance, request.Phase ?? "", request.Reason), http, db, audit, time));
        phase.MapPost("/release", (long campaignId, PhaseChangeRequest request, HttpContext http, NpgsqlDataSource db, AuditLog audit, TimeProvider time) =>
            ChangeAsync(new Change(campaignId, PhaseAction.Release, null, request.Reason), http, db, audit, time));
        return phase;
    }

    private static async Task<Results<Ok<PhaseControlView>, ProblemHttpResult>> GetAsync(long campaignId, NpgsqlDataSource db, TimeProvider time)
    {
        await using var connection = await db.OpenConnectionAsync();
        return await PhaseRows.LoadAsync(connection, campaignId) is { } stored
            ? TypedResults.Ok(PhaseViews.Control(campaignId, stored, time.GetUtcNow()))
            : NoSuchCampaign();
    }

    private static async Task<Results<Ok<PhaseControlView>, ProblemHttpResult>> ChangeAsync(
        Change change, HttpContext http, NpgsqlDataSource db, AuditLog audit, TimeProvider time)
    {
        var reason = PlainText.Normalize(change.Reason ?? "");
        if (reason.Length == 0 || PlainText.Length(reason) > MaxReasonChars || !PlainText.IsClean(reason, multiLine: true))
        {
            return Problems.Of(400, Problems.ValidationFailed, "A reason is required.",
                $"reason: 1-{MaxReasonChars} characters of text, no control characters; it goes to the audit log.");
        }
        PhaseKind? target = null;
        if (change.Phase is not null)
        {
            if (!PhaseNames.TryParse(change.Phase, out var kind))
            {
                return Problems.Of(400, Problems.ValidationFailed, "Unknown phase.", $"phase is one of {string.Join(", ", PhaseNames.All)}.");
            }
            target = kind;
        }
        return await AuditedWrite.RunAsync(db, async Task<Results<Ok<PhaseControlView>, ProblemHttpResult>> (connection, transaction) =>
        {
            if (await PhaseRows.LoadAsync(connection, change.CampaignId, transaction, forUpdate: true) is not { } stored)
            {
                return NoSuchCampaign();
            }
            if (target is { } wanted && stored.Timeline.Find(wanted) is null)
            {
                return Problems.Of(400, Problems.PhaseNotInCampaign, "This campaign has no such phase.",
                    $"Its phases: {string.Join(", ", stored.Timeline.Phases.Select(p => PhaseNames.Of(p.Kind)))}.");
            }
            var now = time.GetUtcNow();
            var (next, refusal) = PhasePlanner.Plan(stored.Timeline, change.Action, target, now);
            if (refusal is not null)
            {
                return Problems.Of(409, Problems.PhaseChangeRefused, "The phase cannot change that way.", refusal.Message,
                    new Dictionary<string, object?> { ["reason"] = refusal.Code });
            }
            var window = VoteWindows.After(stored.Timeline, next, stored.VoteWindow, now);
            await PhaseRows.SaveAsync(connection, transaction, change.CampaignId, next, now, window);
            var after = new StoredPhases(stored.Timeline with { Override = next, OverrideAt = next is null ? null : now }, window);
            var (beforeView, afterView) = (PhaseViews.Control(change.CampaignId, stored, now), PhaseViews.Control(change.CampaignId, after, now));
            await audit.RecordAsync(connection, transaction, AuditActor.From(http), new AuditEntry(
                "phase." + change.Action.ToString().ToLowerInvariant(), "campaign", change.CampaignId.ToString(CultureInfo.InvariantCulture),
                change.CampaignId, Snapshot(beforeView, null), Snapshot(afterView, reason)));
            return TypedResults.Ok(afterView);
        });
    }

    private static object Snapshot(PhaseControlView view, string? reason) => new
    {
        phase = view.Phase?.Kind,
        @override = view.Override,
        view.VoteStartsAt,
        view.VoteEndsAt,
        reason,
    };

    private static ProblemHttpResult NoSuchCampaign() => Problems.Of(404, Problems.CampaignNotFound, "No such campaign.");

    private sealed record Change(long CampaignId, PhaseAction Action, string? Phase, string? Reason);
}
