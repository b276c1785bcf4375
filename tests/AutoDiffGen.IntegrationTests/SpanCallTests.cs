using AutoDiffGen.IntegrationTests.Checking;
using AutoDiffGen.IntegrationTests.Functions;
using Xunit;

namespace AutoDiffGen.IntegrationTests;

/// <summary>
/// Helpers called with spans, slices and local buffers (inlined in the caller) through
/// every check of <see cref="DerivativeCheck"/>.
/// </summary>
public class SpanCallTests
{
    [Theory]
    [MemberData(nameof(SpanCallCases.Names), MemberType = typeof(SpanCallCases))]
    public void Gradient_matches_central_finite_differences(string name) =>
        DerivativeCheck.GradientMatchesFiniteDifferences(SpanCallCases.Get(name));

    [Theory]
    [MemberData(nameof(SpanCallCases.Names), MemberType = typeof(SpanCallCases))]
    public void Pushforward_and_Pullback_pass_the_dot_product_test(string name) =>
        DerivativeCheck.PushforwardAndPullbackAgree(SpanCallCases.Get(name));

    [Theory]
    [MemberData(nameof(SpanCallCases.Names), MemberType = typeof(SpanCallCases))]
    public void Gradient_equals_Pullback_with_seed_one_and_Pullback_accumulates(string name) =>
        DerivativeCheck.GradientEqualsPullback(SpanCallCases.Get(name));

    [Theory]
    [MemberData(nameof(SpanCallCases.Names), MemberType = typeof(SpanCallCases))]
    public void Every_member_returns_the_primal_value(string name) =>
        DerivativeCheck.EveryMemberReturnsTheValue(SpanCallCases.Get(name));

    [Theory]
    [MemberData(nameof(SpanCallCases.SecondOrderNames), MemberType = typeof(SpanCallCases))]
    public void Hessian_matches_finite_differences_of_the_Gradient_is_symmetric_and_agrees_with_the_HVP(string name) =>
        DerivativeCheck.HessianMatchesFiniteDifferences(SpanCallCases.Get(name));

    [Fact]
    public void A_method_that_writes_its_output_only_through_a_helper_has_that_helpers_derivatives()
    {
        // Scale: y = 0, then Axpy(a, x, y): y = a·x. Its output y is found written by the helper's inlined body.
        double[] x = { 0.5, -1.5, 2.0 }, y = new double[3], ty = new double[3];
        const double a = 1.75;
        SpanCalls.ScalePushforward(x, a, y, new[] { 1.0, 0.0, -2.0 }, 0.5, ty);
        Assert.Equal(new[] { a * 0.5, a * -1.5, a * 2.0 }, y);
        Assert.Equal(new[] { a * 1.0 + 0.5 * 0.5, a * 0.0 + 0.5 * -1.5, a * -2.0 + 0.5 * 2.0 }, ty);

        double[] dy = { 1.0, 2.0, -1.0 }, dx = { 10, 10, 10 };
        double da = 3;
        SpanCalls.ScalePullback(x, a, y, dy, dx, ref da);
        Assert.Equal(new[] { 10 + a * 1.0, 10 + a * 2.0, 10 + a * -1.0 }, dx);
        Assert.Equal(3 + (0.5 * 1.0 + -1.5 * 2.0 + 2.0 * -1.0), da, 14);

        // The Jacobian (3 outputs × 4 inputs: x then a).
        var jacobian = new double[12];
        SpanCalls.ScaleJacobian(x, a, y, jacobian);
        Assert.Equal(new[] { a, 0, 0, 0.5, 0, a, 0, -1.5, 0, 0, a, 2.0 }, jacobian);
    }

    [Fact]
    public void A_method_that_writes_its_output_through_local_spans_naming_its_halves()
    {
        // WriteHalves: y[..h] = x[i]², y[h..] = 3·x[i].
        double[] x = { 0.5, -1.5, 2.0, 1.0 }, y = new double[4];
        var jacobian = new double[16];
        SpanCalls.WriteHalvesJacobian(x, y, jacobian);
        Assert.Equal(new[] { 0.25, 2.25, 1.5, -4.5 }, y);
        Assert.Equal(new double[] { 1, 0, 0, 0, 0, -3, 0, 0, 3, 0, 0, 0, 0, 3, 0, 0 }, jacobian);
        var ty = new double[4];
        SpanCalls.WriteHalvesPushforward(x, y, new[] { 1.0, 1.0, 0.0, 0.0 }, ty);
        Assert.Equal(new[] { 1.0, -3.0, 3.0, 3.0 }, ty);
    }
}

