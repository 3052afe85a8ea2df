using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PublicVote.IntegrationTests.Infrastructure;

public static class ProblemAssert
{
    /// <summary>Asserts the status, the ProblemDetails content type and its stable <c>type</c>; returns the body.</summary>
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status, string slug)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal("urn:publicvote:problem:" + slug, problem.GetProperty("type").GetString());
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.True(problem.TryGetProperty("traceId", out _), "every problem carries a traceId");
        return problem;
    }

    public static Task<T> IsOkAsync<T>(HttpResponseMessage response) => IsStatusAsync<T>(response, HttpStatusCode.OK);

    public static async Task<T> IsStatusAsync<T>(HttpResponseMessage response, HttpStatusCode status)
    {
        if (response.StatusCode != status)
        {
            Assert.Fail($"expected {(int)status}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }
}
