using System;
using Xunit;
using Xunit.Sdk;

namespace AutoDiffGen.IntegrationTests.Checking;

/// <summary>
/// The checker against hand-written derivatives of f(x, y) = x²·y + sin(y): it passes the right ones and
/// catches each kind of wrong one, so a green table means something.
/// </summary>
public class DerivativeCheckSelfTests
{
    private static double Fx(double x, double y) => 2 * x * y;

    private static double Fy(double x, double y) => x * x + Math.Cos(y);

    /// <summary>The right derivatives; <paramref name="gradientError"/> perturbs ∂f/∂x by that relative amount.</summary>
    private static ScalarCase Correct(Precision precision, double gradientError = 0)
    {
        double R(double v) => precision == Precision.Double ? v : (float)v;
        return new ScalarCase
        {
            Name = "x²y + sin y",
            Precision = precision,
            Arity = 2,
            Points = new[] { new[] { 0.5, 1.25 }, new[] { -1.5, 0.75 } },
            Value = p => R(p[0] * p[0] * p[1] + Math.Sin(p[1])),
            Gradient = (p, g) =>
            {
                g[0] = R(Fx(p[0], p[1]) * (1 + gradientError));
                g[1] = R(Fy(p[0], p[1]));
                return R(p[0] * p[0] * p[1] + Math.Sin(p[1]));
            },
            Pullback = (p, s, adj) =>
            {
                adj[0] += R(s * Fx(p[0], p[1]) * (1 + gradientError));
                adj[1] += R(s * Fy(p[0], p[1]));
            },
            Pushforward = (p, t) => (R(p[0] * p[0] * p[1] + Math.Sin(p[1])), R(Fx(p[0], p[1]) * (1 + gradientError) * t[0] + Fy(p[0], p[1]) * t[1])),
            Hessian = (p, g, h) =>
            {
                g[0] = R(Fx(p[0], p[1]) * (1 + gradientError));
                g[1] = R(Fy(p[0], p[1]));
                h[0] = R(2 * p[1]);
                h[1] = h[2] = R(2 * p[0]);
                h[3] = R(-Math.Sin(p[1]));
                return R(p[0] * p[0] * p[1] + Math.Sin(p[1]));
            },
            HessianVectorProduct = (p, v, hv) =>
            {
                hv[0] = R(2 * p[1] * v[0] + 2 * p[0] * v[1]);
                hv[1] = R(2 * p[0] * v[0] - Math.Sin(p[1]) * v[1]);
                return R(p[0] * p[0] * p[1] + Math.Sin(p[1]));
            },
        };
    }

    [Theory]
    [InlineData(Precision.Double)]
    [InlineData(Precision.Single)]
    public void Right_derivatives_pass(Precision precision)
    {
        ScalarCase c = Correct(precision);
        Assert.NotNull(c.Hessian);
        DerivativeCheck.All(c);
    }

    [Theory]
    [InlineData(Precision.Double, 1e-5)]
    [InlineData(Precision.Single, 1e-2)]
    public void A_slightly_wrong_gradient_fails_the_finite_difference_check(Precision precision, double error) =>
        Assert.Throws<FailException>(() => DerivativeCheck.GradientMatchesFiniteDifferences(Correct(precision, error)));

    [Fact]
    public void A_pullback_that_overwrites_instead_of_adding_fails()
    {
        ScalarCase c = Correct(Precision.Double) with
        {
            Pullback = (p, s, adj) =>
            {
                adj[0] = s * Fx(p[0], p[1]);
                adj[1] = s * Fy(p[0], p[1]);
            },
        };
        Assert.Throws<FailException>(() => DerivativeCheck.GradientEqualsPullback(c));
    }

    [Fact]
    public void A_pushforward_that_drops_a_tangent_fails_the_dot_product_test()
    {
        ScalarCase c = Correct(Precision.Double) with { Pushforward = (p, t) => (0, Fx(p[0], p[1]) * t[0]) };
        Assert.Throws<FailException>(() => DerivativeCheck.PushforwardAndPullbackAgree(c));
    }

    [Fact]
    public void A_wrong_value_from_a_derivative_member_fails()
    {
        ScalarCase c = Correct(Precision.Double) with { Pushforward = (p, t) => (p[0], 0) };
        Assert.Throws<FailException>(() => DerivativeCheck.EveryMemberReturnsTheValue(c));
    }

    [Fact]
    public void A_wrong_mixed_second_derivative_fails()
    {
        ScalarCase right = Correct(Precision.Double);
        ScalarCase c = right with
        {
            Hessian = (p, g, h) =>
            {
                double v = right.Hessian!(p, g, h);
                h[1] = h[2] = 2.001 * p[0];
                return v;
            },
        };
        Assert.Throws<FailException>(() => DerivativeCheck.HessianMatchesFiniteDifferences(c));
    }

    [Fact]
    public void An_asymmetric_Hessian_fails()
    {
        ScalarCase right = Correct(Precision.Double);
        ScalarCase c = right with
        {
            Hessian = (p, g, h) =>
            {
                double v = right.Hessian!(p, g, h);
                h[1] += 1e-9;
                return v;
            },
        };
        Assert.Throws<FailException>(() => DerivativeCheck.HessianMatchesFiniteDifferences(c));
    }

    [Fact]
    public void An_HVP_that_disagrees_with_the_Hessian_fails()
    {
        ScalarCase right = Correct(Precision.Double);
        ScalarCase c = right with
        {
            HessianVectorProduct = (p, v, hv) =>
            {
                double value = right.HessianVectorProduct!(p, v, hv);
                hv[1] *= 1 + 1e-8;
                return value;
            },
        };
        Assert.Throws<FailException>(() => DerivativeCheck.HessianMatchesFiniteDifferences(c));
    }
}
