using System;
using AutoDiffGen.Samples.OptionGreeks;
using Xunit;

namespace AutoDiffGen.IntegrationTests;

/// <summary>The option sample's Greeks: generated derivatives against the closed forms, and pathwise Monte Carlo.</summary>
public class OptionGreeksSampleTests
{
    public static TheoryData<double, double, double, double, double> Options => new()
    {
        { 100, 105, 0.5, 0.03, 0.25 }, // the sample's option
        { 100, 100, 1.0, 0.05, 0.20 }, // at the money
        { 120, 80, 2.0, 0.01, 0.40 },  // deep in the money
        { 50, 90, 0.25, 0.02, 0.30 },  // far out of the money
        { 100, 101, 0.01, 0.00, 0.15 }, // days from expiry, no interest
    };

    [Theory]
    [MemberData(nameof(Options))]
    public void Greeks_from_one_gradient_and_the_Hessian_match_the_closed_forms(double s, double k, double t, double r, double sigma)
    {
        var option = new CallOption(s, k, t, r, sigma);
        var generated = BlackScholes.FromGeneratedDerivatives(option);
        var exact = BlackScholes.ClosedForm(option);
        AssertRelative(exact.Price, generated.Price, 1e-10, "price");
        AssertRelative(exact.Delta, generated.Delta, 1e-10, "delta");
        AssertRelative(exact.Gamma, generated.Gamma, 1e-10, "gamma");
        AssertRelative(exact.Vega, generated.Vega, 1e-10, "vega");
        AssertRelative(exact.Theta, generated.Theta, 1e-10, "theta");
        AssertRelative(exact.Rho, generated.Rho, 1e-10, "rho");
        AssertRelative(exact.DualDelta, generated.DualDelta, 1e-10, "dual delta");
        AssertRelative(exact.Vanna, generated.Vanna, 1e-10, "vanna");
        AssertRelative(exact.Volga, generated.Volga, 1e-10, "volga");
    }

    [Fact]
    public void The_Hessian_is_symmetric_and_its_gradient_is_the_gradient()
    {
        var o = new CallOption(100, 105, 0.5, 0.03, 0.25);
        Span<double> gradient = stackalloc double[5];
        Span<double> hessian = stackalloc double[25];
        double price = BlackScholes.CallPriceHessian(o.Spot, o.Strike, o.Maturity, o.Rate, o.Volatility, gradient, hessian);
        BlackScholes.CallPriceGradient(o.Spot, o.Strike, o.Maturity, o.Rate, o.Volatility,
            out double ds, out double dk, out double dt, out double dr, out double dsigma);
        Assert.Equal(BlackScholes.CallPrice(o.Spot, o.Strike, o.Maturity, o.Rate, o.Volatility), price);
        double[] expected = [ds, dk, dt, dr, dsigma];
        for (int i = 0; i < 5; i++)
        {
            AssertRelative(expected[i], gradient[i], 1e-14, $"gradient[{i}]");
            for (int j = 0; j < i; j++) AssertRelative(hessian[i * 5 + j], hessian[j * 5 + i], 1e-12, $"H[{i},{j}]");
        }
    }

    // Φ(x) to 20 digits (30-digit arithmetic).
    [Theory]
    [InlineData(-37, 5.7255712225245768227e-300)]
    [InlineData(-20, 2.7536241186062336951e-89)]
    [InlineData(-10, 7.619853024160526066e-24)]
    [InlineData(-6, 9.865876450376981407e-10)]
    [InlineData(-5, 2.8665157187919391167e-7)]
    [InlineData(-3, 0.0013498980316300945267)]
    [InlineData(-2, 0.0227501319481792072)]
    [InlineData(-1.5, 0.066807201268858066004)]
    [InlineData(-1, 0.15865525393145705141)]
    [InlineData(-0.3, 0.38208857781104736693)]
    [InlineData(0, 0.5)]
    [InlineData(0.5, 0.69146246127401310364)]
    [InlineData(1, 0.84134474606854294859)]
    [InlineData(3, 0.99865010196836990547)]
    public void The_normal_cdf_is_accurate_to_a_few_units_in_the_last_place(double x, double expected) =>
        AssertRelative(expected, Normal.Cdf(x), 1e-14, $"Φ({x})");

    [Fact]
    public void Monte_Carlo_pathwise_Greeks_are_within_four_standard_errors_of_the_closed_forms()
    {
        var option = new CallOption(100, 105, 0.5, 0.03, 0.25);
        var mc = MonteCarlo.Run(option, MonteCarlo.StandardNormals(200_000, seed: 1));
        var exact = BlackScholes.ClosedForm(option);
        AssertWithinErrors(exact.Price, mc.Price, "price");
        AssertWithinErrors(exact.Delta, mc.Delta, "delta");
        AssertWithinErrors(exact.Vega, mc.Vega, "vega");
        AssertWithinErrors(exact.Rho, mc.Rho, "rho");
        AssertWithinErrors(exact.Theta, mc.Theta, "theta");
        Assert.InRange(mc.Delta.StandardError, 1e-4, 1e-2); // the spread of 200,000 paths: an error, not zero
    }

    [Fact]
    public void The_pathwise_gradient_is_the_central_difference_of_the_same_estimator_with_the_same_normals()
    {
        var option = new CallOption(100, 105, 0.5, 0.03, 0.25);
        var normals = MonteCarlo.StandardNormals(200_000, seed: 1);
        MonteCarlo.CallPriceGradient(option.Spot, option.Volatility, option.Rate, option.Maturity, option.Strike, normals,
            out double delta, out double vega, out _, out _);
        var (fdDelta, fdVega) = MonteCarlo.CentralDifferences(option, normals);
        AssertRelative(fdDelta, delta, 1e-6, "delta");
        AssertRelative(fdVega, vega, 1e-6, "vega");
    }

    private static void AssertRelative(double expected, double actual, double tolerance, string what)
    {
        double error = Math.Abs(actual - expected) / Math.Abs(expected);
        Assert.True(error <= tolerance, $"{what}: {actual:R}, expected {expected:R} (relative error {error:0.0e+0})");
    }

    private static void AssertWithinErrors(double exact, Estimate estimate, string what)
    {
        double z = (estimate.Value - exact) / estimate.StandardError;
        Assert.True(Math.Abs(z) < 4, $"{what}: {estimate.Value} ± {estimate.StandardError}, closed form {exact} ({z:F1} standard errors)");
    }
}
