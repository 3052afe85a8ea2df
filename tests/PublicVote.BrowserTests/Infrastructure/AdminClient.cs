using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PublicVote.BrowserTests.Infrastructure;

/// <summary>An organizer-side script against the real server: signed in through <c>POST /api/admin/login</c>, bearer token.</summary>
public sealed class AdminClient : IDisposable
{
    private readonly HttpClient _http;

    private AdminClient(HttpClient http) => _http = http;

    public static async Task<AdminClient> SignInAsync(Uri baseUrl, string userName, string password)
    {
        var http = new HttpClient { BaseAddress = baseUrl };
        var login = await ExpectAsync(await http.PostAsJsonAsync("/api/admin/login", new { userName, password }), HttpStatusCode.OK);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", login["token"]!.GetValue<string>());
        return new AdminClient(http);
    }

    /// <summary>Imports a campaign definition (admin) and returns the campaign's id.</summary>
    public async Task<long> ImportCampaignAsync(JsonObject definition)
    {
        using var content = new StringContent(definition.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        var created = await ExpectAsync(await _http.PostAsync("/api/admin/campaigns", content), HttpStatusCode.Created);
        return created["campaignId"]!.GetValue<long>();
    }

    /// <summary>A new account holding <paramref name="role"/> on the campaign (admin API); returns its user name (password: <see cref="Password"/>).</summary>
    public async Task<string> AccountAsync(string role, long campaignId, string[]? categories = null)
    {
        var userName = $"{role}-{Guid.NewGuid():N}"[..24];
        var account = await PostAsync("/api/admin/accounts", new { userName, password = Password, displayName = role + " " + userName[^4..] }, HttpStatusCode.Created);
        await PostAsync($"/api/admin/accounts/{account["id"]!.GetValue<long>()}/grants", new { role, campaignId, categories }, HttpStatusCode.Created);
        return userName;
    }

    public const string Password = "console-test-password-1";

    public async Task<JsonNode> GetAsync(string url) => await ExpectAsync(await _http.GetAsync(url), HttpStatusCode.OK);

    public async Task<JsonNode> PostAsync(string url, object body, HttpStatusCode expected = HttpStatusCode.OK) =>
        await ExpectAsync(await _http.PostAsJsonAsync(url, body), expected);

    /// <summary>Creates a candidate (organizer API), adds <paramref name="photos"/> generated photos, and approves it if asked.</summary>
    public async Task<long> CandidateAsync(long campaignId, object body, int photos = 1, bool approve = true, int seed = 0)
    {
        var candidates = $"/api/admin/campaigns/{campaignId}/candidates";
        var id = (await PostAsync(candidates, body, HttpStatusCode.Created))["id"]!.GetValue<long>();
        for (var i = 0; i < photos; i++)
        {
            await PhotoAsync(campaignId, id, TestPhotos.Portrait((seed * 10) + i));
        }
        if (approve)
        {
            await PostAsync($"{candidates}/{id}/approve", new { });
        }
        return id;
    }

    public async Task<JsonNode> PhotoAsync(long campaignId, long candidateId, byte[] png)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(png);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(file, "file", "photo.png");
        return await ExpectAsync(await _http.PostAsync($"/api/admin/campaigns/{campaignId}/candidates/{candidateId}/photos", form), HttpStatusCode.Created);
    }

    /// <summary>The campaign's category and district ids by code, from the public campaign API.</summary>
    public async Task<(Dictionary<string, long> Categories, Dictionary<string, long> Districts)> CodesAsync(long campaignId)
    {
        var campaign = await GetAsync($"/api/v1/campaigns/{campaignId}");
        static Dictionary<string, long> ByCode(JsonNode? list) =>
            (list?.AsArray() ?? []).ToDictionary(n => n!["code"]!.GetValue<string>(), n => n!["id"]!.GetValue<long>());
        return (ByCode(campaign["categories"]), ByCode(campaign["districts"]));
    }

    public void Dispose() => _http.Dispose();

    private static async Task<JsonNode> ExpectAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == expected, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} → {(int)response.StatusCode}: {text}");
            return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
        }
    }
}
