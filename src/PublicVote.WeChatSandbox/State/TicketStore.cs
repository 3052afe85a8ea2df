using PublicVote.WeChatSandbox.Wire;

namespace PublicVote.WeChatSandbox.State;

/// <summary>The account's jsapi_ticket: the same ticket for 2 hours, whichever valid global token asks.</summary>
public sealed class TicketStore(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(2);

    private readonly Lock _gate = new();
    private string _ticket = "";
    private DateTimeOffset _expiresAt = DateTimeOffset.MinValue;

    public string Current()
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (now >= _expiresAt)
            {
                _ticket = SandboxIds.Ticket();
                _expiresAt = now + Lifetime;
            }
            return _ticket;
        }
    }
}
