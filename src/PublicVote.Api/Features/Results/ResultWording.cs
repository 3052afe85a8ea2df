using System.Text;
using static PublicVote.Api.Features.Results.ResultNumbers;

namespace PublicVote.Api.Features.Results;

/// <summary>One line of a result in words, for the console and the exports: every number as shown and how it was made.</summary>
public static class ResultWording
{
    public static string Explain(ResultLine line, ResultRules rules, long top, int rankedCount)
    {
        var text = new StringBuilder();
        var publicVote = rules.Sources.FirstOrDefault(s => s.Kind == "publicVote");
        if (publicVote is not null && line.VoteScore is { } voteScore)
        {
            text.Append(rules.VoteNormalisation == ResultSettings.Rank
                ? $"得票 {Show(line.Votes)}，票数排名 {line.VoteRank}/{rankedCount}，投票分 = ({rankedCount} − {line.VoteRank} + 1) ÷ {rankedCount} × {publicVote.Weight} = {Show(voteScore)}；"
                : top == 0
                    ? $"本类尚无有效票，投票分 {Show(voteScore)}；"
                    : $"得票 {Show(line.Votes)}（本类最高 {Show(top)}），投票分 = {Show(line.Votes)} ÷ {Show(top)} × {publicVote.Weight} = {Show(voteScore)}；");
        }
        var rubric = rules.Sources.FirstOrDefault(s => s.Kind == "rubric");
        if (rubric is not null && line.JudgeScore is { } judgeScore)
        {
            if (line.JudgeAggregate is { } aggregate)
            {
                var trimmed = line.Judges.Any(j => j.Dropped);
                var how = trimmed ? "去掉一个最高分和一个最低分后平均" : "平均";
                var marks = string.Join("、", line.Judges.Select(j => Show(j.Total) + (j.Dropped ? "（去掉）" : "")));
                text.Append($"评委 {line.Judges.Count} 人打分 {marks}，{how} {Show(aggregate)}，{rubric.Name} = {Show(aggregate)} ÷ {rules.RubricTotal} × {rubric.Weight} = {Show(judgeScore)}；");
            }
            else
            {
                text.Append($"尚无评委提交评分，{rubric.Name}按 0 计；");
            }
        }
        foreach (var part in line.Entered)
        {
            text.Append(part.Score is { } score
                ? $"{part.Name} {Show(score)} ÷ 100 × {part.Weight} = {Show(part.Weighted)}；"
                : $"{part.Name}未录入，按 0 计；");
        }
        text.Append($"总分 {Show(line.Total)}，本类第 {line.Rank} 名");
        if (line.TiedWith.Count > 0)
        {
            var rule = line.TieBrokenBy switch
            {
                ResultRanking.ByNonVote => "投票以外的得分（评委、录入分）高者在前",
                ResultRanking.ByVotes => "票数多者在前",
                _ => "以上都相同，按编号在前者在前",
            };
            text.Append($"（与 {string.Join("、", line.TiedWith)} 总分相同，{rule}）");
        }
        text.Append(line.Awarded ? "；拟表彰。" : $"；未获表彰：{line.NotAwardedReason}。");
        return text.ToString();
    }
}
