using System;
using BenchmarkDotNet.Attributes;

namespace AutoDiffGen.Benchmarks;

/// <summary>Nested loops with early exits and branches on active values, as a user writes a clipped, windowed loss.</summary>
public static partial class LoopFunctions
{
    /// <summary>
    /// For each element, a window of up to 8 elements from it: an element above the limit ends the window, one below its
    /// negative is skipped, the others add a square or a slope; each window's sum goes through a soft norm, and the whole
    /// stops once the total passes a bound.
    /// </summary>
    [Differentiable]
    public static double WindowedLoss(ReadOnlySpan<double> x, [NoDerivative] double limit)
    {
        double total = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double window = 0;
            for (int j = 0; j < 8; j++)
            {
                double v = x[(i + j) % x.Length];
                if (v > limit) break;
                if (v < -limit) continue;
                window += v > 0 ? v * v : -0.5 * v;
            }
            total += Math.Sqrt(1 + window * window);
            if (total > 1e9) return total;
        }
        return total;
    }
}

/// <summary>
/// Control flow (issue goal: gradient ≤ 3× the primal): <c>break</c>, <c>continue</c> and <c>return</c> in nested loops,
/// and branches on the values being differentiated.
/// </summary>
[MemoryDiagnoser]
[TapePeakColumn]
public class ControlFlowBenchmarks : ITapePeaks
{
    private double[] x = Array.Empty<double>();
    private double[] tangent = Array.Empty<double>();
    private double[] gradient = Array.Empty<double>();
    private const double Limit = 0.9;

    [Params(10_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(3);
        x = new double[N];
        tangent = new double[N];
        gradient = new double[N];
        for (int i = 0; i < N; i++)
        {
            x[i] = random.NextDouble() * 2.2 - 1.1;
            tangent[i] = random.NextDouble() - 0.5;
        }
        // The gradient against central differences along the tangent, and against the pushforward.
        const double h = 1e-6;
        var plus = (double[])x.Clone();
        var minus = (double[])x.Clone();
        for (int i = 0; i < N; i++)
        {
            plus[i] += h * tangent[i];
            minus[i] -= h * tangent[i];
        }
        double byDifferences = (LoopFunctions.WindowedLoss(plus, Limit) - LoopFunctions.WindowedLoss(minus, Limit)) / (2 * h);
        LoopFunctions.WindowedLossGradient(x, Limit, gradient);
        double directional = 0;
        for (int i = 0; i < N; i++) directional += gradient[i] * tangent[i];
        LoopFunctions.WindowedLossPushforward(x, Limit, tangent, out double pushed);
        Check.Close("WindowedLoss gradient·v against differences", byDifferences, directional, 1e-5);
        Check.Close("WindowedLoss gradient·v against the pushforward", pushed, directional, 1e-10);
    }

    public long TapePeak(string method) => TapePeaks.Of(() =>
    {
        switch (method)
        {
            case nameof(Gradient): Gradient(); break;
            case nameof(Pushforward): Pushforward(); break;
        }
    });

    [Benchmark(Baseline = true)]
    public double Primal() => LoopFunctions.WindowedLoss(x, Limit);

    [Benchmark]
    public double Gradient() => LoopFunctions.WindowedLossGradient(x, Limit, gradient) + gradient[N - 1];

    [Benchmark]
    public double Pushforward() => LoopFunctions.WindowedLossPushforward(x, Limit, tangent, out double t) + t;
}
