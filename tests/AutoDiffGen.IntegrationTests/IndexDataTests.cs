using System;
using System.Linq;
using System.Reflection;
using AutoDiffGen.IntegrationTests.Checking;
using AutoDiffGen.IntegrationTests.Functions;
using Xunit;

namespace AutoDiffGen.IntegrationTests;

/// <summary>
/// Integer data without [NoDerivative] and [NoDerivative] data of any type: every function of <see cref="IndexDataCases"/>
/// through every check of <see cref="DerivativeCheck"/> (the vector-valued <see cref="IndexData.CsrProduct"/> is in
/// <see cref="VectorTests"/>), and every generated member taking the data as the method does.
/// </summary>
public class IndexDataTests
{
    [Theory]
    [MemberData(nameof(IndexDataCases.Names), MemberType = typeof(IndexDataCases))]
    public void Gradient_matches_central_finite_differences(string name) =>
        DerivativeCheck.GradientMatchesFiniteDifferences(IndexDataCases.Get(name));

    [Theory]
    [MemberData(nameof(IndexDataCases.Names), MemberType = typeof(IndexDataCases))]
    public void Pushforward_and_Pullback_pass_the_dot_product_test(string name) =>
        DerivativeCheck.PushforwardAndPullbackAgree(IndexDataCases.Get(name));

    [Theory]
    [MemberData(nameof(IndexDataCases.Names), MemberType = typeof(IndexDataCases))]
    public void Gradient_equals_Pullback_with_seed_one_and_Pullback_accumulates(string name) =>
        DerivativeCheck.GradientEqualsPullback(IndexDataCases.Get(name));

    [Theory]
    [MemberData(nameof(IndexDataCases.Names), MemberType = typeof(IndexDataCases))]
    public void Every_member_returns_the_primal_value(string name) =>
        DerivativeCheck.EveryMemberReturnsTheValue(IndexDataCases.Get(name));

    [Theory]
    [MemberData(nameof(IndexDataCases.SecondOrderNames), MemberType = typeof(IndexDataCases))]
    public void Hessian_matches_finite_differences_of_the_Gradient_is_symmetric_and_agrees_with_the_HVP(string name) =>
        DerivativeCheck.HessianMatchesFiniteDifferences(IndexDataCases.Get(name));

    [Theory]
    [InlineData(nameof(IndexData.GatherSum), typeof(int[]))]
    [InlineData(nameof(IndexData.CsrEnergy), typeof(ReadOnlySpan<int>))]
    [InlineData(nameof(IndexData.CsrProduct), typeof(int[]))]
    [InlineData(nameof(IndexData.SpringEnergy), typeof(ReadOnlySpan<int>))]
    [InlineData(nameof(IndexData.PassedOn), typeof(int[]), typeof(Span<int>), typeof(Stiffness))]
    [InlineData(nameof(IndexData.Masked), typeof(byte[]), typeof(ReadOnlySpan<short>), typeof(bool[]))]
    [InlineData(nameof(IndexData.PassedThrough), typeof(Func<double, double>), typeof(Stiffness), typeof(Label), typeof(string))]
    public void Every_generated_member_takes_the_data_as_the_method_does(string method, params Type[] data)
    {
        var members = typeof(IndexData).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.Name.StartsWith(method, StringComparison.Ordinal) && (m.Name == method || DerivativeSuffixes.Contains(m.Name.Substring(method.Length)))).ToList();
        var primal = members.Single(m => m.Name == method).GetParameters();
        Assert.All(data, type => Assert.Contains(type, primal.Select(p => p.ParameterType)));
        Assert.True(members.Count >= 4, string.Join(", ", members.Select(m => m.Name)));
        foreach (var member in members)
        {
            // The method's parameters first, each with its own type, then the derivatives' (never one of the data's).
            var parameters = member.GetParameters();
            Assert.Equal(primal.Select(p => (p.Name, p.ParameterType)), parameters.Take(primal.Length).Select(p => (p.Name, p.ParameterType)));
            Assert.All(parameters.Skip(primal.Length), p => Assert.DoesNotContain(p.ParameterType, data));
        }
    }

    private static readonly string[] DerivativeSuffixes = ["Gradient", "Pullback", "Pushforward", "PullbackPushforward", "Hessian", "HessianVectorProduct", "Jacobian"];
}
