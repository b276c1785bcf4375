using System;
using AutoDiffGen.IntegrationTests.Checking;
using AutoDiffGen.IntegrationTests.Functions;
using Xunit;

namespace AutoDiffGen.IntegrationTests;

/// <summary>
/// A double function with an active float parameter: its adjoint, tangent and HVP component are float, the
/// Hessian spans double. Checked with float tolerances (the float adjoint is rounded to float).
/// </summary>
public class MixedPrecisionTests
{
    private static readonly ScalarCase Mixed = new()
    {
        Name = "MixedPrecision.Mixed",
        Precision = Precision.Single,
        Arity = 2,
        Points = new[] { new[] { 0.5, 1.25 }, new[] { -1.5, -0.75 }, new[] { 3.0, 2.5 } },
        Value = p => MixedPrecision.Mixed(p[0], (float)p[1]),
        Gradient = (p, g) =>
        {
            double v = MixedPrecision.MixedGradient(p[0], (float)p[1], out double dx, out float dy);
            g[0] = dx;
            g[1] = dy;
            return v;
        },
        Pullback = (p, s, adj) =>
        {
            double dx = adj[0];
            float dy = (float)adj[1];
            MixedPrecision.MixedPullback(p[0], (float)p[1], s, ref dx, ref dy);
            adj[0] = dx;
            adj[1] = dy;
        },
        Pushforward = (p, t) =>
        {
            double v = MixedPrecision.MixedPushforward(p[0], (float)p[1], t[0], (float)t[1], out double tangent);
            return (v, tangent);
        },
        Hessian = (p, g, h) => MixedPrecision.MixedHessian(p[0], (float)p[1], g, h),
        HessianVectorProduct = (p, v, hv) =>
        {
            double value = MixedPrecision.MixedHessianVectorProduct(p[0], (float)p[1], v[0], (float)v[1], out double hx, out float hy);
            hv[0] = hx;
            hv[1] = hy;
            return value;
        },
    };

    [Fact]
    public void Gradient_matches_finite_differences() => DerivativeCheck.GradientMatchesFiniteDifferences(Mixed);

    [Fact]
    public void Pushforward_and_Pullback_pass_the_dot_product_test() => DerivativeCheck.PushforwardAndPullbackAgree(Mixed);

    [Fact]
    public void Gradient_equals_Pullback() => DerivativeCheck.GradientEqualsPullback(Mixed);

    [Fact]
    public void Hessian_matches_finite_differences() => DerivativeCheck.HessianMatchesFiniteDifferences(Mixed);

    [Fact]
    public void Exact_values()
    {
        // Mixed = x·y + sin y
        MixedPrecision.MixedGradient(2.0, 0.5f, out double dx, out float dy);
        Assert.Equal(0.5, dx, 15);
        Assert.Equal(2.0 + Math.Cos(0.5), dy, 6);

        Span<double> gradient = stackalloc double[2];
        Span<double> hessian = stackalloc double[4];
        MixedPrecision.MixedHessian(2.0, 0.5f, gradient, hessian);
        Assert.Equal(0.0, hessian[0], 15);
        Assert.Equal(1.0, hessian[1], 6);
        Assert.Equal(1.0, hessian[2], 6);
        Assert.Equal(-Math.Sin(0.5), hessian[3], 6);
    }
}
