using System.Net.Http.Json;
using System.Text.Json;

namespace PublicVote.IntegrationTests.Infrastructure;

/// <summary>Small helpers for calling the admin API from tests.</summary>
public static class AdminApi
{
    public static Task<HttpResponseMessage> LoginAsync(HttpClient client, string userName, string password) =>
        client.PostAsJsonAsync("/api/admin/login", new { userName, password });

    public static async Task<string> TokenAsync(HttpClient client, string userName, string password)
    {
        var body = await ProblemAssert.IsOkAsync<JsonElement>(await LoginAsync(client, userName, password));
        return body.GetProperty("token").GetString()!;
    }

    public static async Task<long> CreateAccountAsync(HttpClient admin, string userName, string password)
    {
        var response = await admin.PostAsJsonAsync("/api/admin/accounts", new { userName, password });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, body.ToString());
        return body.GetProperty("id").GetInt64();
    }

    public static string NewUserName() => "u-" + Guid.NewGuid().ToString("N")[..12];
}
