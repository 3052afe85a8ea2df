using System.Globalization;
using System.Net;
using System.Text;

namespace PublicVote.LoadTests.Reporting;

public sealed record ChartSeries(string Name, string Color, IReadOnlyList<double?> Values);

/// <summary>
/// A small line chart drawn as inline SVG (no chart package restores here): x is the second of the run, one
/// polyline per series (gaps where a value is missing), the warm-up shaded, axes with round ticks.
/// </summary>
public static class SvgChart
{
    private const int Width = 760;
    private const int Height = 260;
    private const int Left = 60;
    private const int Right = 150;
    private const int Top = 28;
    private const int Bottom = 36;

    public static string Line(string title, string yLabel, IReadOnlyList<ChartSeries> series, double warmupSeconds)
    {
        var points = series.Count == 0 ? 0 : series.Max(s => s.Values.Count);
        var xMax = Math.Max(1, points - 1);
        var yMax = NiceCeiling(series.SelectMany(s => s.Values).Where(v => v.HasValue).Select(v => v!.Value).DefaultIfEmpty(1).Max());
        double X(double t) => Left + (t / xMax * (Width - Left - Right));
        double Y(double v) => Height - Bottom - (v / yMax * (Height - Top - Bottom));

        var svg = new StringBuilder();
        svg.Append(Invariant($"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {Width} {Height}" width="{Width}" height="{Height}" font-family="sans-serif" font-size="11">"""));
        svg.Append(Invariant($"""<title>{Escape(title)}</title><rect width="{Width}" height="{Height}" fill="white"/>"""));
        svg.Append(Invariant($"""<text x="{Left}" y="16" font-size="13" font-weight="bold">{Escape(title)}</text>"""));
        if (warmupSeconds > 0)
        {
            svg.Append(Invariant($"""<rect x="{Left}" y="{Top}" width="{X(Math.Min(warmupSeconds, xMax)) - Left:0.#}" height="{Height - Top - Bottom}" fill="#eee"/>"""));
            svg.Append(Invariant($"""<text x="{Left + 4}" y="{Top + 12}" fill="#888">warm-up</text>"""));
        }
        for (var i = 0; i <= 4; i++)
        {
            var v = yMax * i / 4;
            svg.Append(Invariant($"""<line x1="{Left}" x2="{Width - Right}" y1="{Y(v):0.#}" y2="{Y(v):0.#}" stroke="#ddd"/>"""));
            svg.Append(Invariant($"""<text x="{Left - 6}" y="{Y(v) + 4:0.#}" text-anchor="end">{v:0.##}</text>"""));
        }
        var xStep = NiceCeiling(xMax / 8.0);
        for (var t = 0.0; t <= xMax; t += xStep)
        {
            svg.Append(Invariant($"""<text x="{X(t):0.#}" y="{Height - Bottom + 14}" text-anchor="middle">{t:0}</text>"""));
        }
        svg.Append(Invariant($"""<text x="{(Left + Width - Right) / 2}" y="{Height - 6}" text-anchor="middle">second of the run</text>"""));
        svg.Append(Invariant($"""<text x="14" y="{(Top + Height - Bottom) / 2}" text-anchor="middle" transform="rotate(-90 14 {(Top + Height - Bottom) / 2})">{Escape(yLabel)}</text>"""));
        svg.Append(Invariant($"""<path d="M{Left} {Top}V{Height - Bottom}H{Width - Right}" fill="none" stroke="#333"/>"""));
        for (var s = 0; s < series.Count; s++)
        {
            foreach (var run in Runs(series[s].Values))
            {
                var path = string.Join(" ", run.Select(p => Invariant($"{X(p.T):0.#},{Y(p.V):0.#}")));
                svg.Append(Invariant($"""<polyline class="series" fill="none" stroke="{series[s].Color}" stroke-width="1.6" points="{path}"/>"""));
            }
            var ly = Top + 10 + (s * 18);
            svg.Append(Invariant($"""<line x1="{Width - Right + 12}" x2="{Width - Right + 32}" y1="{ly}" y2="{ly}" stroke="{series[s].Color}" stroke-width="2"/>"""));
            svg.Append(Invariant($"""<text x="{Width - Right + 38}" y="{ly + 4}">{Escape(series[s].Name)}</text>"""));
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>The smallest 1, 2 or 5 × 10^k at or above <paramref name="value"/>.</summary>
    public static double NiceCeiling(double value)
    {
        if (value <= 0 || double.IsNaN(value))
        {
            return 1;
        }
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var step in new[] { 1.0, 2, 5, 10 })
        {
            if (step * magnitude >= value * (1 - 1e-12))
            {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static IEnumerable<List<(double T, double V)>> Runs(IReadOnlyList<double?> values)
    {
        var run = new List<(double, double)>();
        for (var t = 0; t < values.Count; t++)
        {
            if (values[t] is { } v)
            {
                run.Add((t, v));
            }
            else if (run.Count > 0)
            {
                yield return run;
                run = [];
            }
        }
        if (run.Count > 0)
        {
            yield return run;
        }
    }

    private static string Escape(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
