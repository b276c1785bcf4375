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
}
