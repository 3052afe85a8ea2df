using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PublicVote.LoadTests.Metrics;

namespace PublicVote.LoadTests.Scenarios;

public sealed record VoteReply(string Receipt, long CandidateId, int RemainingToday, DateOnly Day, bool Replayed);

/// <summary>A response reduced to what scenarios judge: status, ProblemDetails type, body, or the transport failure.</summary>
internal readonly record struct ApiResponse(int Status, string? ProblemType, byte[] Body, string? Failure)
{
    public StepResult Expect(int status, string? problemType = null, Outcome outcome = Outcome.Ok) =>
        Failure is not null ? new StepResult(Outcome.Error, 0, null, Failure)
        : Status == status && (problemType is null || ProblemType == problemType) ? new StepResult(outcome, Status, ProblemType, null)
        : new StepResult(Outcome.Error, Status, ProblemType, $"HTTP {Status}{(ProblemType is null ? "" : " " + ProblemType)} (expected {status}{(problemType is null ? "" : " " + problemType)})");
}

/// <summary>The API routes the scenarios use, over one shared HttpClient (HTTP/1.1 keep-alive).</summary>
internal sealed class ApiClient(HttpClient http, Uri baseUrl, long campaignId)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly MediaTypeHeaderValue JsonType = new("application/json");
    private readonly string _campaign = $"{baseUrl.AbsoluteUri.TrimEnd('/')}/api/v1/campaigns/{campaignId}";

    public Task<ApiResponse> VoteAsync(string token, long candidateId, string? idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, _campaign + "/votes")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $$"""{"candidateId":{{candidateId}}}"""))),
        };
        request.Content.Headers.ContentType = JsonType;
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }
        return SendAsync(request);
    }

    public Task<ApiResponse> GetAsync(string relative, string? token = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, _campaign + relative);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return SendAsync(request);
    }

    public static VoteReply? ReadVote(in ApiResponse response)
    {
        try
        {
            return JsonSerializer.Deserialize<VoteReply>(response.Body, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Reads an integer property of a JSON object body (e.g. <c>usedToday</c> of <c>/me</c>); null if absent.</summary>
    public static long? ReadLong(in ApiResponse response, string property)
    {
        try
        {
            using var doc = JsonDocument.Parse(response.Body);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(property, out var value)
                && value.TryGetInt64(out var n) ? n : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task<ApiResponse> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            try
            {
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
                var body = await response.Content.ReadAsByteArrayAsync();
                string? problem = null;
                if (response.Content.Headers.ContentType?.MediaType == "application/problem+json")
                {
                    problem = ProblemTypeOf(body);
                }
                return new ApiResponse((int)response.StatusCode, problem, body, null);
            }
            catch (TaskCanceledException)
            {
                return new ApiResponse(0, null, [], "timeout");
            }
            catch (HttpRequestException ex)
            {
                return new ApiResponse(0, null, [], $"transport: {ex.HttpRequestError}");
            }
        }
    }

    private static string ProblemTypeOf(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.TryGetProperty("type", out var type) ? type.GetString() ?? "(null type)" : "(no type)";
        }
        catch (JsonException)
        {
            return "(unreadable problem body)";
        }
    }
}
