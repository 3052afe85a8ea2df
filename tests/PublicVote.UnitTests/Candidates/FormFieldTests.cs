using PublicVote.Api.Features.Candidates;
using PublicVote.Api.Features.Candidates.Import;

namespace PublicVote.UnitTests.Candidates;

public sealed class FormFieldTests
{
    private static readonly CategoryRule Star = new(1, "star", "优质服务明星", "person", null,
    [
        new FormFieldRule("birthMonth", "出生年月", "month", true, null, []),
        new FormFieldRule("joined", "参加工作时间", "date", false, null, []),
        new FormFieldRule("mobile", "手机号码", "phone", false, 20, []),
        new FormFieldRule("years", "工龄", "number", false, null, []),
        new FormFieldRule("hobbies", "爱好特长", "multiChoice", false, null, ["唱歌", "舞蹈", "其他"]),
    ]);

    [Theory]
    [InlineData("1990-05", "1990-05")]
    [InlineData("1990-5", "1990-05")]
    [InlineData("1990/5", "1990-05")]
    [InlineData("1990.05", "1990-05")]
    [InlineData("1990年5月", "1990-05")]
    [InlineData("199005", "1990-05")]
    [InlineData("1990-05-17", "1990-05")]
    public void MonthsAreReadAsOrganizersWriteThem(string given, string stored) =>
        Assert.Equal(stored, Check(new() { ["birthMonth"] = new RawValue(given) }).Values["birthMonth"]);

    [Fact]
    public void DatesPhonesNumbersAndChoicesAreNormalised()
    {
        var (values, errors) = Check(new()
        {
            ["birthMonth"] = new RawValue("1990-05"),
            ["joined"] = new RawValue("2010年7月1日"),
            ["mobile"] = new RawValue(" 139 0724 0001 "),
            ["years"] = new RawValue("9.5"),
            ["hobbies"] = new RawValue("唱歌、舞蹈，唱歌"),
        });
        Assert.Empty(errors);
        Assert.Equal("2010-07-01", values["joined"]);
        Assert.Equal("139 0724 0001", values["mobile"]);
        Assert.Equal(9.5m, values["years"]);
        Assert.Equal(["唱歌", "舞蹈"], (string[])values["hobbies"]);
    }

    [Fact]
    public void EveryBadValueIsReportedUnderItsField()
    {
        var (_, errors) = Check(new()
        {
            ["joined"] = new RawValue("昨天"),
            ["mobile"] = new RawValue("call me"),
            ["years"] = new RawValue("many"),
            ["hobbies"] = new RawValue(null, ["游泳"]),
            ["unknown"] = new RawValue("x"),
        });
        Assert.Equal(["fields.unknown", "fields.birthMonth", "fields.joined", "fields.mobile", "fields.years", "fields.hobbies"], errors.Select(e => e.Field));
    }

    [Theory]
    [InlineData(" 姓 名 ", "姓名")]
    [InlineData("*编号：", "编号")]
    [InlineData("＊推荐单位:", "推荐单位")]
    public void HeadersIgnoreSpacesAndRequiredMarks(string header, string normalised) =>
        Assert.Equal(normalised, ImportColumns.Normalize(header));

    private static (SortedDictionary<string, object> Values, List<FieldError> Errors) Check(Dictionary<string, RawValue> given)
    {
        var values = new SortedDictionary<string, object>(StringComparer.Ordinal);
        var errors = new List<FieldError>();
        FormFieldValidator.Check(Star, given, new Dictionary<string, string?>(), values, errors);
        return (values, errors);
    }
}
