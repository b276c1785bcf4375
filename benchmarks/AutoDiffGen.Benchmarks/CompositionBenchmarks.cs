using System;
using BenchmarkDotNet.Attributes;

namespace AutoDiffGen.Benchmarks;

/// <summary>
/// One model written with helpers and the same model written in one method. Helpers given spans are inlined
/// (Transforms/Inlining): a least-squares objective over the rows of a matrix through <c>Dot(row, w)</c>. Helpers of
/// scalars stay calls, whose pullbacks run the callee's forward pass again: three levels of them.
/// </summary>
public static partial class Composition
{
    [Differentiable]
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    /// <summary>Σ_r (row_r · w − y_r)² + λ·w·w, the rows taken by Slice and handed to <see cref="Dot"/>.</summary>
    [Differentiable]
    public static double LeastSquares(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> m, [NoDerivative] ReadOnlySpan<double> y, [NoDerivative] double lambda)
    {
        int n = w.Length;
        double loss = 0;
        for (int r = 0; r < y.Length; r++)
        {
            double residual = Dot(m.Slice(r * n, n), w) - y[r];
            loss += residual * residual;
        }
        return loss + lambda * Dot(w, w);
    }

    /// <summary><see cref="LeastSquares"/> written in one method.</summary>
    [Differentiable]
    public static double LeastSquaresInline(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> m, [NoDerivative] ReadOnlySpan<double> y, [NoDerivative] double lambda)
    {
        int n = w.Length;
        double loss = 0;
        for (int r = 0; r < y.Length; r++)
        {
            double dot = 0;
            for (int i = 0; i < n; i++) dot += m[r * n + i] * w[i];
            double residual = dot - y[r];
            loss += residual * residual;
        }
        double norm = 0;
        for (int i = 0; i < n; i++) norm += w[i] * w[i];
        return loss + lambda * norm;
    }

    [Differentiable]
    public static double Level3(double x) => Math.Exp(-x * x) * Math.Sin(3 * x);

    [Differentiable]
    public static double Level2(double x) => Level3(x) * x + Level3(0.5 * x);

    [Differentiable]
    public static double Level1(double x) => Math.Tanh(Level2(x)) + Level2(x * x);

    /// <summary>Σ Level1(x_i): three levels of scalar helpers, each called twice by the level above.</summary>
    [Differentiable]
    public static double Helpers(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++) sum += Level1(x[i]);
        return sum;
    }

    /// <summary>xⁿ by recursion: each level calls the one below, a call that stays a call.</summary>
    [Differentiable]
    public static double Power(double x, int n) => n == 0 ? 1.0 : x * Power(x, n - 1);

    /// <summary><see cref="Helpers"/> written in one method.</summary>
    [Differentiable]
    public static double HelpersInline(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double v = x[i], u = v * v, h = 0.5 * v, hu = 0.5 * u;
            double a = Math.Exp(-v * v) * Math.Sin(3 * v) * v + Math.Exp(-h * h) * Math.Sin(3 * h);
            double b = Math.Exp(-u * u) * Math.Sin(3 * u) * u + Math.Exp(-hu * hu) * Math.Sin(3 * hu);
            sum += Math.Tanh(a) + b;
        }
        return sum;
    }
}

/// <summary>
/// The cost of composing: each gradient of a model written with helpers beside the same model in one method (issue 16:
/// a call should cost what it would inlined). Run with <c>--filter '*Composition*'</c>.
/// </summary>
[MemoryDiagnoser]
public class CompositionBenchmarks
{
    private double[] w = Array.Empty<double>(), m = Array.Empty<double>(), y = Array.Empty<double>(), dw = Array.Empty<double>();
    private double[] x = Array.Empty<double>(), dx = Array.Empty<double>();

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        const int rows = 1000, n = 32;
        w = new double[n];
        m = new double[rows * n];
        y = new double[rows];
        dw = new double[n];
        for (int i = 0; i < n; i++) w[i] = random.NextDouble() - 0.5;
        for (int i = 0; i < m.Length; i++) m[i] = random.NextDouble() - 0.5;
        for (int i = 0; i < rows; i++) y[i] = random.NextDouble();
        x = new double[1000];
        dx = new double[x.Length];
        for (int i = 0; i < x.Length; i++) x[i] = 2 * random.NextDouble() - 1;
    }

    [Benchmark(Description = "least squares, Dot helper: primal")]
    public double SpanHelperPrimal() => Composition.LeastSquares(w, m, y, 0.1);

    [Benchmark(Description = "least squares, Dot helper: gradient")]
    public double SpanHelperGradient() => Composition.LeastSquaresGradient(w, m, y, 0.1, dw);

    [Benchmark(Description = "least squares, one method: gradient")]
    public double SpanInlineGradient() => Composition.LeastSquaresInlineGradient(w, m, y, 0.1, dw);

    [Benchmark(Description = "three levels of scalar helpers: primal")]
    public double ScalarHelpersPrimal() => Composition.Helpers(x);

    [Benchmark(Description = "three levels of scalar helpers: gradient")]
    public double ScalarHelpersGradient() => Composition.HelpersGradient(x, dx);

    [Benchmark(Description = "the same in one method: gradient")]
    public double ScalarInlineGradient() => Composition.HelpersInlineGradient(x, dx);
}

/// <summary>
/// The gradient of a recursion against its depth (<see cref="Composition.Power"/>): each level's call of the level below
/// stays a call. Run with <c>--filter '*Composition*'</c>.
/// </summary>
public class CompositionRecursionBenchmarks
{
    [Params(10, 100, 1000)]
    public int Depth { get; set; }

    [Benchmark(Description = "recursion xⁿ: primal")]
    public double RecursionPrimal() => Composition.Power(1.0005, Depth);

    [Benchmark(Description = "recursion xⁿ: gradient")]
    public double RecursionGradient() => Composition.PowerGradient(1.0005, Depth, out _);
}
