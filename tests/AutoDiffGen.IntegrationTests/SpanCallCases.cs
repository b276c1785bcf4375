using System;
using System.Collections.Generic;
using AutoDiffGen.IntegrationTests.Checking;
using AutoDiffGen.IntegrationTests.Functions;
using Xunit;
using static AutoDiffGen.IntegrationTests.LoopCases;

namespace AutoDiffGen.IntegrationTests;

/// <summary>
/// The table of <see cref="SpanCalls"/> functions (helpers called with spans, slices and local buffers, inlined by the
/// generator) checked by <see cref="SpanCallTests"/>, every one with its Hessian and Hessian-vector product.
/// </summary>
public static class SpanCallCases
{
    private static IEnumerable<ScalarCase> Build()
    {
        foreach (int n in new[] { 1, 3, 5 })
        {
            double[][] points = { AwayFromZero(2 * n, 500 + n, 0.3, 1.2), Uniform(2 * n, 510 + n, -1, 1) };
            yield return FlatCase.Of<double>($"SpanCalls.Cosine(n={n})", 2 * n,
                x => SpanCalls.Cosine(x.AsSpan(0, n), x.AsSpan(n)),
                (x, g) => SpanCalls.CosineGradient(x.AsSpan(0, n), x.AsSpan(n), g.AsSpan(0, n), g.AsSpan(n)),
                (x, s, a) => SpanCalls.CosinePullback(x.AsSpan(0, n), x.AsSpan(n), s, a.AsSpan(0, n), a.AsSpan(n)),
                (x, t) => (SpanCalls.CosinePushforward(x.AsSpan(0, n), x.AsSpan(n), t.AsSpan(0, n), t.AsSpan(n), out double tangent), tangent),
                (x, g, h) => SpanCalls.CosineHessian(x.AsSpan(0, n), x.AsSpan(n), g, h),
                (x, v, hv) => SpanCalls.CosineHessianVectorProduct(x.AsSpan(0, n), x.AsSpan(n), v.AsSpan(0, n), v.AsSpan(n), hv.AsSpan(0, n), hv.AsSpan(n)),
                points);
        }

        foreach (var (rows, n) in new[] { (1, 1), (3, 2), (4, 3) })
        {
            int size = rows * n;
            double[][] points = { Uniform(size + n, 520 + size, -1, 1), Uniform(size + n, 530 + size, -2, 2) };
            yield return FlatCase.Of<double>($"SpanCalls.RowEnergy(rows={rows}, n={n})", size + n,
                x => SpanCalls.RowEnergy(x.AsSpan(0, size), x.AsSpan(size)),
                (x, g) => SpanCalls.RowEnergyGradient(x.AsSpan(0, size), x.AsSpan(size), g.AsSpan(0, size), g.AsSpan(size)),
                (x, s, a) => SpanCalls.RowEnergyPullback(x.AsSpan(0, size), x.AsSpan(size), s, a.AsSpan(0, size), a.AsSpan(size)),
                (x, t) => (SpanCalls.RowEnergyPushforward(x.AsSpan(0, size), x.AsSpan(size), t.AsSpan(0, size), t.AsSpan(size), out double tangent), tangent),
                (x, g, h) => SpanCalls.RowEnergyHessian(x.AsSpan(0, size), x.AsSpan(size), g, h),
                (x, v, hv) => SpanCalls.RowEnergyHessianVectorProduct(x.AsSpan(0, size), x.AsSpan(size), v.AsSpan(0, size), v.AsSpan(size), hv.AsSpan(0, size), hv.AsSpan(size)),
                points);
        }

        foreach (int n in new[] { 2, 5, 8 })
        {
            double[][] points = { AwayFromZero(n, 540 + n, 0.3, 1.2), Uniform(n, 550 + n, -2, 2) };
            yield return FlatCase.OfSpan<double>($"SpanCalls.Halves(n={n})", n, SpanCalls.Halves, SpanCalls.HalvesGradient,
                SpanCalls.HalvesPullback, SpanCalls.HalvesPushforward, SpanCalls.HalvesHessian, SpanCalls.HalvesHessianVectorProduct, points);
            yield return FlatCase.OfSpan<double>($"SpanCalls.Variance(n={n})", n, SpanCalls.Variance, SpanCalls.VarianceGradient,
                SpanCalls.VariancePullback, SpanCalls.VariancePushforward, SpanCalls.VarianceHessian, SpanCalls.VarianceHessianVectorProduct, points);
            yield return FlatCase.Of<double>($"SpanCalls.Shifted(n={n})", n,
                x => SpanCalls.Shifted(x),
                (x, g) => SpanCalls.ShiftedGradient(x, g),
                (x, s, a) => SpanCalls.ShiftedPullback(x, s, a),
                (x, t) => (SpanCalls.ShiftedPushforward(x, t, out double tangent), tangent),
                (x, g, h) => SpanCalls.ShiftedHessian(x, g, h),
                (x, v, hv) => SpanCalls.ShiftedHessianVectorProduct(x, v, hv),
                points);
        }

        foreach (int n in new[] { 1, 2, 4 })
        {
            double[][] points = { Uniform(2 * n, 560 + n, -1, 1), Uniform(2 * n, 570 + n, -2, 2) };
            yield return FlatCase.Of<double>($"SpanCalls.Combined(n={n})", 2 * n,
                x => SpanCalls.Combined(x.AsSpan(0, n), x.AsSpan(n)),
                (x, g) => SpanCalls.CombinedGradient(x.AsSpan(0, n), x.AsSpan(n), g.AsSpan(0, n), g.AsSpan(n)),
                (x, s, a) => SpanCalls.CombinedPullback(x.AsSpan(0, n), x.AsSpan(n), s, a.AsSpan(0, n), a.AsSpan(n)),
                (x, t) => (SpanCalls.CombinedPushforward(x.AsSpan(0, n), x.AsSpan(n), t.AsSpan(0, n), t.AsSpan(n), out double tangent), tangent),
                (x, g, h) => SpanCalls.CombinedHessian(x.AsSpan(0, n), x.AsSpan(n), g, h),
                (x, v, hv) => SpanCalls.CombinedHessianVectorProduct(x.AsSpan(0, n), x.AsSpan(n), v.AsSpan(0, n), v.AsSpan(n), hv.AsSpan(0, n), hv.AsSpan(n)),
                points);
        }

        // Local spans naming parts of arrays: declared in a loop, made to name the next window, written through.
        foreach (var (rows, n) in new[] { (1, 2), (3, 2), (2, 4) })
        {
            int size = rows * n;
            double[][] points = { Uniform(size, 580 + size, -1, 1), Uniform(size, 590 + size, -2, 2) };
            yield return FlatCase.Of<double>($"SpanCalls.RowNorms(rows={rows}, n={n})", size,
                x => SpanCalls.RowNorms(x, n),
                (x, g) => SpanCalls.RowNormsGradient(x, n, g),
                (x, s, a) => SpanCalls.RowNormsPullback(x, n, s, a),
                (x, t) => (SpanCalls.RowNormsPushforward(x, n, t, out double tangent), tangent),
                (x, g, h) => SpanCalls.RowNormsHessian(x, n, g, h),
                (x, v, hv) => SpanCalls.RowNormsHessianVectorProduct(x, n, v, hv),
                points);
        }

        foreach (var (size, w) in new[] { (3, 1), (5, 2), (6, 6) })
        {
            double[][] points = { Uniform(size, 600 + size, -1, 1), Uniform(size, 610 + size, -2, 2) };
            yield return FlatCase.Of<double>($"SpanCalls.Windows(n={size}, w={w})", size,
                x => SpanCalls.Windows(x, w),
                (x, g) => SpanCalls.WindowsGradient(x, w, g),
                (x, s, a) => SpanCalls.WindowsPullback(x, w, s, a),
                (x, t) => (SpanCalls.WindowsPushforward(x, w, t, out double tangent), tangent),
                (x, g, h) => SpanCalls.WindowsHessian(x, w, g, h),
                (x, v, hv) => SpanCalls.WindowsHessianVectorProduct(x, w, v, hv),
                points);
        }

        foreach (int n in new[] { 1, 3, 4 })
        {
            double[][] points = { Uniform(n, 620 + n, -1, 1), Uniform(n, 630 + n, -2, 2) };
            yield return FlatCase.OfSpan<double>($"SpanCalls.BufferHalves(n={n})", n, SpanCalls.BufferHalves, SpanCalls.BufferHalvesGradient,
                SpanCalls.BufferHalvesPullback, SpanCalls.BufferHalvesPushforward, SpanCalls.BufferHalvesHessian, SpanCalls.BufferHalvesHessianVectorProduct, points);
        }

        // Local arrays declared inside a loop and a branch, with lengths the parameters fix.
        foreach (var (n, steps) in new[] { (1, 1), (3, 2), (4, 3) })
        {
            double[][] points = { Uniform(n, 640 + n, -1, 1), Uniform(n, 650 + n, -2, 2) };
            yield return FlatCase.Of<double>($"SpanCalls.ScratchPerStep(n={n}, steps={steps})", n,
                x => SpanCalls.ScratchPerStep(x, steps),
                (x, g) => SpanCalls.ScratchPerStepGradient(x, steps, g),
                (x, s, a) => SpanCalls.ScratchPerStepPullback(x, steps, s, a),
                (x, t) => (SpanCalls.ScratchPerStepPushforward(x, steps, t, out double tangent), tangent),
                (x, g, h) => SpanCalls.ScratchPerStepHessian(x, steps, g, h),
                (x, v, hv) => SpanCalls.ScratchPerStepHessianVectorProduct(x, steps, v, hv),
                points);
        }

        // A helper with a local array, inlined outside loops and in one.
        foreach (var (n, rounds) in new[] { (1, 1), (3, 2), (5, 0) })
        {
            double[][] points = { Uniform(n, 660 + n, -1, 1), Uniform(n, 670 + n, -2, 2) };
            yield return FlatCase.Of<double>($"SpanCalls.PrefixTwice(n={n}, rounds={rounds})", n,
                x => SpanCalls.PrefixTwice(x, rounds),
                (x, g) => SpanCalls.PrefixTwiceGradient(x, rounds, g),
                (x, s, a) => SpanCalls.PrefixTwicePullback(x, rounds, s, a),
                (x, t) => (SpanCalls.PrefixTwicePushforward(x, rounds, t, out double tangent), tangent),
                (x, g, h) => SpanCalls.PrefixTwiceHessian(x, rounds, g, h),
                (x, v, hv) => SpanCalls.PrefixTwiceHessianVectorProduct(x, rounds, v, hv),
                points);
        }

        // Local spans chosen at run time, an LSTM's walk over its layers.
        foreach (var (n, layers) in new[] { (1, 1), (2, 2), (3, 3) })
        {
            double[] weights = { 0.7, -1.1, 0.4 };
            double[][] points = { Uniform(n, 680 + n, -1, 1), Uniform(n, 690 + n, -2, 2) };
            yield return FlatCase.Of<double>($"SpanCalls.Layers(n={n}, layers={layers})", n,
                x => SpanCalls.Layers(x, weights, layers),
                (x, g) => SpanCalls.LayersGradient(x, weights, layers, g, new double[weights.Length]),
                (x, s, a) => SpanCalls.LayersPullback(x, weights, layers, s, a, new double[weights.Length]),
                (x, t) => (SpanCalls.LayersPushforward(x, weights, layers, t, new double[weights.Length], out double tangent), tangent),
                null, null,
                points);
        }
    }

    private static readonly CaseTable Table = new(Build);

    public static TheoryData<string> Names => Table.Names;

    public static TheoryData<string> SecondOrderNames => Table.SecondOrderNames;

    public static ScalarCase Get(string name) => Table.Get(name);
}
