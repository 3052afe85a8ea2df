using System.Globalization;
using PublicVote.Api.Features.Campaigns.Definition;
using PublicVote.Api.Storage.Sql;

namespace PublicVote.Api.Hosting;

/// <summary>
/// <c>campaign import FILE</c> prints <c>campaignId=N</c>; <c>campaign export ID</c> prints the definition.
/// An invalid file prints every error (one per line, with its JSON path) to stderr and exits with 1.
/// </summary>
internal static class CampaignCommands
{
    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        if (args.Length != 3 || args[1] is not ("import" or "export"))
        {
            throw new ArgumentException("Usage: campaign import FILE | campaign export CAMPAIGN_ID");
        }
        await services.GetRequiredService<Migrator>().MigrateAsync();
        var definitions = services.GetRequiredService<CampaignDefinitionService>();
        if (args[1] == "export")
        {
            var definition = await definitions.ExportAsync(long.Parse(args[2], CultureInfo.InvariantCulture));
            if (definition is null)
            {
                await Console.Error.WriteLineAsync($"No campaign {args[2]}.");
                return 1;
            }
            Console.Out.Write(CampaignDefinitionJson.Write(definition));
            return 0;
        }
        try
        {
            var id = await definitions.ImportAsync(await File.ReadAllTextAsync(args[2]));
            Console.WriteLine($"campaignId={id}");
            return 0;
        }
        catch (InvalidDefinitionException ex)
        {
            await Console.Error.WriteLineAsync($"{args[2]}: {ex.Errors.Count} error(s)");
            foreach (var error in ex.Errors)
            {
                await Console.Error.WriteLineAsync(error.ToString());
            }
            return 1;
        }
    }
}
