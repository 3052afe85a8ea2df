using System.Net;
using PublicVote.Api.Features.AntiFraud.Signals;

namespace PublicVote.UnitTests.AntiFraud;

public sealed class ClientNetworkTests
{
    [Theory]
    [InlineData("203.0.113.77", "203.0.113.0/24")]
    [InlineData("::ffff:203.0.113.77", "203.0.113.0/24")]
    [InlineData("2001:db8:abcd:12:1:2:3:4", "2001:db8:abcd::/48")]
    [InlineData("2409:8a00:1:2::99", "2409:8a00:1::/48")]
    public void AnAddressIsGroupedByItsSlash24OrSlash48(string address, string prefix)
    {
        Assert.Equal(prefix, ClientNetwork.Prefix(IPAddress.Parse(address)));
        Assert.Equal(prefix, ClientNetwork.Prefix(address));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not an ip")]
    public void AnUnknownAddressHasNoPrefix(string? address) => Assert.Equal("", ClientNetwork.Prefix(address));
}
