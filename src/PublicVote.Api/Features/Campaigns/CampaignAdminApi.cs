using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using PublicVote.Api.Features.Accounts;
using PublicVote.Api.Features.Audit;
using PublicVote.Api.Features.Campaigns.Definition;
using PublicVote.Api.Hosting;

namespace PublicVote.Api.Features.Campaigns;

/// <summary>
/// Campaign definitions over HTTP (docs/campaign-definition.md): an admin imports a whole campaign from its definition
/// file (audited, all or nothing); its organizers export it back. The same as the <c>campaign import/export</c> commands.
/// </summary>
public static class CampaignAdminApi
{
    /// <summary>A definition is a few KB; anything near this is not one.</summary>
    private const int MaxDefinitionBytes = 1024 * 1024;

    public static RouteGroupBuilder MapCampaignAdmin(this IEndpointRouteBuilder app)
    {
        var admin = app.MapAdminGroup().WithTags("Campaigns");
        admin.MapPost("/campaigns", ImportAsync).RequireRole(Roles.Admin).Accepts<JsonElement>("application/json");
        admin.MapGet("/campaigns/{campaignId:long}/definition", ExportAsync).RequireCampaignRole(Roles.Organizer);
        return admin;
    }

    private static async Task<Results<Created<CampaignImported>, ProblemHttpResult>> ImportAsync(
        HttpContext http, NpgsqlDataSource db, CampaignDefinitionService definitions, AuditLog audit)
    {
        if (await ReadBodyAsync(http.Request) is not { } json)
        {
            return Problems.Of(413, Problems.InvalidRequest, "The definition is too large.", $"At most {MaxDefinitionBytes} bytes.");
        }
        CampaignDefinition definition;
        try
        {
            definition = CampaignDefinitionJson.Read(json);
        }
        catch (InvalidDefinitionException ex)
        {
            return Invalid(ex);
        }
        return await AuditedWrite.RunAsync(db, async Task<Results<Created<CampaignImported>, ProblemHttpResult>> (connection, transaction) =>
        {
            long id;
            try
            {
                id = await definitions.ImportAsync(connection, transaction, definition);
            }
            catch (InvalidDefinitionException ex)
            {
                return Invalid(ex);
            }
            await audit.RecordAsync(connection, transaction, AuditActor.From(http),
                new AuditEntry("campaign.import", "campaign", id.ToString(System.Globalization.CultureInfo.InvariantCulture), id, null, definition));
            return TypedResults.Created($"{AdminRoutes.Prefix}/campaigns/{id}/definition", new CampaignImported(id, definition.Slug));
        });
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> ExportAsync(
        long campaignId, CampaignDefinitionService definitions)
    {
        var definition = await definitions.ExportAsync(campaignId);
        return definition is null
            ? Problems.Of(404, Problems.CampaignNotFound, "No such campaign.")
            : TypedResults.Text(CampaignDefinitionJson.Write(definition), "application/json; charset=utf-8");
    }

    private static ProblemHttpResult Invalid(InvalidDefinitionException ex) =>
        Problems.Of(400, Problems.InvalidCampaignDefinition, "The campaign definition is not valid.",
            $"{ex.Errors.Count} error(s); each names its JSON path.",
            new Dictionary<string, object?> { ["errors"] = ex.Errors.Select(e => new { path = e.Path, message = e.Message }).ToArray() });

    private static async Task<string?> ReadBodyAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxDefinitionBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}

public sealed record CampaignImported(long CampaignId, string Slug);
