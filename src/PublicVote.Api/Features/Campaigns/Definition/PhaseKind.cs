namespace PublicVote.Api.Features.Campaigns.Definition;

/// <summary>A campaign's phases in the order they run; a campaign has some or all of them.</summary>
public enum PhaseKind
{
    /// <summary>申报推荐</summary>
    Nomination,
    /// <summary>初审公示: review and public notice of the candidates.</summary>
    Review,
    /// <summary>评选投票: the public vote.</summary>
    Vote,
    /// <summary>专家评审</summary>
    ExpertReview,
    /// <summary>结果公示: notice of the proposed winners, with an objection window.</summary>
    ResultsNotice,
    /// <summary>命名表彰</summary>
    Publication,
}
