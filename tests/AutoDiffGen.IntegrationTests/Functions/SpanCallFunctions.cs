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

    /// <summary>A helper that returns a tuple.</summary>
    [Differentiable]
    public static (double Sum, double SumOfSquares) Moments(ReadOnlySpan<double> x)
    {
        double s = 0, q = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += x[i];
            q += x[i] * x[i];
        }
        return (s, q);
    }

    /// <summary>The variance from <see cref="Moments"/> deconstructed, plus one element of it for a slice.</summary>
    [Differentiable]
    public static double Variance(ReadOnlySpan<double> x)
    {
        var (s, q) = Moments(x);
        double n = x.Length;
        return q / n - s / n * (s / n) + Moments(x[1..]).SumOfSquares;
    }

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

    /// <summary>Rows of m named by a local span declared in the loop: indexed, measured, and passed to a helper.</summary>
    [Differentiable]
    public static double RowNorms(ReadOnlySpan<double> m, int n)
    {
        double total = 0;
        for (int r = 0; r < m.Length / n; r++)
        {
            ReadOnlySpan<double> row = m.Slice(r * n, n);
            double s = 0;
            for (int j = 0; j < row.Length; j++) s += row[j] * row[^(j + 1)];
            total += Math.Sqrt(1 + s * s) + Dot(row, row) * 0.5;
        }
        return total;
    }

    /// <summary>A local span made to name the next window of x each iteration (the same array, another part).</summary>
    [Differentiable]
    public static double Windows(ReadOnlySpan<double> x, int w)
    {
        ReadOnlySpan<double> window = x.Slice(0, w);
        double sum = 0;
        for (int k = 0; k + w <= x.Length; k++)
        {
            window = x.Slice(k, w);
            sum += Dot(window, window) * window[^1];
        }
        return sum;
    }

    /// <summary>Halves of a local buffer named by local spans, written through them, then read by a helper.</summary>
    [Differentiable]
    public static double BufferHalves(ReadOnlySpan<double> x)
    {
        int n = x.Length;
        Span<double> buffer = stackalloc double[2 * n];
        Span<double> low = buffer[..n];
        Span<double> high = buffer.Slice(n);
        for (int i = 0; i < n; i++)
        {
            low[i] = x[i] * x[i];
            high[i] = low[i] - x[n - 1 - i];
        }
        return Dot(low, high) + high[0];
    }

    /// <summary>A vector-valued method that writes its output through local spans naming its halves.</summary>
    [Differentiable]
    public static void WriteHalves(ReadOnlySpan<double> x, Span<double> y)
    {
        int h = y.Length / 2;
        Span<double> first = y[..h];
        Span<double> second = y.Slice(h);
        for (int i = 0; i < first.Length; i++) first[i] = x[i] * x[i];
        for (int i = 0; i < second.Length; i++) second[i] = x[i] * 3;
    }

    /// <summary>A scratch array declared inside the loop (fresh and zeroed each iteration), with a length fixed by the parameters.</summary>
    [Differentiable]
    public static double ScratchPerStep(ReadOnlySpan<double> x, int steps)
    {
        double total = 0;
        for (int s = 0; s < steps; s++)
        {
            double[] scratch = new double[x.Length + 1];
            for (int i = 0; i < x.Length; i++) scratch[i + 1] = scratch[i] + x[i] * (s + 1);
            total += Dot(scratch, scratch) / (s + 1);
            if (total > 1.5)
            {
                double[] damp = new double[2];
                damp[1] = total;
                total = Math.Sqrt(damp[1]) + damp[0];
            }
        }
        return total;
    }

    /// <summary>Prefix sums of x into a scratch array of its own: a helper with a local array.</summary>
    [Differentiable]
    public static double PrefixEnergy(ReadOnlySpan<double> x)
    {
        double[] prefix = new double[x.Length];
        double running = 0;
        for (int i = 0; i < x.Length; i++)
        {
            running += x[i];
            prefix[i] = running;
        }
        return Dot(prefix, prefix);
    }

    /// <summary>The helper with a local array called outside any loop, and inside one (its array then allocated once, at the top).</summary>
    [Differentiable]
    public static double PrefixTwice(ReadOnlySpan<double> x, int rounds)
    {
        double total = PrefixEnergy(x);
        for (int r = 0; r < rounds; r++) total += PrefixEnergy(x) * (r + 1) * x[0];
        return total;
    }

    /// <summary>
    /// Layers walked as an LSTM walks them: the input of layer 0 is x, the input of a later layer is the state the layer
    /// before wrote (a local span chosen at run time), read by index and measured; the state is written through another.
    /// </summary>
    [Differentiable]
    public static double Layers(ReadOnlySpan<double> x, ReadOnlySpan<double> weights, int layers)
    {
        int n = x.Length;
        Span<double> state = stackalloc double[n * layers];
        for (int layer = 0; layer < layers; layer++)
        {
            ReadOnlySpan<double> input = layer == 0 ? x : state.Slice((layer - 1) * n, n);
            Span<double> output = layer % 2 == 0 ? state.Slice(layer * n, n) : state[(layer * n)..((layer + 1) * n)];
            for (int i = 0; i < input.Length; i++)
            {
                output[i] = Math.Tanh(weights[layer] * input[i] + input[^1]);
                output[i] += 0.5 * input[i];
            }
        }
        double sum = 0;
        for (int i = 0; i < n; i++) sum += state[(layers - 1) * n + i] * state[(layers - 1) * n + i];
        return sum;
    }
}

