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
/// The table of <see cref="IndexData"/> functions checked by <see cref="IndexDataTests"/>: the integer data (indices, edges,
/// CSR structure, masks) and the [NoDerivative] settings are captured by the lambdas that adapt the generated members to a
/// flat vector of the active inputs (<see cref="FlatCase"/>).
/// </summary>
public static class IndexDataCases
{
    /// <summary>A sparse 4×5 matrix in compressed sparse rows (an empty row included), with 8 values.</summary>
    public static readonly int[] RowStart = [0, 3, 3, 5, 8];

    /// <summary>The columns of the values of <see cref="RowStart"/>'s rows.</summary>
    public static readonly int[] Columns = [0, 2, 4, 1, 2, 0, 3, 4];

    /// <summary>A square of 4 nodes with a diagonal: (0,1), (1,2), (2,3), (3,0), (0,2).</summary>
    public static readonly int[] Edges = [0, 1, 1, 2, 2, 3, 3, 0, 0, 2];

    private static IEnumerable<ScalarCase> Build()
    {
        foreach (var (n, m) in new[] { (1, 1), (4, 3), (7, 2) })
        {
            int[] idx = Enumerable.Range(0, n).Select(k => (k * 5 + 1) % m).ToArray();
            double[][] points = { Uniform(n + m, 800 + n, -1, 1), Uniform(n + m, 810 + n, -2, 2) };
            yield return FlatCase.Of<double>(
                $"IndexData.GatherSum(n={n}, m={m})", n + m,
                x => IndexData.GatherSum(x.AsSpan(0, n), x.AsSpan(n), idx),
                (x, g) => IndexData.GatherSumGradient(x.AsSpan(0, n), x.AsSpan(n), idx, g.AsSpan(0, n), g.AsSpan(n)),
                (x, s, a) => IndexData.GatherSumPullback(x.AsSpan(0, n), x.AsSpan(n), idx, s, a.AsSpan(0, n), a.AsSpan(n)),
                (x, t) => (IndexData.GatherSumPushforward(x.AsSpan(0, n), x.AsSpan(n), idx, t.AsSpan(0, n), t.AsSpan(n), out double tangent), tangent),
                (x, g, h) => IndexData.GatherSumHessian(x.AsSpan(0, n), x.AsSpan(n), idx, g, h),
                (x, v, hv) => IndexData.GatherSumHessianVectorProduct(x.AsSpan(0, n), x.AsSpan(n), idx, v.AsSpan(0, n), v.AsSpan(n), hv.AsSpan(0, n), hv.AsSpan(n)),
                points);
        }

        {
            int nnz = Columns.Length;
            const int cols = 5;
            double[][] points = { Uniform(nnz + cols, 820, -1, 1), Uniform(nnz + cols, 821, -2, 2) };
            yield return FlatCase.Of<double>(
                "IndexData.CsrEnergy", nnz + cols,
                x => IndexData.CsrEnergy(x.AsSpan(0, nnz), x.AsSpan(nnz), RowStart, Columns),
                (x, g) => IndexData.CsrEnergyGradient(x.AsSpan(0, nnz), x.AsSpan(nnz), RowStart, Columns, g.AsSpan(0, nnz), g.AsSpan(nnz)),
                (x, s, a) => IndexData.CsrEnergyPullback(x.AsSpan(0, nnz), x.AsSpan(nnz), RowStart, Columns, s, a.AsSpan(0, nnz), a.AsSpan(nnz)),
                (x, t) => (IndexData.CsrEnergyPushforward(x.AsSpan(0, nnz), x.AsSpan(nnz), RowStart, Columns, t.AsSpan(0, nnz), t.AsSpan(nnz), out double tangent), tangent),
                (x, g, h) => IndexData.CsrEnergyHessian(x.AsSpan(0, nnz), x.AsSpan(nnz), RowStart, Columns, g, h),
                (x, v, hv) => IndexData.CsrEnergyHessianVectorProduct(x.AsSpan(0, nnz), x.AsSpan(nnz), RowStart, Columns, v.AsSpan(0, nnz), v.AsSpan(nnz), hv.AsSpan(0, nnz), hv.AsSpan(nnz)),
                points);
        }

        {
            // 4 nodes in the plane, then the stiffness and the rest length.
            const int p = 8;
            double[] square = [0, 0, 1.1, 0.1, 1.2, 0.9, -0.1, 1.05, 1.5, 0.8];
            double[] random = Uniform(p, 830, -2, 2).Concat(new[] { 0.7, 1.3 }).ToArray();
            yield return FlatCase.Of<double>(
                "IndexData.SpringEnergy", p + 2,
                x => IndexData.SpringEnergy(x.AsSpan(0, p), Edges, x[p], x[p + 1]),
                (x, g) => IndexData.SpringEnergyGradient(x.AsSpan(0, p), Edges, x[p], x[p + 1], g.AsSpan(0, p), out g[p], out g[p + 1]),
                (x, s, a) => IndexData.SpringEnergyPullback(x.AsSpan(0, p), Edges, x[p], x[p + 1], s, a.AsSpan(0, p), ref a[p], ref a[p + 1]),
                (x, t) => (IndexData.SpringEnergyPushforward(x.AsSpan(0, p), Edges, x[p], x[p + 1], t.AsSpan(0, p), t[p], t[p + 1], out double tangent), tangent),
                (x, g, h) => IndexData.SpringEnergyHessian(x.AsSpan(0, p), Edges, x[p], x[p + 1], g, h),
                (x, v, hv) => IndexData.SpringEnergyHessianVectorProduct(x.AsSpan(0, p), Edges, x[p], x[p + 1], v.AsSpan(0, p), v[p], v[p + 1], hv.AsSpan(0, p), out hv[p], out hv[p + 1]),
                square, random);
        }

        foreach (int passes in new[] { 0, 1, 2 })
        {
            var stiffness = new Stiffness(0.75, passes);
            int[] more = [2, 1, 0, 2];
            yield return FlatCase.Of<double>(
                $"IndexData.PassedOn(passes={passes})", 3,
                x => IndexData.PassedOn(x, Edges, more, stiffness),
                (x, g) => IndexData.PassedOnGradient(x, Edges, more, stiffness, g),
                (x, s, a) => IndexData.PassedOnPullback(x, Edges, more, stiffness, s, a),
                (x, t) => (IndexData.PassedOnPushforward(x, Edges, more, stiffness, t, out double tangent), tangent),
                (x, g, h) => IndexData.PassedOnHessian(x, Edges, more, stiffness, g, h),
                (x, v, hv) => IndexData.PassedOnHessianVectorProduct(x, Edges, more, stiffness, v, hv),
                P(0.3, -0.7, 1.1), P(-1.2, 0.4, 0.25));
        }

        foreach (int n in new[] { 1, 3, 6 })
        {
            short[] indices = Enumerable.Range(0, 2 * n).Select(k => (short)((k * 3 + 2) % n)).ToArray();
            byte[] offsets = Enumerable.Range(0, 2 * n).Select(k => (byte)(k % 4)).ToArray();
            bool[] mask = Enumerable.Range(0, 2 * n).Select(k => k % 3 != 1).ToArray();
            double[][] points = { Uniform(n, 840 + n, -1, 1), Uniform(n, 850 + n, -2, 2) };
            yield return FlatCase.Of<double>(
                $"IndexData.Masked(n={n})", n,
                x => IndexData.Masked(x, offsets, indices, mask),
                (x, g) => IndexData.MaskedGradient(x, offsets, indices, mask, g),
                (x, s, a) => IndexData.MaskedPullback(x, offsets, indices, mask, s, a),
                (x, t) => (IndexData.MaskedPushforward(x, offsets, indices, mask, t, out double tangent), tangent),
                (x, g, h) => IndexData.MaskedHessian(x, offsets, indices, mask, g, h),
                (x, v, hv) => IndexData.MaskedHessianVectorProduct(x, offsets, indices, mask, v, hv),
                points);
        }

        {
            Func<double, double> unused = _ => throw new InvalidOperationException("The delegate is data: never called.");
            var stiffness = new Stiffness(1.5, 1);
            var label = new Label("springs", -0.5);
            yield return FlatCase.Of<double>(
                "IndexData.PassedThrough", 2,
                x => IndexData.PassedThrough(x[0], x[1], unused, stiffness, label, "abc"),
                (x, g) => IndexData.PassedThroughGradient(x[0], x[1], unused, stiffness, label, "abc", out g[0], out g[1]),
                (x, s, a) => IndexData.PassedThroughPullback(x[0], x[1], unused, stiffness, label, "abc", s, ref a[0], ref a[1]),
                (x, t) => (IndexData.PassedThroughPushforward(x[0], x[1], unused, stiffness, label, "abc", t[0], t[1], out double tangent), tangent),
                (x, g, h) => IndexData.PassedThroughHessian(x[0], x[1], unused, stiffness, label, "abc", g, h),
                (x, v, hv) => IndexData.PassedThroughHessianVectorProduct(x[0], x[1], unused, stiffness, label, "abc", v[0], v[1], out hv[0], out hv[1]),
                P(0.3, 0.7), P(-1.2, 0.4));
        }
    }

    private static readonly CaseTable Table = new(Build);

    public static IReadOnlyDictionary<string, ScalarCase> All => Table.All;

    public static ScalarCase Get(string name) => Table.Get(name);

    public static TheoryData<string> Names => Table.Names;

    public static TheoryData<string> SecondOrderNames => Table.SecondOrderNames;
}
