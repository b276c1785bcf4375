using System;
using System.Collections.Generic;
using System.Numerics;
using AutoDiffGen.IntegrationTests.Checking;
using AutoDiffGen.IntegrationTests.Functions;

namespace AutoDiffGen.IntegrationTests;

/// <summary>
/// The table of generic functions checked by <see cref="GenericTests"/>: each generic [Differentiable] method of
/// <see cref="GenericFunctions"/> through its generic members, at double and at float from the same code (<see cref="At{T}"/>),
/// and the double and float methods that call the generic ones.
/// </summary>
public static class GenericCases
{
    private static readonly double[][] Pairs = { new[] { 0.5, 1.25 }, new[] { -1.5, -0.75 }, new[] { 2.0, 0.375 } };

    /// <summary>Every generic method's cases at <typeparamref name="T"/>, named with <paramref name="suffix"/> (<c>&lt;double&gt;</c>).</summary>
    private static IEnumerable<ScalarCase> At<T>(string suffix) where T : IFloatingPointIeee754<T>
    {
        yield return FlatCase.Of<T>(
            "Generic.Smooth" + suffix, 2,
            x => GenericFunctions.Smooth(x[0], x[1]),
            (x, g) => GenericFunctions.SmoothGradient(x[0], x[1], out g[0], out g[1]),
            (x, s, a) => GenericFunctions.SmoothPullback(x[0], x[1], s, ref a[0], ref a[1]),
            (x, t) => (GenericFunctions.SmoothPushforward(x[0], x[1], t[0], t[1], out T tangent), tangent),
            (x, g, h) => GenericFunctions.SmoothHessian<T>(x[0], x[1], g, h),
            (x, v, hv) => GenericFunctions.SmoothHessianVectorProduct(x[0], x[1], v[0], v[1], out hv[0], out hv[1]),
            Pairs);
        yield return FlatCase.Of<T>(
            "Generic.Narrow" + suffix, 2,
            x => GenericFunctions.Narrow(x[0], x[1]),
            (x, g) => GenericFunctions.NarrowGradient(x[0], x[1], out g[0], out g[1]),
            (x, s, a) => GenericFunctions.NarrowPullback(x[0], x[1], s, ref a[0], ref a[1]),
            (x, t) => (GenericFunctions.NarrowPushforward(x[0], x[1], t[0], t[1], out T tangent), tangent),
            (x, g, h) => GenericFunctions.NarrowHessian<T>(x[0], x[1], g, h),
            (x, v, hv) => GenericFunctions.NarrowHessianVectorProduct(x[0], x[1], v[0], v[1], out hv[0], out hv[1]),
            Pairs);
        yield return FlatCase.Of<T>(
            "Generic.Composed" + suffix, 2,
            x => GenericFunctions.Composed(x[0], x[1]),
            (x, g) => GenericFunctions.ComposedGradient(x[0], x[1], out g[0], out g[1]),
            (x, s, a) => GenericFunctions.ComposedPullback(x[0], x[1], s, ref a[0], ref a[1]),
            (x, t) => (GenericFunctions.ComposedPushforward(x[0], x[1], t[0], t[1], out T tangent), tangent),
            (x, g, h) => GenericFunctions.ComposedHessian<T>(x[0], x[1], g, h),
            (x, v, hv) => GenericFunctions.ComposedHessianVectorProduct(x[0], x[1], v[0], v[1], out hv[0], out hv[1]),
            Pairs);
        foreach (int steps in new[] { 0, 1, 6 })
        {
            yield return FlatCase.Of<T>(
                $"Generic.Recurrence(steps={steps})" + suffix, 1,
                x => GenericFunctions.Recurrence(x[0], steps),
                (x, g) => GenericFunctions.RecurrenceGradient(x[0], steps, out g[0]),
                (x, s, a) => GenericFunctions.RecurrencePullback(x[0], steps, s, ref a[0]),
                (x, t) => (GenericFunctions.RecurrencePushforward(x[0], steps, t[0], out T tangent), tangent),
                (x, g, h) => GenericFunctions.RecurrenceHessian<T>(x[0], steps, g, h),
                (x, v, hv) => GenericFunctions.RecurrenceHessianVectorProduct(x[0], steps, v[0], out hv[0]),
                new[] { 0.25 }, new[] { -0.5 }, new[] { 0.75 });
        }
        foreach (int n in new[] { 1, 4, 9 })
        {
            double[][] points = { LoopCases.Concat(LoopCases.AwayFromZero(n, n, 0.2, 1.5), new[] { 0.75 }), LoopCases.Concat(LoopCases.AwayFromZero(n, 2 * n, 0.2, 1.5), new[] { -1.25 }) };
            yield return FlatCase.Of<T>(
                $"Generic.Weighted(n={n})" + suffix, n + 1,
                x => GenericFunctions.Weighted<T>(x.AsSpan(0, n), x[n]),
                (x, g) => GenericFunctions.WeightedGradient<T>(x.AsSpan(0, n), x[n], g.AsSpan(0, n), out g[n]),
                (x, s, a) => GenericFunctions.WeightedPullback<T>(x.AsSpan(0, n), x[n], s, a.AsSpan(0, n), ref a[n]),
                (x, t) => (GenericFunctions.WeightedPushforward<T>(x.AsSpan(0, n), x[n], t.AsSpan(0, n), t[n], out T tangent), tangent),
                (x, g, h) => GenericFunctions.WeightedHessian<T>(x.AsSpan(0, n), x[n], g, h),
                (x, v, hv) => GenericFunctions.WeightedHessianVectorProduct<T>(x.AsSpan(0, n), x[n], v.AsSpan(0, n), v[n], hv.AsSpan(0, n), out hv[n]),
                points);
        }
    }

