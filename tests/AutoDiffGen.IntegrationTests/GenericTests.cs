using System;
using AutoDiffGen.IntegrationTests.Checking;
using AutoDiffGen.IntegrationTests.Functions;
using Xunit;

namespace AutoDiffGen.IntegrationTests;

/// <summary>
/// Generic [Differentiable] methods: every case of <see cref="GenericCases"/> (the generic members at double and at float, and
/// double and float methods calling generic ones) through every check of <see cref="DerivativeCheck"/>, then closed forms
/// that the two instantiations must agree on.
/// </summary>
public class GenericTests
{
    [Theory]
    [MemberData(nameof(GenericCases.Names), MemberType = typeof(GenericCases))]
    public void Gradient_matches_central_finite_differences(string name) =>
        DerivativeCheck.GradientMatchesFiniteDifferences(GenericCases.Get(name));

    [Theory]
    [MemberData(nameof(GenericCases.Names), MemberType = typeof(GenericCases))]
    public void Pushforward_and_Pullback_pass_the_dot_product_test(string name) =>
        DerivativeCheck.PushforwardAndPullbackAgree(GenericCases.Get(name));

    [Theory]
    [MemberData(nameof(GenericCases.Names), MemberType = typeof(GenericCases))]
    public void Gradient_equals_Pullback_with_seed_one_and_Pullback_accumulates(string name) =>
        DerivativeCheck.GradientEqualsPullback(GenericCases.Get(name));

    [Theory]
    [MemberData(nameof(GenericCases.Names), MemberType = typeof(GenericCases))]
    public void Every_member_returns_the_primal_value(string name) =>
        DerivativeCheck.EveryMemberReturnsTheValue(GenericCases.Get(name));

    [Theory]
    [MemberData(nameof(GenericCases.SecondOrderNames), MemberType = typeof(GenericCases))]
    public void Hessian_matches_finite_differences_of_the_Gradient_is_symmetric_and_agrees_with_the_HVP(string name) =>
        DerivativeCheck.HessianMatchesFiniteDifferences(GenericCases.Get(name));

    [Fact]
    public void Closed_form_at_double_and_at_float()
    {
        // Narrow = e^(-r)·cos x + atan(y)·r, r = √(x² + y² + 1): ∂/∂y = -e^(-r)·cos x·y/r + r/(1 + y²) + atan(y)·y/r.
        const double x = 0.5, y = -1.25;
        double r = Math.Sqrt(x * x + y * y + 1);
        double dyExpected = -Math.Exp(-r) * Math.Cos(x) * y / r + r / (1 + y * y) + Math.Atan(y) * y / r;
        GenericFunctions.NarrowGradient(x, y, out double _, out double dy);
        Assert.Equal(dyExpected, dy, 14);
        GenericFunctions.NarrowGradient((float)x, (float)y, out float _, out float dyFloat);
        Assert.Equal(dyExpected, dyFloat, 5);
    }

    [Fact]
    public void A_vector_valued_generic_method_has_its_Jacobian_at_double_and_at_float()
    {
        // y_i = rate·Σ_{k≤i} x_k²: ∂y_i/∂x_k = 2·rate·x_k for k ≤ i, else 0.
        double[] x = { 0.5, -1.5, 2.0 };
        const double rate = 0.75;
        var y = new double[3];
        var jacobian = new double[9];
        GenericFunctions.CumulativeJacobian<double>(x, rate, y, jacobian);
        var yf = new float[3];
        var jacobianF = new float[9];
        GenericFunctions.CumulativeJacobian(Array.ConvertAll(x, v => (float)v), (float)rate, yf, jacobianF);
        for (int i = 0; i < 3; i++)
        {
            for (int k = 0; k < 3; k++)
            {
                double expected = k <= i ? 2 * rate * x[k] : 0;
                Assert.Equal(expected, jacobian[i * 3 + k], 14);
                Assert.Equal(expected, jacobianF[i * 3 + k], 5);
            }
        }
        Assert.Equal(new[] { 0.1875, 1.875, 4.875 }, y);

        // The pullback adds dyᵀ·J into dx; the pushforward gives J·tx.
        double[] dy = { 1, -2, 0.5 }, dx = { 10, 10, 10 }, ty = new double[3];
        GenericFunctions.CumulativePullback<double>(x, rate, y, dy, dx);
        GenericFunctions.CumulativePushforward<double>(x, rate, y, new[] { 1.0, 0, 0 }, ty);
        for (int k = 0; k < 3; k++)
        {
            double dxk = 10;
            for (int i = k; i < 3; i++) dxk += dy[i] * 2 * rate * x[k];
            Assert.Equal(dxk, dx[k], 13);
            Assert.Equal(jacobian[k * 3], ty[k], 14);
        }
    }

    [Fact]
    public void A_loop_over_a_span_of_T_allocates_nothing_once_warm()
    {
        float[] x = { 0.5f, -1.25f, 2f, 0.75f }, gradient = new float[4];
        GenericFunctions.WeightedGradient<float>(x, 1.5f, gradient, out float _);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) GenericFunctions.WeightedGradient<float>(x, 1.5f, gradient, out float _);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        GenericFunctions.RecurrenceGradient(0.5, 8, out double _);
        before = GC.GetAllocatedBytesForCurrentThread();
        GenericFunctions.RecurrenceGradient(0.5, 8, out double _);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }
}
