using System;
using System.Numerics;

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

    /// <summary>
    /// <see cref="Plane"/> written once for any floating-point type: its generated members are generic too
    /// (<c>PlaneOfGradient&lt;T&gt;</c>, <c>PlaneOfHessian&lt;T&gt;</c>), called at double and at float by <see cref="Precisions"/>.
    /// </summary>
    [Differentiable]
    public static T PlaneOf<T>(T x, T y) where T : IFloatingPointIeee754<T>
    {
        T a = T.One - x;
        T b = y - x * x;
        return a * a + T.CreateChecked(100) * b * b;
    }

    /// <summary>A [Differentiable] helper: the callers' derivatives call its generated ones.</summary>
    [Differentiable]
    private static double Square(double v) => v * v;
}
