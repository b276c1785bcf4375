using System;

namespace AutoDiffGen.IntegrationTests.Functions;

/// <summary>
/// Loops that only sum, with code after them: their reverse runs fused with them where they stand when their sums'
/// adjoints are known before them, and as a loop of the reverse sweep otherwise. Checked by <see cref="LoopTests"/>
/// through <see cref="LoopCases"/>; <c>LoopFusionTests</c> checks which of them are fused.
/// </summary>
public static partial class Loops
{
    /// <summary>
    /// The first loop is fused in place (its sum's adjoint, 2 + 1/n, is known before it) and adds into a's adjoint; the
    /// second loop's sum is multiplied by a value computed after it, so it is reversed as a loop of the reverse sweep.
    /// </summary>
    [Differentiable]
    public static double SumThenMore(ReadOnlySpan<double> x, double a)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += a * Math.Sin(x[i]) + x[i] * x[i];
        double t = 0;
        for (int i = 0; i < x.Length; i++) t += Math.Exp(-x[i] * a);
        return 2 * s + s / x.Length - 3 * t + Math.Sin(a) * t;
    }

    /// <summary>
    /// A mixture's log-likelihood as ADBench's GMM writes it: per point, the components' terms into a scratch buffer, their
    /// log-sum-exp through nested loops, then a prior over the components. The loop over the points is fused in place.
    /// </summary>
    [Differentiable]
    public static double Mixture(ReadOnlySpan<double> mu, ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        int k = mu.Length;
        Span<double> terms = stackalloc double[k];
        double total = 0;
        for (int p = 0; p < x.Length; p++)
        {
            for (int j = 0; j < k; j++)
            {
                double d = x[p] - mu[j];
                terms[j] = w[j] - 0.5 * d * d;
            }
            double largest = terms[0];
            for (int j = 1; j < k; j++) largest = Math.Max(largest, terms[j]);
            double sum = 0;
            for (int j = 0; j < k; j++) sum += Math.Exp(terms[j] - largest);
            total += Math.Log(sum) + largest;
        }
        double prior = 0;
        for (int j = 0; j < k; j++) prior += mu[j] * mu[j] + w[j] * w[j];
        return -total / x.Length + 0.1 * prior;
    }

    /// <summary>
    /// The summing loop reads a buffer that a statement after it overwrites: that statement's reverse takes the element's
    /// adjoint before the loop's reverse adds to it, so the loop is not fused in place (its sum's adjoint is known before it).
    /// </summary>
    [Differentiable]
    public static double SumThenOverwrite(ReadOnlySpan<double> x)
    {
        Span<double> b = stackalloc double[x.Length];
        for (int i = 0; i < x.Length; i++) b[i] = x[i] * x[i];
        double s = 0;
        for (int i = 0; i < b.Length; i++) s += b[i] * x[i];
        b[0] = 2 * x[0];
        return s + b[0] * b[b.Length - 1];
    }

    /// <summary>
    /// A packed lower triangle read row by row: the row's start advances by the row's length, which the backward loop
    /// subtracts again instead of keeping each start on the tape.
    /// </summary>
    [Differentiable]
    public static double PackedRows(ReadOnlySpan<double> packed, ReadOnlySpan<double> v)
    {
        double s = 0;
        int start = 0;
        for (int i = 0; i < v.Length; i++)
        {
            double row = 0;
            for (int j = 0; j <= i; j++) row += packed[start + j] * v[j];
            s += Math.Sin(row) * v[i];
            start += i + 1;
        }
        return s * s;
    }

    /// <summary>
    /// Per component, a vector plus a packed strictly lower triangle times it, as GMM's components: the triangle's index is
    /// stepped in the rows' inner loop, and the loop over components is fused in place, so the backward loop over rows
    /// rewinds the index by each row's length.
    /// </summary>
    [Differentiable]
    public static double PackedProducts(ReadOnlySpan<double> a, ReadOnlySpan<double> x)
    {
        int d = x.Length;
        Span<double> q = stackalloc double[d];
        double s = 0;
        for (int k = 0; k < 2; k++)
        {
            for (int id = 0; id < d; id++) q[id] = x[id] * (k + 1);
            int l = k * d * (d - 1) / 2;
            for (int i = 0; i < d; i++)
            {
                for (int j = i + 1; j < d; j++)
                {
                    q[j] += a[l] * x[i];
                    l++;
                }
            }
            double n = 0;
            for (int id = 0; id < d; id++) n += q[id] * q[id];
            s += Math.Log(1 + n);
        }
        return 2 * s;
    }
}
