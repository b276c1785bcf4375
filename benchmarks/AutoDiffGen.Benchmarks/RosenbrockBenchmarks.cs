using System;
using BenchmarkDotNet.Attributes;

namespace AutoDiffGen.Benchmarks;

/// <summary>Extended Rosenbrock over a span, and its adjoint written by hand.</summary>
public static partial class LoopFunctions
{
    [Differentiable]
    public static double Rosenbrock(ReadOnlySpan<double> x)
    {
        double f = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            f += 100 * a * a + b * b;
        }
        return f;
    }

    /// <summary>The adjoint a person writes: one pass, each term's derivative added where it belongs.</summary>
    public static double RosenbrockGradientByHand(ReadOnlySpan<double> x, Span<double> dx)
    {
        dx.Clear();
        double f = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            f += 100 * a * a + b * b;
            dx[i] += -400 * a * x[i] - 2 * b;
            dx[i + 1] += 200 * a;
        }
        return f;
    }
}

/// <summary>
/// Extended Rosenbrock (issue goals: Gradient ≤ 4× Primal and within 1.3× of the hand-written adjoint,
/// Pushforward ≤ 2.5×, HessianVectorProduct ≤ 10×, 0 bytes allocated after warm-up). Rosenbrock keeps nothing on the tape: its loop
/// carries only the sum, whose value the reverse sweep does not need.
/// </summary>
[MemoryDiagnoser]
[TapePeakColumn]
public class RosenbrockBenchmarks : ITapePeaks
{
    private double[] x = Array.Empty<double>();
    private double[] tangent = Array.Empty<double>();
    private double[] gradient = Array.Empty<double>();
    private double[] hv = Array.Empty<double>();

    [Params(1_000, 100_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        x = new double[N];
        tangent = new double[N];
        gradient = new double[N];
        hv = new double[N];
        for (int i = 0; i < N; i++)
        {
            x[i] = random.NextDouble() * 2 - 1;
            tangent[i] = random.NextDouble() - 0.5;
        }
        var byHand = new double[N];
        Check.Same("Rosenbrock value", LoopFunctions.RosenbrockGradientByHand(x, byHand), LoopFunctions.RosenbrockGradient(x, gradient));
        for (int i = 0; i < N; i++) Check.Same($"Rosenbrock d/dx[{i}]", byHand[i], gradient[i]);
    }

    public long TapePeak(string method) => TapePeaks.Of(() => Run(method));

    private void Run(string method)
    {
        switch (method)
        {
            case nameof(Gradient): Gradient(); break;
            case nameof(Pushforward): Pushforward(); break;
            case nameof(HessianVectorProduct): HessianVectorProduct(); break;
        }
    }

    [Benchmark(Baseline = true)]
    public double Primal() => LoopFunctions.Rosenbrock(x);

    [Benchmark]
    public double Gradient() => LoopFunctions.RosenbrockGradient(x, gradient) + gradient[N - 1];

    [Benchmark]
    public double HandWrittenGradient() => LoopFunctions.RosenbrockGradientByHand(x, gradient) + gradient[N - 1];

    [Benchmark]
    public double Pushforward() => LoopFunctions.RosenbrockPushforward(x, tangent, out double t) + t;

    [Benchmark]
    public double HessianVectorProduct() => LoopFunctions.RosenbrockHessianVectorProduct(x, tangent, hv) + hv[N - 1];
}

/// <summary>A recurrence whose reverse needs every step's state: the tape holds one double per step.</summary>
public static partial class LoopFunctions
{
    /// <summary>Explicit Euler for dy/dt = -k·y² + sin(t) over n steps.</summary>
    [Differentiable]
    public static double Euler(double y0, double k, int n)
    {
        double h = 1.0 / n;
        double y = y0;
        for (int i = 0; i < n; i++)
        {
            y = y + h * (-k * y * y + Math.Sin(i * h));
        }
        return y;
    }
}

/// <summary>Euler time stepping (issue goals as for Rosenbrock): the tape peak is the step count.</summary>
[MemoryDiagnoser]
[TapePeakColumn]
public class EulerBenchmarks : ITapePeaks
{
    private double y0 = 0.8, k = 0.6;

    [Params(1_000, 100_000)]
    public int N { get; set; }

    public long TapePeak(string method) => TapePeaks.Of(() =>
    {
        switch (method)
        {
            case nameof(Gradient): Gradient(); break;
            case nameof(Pushforward): Pushforward(); break;
            case nameof(HessianVectorProduct): HessianVectorProduct(); break;
        }
    });

    [Benchmark(Baseline = true)]
    public double Primal() => LoopFunctions.Euler(y0, k, N);

    [Benchmark]
    public double Gradient() => LoopFunctions.EulerGradient(y0, k, N, out double dy0, out double dk) + dy0 + dk;

    [Benchmark]
    public double Pushforward() => LoopFunctions.EulerPushforward(y0, k, N, 1, 0.5, out double t) + t;

    [Benchmark]
    public double HessianVectorProduct() => LoopFunctions.EulerHessianVectorProduct(y0, k, N, 1, 0.5, out double a, out double b) + a + b;
}
