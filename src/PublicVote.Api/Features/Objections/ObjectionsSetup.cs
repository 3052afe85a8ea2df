namespace PublicVote.Api.Features.Objections;

public static class ObjectionsSetup
{
    /// <summary>The objection form's limits and buckets, and the objection store (docs/objections.md).</summary>
    public static IServiceCollection AddObjections(this IServiceCollection services)
    {
        services.AddOptions<ObjectionOptions>().BindConfiguration(ObjectionOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.MinTextChars < o.MaxTextChars, "Objections:MinTextChars must be below Objections:MaxTextChars.")
            .ValidateOnStart();
        services.AddSingleton<ObjectionLimiter>();
        services.AddSingleton<ObjectionRepository>();
        return services;
    }
}
