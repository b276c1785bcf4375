using System;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace AutoDiffGen.Benchmarks;

/// <summary>Two losses over data, whose derivative loops the generator runs on vectors: each is a sum of independent terms.</summary>
public static partial class LoopFunctions
{
    /// <summary>The squared residuals of a line through the data.</summary>
    [Differentiable]
    public static double SumOfSquares(double a, double b, [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] ReadOnlySpan<double> y)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double r = a * x[i] + b - y[i];
            s += r * r;
        }
        return s;
    }

    /// <summary>Logistic regression's loss for labels ±1.</summary>
    [Differentiable]
    public static double LogisticLoss(double a, double b, [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] ReadOnlySpan<double> y)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double z = y[i] * (a * x[i] + b);
            s += Math.Log(1 + Math.Exp(-z));
        }
        return s;
    }
}

/// <summary>
/// Sums over data whose derivative loops run on <c>Vector&lt;double&gt;</c> (issue goal: gradients at the cost of the scalar
/// primal or less, as LLVM's vectorizer gives Enzyme). Both primals are written as users write them, one term at a time.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class VectorLoopBenchmarks
{
    private double[] x = Array.Empty<double>();
    private double[] y = Array.Empty<double>();
    private const double A = 0.7, B = -0.2;

    [Params(100_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        x = new double[N];
        y = new double[N];
        for (int i = 0; i < N; i++)
        {
            x[i] = random.NextDouble() * 4 - 2;
            y[i] = random.NextDouble() < 0.5 ? -1 : 1;
        }
        // Each gradient against central differences of its primal.
        foreach (var (name, f, gradient) in new (string, Func<double, double, double>, Func<(double, double)>)[]
        {
            ("SumOfSquares", (a, b) => LoopFunctions.SumOfSquares(a, b, x, y), () => { LoopFunctions.SumOfSquaresGradient(A, B, x, y, out var da, out var db); return (da, db); }),
            ("LogisticLoss", (a, b) => LoopFunctions.LogisticLoss(a, b, x, y), () => { LoopFunctions.LogisticLossGradient(A, B, x, y, out var da, out var db); return (da, db); }),
        })
        {
            const double h = 1e-6;
            var (da, db) = gradient();
            Check.Close(name + " d/da", (f(A + h, B) - f(A - h, B)) / (2 * h), da, 1e-6);
            Check.Close(name + " d/db", (f(A, B + h) - f(A, B - h)) / (2 * h), db, 1e-6);
        }
    }

    [Benchmark(Baseline = true), BenchmarkCategory("SumOfSquares")]
    public double SumOfSquaresPrimal() => LoopFunctions.SumOfSquares(A, B, x, y);

    [Benchmark, BenchmarkCategory("SumOfSquares")]
    public double SumOfSquaresGradient() => LoopFunctions.SumOfSquaresGradient(A, B, x, y, out double da, out double db) + da + db;

    [Benchmark, BenchmarkCategory("SumOfSquares")]
    public double SumOfSquaresPushforward() => LoopFunctions.SumOfSquaresPushforward(A, B, x, y, 1, 0.5, out double t) + t;

    [Benchmark(Baseline = true), BenchmarkCategory("LogisticLoss")]
    public double LogisticLossPrimal() => LoopFunctions.LogisticLoss(A, B, x, y);

    [Benchmark, BenchmarkCategory("LogisticLoss")]
    public double LogisticLossGradient() => LoopFunctions.LogisticLossGradient(A, B, x, y, out double da, out double db) + da + db;

    [Benchmark, BenchmarkCategory("LogisticLoss")]
    public double LogisticLossPushforward() => LoopFunctions.LogisticLossPushforward(A, B, x, y, 1, 0.5, out double t) + t;
}