    /// <summary>Points for a span of n and a scalar, away from 0.</summary>
    private static double[][] SpanPoints(int n) => new[] { LoopCases.Concat(LoopCases.AwayFromZero(n, n, 0.2, 1.0), new[] { 0.5 }), LoopCases.Concat(LoopCases.AwayFromZero(n, 3 * n, 0.2, 1.0), new[] { -0.25 }) };

    /// <summary>Calls of the generic span helper: from a generic method at <typeparamref name="T"/> (inlined with its slices).</summary>
    private static IEnumerable<ScalarCase> SpanCallsAt<T>(string suffix) where T : IFloatingPointIeee754<T>
    {
        foreach (int n in new[] { 2, 5 })
        {
            yield return FlatCase.Of<T>(
                $"Generic.SelfSimilarity(n={n})" + suffix, n + 1,
                x => GenericFunctions.SelfSimilarity<T>(x.AsSpan(0, n), x[n]),
                (x, g) => GenericFunctions.SelfSimilarityGradient<T>(x.AsSpan(0, n), x[n], g.AsSpan(0, n), out g[n]),
                (x, s, a) => GenericFunctions.SelfSimilarityPullback<T>(x.AsSpan(0, n), x[n], s, a.AsSpan(0, n), ref a[n]),
                (x, t) => (GenericFunctions.SelfSimilarityPushforward<T>(x.AsSpan(0, n), x[n], t.AsSpan(0, n), t[n], out T tangent), tangent),
                (x, g, h) => GenericFunctions.SelfSimilarityHessian<T>(x.AsSpan(0, n), x[n], g, h),
                (x, v, hv) => GenericFunctions.SelfSimilarityHessianVectorProduct<T>(x.AsSpan(0, n), x[n], v.AsSpan(0, n), v[n], hv.AsSpan(0, n), out hv[n]),
                SpanPoints(n));
        }
    }

