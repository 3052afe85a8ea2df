namespace PublicVote.FraudEval.Simulation;

/// <summary>Seeded randomness with the distributions the generator needs. Same seed, same campaign.</summary>
internal sealed class Rng(int seed)
{
    private readonly Random _random = new(seed);

    public double Uniform() => _random.NextDouble();

    public double Uniform(double low, double high) => low + ((high - low) * _random.NextDouble());

    /// <summary>An integer in [low, high] (both inclusive).</summary>
    public int Int(int low, int high) => _random.Next(low, high + 1);

    public bool Chance(double p) => _random.NextDouble() < p;

    public double Normal()
    {
        // Box–Muller; one of the pair is enough here.
        var u1 = 1 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    public double LogNormal(double median, double sigma) => median * Math.Exp(sigma * Normal());

    public int Poisson(double mean)
    {
        if (mean <= 0)
        {
            return 0;
        }
        if (mean > 50)
        {
            return Math.Max(0, (int)Math.Round(mean + (Math.Sqrt(mean) * Normal())));
        }
        var limit = Math.Exp(-mean);
        var k = 0;
        var p = _random.NextDouble();
        while (p > limit)
        {
            k++;
            p *= _random.NextDouble();
        }
        return k;
    }

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    /// <summary>Index drawn with the given cumulative weights (ascending, last = total).</summary>
    public int PickCumulative(double[] cumulative)
    {
        var x = _random.NextDouble() * cumulative[^1];
        var i = Array.BinarySearch(cumulative, x);
        return Math.Min(cumulative.Length - 1, i >= 0 ? i + 1 : ~i);
    }

    public void Shuffle<T>(IList<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = _random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    public static double[] Cumulative(IEnumerable<double> weights)
    {
        var result = new List<double>();
        double sum = 0;
        foreach (var w in weights)
        {
            sum += w;
            result.Add(sum);
        }
        return [.. result];
    }
}
