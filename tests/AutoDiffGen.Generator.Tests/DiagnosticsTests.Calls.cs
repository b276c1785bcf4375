using System.Linq;
using AutoDiffGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Xunit;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// Calls between [Differentiable] methods: a value with a derivative for a [NoDerivative] parameter goes through the
/// callee's members with respect to every parameter or is ADG0204; a callee without derivatives is one ADG0205 at the
/// call, and nothing inside generated files.
/// </summary>
public sealed partial class DiagnosticsTests
{
    private const string SoftLibrary = """

        public static class Opaque
        {
            public static double Value(double x) => x * 3;
        }

        public static class Soft
        {
            public static double Apply(double x, [NoDerivative] double k) => x * k;

            [DerivativeOf(typeof(Soft), nameof(Apply), DerivativeKind.Pullback)]
            public static void ApplyPullback(double x, double k, double seed, ref double dx) => dx += seed * k;
        }
        """;

    [Fact]
    public void ADG0204_ARegisteredDerivativeTakesNoneForTheParameter()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x) => [|Soft.Apply(x, x)|];
            """) + SoftLibrary,
            DiagnosticDescriptors.ActiveArgumentForDataParameter, DiagnosticSeverity.Error,
            "The argument for parameter 'k' of 'Samples.Soft.Apply' carries a derivative, but 'k' is [NoDerivative] and its registered derivatives take none for it, so that derivative would be lost; register derivatives of 'Apply' that take one (without [NoDerivative] on 'k'), or pass a value that carries none (a constant, a [NoDerivative] parameter)");

    [Fact]
    public void ADG0204_ACalleeThatCannotBeDifferentiatedWithRespectToTheParameter()
    {
        var run = AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static double H(double a, [NoDerivative] double b) => a * Opaque.Value(b);

                [Differentiable]
                public static double F(double x) => [|H(x, x)|];

                [Differentiable]
                public static double G(double x, [NoDerivative] double w) => H(x, w) * H(x, 2.0);
            """) + SoftLibrary,
            DiagnosticDescriptors.ActiveArgumentForDataParameter, DiagnosticSeverity.Error,
            "The argument for parameter 'b' of 'H' carries a derivative, but 'b' is [NoDerivative] and 'H' cannot be differentiated with respect to it (no derivative is known for 'Samples.Opaque.Value'), so that derivative would be lost; pass a value that carries none (a constant, a [NoDerivative] parameter), or make the derivative it needs known");
        // F gets nothing; H and G, which passes data for b, get their members, and H's throw where b would need a derivative.
        Assert.DoesNotContain(run.GeneratedSources.Keys, k => k.Contains(".F_", System.StringComparison.Ordinal));
        Assert.Contains(run.GeneratedSources.Keys, k => k.Contains(".G_", System.StringComparison.Ordinal));
        Assert.Contains("throw new global::System.NotSupportedException(\"H has no derivative with respect to its [NoDerivative] parameters (no derivative is known for 'Samples.Opaque.Value').\");", run.Source("Samples.C.H_Double_Double"));
        Assert.Empty(run.OutputErrors);
    }

    [Fact]
    public void ADG0204_Negative_DataForDataAndDerivativesThroughEveryParameter()
        => AssertNoDiagnostics(GeneratorHarness.InClass("""
                [Differentiable]
                public static double Inner(double a, [NoDerivative] double b) => a * b + Math.Sin(b);

                [Differentiable]
                public static double Outer(double x, [NoDerivative] double w) => Inner(x, x) + Inner(x, w) + Inner(x, 2.0) + Soft.Apply(x, w);
            """) + SoftLibrary, allowInfo: true); // ADG0304: Soft.Apply has no second order

    [Fact]
    public void ADG0205_ACalleeWithAnError()
    {
        var run = AssertExactly(GeneratorHarness.InClass("""
                [Differentiable]
                public static double G(double x, int n) => [|n switch { 1 => x, _ => 2 * x }|];

                [Differentiable]
                public static double F(double x) => [|G(x, 1)|] * x + [|G(x, 2)|];
            """),
            (DiagnosticDescriptors.UnsupportedConstruct, DiagnosticSeverity.Error, "A 'switch' expression is not supported in a [Differentiable] method; use '?:' instead"),
            (DiagnosticDescriptors.CalleeWithoutDerivatives, DiagnosticSeverity.Error, "'G' has no derivatives (see ADG0101 at Test0.cs(9,48)), so this call cannot be differentiated; fix 'G' first"),
            (DiagnosticDescriptors.CalleeWithoutDerivatives, DiagnosticSeverity.Error, "'G' has no derivatives (see ADG0101 at Test0.cs(9,48)), so this call cannot be differentiated; fix 'G' first"));
        // No file for either, so no error inside generated code (there were CS0117s for GPullback, …).
        Assert.Empty(run.GeneratedSources);
        Assert.Empty(run.OutputErrors);
    }

    [Fact]
    public void ADG0205_ACalleeThatDoesNotCompileYet()
    {
        var markup = Markup.Parse(GeneratorHarness.InClass("""
                [Differentiable]
                public static double G(double x) => Math.Sqr(x);

                [Differentiable]
                public static double F(double x) => [|G(x)|] * x;
            """));
        var run = Run(markup);
        Assert.Single(run.AutoDiffDiagnostics);
        AssertDiagnostic(run.AutoDiffDiagnostics[0], DiagnosticDescriptors.CalleeWithoutDerivatives, DiagnosticSeverity.Error, markup, 0,
            "'G' has no derivatives (it does not compile yet), so this call cannot be differentiated; fix 'G' first");
        // The compiler's own error is in G, none in generated code.
        Assert.All(run.OutputErrors, e => Assert.Equal(GeneratorHarness.PathOf(0), e.Location.GetLineSpan().Path));
    }
}
