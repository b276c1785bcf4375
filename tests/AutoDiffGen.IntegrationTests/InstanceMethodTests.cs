using System;
using System.Linq;
using System.Reflection;
using AutoDiffGen.IntegrationTests.Checking;
using AutoDiffGen.IntegrationTests.Functions;
using Xunit;

namespace AutoDiffGen.IntegrationTests;

/// <summary>
/// [Differentiable] instance methods: every function of <see cref="InstanceMethodCases"/> through every check of
/// <see cref="DerivativeCheck"/>, and their generated members are instance members that read the object they are called on.
/// </summary>
public class InstanceMethodTests
{
    [Theory]
    [MemberData(nameof(InstanceMethodCases.Names), MemberType = typeof(InstanceMethodCases))]
    public void Gradient_matches_central_finite_differences(string name) =>
        DerivativeCheck.GradientMatchesFiniteDifferences(InstanceMethodCases.Get(name));

    [Theory]
    [MemberData(nameof(InstanceMethodCases.Names), MemberType = typeof(InstanceMethodCases))]
    public void Pushforward_and_Pullback_pass_the_dot_product_test(string name) =>
        DerivativeCheck.PushforwardAndPullbackAgree(InstanceMethodCases.Get(name));

    [Theory]
    [MemberData(nameof(InstanceMethodCases.Names), MemberType = typeof(InstanceMethodCases))]
    public void Gradient_equals_Pullback_with_seed_one_and_Pullback_accumulates(string name) =>
        DerivativeCheck.GradientEqualsPullback(InstanceMethodCases.Get(name));

    [Theory]
    [MemberData(nameof(InstanceMethodCases.Names), MemberType = typeof(InstanceMethodCases))]
    public void Every_member_returns_the_primal_value(string name) =>
        DerivativeCheck.EveryMemberReturnsTheValue(InstanceMethodCases.Get(name));

    [Theory]
    [MemberData(nameof(InstanceMethodCases.SecondOrderNames), MemberType = typeof(InstanceMethodCases))]
    public void Hessian_matches_finite_differences_of_the_Gradient_is_symmetric_and_agrees_with_the_HVP(string name) =>
        DerivativeCheck.HessianMatchesFiniteDifferences(InstanceMethodCases.Get(name));

    [Theory]
    [InlineData(typeof(LinearRegression), nameof(LinearRegression.Loss))]
    [InlineData(typeof(LinearRegression), nameof(LinearRegression.PolynomialLoss))]
    [InlineData(typeof(Spring), nameof(Spring.Energy))]
    public void Every_generated_member_is_an_instance_member(Type type, string method)
    {
        var members = type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => m.Name.StartsWith(method, StringComparison.Ordinal) && m.Name != method).ToList();
        Assert.Contains(members, m => m.Name == method + "Gradient");
        Assert.Contains(members, m => m.Name == method + "HessianVectorProduct");
        Assert.Contains(members, m => m.Name == method + "Pullback");
        Assert.All(members, m => Assert.False(m.IsStatic, m.Name + " is static"));
    }

    [Fact]
    public void The_members_read_the_data_of_the_object_they_are_called_on()
    {
        // Loss(a, b) = mean((a·x + b − y)²) + ridge·(a² + b²), differentiated by hand for each object.
        foreach (var (model, xs, ys, ridge) in new[]
        {
            (InstanceMethodCases.Small(), new[] { 0.0, 0.5, 1.0, 1.5 }, new[] { -1.1, 0.05, 0.9, 2.1 }, 0.1),
            (InstanceMethodCases.Other(), new[] { -2.0, -1.0, 0.25, 3.0, 4.5 }, new[] { 3.0, 1.4, 0.2, -2.5, -4.0 }, 0.0),
        })
        {
            const double a = 0.7, b = -0.4;
            double value = ridge * (a * a + b * b), da = 2 * ridge * a, db = 2 * ridge * b;
            for (int i = 0; i < xs.Length; i++)
            {
                double r = a * xs[i] + b - ys[i];
                value += r * r / xs.Length;
                da += 2 * r * xs[i] / xs.Length;
                db += 2 * r / xs.Length;
            }

            double returned = model.LossGradient(a, b, out double ga, out double gb);
            Assert.Equal(value, returned, 12);
            Assert.Equal(da, ga, 12);
            Assert.Equal(db, gb, 12);
            double pushed = model.LossPushforward(a, b, 1, 0, out double tangent);
            Assert.Equal(value, pushed, 12);
            Assert.Equal(da, tangent, 12);
        }

        // Two objects, two different gradients at the same point.
        InstanceMethodCases.Small().LossGradient(0.7, -0.4, out double smallDa, out _);
        InstanceMethodCases.Other().LossGradient(0.7, -0.4, out double otherDa, out _);
        Assert.NotEqual(smallDa, otherDa, 6);
    }
}
