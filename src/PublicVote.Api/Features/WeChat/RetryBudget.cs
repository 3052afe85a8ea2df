namespace PublicVote.Api.Features.WeChat;

/// <summary>
/// Caps retries to a share of the calls (a token bucket: each call earns <c>ratio</c> of a retry, up to
/// <c>reserve</c>), so that when WeChat is struggling we do not multiply its load by the retry count.
/// </summary>
public sealed class RetryBudget(double ratio = 0.2, double reserve = 10)
{
    private readonly Lock _lock = new();
    private readonly double _reserve = reserve;
    private double _balance = reserve;

    public void OnCall()
    {
        lock (_lock)
        {
            _balance = Math.Min(_reserve, _balance + ratio);
        }
    }

    public bool TryTakeRetry()
    {
        lock (_lock)
        {
            if (_balance < 1)
            {
                return false;
            }
            _balance--;
            return true;
        }
    }
}
