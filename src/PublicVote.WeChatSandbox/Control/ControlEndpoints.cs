using System.Text.Json.Serialization;
using PublicVote.WeChatSandbox.State;
using PublicVote.WeChatSandbox.Wire;

namespace PublicVote.WeChatSandbox.Control;

public sealed record FaultRequest(string? Path, int? Errcode, int? Count, int? DelayMs);

public sealed record CodeRequest([property: JsonPropertyName("openid")] string? OpenId, string? Scope, bool Snapshot);

public sealed record IssuedCode(string Code, [property: JsonPropertyName("openid")] string OpenId);

public sealed record CallStats(IReadOnlyDictionary<string, int> Calls);

/// <summary>/sandbox/*: switches for tests and tools (faults, call counts, codes without a browser).</summary>
public static class ControlEndpoints
{
    public const int MaxDelayMs = 120_000;

    public static IEndpointRouteBuilder MapControl(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", AboutPage.Render);
        var group = app.MapGroup("/sandbox");
        group.MapGet("/", AboutPage.Render);
        group.MapPost("/faults", AddFault);
        group.MapDelete("/faults", (FaultStore faults) =>
        {
            faults.Clear();
            return TypedResults.NoContent();
        });
        group.MapGet("/stats", (CallCounter calls) => TypedResults.Ok(new CallStats(calls.Snapshot())));
        group.MapPost("/reset", (FaultStore faults, CallCounter calls) =>
        {
            faults.Clear();
            calls.Clear();
            return TypedResults.NoContent();
        });
        group.MapPost("/codes", IssueCode);
        return app;
    }

    private static IResult AddFault(FaultRequest request, FaultStore faults)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Path is null || !WeChatPaths.IsApi(request.Path))
        {
            errors["path"] = [$"One of: {string.Join(", ", WeChatPaths.Apis)}."];
        }
        if (request.Errcode is not { } errcode || (errcode != 0 && !WeChatErrors.IsKnown(errcode)))
        {
            errors["errcode"] = [$"0 (only slow) or one of: {string.Join(", ", WeChatErrors.Known)}."];
        }
        if (request.Count is < 1 or > 1_000_000)
        {
            errors["count"] = ["Between 1 and 1000000 (default 1)."];
        }
        if (request.DelayMs is < 0 or > MaxDelayMs)
        {
            errors["delayMs"] = [$"Between 0 and {MaxDelayMs} (default 0)."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid fault");
        }
        var fault = new Fault(request.Errcode!.Value, request.DelayMs ?? 0);
        faults.Add(request.Path!, fault, request.Count ?? 1);
        return TypedResults.Ok(new { request.Path, fault.Errcode, Count = request.Count ?? 1, fault.DelayMs });
    }

    private static IResult IssueCode(CodeRequest request, CodeStore codes)
    {
        var openId = request.OpenId ?? SandboxIds.OpenId();
        var scope = request.Scope ?? Scopes.Base;
        var errors = new Dictionary<string, string[]>();
        if (!SandboxIds.IsValidOpenId(openId))
        {
            errors["openid"] = ["1-64 characters of A-Z a-z 0-9 _ - (omit to generate one)."];
        }
        if (!Scopes.IsValid(scope))
        {
            errors["scope"] = ["snsapi_base (default) or snsapi_userinfo."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid code request");
        }
        var code = codes.Issue(new Grant(openId, scope, request.Snapshot));
        return TypedResults.Ok(new IssuedCode(code, openId));
    }
}
