using System.Globalization;

namespace PublicVote.Api.Features.Campaigns.Definition;

/// <summary>
/// The rules a schema cannot say: dates in order, unique codes, quotas against categories, weights and rubric
/// sums. Runs on a definition that already passed the schema, and returns every error found.
/// </summary>
public static partial class DefinitionValidator
{
    public static List<DefinitionError> Validate(CampaignDefinition definition)
    {
        var errors = new List<DefinitionError>();
        if (!TryFindTimeZone(definition.TimeZone))
        {
            errors.Add(new("$.timeZone", $"unknown time zone '{definition.TimeZone}' (use an IANA name such as Asia/Shanghai)"));
        }
        ValidatePhases(definition, errors);
        ValidateCategories(definition.Categories, errors);
        ValidateDistricts(definition, errors);
        ValidateVoteRules(definition, errors);
        ValidateNomination(definition.Nomination, errors);
        ValidateScoring(definition, errors);
        if (definition.Rubric is { } rubric)
        {
            ValidateRubric(rubric, errors);
        }
        return errors;
    }

    private static void ValidatePhases(CampaignDefinition definition, List<DefinitionError> errors)
    {
        var phases = definition.Phases;
        for (var i = 0; i < phases.Count; i++)
        {
            var (phase, path) = (phases[i], At("$.phases", i));
            if (phase.EndsAt <= phase.StartsAt)
            {
                errors.Add(new(path + ".endsAt", $"must be after startsAt ({Show(phase.StartsAt)})"));
            }
            if (phase.ObjectionsUntil is { } until)
            {
                if (phase.Kind is not (PhaseKind.Review or PhaseKind.ResultsNotice))
                {
                    errors.Add(new(path + ".objectionsUntil", "only the review and resultsNotice phases take objections"));
                }
                else if (until <= phase.StartsAt || until > phase.EndsAt)
                {
                    errors.Add(new(path + ".objectionsUntil", $"must lie after startsAt and no later than endsAt ({Show(phase.EndsAt)})"));
                }
            }
            if (i == 0)
            {
                continue;
            }
            var previous = phases[i - 1];
            if (phases.Take(i).Any(p => p.Kind == phase.Kind))
            {
                errors.Add(new(path + ".kind", $"duplicate phase '{CampaignDefinitionJson.WireName(phase.Kind)}'"));
            }
            else if (phase.Kind < previous.Kind)
            {
                errors.Add(new(path + ".kind", $"'{CampaignDefinitionJson.WireName(phase.Kind)}' must come before '{CampaignDefinitionJson.WireName(previous.Kind)}' (phases are listed in the order they run)"));
            }
            if (phase.StartsAt < previous.EndsAt)
            {
                errors.Add(new(path + ".startsAt", $"must not be before the previous phase ends ({Show(previous.EndsAt)})"));
            }
        }
    }

    private static void ValidateCategories(IReadOnlyList<CategoryDefinition> categories, List<DefinitionError> errors)
    {
        Unique(categories.Select(c => c.Code), "$.categories", "code", errors);
        for (var i = 0; i < categories.Count; i++)
        {
            var fields = categories[i].FormFields;
            var path = At("$.categories", i) + ".formFields";
            Unique(fields.Select(f => f.Key), path, "key", errors);
            for (var j = 0; j < fields.Count; j++)
            {
                var field = fields[j];
                var isChoice = field.Type is "choice" or "multiChoice";
                if (isChoice && field.Options is null)
                {
                    errors.Add(new(At(path, j) + ".options", $"a {field.Type} field needs options"));
                }
                if (!isChoice && field.Options is not null)
                {
                    errors.Add(new(At(path, j) + ".options", $"only choice and multiChoice fields have options, not {field.Type}"));
                }
                if (isChoice && field.MaxLength is not null)
                {
                    errors.Add(new(At(path, j) + ".maxLength", $"a {field.Type} field has no maxLength"));
                }
                if (field.Options is { } options)
                {
                    Unique(options, At(path, j) + ".options", null, errors);
                }
            }
        }
    }

