using AutoDiffGen.IntegrationTests.Checking;
using Xunit;

namespace AutoDiffGen.IntegrationTests;

/// <summary>
/// Local arrays and stackalloc spans written and read back inside loops (the reverse sweep undoes the writes of later iterations to recompute earlier ones) through
/// every check of <see cref="DerivativeCheck"/>.
/// </summary>
public class BufferTests
{
    [Theory]
    [MemberData(nameof(BufferCases.Names), MemberType = typeof(BufferCases))]
    public void Gradient_matches_central_finite_differences(string name) =>
        DerivativeCheck.GradientMatchesFiniteDifferences(BufferCases.Get(name));

    [Theory]
    [MemberData(nameof(BufferCases.Names), MemberType = typeof(BufferCases))]
    public void Pushforward_and_Pullback_pass_the_dot_product_test(string name) =>
        DerivativeCheck.PushforwardAndPullbackAgree(BufferCases.Get(name));

    [Theory]
    [MemberData(nameof(BufferCases.Names), MemberType = typeof(BufferCases))]
    public void Gradient_equals_Pullback_with_seed_one_and_Pullback_accumulates(string name) =>
        DerivativeCheck.GradientEqualsPullback(BufferCases.Get(name));

    [Theory]
    [MemberData(nameof(BufferCases.Names), MemberType = typeof(BufferCases))]
    public void Every_member_returns_the_primal_value(string name) =>
        DerivativeCheck.EveryMemberReturnsTheValue(BufferCases.Get(name));

    [Theory]
    [MemberData(nameof(BufferCases.SecondOrderNames), MemberType = typeof(BufferCases))]
    public void Hessian_matches_finite_differences_of_the_Gradient_is_symmetric_and_agrees_with_the_HVP(string name) =>
        DerivativeCheck.HessianMatchesFiniteDifferences(BufferCases.Get(name));
}
