namespace PublicVote.LoadTests.Scenarios;

/// <summary>A named workload: what one arrival does. The arrival schedule is chosen separately (see <c>Profiles</c>).</summary>
internal interface IScenario
{
    string Name { get; }

    /// <summary>The step names it records (listed in the report even when a step never ran).</summary>
    IReadOnlyList<string> StepNames { get; }

    Task RunAsync(Iteration iteration, ScenarioEnvironment env);
}
