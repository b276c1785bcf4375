using AutoDiffGen.IntegrationTests.Checking;
using Xunit;

namespace AutoDiffGen.IntegrationTests;

/// <summary>Every function of <see cref="Cases"/>, through every check of <see cref="DerivativeCheck"/>.</summary>
public class ScalarFunctionTests
{
    [Theory]
    [MemberData(nameof(Cases.Names), MemberType = typeof(Cases))]
    public void Gradient_matches_central_finite_differences(string name) =>
        DerivativeCheck.GradientMatchesFiniteDifferences(Cases.Get(name));

    [Theory]
    [MemberData(nameof(Cases.Names), MemberType = typeof(Cases))]
    public void Pushforward_and_Pullback_pass_the_dot_product_test(string name) =>
        DerivativeCheck.PushforwardAndPullbackAgree(Cases.Get(name));

    [Theory]
    [MemberData(nameof(Cases.Names), MemberType = typeof(Cases))]
    public void Gradient_equals_Pullback_with_seed_one_and_Pullback_accumulates(string name) =>
        DerivativeCheck.GradientEqualsPullback(Cases.Get(name));

    [Theory]
    [MemberData(nameof(Cases.Names), MemberType = typeof(Cases))]
    public void Every_member_returns_the_primal_value(string name) =>
        DerivativeCheck.EveryMemberReturnsTheValue(Cases.Get(name));

    [Theory]
    [MemberData(nameof(Cases.SecondOrderNames), MemberType = typeof(Cases))]
    public void Hessian_matches_finite_differences_of_the_Gradient_is_symmetric_and_agrees_with_the_HVP(string name) =>
        DerivativeCheck.HessianMatchesFiniteDifferences(Cases.Get(name));
}
