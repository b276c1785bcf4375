using AutoDiffGen.IntegrationTests.Checking;
using Xunit;

namespace AutoDiffGen.IntegrationTests;

/// <summary>[NoDerivative] data parameters of any type: every function of <see cref="DataParameterCases"/> through every check of <see cref="DerivativeCheck"/>.</summary>
public class DataParameterTests
{
    [Theory]
    [MemberData(nameof(DataParameterCases.Names), MemberType = typeof(DataParameterCases))]
    public void Gradient_matches_central_finite_differences(string name) =>
        DerivativeCheck.GradientMatchesFiniteDifferences(DataParameterCases.Get(name));

    [Theory]
    [MemberData(nameof(DataParameterCases.Names), MemberType = typeof(DataParameterCases))]
    public void Pushforward_and_Pullback_pass_the_dot_product_test(string name) =>
        DerivativeCheck.PushforwardAndPullbackAgree(DataParameterCases.Get(name));

    [Theory]
    [MemberData(nameof(DataParameterCases.Names), MemberType = typeof(DataParameterCases))]
    public void Gradient_equals_Pullback_with_seed_one_and_Pullback_accumulates(string name) =>
        DerivativeCheck.GradientEqualsPullback(DataParameterCases.Get(name));

    [Theory]
    [MemberData(nameof(DataParameterCases.Names), MemberType = typeof(DataParameterCases))]
    public void Every_member_returns_the_primal_value(string name) =>
        DerivativeCheck.EveryMemberReturnsTheValue(DataParameterCases.Get(name));

    [Theory]
    [MemberData(nameof(DataParameterCases.SecondOrderNames), MemberType = typeof(DataParameterCases))]
    public void Hessian_matches_finite_differences_of_the_Gradient_is_symmetric_and_agrees_with_the_HVP(string name) =>
        DerivativeCheck.HessianMatchesFiniteDifferences(DataParameterCases.Get(name));
}
