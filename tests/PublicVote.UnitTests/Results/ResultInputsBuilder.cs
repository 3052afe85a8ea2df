using PublicVote.Api.Features.Results;

namespace PublicVote.UnitTests.Results;

/// <summary>Small hand-made inputs for the calculator: one category, optional districts, sources as given.</summary>
internal sealed class ResultInputsBuilder
{
    private readonly List<SourceInput> _sources = [];
    private readonly List<CandidateInput> _candidates = [];
    private readonly List<VoteCountInput> _votes = [];
    private readonly List<SheetInput> _sheets = [];
    private readonly List<DistrictInput> _districts = [];
    private readonly List<DistrictQuotaInput> _quotas = [];
    private RubricInput? _rubric;
    private int? _awardQuota;

    public const long Category = 10;

    public ResultInputsBuilder Source(string code, string kind, int weight, string? normalisation = null)
    {
        _sources.Add(new SourceInput(code, code, kind, weight, normalisation));
        return this;
    }

    public ResultInputsBuilder Rubric(int total, string? aggregation = null)
    {
        _rubric = new RubricInput(total, null, aggregation);
        return this;
    }

    public ResultInputsBuilder AwardQuota(int? quota)
    {
        _awardQuota = quota;
        return this;
    }

    public ResultInputsBuilder District(long id, string name, int award)
    {
        _districts.Add(new DistrictInput(id, "d" + id, name));
        _quotas.Add(new DistrictQuotaInput(id, Category, award));
        return this;
    }

    public ResultInputsBuilder Candidate(long id, string number, long votes, long? district = null, string status = "active", params decimal[] judges)
    {
        _candidates.Add(new CandidateInput(id, number, "候选" + number, null, Category, district, status, null));
        _votes.Add(new VoteCountInput(id, votes));
        for (var j = 0; j < judges.Length; j++)
        {
            _sheets.Add(new SheetInput(id, 100 + j, "评委" + (j + 1), judges[j]));
        }
        return this;
    }

    public ResultInputs Build() => new(
        1, "测试评选", _sources, _rubric, [new CategoryInput(Category, "window", "优质服务窗口", "unit", _awardQuota)],
        _districts, _quotas, _candidates, _votes, _sheets, []);
}
