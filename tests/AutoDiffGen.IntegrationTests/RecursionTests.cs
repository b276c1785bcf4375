using System;
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
}
