namespace PublicVote.WeChatSandbox;

// An explicit internal entry point: top-level statements would get a generated public Program class, which
// would clash with the API's public Program in the test project that references both.
internal static class Program
{
    private static void Main(string[] args) => SandboxApp.Create(args).Run();
}
