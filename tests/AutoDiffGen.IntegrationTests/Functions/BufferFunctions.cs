using System;

namespace AutoDiffGen.IntegrationTests.Functions;

/// <summary>
/// [Differentiable] functions that write buffers of their own and read them back: local arrays, <c>stackalloc</c>
/// spans and array initializers, updated in place (<c>=</c>, <c>+=</c>, <c>*=</c>, <c>/=</c>, <c>++</c>) inside
/// loops whose reverse sweep must see each iteration's contents again. Checked by <see cref="BufferTests"/>.
/// </summary>
public static partial class Buffers
{
    /// <summary>Σ over windows of k elements of log Π (1 + x²): a stackalloc scratch rewritten for every window.</summary>
    [Differentiable]
    public static double WindowProducts(ReadOnlySpan<double> x)
    {
        const int k = 3;
        Span<double> t = stackalloc double[k];
        double s = 0;
        for (int i = 0; i + k <= x.Length; i++)
        {
            for (int j = 0; j < k; j++) t[j] = x[i + j] * x[i + j];
            double p = 1;
            for (int j = 0; j < k; j++) p *= 1 + t[j];
            s += Math.Log(p);
        }
        return s;
    }

    /// <summary>
    /// Explicit time steps of a nonlinear diffusion on a local array, updated in place (each step reads values
    /// the same step has just written), then its energy. The number of steps is data.
    /// </summary>
    [Differentiable]
    public static double Diffusion(ReadOnlySpan<double> x, int steps)
    {
        double[] u = new double[x.Length];
        for (int i = 0; i < x.Length; i++) u[i] = x[i];
        for (int s = 0; s < steps; s++)
        {
            for (int i = 1; i < u.Length; i++) u[i] += 0.1 * Math.Sin(u[i - 1]) * u[i];
            u[0] *= 0.9;
            u[u.Length - 1] /= 1.1;
        }
        double energy = 0;
        foreach (var v in u) energy += v * v;
        return energy;
    }

    /// <summary>
    /// A mixture-like likelihood: for every sample, a matrix-vector product into a scratch vector (accumulated with
    /// +=, so the reverse sweep needs each element's value before each update), then log Σ exp over it.
    /// </summary>
    [Differentiable]
    public static double Mixture(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> samples, int k)
    {
        int d = w.Length / k;
        Span<double> z = stackalloc double[k];
        double total = 0;
        for (int n = 0; n + d <= samples.Length; n += d)
        {
            for (int c = 0; c < k; c++)
            {
                z[c] = 0;
                for (int j = 0; j < d; j++) z[c] += w[c * d + j] * samples[n + j];
                z[c] = -0.5 * z[c] * z[c];
            }
            double max = z[0];
            for (int c = 1; c < k; c++) max = Math.Max(max, z[c]);
            double sum = 0;
            for (int c = 0; c < k; c++) sum += Math.Exp(z[c] - max);
            total += max + Math.Log(sum);
        }
        return total;
    }

    /// <summary>
    /// Near a scratch buffer but not one: each iteration refills only the first two of three elements, and the third
    /// carries a sum from one iteration to the next. The reverse sweep must log the writes.
    /// </summary>
    [Differentiable]
    public static double PartialRefill(ReadOnlySpan<double> x)
    {
        Span<double> t = stackalloc double[3];
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            for (int j = 0; j < 2; j++) t[j] = x[i] * (j + 1);
            t[2] += Math.Sin(x[i]);
            s += t[0] * t[1] * t[2];
        }
        return s;
    }

    /// <summary>Near a scratch buffer but not one: each iteration fills it, reads it, then writes it again.</summary>
    [Differentiable]
    public static double RefillAfterRead(ReadOnlySpan<double> x)
    {
        double[] t = new double[2];
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            for (int j = 0; j < t.Length; j++) t[j] = t[j] * 0.5 + x[i];
            s += t[0] * t[1];
            t[1] = Math.Cos(s);
        }
        return s;
    }

    /// <summary>
    /// Logged loops inside branches, at the top and inside a loop: the undo marks taken after them must be in scope
    /// where the reverse sweep replays the branch (found by the random programs: CS0103).
    /// </summary>
    [Differentiable]
    public static double LoggedInBranches(ReadOnlySpan<double> x)
    {
        double[] u = new double[2];
        if (x[0] > -1.0)
        {
            for (int i = 0; i < 2; i++) u[0] += Math.Sin(u[0]) + x[i % x.Length];
        }
        for (int k = 0; k < x.Length; k++)
        {
            if (x[k] > 0)
            {
                for (int i = 0; i < 2; i++) u[i] = u[1 - i] * Math.Cos(x[k]) + u[i];
            }
            else
            {
                u[1] -= x[k] * u[0];
            }
        }
        return u[0] * u[1];
    }

    /// <summary>A straight-line function on an array initializer updated in place: no loop, no undo log.</summary>
    [Differentiable]
    public static double Initialized(double a, double b)
    {
        var t = new[] { a, b, a * b };
        t[2] += t[0];
        t[1] *= t[2];
        t[0]++;
        return t[0] + t[1] * t[2];
    }

    /// <summary>Branches that write the buffer differently per element, and a loop that only reads it.</summary>
    [Differentiable]
    public static double Branchy(ReadOnlySpan<double> x)
    {
        double[] t = new double[x.Length + 1];
        t[0] = 1;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] > 0) t[i + 1] = t[i] * x[i];
            else
            {
                t[i + 1] = t[i] + x[i];
                t[i] -= 0.5 * x[i];
            }
        }
        double s = 0;
        for (int i = 0; i < t.Length; i++) s += t[i] * t[i];
        return s;
    }
}

/// <summary>The float versions of <see cref="Buffers"/>.</summary>
public static partial class BuffersF
{
    [Differentiable]
    public static float WindowProducts(ReadOnlySpan<float> x)
    {
        const int k = 3;
        Span<float> t = stackalloc float[k];
        float s = 0;
        for (int i = 0; i + k <= x.Length; i++)
        {
            for (int j = 0; j < k; j++) t[j] = x[i + j] * x[i + j];
            float p = 1;
            for (int j = 0; j < k; j++) p *= 1 + t[j];
            s += MathF.Log(p);
        }
        return s;
    }

    [Differentiable]
    public static float Diffusion(ReadOnlySpan<float> x, int steps)
    {
        float[] u = new float[x.Length];
        for (int i = 0; i < x.Length; i++) u[i] = x[i];
        for (int s = 0; s < steps; s++)
        {
            for (int i = 1; i < u.Length; i++) u[i] += 0.1f * MathF.Sin(u[i - 1]) * u[i];
            u[0] *= 0.9f;
            u[u.Length - 1] /= 1.1f;
        }
        float energy = 0;
        foreach (var v in u) energy += v * v;
        return energy;
    }
}
