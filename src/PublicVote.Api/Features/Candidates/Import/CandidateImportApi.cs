using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;
using PublicVote.Api.Features.Audit;
using PublicVote.Api.Features.Media;
using PublicVote.Api.Hosting;

namespace PublicVote.Api.Features.Candidates.Import;

public sealed record ImportedCandidate(long Id, int Line, string Number, string Name);

/// <param name="Imported">Null for a dry run.</param>
public sealed record ImportResult(bool DryRun, string Format, int Rows, IReadOnlyList<ImportedCandidate>? Imported);

/// <summary>
/// <c>POST …/candidates/import[?dryRun=true]</c>: a CSV or .xlsx of nominations (docs/candidates.md), all or nothing.
/// A file with any bad row imports nothing and answers 400 with every bad row's line and reasons, quota overflows
/// within the file included; a dry run checks the same and writes nothing.
/// </summary>
internal static class CandidateImportApi
{
    public static RouteGroupBuilder MapCandidateImport(this RouteGroupBuilder candidates)
    {
        candidates.MapPost("/import", ImportAsync);
        return candidates;
    }

    private static async Task<Results<Created<ImportResult>, Ok<ImportResult>, ProblemHttpResult>> ImportAsync(
        long campaignId, HttpContext http, NpgsqlDataSource db, AuditLog audit, IOptions<MediaOptions> media, CandidateChanges changes,
        bool dryRun = false)
    {
        var (upload, error) = await Uploads.ReadFileAsync(http, media.Value.MaxUploadBytes);
        if (upload is null)
        {
            return error == UploadError.TooLarge
                ? Problems.Of(413, Problems.UploadTooLarge, $"The file is larger than {media.Value.MaxUploadBytes} bytes.", "Split it into smaller files.")
                : FileProblem("Send the file as multipart/form-data in the field 'file'.");
        }
        ImportTable table;
        try
        {
            table = ImportFiles.Read(upload.Content);
        }
        catch (ImportFileException ex)
        {
            return FileProblem(ex.Message);
        }
        var result = await AuditedWrite.RunAsync(db, async Task<Results<Created<ImportResult>, Ok<ImportResult>, ProblemHttpResult>> (connection, transaction) =>
        {
            if (await NominationRules.LoadAsync(connection, transaction, campaignId) is not { } rules)
            {
                return CandidateProblems.CampaignNotFound();
            }
            var check = CandidateImporter.Check(table, rules);
            if (check.FileErrors.Count == 0)
            {
                await CandidateQuotas.LockCategoriesAsync(connection, transaction, campaignId, check.Rows.Select(r => r.Draft.CategoryId));
                await CandidateImporter.CheckStoredAsync(connection, transaction, rules, table, check);
            }
            if (!check.IsValid)
            {
                return Invalid(table, check);
            }
            if (dryRun)
            {
                return TypedResults.Ok(new ImportResult(true, table.Format, check.Rows.Count, null));
            }
            var ids = await CandidateRepository.InsertManyAsync(connection, transaction, campaignId, check.Rows.Select(r => r.Draft).ToArray());
            var imported = check.Rows.Select((r, i) => new ImportedCandidate(ids[i], r.Line, r.Draft.Number, r.Draft.Name)).ToArray();
            var created = new List<CandidateAdminView>(ids.Length);
            foreach (var id in ids)
            {
                created.Add((await CandidateRepository.GetAsync(connection, transaction, campaignId, id))!);
            }
            await audit.RecordAsync(connection, transaction, AuditActor.From(http), new AuditEntry("candidate.import", "campaign",
                campaignId.ToString(CultureInfo.InvariantCulture), campaignId, null,
                new { file = upload.FileName, format = table.Format, candidates = created }));
            return TypedResults.Created($"{Accounts.AdminRoutes.Prefix}/campaigns/{campaignId}/candidates",
                new ImportResult(false, table.Format, imported.Length, imported));
        });
        await changes.AfterWriteAsync(campaignId, result);
        return result;
    }

    private static ProblemHttpResult FileProblem(string detail) =>
        Problems.Of(400, Problems.InvalidImport, "The file cannot be imported.", detail,
            new Dictionary<string, object?> { ["fileErrors"] = new[] { detail }, ["rows"] = Array.Empty<object>() });

    private static ProblemHttpResult Invalid(ImportTable table, ImportCheck check) =>
        Problems.Of(400, Problems.InvalidImport, "The file cannot be imported; nothing was imported.",
            check.FileErrors.Count > 0
                ? $"{check.FileErrors.Count} problem(s) with the file as a whole."
                : $"{check.RowErrors.Count} bad row(s); each lists its line and reasons.",
            new Dictionary<string, object?>
            {
                ["format"] = table.Format,
                ["fileErrors"] = check.FileErrors,
                ["rows"] = check.RowErrors.Select(r => new
                {
                    line = r.Key,
                    errors = r.Value.Select(e => new { column = e.Column, message = e.Message }).ToArray(),
                }).ToArray(),
            });
}
