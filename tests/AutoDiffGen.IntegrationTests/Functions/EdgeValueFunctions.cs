using System;

namespace AutoDiffGen.IntegrationTests.Functions;

/// <summary>
/// Code a new user wrote that once compiled into wrong derivatives: integer powers at 0, NaN from a branch not taken
/// (0·∞), tuples with named elements. <see cref="EdgeValueTests"/> checks them against exact values at the edge points.
/// </summary>
public static partial class Edges
{
    // ------------------------------------------------------------------ integer powers

    [Differentiable]
    public static double PowInt(double x, int n) => Math.Pow(x, n);

    [Differentiable]
    public static float PowInt(float x, int n) => MathF.Pow(x, n);

    /// <summary>Σ c[k]·x^k: its derivative at 0 is c[1].</summary>
    [Differentiable]
    public static double Polynomial(double x, ReadOnlySpan<double> c)
    {
        double sum = 0;
        for (int k = 0; k < c.Length; k++) sum += c[k] * Math.Pow(x, k);
        return sum;
    }

    [Differentiable]
    public static double PowReal(double x, double y) => Math.Pow(x, y);

    // ------------------------------------------------------------------ a zero adjoint contributes zero

    /// <summary>At x &lt; 0, r is NaN and the branch returns 2x: the derivative is 2.</summary>
    [Differentiable]
    public static double SqrtOrTwice(double x)
    {
        double r = Math.Sqrt(x);
        if (double.IsNaN(r)) return 2 * x;
        return r;
    }

    [Differentiable]
    public static float SqrtOrTwice(float x)
    {
        float r = MathF.Sqrt(x);
        if (float.IsNaN(r)) return 2 * x;
        return r;
    }

    /// <summary>The NaN one step further from the branch: at x &lt; 0, ∂/∂y is 1.</summary>
    [Differentiable]
    public static double ScaledSqrtOrY(double x, double y)
    {
        double r = Math.Sqrt(x);
        double s = r * y;
        if (double.IsNaN(s)) return y;
        return s;
    }

    /// <summary>At x &lt; 0, |√x| is NaN and not returned: the derivative of Abs there must not throw (Math.Sign(NaN) does).</summary>
    [Differentiable]
    public static double AbsOfSqrtOrTwice(double x)
    {
        double t = Math.Abs(Math.Sqrt(x));
        return x < 0 ? 2 * x : t;
    }

    /// <summary>√max(x, 0): 0 for x &lt; 0, where √'s partial is ∞ and max's is 0.</summary>
    [Differentiable]
    public static double SqrtOfMax(double x) => Math.Sqrt(Math.Max(x, 0));

    [Differentiable]
    public static double SqrtOfPositivePart(double x) => x > 0 ? Math.Sqrt(x) : 0;

    /// <summary>1 / (1 + e^x): e^x overflows at x = 800, the value is 0 and so (to double precision) is the derivative.</summary>
    [Differentiable]
    public static double Logistic(double x) => 1 / (1 + Math.Exp(x));

    /// <summary>(x − 1)·√y at x = 1: √y's adjoint is 0 but its tangent is not, and the Hessian's cross term is 1/(2√y).</summary>
    [Differentiable]
    public static double ShiftedTimesSqrt(double x, double y) => (x - 1) * Math.Sqrt(y);

    /// <summary>x / y in a branch not taken at y = 0.</summary>
    [Differentiable]
    public static double QuotientOrX(double x, double y)
    {
        double q = x / y;
        if (y == 0) return x;
        return q;
    }

    /// <summary>A tuple whose second output is singular at 0: its pullback seeded (1, 0) must not see it.</summary>
    [Differentiable]
    public static (double, double) ValueAndRoot(double x) => (3 * x, Math.Sqrt(x));

    [Differentiable]
    public static double Root(double x) => Math.Sqrt(x);

    /// <summary>At x = 0 the helper's partial is ∞ but Max takes 1: its derivative members are called with a zero seed and add nothing.</summary>
    [Differentiable]
    public static double RootOrOne(double x, double y) => Math.Max(Root(x * y), 1.0) * y;

    [Differentiable]
    public static double Fourth(double x) => x * x * x * x;

    /// <summary>At x = 1e120, x³ and x⁴ overflow to ∞ and Min takes 1: the helper's members get a zero seed and add nothing.</summary>
    [Differentiable]
    public static double FourthOrOne(double x) => Math.Min(Fourth(x), 1.0) + x;

    // ------------------------------------------------------------------ values exactly as the method computes them

    /// <summary>x·0 is -0 for x &lt; 0, and Atan2 of -0 is -π: folding x·0 to 0 gave π in the generated members.</summary>
    [Differentiable]
    public static double SignedZero(double x) => Math.Atan2(x * 0.0, -1.0) + x;

    /// <summary>A constant 0 substituted into a sum: -0 + 0 is +0.</summary>
    [Differentiable]
    public static double SignedZeroSum(double x)
    {
        double bias = 0;
        double z = x * 0.0 + bias;
        return Math.Atan2(z, -1.0) * x;
    }

    // ------------------------------------------------------------------ loops

    /// <summary>
    /// The second loop writes the buffer but carries no derivative: it has no backward loop, and once pushed undo-log marks
    /// nobody popped, which the first loop's backward sweep then popped as its own (IndexOutOfRangeException). Found by the
    /// random programs.
    /// </summary>
    [Differentiable]
    public static double LoopWithoutAdjointAfterOneWith(double x)
    {
        var u = new[] { x, 2 * x };
        double s = 0;
        for (int i = u.Length - 1; i >= 0; i--)
        {
            if (u[i] > 10) return u[i];
            s += u[i] * u[i];
        }
        foreach (var v in u) u[1] += 0.5;
        return s + u[1];
    }

    // ------------------------------------------------------------------ tuples with named elements

    [Differentiable]
    public static (double x, double y) ToCartesian(double r, double t) => (r * Math.Cos(t), r * Math.Sin(t));

    [Differentiable]
    public static double CartesianY(double r, double t) => ToCartesian(r, t).y;

    [Differentiable]
    public static double CartesianItem2PlusR(double r, double t) => ToCartesian(r, t).Item2 + r;

    /// <summary>Named arguments in another order than the parameters.</summary>
    [Differentiable]
    public static double CartesianNamedArguments(double a, double b) => ToCartesian(t: a, r: b).x;

    [Differentiable]
    public static double CartesianDeconstructed(double r, double t)
    {
        var (x, y) = ToCartesian(r, t);
        return x * y;
    }
}
