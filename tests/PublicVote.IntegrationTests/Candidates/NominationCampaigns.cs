using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using PublicVote.Api.Features.Campaigns.Definition;
using PublicVote.IntegrationTests.Infrastructure;

namespace PublicVote.IntegrationTests.Candidates;

/// <summary>A campaign with two districts, quotas, forms and photo rules, in its vote phase at the test clock's now.</summary>
public sealed record NominationCampaign(long Id, long Window, long Star, long Brand, long City, long Dongbao);

public static class NominationCampaigns
{
    /// <summary>Recommend quotas: 市直 3 windows / 3 stars / 10 brands, 东宝区 1 window / 2 stars (no brand quota). Brands: 1 per unit.</summary>
    public const string Definition = """
        {
          "slug": "SLUG",
          "name": "测试评选",
          "timeZone": "Asia/Shanghai",
          "phases": [
            { "kind": "nomination", "name": "申报推荐", "startsAt": "2026-07-01T00:00:00+08:00", "endsAt": "2026-07-20T00:00:00+08:00" },
            { "kind": "review", "name": "初审公示", "startsAt": "2026-07-20T00:00:00+08:00", "endsAt": "2026-07-27T00:00:00+08:00" },
            { "kind": "vote", "name": "评选投票", "startsAt": "2026-07-27T00:00:00+08:00", "endsAt": "2026-09-01T00:00:00+08:00" }
          ],
          "categories": [
            { "code": "window", "name": "优质服务窗口", "kind": "unit", "formFields": [
              { "key": "phone", "label": "电话", "type": "phone", "required": true, "maxLength": 20 },
              { "key": "address", "label": "单位地址", "type": "text", "required": false, "maxLength": 20 } ] },
            { "code": "star", "name": "优质服务明星", "kind": "person", "formFields": [
              { "key": "name", "label": "姓名", "type": "text", "required": true, "maxLength": 50 },
              { "key": "gender", "label": "性别", "type": "choice", "required": true, "options": ["男", "女"] },
              { "key": "birthMonth", "label": "出生年月", "type": "month", "required": true },
              { "key": "hobbies", "label": "爱好特长", "type": "multiChoice", "required": false, "options": ["唱歌", "舞蹈", "其他"] },
              { "key": "resume", "label": "简历", "type": "textarea", "required": false, "maxLength": 50 } ] },
            { "code": "brand", "name": "文明服务名牌", "kind": "brand", "perUnitLimit": 1, "formFields": [] }
          ],
          "districts": [
            { "code": "city", "name": "市直", "quotas": { "window": { "recommend": 3, "award": 1 }, "star": { "recommend": 3, "award": 1 }, "brand": { "recommend": 10, "award": 1 } } },
            { "code": "dongbao", "name": "东宝区", "quotas": { "window": { "recommend": 1, "award": 1 }, "star": { "recommend": 2, "award": 1 } } }
          ],
          "voteRules": { "dailyVotesPerVoter": 5, "perCandidatePerDay": 1, "showLiveCounts": false },
          "nomination": { "photos": { "min": 1, "max": 3, "minBytes": 10000, "maxBytes": 400000 }, "materialChars": 100 },
          "scoring": [ { "code": "vote", "name": "公众投票", "kind": "publicVote", "weight": 100 } ]
        }
        """;

    /// <summary>The same, but a candidate may be approved without photos.</summary>
    public static readonly string NoPhotoMinimum = Definition.Replace("\"min\": 1, \"max\": 3", "\"min\": 0, \"max\": 3", StringComparison.Ordinal);

    public static async Task<NominationCampaign> CreateAsync(PublicVoteFactory factory, string? definition = null)
    {
        var json = (definition ?? Definition).Replace("SLUG", "n-" + Guid.NewGuid().ToString("N")[..12], StringComparison.Ordinal);
        var id = await factory.Services.GetRequiredService<CampaignDefinitionService>().ImportAsync(json);
        await using var db = await factory.Db.OpenConnectionAsync();
        var categories = (await db.QueryAsync<(string Code, long Id)>("SELECT code, id FROM categories WHERE campaign_id = @id", new { id })).ToDictionary(r => r.Code, r => r.Id);
        var districts = (await db.QueryAsync<(string Code, long Id)>("SELECT code, id FROM districts WHERE campaign_id = @id", new { id })).ToDictionary(r => r.Code, r => r.Id);
        return new NominationCampaign(id, categories["window"], categories["star"], categories["brand"], districts["city"], districts["dongbao"]);
    }

    public static object Window(NominationCampaign c, string number, string name, long? district = null, string? unit = null) => new
    {
        number,
        name,
        categoryId = c.Window,
        districtId = district ?? c.City,
        unitName = unit ?? "荆门市" + name,
        post = "综合窗口",
        slogan = "一次办好",
        materials = "窗口推行一窗受理。",
        fields = new Dictionary<string, object> { ["phone"] = "0724-2372245" },
    };

    public static object Star(NominationCampaign c, string number, string name, long? district = null) => new
    {
        number,
        name,
        categoryId = c.Star,
        districtId = district ?? c.City,
        unitName = "荆门市政务服务中心",
        post = "受理员",
        fields = new Dictionary<string, object> { ["gender"] = "女", ["birthMonth"] = "1990-05" },
    };

    public static object Brand(NominationCampaign c, string number, string name, string unit) => new
    {
        number,
        name,
        categoryId = c.Brand,
        districtId = c.City,
        unitName = unit,
    };

    public static string Url(NominationCampaign c, string rest = "") => $"/api/admin/campaigns/{c.Id}/candidates{rest}";

    public static async Task<JsonElement> CreateCandidateAsync(HttpClient organizer, NominationCampaign c, object body)
    {
        var response = await organizer.PostAsJsonAsync(Url(c), body);
        return await ProblemAssert.IsStatusAsync<JsonElement>(response, System.Net.HttpStatusCode.Created);
    }

    public static Task<HttpResponseMessage> UploadPhotoAsync(HttpClient organizer, NominationCampaign c, long candidateId, byte[] file, string fileName)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(file), "file", fileName } };
        return organizer.PostAsync(Url(c, $"/{candidateId}/photos"), form);
    }
}
