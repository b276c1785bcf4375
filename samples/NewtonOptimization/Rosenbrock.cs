using System;

namespace AutoDiffGen.Samples.NewtonOptimization;

/// <summary>
/// Rosenbrock's banana-shaped valley, the classic test of an optimiser: the minimum, 0 at (1, 1, …, 1), lies at the
/// bottom of a long curved valley whose floor is nearly flat and whose sides are steep.
/// </summary>
public static partial class Rosenbrock
{
    /// <summary><c>(1 − x)² + 100·(y − x²)²</c>.</summary>
    [Differentiable]
    public static double Plane(double x, double y) => Square(1 - x) + 100 * Square(y - x * x);

    /// <summary>The extended (chained) function <c>Σᵢ (1 − xᵢ)² + 100·(xᵢ₊₁ − xᵢ²)²</c> over consecutive coordinates.</summary>
    [Differentiable]
    public static double Extended(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i + 1 < x.Length; i++) sum += Square(1 - x[i]) + 100 * Square(x[i + 1] - x[i] * x[i]);
        return sum;
    }

    /// <summary>A [Differentiable] helper: the callers' derivatives call its generated ones.</summary>
    [Differentiable]
    private static double Square(double v) => v * v;
}
