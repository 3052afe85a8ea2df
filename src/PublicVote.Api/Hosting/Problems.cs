using Microsoft.AspNetCore.Http.HttpResults;

namespace PublicVote.Api.Hosting;

/// <summary>
/// The stable ProblemDetails <c>type</c> of every expected failure. Clients (the H5 pages) switch on these;
/// docs/problems.md lists them. Never rename one.
/// </summary>
public static class Problems
{
    public const string TypePrefix = "urn:publicvote:problem:";

    public const string InvalidRequest = TypePrefix + "invalid-request";
    public const string ValidationFailed = TypePrefix + "validation-failed";
    public const string SessionRequired = TypePrefix + "session-required";
    public const string SessionInvalid = TypePrefix + "session-invalid";
    public const string SessionExpired = TypePrefix + "session-expired";
    public const string SessionWrongCampaign = TypePrefix + "session-wrong-campaign";
    public const string AdminLoginRequired = TypePrefix + "admin-login-required";
    public const string AdminRoleRequired = TypePrefix + "admin-role-required";
    public const string AdminNotConfigured = TypePrefix + "admin-not-configured";
    public const string LoginFailed = TypePrefix + "login-failed";
    public const string LoginLocked = TypePrefix + "login-locked";
    public const string AccountDisabled = TypePrefix + "account-disabled";
    public const string AntiforgeryTokenInvalid = TypePrefix + "antiforgery-token-invalid";
    public const string WeakPassword = TypePrefix + "weak-password";
    public const string UserNameTaken = TypePrefix + "user-name-taken";
    public const string AccountNotFound = TypePrefix + "account-not-found";
    public const string GrantExists = TypePrefix + "grant-exists";
    public const string GrantNotFound = TypePrefix + "grant-not-found";
    public const string LastAdmin = TypePrefix + "last-admin";
    public const string CampaignNotFound = TypePrefix + "campaign-not-found";
    public const string CandidateNotFound = TypePrefix + "candidate-not-found";
    public const string CandidateNotVotable = TypePrefix + "candidate-not-votable";
    public const string VotingNotStarted = TypePrefix + "voting-not-started";
    public const string VotingClosed = TypePrefix + "voting-closed";
    public const string AlreadyVotedForCandidate = TypePrefix + "already-voted-for-candidate";
    public const string DailyLimitReached = TypePrefix + "daily-limit-reached";
    public const string IdempotencyKeyReused = TypePrefix + "idempotency-key-reused";
    public const string RateLimited = TypePrefix + "rate-limited";
    public const string ServiceUnavailable = TypePrefix + "service-unavailable";
    public const string InvalidCampaignDefinition = TypePrefix + "invalid-campaign-definition";
    public const string LiveCountsHidden = TypePrefix + "live-counts-hidden";
    public const string InvalidReturnUrl = TypePrefix + "invalid-return-url";
    public const string LoginStateMismatch = TypePrefix + "login-state-mismatch";
    public const string WeChatAuthorizationDenied = TypePrefix + "wechat-authorization-denied";
    public const string WeChatCodeInvalid = TypePrefix + "wechat-code-invalid";
    public const string WeChatSnapshotUser = TypePrefix + "wechat-snapshot-user";
    public const string WeChatUnavailable = TypePrefix + "wechat-unavailable";
    public const string WeChatNotConfigured = TypePrefix + "wechat-not-configured";
    public const string JsSdkUrlNotAllowed = TypePrefix + "jssdk-url-not-allowed";
    public const string ScoreSheetInvalid = TypePrefix + "score-sheet-invalid";
    public const string ScoreSheetLocked = TypePrefix + "score-sheet-locked";
    public const string ScoreSheetNotFound = TypePrefix + "score-sheet-not-found";
    public const string JudgeNotAssigned = TypePrefix + "judge-not-assigned";
    public const string CandidateNotScorable = TypePrefix + "candidate-not-scorable";
    public const string CampaignHasNoRubric = TypePrefix + "campaign-has-no-rubric";
    public const string ResultsIncomplete = TypePrefix + "results-incomplete";
    public const string ResultsNotPublished = TypePrefix + "results-not-published";
    public const string PublicationStageInvalid = TypePrefix + "publication-stage-invalid";
    public const string RepublicationReasonRequired = TypePrefix + "republication-reason-required";
    public const string InvalidCandidate = TypePrefix + "invalid-candidate";
    public const string CandidateNumberTaken = TypePrefix + "candidate-number-taken";
    public const string CandidateStateConflict = TypePrefix + "candidate-state-conflict";
    public const string DistrictQuotaExceeded = TypePrefix + "district-quota-exceeded";
    public const string UnitLimitExceeded = TypePrefix + "unit-limit-exceeded";
    public const string InvalidImport = TypePrefix + "invalid-import";
    public const string UploadTooLarge = TypePrefix + "upload-too-large";
    public const string InvalidPhoto = TypePrefix + "invalid-photo";
    public const string PhotoTooSmall = TypePrefix + "photo-too-small";
    public const string PhotoTooLarge = TypePrefix + "photo-too-large";
    public const string PhotoLimitReached = TypePrefix + "photo-limit-reached";
    public const string PhotosMissing = TypePrefix + "photos-missing";
    public const string PhotoDuplicate = TypePrefix + "photo-duplicate";
    public const string PhotoNotFound = TypePrefix + "photo-not-found";
    public const string ThumbnailerUnavailable = TypePrefix + "thumbnailer-unavailable";
    public const string CategoryDailyLimitReached = TypePrefix + "category-daily-limit-reached";
    public const string PhaseChangeRefused = TypePrefix + "phase-change-refused";
    public const string PhaseNotInCampaign = TypePrefix + "phase-not-in-campaign";
    public const string ObjectionInvalid = TypePrefix + "objection-invalid";
    public const string ObjectionsClosed = TypePrefix + "objections-closed";
    public const string ObjectionNotFound = TypePrefix + "objection-not-found";
    public const string ObjectionAlreadyResolved = TypePrefix + "objection-already-resolved";
    public const string FraudCaseNotFound = TypePrefix + "fraud-case-not-found";
    public const string FraudCaseConflict = TypePrefix + "fraud-case-conflict";
    public const string VotesNotInCase = TypePrefix + "votes-not-in-case";
    public const string NotFound = TypePrefix + "not-found";
    public const string MethodNotAllowed = TypePrefix + "method-not-allowed";
    public const string InternalError = TypePrefix + "internal-error";

    public static ProblemHttpResult Of(int status, string type, string title, string? detail = null,
        IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, type: type, extensions: extensions);

    /// <summary>The type for a problem the framework produced (binding, routing, unhandled errors).</summary>
    public static string ForStatus(int status, bool isValidation) => status switch
    {
        400 when isValidation => ValidationFailed,
        400 => InvalidRequest,
        415 => InvalidRequest,
        401 => SessionRequired,
        404 => NotFound,
        405 => MethodNotAllowed,
        429 => RateLimited,
        503 => ServiceUnavailable,
        _ => InternalError,
    };
}
