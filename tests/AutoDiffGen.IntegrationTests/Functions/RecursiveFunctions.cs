using System;

namespace AutoDiffGen.IntegrationTests.Functions;

/// <summary>
/// Recursion: a [Differentiable] method that calls itself (a call that is not inlined). Its gradient and pullback run each
/// level's forward sweep once, keeping the level's values on tapes for its reverse sweep (the hidden members
/// <c>PowerTapedForward</c> and <c>PowerTapedReverse</c>), so their cost is linear in the depth; its second order calls each
/// level's <c>PullbackPushforward</c>, which recomputes the levels below.
/// </summary>
public static partial class RecursiveFunctions
{
    /// <summary>xⁿ by repeated multiplication, recursively.</summary>
    [Differentiable]
    public static double Power(double x, int n) => n == 0 ? 1.0 : x * Power(x, n - 1);

    /// <summary>A continued fraction of depth n: 1 / (x + 1 / (x + …)).</summary>
    [Differentiable]
    public static double ContinuedFraction(double x, double y, int n) => n == 0 ? y : 1.0 / (x + ContinuedFraction(x, y, n - 1));

    /// <summary>A block body that calls itself in a statement of its own, after an early return.</summary>
    [Differentiable]
    public static double Fraction(double x, double y, int n)
    {
        double d = x * y;
        if (n == 0) return d;
        double below = Fraction(x, y, n - 1);
        return 1.0 / (d + below) + Math.Sin(below);
    }

    /// <summary>
    /// x² at the bottom, each level above capped at 1 and adding x: at x = 1e308 the bottom overflows, its partial 2x too,
    /// and the levels above it get a seed of 0, which must add exactly nothing.
    /// </summary>
    [Differentiable]
    public static double Capped(double x, int n) => n == 0 ? x * x : Math.Min(Capped(x, n - 1), 1.0) + x;
}
