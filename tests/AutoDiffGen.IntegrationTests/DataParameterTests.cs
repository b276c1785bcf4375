using System;
using System.Linq;
using System.Reflection;
using AutoDiffGen.IntegrationTests.Checking;
using AutoDiffGen.IntegrationTests.Functions;
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

    [Theory]
    [InlineData(nameof(DataParameters.Relaxation), typeof(Settings))]
    [InlineData(nameof(DataParameters.Labeled), typeof(string), typeof(Mode))]
    [InlineData(nameof(DataParameters.Scatter), typeof(int[]))]
    public void Every_generated_member_takes_the_data_as_the_method_does(string method, params Type[] data)
    {
        var members = typeof(DataParameters).GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.Name.StartsWith(method, StringComparison.Ordinal)).ToList();
        Assert.True(members.Count >= 3, string.Join(", ", members.Select(m => m.Name)));
        var primal = members.Single(m => m.Name == method).GetParameters();
        foreach (var member in members)
        {
            // The method's parameters first, each with its own type, then the derivatives' (never one of the data's).
            var parameters = member.GetParameters();
            Assert.Equal(primal.Select(p => (p.Name, p.ParameterType)), parameters.Take(primal.Length).Select(p => (p.Name, p.ParameterType)));
            Assert.All(parameters.Skip(primal.Length), p => Assert.DoesNotContain(p.ParameterType, data));
        }
    }
}
