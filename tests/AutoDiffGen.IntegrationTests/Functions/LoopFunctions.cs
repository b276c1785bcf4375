using System;

namespace AutoDiffGen.IntegrationTests.Functions;

/// <summary>
/// [Differentiable] functions with counted for loops over spans and arrays, in double; <see cref="LoopsF"/>
/// has the float versions. Checked by <see cref="LoopTests"/> through <see cref="LoopCases"/>.
/// </summary>
public static partial class Loops
{
    /// <summary>The extended Rosenbrock function Σ_{i&lt;n-1} 100(x[i+1] - x[i]²)² + (1 - x[i])².</summary>
    [Differentiable]
    public static double Rosenbrock(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            s += 100 * a * a + b * b;
        }

        return s;
    }

    /// <summary>The extended Rosenbrock function on an array, with <c>i &lt;= n - 2</c> and <c>i += 1</c>.</summary>
    [Differentiable]
    public static double RosenbrockArray(double[] x)
    {
        double s = 0;
        int last = x.Length - 2;
        for (int i = 0; i <= last; i += 1)
        {
            double a = x[i + 1] - x[i] * x[i];
            s = s + 100 * a * a + (1 - x[i]) * (1 - x[i]);
        }

        return s;
    }

    /// <summary>The sum of squared residuals of the line a·t + b through the data (t, y).</summary>
    [Differentiable]
    public static double SumOfSquares(double a, double b, [NoDerivative] ReadOnlySpan<double> t, [NoDerivative] ReadOnlySpan<double> y)
    {
        double s = 0;
        for (int i = 0; i < t.Length; i++)
        {
            double r = a * t[i] + b - y[i];
            s += r * r;
        }

        return s;
    }

    /// <summary>Explicit Euler for dy/dt = -k·y + sin(t) on [0, 2] in <paramref name="n"/> steps; returns y(2).</summary>
    [Differentiable]
    public static double Euler(double y0, double k, int n)
    {
        double h = 2.0 / n;
        double y = y0;
        for (int i = 0; i < n; i++)
        {
            double t = i * h;
            y = y + h * (-k * y + Math.Sin(t));
        }

        return y;
    }

    /// <summary>√a by 8 Newton steps x ← (x + a/x)/2 from (1 + a)/2.</summary>
    [Differentiable]
    public static double NewtonSqrt(double a)
    {
        double x = 0.5 * (1 + a);
        for (int k = 0; k < 8; k++)
        {
            x = 0.5 * (x + a / x);
        }

        return x;
    }

    /// <summary>Σ x[i]² over the positive elements minus Σ sin(x[i]) over the others.</summary>
    [Differentiable]
    public static double Branchy(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] > 0)
            {
                s += x[i] * x[i];
            }
            else
            {
                s -= Math.Sin(x[i]);
            }
        }

        return s;
    }

    /// <summary><see cref="Branchy"/> on a (read-only) <see cref="Span{T}"/>.</summary>
    [Differentiable]
    public static double BranchySpan(Span<double> x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] > 0)
            {
                s += x[i] * x[i];
            }
            else
            {
                s -= Math.Sin(x[i]);
            }
        }

        return s;
    }

    /// <summary>‖A·v‖ for A n×n row-major, by nested loops.</summary>
    [Differentiable]
    public static double MatVecNorm(double[] a, ReadOnlySpan<double> v)
    {
        int n = v.Length;
        double s = 0;
        for (int i = 0; i < n; i++)
        {
            double r = 0;
            for (int j = 0; j < n; j++)
            {
                r += a[i * n + j] * v[j];
            }

            s += r * r;
        }

        return Math.Sqrt(s);
    }

    /// <summary>The partial sum Σ_{k≤n} x^k/k! of exp(x), with the loop-carried term ← term·x/k.</summary>
    [Differentiable]
    public static double ExpSeries(double x, int n)
    {
        double term = 1;
        double s = 1;
        for (int k = 1; k <= n; k++)
        {
            term = term * x / k;
            s += term;
        }

        return s;
    }

    /// <summary>Σ c[k]·x^k with a loop-carried power: span and scalar parameters together.</summary>
    [Differentiable]
    public static double Polynomial(ReadOnlySpan<double> c, double x)
    {
        double power = 1;
        double s = 0;
        for (int k = 0; k < c.Length; k++)
        {
            s += c[k] * power;
            power *= x;
        }

        return s;
    }
    /// <summary>Σ_i Σ_{j&lt;i} x[i]·x[j]·cos(x[i] - x[j]): an inner loop whose bound is the outer counter.</summary>
    [Differentiable]
    public static double Triangular(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 1; i < x.Length; i++)
        {
            for (int j = 0; j < i; j++)
            {
                s += x[i] * x[j] * Math.Cos(x[i] - x[j]);
            }
        }

        return s;
    }
    /// <summary>
    /// y ← sin(y)·x[i] + y/2 for i &lt; m: loop-carried state that the reverse sweep reads (so it is taped); m is
    /// passed separately so that m &gt; x.Length throws in the middle of the loop.
    /// </summary>
    [Differentiable]
    public static double Recurrence(ReadOnlySpan<double> x, double y0, int m)
    {
        double y = y0;
        for (int i = 0; i < m; i++)
        {
            y = Math.Sin(y) * x[i] + 0.5 * y;
        }

        return y;
    }
    [Differentiable]
    public static double Damped(double a, double b) => Math.Sin(a) * b;

    /// <summary>A [Differentiable] call inside a loop: reversed through its pullback, second order through its PullbackPushforward.</summary>
    [Differentiable]
    public static double CallsInLoop(double x, int n)
    {
        double s = 1;
        for (int i = 0; i < n; i++)
        {
            s = Damped(s, x) + 0.5 * s;
        }
        return s;
    }

    /// <summary>A loop whose branch changes both a floating state and an int state.</summary>
    [Differentiable]
    public static double BranchState(double x, int n)
    {
        double s = x;
        int flips = 0;
        for (int i = 0; i < n; i++)
        {
            if (s > 1)
            {
                s = s * 0.5;
                flips = flips + 1;
            }
            else
            {
                s = s * x + 0.1;
            }
        }
        return s + flips;
    }

    /// <summary>A loop inside a branch: its forward sweep must still push what its reverse pops.</summary>
    [Differentiable]
    public static double LoopInBranch(double x, int n)
    {
        double s = 0;
        if (x > 0)
        {
            for (int i = 0; i < n; i++) s = s * x + 1;
        }
        else
        {
            s = x;
        }
        return s * s;
    }

    /// <summary>Σ (v - c)² · v over the elements, written with foreach (a counted loop over the span).</summary>
    [Differentiable]
    public static double ForEachMoment(ReadOnlySpan<double> x, double c)
    {
        double s = 0;
        foreach (double v in x)
        {
            double d = v - c;
            s += d * d * v;
        }
        return s;
    }

    /// <summary>c + Σ x[i]²: an accumulator that starts from a parameter and that the reverse sweep never reads (no tape).</summary>
    [Differentiable]
    public static double SumFrom(ReadOnlySpan<double> x, double c)
    {
        double s = c;
        for (int i = 0; i < x.Length; i++)
        {
            s += x[i] * x[i];
        }

        return s;
    }

    /// <summary>x^n by repeated multiplication: a taped loop-carried value that is also the result, from a constant start.</summary>
    [Differentiable]
    public static double Power(double x, int n)
    {
        double p = 1;
        for (int i = 0; i < n; i++)
        {
            p *= x;
        }

        return p;
    }

    /// <summary>Indices from the end (x[^k] is x[x.Length - k]): a span and an array read, a local buffer written and read back.</summary>
    [Differentiable]
    public static double FromTheEnd(ReadOnlySpan<double> x, double[] w)
    {
        Span<double> t = stackalloc double[2];
        t[^1] = x[^1] * w[^1];
        t[^2] = x[^x.Length] + t[^1] * w[0];
        t[^2] *= x[0];
        double s = 0;
        for (int k = 1; k <= x.Length; k++)
        {
            s += x[^k] * k * w[^k];
        }

        return s * t[^2] + t[1];
    }
}

