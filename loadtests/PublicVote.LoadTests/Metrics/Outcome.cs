namespace PublicVote.LoadTests.Metrics;

public enum Outcome
{
    /// <summary>The answer the scenario asked for (200 with the right body).</summary>
    Ok,

    /// <summary>A refusal the scenario provoked on purpose (duplicate vote, daily limit): counted apart, not an error.</summary>
    Expected,

    /// <summary>Anything else: a wrong status, a wrong body, a transport failure or a timeout.</summary>
    Error,
}

/// <param name="Status">HTTP status, or 0 when no response came (transport failure, timeout).</param>
/// <param name="ProblemType">The ProblemDetails <c>type</c> when the body was one.</param>
/// <param name="Error">Why an <see cref="Outcome.Error"/> is one, short and stable (it is counted by this text).</param>
public readonly record struct StepResult(Outcome Outcome, int Status, string? ProblemType, string? Error);
