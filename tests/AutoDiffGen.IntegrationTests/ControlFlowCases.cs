using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.IntegrationTests.Checking;
using AutoDiffGen.IntegrationTests.Functions;
using Xunit;
using static AutoDiffGen.IntegrationTests.Checking.Case;
using static AutoDiffGen.IntegrationTests.LoopCases;

namespace AutoDiffGen.IntegrationTests;

/// <summary>
/// The table of <see cref="ControlFlow"/> functions (loops that end on data) checked by
/// <see cref="ControlFlowTests"/>. Points are chosen away from where a small step changes the number of
/// iterations or the branch taken (the functions jump there), so finite differences see one smooth piece.
/// </summary>
public static class ControlFlowCases
{
    private static IEnumerable<ScalarCase> Build()
    {
        // ------------------------------------------------ scalar loops
        yield return Of<double>("ControlFlow.NewtonWhile", ControlFlow.NewtonWhile, ControlFlow.NewtonWhileGradient, ControlFlow.NewtonWhilePullback,
            ControlFlow.NewtonWhilePushforward, ControlFlow.NewtonWhileHessian, ControlFlow.NewtonWhileHessianVectorProduct, P(0.3), P(2.0), P(9.0), P(150.0));
        yield return Of<float>("ControlFlowF.NewtonWhile", ControlFlowF.NewtonWhile, ControlFlowF.NewtonWhileGradient, ControlFlowF.NewtonWhilePullback,
            ControlFlowF.NewtonWhilePushforward, ControlFlowF.NewtonWhileHessian, ControlFlowF.NewtonWhileHessianVectorProduct, P(0.3), P(2.0), P(9.0));
        // 0.1·2^k (k = 0…6) are where the step count changes: 0.7, 3 and 5.5 are well inside their pieces.
        yield return Of<double>("ControlFlow.Halving", ControlFlow.Halving, ControlFlow.HalvingGradient, ControlFlow.HalvingPullback,
            ControlFlow.HalvingPushforward, ControlFlow.HalvingHessian, ControlFlow.HalvingHessianVectorProduct, P(0.07), P(0.7), P(3.0), P(5.5));
        yield return Of<float>("ControlFlowF.Halving", ControlFlowF.Halving, ControlFlowF.HalvingGradient, ControlFlowF.HalvingPullback,
            ControlFlowF.HalvingPushforward, ControlFlowF.HalvingHessian, ControlFlowF.HalvingHessianVectorProduct, P(0.07), P(0.7), P(3.0), P(5.5));
        yield return Of<double>("ControlFlow.FixedPoint", ControlFlow.FixedPoint, ControlFlow.FixedPointGradient, ControlFlow.FixedPointPullback,
            ControlFlow.FixedPointPushforward, ControlFlow.FixedPointHessian, ControlFlow.FixedPointHessianVectorProduct, P(0.5), P(0.8), P(1.1));
        foreach (int n in new[] { 0, 1, 4 })
        {
            yield return FlatCase.Of<double>(
                $"ControlFlow.PowerByRecursion(n={n})", 1,
                x => ControlFlow.PowerByRecursion(x[0], n),
                (x, g) => ControlFlow.PowerByRecursionGradient(x[0], n, out g[0]),
                (x, s, a) => ControlFlow.PowerByRecursionPullback(x[0], n, s, ref a[0]),
                (x, t) => (ControlFlow.PowerByRecursionPushforward(x[0], n, t[0], out double tangent), tangent),
                (x, g, h) => ControlFlow.PowerByRecursionHessian(x[0], n, g, h),
                (x, v, hv) => ControlFlow.PowerByRecursionHessianVectorProduct(x[0], n, v[0], out hv[0]),
                P(-1.3), P(0.4), P(2.0));
        }

        // From 1.2 the iterates pass 10 at the 4th step (38.6), from 2 at the 3rd (22.2), from 3.5 at the 2nd (153.9).
        yield return Of<double>("ControlFlow.GrowUntil", ControlFlow.GrowUntil, ControlFlow.GrowUntilGradient, ControlFlow.GrowUntilPullback,
            ControlFlow.GrowUntilPushforward, ControlFlow.GrowUntilHessian, ControlFlow.GrowUntilHessianVectorProduct, P(1.2), P(2.0), P(3.5));

        // ------------------------------------------------ continue and break: a sum that stops at 10
        foreach (int n in new[] { 1, 4, 30 })
        {
            double[][] points = { AwayFromZero(n, 1000 + n, 0.2, 1.2), AwayFromZero(n, 1100 + n, 0.3, 2.5) };
            yield return FlatCase.OfSpan<double>($"ControlFlow.SquaresUntil(n={n})", n, ControlFlow.SquaresUntil, ControlFlow.SquaresUntilGradient,
                ControlFlow.SquaresUntilPullback, ControlFlow.SquaresUntilPushforward, ControlFlow.SquaresUntilHessian, ControlFlow.SquaresUntilHessianVectorProduct, points);
            yield return FlatCase.OfSpan<float>($"ControlFlowF.SquaresUntil(n={n})", n, ControlFlowF.SquaresUntil, ControlFlowF.SquaresUntilGradient,
                ControlFlowF.SquaresUntilPullback, ControlFlowF.SquaresUntilPushforward, ControlFlowF.SquaresUntilHessian, ControlFlowF.SquaresUntilHessianVectorProduct, points);
        }

        // ------------------------------------------------ a return from inside the loop, or after it
        foreach (int n in new[] { 1, 5, 20 })
        {
            double[][] points =
            {
                Concat(Uniform(n, 1200 + n, -1, 1), P(0.93)), // no element above t: the return after the loop
                Concat(Uniform(n, 1300 + n, -1, 1), P(0.31)),
                Concat(Uniform(n, 1400 + n, -1, 1), P(-0.52)),
            };
            yield return FlatCase.Of<double>(
                $"ControlFlow.FirstAbove(n={n})", n + 1,
                x => ControlFlow.FirstAbove(x.AsSpan(0, n), x[n]),
                (x, g) => ControlFlow.FirstAboveGradient(x.AsSpan(0, n), x[n], g.AsSpan(0, n), out g[n]),
                (x, s, a) => ControlFlow.FirstAbovePullback(x.AsSpan(0, n), x[n], s, a.AsSpan(0, n), ref a[n]),
                (x, t) => (ControlFlow.FirstAbovePushforward(x.AsSpan(0, n), x[n], t.AsSpan(0, n), t[n], out double tangent), tangent),
                (x, g, h) => ControlFlow.FirstAboveHessian(x.AsSpan(0, n), x[n], g, h),
                (x, v, hv) => ControlFlow.FirstAboveHessianVectorProduct(x.AsSpan(0, n), x[n], v.AsSpan(0, n), v[n], hv.AsSpan(0, n), out hv[n]),
                points);
        }

        // ------------------------------------------------ while (i < n && x[i] > 0): the condition short-circuits
        foreach (int n in new[] { 1, 3, 12 })
        {
            double[][] points = { Uniform(n, 1500 + n, 0.5, 1.5), Enumerable.Range(0, n).Select(i => i == n / 2 ? -0.7 : 0.9 + 0.05 * i).ToArray() };
            yield return FlatCase.OfSpan<double>($"ControlFlow.LeadingProduct(n={n})", n, ControlFlow.LeadingProduct, ControlFlow.LeadingProductGradient,
                ControlFlow.LeadingProductPullback, ControlFlow.LeadingProductPushforward, ControlFlow.LeadingProductHessian, ControlFlow.LeadingProductHessianVectorProduct, points);
            yield return FlatCase.OfSpan<float>($"ControlFlowF.LeadingProduct(n={n})", n, ControlFlowF.LeadingProduct, ControlFlowF.LeadingProductGradient,
                ControlFlowF.LeadingProductPullback, ControlFlowF.LeadingProductPushforward, ControlFlowF.LeadingProductHessian, ControlFlowF.LeadingProductHessianVectorProduct, points);
        }

        // ------------------------------------------------ for loops of other forms: two counters, a counter assigned in the body
        foreach (int n in new[] { 0, 1, 2, 7, 10 })
        {
            double[][] points = { Uniform(n, 1600 + n, -1, 1), Uniform(n, 1700 + n, 0.5, 2) };
            yield return FlatCase.OfSpan<double>($"ControlFlow.Fold(n={n})", n, ControlFlow.Fold, ControlFlow.FoldGradient,
                ControlFlow.FoldPullback, ControlFlow.FoldPushforward, ControlFlow.FoldHessian, ControlFlow.FoldHessianVectorProduct, points);
        }

        foreach (int n in new[] { 1, 2, 5, 8 })
        {
            double[][] points = { Uniform(n, 2300 + n, -1, 1), Uniform(n, 2400 + n, 0.5, 2) };
            yield return FlatCase.OfSpan<double>($"ControlFlow.ShrinkingBound(n={n})", n, ControlFlow.ShrinkingBound, ControlFlow.ShrinkingBoundGradient,
                ControlFlow.ShrinkingBoundPullback, ControlFlow.ShrinkingBoundPushforward, ControlFlow.ShrinkingBoundHessian, ControlFlow.ShrinkingBoundHessianVectorProduct, points);
        }

        foreach (int n in new[] { 1, 6, 15 })
        {
            double[][] points = { Concat(Uniform(n, 1800 + n, 0, 2), P(0.8)), Concat(Uniform(n, 1900 + n, -0.5, 1.8), P(-1.1)) };
            yield return FlatCase.Of<double>(
                $"ControlFlow.Skipping(n={n})", n + 1,
                x => ControlFlow.Skipping(x.AsSpan(0, n), x[n]),
                (x, g) => ControlFlow.SkippingGradient(x.AsSpan(0, n), x[n], g.AsSpan(0, n), out g[n]),
                (x, s, a) => ControlFlow.SkippingPullback(x.AsSpan(0, n), x[n], s, a.AsSpan(0, n), ref a[n]),
                (x, t) => (ControlFlow.SkippingPushforward(x.AsSpan(0, n), x[n], t.AsSpan(0, n), t[n], out double tangent), tangent),
                (x, g, h) => ControlFlow.SkippingHessian(x.AsSpan(0, n), x[n], g, h),
                (x, v, hv) => ControlFlow.SkippingHessianVectorProduct(x.AsSpan(0, n), x[n], v.AsSpan(0, n), v[n], hv.AsSpan(0, n), out hv[n]),
                points);
        }

        // ------------------------------------------------ nested loops: break in the inner loop, a return from both
        foreach (int n in new[] { 1, 3, 6 })
        {
            int m = n * n;
            double[][] points =
            {
                Uniform(m, 2000 + n, 0.05, 0.4),          // no negative element, no early return
                AwayFromZero(m, 2100 + n, 0.1, 0.6),      // breaks
                Uniform(m, 2200 + n, 0.3, 1.3),           // the early return (for n > 1)
            };
            yield return FlatCase.Of<double>(
                $"ControlFlow.RowsUntil(n={n})", m,
                x => ControlFlow.RowsUntil(x, n),
                (x, g) => ControlFlow.RowsUntilGradient(x, n, g),
                (x, s, a) => ControlFlow.RowsUntilPullback(x, n, s, a),
                (x, t) => (ControlFlow.RowsUntilPushforward(x, n, t, out double tangent), tangent),
                (x, g, h) => ControlFlow.RowsUntilHessian(x, n, g, h),
                (x, v, hv) => ControlFlow.RowsUntilHessianVectorProduct(x, n, v, hv),
                points);
        }
    }

    private static readonly CaseTable Table = new(Build);

    public static IReadOnlyDictionary<string, ScalarCase> All => Table.All;

    public static ScalarCase Get(string name) => Table.Get(name);

    public static TheoryData<string> Names => Table.Names;

    public static TheoryData<string> SecondOrderNames => Table.SecondOrderNames;
}
