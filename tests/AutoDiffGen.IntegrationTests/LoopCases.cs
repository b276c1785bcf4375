using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.IntegrationTests.Checking;
using AutoDiffGen.IntegrationTests.Functions;
using Xunit;
using static AutoDiffGen.IntegrationTests.Checking.Case;

namespace AutoDiffGen.IntegrationTests;

/// <summary>
/// The table of loop functions checked by <see cref="LoopTests"/>: each [Differentiable] function of
/// <see cref="Loops"/> / <see cref="LoopsF"/> at several sizes, with its generated members adapted to a flat
/// vector of its active inputs (<see cref="FlatCase"/>), so every check of <see cref="DerivativeCheck"/> runs
/// per span element, the Hessian over all active input elements laid end to end included.
/// </summary>
public static class LoopCases
{
    /// <summary>n numbers in [lo, hi), the same on every run.</summary>
    public static double[] Uniform(int n, int seed, double lo, double hi)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => lo + (hi - lo) * random.NextDouble()).ToArray();
    }

    /// <summary>n numbers with lo ≤ |v| &lt; hi and random signs: away from a kink at 0.</summary>
    public static double[] AwayFromZero(int n, int seed, double lo, double hi)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (random.Next(2) == 0 ? -1 : 1) * (lo + (hi - lo) * random.NextDouble())).ToArray();
    }

    /// <summary>The classic start (-1.2, 1, -1.2, 1, …) of the extended Rosenbrock function.</summary>
    public static double[] RosenbrockStart(int n) => Enumerable.Range(0, n).Select(i => i % 2 == 0 ? -1.2 : 1.0).ToArray();

    public static double[] Concat(params double[][] parts) => parts.SelectMany(p => p).ToArray();

    /// <summary>Data t, y for the least-squares cases: y ≈ 1.5·t - 0.5 with noise.</summary>
    public static readonly double[] DataT = Uniform(20, 11, -2, 3);
    public static readonly double[] DataY = DataT.Select((t, i) => 1.5 * t - 0.5 + 0.3 * Math.Sin(7 * i)).ToArray();
    private static readonly float[] DataTf = Array.ConvertAll(DataT, v => (float)v);
    private static readonly float[] DataYf = Array.ConvertAll(DataY, v => (float)v);

    private static IEnumerable<ScalarCase> Build()
    {
        // ------------------------------------------------ extended Rosenbrock on a ReadOnlySpan and on an array
        // The Hessian is checked up to n = 10 (its finite-difference check costs n³).
        // In each coordinate the function is a quartic polynomial, which Richardson-extrapolated central
        // differences get exactly whatever the step: a large step keeps the rounding noise of a sum of 1000 terms small.
        foreach (int n in new[] { 2, 10, 1000 })
        {
            double[][] points = { RosenbrockStart(n), Uniform(n, n, -1.5, 1.5), Enumerable.Repeat(1.0, n).ToArray() };
            yield return FlatCase.Of<double>(
                $"Loops.Rosenbrock(n={n})", n,
                x => Loops.Rosenbrock(x),
                (x, g) => Loops.RosenbrockGradient(x, g),
                (x, s, a) => Loops.RosenbrockPullback(x, s, a),
                (x, t) => (Loops.RosenbrockPushforward(x, t, out double tangent), tangent),
                n <= 10 ? (x, g, h) => Loops.RosenbrockHessian(x, g, h) : null,
                n <= 10 ? (x, v, hv) => Loops.RosenbrockHessianVectorProduct(x, v, hv) : null,
                points) with { RelativeStep = 1e-2 };
            yield return FlatCase.Of<float>(
                $"LoopsF.Rosenbrock(n={n})", n,
                x => LoopsF.Rosenbrock(x),
                (x, g) => LoopsF.RosenbrockGradient(x, g),
                (x, s, a) => LoopsF.RosenbrockPullback(x, s, a),
                (x, t) => (LoopsF.RosenbrockPushforward(x, t, out float tangent), tangent),
                n <= 10 ? (x, g, h) => LoopsF.RosenbrockHessian(x, g, h) : null,
                n <= 10 ? (x, v, hv) => LoopsF.RosenbrockHessianVectorProduct(x, v, hv) : null,
                points) with { RelativeStep = 1e-2, AccumulationTolerance = 5e-4 };
            yield return FlatCase.Of<double>(
                $"Loops.RosenbrockArray(n={n})", n,
                x => Loops.RosenbrockArray(x),
                (x, g) => Loops.RosenbrockArrayGradient(x, g),
                (x, s, a) => Loops.RosenbrockArrayPullback(x, s, a),
                (x, t) => (Loops.RosenbrockArrayPushforward(x, t, out double tangent), tangent),
                n <= 10 ? (x, g, h) => Loops.RosenbrockArrayHessian(x, g, h) : null,
                n <= 10 ? (x, v, hv) => Loops.RosenbrockArrayHessianVectorProduct(x, v, hv) : null,
                points) with { RelativeStep = 1e-2 };
            yield return FlatCase.Of<float>(
                $"LoopsF.RosenbrockArray(n={n})", n,
                x => LoopsF.RosenbrockArray(x),
                (x, g) => LoopsF.RosenbrockArrayGradient(x, g),
                (x, s, a) => LoopsF.RosenbrockArrayPullback(x, s, a),
                (x, t) => (LoopsF.RosenbrockArrayPushforward(x, t, out float tangent), tangent),
                n <= 10 ? (x, g, h) => LoopsF.RosenbrockArrayHessian(x, g, h) : null,
                n <= 10 ? (x, v, hv) => LoopsF.RosenbrockArrayHessianVectorProduct(x, v, hv) : null,
                points) with { RelativeStep = 1e-2, AccumulationTolerance = 5e-4 };
        }

        // ------------------------------------------------ least squares: scalar parameters, [NoDerivative] span data
        // Active parameters (a, b) are scalars, but a span parameter (even [NoDerivative]) means no second order yet.
        var line = new[] { P(1.5, -0.5), P(0.0, 0.0), P(-2.0, 3.0) };
        yield return FlatCase.Of<double>(
            "Loops.SumOfSquares", 2,
            x => Loops.SumOfSquares(x[0], x[1], DataT, DataY),
            (x, g) => Loops.SumOfSquaresGradient(x[0], x[1], DataT, DataY, out g[0], out g[1]),
            (x, s, a) => Loops.SumOfSquaresPullback(x[0], x[1], DataT, DataY, s, ref a[0], ref a[1]),
            (x, t) => (Loops.SumOfSquaresPushforward(x[0], x[1], DataT, DataY, t[0], t[1], out double tangent), tangent),
            (x, g, h) => Loops.SumOfSquaresHessian(x[0], x[1], DataT, DataY, g, h),
            (x, v, hv) => Loops.SumOfSquaresHessianVectorProduct(x[0], x[1], DataT, DataY, v[0], v[1], out hv[0], out hv[1]),
            line);
        yield return FlatCase.Of<float>(
            "LoopsF.SumOfSquares", 2,
            x => LoopsF.SumOfSquares(x[0], x[1], DataTf, DataYf),
            (x, g) => LoopsF.SumOfSquaresGradient(x[0], x[1], DataTf, DataYf, out g[0], out g[1]),
            (x, s, a) => LoopsF.SumOfSquaresPullback(x[0], x[1], DataTf, DataYf, s, ref a[0], ref a[1]),
            (x, t) => (LoopsF.SumOfSquaresPushforward(x[0], x[1], DataTf, DataYf, t[0], t[1], out float tangent), tangent),
            (x, g, h) => LoopsF.SumOfSquaresHessian(x[0], x[1], DataTf, DataYf, g, h),
            (x, v, hv) => LoopsF.SumOfSquaresHessianVectorProduct(x[0], x[1], DataTf, DataYf, v[0], v[1], out hv[0], out hv[1]),
            line);

        // ------------------------------------------------ explicit Euler: a data-dependent number of steps, with Hessian
        var euler = new[] { P(1.0, 0.5), P(-0.3, 2.0), P(2.0, -0.4) };
        foreach (int n in new[] { 0, 1, 7, 200 })
        {
            yield return FlatCase.Of<double>(
                $"Loops.Euler(n={n})", 2,
                x => Loops.Euler(x[0], x[1], n),
                (x, g) => Loops.EulerGradient(x[0], x[1], n, out g[0], out g[1]),
                (x, s, a) => Loops.EulerPullback(x[0], x[1], n, s, ref a[0], ref a[1]),
                (x, t) => (Loops.EulerPushforward(x[0], x[1], n, t[0], t[1], out double tangent), tangent),
                (x, g, h) => Loops.EulerHessian(x[0], x[1], n, g, h),
                (x, v, hv) => Loops.EulerHessianVectorProduct(x[0], x[1], n, v[0], v[1], out hv[0], out hv[1]),
                euler);
            yield return FlatCase.Of<float>(
                $"LoopsF.Euler(n={n})", 2,
                x => LoopsF.Euler(x[0], x[1], n),
                (x, g) => LoopsF.EulerGradient(x[0], x[1], n, out g[0], out g[1]),
                (x, s, a) => LoopsF.EulerPullback(x[0], x[1], n, s, ref a[0], ref a[1]),
                (x, t) => (LoopsF.EulerPushforward(x[0], x[1], n, t[0], t[1], out float tangent), tangent),
                (x, g, h) => LoopsF.EulerHessian(x[0], x[1], n, g, h),
                (x, v, hv) => LoopsF.EulerHessianVectorProduct(x[0], x[1], n, v[0], v[1], out hv[0], out hv[1]),
                euler);
        }

        // ------------------------------------------------ Newton's iteration for √a, 8 steps
        var sqrt = new[] { P(0.25), P(2.0), P(9.0), P(100.0) };
        yield return FlatCase.Of<double>(
            "Loops.NewtonSqrt", 1,
            x => Loops.NewtonSqrt(x[0]),
            (x, g) => Loops.NewtonSqrtGradient(x[0], out g[0]),
            (x, s, a) => Loops.NewtonSqrtPullback(x[0], s, ref a[0]),
            (x, t) => (Loops.NewtonSqrtPushforward(x[0], t[0], out double tangent), tangent),
            (x, g, h) => Loops.NewtonSqrtHessian(x[0], g, h),
            (x, v, hv) => Loops.NewtonSqrtHessianVectorProduct(x[0], v[0], out hv[0]),
            sqrt);
        yield return FlatCase.Of<float>(
            "LoopsF.NewtonSqrt", 1,
            x => LoopsF.NewtonSqrt(x[0]),
            (x, g) => LoopsF.NewtonSqrtGradient(x[0], out g[0]),
            (x, s, a) => LoopsF.NewtonSqrtPullback(x[0], s, ref a[0]),
            (x, t) => (LoopsF.NewtonSqrtPushforward(x[0], t[0], out float tangent), tangent),
            (x, g, h) => LoopsF.NewtonSqrtHessian(x[0], g, h),
            (x, v, hv) => LoopsF.NewtonSqrtHessianVectorProduct(x[0], v[0], out hv[0]),
            sqrt);

        // ------------------------------------------------ a branch on the data inside the loop, both sides taken
        foreach (int n in new[] { 1, 6, 50 })
        {
            double[][] points = { AwayFromZero(n, 100 + n, 0.1, 2.0), AwayFromZero(n, 200 + n, 0.1, 2.0) };
            if (n == 1)
            {
                points = new[] { P(0.7), P(-0.7) };
            }

            yield return FlatCase.Of<double>(
                $"Loops.Branchy(n={n})", n,
                x => Loops.Branchy(x),
                (x, g) => Loops.BranchyGradient(x, g),
                (x, s, a) => Loops.BranchyPullback(x, s, a),
                (x, t) => (Loops.BranchyPushforward(x, t, out double tangent), tangent),
                (x, g, h) => Loops.BranchyHessian(x, g, h),
                (x, v, hv) => Loops.BranchyHessianVectorProduct(x, v, hv),
                points);
            yield return FlatCase.Of<double>(
                $"Loops.BranchySpan(n={n})", n,
                x => Loops.BranchySpan(x),
                (x, g) => Loops.BranchySpanGradient(x, g),
                (x, s, a) => Loops.BranchySpanPullback(x, s, a),
                (x, t) => (Loops.BranchySpanPushforward(x, t, out double tangent), tangent),
                (x, g, h) => Loops.BranchySpanHessian(x, g, h),
                (x, v, hv) => Loops.BranchySpanHessianVectorProduct(x, v, hv),
                points);
            yield return FlatCase.Of<float>(
                $"LoopsF.Branchy(n={n})", n,
                x => LoopsF.Branchy(x),
                (x, g) => LoopsF.BranchyGradient(x, g),
                (x, s, a) => LoopsF.BranchyPullback(x, s, a),
                (x, t) => (LoopsF.BranchyPushforward(x, t, out float tangent), tangent),
                (x, g, h) => LoopsF.BranchyHessian(x, g, h),
                (x, v, hv) => LoopsF.BranchyHessianVectorProduct(x, v, hv),
                points);
        }

        // ------------------------------------------------ nested loops: ‖A·v‖, A an n×n row-major array
        foreach (int n in new[] { 1, 3, 8 })
        {
            double[][] points = { Concat(Uniform(n * n, n, -1, 1), Uniform(n, 50 + n, -1, 1)), Concat(Uniform(n * n, 7 * n, -2, 2), Uniform(n, 70 + n, 0.5, 1.5)) };
            int m = n * n;
            yield return FlatCase.Of<double>(
                $"Loops.MatVecNorm(n={n})", m + n,
                x => Loops.MatVecNorm(x[..m], x.AsSpan(m)),
                (x, g) => Loops.MatVecNormGradient(x[..m], x.AsSpan(m), g.AsSpan(0, m), g.AsSpan(m)),
                (x, s, a) => Loops.MatVecNormPullback(x[..m], x.AsSpan(m), s, a.AsSpan(0, m), a.AsSpan(m)),
                (x, t) => (Loops.MatVecNormPushforward(x[..m], x.AsSpan(m), t.AsSpan(0, m), t.AsSpan(m), out double tangent), tangent),
                (x, g, h) => Loops.MatVecNormHessian(x[..m], x.AsSpan(m), g, h),
                (x, v, hv) => Loops.MatVecNormHessianVectorProduct(x[..m], x.AsSpan(m), v.AsSpan(0, m), v.AsSpan(m), hv.AsSpan(0, m), hv.AsSpan(m)),
                points);
            yield return FlatCase.Of<float>(
                $"LoopsF.MatVecNorm(n={n})", m + n,
                x => LoopsF.MatVecNorm(x[..m], x.AsSpan(m)),
                (x, g) => LoopsF.MatVecNormGradient(x[..m], x.AsSpan(m), g.AsSpan(0, m), g.AsSpan(m)),
                (x, s, a) => LoopsF.MatVecNormPullback(x[..m], x.AsSpan(m), s, a.AsSpan(0, m), a.AsSpan(m)),
                (x, t) => (LoopsF.MatVecNormPushforward(x[..m], x.AsSpan(m), t.AsSpan(0, m), t.AsSpan(m), out float tangent), tangent),
                (x, g, h) => LoopsF.MatVecNormHessian(x[..m], x.AsSpan(m), g, h),
                (x, v, hv) => LoopsF.MatVecNormHessianVectorProduct(x[..m], x.AsSpan(m), v.AsSpan(0, m), v.AsSpan(m), hv.AsSpan(0, m), hv.AsSpan(m)),
                points);
        }

        // ------------------------------------------------ a triangular nest: the inner bound is the outer counter
        foreach (int n in new[] { 2, 7 })
        {
            double[][] points = { Uniform(n, 300 + n, -1.5, 1.5), Uniform(n, 400 + n, 0, 3) };
            yield return FlatCase.Of<double>(
                $"Loops.Triangular(n={n})", n,
                x => Loops.Triangular(x),
                (x, g) => Loops.TriangularGradient(x, g),
                (x, s, a) => Loops.TriangularPullback(x, s, a),
                (x, t) => (Loops.TriangularPushforward(x, t, out double tangent), tangent),
                (x, g, h) => Loops.TriangularHessian(x, g, h),
                (x, v, hv) => Loops.TriangularHessianVectorProduct(x, v, hv),
                points);
            yield return FlatCase.Of<float>(
                $"LoopsF.Triangular(n={n})", n,
                x => LoopsF.Triangular(x),
                (x, g) => LoopsF.TriangularGradient(x, g),
                (x, s, a) => LoopsF.TriangularPullback(x, s, a),
                (x, t) => (LoopsF.TriangularPushforward(x, t, out float tangent), tangent),
                (x, g, h) => LoopsF.TriangularHessian(x, g, h),
                (x, v, hv) => LoopsF.TriangularHessianVectorProduct(x, v, hv),
                points);
        }

        // ------------------------------------------------ power series with loop-carried state term ← term·x/k
        var series = new[] { P(-2.0), P(0.5), P(3.0) };
        foreach (int n in new[] { 0, 1, 5, 20 })
        {
            yield return FlatCase.Of<double>(
                $"Loops.ExpSeries(n={n})", 1,
                x => Loops.ExpSeries(x[0], n),
                (x, g) => Loops.ExpSeriesGradient(x[0], n, out g[0]),
                (x, s, a) => Loops.ExpSeriesPullback(x[0], n, s, ref a[0]),
                (x, t) => (Loops.ExpSeriesPushforward(x[0], n, t[0], out double tangent), tangent),
                (x, g, h) => Loops.ExpSeriesHessian(x[0], n, g, h),
                (x, v, hv) => Loops.ExpSeriesHessianVectorProduct(x[0], n, v[0], out hv[0]),
                series);
            yield return FlatCase.Of<float>(
                $"LoopsF.ExpSeries(n={n})", 1,
                x => LoopsF.ExpSeries(x[0], n),
                (x, g) => LoopsF.ExpSeriesGradient(x[0], n, out g[0]),
                (x, s, a) => LoopsF.ExpSeriesPullback(x[0], n, s, ref a[0]),
                (x, t) => (LoopsF.ExpSeriesPushforward(x[0], n, t[0], out float tangent), tangent),
                (x, g, h) => LoopsF.ExpSeriesHessian(x[0], n, g, h),
                (x, v, hv) => LoopsF.ExpSeriesHessianVectorProduct(x[0], n, v[0], out hv[0]),
                series);
        }

        // ------------------------------------------------ Σ c[k]·x^k: a span and a scalar, loop-carried power
        foreach (int n in new[] { 1, 4, 12 })
        {
            double[][] points = { Concat(Uniform(n, 500 + n, -1, 1), P(0.7)), Concat(Uniform(n, 600 + n, -1, 1), P(-1.1)) };
            yield return FlatCase.Of<double>(
                $"Loops.Polynomial(n={n})", n + 1,
                x => Loops.Polynomial(x.AsSpan(0, n), x[n]),
                (x, g) => Loops.PolynomialGradient(x.AsSpan(0, n), x[n], g.AsSpan(0, n), out g[n]),
                (x, s, a) => Loops.PolynomialPullback(x.AsSpan(0, n), x[n], s, a.AsSpan(0, n), ref a[n]),
                (x, t) => (Loops.PolynomialPushforward(x.AsSpan(0, n), x[n], t.AsSpan(0, n), t[n], out double tangent), tangent),
                (x, g, h) => Loops.PolynomialHessian(x.AsSpan(0, n), x[n], g, h),
                (x, v, hv) => Loops.PolynomialHessianVectorProduct(x.AsSpan(0, n), x[n], v.AsSpan(0, n), v[n], hv.AsSpan(0, n), out hv[n]),
                points);
            yield return FlatCase.Of<float>(
                $"LoopsF.Polynomial(n={n})", n + 1,
                x => LoopsF.Polynomial(x.AsSpan(0, n), x[n]),
                (x, g) => LoopsF.PolynomialGradient(x.AsSpan(0, n), x[n], g.AsSpan(0, n), out g[n]),
                (x, s, a) => LoopsF.PolynomialPullback(x.AsSpan(0, n), x[n], s, a.AsSpan(0, n), ref a[n]),
                (x, t) => (LoopsF.PolynomialPushforward(x.AsSpan(0, n), x[n], t.AsSpan(0, n), t[n], out float tangent), tangent),
                (x, g, h) => LoopsF.PolynomialHessian(x.AsSpan(0, n), x[n], g, h),
                (x, v, hv) => LoopsF.PolynomialHessianVectorProduct(x.AsSpan(0, n), x[n], v.AsSpan(0, n), v[n], hv.AsSpan(0, n), out hv[n]),
                points);
        }
        // ------------------------------------------------ a taped recurrence over a span: y ← sin(y)·x[i] + y/2
        foreach (int n in new[] { 1, 5, 40 })
        {
            double[][] points = { Concat(Uniform(n, 700 + n, -1.5, 1.5), P(0.8)), Concat(Uniform(n, 800 + n, 0, 2), P(-2.0)) };
            yield return FlatCase.Of<double>(
                $"Loops.Recurrence(n={n})", n + 1,
                x => Loops.Recurrence(x.AsSpan(0, n), x[n], n),
                (x, g) => Loops.RecurrenceGradient(x.AsSpan(0, n), x[n], n, g.AsSpan(0, n), out g[n]),
                (x, s, a) => Loops.RecurrencePullback(x.AsSpan(0, n), x[n], n, s, a.AsSpan(0, n), ref a[n]),
                (x, t) => (Loops.RecurrencePushforward(x.AsSpan(0, n), x[n], n, t.AsSpan(0, n), t[n], out double tangent), tangent),
                (x, g, h) => Loops.RecurrenceHessian(x.AsSpan(0, n), x[n], n, g, h),
                (x, v, hv) => Loops.RecurrenceHessianVectorProduct(x.AsSpan(0, n), x[n], n, v.AsSpan(0, n), v[n], hv.AsSpan(0, n), out hv[n]),
                points);
            yield return FlatCase.Of<float>(
                $"LoopsF.Recurrence(n={n})", n + 1,
                x => LoopsF.Recurrence(x.AsSpan(0, n), x[n], n),
                (x, g) => LoopsF.RecurrenceGradient(x.AsSpan(0, n), x[n], n, g.AsSpan(0, n), out g[n]),
                (x, s, a) => LoopsF.RecurrencePullback(x.AsSpan(0, n), x[n], n, s, a.AsSpan(0, n), ref a[n]),
                (x, t) => (LoopsF.RecurrencePushforward(x.AsSpan(0, n), x[n], n, t.AsSpan(0, n), t[n], out float tangent), tangent),
                (x, g, h) => LoopsF.RecurrenceHessian(x.AsSpan(0, n), x[n], n, g, h),
                (x, v, hv) => LoopsF.RecurrenceHessianVectorProduct(x.AsSpan(0, n), x[n], n, v.AsSpan(0, n), v[n], hv.AsSpan(0, n), out hv[n]),
                points);
        }
        // ------------------------------------------------ the smallest loops that start from a parameter or return a taped value
        foreach (int n in new[] { 0, 3 })
        {
            double[][] points = { Concat(Uniform(n, 900 + n, -1, 1), P(0.5)), Concat(Uniform(n, 950 + n, -2, 2), P(-1.5)) };
            yield return FlatCase.Of<double>(
                $"Loops.SumFrom(n={n})", n + 1,
                x => Loops.SumFrom(x.AsSpan(0, n), x[n]),
                (x, g) => Loops.SumFromGradient(x.AsSpan(0, n), x[n], g.AsSpan(0, n), out g[n]),
                (x, s, a) => Loops.SumFromPullback(x.AsSpan(0, n), x[n], s, a.AsSpan(0, n), ref a[n]),
                (x, t) => (Loops.SumFromPushforward(x.AsSpan(0, n), x[n], t.AsSpan(0, n), t[n], out double tangent), tangent),
                (x, g, h) => Loops.SumFromHessian(x.AsSpan(0, n), x[n], g, h),
                (x, v, hv) => Loops.SumFromHessianVectorProduct(x.AsSpan(0, n), x[n], v.AsSpan(0, n), v[n], hv.AsSpan(0, n), out hv[n]),
                points);
            yield return FlatCase.Of<float>(
                $"LoopsF.SumFrom(n={n})", n + 1,
                x => LoopsF.SumFrom(x.AsSpan(0, n), x[n]),
                (x, g) => LoopsF.SumFromGradient(x.AsSpan(0, n), x[n], g.AsSpan(0, n), out g[n]),
                (x, s, a) => LoopsF.SumFromPullback(x.AsSpan(0, n), x[n], s, a.AsSpan(0, n), ref a[n]),
                (x, t) => (LoopsF.SumFromPushforward(x.AsSpan(0, n), x[n], t.AsSpan(0, n), t[n], out float tangent), tangent),
                (x, g, h) => LoopsF.SumFromHessian(x.AsSpan(0, n), x[n], g, h),
                (x, v, hv) => LoopsF.SumFromHessianVectorProduct(x.AsSpan(0, n), x[n], v.AsSpan(0, n), v[n], hv.AsSpan(0, n), out hv[n]),
                points);
        }

        // Regressions: a call inside a loop (its HVP was 0), a loop in a branch (its reverse popped an empty tape).
        var scalarLoops = new[] { P(0.7), P(1.3), P(-0.4) };
        yield return FlatCase.Of<double>(
            "Loops.CallsInLoop(n=5)", 1,
            x => Loops.CallsInLoop(x[0], 5),
            (x, g) => Loops.CallsInLoopGradient(x[0], 5, out g[0]),
            (x, s, a) => Loops.CallsInLoopPullback(x[0], 5, s, ref a[0]),
            (x, t) => (Loops.CallsInLoopPushforward(x[0], 5, t[0], out double tangent), tangent),
            (x, g, h) => Loops.CallsInLoopHessian(x[0], 5, g, h),
            (x, v, hv) => Loops.CallsInLoopHessianVectorProduct(x[0], 5, v[0], out hv[0]),
            scalarLoops);
        yield return FlatCase.Of<double>(
            "Loops.BranchState(n=6)", 1,
            x => Loops.BranchState(x[0], 6),
            (x, g) => Loops.BranchStateGradient(x[0], 6, out g[0]),
            (x, s, a) => Loops.BranchStatePullback(x[0], 6, s, ref a[0]),
            (x, t) => (Loops.BranchStatePushforward(x[0], 6, t[0], out double tangent), tangent),
            (x, g, h) => Loops.BranchStateHessian(x[0], 6, g, h),
            (x, v, hv) => Loops.BranchStateHessianVectorProduct(x[0], 6, v[0], out hv[0]),
            scalarLoops);
        yield return FlatCase.Of<double>(
            "Loops.LoopInBranch(n=4)", 1,
            x => Loops.LoopInBranch(x[0], 4),
            (x, g) => Loops.LoopInBranchGradient(x[0], 4, out g[0]),
            (x, s, a) => Loops.LoopInBranchPullback(x[0], 4, s, ref a[0]),
            (x, t) => (Loops.LoopInBranchPushforward(x[0], 4, t[0], out double tangent), tangent),
            (x, g, h) => Loops.LoopInBranchHessian(x[0], 4, g, h),
            (x, v, hv) => Loops.LoopInBranchHessianVectorProduct(x[0], 4, v[0], out hv[0]),
            scalarLoops);

        foreach (int n in new[] { 0, 1, 7 })
        {
            double[][] points = { Concat(Uniform(n, 700 + n, -1, 1), P(0.25)), Concat(Uniform(n, 750 + n, -2, 2), P(-0.5)) };
            yield return FlatCase.Of<double>(
                $"Loops.ForEachMoment(n={n})", n + 1,
                x => Loops.ForEachMoment(x.AsSpan(0, n), x[n]),
                (x, g) => Loops.ForEachMomentGradient(x.AsSpan(0, n), x[n], g.AsSpan(0, n), out g[n]),
                (x, s, a) => Loops.ForEachMomentPullback(x.AsSpan(0, n), x[n], s, a.AsSpan(0, n), ref a[n]),
                (x, t) => (Loops.ForEachMomentPushforward(x.AsSpan(0, n), x[n], t.AsSpan(0, n), t[n], out double tangent), tangent),
                (x, g, h) => Loops.ForEachMomentHessian(x.AsSpan(0, n), x[n], g, h),
                (x, v, hv) => Loops.ForEachMomentHessianVectorProduct(x.AsSpan(0, n), x[n], v.AsSpan(0, n), v[n], hv.AsSpan(0, n), out hv[n]),
                points);
            yield return FlatCase.Of<float>(
                $"LoopsF.ForEachMoment(n={n})", n + 1,
                x => LoopsF.ForEachMoment(x.AsSpan(0, n), x[n]),
                (x, g) => LoopsF.ForEachMomentGradient(x.AsSpan(0, n), x[n], g.AsSpan(0, n), out g[n]),
                (x, s, a) => LoopsF.ForEachMomentPullback(x.AsSpan(0, n), x[n], s, a.AsSpan(0, n), ref a[n]),
                (x, t) => (LoopsF.ForEachMomentPushforward(x.AsSpan(0, n), x[n], t.AsSpan(0, n), t[n], out float tangent), tangent),
                (x, g, h) => LoopsF.ForEachMomentHessian(x.AsSpan(0, n), x[n], g, h),
                (x, v, hv) => LoopsF.ForEachMomentHessianVectorProduct(x.AsSpan(0, n), x[n], v.AsSpan(0, n), v[n], hv.AsSpan(0, n), out hv[n]),
                points);
        }

        var power = new[] { P(-1.3), P(0.7), P(2.0) };
        foreach (int n in new[] { 0, 1, 4 })
        {
            yield return FlatCase.Of<double>(
                $"Loops.Power(n={n})", 1,
                x => Loops.Power(x[0], n),
                (x, g) => Loops.PowerGradient(x[0], n, out g[0]),
                (x, s, a) => Loops.PowerPullback(x[0], n, s, ref a[0]),
                (x, t) => (Loops.PowerPushforward(x[0], n, t[0], out double tangent), tangent),
                (x, g, h) => Loops.PowerHessian(x[0], n, g, h),
                (x, v, hv) => Loops.PowerHessianVectorProduct(x[0], n, v[0], out hv[0]),
                power);
            yield return FlatCase.Of<float>(
                $"LoopsF.Power(n={n})", 1,
                x => LoopsF.Power(x[0], n),
                (x, g) => LoopsF.PowerGradient(x[0], n, out g[0]),
                (x, s, a) => LoopsF.PowerPullback(x[0], n, s, ref a[0]),
                (x, t) => (LoopsF.PowerPushforward(x[0], n, t[0], out float tangent), tangent),
                (x, g, h) => LoopsF.PowerHessian(x[0], n, g, h),
                (x, v, hv) => LoopsF.PowerHessianVectorProduct(x[0], n, v[0], out hv[0]),
                power);
        }

        foreach (int n in new[] { 1, 2, 5 })
        {
            double[][] points = { Uniform(2 * n, 800 + n, -1, 1), Uniform(2 * n, 810 + n, -2, 2) };
            yield return FlatCase.Of<double>(
                $"Loops.FromTheEnd(n={n})", 2 * n,
                x => Loops.FromTheEnd(x.AsSpan(0, n), x[n..]),
                (x, g) => Loops.FromTheEndGradient(x.AsSpan(0, n), x[n..], g.AsSpan(0, n), g.AsSpan(n)),
                (x, s, a) => Loops.FromTheEndPullback(x.AsSpan(0, n), x[n..], s, a.AsSpan(0, n), a.AsSpan(n)),
                (x, t) => (Loops.FromTheEndPushforward(x.AsSpan(0, n), x[n..], t.AsSpan(0, n), t.AsSpan(n), out double tangent), tangent),
                (x, g, h) => Loops.FromTheEndHessian(x.AsSpan(0, n), x[n..], g, h),
                (x, v, hv) => Loops.FromTheEndHessianVectorProduct(x.AsSpan(0, n), x[n..], v.AsSpan(0, n), v.AsSpan(n), hv.AsSpan(0, n), hv.AsSpan(n)),
                points);
        }

        // Loops fused with their reverse where they stand (FusionFunctions.cs), and one that must not be.
        foreach (int n in new[] { 1, 2, 9 })
        {
            double[][] points = { Concat(Uniform(n, 900 + n, -1, 1), P(0.6)), Concat(Uniform(n, 910 + n, -2, 2), P(-1.1)) };
            yield return FlatCase.Of<double>(
                $"Loops.SumThenMore(n={n})", n + 1,
                x => Loops.SumThenMore(x.AsSpan(0, n), x[n]),
                (x, g) => Loops.SumThenMoreGradient(x.AsSpan(0, n), x[n], g.AsSpan(0, n), out g[n]),
                (x, s, a) => Loops.SumThenMorePullback(x.AsSpan(0, n), x[n], s, a.AsSpan(0, n), ref a[n]),
                (x, t) => (Loops.SumThenMorePushforward(x.AsSpan(0, n), x[n], t.AsSpan(0, n), t[n], out double tangent), tangent),
                (x, g, h) => Loops.SumThenMoreHessian(x.AsSpan(0, n), x[n], g, h),
                (x, v, hv) => Loops.SumThenMoreHessianVectorProduct(x.AsSpan(0, n), x[n], v.AsSpan(0, n), v[n], hv.AsSpan(0, n), out hv[n]),
                points);
        }
        foreach (int k in new[] { 1, 3 })
        {
            var data = Uniform(7, 920 + k, -2, 2);
            double[][] points = { Uniform(2 * k, 930 + k, -1, 1), Uniform(2 * k, 940 + k, -1.5, 1.5) };
            yield return FlatCase.Of<double>(
                $"Loops.Mixture(k={k})", 2 * k,
                x => Loops.Mixture(x.AsSpan(0, k), x.AsSpan(k), data),
                (x, g) => Loops.MixtureGradient(x.AsSpan(0, k), x.AsSpan(k), data, g.AsSpan(0, k), g.AsSpan(k)),
                (x, s, a) => Loops.MixturePullback(x.AsSpan(0, k), x.AsSpan(k), data, s, a.AsSpan(0, k), a.AsSpan(k)),
                (x, t) => (Loops.MixturePushforward(x.AsSpan(0, k), x.AsSpan(k), data, t.AsSpan(0, k), t.AsSpan(k), out double tangent), tangent),
                (x, g, h) => Loops.MixtureHessian(x.AsSpan(0, k), x.AsSpan(k), data, g, h),
                (x, v, hv) => Loops.MixtureHessianVectorProduct(x.AsSpan(0, k), x.AsSpan(k), data, v.AsSpan(0, k), v.AsSpan(k), hv.AsSpan(0, k), hv.AsSpan(k)),
                points);
        }
        foreach (int n in new[] { 1, 4 })
        {
            int size = n * (n + 1) / 2;
            double[][] points = { Uniform(size + n, 970 + n, -1, 1), Uniform(size + n, 980 + n, -0.5, 1.5) };
            yield return FlatCase.Of<double>(
                $"Loops.PackedRows(n={n})", size + n,
                x => Loops.PackedRows(x.AsSpan(0, size), x.AsSpan(size)),
                (x, g) => Loops.PackedRowsGradient(x.AsSpan(0, size), x.AsSpan(size), g.AsSpan(0, size), g.AsSpan(size)),
                (x, s, a) => Loops.PackedRowsPullback(x.AsSpan(0, size), x.AsSpan(size), s, a.AsSpan(0, size), a.AsSpan(size)),
                (x, t) => (Loops.PackedRowsPushforward(x.AsSpan(0, size), x.AsSpan(size), t.AsSpan(0, size), t.AsSpan(size), out double tangent), tangent),
                (x, g, h) => Loops.PackedRowsHessian(x.AsSpan(0, size), x.AsSpan(size), g, h),
                (x, v, hv) => Loops.PackedRowsHessianVectorProduct(x.AsSpan(0, size), x.AsSpan(size), v.AsSpan(0, size), v.AsSpan(size), hv.AsSpan(0, size), hv.AsSpan(size)),
                points);
        }
        foreach (int d in new[] { 1, 3 })
        {
            int size = d * (d - 1);
            double[][] points = { Uniform(size + d, 990 + d, -1, 1), Uniform(size + d, 995 + d, -0.5, 1.5) };
            yield return FlatCase.Of<double>(
                $"Loops.PackedProducts(d={d})", size + d,
                x => Loops.PackedProducts(x.AsSpan(0, size), x.AsSpan(size)),
                (x, g) => Loops.PackedProductsGradient(x.AsSpan(0, size), x.AsSpan(size), g.AsSpan(0, size), g.AsSpan(size)),
                (x, s, a) => Loops.PackedProductsPullback(x.AsSpan(0, size), x.AsSpan(size), s, a.AsSpan(0, size), a.AsSpan(size)),
                (x, t) => (Loops.PackedProductsPushforward(x.AsSpan(0, size), x.AsSpan(size), t.AsSpan(0, size), t.AsSpan(size), out double tangent), tangent),
                (x, g, h) => Loops.PackedProductsHessian(x.AsSpan(0, size), x.AsSpan(size), g, h),
                (x, v, hv) => Loops.PackedProductsHessianVectorProduct(x.AsSpan(0, size), x.AsSpan(size), v.AsSpan(0, size), v.AsSpan(size), hv.AsSpan(0, size), hv.AsSpan(size)),
                points);
        }
        foreach (int n in new[] { 2, 5 })
        {
            double[][] points = { Uniform(n, 950 + n, -1, 1), Uniform(n, 960 + n, 0.5, 1.5) };
            yield return FlatCase.Of<double>(
                $"Loops.SumThenOverwrite(n={n})", n,
                x => Loops.SumThenOverwrite(x),
                (x, g) => Loops.SumThenOverwriteGradient(x, g),
                (x, s, a) => Loops.SumThenOverwritePullback(x, s, a),
                (x, t) => (Loops.SumThenOverwritePushforward(x, t, out double tangent), tangent),
                (x, g, h) => Loops.SumThenOverwriteHessian(x, g, h),
                (x, v, hv) => Loops.SumThenOverwriteHessianVectorProduct(x, v, hv),
                points);
        }
    }

    private static readonly CaseTable Table = new(Build);

    public static IReadOnlyDictionary<string, ScalarCase> All => Table.All;

    public static ScalarCase Get(string name) => Table.Get(name);

    public static TheoryData<string> Names => Table.Names;

    public static TheoryData<string> SecondOrderNames => Table.SecondOrderNames;
}
