using System;

namespace AutoDiffGen.IntegrationTests.Functions;

/// <summary>A sealed class of settings passed through as [NoDerivative] data (a reference type, unlike <see cref="Settings"/>).</summary>
public sealed class Stiffness(double scale, int passes)
{
    public double Scale { get; } = scale;

    public int Passes { get; } = passes;
}

/// <summary>A record passed through as [NoDerivative] data.</summary>
public sealed record Label(string Name, double Weight);

/// <summary>
/// Integer data without [NoDerivative]: arrays and spans of int (observation tables, edge lists, CSR indices), of short,
/// byte and bool, read by index and from the end, walked by loops and passed on to calls; and [NoDerivative] data of any
/// type (a class, a record, a delegate never called, a string) passed through. Checked by <see cref="IndexDataTests"/>.
/// </summary>
public static partial class IndexData
{
    /// <summary>A gather: Σₖ w[idx[k]]·x[k], plus the last index's weight times the last input.</summary>
    [Differentiable]
    public static double GatherSum(ReadOnlySpan<double> x, ReadOnlySpan<double> w, int[] idx)
    {
        double s = 0;
        for (int k = 0; k < idx.Length; k++)
        {
            s += w[idx[k]] * x[k];
        }

        return s + w[idx[^1]] * x[^1] * x[^1];
    }

    /// <summary>
    /// ½‖A·x‖² for a sparse matrix A in compressed sparse rows: row r has the values values[rowStart[r] … rowStart[r + 1] − 1]
    /// in the columns columns[…]. Both the values and x carry derivatives; the inner loop's bounds are data.
    /// </summary>
    [Differentiable]
    public static double CsrEnergy(ReadOnlySpan<double> values, ReadOnlySpan<double> x, ReadOnlySpan<int> rowStart, ReadOnlySpan<int> columns)
    {
        double e = 0;
        for (int r = 0; r + 1 < rowStart.Length; r++)
        {
            double y = 0;
            for (int p = rowStart[r]; p < rowStart[r + 1]; p++)
            {
                y += values[p] * x[columns[p]];
            }

            e += 0.5 * y * y;
        }

        return e;
    }

    /// <summary>y = A·x for A in compressed sparse rows (see <see cref="CsrEnergy"/>): a vector-valued function with index data.</summary>
    [Differentiable]
    public static void CsrProduct(ReadOnlySpan<double> values, ReadOnlySpan<double> x, int[] rowStart, int[] columns, Span<double> y)
    {
        for (int r = 0; r < y.Length; r++)
        {
            double s = 0;
            for (int p = rowStart[r]; p < rowStart[r + 1]; p++)
            {
                s += values[p] * x[columns[p]];
            }

            y[r] = s;
        }
    }

    /// <summary>
    /// Springs along the edges of a graph in the plane: positions are (x, y) pairs, edges are pairs of node indices, each
    /// spring stores ½·k·(length − rest)². The stiffness and the rest length carry derivatives too.
    /// </summary>
    [Differentiable]
    public static double SpringEnergy(ReadOnlySpan<double> positions, ReadOnlySpan<int> edges, double stiffness, double rest)
    {
        double e = 0;
        for (int k = 0; k + 1 < edges.Length; k += 2)
        {
            int i = edges[k];
            int j = edges[k + 1];
            double dx = positions[2 * i] - positions[2 * j];
            double dy = positions[2 * i + 1] - positions[2 * j + 1];
            double stretch = Math.Sqrt(dx * dx + dy * dy) - rest;
            e += 0.5 * stiffness * stretch * stretch;
        }

        return e;
    }

    /// <summary>A helper that takes the edges as data: Σ over the edges of (a·i − b·j)², i and j an edge's nodes.</summary>
    [Differentiable]
    public static double EdgeTerms(double a, double b, ReadOnlySpan<int> edges, [NoDerivative] Stiffness stiffness)
    {
        double s = 0;
        for (int pass = 0; pass < stiffness.Passes; pass++)
        {
            for (int k = 0; k + 1 < edges.Length; k += 2)
            {
                double d = a * edges[k] - b * edges[k + 1];
                s += stiffness.Scale * d * d;
            }
        }

        return s;
    }

    /// <summary>
    /// The data passed on to calls: an int[] where the callee takes a ReadOnlySpan&lt;int&gt;, a Span&lt;int&gt;, and a class
    /// of settings; the callees' derivatives compose through their generated members.
    /// </summary>
    [Differentiable]
    public static double PassedOn(ReadOnlySpan<double> x, int[] edges, Span<int> moreEdges, [NoDerivative] Stiffness stiffness)
    {
        double s = EdgeTerms(x[0], x[1], edges, stiffness) + EdgeTerms(x[1] * x[2], x[0], moreEdges, stiffness);
        foreach (int node in edges)
        {
            s += Math.Sin(x[node % x.Length]) * node;
        }

        return s;
    }

    /// <summary>Small integers and a mask: byte offsets, short indices (both read as int) and bools choose the terms.</summary>
    [Differentiable]
    public static double Masked(ReadOnlySpan<double> x, byte[] offsets, ReadOnlySpan<short> indices, bool[] mask)
    {
        double s = 0;
        for (int k = 0; k < indices.Length; k++)
        {
            if (mask[k])
            {
                s += x[indices[k]] * x[(indices[k] + offsets[k]) % x.Length];
            }
            else
            {
                s -= Math.Exp(x[indices[k]] * 0.5) * offsets[k];
            }
        }

        foreach (int i in indices)
        {
            s += x[i] * x[i] * i;
        }

        return s;
    }

    /// <summary>
    /// [NoDerivative] data of other types passed through: a delegate the body never calls, a class, a record and a string;
    /// the record's and the string's values are read.
    /// </summary>
    [Differentiable]
    public static double PassedThrough(double x, double y, [NoDerivative] Func<double, double> unused, [NoDerivative] Stiffness stiffness, [NoDerivative] Label label, [NoDerivative] string name)
        => label.Weight * x * x * y + stiffness.Scale * Math.Sin(x * y) + name.Length * y;
}
