using Microsoft.Extensions.Options;
using PublicVote.Api.Storage.Redis;

namespace PublicVote.Api.Features.WeChat;

/// <summary>
/// The account's global access token and jsapi ticket, shared by every API node through Redis (the 中控服务器 role).
/// Exactly one node refreshes at a time (a lock with an expiry), some minutes before expiry; the others keep using the
/// current value meanwhile, or wait briefly for the new one. Each fetch counts against a small daily quota, and a
/// classic fetch invalidates the previous token, so nodes must never refresh on their own.
/// </summary>
public sealed partial class WeChatCredentials(
    WeChatClient client, WeChatStore store, IOptions<WeChatOptions> options, TimeProvider time, ILogger<WeChatCredentials> logger)
{
    private const string TokenName = "access_token";
    private const string TicketName = "jsapi_ticket";
    private static readonly TimeSpan LockHold = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(50);
    private const int PollAttempts = 100;

    private readonly WeChatOptions _options = options.Value;
    private readonly Slot _token = new(TokenName);
    private readonly Slot _ticket = new(TicketName);

    public Task<WeChatResult<SharedCredential>> AccessTokenAsync(CancellationToken ct = default) =>
        GetAsync(_token, FetchTokenAsync, ct);

    public Task<WeChatResult<SharedCredential>> JsApiTicketAsync(CancellationToken ct = default) =>
        GetAsync(_ticket, FetchTicketAsync, ct);

    /// <summary>The passive refresh: a caller saw WeChat refuse this token (40001/42001); the next read fetches anew.</summary>
    public async Task InvalidateAccessTokenAsync(SharedCredential stale)
    {
        _token.Local = null;
        _token.ForceNext = true;
        await store.DropCredentialAsync(_options.AppId, TokenName, stale);
    }

    private async Task<WeChatResult<SharedCredential>> GetAsync(
        Slot slot, Func<bool, CancellationToken, Task<WeChatResult<SharedCredential>>> fetch, CancellationToken ct)
    {
        if (slot.Local is { } local && IsFresh(local))
        {
            return local;
        }
        var shared = await store.GetCredentialAsync(_options.AppId, slot.Name);
        if (shared is not null && IsFresh(shared))
        {
            slot.Local = shared;
            return shared;
        }
        var owner = Guid.NewGuid().ToString("N");
        if (await store.TryLockRefreshAsync(_options.AppId, slot.Name, owner, LockHold))
        {
            try
            {
                return await RefreshAsync(slot, fetch, shared, ct);
            }
            finally
            {
                await store.ReleaseRefreshAsync(_options.AppId, slot.Name, owner);
            }
        }
        // Another node is refreshing: the current value is still valid until it expires, else wait for the new one.
        if (shared is not null && shared.ExpiresAt > time.GetUtcNow())
        {
            return shared;
        }
        for (var attempt = 0; attempt < PollAttempts; attempt++)
        {
            await Task.Delay(PollEvery, ct);
            if (await store.GetCredentialAsync(_options.AppId, slot.Name) is { } fresh && fresh.ExpiresAt > time.GetUtcNow())
            {
                slot.Local = fresh;
                return fresh;
            }
        }
        return new WeChatError(0, WeChatErrorKind.Network);
    }

    private async Task<WeChatResult<SharedCredential>> RefreshAsync(
        Slot slot, Func<bool, CancellationToken, Task<WeChatResult<SharedCredential>>> fetch, SharedCredential? seen,
        CancellationToken ct)
    {
        // Between our read and our lock another node may have finished a refresh.
        var current = await store.GetCredentialAsync(_options.AppId, slot.Name);
        if (current is not null && IsFresh(current))
        {
            slot.Local = current;
            return current;
        }
        var fetched = await fetch(slot.ForceNext, ct);
        if (fetched.Value is not { } credential)
        {
            // Keep serving a value that has not expired yet: a refresh failure in the margin costs nothing.
            return seen is not null && seen.ExpiresAt > time.GetUtcNow() ? seen : fetched;
        }
        slot.ForceNext = false;
        await store.SetCredentialAsync(_options.AppId, slot.Name, credential, credential.ExpiresAt - time.GetUtcNow());
        slot.Local = credential;
        LogRefreshed(slot.Name, credential.ExpiresAt);
        return credential;
    }

    private async Task<WeChatResult<SharedCredential>> FetchTokenAsync(bool force, CancellationToken ct)
    {
        var reply = await client.GetStableTokenAsync(force, ct);
        // The stable endpoint is preferred (no mutual invalidation); fall back to the classic one only when the stable
        // one cannot be reached or read, never on a credential, IP or quota error (the classic one would fail alike).
        if (reply.Error?.Kind is WeChatErrorKind.Network or WeChatErrorKind.MalformedResponse or WeChatErrorKind.Other
            or WeChatErrorKind.SystemBusy)
        {
            LogFallback(reply.Error.ToString());
            reply = await client.GetClassicTokenAsync(ct);
        }
        return reply.Value is { } token ? Credential(token.Token, token.ExpiresIn) : reply.Error!;
    }

    private async Task<WeChatResult<SharedCredential>> FetchTicketAsync(bool force, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var token = await AccessTokenAsync(ct);
            if (token.Value is not { } accessToken)
            {
                return token.Error!;
            }
            var reply = await client.GetJsApiTicketAsync(accessToken.Value, ct);
            if (reply.Value is { } ticket)
            {
                return Credential(ticket.Ticket, ticket.ExpiresIn);
            }
            if (attempt > 0 || reply.Error!.Kind is not (WeChatErrorKind.InvalidCredentials or WeChatErrorKind.TokenExpired))
            {
                return reply.Error!;
            }
            await InvalidateAccessTokenAsync(accessToken);
        }
    }

    private SharedCredential Credential(string value, int expiresIn) =>
        new(value, time.GetUtcNow().AddSeconds(Math.Clamp(expiresIn, 60, 7200)));

    private bool IsFresh(SharedCredential credential) =>
        credential.ExpiresAt - _options.RefreshBeforeExpiry > time.GetUtcNow();

    private sealed class Slot(string name)
    {
        public string Name { get; } = name;

        public SharedCredential? Local { get; set; }

        /// <summary>WeChat refused the stable token: the next fetch must ask for a new one, not the same again.</summary>
        public bool ForceNext { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "WeChat {Credential} refreshed; valid until {ExpiresAt:O}")]
    private partial void LogRefreshed(string credential, DateTimeOffset expiresAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WeChat stable_token failed ({Error}); trying /cgi-bin/token")]
    private partial void LogFallback(string error);
}
