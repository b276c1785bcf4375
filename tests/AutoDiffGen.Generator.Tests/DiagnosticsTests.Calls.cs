using AutoDiffGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Xunit;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// Calls: ADG0201 (no derivative is known for a called method) and ADG0304 (a custom derivative without second order);
/// ADG0202 and ADG0203 (a custom derivative with the wrong signature or a target that does not exist). Calls between
/// [Differentiable] methods: a value with a derivative for a [NoDerivative] parameter goes through the callee's members
/// with respect to every parameter or is ADG0204; a callee without derivatives is one ADG0205 at the call, and nothing
/// inside generated files.
/// </summary>
public sealed partial class DiagnosticsTests
{
    // ------------------------------------------------------------------ ADG0201 no derivative for a call

    private const string Header = "using System;\nusing AutoDiffGen;\n\nnamespace Samples;\n";

    private const string HelpersType = """

        public static class Helpers
        {
            public static double Soft(double x) => x / (1 + Math.Abs(x));
        }
        """;

    [Fact]
    public void ADG0201_CallWithNoKnownDerivative()
    {
        var run = AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x) => [|Helpers.Soft(x)|] * 2;
            """) + HelpersType,
            DiagnosticDescriptors.NoDerivativeForCall, DiagnosticSeverity.Error,
            "No derivative is known for 'Samples.Helpers.Soft'; mark it [Differentiable], or register one with [DerivativeOf(typeof(Helpers), nameof(Helpers.Soft), DerivativeKind.Pullback)] (and DerivativeKind.Pushforward), or pass only [NoDerivative] values to it");
        Assert.Contains("[DerivativeOf", run.AutoDiffDiagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void ADG0201_MatrixFunctionWithNoKnownDerivative()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(Matrix a) => Matrix.Sum([|MatrixHelpers.Clip(a)|]);
            """) + """

            public static class MatrixHelpers
            {
                public static Matrix Clip(Matrix a) => a;
            }
            """,
            DiagnosticDescriptors.NoDerivativeForCall, DiagnosticSeverity.Error,
            "No derivative is known for 'Samples.MatrixHelpers.Clip'; mark it [Differentiable], or register one with [DerivativeOf(typeof(MatrixHelpers), nameof(MatrixHelpers.Clip), DerivativeKind.Pullback)] (and DerivativeKind.Pushforward), or pass only [NoDerivative] values to it");

    private const string ActivationsType = """

        public sealed class Rule
        {
        }

        public static class Activations
        {
            public static readonly Rule CubeRule = new();

            public static readonly double NotARule = 1;

            [DifferentiateAs(nameof(Apply), nameof(CubeRule))]
            public static double Cube(double x) => x * x * x;

            [DifferentiateAs(nameof(Apply), nameof(NotARule))]
            public static double Wrong(double x) => x;

            [DifferentiateAs("Missing", nameof(CubeRule))]
            public static double Lost(double x) => x;

            public static double Apply([NoDerivative] Rule rule, double x) => x * x * x;

            [DerivativeOf(typeof(Activations), nameof(Apply), DerivativeKind.Pullback)]
            public static void ApplyPullback([NoDerivative] Rule rule, double x, double seed, ref double dx) => dx += seed * 3 * x * x;

            [DerivativeOf(typeof(Activations), nameof(Apply), DerivativeKind.Pushforward)]
            public static double ApplyPushforward([NoDerivative] Rule rule, double x, double tx, out double tangent)
            {
                tangent = 3 * x * x * tx;
                return x * x * x;
            }
        }
        """;

    [Fact]
    public void ADG0101_DifferentiateAsNamingNoSharedMethod()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x) => [|Activations.Lost(x)|] * 2;
            """) + ActivationsType,
            DiagnosticDescriptors.UnsupportedConstruct, DiagnosticSeverity.Error,
            "A call to 'Lost', whose [DifferentiateAs] names 'Activations.Missing(…, double)', which 'Activations' does not have, is not supported in a [Differentiable] method; [DifferentiateAs(method, argument)] names a static method of the callee's type that takes a [NoDerivative] value first and then the callee's parameters, and a static field or property of that type to pass first");

    [Fact]
    public void ADG0101_DifferentiateAsNamingAValueOfTheWrongType()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x) => [|Activations.Wrong(x)|] * 2;
            """) + ActivationsType,
            DiagnosticDescriptors.UnsupportedConstruct, DiagnosticSeverity.Error,
            "A call to 'Wrong', whose [DifferentiateAs] names 'Activations.NotARule', which is not a static field or property of type 'Samples.Rule', is not supported in a [Differentiable] method; [DifferentiateAs(method, argument)] names a static method of the callee's type that takes a [NoDerivative] value first and then the callee's parameters, and a static field or property of that type to pass first");

    [Fact]
    public void ADG0101_Negative_DifferentiateAsWithItsSharedDerivatives()
        => AssertNoDiagnostics(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x) => Activations.Cube(x) * 2;
            """) + ActivationsType, allowInfo: true); // ADG0304: no second order registered

    [Fact]
    public void ADG0201_Negative_OnlyNoDerivativeValuesPassed()
        => AssertNoDiagnostics(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x, [NoDerivative] double k) => x * Helpers.Soft(k);
            """) + HelpersType);

    [Fact]
    public void ADG0201_Negative_GenericMathStaticsAreMathsFunctions()
    {
        // double.Exp, float.Sqrt, …: the functions of Math and MathF under another name, no registration needed.
        var run = GeneratorHarness.Run(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x, double y) => double.Exp(x) * double.Sin(y) + double.Pow(x * x + 1, y) + double.Log(x * x + 2, 3) + double.Clamp(x, -1, 1);

                [Differentiable]
                public static float G(float x, float y) => float.Sqrt(x * x + 1) * float.Atan2(y, x) + float.Max(x, y) + float.FusedMultiplyAdd(x, y, x);
            """));
        Assert.All(run.AutoDiffDiagnostics, d => Assert.Equal(DiagnosticSeverity.Info, d.Severity));
        run.AssertGeneratedCodeCompiles();
        // Emitted as the Math and MathF functions they are.
        Assert.Contains("global::System.Math.Exp(x)", run.Source("Samples.C.F_Double_Double"));
        Assert.Contains("global::System.MathF.Sqrt(", run.Source("Samples.C.G_Single_Single"));
    }

    [Fact]
    public void ADG0201_Negative_DifferentiableCallee()
        => AssertNoDiagnostics(GeneratorHarness.InClass("""
                [Differentiable]
                public static double Soft(double x) => x / (1 + x * x);

                [Differentiable]
                public static double F(double x) => Soft(x) * 2;
            """));

    [Fact]
    public void ADG0201_Negative_RegisteredCustomDerivative()
        // No pushforward of SoftPullback is registered, so ADG0304 (info: no Hessian) is expected.
        => AssertNoDiagnostics(allowInfo: true, source: GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x) => Helpers.Soft(x) * 2;
            """) + HelpersType + """

            public static class HelperDerivatives
            {
                [DerivativeOf(typeof(Helpers), nameof(Helpers.Soft), DerivativeKind.Pullback)]
                public static void SoftPullback(double x, double seed, ref double dx)
                {
                    double d = 1 + Math.Abs(x);
                    dx += seed / (d * d);
                }

                [DerivativeOf(typeof(Helpers), nameof(Helpers.Soft), DerivativeKind.Pushforward)]
                public static double SoftPushforward(double x, double tx, out double tangent)
                {
                    double d = 1 + Math.Abs(x);
                    tangent = tx / (d * d);
                    return x / d;
                }
            }
            """);

    private const string SoftDerivatives = """

            public static class HelperDerivatives
            {
                [DerivativeOf(typeof(Helpers), nameof(Helpers.Soft), DerivativeKind.Pullback)]
                public static void SoftPullback(double x, double seed, ref double dx)
                {
                    double d = 1 + Math.Abs(x);
                    dx += seed / (d * d);
                }
            }
            """;

    [Fact]
    public void ADG0304_CallToACustomDerivativeWithoutSecondOrder_and_callers_Hessians_throw_naming_it()
    {
        var run = AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static double [|H|](double x) => Helpers.Soft(x) * x;

                [Differentiable]
                public static double F(double x) => x > -1 ? Math.Sin(H(x)) : 0.0;
            """) + HelpersType + SoftDerivatives,
            DiagnosticDescriptors.NoSecondOrder, DiagnosticSeverity.Info,
            "HHessian and HHessianVectorProduct are not generated: no pushforward is known for 'Samples.HelperDerivatives.SoftPullback'; to get them, register the missing pushforward with [DerivativeOf(…, DerivativeKind.Pushforward)]");
        // F keeps its call of H (in a branch of ?:, which is not inlined), and its Hessian-vector product still compiles (F
        // cannot see that H has none): it calls H's pullback pushforward, which throws, naming the cause.
        using var assembly = run.Load();
        var hvp = assembly.GetMethod("Samples.C", "FHessianVectorProduct");
        var e = Assert.Throws<System.Reflection.TargetInvocationException>(() => hvp.Invoke(null, new object?[] { 0.5, 1.0, null }));
        var inner = Assert.IsType<System.NotSupportedException>(e.InnerException);
        Assert.Equal("H has no second-order derivatives (no pushforward is known for 'Samples.HelperDerivatives.SoftPullback'), so neither has a method that calls it.", inner.Message);
        // Its first-order derivatives work.
        var gradient = assembly.GetMethod("Samples.C", "FGradient");
        var args = new object?[] { 0.5, null };
        double value = (double)gradient.Invoke(null, args)!;
        double h = 0.5 / 1.5 * 0.5;
        Assert.Equal(System.Math.Sin(h), value, 15);
        Assert.Equal(System.Math.Cos(h) * (0.5 / 1.5 + 0.5 / (1.5 * 1.5)), (double)args[1]!, 15);
    }

    [Fact]
    public void ADG0304_ACallerThatInlinesACalleeWithoutSecondOrder()
    {
        const string missing = "no pushforward is known for 'Samples.HelperDerivatives.SoftPullback'; to get them, register the missing pushforward with [DerivativeOf(…, DerivativeKind.Pushforward)]";
        var run = AssertExactly(GeneratorHarness.InClass("""
                [Differentiable]
                public static double [|H|](double x) => Helpers.Soft(x) * x;

                [Differentiable]
                public static double [|F|](double x) => Math.Sin(H(x));
            """) + HelpersType + SoftDerivatives,
            (DiagnosticDescriptors.NoSecondOrder, DiagnosticSeverity.Info, "HHessian and HHessianVectorProduct are not generated: " + missing),
            (DiagnosticDescriptors.NoSecondOrder, DiagnosticSeverity.Info, "FHessian and FHessianVectorProduct are not generated: " + missing));
        // F has H's body in place of the call: it says itself that it has no second order, and its gradient works.
        Assert.DoesNotContain("HPullback", run.Source("Samples.C.F_Double"), System.StringComparison.Ordinal);
        using var assembly = run.Load();
        var args = new object?[] { 0.5, null };
        double value = (double)assembly.GetMethod("Samples.C", "FGradient").Invoke(null, args)!;
        double h = 0.5 / 1.5 * 0.5;
        Assert.Equal(System.Math.Sin(h), value, 15);
        Assert.Equal(System.Math.Cos(h) * (0.5 / 1.5 + 0.5 / (1.5 * 1.5)), (double)args[1]!, 15);
        Assert.Null(assembly.GetType("Samples.C").GetMethod("FHessianVectorProduct"));
    }

    [Fact]
    public void ADG0304_Negative_CallToADifferentiableMethod()
    {
        var run = Run(Markup.Parse(GeneratorHarness.InClass("""
                [Differentiable]
                public static double Soft(double x) => x / (1 + x * x);

                [Differentiable]
                public static double H(double x) => Soft(x) * x;
            """)));
        Assert.Empty(run.AutoDiffDiagnostics);
        Assert.Contains("HHessianVectorProduct(", run.AllGeneratedText(), System.StringComparison.Ordinal);
    }

    // ------------------------------------------------------------------ ADG0202, ADG0203 custom derivatives

    [Fact]
    public void ADG0202_PullbackWithoutRefAdjoint()
        => AssertSingle(Header + HelpersType + """

            public static class HelperDerivatives
            {
                [DerivativeOf(typeof(Helpers), nameof(Helpers.Soft), DerivativeKind.Pullback)]
                public static void [|SoftPullback|](double x, double seed, double dx)
                {
                }
            }
            """,
            DiagnosticDescriptors.CustomDerivativeShape, DiagnosticSeverity.Error,
            "'SoftPullback' is declared as the pullback of 'Samples.Helpers.Soft(double)' but its signature does not match; expected: void (double, double, ref double)");

    [Fact]
    public void ADG0202_Negative_NoAdjointForAnIntParameter()
        => AssertNoDiagnostics(allowInfo: true, source: GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x) => Powers.Power(x, 3) * x;
            """) + """

            public static class Powers
            {
                public static double Power(double x, int n) => Math.Pow(x, n);

                [DerivativeOf(typeof(Powers), nameof(Power), DerivativeKind.Pullback)]
                public static void PowerPullback(double x, int n, double seed, ref double dx) => dx += seed * n * Math.Pow(x, n - 1);
            }
            """);

    [Fact]
    public void ADG0203_TargetMethodNotFound()
        => AssertSingle(Header + HelpersType + """

            public static class HelperDerivatives
            {
                [[|DerivativeOf(typeof(Helpers), "Sfot", DerivativeKind.Pullback)|]]
                public static void SoftPullback(double x, double seed, ref double dx) => dx += seed;
            }
            """,
            DiagnosticDescriptors.CustomDerivativeTargetNotFound, DiagnosticSeverity.Error,
            "[DerivativeOf] names 'Samples.Helpers.Sfot', but 'Samples.Helpers' has no static method 'Sfot' whose parameters match the first parameters of 'SoftPullback'; check the type and the method name, and begin 'SoftPullback' with the parameters of the target");

    [Fact]
    public void ADG0203_TargetParametersDoNotMatch()
        => AssertSingle(Header + HelpersType + """

            public static class HelperDerivatives
            {
                [[|DerivativeOf(typeof(Helpers), nameof(Helpers.Soft), DerivativeKind.Pullback)|]]
                public static void SoftPullback(float x, float seed, ref float dx) => dx += seed;
            }
            """,
            DiagnosticDescriptors.CustomDerivativeTargetNotFound, DiagnosticSeverity.Error,
            "[DerivativeOf] names 'Samples.Helpers.Soft', but 'Samples.Helpers' has no static method 'Soft' whose parameters match the first parameters of 'SoftPullback'; check the type and the method name, and begin 'SoftPullback' with the parameters of the target");

    [Fact]
    public void ADG0203_Negative_TheOverloadWhoseParametersMatch()
        => AssertNoDiagnostics(allowInfo: true, source: GeneratorHarness.InClass("""
                [Differentiable]
                public static float F(float x) => Scaling.Scale(x) * x;
            """) + """

            public static class Scaling
            {
                public static double Scale(double x) => 2 * x;
                public static float Scale(float x) => 2 * x;
            }

            public static class ScalingDerivatives
            {
                [DerivativeOf(typeof(Scaling), nameof(Scaling.Scale), DerivativeKind.Pullback)]
                public static void ScalePullback(float x, float seed, ref float dx) => dx += 2 * seed;
            }
            """);

    // ------------------------------------------------------------------ ADG0204, ADG0205 calls between [Differentiable] methods

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