/// <summary>The functions of <see cref="Loops"/> in float.</summary>
public static partial class LoopsF
{
    [Differentiable]
    public static float Rosenbrock(ReadOnlySpan<float> x)
    {
        float s = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            float a = x[i + 1] - x[i] * x[i];
            float b = 1 - x[i];
            s += 100 * a * a + b * b;
        }

        return s;
    }

    [Differentiable]
    public static float RosenbrockArray(float[] x)
    {
        float s = 0;
        int last = x.Length - 2;
        for (int i = 0; i <= last; i += 1)
        {
            float a = x[i + 1] - x[i] * x[i];
            s = s + 100 * a * a + (1 - x[i]) * (1 - x[i]);
        }

        return s;
    }

    [Differentiable]
    public static float SumOfSquares(float a, float b, [NoDerivative] ReadOnlySpan<float> t, [NoDerivative] ReadOnlySpan<float> y)
    {
        float s = 0;
        for (int i = 0; i < t.Length; i++)
        {
            float r = a * t[i] + b - y[i];
            s += r * r;
        }

        return s;
    }

    [Differentiable]
    public static float Euler(float y0, float k, int n)
    {
        float h = 2.0f / n;
        float y = y0;
        for (int i = 0; i < n; i++)
        {
            float t = i * h;
            y = y + h * (-k * y + MathF.Sin(t));
        }

        return y;
    }

    [Differentiable]
    public static float NewtonSqrt(float a)
    {
        float x = 0.5f * (1 + a);
        for (int k = 0; k < 8; k++)
        {
            x = 0.5f * (x + a / x);
        }

        return x;
    }

    [Differentiable]
    public static float Branchy(ReadOnlySpan<float> x)
    {
        float s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] > 0)
            {
                s += x[i] * x[i];
            }
            else
            {
                s -= MathF.Sin(x[i]);
            }
        }

        return s;
    }

    [Differentiable]
    public static float MatVecNorm(float[] a, ReadOnlySpan<float> v)
    {
        int n = v.Length;
        float s = 0;
        for (int i = 0; i < n; i++)
        {
            float r = 0;
            for (int j = 0; j < n; j++)
            {
                r += a[i * n + j] * v[j];
            }

            s += r * r;
        }

        return MathF.Sqrt(s);
    }

    [Differentiable]
    public static float ExpSeries(float x, int n)
    {
        float term = 1;
        float s = 1;
        for (int k = 1; k <= n; k++)
        {
            term = term * x / k;
            s += term;
        }

        return s;
    }

    [Differentiable]
    public static float Polynomial(ReadOnlySpan<float> c, float x)
    {
        float power = 1;
        float s = 0;
        for (int k = 0; k < c.Length; k++)
        {
            s += c[k] * power;
            power *= x;
        }

        return s;
    }

    [Differentiable]
    public static float Triangular(ReadOnlySpan<float> x)
    {
        float s = 0;
        for (int i = 1; i < x.Length; i++)
        {
            for (int j = 0; j < i; j++)
            {
                s += x[i] * x[j] * MathF.Cos(x[i] - x[j]);
            }
        }

        return s;
    }

    [Differentiable]
    public static float Recurrence(ReadOnlySpan<float> x, float y0, int m)
    {
        float y = y0;
        for (int i = 0; i < m; i++)
        {
            y = MathF.Sin(y) * x[i] + 0.5f * y;
        }

        return y;
    }

    [Differentiable]
    public static float ForEachMoment(ReadOnlySpan<float> x, float c)
    {
        float s = 0;
        foreach (float v in x)
        {
            float d = v - c;
            s += d * d * v;
        }
        return s;
    }

    [Differentiable]
    public static float SumFrom(ReadOnlySpan<float> x, float c)
    {
        float s = c;
        for (int i = 0; i < x.Length; i++)
        {
            s += x[i] * x[i];
        }

        return s;
    }

    [Differentiable]
    public static float Power(float x, int n)
    {
        float p = 1;
        for (int i = 0; i < n; i++)
        {
            p *= x;
        }

        return p;
    }
}
