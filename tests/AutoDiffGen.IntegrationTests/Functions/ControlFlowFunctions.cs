using System;

namespace AutoDiffGen.IntegrationTests.Functions;

/// <summary>
/// [Differentiable] functions with loops that end on data: <c>while</c>, <c>do</c>, <c>for</c> loops of other
/// forms, <c>break</c>, <c>continue</c> and <c>return</c> inside loops. <see cref="ControlFlowF"/> has float
/// versions. Checked by <see cref="ControlFlowTests"/> through <see cref="ControlFlowCases"/>.
/// </summary>
public static partial class ControlFlow
{
    /// <summary>√a by Newton's iteration until the residual is small (at most 50 steps).</summary>
    [Differentiable]
    public static double NewtonWhile(double a)
    {
        double x = 0.5 * (1 + a);
        int k = 0;
        while (k < 50 && Math.Abs(x * x - a) > 1e-13 * a)
        {
            x = 0.5 * (x + a / x);
            k++;
        }

        return x;
    }

    /// <summary>x^n by recursion: the derivatives call themselves as the function does.</summary>
    [Differentiable]
    public static double PowerByRecursion(double x, int n) => n == 0 ? 1 : x * PowerByRecursion(x, n - 1) + Math.Sin(x) / (n + 1);

    /// <summary>Σ sin(x/2^k) while x/2^k &gt; 0.1, at least once: a do loop whose step count depends on x.</summary>
    [Differentiable]
    public static double Halving(double x)
    {
        double s = 0;
        do
        {
            s += Math.Sin(x) * x;
            x = x / 2;
        }
        while (x > 0.1);
        return s;
    }

    /// <summary>The fixed point of x = cos(c·x), iterated until it moves less than 1e-12 (it converges for |c| below about 1.2).</summary>
    [Differentiable]
    public static double FixedPoint(double c)
    {
        double x = 1;
        double previous;
        int k = 0;
        do
        {
            previous = x;
            x = Math.Cos(c * x);
            k++;
        }
        while (Math.Abs(x - previous) > 1e-12 && k < 500);
        return x;
    }

    /// <summary>x ← x² + 0.1 until it exceeds 10, then log x: the loop's only way out is its return.</summary>
    [Differentiable]
    public static double GrowUntil(double x)
    {
        while (true)
        {
            x = x * x + 0.1;
            if (x > 10)
            {
                return Math.Log(x);
            }
        }
    }

    /// <summary>Σ x[i]² over the positive elements, skipping the others (continue), until the sum passes 10 (break).</summary>
    [Differentiable]
    public static double SquaresUntil(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] < 0)
            {
                continue;
            }

            s += x[i] * x[i];
            if (s > 10)
            {
                break;
            }
        }

        return s * Math.Sqrt(s);
    }

    /// <summary>t·x[i] for the first x[i] &gt; t (an early return from the loop), else t².</summary>
    [Differentiable]
    public static double FirstAbove(ReadOnlySpan<double> x, double t)
    {
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] > t)
            {
                return x[i] * t;
            }
        }

        return t * t;
    }

    /// <summary>The product of the leading positive elements: a while loop whose condition reads x[i] only when i is in range.</summary>
    [Differentiable]
    public static double LeadingProduct(ReadOnlySpan<double> x)
    {
        int i = 0;
        double p = 1;
        while (i < x.Length && x[i] > 0)
        {
            p *= x[i];
            i++;
        }

        return p;
    }

    /// <summary>Σ x[i]·x[j] for i from the front and j from the back until they meet: a for loop with two counters.</summary>
    [Differentiable]
    public static double Fold(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0, j = x.Length - 1; i < j; i++, j--)
        {
            s += x[i] * x[j];
        }

        return s;
    }

    /// <summary>Σ x[i]·sin(y) where an element above 1 skips the next one: the counter is assigned in the body.</summary>
    [Differentiable]
    public static double Skipping(ReadOnlySpan<double> x, double y)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s = s * y + x[i];
            if (x[i] > 1)
            {
                i++;
            }
        }

        return s;
    }

    /// <summary>Σ x[i]·x[n-1] while i &lt; n, with n shrinking in the body: the bound is tested again before every iteration.</summary>
    [Differentiable]
    public static double ShrinkingBound(ReadOnlySpan<double> x)
    {
        double s = 0;
        int n = x.Length;
        for (int i = 0; i < n; i++)
        {
            s += x[i] * x[n - 1];
            n--;
        }

        return s;
    }

    /// <summary>
    /// Row sums of an n×n matrix, each row up to its first negative element (break in the inner loop); when a
    /// row's sum passes 3, the loops end with an early return from inside both.
    /// </summary>
    [Differentiable]
    public static double RowsUntil(ReadOnlySpan<double> a, int n)
    {
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            double row = 0;
            for (int j = 0; j < n; j++)
            {
                double v = a[i * n + j];
                if (v < 0)
                {
                    break;
                }

                row += v * v;
                if (row > 3)
                {
                    return total + Math.Exp(row / 4);
                }
            }

            total += Math.Sin(row) * (i + 1);
        }

        return total;
    }
}

/// <summary>Float versions of some <see cref="ControlFlow"/> functions.</summary>
public static partial class ControlFlowF
{
    [Differentiable]
    public static float NewtonWhile(float a)
    {
        float x = 0.5f * (1 + a);
        int k = 0;
        while (k < 50 && MathF.Abs(x * x - a) > 1e-6f * a)
        {
            x = 0.5f * (x + a / x);
            k++;
        }

        return x;
    }

    [Differentiable]
    public static float Halving(float x)
    {
        float s = 0;
        do
        {
            s += MathF.Sin(x) * x;
            x = x / 2;
        }
        while (x > 0.1f);
        return s;
    }

    [Differentiable]
    public static float SquaresUntil(ReadOnlySpan<float> x)
    {
        float s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] < 0)
            {
                continue;
            }

            s += x[i] * x[i];
            if (s > 10)
            {
                break;
            }
        }

        return s * MathF.Sqrt(s);
    }

    [Differentiable]
    public static float LeadingProduct(ReadOnlySpan<float> x)
    {
        int i = 0;
        float p = 1;
        while (i < x.Length && x[i] > 0)
        {
            p *= x[i];
            i++;
        }

        return p;
    }
}
