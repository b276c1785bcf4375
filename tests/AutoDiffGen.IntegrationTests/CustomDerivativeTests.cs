using System;
using AutoDiffGen.IntegrationTests.Functions;
using Xunit;

namespace AutoDiffGen.IntegrationTests;

/// <summary>
/// Calls to functions whose bodies the generator does not read go through the derivatives registered with
/// [DerivativeOf]. (UsesErf is also in the <see cref="Cases"/> table: gradient against finite differences of
/// the real erf, and the dot-product test.)
/// </summary>
public class CustomDerivativeTests
{
    [Theory]
    [InlineData(0.3)]
    [InlineData(-1.1)]
    [InlineData(2.6)]
    public void Registered_pullback_and_pushforward_are_the_ones_used(double x)
    {
        // UsesQuantize = 3·Quantize(x) + x². Finite differences see 2x (Quantize is a staircase); the registered
        // straight-through derivatives say Quantize' = 1, so the generated members must give 3 + 2x.
        double expected = 3 + 2 * x;

        Assert.Equal(3 * Special.Quantize(x) + x * x, CustomDerivatives.UsesQuantizeGradient(x, out double dx));
        Assert.Equal(expected, dx, 14);

        double adj = 0;
        CustomDerivatives.UsesQuantizePullback(x, 2.0, ref adj);
        Assert.Equal(2.0 * expected, adj, 14);

        Assert.Equal(3 * Special.Quantize(x) + x * x, CustomDerivatives.UsesQuantizePushforward(x, 0.5, out double tangent));
        Assert.Equal(0.5 * expected, tangent, 14);
    }

    [Fact]
    public void Erf_derivative_goes_through_the_registered_rule()
    {
        // UsesErf = erf(x·y) + x; ∂/∂x = 2/√π·e^(-(xy)²)·y + 1
        const double x = 0.8, y = -1.3;
        double rule = 2 / Math.Sqrt(Math.PI) * Math.Exp(-(x * y) * (x * y));
        CustomDerivatives.UsesErfGradient(x, y, out double dx, out double dy);
        Assert.Equal(rule * y + 1, dx, 14);
        Assert.Equal(rule * x, dy, 14);

        CustomDerivatives.UsesErfGradient((float)x, (float)y, out float fdx, out float fdy);
        Assert.Equal(rule * y + 1, fdx, 5);
        Assert.Equal(rule * x, fdy, 5);
    }

    [Fact]
    public void Members_of_a_DifferentiateAs_family_use_the_shared_derivatives_with_their_rule()
    {
        // Mixed = softplus(xy) + x³ − y²: ∂x = σ(xy)·y + 3x², ∂y = σ(xy)·x − 2y, ∂xx = σ'(xy)·y² + 6x, ∂xy = σ'(xy)·xy + σ(xy), ∂yy = σ'(xy)·x² − 2.
        const double x = 0.7, y = -1.3;
        double s = 1 / (1 + Math.Exp(-x * y)), ds = s * (1 - s);
        Assert.Equal(Math.Log(1 + Math.Exp(x * y)) + x * x * x - y * y, UsesActivations.MixedGradient(x, y, out double dx, out double dy), 14);
        Assert.Equal(s * y + 3 * x * x, dx, 13);
        Assert.Equal(s * x - 2 * y, dy, 13);
        var gradient = new double[2];
        var hessian = new double[4];
        UsesActivations.MixedHessian(x, y, gradient, hessian);
        Assert.Equal(ds * y * y + 6 * x, hessian[0], 12);
        Assert.Equal(ds * x * y + s, hessian[1], 12);
        Assert.Equal(ds * x * y + s, hessian[2], 12);
        Assert.Equal(ds * x * x - 2, hessian[3], 12);
    }
}
