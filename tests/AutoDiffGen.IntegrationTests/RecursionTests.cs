using System;
using AutoDiffGen.IntegrationTests.Checking;
using AutoDiffGen.IntegrationTests.Functions;
using Xunit;

namespace AutoDiffGen.IntegrationTests;

/// <summary>Recursive [Differentiable] methods in every mode, against closed forms and finite differences.</summary>
public class RecursionTests
{
    [Theory]
    [InlineData(1.5, 0)]
    [InlineData(1.5, 1)]
    [InlineData(-0.7, 5)]
    [InlineData(1.1, 12)]
    public void Power_has_the_derivatives_of_x_to_the_n(double x, int n)
    {
        Assert.Equal(Math.Pow(x, n), RecursiveFunctions.PowerGradient(x, n, out double dx), 12);
        Assert.Equal(n * Math.Pow(x, n - 1), dx, 12);
        RecursiveFunctions.PowerPushforward(x, n, 0.5, out double tangent);
        Assert.Equal(0.5 * n * Math.Pow(x, n - 1), tangent, 12);
        RecursiveFunctions.PowerHessianVectorProduct(x, n, 1.0, out double second);
        Assert.Equal(n * (n - 1) * Math.Pow(x, n - 2), second, 10);
    }

    [Theory]
    [InlineData(1.3, 0.4, 1)]
    [InlineData(2.0, -0.5, 6)]
    public void ContinuedFraction_gradient_and_Hessian_match_finite_differences(double x, double y, int n)
    {
        const double h = 1e-6;
        RecursiveFunctions.ContinuedFractionGradient(x, y, n, out double dx, out double dy);
        Assert.Equal((RecursiveFunctions.ContinuedFraction(x + h, y, n) - RecursiveFunctions.ContinuedFraction(x - h, y, n)) / (2 * h), dx, 8);
        Assert.Equal((RecursiveFunctions.ContinuedFraction(x, y + h, n) - RecursiveFunctions.ContinuedFraction(x, y - h, n)) / (2 * h), dy, 8);

        Span<double> gradient = stackalloc double[2], hessian = stackalloc double[4];
        RecursiveFunctions.ContinuedFractionHessian(x, y, n, gradient, hessian);
        RecursiveFunctions.ContinuedFractionGradient(x + h, y, n, out double dxPlus, out double dyPlus);
        RecursiveFunctions.ContinuedFractionGradient(x - h, y, n, out double dxMinus, out double dyMinus);
        Assert.Equal((dxPlus - dxMinus) / (2 * h), hessian[0], 6);
        Assert.Equal((dyPlus - dyMinus) / (2 * h), hessian[2], 6);
        Assert.Equal(hessian[1], hessian[2], 12);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    public void A_block_bodied_recursion_passes_every_check(int n)
    {
        var c = Case.Of<double>($"Fraction(n={n})",
            (x, y) => RecursiveFunctions.Fraction(x, y, n),
            (double x, double y, out double dx, out double dy) => RecursiveFunctions.FractionGradient(x, y, n, out dx, out dy),
            (double x, double y, double seed, ref double dx, ref double dy) => RecursiveFunctions.FractionPullback(x, y, n, seed, ref dx, ref dy),
            (double x, double y, double tx, double ty, out double tangent) => RecursiveFunctions.FractionPushforward(x, y, n, tx, ty, out tangent),
            (x, y, g, h) => RecursiveFunctions.FractionHessian(x, y, n, g, h),
            (double x, double y, double vx, double vy, out double hx, out double hy) => RecursiveFunctions.FractionHessianVectorProduct(x, y, n, vx, vy, out hx, out hy),
            Case.P(0.7, 1.3), Case.P(1.5, 0.4));
        Assert.NotNull(c.Hessian);
        DerivativeCheck.All(c);
    }

    [Theory]
    [InlineData(300)]
    [InlineData(2000)]
    public void A_deep_recursion_has_its_derivatives_in_every_mode(int n)
    {
        // Each level's values are kept on tapes (no level recomputes the ones below it): deep recursions are cheap.
        const double x = 1.0002;
        Assert.Equal(Math.Pow(x, n), RecursiveFunctions.PowerGradient(x, n, out double dx), 10);
        Assert.Equal(n * Math.Pow(x, n - 1), dx, 9);
        double accumulated = 1.5;
        RecursiveFunctions.PowerPullback(x, n, 2.0, ref accumulated);
        Assert.Equal(1.5 + 2 * n * Math.Pow(x, n - 1), accumulated, 9);
        RecursiveFunctions.PowerPushforward(x, n, 0.5, out double tangent);
        Assert.Equal(0.5 * n * Math.Pow(x, n - 1), tangent, 9);
        // The tapes are balanced: a second gradient after the first gives the same.
        RecursiveFunctions.PowerGradient(x, n, out double again);
        Assert.Equal(dx, again);
    }

    [Fact]
    public void A_level_that_overflows_under_levels_with_a_zero_seed_adds_nothing()
    {
        // Capped(x, 2) = Min(Min(x², 1) + x, 1) + x: at 1e308, x² = ∞ and both Mins take 1, so d/dx = 1.
        Assert.Equal(1e308, RecursiveFunctions.CappedGradient(1e308, 2, out double d));
        Assert.Equal(1.0, d);
        double dx = 0;
        RecursiveFunctions.CappedPullback(1e308, 2, 3.0, ref dx);
        Assert.Equal(3.0, dx);
        // At 0.5 every level is taken: d/dx = 2x + 1 + 1.
        RecursiveFunctions.CappedGradient(0.5, 2, out d);
        Assert.Equal(3.0, d, 15);
    }
}