    private static void ValidateDistricts(CampaignDefinition definition, List<DefinitionError> errors)
    {
        var districts = definition.Districts;
        Unique(districts.Select(d => d.Code), "$.districts", "code", errors);
        var categories = definition.Categories.Select(c => c.Code).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < districts.Count; i++)
        {
            foreach (var (category, quota) in districts[i].Quotas)
            {
                var path = $"{At("$.districts", i)}.quotas.{category}";
                if (!categories.Contains(category))
                {
                    errors.Add(new(path, $"'{category}' is not a category code of this campaign"));
                }
                if (quota.Award > quota.Recommend)
                {
                    errors.Add(new(path + ".award", $"must be ≤ recommend ({quota.Recommend})"));
                }
            }
        }
        for (var i = 0; i < definition.Categories.Count; i++)
        {
            var category = definition.Categories[i];
            var awarded = districts.Sum(d => d.Quotas.TryGetValue(category.Code, out var q) ? q.Award : 0);
            if (category.AwardQuota is { } total && awarded > total)
            {
                errors.Add(new(At("$.categories", i) + ".awardQuota",
                    $"the districts' award quotas for '{category.Code}' add up to {awarded}, more than {total}"));
            }
        }
    }

    private static void ValidateVoteRules(CampaignDefinition definition, List<DefinitionError> errors)
    {
        var hasVotePhase = definition.Phases.Any(p => p.Kind == PhaseKind.Vote);
        if (definition.VoteRules is not { } rules)
        {
            if (hasVotePhase)
            {
                errors.Add(new("$.voteRules", "is required when there is a vote phase"));
            }
            return;
        }
        if (!hasVotePhase)
        {
            errors.Add(new("$.voteRules", "needs a phase of kind 'vote'"));
        }
        if (rules.PerCandidatePerDay > rules.DailyVotesPerVoter)
        {
            errors.Add(new("$.voteRules.perCandidatePerDay", $"must be ≤ dailyVotesPerVoter ({rules.DailyVotesPerVoter})"));
        }
        if (rules.PerCategoryPerDay is { } perCategory && (perCategory < rules.PerCandidatePerDay || perCategory > rules.DailyVotesPerVoter))
        {
            errors.Add(new("$.voteRules.perCategoryPerDay",
                $"must lie between perCandidatePerDay ({rules.PerCandidatePerDay}) and dailyVotesPerVoter ({rules.DailyVotesPerVoter})"));
        }
    }

    private static void ValidateNomination(NominationDefinition? nomination, List<DefinitionError> errors)
    {
        if (nomination?.Photos is not { } photos)
        {
            return;
        }
        if (photos.Min > photos.Max)
        {
            errors.Add(new("$.nomination.photos.min", $"must be ≤ max ({photos.Max})"));
        }
        if (photos.MinBytes > photos.MaxBytes)
        {
            errors.Add(new("$.nomination.photos.minBytes", $"must be ≤ maxBytes ({photos.MaxBytes})"));
        }
    }

    internal static string At(string path, int index) => string.Create(CultureInfo.InvariantCulture, $"{path}[{index}]");

    private static string Show(DateTimeOffset instant) => instant.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>Reports each repeat of a value at its own index.</summary>
    private static void Unique(IEnumerable<string> values, string path, string? member, List<DefinitionError> errors)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var i = 0;
        foreach (var value in values)
        {
            if (!seen.TryAdd(value, i))
            {
                var at = member is null ? At(path, i) : At(path, i) + "." + member;
                errors.Add(new(at, $"duplicate '{value}' (first at {At(path, seen[value])})"));
            }
            i++;
        }
    }

    private static bool TryFindTimeZone(string id)
    {
        try
        {
            TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }
}
