using System;

namespace AutoDiffGen.IntegrationTests.Functions;

/// <summary>
/// Helpers that take spans, called with whole spans, slices (<c>Slice</c>, ranges, <c>AsSpan</c>) and local buffers,
/// from loops and from each other: the generator puts their bodies in place of the calls (Transforms/Inlining).
/// </summary>
public static partial class SpanCalls
{
    [Differentiable]
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    /// <summary>A helper that calls a helper, passing its own span twice.</summary>
    [Differentiable]
    public static double Norm(ReadOnlySpan<double> v) => Math.Sqrt(Dot(v, v));

    /// <summary>y += α·x: reads and writes <paramref name="y"/> (an output whose values on entry are data).</summary>
    [Differentiable]
    public static void Axpy(double alpha, ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < x.Length; i++) y[i] += alpha * x[i];
    }

    /// <summary>The cosine of the angle between a and b: whole spans, three calls, one nested.</summary>
    [Differentiable]
    public static double Cosine(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => Dot(a, b) / (Norm(a) * Norm(b));

    /// <summary>Σ_r (row_r · w)² for the rows of m (r·n elements): a slice per iteration of a loop.</summary>
    [Differentiable]
    public static double RowEnergy(ReadOnlySpan<double> m, ReadOnlySpan<double> w)
    {
        int n = w.Length;
        double energy = 0;
        for (int r = 0; r < m.Length / n; r++)
        {
            double d = Dot(m.Slice(r * n, n), w);
            energy += d * d;
        }
        return energy;
    }

    /// <summary>The first half of x against the second, by ranges; and its tail's norm, by a slice of a slice.</summary>
    [Differentiable]
    public static double Halves(ReadOnlySpan<double> x)
    {
        int h = x.Length / 2;
        return Dot(x[..h], x[h..(2 * h)]) + Norm(x.Slice(1).Slice(h - 1));
    }

    /// <summary>A local buffer written by a helper (two calls accumulating into it), then read by another.</summary>
    [Differentiable]
    public static double Combined(ReadOnlySpan<double> x, ReadOnlySpan<double> w)
    {
        Span<double> y = stackalloc double[x.Length];
        Axpy(2.0, x, y);
        Axpy(-0.5 * w[0], w, y);
        return Dot(y, y) + y[0] * x[0];
    }

    /// <summary>Shifted products of an array by AsSpan: Σ x[i]·x[i+1].</summary>
    [Differentiable]
    public static double Shifted(double[] x) => Dot(x.AsSpan(1), x.AsSpan(0, x.Length - 1));

    /// <summary>A vector-valued method that writes its output only through a helper: y = a·x (on y's entry values, which are data).</summary>
    [Differentiable]
    public static void Scale(ReadOnlySpan<double> x, double a, Span<double> y)
    {
        for (int i = 0; i < y.Length; i++) y[i] = 0;
        Axpy(a, x, y);
    }
}
