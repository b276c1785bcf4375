using System;
using System.Reflection;
using AutoDiffGen.IntegrationTests.Deeply.Nested.Space;
using Xunit;

namespace AutoDiffGen.IntegrationTests;

/// <summary>
/// Generated members land in the method's own type (nested, struct, record, global namespace: those are in the
/// <see cref="Cases"/> table) with the method's accessibility.
/// </summary>
public class ContainingTypeTests
{
    private static readonly string[] Suffixes = { "Gradient", "Pullback", "Pushforward", "Hessian", "HessianVectorProduct" };

    private static MethodInfo Member(string name) =>
        typeof(Accessibility).GetMethod(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
        ?? throw new Xunit.Sdk.XunitException($"Accessibility.{name} was not generated");

    [Fact]
    public void Public_method_gets_public_members()
    {
        foreach (string suffix in Suffixes)
        {
            Assert.True(Member("PublicSquare" + suffix).IsPublic, "PublicSquare" + suffix + " should be public");
        }
    }

    [Fact]
    public void Internal_method_gets_internal_members()
    {
        foreach (string suffix in Suffixes)
        {
            Assert.True(Member("InternalSquare" + suffix).IsAssembly, "InternalSquare" + suffix + " should be internal");
        }
    }

    [Fact]
    public void Private_method_gets_private_members()
    {
        foreach (string suffix in Suffixes)
        {
            Assert.True(Member("PrivateSquare" + suffix).IsPrivate, "PrivateSquare" + suffix + " should be private");
        }

        Assert.Equal(6.0, Accessibility.PrivateSquareDerivative(3.0));
        Assert.Equal(9.0, Accessibility.CallPrivateSquare(3.0));
    }

    [Fact]
    public void Members_are_generated_into_the_declaring_type()
    {
        Assert.NotNull(typeof(Outer.Inner).GetMethod("ProductGradient"));
        Assert.NotNull(typeof(Outer.InStruct).GetMethod("CubeGradient"));
        Assert.NotNull(typeof(Outer.InRecord).GetMethod("QuarticGradient"));
        Assert.NotNull(typeof(GlobalNamespaceFunctions).GetMethod("SoftplusGradient"));
        Assert.Null(typeof(GlobalNamespaceFunctions).Namespace);
    }
}
