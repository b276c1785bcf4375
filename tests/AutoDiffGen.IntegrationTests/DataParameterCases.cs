using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.IntegrationTests.Checking;
using AutoDiffGen.IntegrationTests.Functions;
using Xunit;
using static AutoDiffGen.IntegrationTests.Checking.Case;

namespace AutoDiffGen.IntegrationTests;

/// <summary>
/// The table of <see cref="DataParameters"/> functions checked by <see cref="DataParameterTests"/>: the data is captured
/// by the lambdas that adapt the generated members to a flat vector of the active inputs (<see cref="FlatCase"/>).
/// </summary>
public static class DataParameterCases
{
    /// <summary>The data matrix of <see cref="DataParameters.ThroughMatrixData"/>.</summary>
    public static readonly Matrix Samples = Matrix.FromRows([0.5, -1.0, 0.25], [2.0, 0.1, -0.3]);

    private static IEnumerable<ScalarCase> Build()
    {
        yield return FlatCase.Of<double>(
            "DataParameters.ThroughMatrixData", 2,
            x => DataParameters.ThroughMatrixData(x[0], x[1], Samples),
            (x, g) => DataParameters.ThroughMatrixDataGradient(x[0], x[1], Samples, out g[0], out g[1]),
            (x, s, a) => DataParameters.ThroughMatrixDataPullback(x[0], x[1], Samples, s, ref a[0], ref a[1]),
            (x, t) => (DataParameters.ThroughMatrixDataPushforward(x[0], x[1], Samples, t[0], t[1], out double tangent), tangent),
            (x, g, h) => DataParameters.ThroughMatrixDataHessian(x[0], x[1], Samples, g, h),
            (x, v, hv) => DataParameters.ThroughMatrixDataHessianVectorProduct(x[0], x[1], Samples, v[0], v[1], out hv[0], out hv[1]),
            P(0.4, -0.2), P(-1.1, 0.7), P(2.0, 0.3));

        foreach (int n in new[] { 1, 3, 6 })
        {
            double[][] points = { LoopCases.Uniform(n, 600 + n, -1, 1), LoopCases.Uniform(n, 610 + n, -2, 2) };
            foreach (var settings in new[] { Relax(steps: 2, halve: false), Relax(steps: 3, halve: true), Relax(steps: 0, halve: true) })
            {
                yield return FlatCase.Of<double>(
                    $"DataParameters.Relaxation(n={n}, steps={settings.Steps}, halve={settings.Halve})", n,
                    x => DataParameters.Relaxation(x, settings),
                    (x, g) => DataParameters.RelaxationGradient(x, settings, g),
                    (x, s, a) => DataParameters.RelaxationPullback(x, settings, s, a),
                    (x, t) => (DataParameters.RelaxationPushforward(x, settings, t, out double tangent), tangent),
                    (x, g, h) => DataParameters.RelaxationHessian(x, settings, g, h),
                    (x, v, hv) => DataParameters.RelaxationHessianVectorProduct(x, settings, v, hv),
                    points);
            }

            int[] indices = Enumerable.Range(0, 2 * n).Select(k => (k * 7 + 3) % n).ToArray();
            yield return FlatCase.Of<double>(
                $"DataParameters.Gather(n={n})", n,
                x => DataParameters.Gather(x, indices),
                (x, g) => DataParameters.GatherGradient(x, indices, g),
                (x, s, a) => DataParameters.GatherPullback(x, indices, s, a),
                (x, t) => (DataParameters.GatherPushforward(x, indices, t, out double tangent), tangent),
                (x, g, h) => DataParameters.GatherHessian(x, indices, g, h),
                (x, v, hv) => DataParameters.GatherHessianVectorProduct(x, indices, v, hv),
                points);
            yield return FlatCase.Of<float>(
                $"DataParameters.Gather(float, n={n})", n,
                x => DataParameters.Gather(x, indices),
                (x, g) => DataParameters.GatherGradient(x, indices, g),
                (x, s, a) => DataParameters.GatherPullback(x, indices, s, a),
                (x, t) => (DataParameters.GatherPushforward(x, indices, t, out float tangent), tangent),
                (x, g, h) => DataParameters.GatherHessian(x, indices, g, h),
                (x, v, hv) => DataParameters.GatherHessianVectorProduct(x, indices, v, hv),
                points);
        }

        foreach (var label in new[] { "", "abc" })
        {
            yield return FlatCase.Of<double>(
                $"DataParameters.Labeled(\"{label}\")", 2,
                x => DataParameters.Labeled(x[0], x[1], label, Mode.Exact),
                (x, g) => DataParameters.LabeledGradient(x[0], x[1], label, Mode.Exact, out g[0], out g[1]),
                (x, s, a) => DataParameters.LabeledPullback(x[0], x[1], label, Mode.Exact, s, ref a[0], ref a[1]),
                (x, t) => (DataParameters.LabeledPushforward(x[0], x[1], label, Mode.Exact, t[0], t[1], out double tangent), tangent),
                (x, g, h) => DataParameters.LabeledHessian(x[0], x[1], label, Mode.Exact, g, h),
                (x, v, hv) => DataParameters.LabeledHessianVectorProduct(x[0], x[1], label, Mode.Exact, v[0], v[1], out hv[0], out hv[1]),
                P(0.3, 0.7), P(-1.2, 0.4));
        }

        foreach (var c in Rounded()) yield return c;
    }

    private static IEnumerable<ScalarCase> Rounded()
    {
        foreach (var mode in new[] { MidpointRounding.ToEven, MidpointRounding.AwayFromZero, MidpointRounding.ToNegativeInfinity })
        {
            yield return FlatCase.Of<double>(
                $"DataParameters.RoundedBy({mode})", 1,
                x => DataParameters.RoundedBy(x[0], mode, 1),
                (x, g) => DataParameters.RoundedByGradient(x[0], mode, 1, out g[0]),
                (x, s, a) => DataParameters.RoundedByPullback(x[0], mode, 1, s, ref a[0]),
                (x, t) => (DataParameters.RoundedByPushforward(x[0], mode, 1, t[0], out double tangent), tangent),
                (x, g, h) => DataParameters.RoundedByHessian(x[0], mode, 1, g, h),
                (x, v, hv) => DataParameters.RoundedByHessianVectorProduct(x[0], mode, 1, v[0], out hv[0]),
                P(0.3117), P(-1.2031), P(0.7501));
        }
    }

    private static Settings Relax(int steps, bool halve) => new(0.7, steps, halve, [0.5, -1.5, 2.0, 0.25], new Scaling(1.5, -0.25f));

    private static readonly CaseTable Table = new(Build);

    public static IReadOnlyDictionary<string, ScalarCase> All => Table.All;

    public static ScalarCase Get(string name) => Table.Get(name);

    public static TheoryData<string> Names => Table.Names;

    public static TheoryData<string> SecondOrderNames => Table.SecondOrderNames;
}
