using Microsoft.CodeAnalysis;
using AutoDiffGen.Generator.Diagnostics;
using Xunit;

namespace AutoDiffGen.Generator.Tests;

/// <summary><c>ref</c> locals: aliases of a local, a parameter or an element are supported; anything else is ADG0101 where the reference is taken.</summary>
public sealed partial class DiagnosticsTests
{
    [Fact]
    public void ADG0101_Negative_RefLocals()
        => AssertNoDiagnostics(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x, double[] w)
                {
                    double acc = 1;
                    ref double r = ref acc;
                    r *= x;
                    double[] t = new double[2];
                    ref double e = ref t[1];
                    e = r * x;
                    ref readonly double first = ref w[0];
                    return t[1] * first;
                }

                [Differentiable]
                public static void G(double a, Span<double> y)
                {
                    foreach (ref double v in y) v = a * a;
                    ref double last = ref y[y.Length - 1];
                    last += a;
                }
            """));

    [Theory]
    [InlineData("public static double F(double x) { double a = x, b = 2 * x; ref double r = ref a; [|r = ref b|]; r *= x; return a + b; }",
        "Binding the 'ref' local 'r' to another variable is not supported in a [Differentiable] method; declare another 'ref' local for it")]
    [InlineData("public static double F(double x, int n) { ref int [|k = ref n|]; k++; return x * n; }",
        "A 'ref' local of type 'int' ('k') is not supported in a [Differentiable] method; use the variable it refers to")]
    [InlineData("public static double F(double x, bool up) { double a = x, b = -x; ref double r = ref [|up ? ref a : ref b|]; r *= 2; return a + b; }",
        "A 'ref' local bound to this ('r') is not supported in a [Differentiable] method; bind it to a local, a parameter or an element of a span or an array ('ref double r = ref a[i];'), or use a copy")]
    public void ADG0101_RefLocalsThatAreNotAliases(string member, string message)
        => AssertSingle(GeneratorHarness.InClass("[Differentiable]\n" + member), DiagnosticDescriptors.UnsupportedConstruct, DiagnosticSeverity.Error, message);
}
