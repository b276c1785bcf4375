using System;

namespace AutoDiffGen.IntegrationTests.Functions;

/// <summary>
/// Vector-valued [Differentiable] functions: they write their results into <c>Span&lt;T&gt;</c> or array
/// parameters. Checked by <see cref="VectorTests"/>.
/// </summary>
public static partial class Vectors
{
    /// <summary>The residuals r[i] = a·t[i] + b - y[i] of a line through data (t, y).</summary>
    [Differentiable]
    public static void Residuals(double a, double b, [NoDerivative] ReadOnlySpan<double> t, [NoDerivative] ReadOnlySpan<double> y, Span<double> r)
    {
        for (int i = 0; i < t.Length; i++)
        {
            r[i] = a * t[i] + b - y[i];
        }
    }

    /// <summary>y = A·x for a row-major A with x.Length columns, accumulated into y after zeroing it.</summary>
    [Differentiable]
    public static void MatVec(ReadOnlySpan<double> a, ReadOnlySpan<double> x, Span<double> y)
    {
        int n = x.Length;
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = 0;
            for (int j = 0; j < n; j++)
            {
                y[i] += a[i * n + j] * x[j];
            }
        }
    }

    /// <summary>(r cos θ, r sin θ) into an array.</summary>
    [Differentiable]
    public static void Polar(double r, double theta, double[] xy)
    {
        xy[0] = r * Math.Cos(theta);
        xy[1] = r * Math.Sin(theta);
    }

    /// <summary>Each element written twice: the first value is overwritten and must not count.</summary>
    [Differentiable]
    public static void Overwritten(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = Math.Exp(x[i]);
            y[i] = x[i] * x[(i + 1) % x.Length];
        }
    }

    /// <summary>A recurrence on the output itself: y[i] reads y[i - 1], which the loop wrote.</summary>
    [Differentiable]
    public static void Recurrence(ReadOnlySpan<double> x, Span<double> y)
    {
        y[0] = x[0];
        for (int i = 1; i < x.Length; i++) y[i] = y[i - 1] * Math.Cos(x[i]) + x[i];
    }

    /// <summary>
    /// An output read before a loop adds into it (found by the random programs: the reverse sweep's recomputation of
    /// the loop added into y a second time). It reads the value y held on entry, as data, on purpose (ADG0306).
    /// </summary>
#pragma warning disable ADG0306
    [Differentiable]
    public static void AddAfterRead(ReadOnlySpan<double> x, double a, double[] y)
    {
        double t = -0.2 * y[y.Length - 1];
        for (int i = x.Length - 1; i >= 0; i--) y[y.Length - 1] += Math.Cos(t + x[i]);
        y[y.Length - 1] *= Math.Cos(a);
    }
#pragma warning restore ADG0306

    /// <summary>Outputs updated in place with *=, /=, ++ and read back by later passes.</summary>
    [Differentiable]
    public static void InPlace(ReadOnlySpan<double> x, double[] y)
    {
        for (int i = 0; i < x.Length; i++) y[i] = x[i];
        for (int pass = 0; pass < 3; pass++)
        {
            for (int i = 0; i < y.Length; i++)
            {
                y[i] *= x[(i + 1) % x.Length];
                y[i] /= 1 + y[(i + y.Length - 1) % y.Length] * y[(i + y.Length - 1) % y.Length];
                y[i]++;
            }
        }
    }

    /// <summary>
    /// Euler steps of the logistic equation, each state into s[k]; stops early (break) when the state passes
    /// 0.9. Steps not taken leave s as it was; s[k] -= … and += … on top of the assignments.
    /// </summary>
    [Differentiable]
    public static void LogisticSteps(double u0, double rate, Span<double> s)
    {
        double u = u0;
        for (int k = 0; k < s.Length; k++)
        {
            u = u + 0.1 * rate * u * (1 - u);
            s[k] = u;
            s[k] -= 0.5 * u * u;
            s[k] += Math.Sin(rate) * u;
            if (u > 0.9)
            {
                break;
            }
        }
    }

    /// <summary>y[i] = a·x[i]² until an element is negative (a return from the loop); nothing when a ≤ 0 (a return before it).</summary>
    [Differentiable]
    public static void SquaresUntilNegative(ReadOnlySpan<double> x, double a, Span<double> y)
    {
        if (a <= 0)
        {
            return;
        }

        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] < 0)
            {
                return;
            }

            y[i] = a * x[i] * x[i];
        }
    }

    /// <summary>A scalar result and a vector one: the norm of x, and x divided by it.</summary>
    [Differentiable]
    public static double Normalize(ReadOnlySpan<double> x, Span<double> unit)
    {
        double s = 0;
        foreach (var v in x)
        {
            s += v * v;
        }

        double norm = Math.Sqrt(s);
        for (int i = 0; i < x.Length; i++)
        {
            unit[i] = x[i] / norm;
        }

        return norm;
    }
}

/// <summary>Outputs written from the end: y[^k] is y[y.Length - k].</summary>
public static partial class Vectors
{
    [Differentiable]
    public static void Reversed(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int k = 1; k <= x.Length; k++)
        {
            y[^k] = x[k - 1] * x[k - 1] + x[^1];
        }

        y[^1] += Math.Sin(x[0]);
    }
}

/// <summary>Float versions of some <see cref="Vectors"/> functions.</summary>
public static partial class VectorsF
{
    [Differentiable]
    public static void MatVec(ReadOnlySpan<float> a, ReadOnlySpan<float> x, Span<float> y)
    {
        int n = x.Length;
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = 0;
            for (int j = 0; j < n; j++)
            {
                y[i] += a[i * n + j] * x[j];
            }
        }
    }

    [Differentiable]
    public static void Polar(float r, float theta, float[] xy)
    {
        xy[0] = r * MathF.Cos(theta);
        xy[1] = r * MathF.Sin(theta);
    }
}
