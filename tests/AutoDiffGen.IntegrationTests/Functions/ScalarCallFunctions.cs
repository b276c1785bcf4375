using System;

namespace AutoDiffGen.IntegrationTests.Functions;

/// <summary>
/// Helpers of scalars, called from several levels, from loops and branches: the generator puts their bodies in place of
/// the calls (Transforms/Inlining), so that a pullback does not run a helper's forward pass again. A call it cannot put a
/// body in place of (in a branch of <c>?:</c>, recursion) stays a call of the helper's generated members.
/// </summary>
public static partial class ScalarCalls
{
    [Differentiable]
    public static double Bump(double x) => Math.Exp(-x * x) * Math.Sin(3 * x);

    [Differentiable]
    public static double Pair(double x, double y) => Bump(x) * y + Bump(0.5 * y);

    /// <summary>Three levels of helpers, each called twice by the level above.</summary>
    [Differentiable]
    public static double Nested(double x, double y) => Math.Tanh(Pair(x, y)) + Pair(y * x, x);

    /// <summary>A helper with a local, a branch and an early return.</summary>
    [Differentiable]
    public static double Softplus(double x)
    {
        if (x > 20) return x;
        double e = Math.Exp(x);
        return Math.Log(1 + e);
    }

    /// <summary>A helper that assigns its parameter in a loop of its own.</summary>
    [Differentiable]
    public static double Damp(double x, int n)
    {
        for (int i = 0; i < n; i++) x *= 0.5 + 0.1 * x;
        return x;
    }

    /// <summary>Helpers called in a loop, in both branches of an if, with a loop-carried argument.</summary>
    [Differentiable]
    public static double InLoop(double x, double y)
    {
        double s = 0;
        for (int i = 0; i < 4; i++)
        {
            if (i % 2 == 0) s += Softplus(x * i - y);
            else s -= Pair(x, 0.1 * s);
        }
        return s + Damp(x * y, 3) + Damp(y, 2) * x;
    }

    /// <summary>The same helper called in a branch of ?: (a call) and outside it (inlined).</summary>
    [Differentiable]
    public static double CalledAndInlined(double x, double y) => (x > 0 ? Bump(y) : Bump(x)) + Bump(x * y);

    [Differentiable]
    public static double Scaled(double x, [NoDerivative] double k) => k * Math.Sin(x);

    /// <summary>A helper's [NoDerivative] parameter given a value with a derivative, and a constant.</summary>
    [Differentiable]
    public static double ThroughNoDerivative(double x, double y) => Scaled(x, y) + Scaled(y, 2.0);

    [Differentiable]
    public static float SquareF(float x) => x * x;

    [Differentiable]
    public static float CubeF(float x) => SquareF(x) * x;

    /// <summary>Two levels of float helpers.</summary>
    [Differentiable]
    public static float NestedF(float x, float y) => MathF.Tanh(CubeF(x) * y) + SquareF(MathF.Sin(y));

    [Differentiable]
    public static (double R, double Theta) ToPolar(double x, double y) => (Math.Sqrt(x * x + y * y), Math.Atan2(y, x));

    [Differentiable]
    public static (double, double) Swap(double a, double b) => (b, a);

    /// <summary>Tuple helpers: deconstructed (into new locals and into the arguments themselves), and one element read.</summary>
    [Differentiable]
    public static double Tuples(double x, double y)
    {
        var (r, theta) = ToPolar(x, y);
        double a = x * 2, b = y;
        (a, b) = Swap(a, b);
        return r * Math.Sin(theta) + a * b * b + ToPolar(y, x).Theta;
    }

    // ------------------------------------------------------------------ helpers whose result is dropped at edge values

    [Differentiable]
    public static double Fourth(double x) => x * x * x * x;

    [Differentiable]
    public static double Eighth(double x) => Fourth(x) * Fourth(x);

    /// <summary>At x = 1e60, x⁸ overflows two helpers down and Min takes 1: the helpers add nothing.</summary>
    [Differentiable]
    public static double EighthOrOne(double x) => Math.Min(Eighth(x), 1.0) + x;

    /// <summary>w·x⁴ + x: at w = 0 and x = 1e120 the helper overflows and its adjoint is 0.</summary>
    [Differentiable]
    public static double Weighted(double x, [NoDerivative] double w) => w * Fourth(x) + x;

    /// <summary>A helper that overflows in a loop, its sum dropped by Max where it is ∞.</summary>
    [Differentiable]
    public static double PowerSum(double x, int n)
    {
        double s = 0, p = 1;
        for (int i = 0; i < n; i++)
        {
            p *= x;
            s += p;
        }
        return s;
    }

    [Differentiable]
    public static double PowerSumOrX(double x) => Math.Max(-PowerSum(x, 8), -1.0) + x;
}