    private static IEnumerable<ScalarCase> Build()
    {
        foreach (var c in At<double>("<double>")) yield return c;
        foreach (var c in At<float>("<float>")) yield return c;
        foreach (var c in SpanCallsAt<double>("<double>")) yield return c;
        foreach (var c in SpanCallsAt<float>("<float>")) yield return c;
        // Non-generic methods passing spans to the generic helper, inlined at double and at float.
        const int m = 4;
        yield return FlatCase.Of<double>(
            "Generic.DotAtDouble", m + 1,
            x => GenericFunctions.DotAtDouble(x.AsSpan(0, m), x[m]),
            (x, g) => GenericFunctions.DotAtDoubleGradient(x.AsSpan(0, m), x[m], g.AsSpan(0, m), out g[m]),
            (x, s, a) => GenericFunctions.DotAtDoublePullback(x.AsSpan(0, m), x[m], s, a.AsSpan(0, m), ref a[m]),
            (x, t) => (GenericFunctions.DotAtDoublePushforward(x.AsSpan(0, m), x[m], t.AsSpan(0, m), t[m], out double tangent), tangent),
            (x, g, h) => GenericFunctions.DotAtDoubleHessian(x.AsSpan(0, m), x[m], g, h),
            (x, v, hv) => GenericFunctions.DotAtDoubleHessianVectorProduct(x.AsSpan(0, m), x[m], v.AsSpan(0, m), v[m], hv.AsSpan(0, m), out hv[m]),
            SpanPoints(m));
        yield return FlatCase.Of<float>(
            "Generic.DotAtFloat", m + 1,
            x => GenericFunctions.DotAtFloat(x[..m], x[m]),
            (x, g) => GenericFunctions.DotAtFloatGradient(x[..m], x[m], g.AsSpan(0, m), out g[m]),
            (x, s, a) => GenericFunctions.DotAtFloatPullback(x[..m], x[m], s, a.AsSpan(0, m), ref a[m]),
            (x, t) => (GenericFunctions.DotAtFloatPushforward(x[..m], x[m], t.AsSpan(0, m), t[m], out float tangent), tangent),
            (x, g, h) => GenericFunctions.DotAtFloatHessian(x[..m], x[m], g, h),
            (x, v, hv) => GenericFunctions.DotAtFloatHessianVectorProduct(x[..m], x[m], v.AsSpan(0, m), v[m], hv.AsSpan(0, m), out hv[m]),
            SpanPoints(m));
        // Non-generic methods calling the generic ones at double and at float.
        yield return FlatCase.Of<double>(
            "Generic.AtDouble", 2,
            x => GenericFunctions.AtDouble(x[0], x[1]),
            (x, g) => GenericFunctions.AtDoubleGradient(x[0], x[1], out g[0], out g[1]),
            (x, s, a) => GenericFunctions.AtDoublePullback(x[0], x[1], s, ref a[0], ref a[1]),
            (x, t) => (GenericFunctions.AtDoublePushforward(x[0], x[1], t[0], t[1], out double tangent), tangent),
            (x, g, h) => GenericFunctions.AtDoubleHessian(x[0], x[1], g, h),
            (x, v, hv) => GenericFunctions.AtDoubleHessianVectorProduct(x[0], x[1], v[0], v[1], out hv[0], out hv[1]),
            Pairs);
        yield return FlatCase.Of<float>(
            "Generic.AtFloat", 2,
            x => GenericFunctions.AtFloat(x[0], x[1]),
            (x, g) => GenericFunctions.AtFloatGradient(x[0], x[1], out g[0], out g[1]),
            (x, s, a) => GenericFunctions.AtFloatPullback(x[0], x[1], s, ref a[0], ref a[1]),
            (x, t) => (GenericFunctions.AtFloatPushforward(x[0], x[1], t[0], t[1], out float tangent), tangent),
            (x, g, h) => GenericFunctions.AtFloatHessian(x[0], x[1], g, h),
            (x, v, hv) => GenericFunctions.AtFloatHessianVectorProduct(x[0], x[1], v[0], v[1], out hv[0], out hv[1]),
            Pairs);
    }

    private static readonly CaseTable Table = new(Build);

    public static IReadOnlyDictionary<string, ScalarCase> All => Table.All;

    public static ScalarCase Get(string name) => Table.Get(name);

    public static Xunit.TheoryData<string> Names => Table.Names;

    public static Xunit.TheoryData<string> SecondOrderNames => Table.SecondOrderNames;
}
