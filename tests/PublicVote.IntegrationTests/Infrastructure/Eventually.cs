namespace PublicVote.IntegrationTests.Infrastructure;

/// <summary>
/// Waits for a background effect (the flusher loop) by polling a condition. The bound is generous and only
/// turns a hang into a failure; the test's verdict never depends on how fast the machine is.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    public static Task HoldsAsync(Func<bool> condition, string because) => HoldsAsync(() => Task.FromResult(condition()), because);

    public static async Task HoldsAsync(Func<Task<bool>> condition, string because)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Still not true after {Bound.TotalSeconds} s: {because}");
            }
            await Task.Delay(50);
        }
    }
}
