using AutoDiffGen.IntegrationTests.Checking;
using Xunit;

namespace AutoDiffGen.IntegrationTests;

/// <summary>
/// Loops that end on data — while, do, for loops of other forms, break, continue and return inside loops — through
/// every check of <see cref="DerivativeCheck"/>.
/// </summary>
public class ControlFlowTests
{
    [Theory]
    [MemberData(nameof(ControlFlowCases.Names), MemberType = typeof(ControlFlowCases))]
    public void Gradient_matches_central_finite_differences(string name) =>
        DerivativeCheck.GradientMatchesFiniteDifferences(ControlFlowCases.Get(name));

    [Theory]
    [MemberData(nameof(ControlFlowCases.Names), MemberType = typeof(ControlFlowCases))]
    public void Pushforward_and_Pullback_pass_the_dot_product_test(string name) =>
        DerivativeCheck.PushforwardAndPullbackAgree(ControlFlowCases.Get(name));

    [Theory]
    [MemberData(nameof(ControlFlowCases.Names), MemberType = typeof(ControlFlowCases))]
    public void Gradient_equals_Pullback_with_seed_one_and_Pullback_accumulates(string name) =>
        DerivativeCheck.GradientEqualsPullback(ControlFlowCases.Get(name));

    [Theory]
    [MemberData(nameof(ControlFlowCases.Names), MemberType = typeof(ControlFlowCases))]
    public void Every_member_returns_the_primal_value(string name) =>
        DerivativeCheck.EveryMemberReturnsTheValue(ControlFlowCases.Get(name));

    [Theory]
    [MemberData(nameof(ControlFlowCases.SecondOrderNames), MemberType = typeof(ControlFlowCases))]
    public void Hessian_matches_finite_differences_of_the_Gradient_is_symmetric_and_agrees_with_the_HVP(string name) =>
        DerivativeCheck.HessianMatchesFiniteDifferences(ControlFlowCases.Get(name));
}
