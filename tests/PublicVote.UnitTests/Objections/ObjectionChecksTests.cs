using PublicVote.Api.Features.Objections;

namespace PublicVote.UnitTests.Objections;

public sealed class ObjectionChecksTests
{
    private const string Valid = "该候选人所在窗口今年三月曾因服务态度问题被群众投诉，请核实。";
    private static readonly ObjectionOptions Options = new();

    [Fact]
    public void AnOrdinaryObjectionPassesNormalised()
    {
        var (draft, errors) = ObjectionChecks.Check(new(7, "  " + Valid + "\r\n第二行  ", " 张三 ", " 13812345678 "), Options);

        Assert.Empty(errors);
        Assert.Equal(new ObjectionDraft(7, Valid + "\n第二行", "张三", "13812345678"), draft);
    }

    [Fact]
    public void ContactFieldsAreOptional()
    {
        var (draft, errors) = ObjectionChecks.Check(new(7, Valid, "", "   "), Options);

        Assert.Empty(errors);
        Assert.Null(draft!.ContactName);
        Assert.Null(draft.ContactPhone);
    }

    [Theory]
    [InlineData(null, "required")]
    [InlineData("   ", "required")]
    [InlineData("太短了", "too-short")]
    [InlineData("有问题\u0007请核实这个候选人的材料", "control-characters")]
    [InlineData("请核实\u202E这个候选人的材料是否属实", "control-characters")]
    [InlineData("https://example.com/a/very/long/path", "link-only")]
    [InlineData("看这里 http://t.cn/abcdef 和 www.example.com", "link-only")]
    [InlineData("abc.top xyz.com/p?q=1 !!", "link-only")]
    [InlineData("？？！！。。，，？？！！", "no-content")]
    [InlineData("啊啊啊啊啊啊啊啊啊啊啊", "repeated-characters")]
    [InlineData("刷票刷票刷票刷票刷票", "repeated-characters")]
    [InlineData("哈哈哈呵呵呵哈哈哈呵呵", "repeated-characters")]
    [InlineData("a a a a a a a a a a", "repeated-characters")]
    public void BadTextIsRefusedWithItsCode(string? text, string code)
    {
        var (draft, errors) = ObjectionChecks.Check(new(7, text, null, null), Options);

        Assert.Null(draft);
        Assert.Equal(("text", code), errors.Select(e => (e.Field, e.Code)).Single());
    }

    [Fact]
    public void LongTextIsRefusedByCharactersNotBytes()
    {
        var exactly = string.Concat(Enumerable.Range(0, Options.MaxTextChars).Select(i => "候选人材料不实问题"[i % 9]));
        Assert.Empty(ObjectionChecks.Check(new(7, exactly, null, null), Options).Errors);
        Assert.Equal("too-long", ObjectionChecks.Check(new(7, exactly + "实", null, null), Options).Errors.Single().Code);
    }

    [Fact]
    public void EveryBrokenRuleIsReportedAtOnce()
    {
        var (_, errors) = ObjectionChecks.Check(new(0, "短", new string('名', 51), "12345"), Options);

        Assert.Equal(
            [("candidateId", "required"), ("text", "too-short"), ("contactName", "too-long"), ("contactPhone", "phone-format")],
            errors.Select(e => (e.Field, e.Code)));
    }

    [Fact]
    public void BrokenUtf16IsRefused()
    {
        var loneSurrogate = "请核实" + (char)0xD800 + "这个候选人的材料是否属实";

        Assert.Equal("control-characters", ObjectionChecks.Check(new(7, loneSurrogate, null, null), Options).Errors.Single().Code);
    }

    [Fact]
    public void AContactNameIsOneLine()
    {
        Assert.Equal("control-characters", ObjectionChecks.Check(new(7, Valid, "张\n三", null), Options).Errors.Single().Code);
    }

    [Theory]
    [InlineData("13812345678")]
    [InlineData("+8613812345678")]
    [InlineData("+86 138 1234 5678")]
    [InlineData("0724-2372245")]
    [InlineData("07242372245")]
    [InlineData("2372245")]
    [InlineData("0915-4421251")]
    [InlineData("010-62345678-123")]
    public void MainlandPhoneNumbersAreAccepted(string phone)
    {
        Assert.Empty(ObjectionChecks.Check(new(7, Valid, null, phone), Options).Errors);
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("12812345678")]
    [InlineData("1381234567")]
    [InlineData("138123456789")]
    [InlineData("1381234567x")]
    [InlineData("１３８１２３４５６７８")]
    [InlineData("call me")]
    [InlineData("0724-0372245")]
    public void OtherPhoneNumbersAreRefused(string phone)
    {
        Assert.Equal("phone-format", ObjectionChecks.Check(new(7, Valid, null, phone), Options).Errors.Single().Code);
    }
}
