using System;
using AutoDiffGen.IntegrationTests.Checking;
using AutoDiffGen.IntegrationTests.Functions;
using Xunit;

namespace AutoDiffGen.IntegrationTests;

/// <summary>
/// Helpers of scalars (inlined in the caller) through every check of <see cref="DerivativeCheck"/>, and at edge values
/// where a helper overflows and its result is dropped: inlined, it adds exactly nothing, as its members did as a call.
/// </summary>
public class ScalarCallTests
{
    [Theory]
    [MemberData(nameof(ScalarCallCases.Names), MemberType = typeof(ScalarCallCases))]
    public void Gradient_matches_central_finite_differences(string name) =>
        DerivativeCheck.GradientMatchesFiniteDifferences(ScalarCallCases.Get(name));

    [Theory]
    [MemberData(nameof(ScalarCallCases.Names), MemberType = typeof(ScalarCallCases))]
    public void Pushforward_and_Pullback_pass_the_dot_product_test(string name) =>
        DerivativeCheck.PushforwardAndPullbackAgree(ScalarCallCases.Get(name));

    [Theory]
    [MemberData(nameof(ScalarCallCases.Names), MemberType = typeof(ScalarCallCases))]
    public void Gradient_equals_Pullback_with_seed_one_and_Pullback_accumulates(string name) =>
        DerivativeCheck.GradientEqualsPullback(ScalarCallCases.Get(name));

    [Theory]
    [MemberData(nameof(ScalarCallCases.Names), MemberType = typeof(ScalarCallCases))]
    public void Every_member_returns_the_primal_value(string name) =>
        DerivativeCheck.EveryMemberReturnsTheValue(ScalarCallCases.Get(name));

    [Theory]
    [MemberData(nameof(ScalarCallCases.SecondOrderNames), MemberType = typeof(ScalarCallCases))]
    public void Hessian_matches_finite_differences_of_the_Gradient_is_symmetric_and_agrees_with_the_HVP(string name) =>
        DerivativeCheck.HessianMatchesFiniteDifferences(ScalarCallCases.Get(name));

    [Theory]
    [InlineData(0.3, 0.7)]
    [InlineData(-1.2, 0.4)]
    public void An_inlined_helper_has_the_derivatives_of_its_own_members(double x, double y)
    {
        // Pair(x, y) = Bump(x)·y + Bump(y/2): its gradient from Bump's own generated members, called as the caller did before.
        double bx = ScalarCalls.BumpGradient(x, out double dbx), by = ScalarCalls.BumpGradient(0.5 * y, out double dby);
        Assert.Equal(bx * y + by, ScalarCalls.PairGradient(x, y, out double dx, out double dy), 15);
        Assert.Equal(dbx * y, dx, 15);
        Assert.Equal(bx + 0.5 * dby, dy, 15);
    }

    [Fact]
    public void A_helper_dropped_two_levels_down_at_an_overflow_adds_nothing()
    {
        // x⁸ = Fourth(x)·Fourth(x) is ∞ at 1e60 (and x⁴ = 1e240 is not): Min takes 1, and d/dx is that of + x alone.
        Assert.Equal(1e60, ScalarCalls.EighthOrOneGradient(1e60, out double d));
        Assert.Equal(1.0, d);
        double dx = 0;
        ScalarCalls.EighthOrOnePullback(1e60, 2.0, ref dx);
        Assert.Equal(2.0, dx);
        ScalarCalls.EighthOrOnePushforward(1e60, 3.0, out double t);
        Assert.Equal(3.0, t);
        ScalarCalls.EighthOrOneHessianVectorProduct(1e60, 1.0, out double hv);
        Assert.Equal(0.0, hv);
        AssertHessian((g, h) => ScalarCalls.EighthOrOneHessian(1e60, g, h), 1.0, 0.0);
        // Away from the overflow the helpers' derivative is there: d(x⁸ + x)/dx = 8x⁷ + 1.
        ScalarCalls.EighthOrOneGradient(0.5, out d);
        Assert.Equal(8 * Math.Pow(0.5, 7) + 1, d, 15);
    }

    [Fact]
    public void A_helper_weighted_by_zero_at_an_overflow_adds_nothing()
    {
        // w·x⁴ + x at w = 0, x = 1e120: x⁴ is ∞, w·x⁴ is NaN in the value (as the method computes it), and d/dx is 1.
        Assert.True(double.IsNaN(ScalarCalls.WeightedGradient(1e120, 0.0, out double d)));
        Assert.Equal(1.0, d);
        ScalarCalls.WeightedPushforward(1e120, 0.0, 2.0, out double t);
        Assert.Equal(2.0, t);
        AssertHessian((g, h) => ScalarCalls.WeightedHessian(1e120, 0.0, g, h), 1.0, 0.0);
        ScalarCalls.WeightedGradient(2.0, 0.5, out d);
        Assert.Equal(0.5 * 4 * 8 + 1, d, 15);
    }

    [Fact]
    public void A_helper_that_overflows_in_its_loop_and_is_dropped_adds_nothing()
    {
        // Σ x^k (k = 1…8) overflows at 1e50; Max(-Σ, -1) takes -1.
        Assert.Equal(-1 + 1e50, ScalarCalls.PowerSumOrXGradient(1e50, out double d));
        Assert.Equal(1.0, d);
        ScalarCalls.PowerSumOrXPushforward(1e50, 1.0, out double t);
        Assert.Equal(1.0, t);
        AssertHessian((g, h) => ScalarCalls.PowerSumOrXHessian(1e50, g, h), 1.0, 0.0);
        // At 0.5 the sum is taken: d/dx = 1 - Σ k·x^(k-1).
        double expected = 1;
        for (int k = 1; k <= 8; k++) expected -= k * Math.Pow(0.5, k - 1);
        ScalarCalls.PowerSumOrXGradient(0.5, out d);
        Assert.Equal(expected, d, 14);
    }

    /// <summary>The gradient and the Hessian (1×1) a Hessian member writes.</summary>
    private static void AssertHessian(Action<double[], double[]> hessian, double gradient, double second)
    {
        var g = new double[1];
        var h = new double[1];
        hessian(g, h);
        Assert.Equal((gradient, second), (g[0], h[0]));
    }
}
