using System.Collections.Immutable;
using System.Linq;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// Every diagnostic with its exact ID, severity, location (span and line/column) and message, and
/// valid code that produces none. Expected spans are marked <c>[|…|]</c> in the sources.
/// </summary>
public sealed partial class DiagnosticsTests
{
    // ------------------------------------------------------------------ helpers

    private static GeneratorRun Run(Markup markup)
    {
        var run = GeneratorHarness.Run(markup.Source);
        Assert.True(run.Result.Exception is null, $"The generator threw: {run.Result.Exception}");
        return run;
    }

    /// <summary>Fails unless <paramref name="diagnostic"/> is exactly the expected one.</summary>
    private static void AssertDiagnostic(Diagnostic diagnostic, DiagnosticDescriptor descriptor, DiagnosticSeverity severity, Markup markup, int spanIndex, string message)
    {
        var span = markup.Spans[spanIndex];
        Assert.Equal(descriptor.Id, diagnostic.Id);
        Assert.Equal(severity, descriptor.DefaultSeverity);
        Assert.Equal(severity, diagnostic.Severity);
        Assert.Equal(message, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(descriptor.HelpLinkUri, diagnostic.Descriptor.HelpLinkUri);
        Assert.Equal(DiagnosticDescriptors.Category, diagnostic.Descriptor.Category);
        var lineSpan = diagnostic.Location.GetLineSpan();
        Assert.Equal(GeneratorHarness.PathOf(0), lineSpan.Path);
        Assert.Equal((span, markup.LineSpan(span)), (diagnostic.Location.SourceSpan, lineSpan.Span));
    }

    /// <summary>Runs the generator and fails unless it reports exactly one diagnostic, the expected one.</summary>
    private static GeneratorRun AssertSingle(string markupSource, DiagnosticDescriptor descriptor, DiagnosticSeverity severity, string message)
    {
        var markup = Markup.Parse(markupSource);
        var run = Run(markup);
        var diagnostics = run.AutoDiffDiagnostics;
        Assert.True(diagnostics.Length == 1, $"Expected exactly one diagnostic ({descriptor.Id}), got {diagnostics.Length}:\n{GeneratorRun.Format(diagnostics)}");
        AssertDiagnostic(diagnostics[0], descriptor, severity, markup, 0, message);
        return run;
    }

    /// <summary>Fails unless the diagnostics are exactly the expected ones, in source order (one per marked span).</summary>
    private static GeneratorRun AssertExactly(string markupSource, params (DiagnosticDescriptor Descriptor, DiagnosticSeverity Severity, string Message)[] expected)
    {
        var markup = Markup.Parse(markupSource);
        var run = Run(markup);
        var diagnostics = run.AutoDiffDiagnostics;
        Assert.True(diagnostics.Length == expected.Length, $"Expected {expected.Length} diagnostics, got {diagnostics.Length}:\n{GeneratorRun.Format(diagnostics)}");
        for (int i = 0; i < expected.Length; i++)
        {
            AssertDiagnostic(diagnostics[i], expected[i].Descriptor, expected[i].Severity, markup, i, expected[i].Message);
        }
        return run;
    }

    /// <summary>Fails unless, among the diagnostics, there is the expected one (for constructs whose consequences may be reported too).</summary>
    private static GeneratorRun AssertReported(string markupSource, DiagnosticDescriptor descriptor, DiagnosticSeverity severity, string message)
    {
        var markup = Markup.Parse(markupSource);
        var run = Run(markup);
        var diagnostics = run.AutoDiffDiagnostics;
        var atSpan = diagnostics.Where(d => d.Id == descriptor.Id && d.Location.SourceSpan == markup.Span).ToList();
        Assert.True(atSpan.Count == 1, $"Expected one {descriptor.Id} at {markup.Span} ('{markup.Source.Substring(markup.Span.Start, markup.Span.Length)}'), got:\n{GeneratorRun.Format(diagnostics)}");
        AssertDiagnostic(atSpan[0], descriptor, severity, markup, 0, message);
        return run;
    }

    private static void AssertNoDiagnostics(string source, bool allowInfo = false)
    {
        var run = GeneratorHarness.Run(source);
        var diagnostics = run.AutoDiffDiagnostics.Where(d => !allowInfo || d.Severity > DiagnosticSeverity.Info).ToImmutableArray();
        Assert.True(diagnostics.IsEmpty, "Expected no diagnostics, got:\n" + GeneratorRun.Format(diagnostics));
        run.AssertGeneratedCodeCompiles();
    }

    // ------------------------------------------------------------------ ADG0001 method not static

    [Fact]
    public void ADG0001_MethodNotStatic()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public double [|F|](double x) => x * x;
            """, "public partial class C"),
            DiagnosticDescriptors.MethodNotStatic, DiagnosticSeverity.Error,
            "[Differentiable] method 'F' must be static: derivatives are generated as static members next to it; make it static and pass what it reads from the instance as parameters");

    [Fact]
    public void ADG0001_Negative_StaticMethod()
        => AssertNoDiagnostics(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x) => x * x;
            """, "public partial class C"));

    // ------------------------------------------------------------------ ADG0002 type not partial

    [Fact]
    public void ADG0002_ContainingTypeNotPartial()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x) => x * x;
            """, "public static class [|C|]"),
            DiagnosticDescriptors.TypeNotPartial, DiagnosticSeverity.Error,
            "Type 'C' must be declared partial so that the derivatives of 'F' can be generated into it");

    [Fact]
    public void ADG0002_OuterTypeNotPartial()
        => AssertSingle("""
            using System;
            using AutoDiffGen;

            namespace Samples;

            public static class [|Outer|]
            {
                public static partial class Inner
                {
                    [Differentiable]
                    public static double F(double x) => x * x;
                }
            }
            """,
            DiagnosticDescriptors.TypeNotPartial, DiagnosticSeverity.Error,
            "Type 'Outer' must be declared partial so that the derivatives of 'F' can be generated into it");

    [Fact]
    public void ADG0002_OuterAndInnerTypesNotPartial()
        => AssertExactly("""
            using System;
            using AutoDiffGen;

            namespace Samples;

            public static class [|Outer|]
            {
                public static class [|Inner|]
                {
                    [Differentiable]
                    public static double F(double x) => x * x;
                }
            }
            """,
            (DiagnosticDescriptors.TypeNotPartial, DiagnosticSeverity.Error,
                "Type 'Outer' must be declared partial so that the derivatives of 'F' can be generated into it"),
            (DiagnosticDescriptors.TypeNotPartial, DiagnosticSeverity.Error,
                "Type 'Inner' must be declared partial so that the derivatives of 'F' can be generated into it"));

    [Fact]
    public void ADG0002_Negative_NestedPartialTypes()
        => AssertNoDiagnostics("""
            using System;
            using AutoDiffGen;

            namespace Samples;

            public static partial class Outer
            {
                internal partial struct Middle
                {
                    public partial record Inner
                    {
                        [Differentiable]
                        public static double F(double x) => x * x;
                    }
                }
            }
            """);

    // ------------------------------------------------------------------ ADG0003 parameter type

    [Fact]
    public void ADG0003_UnsupportedParameterType()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x, [|string name|]) => x * x;
            """),
            DiagnosticDescriptors.UnsupportedParameterType, DiagnosticSeverity.Error,
            "Parameter 'name' of [Differentiable] method 'F' has type 'string', which is not supported; use double, float, int, bool, AutoDiffGen.Matrix, or a ReadOnlySpan<T>, Span<T> or array of double or float, passed by value, or mark a parameter of another type [NoDerivative] if it is data");

    [Fact]
    public void ADG0003_UnsupportedParameterType_Decimal()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F([|decimal x|]) => (double)x;
            """),
            DiagnosticDescriptors.UnsupportedParameterType, DiagnosticSeverity.Error,
            "Parameter 'x' of [Differentiable] method 'F' has type 'decimal', which is not supported; use double, float, int, bool, AutoDiffGen.Matrix, or a ReadOnlySpan<T>, Span<T> or array of double or float, passed by value, or mark a parameter of another type [NoDerivative] if it is data");

    [Fact]
    public void ADG0003_Negative_NoDerivativeDataOfAnyType()
    {
        // A [NoDerivative] parameter of any type is data: passed through to every generated member with its own type, and
        // read (fields, properties, elements, Length) in the body.
        var run = GeneratorHarness.Run(GeneratorHarness.InClass("""
                public struct Settings
                {
                    public double Rate;
                    public int Steps { get; init; }
                    public bool Clip;
                    public double[]? Weights;
                }

                public enum Mode { Fast, Exact }

                [Differentiable]
                public static double F(double x, [NoDerivative] Settings settings, [NoDerivative] int[] indices, [NoDerivative] ReadOnlySpan<int> more,
                    [NoDerivative] string? name, [NoDerivative] Mode mode, [NoDerivative] System.Collections.Generic.List<double> list)
                {
                    double y = x * settings.Rate;
                    for (int k = 0; k < settings.Steps && k < indices.Length; k++) y = y * settings.Weights![k] + indices[k] + more[^1];
                    foreach (int i in indices) y += i * x;
                    if (settings.Clip && name!.Length > 2) y = y * list[0];
                    return y;
                }
            """));
        Assert.True(run.AutoDiffDiagnostics.IsEmpty, "Expected no diagnostics, got:\n" + GeneratorRun.Format(run.AutoDiffDiagnostics));
        run.AssertGeneratedCodeCompiles();
        var text = run.Source("Samples.C.F_Double_Settings_Int32Array_ReadOnlySpanInt32_String_Mode_ListDouble");
        Assert.Contains("public static double FGradient(double x, global::Samples.C.Settings settings, int[] indices, global::System.ReadOnlySpan<int> more, string? name, "
            + "global::Samples.C.Mode mode, global::System.Collections.Generic.List<double> list, out double dx)", text);
        Assert.Contains("more[more.Length - 1]", text);
    }

    [Fact]
    public void ADG0003_Negative_SpanAndArrayOverloadsInOneType()
    {
        // double and float overloads of span and array methods get distinct files (a clash would be CS8785).
        var run = Run(Markup.Parse(GeneratorHarness.InClass("""
                [Differentiable]
                public static double Norm(ReadOnlySpan<double> x) => x[0] * x[0];

                [Differentiable]
                public static float Norm(ReadOnlySpan<float> x) => x[0] * x[0];

                [Differentiable]
                public static double Sum(double[] x) => x[0] + x[1];

                [Differentiable]
                public static float Sum(float[] x) => x[0] + x[1];
            """)));
        Assert.Equal(4, run.GeneratedSources.Count);
        Assert.Contains(run.GeneratedSources.Keys, k => k.EndsWith("Norm_ReadOnlySpanDouble.g.cs", System.StringComparison.Ordinal));
        Assert.Contains(run.GeneratedSources.Keys, k => k.EndsWith("Norm_ReadOnlySpanSingle.g.cs", System.StringComparison.Ordinal));
        Assert.Contains(run.GeneratedSources.Keys, k => k.EndsWith("Sum_DoubleArray.g.cs", System.StringComparison.Ordinal));
        Assert.Contains(run.GeneratedSources.Keys, k => k.EndsWith("Sum_SingleArray.g.cs", System.StringComparison.Ordinal));
        run.AssertGeneratedCodeCompiles();
    }

    [Fact]
    public void ADG0003_Negative_SupportedParameterTypes()
        => AssertNoDiagnostics(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x, float y, int n, bool square, [NoDerivative] double scale)
                    => square ? scale * x * x * y * n : scale * x * y * n;
            """));

    [Fact]
    public void ADG0003_Negative_MatrixParametersAndResult()
        => AssertNoDiagnostics(GeneratorHarness.InClass("""
                [Differentiable]
                public static Matrix Affine(Matrix w, Matrix x, Matrix b) => w * x + b;

                [Differentiable]
                public static double Loss(Matrix w, Matrix b, [NoDerivative] Matrix x, [NoDerivative] Matrix y) => Matrix.MseLoss(y, Affine(w, x, b));
            """));

    // ------------------------------------------------------------------ ADG0004 return type

    [Fact]
    public void ADG0004_UnsupportedReturnType_Int()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static [|int|] F(double x) => (int)x;
            """),
            DiagnosticDescriptors.UnsupportedReturnType, DiagnosticSeverity.Error,
            "[Differentiable] method 'F' returns 'int', which is not supported; return double, float, AutoDiffGen.Matrix or a tuple of them, or void with the results written into a Span<T> or array parameter");

    [Fact]
    public void ADG0004_UnsupportedReturnType_Void()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static [|void|] F(double x)
                {
                }
            """),
            DiagnosticDescriptors.UnsupportedReturnType, DiagnosticSeverity.Error,
            "[Differentiable] method 'F' returns 'void', which is not supported; return double, float, AutoDiffGen.Matrix or a tuple of them, or void with the results written into a Span<T> or array parameter");

    [Fact]
    public void ADG0004_UnsupportedReturnType_TupleWithInt()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static [|(double, int)|] F(double x) => (x, 1);
            """),
            DiagnosticDescriptors.UnsupportedReturnType, DiagnosticSeverity.Error,
            "[Differentiable] method 'F' returns '(double, int)', which is not supported; return double, float, AutoDiffGen.Matrix or a tuple of them, or void with the results written into a Span<T> or array parameter");

    [Fact]
    public void ADG0004_Negative_SupportedReturnTypes()
        => AssertNoDiagnostics(GeneratorHarness.InClass("""
                [Differentiable]
                public static double D(double x) => x * x;

                [Differentiable]
                public static float S(float x) => x * x;

                [Differentiable]
                public static (double, double) T(double x, double y) => (x * y, x + y);

                [Differentiable]
                public static (double Sum, double Product) N(double x, double y) => (x + y, x * y);
            """));

    // ------------------------------------------------------------------ ADG0005, ADG0006 other declaration checks

    [Fact]
    public void ADG0005_GenericMethod()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static double [|F|]<T>(double x) => x * x;
            """),
            DiagnosticDescriptors.GenericMethod, DiagnosticSeverity.Error,
            "[Differentiable] method 'F' has type parameters, which are not supported; write it for double or float");

    [Fact]
    public void ADG0006_NoBody()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static extern double [|F|](double x);
            """),
            DiagnosticDescriptors.NoBody, DiagnosticSeverity.Error,
            "[Differentiable] method 'F' has no body to differentiate; register a custom derivative with [DerivativeOf] instead");

    [Fact]
    public void ADG0006_APartialMethodWithoutImplementation()
        // A private void partial method may have no implementing part: then there is no body.
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                static partial void [|F|](ReadOnlySpan<double> x, Span<double> y);
            """),
            DiagnosticDescriptors.NoBody, DiagnosticSeverity.Error,
            "[Differentiable] method 'F' has no body to differentiate; register a custom derivative with [DerivativeOf] instead");

    [Fact]
    public void ADG0006_Negative_ExtendedPartialMethods()
    {
        // The implementing part's body is differentiated, with [Differentiable] on either part; the implementing part may be
        // in another file.
        var run = GeneratorHarness.Run(GeneratorHarness.InClass("""
                [Differentiable]
                public static partial double F(double x);

                public static partial double G(double x, [NoDerivative] double c);

                public static double Other(double x) => x;
            """), """
            using System;
            using AutoDiffGen;

            namespace Samples;

            public static partial class C
            {
                public static partial double F(double x) => Math.Sin(x) * x;

                [Differentiable]
                public static partial double G(double x, double c) => F(x) * c;
            }
            """);
        Assert.True(run.AutoDiffDiagnostics.IsEmpty, "Expected no diagnostics, got:\n" + GeneratorRun.Format(run.AutoDiffDiagnostics));
        run.AssertGeneratedCodeCompiles();
        Assert.Contains("public static double FGradient(double x, out double dx)", run.Source("Samples.C.F_Double"));
        Assert.Contains("public static double GGradient(double x, double c, out double dx)", run.Source("Samples.C.G_Double_Double"));
    }

    [Fact]
    public void ADG0006_Negative_BothPartsAttributedIsTheCompilersError()
    {
        // [Differentiable] twice is CS0579; the generator makes one file (not two of the same name, which would make it throw).
        var run = GeneratorHarness.Run(GeneratorHarness.InClass("""
                [Differentiable]
                public static partial double F(double x);

                [Differentiable]
                public static partial double F(double x) => x * x;
            """));
        Assert.True(run.Result.Exception is null, $"The generator threw: {run.Result.Exception}");
        Assert.Single(run.GeneratedSources);
        Assert.Contains(run.OutputErrors, e => e.Id == "CS0579");
    }

    // ------------------------------------------------------------------ ADG0007 a member has the name of a generated one

    private const string NameTakenMessage = "'{0}' has the name{1} of '{2}', which AutoDiffGen generates for [Differentiable] method 'F'; rename one of them: no derivatives of 'F' are generated while they clash";

    [Fact]
    public void ADG0007_AMethodWithTheNameAndParametersOfAGeneratedOne()
    {
        var run = AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x) => x * x;

                public static double [|FGradient|](double x, out double dx)
                {
                    dx = 2 * x;
                    return x * x;
                }
            """),
            DiagnosticDescriptors.GeneratedNameTaken, DiagnosticSeverity.Error,
            string.Format(NameTakenMessage, "C.FGradient(double, out double)", " and parameters", "FGradient"));
        // Nothing generated for F: the compiler reports no CS0111 in a generated file.
        Assert.Empty(run.GeneratedSources);
        Assert.Empty(run.OutputErrors);
    }

    [Fact]
    public void ADG0007_APropertyWithTheNameOfAGeneratedMember()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x, double y) => x * y;

                public static int [|FPullback|] => 3;
            """),
            DiagnosticDescriptors.GeneratedNameTaken, DiagnosticSeverity.Error,
            string.Format(NameTakenMessage, "C.FPullback", "", "FPullback"));

    [Fact]
    public void ADG0007_InAnotherPartialDeclarationOfTheType()
    {
        var markup = Markup.Parse("""
            namespace Samples;

            public static partial class C
            {
                public static double [|FPushforward|](double x, double tx, out double tangent) => tangent = tx;
            }
            """);
        var run = GeneratorHarness.Run(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x) => x * x;
            """), markup.Source);
        var diagnostic = Assert.Single(run.AutoDiffDiagnostics);
        Assert.Equal("ADG0007", diagnostic.Id);
        Assert.Equal(string.Format(NameTakenMessage, "C.FPushforward(double, double, out double)", " and parameters", "FPushforward"), diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(GeneratorHarness.PathOf(1), diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(markup.Span, diagnostic.Location.SourceSpan);
    }

    [Fact]
    public void ADG0007_AnInheritedMethodTheGeneratedOneWouldHide()
        => AssertSingle("""
            using System;
            using AutoDiffGen;

            namespace Samples;

            public class Base
            {
                protected static void [|FPullback|](double x, double seed, ref double dx) => dx += seed;
            }

            public partial class C : Base
            {
                [Differentiable]
                public static double F(double x) => x * x;
            }
            """,
            DiagnosticDescriptors.GeneratedNameTaken, DiagnosticSeverity.Error,
            string.Format(NameTakenMessage, "Base.FPullback(double, double, ref double)", " and parameters", "FPullback"));

    [Fact]
    public void ADG0007_Negative_NoClash()
    {
        // An overload with other parameters, a private member of a base type, a method with another signature in a base
        // type, and a name the method gets no member for (a vector-valued method has no Gradient) do not clash.
        var run = GeneratorHarness.Run("""
            using System;
            using AutoDiffGen;

            namespace Samples;

            public class Base
            {
                private static int FPullback => 1;
                public static double FPushforward(double x) => x;
            }

            public partial class C : Base
            {
                [Differentiable]
                public static double F(double x) => x * x;

                public static double FGradient(int n) => n;

                [Differentiable]
                public static void V(ReadOnlySpan<double> x, Span<double> y) => y[0] = x[0] * x[0];

                public static int VGradient => 2;
            }
            """);
        Assert.True(run.AutoDiffDiagnostics.IsEmpty, "Expected no diagnostics, got:\n" + GeneratorRun.Format(run.AutoDiffDiagnostics));
        run.AssertGeneratedCodeCompiles();
        Assert.Equal(2, run.GeneratedSources.Count);
    }

    [Fact]
    public void ADG0005_Negative_MethodInAGenericType()
        => AssertNoDiagnostics(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x) => x * x;
            """, "public static partial class Box<T>"));

    [Fact]
    public void ADG0006_Negative_ExpressionAndBlockBodies()
        => AssertNoDiagnostics(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x) => x * x;

                [Differentiable]
                public static double G(double x)
                {
                    return x * x;
                }
            """));

    // ------------------------------------------------------------------ ADG0101 unsupported construct

    [Fact]
    public void ADG0101_Negative_CountedForLoop()
        => AssertNoDiagnostics(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x, int n)
                {
                    double s = 0;
                    for (int i = 0; i < n; i++)
                    {
                        s = s * x + i;
                    }
                    return s;
                }
            """));

    [Fact]
    public void ADG0101_Negative_EveryLoopForm()
        => AssertNoDiagnostics(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(ReadOnlySpan<double> x, double y)
                {
                    double s = y;
                    while (s < 10) s = s * 2;
                    do { s = s - 1; } while (s > 5);
                    for (int i = 0; i < x.Length; i += 2) s += x[i];
                    for (int i = 0; i < x.Length; i++) { s += x[i]; i = i + 1; }
                    int k = 0;
                    for (; k < 3;) k++;
                    for (int i = 0; i < x.Length; i++)
                    {
                        if (x[i] < 0) continue;
                        if (x[i] > 5) break;
                        if (x[i] == 3) return s * x[i];
                        s += x[i];
                    }
                    foreach (var v in x) { if (v > 1) break; s *= v; }
                    while (true)
                    {
                        s = s / 2;
                        if (s < 1) return s;
                    }
                }
            """), allowInfo: true);

    [Fact]
    public void ADG0101_Goto()
        => AssertReported(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x)
                {
                    if (x > 1) [|goto done;|]
                    x = x * x;
                    done:
                    return x;
                }
            """),
            DiagnosticDescriptors.UnsupportedConstruct, DiagnosticSeverity.Error,
            "'goto' is not supported in a [Differentiable] method; use 'if', 'else', loops with 'break' and 'continue', and 'return' instead");

    [Fact]
    public void ADG0101_MatrixComputedInALoop()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(Matrix a, int n)
                {
                    double s = 0;
                    for (int i = 0; i < n; i++)
                    {
                        var [|m = a * s|];
                        s += Matrix.Sum(m);
                    }
                    return s;
                }
            """),
            DiagnosticDescriptors.UnsupportedConstruct, DiagnosticSeverity.Error,
            "A matrix computed in a loop is not supported in a [Differentiable] method; compute matrices outside loops (loops over scalars and spans are supported)");

    [Fact]
    public void ADG0101_ForEachOverAField()
        => AssertSingle(GeneratorHarness.InClass("""
                private static readonly double[] Weights = { 1, 2, 3 };

                [Differentiable]
                public static double F(double x)
                {
                    double s = 0;
                    [|foreach (var w in Weights)
                    {
                        s += w * x;
                    }|]
                    return s;
                }
            """),
            DiagnosticDescriptors.UnsupportedConstruct, DiagnosticSeverity.Error,
            "A 'foreach' loop over this collection is not supported in a [Differentiable] method; walk a span or array parameter or a local array instead");

    [Fact]
    public void ADG0101_Pointer()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static unsafe double F(double x)
                {
                    double y = x;
                    double* [|p = &y|];
                    return *p * x;
                }
            """),
            DiagnosticDescriptors.UnsupportedConstruct, DiagnosticSeverity.Error,
            "A pointer ('double*') is not supported in a [Differentiable] method; unsafe code is not differentiated, use locals, local arrays or spans instead");

    [Fact]
    public void ADG0101_TryStatement()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x)
                {
                    double s = x;
                    [|try
                    {
                        s = s * x;
                    }
                    finally
                    {
                        s = s + 1;
                    }|]
                    return s;
                }
            """),
            DiagnosticDescriptors.UnsupportedConstruct, DiagnosticSeverity.Error,
            "A 'try' statement is not supported in a [Differentiable] method; handle errors in the caller");

    [Fact]
    public void ADG0101_LocalArrayDeclaredInALoop()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(ReadOnlySpan<double> x)
                {
                    double s = 0;
                    for (int i = 0; i < x.Length; i++)
                    {
                        double[] [|t = new double[2]|];
                        t[0] = x[i];
                        s += t[0] * t[1];
                    }
                    return s;
                }
            """),
            DiagnosticDescriptors.UnsupportedConstruct, DiagnosticSeverity.Error,
            "A local array declared inside a loop ('t') is not supported in a [Differentiable] method; declare it at the top of the method and reuse it");

    [Fact]
    public void ADG0101_LocalSpanAliasingAParameter()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(ReadOnlySpan<double> x, Span<double> y)
                {
                    Span<double> t = [|y|];
                    t[0] = x[0];
                    return t[0];
                }
            """),
            DiagnosticDescriptors.UnsupportedConstruct, DiagnosticSeverity.Error,
            "This initializer of the local array 't' is not supported in a [Differentiable] method; create it here with 'new double[n]', 'stackalloc double[n]' or 'new double[] { … }'");

    [Fact]
    public void ADG0101_Negative_LocalArraysAndOutputsReadBack()
        => AssertNoDiagnostics(GeneratorHarness.InClass("""
                [Differentiable]
                public static void F(ReadOnlySpan<double> x, Span<double> y)
                {
                    Span<double> t = stackalloc double[x.Length];
                    double[] u = new double[2];
                    var w = new[] { 1.0, x[0] };
                    y[0] = x[0];
                    for (int i = 1; i < x.Length; i++)
                    {
                        t[i] = x[i] * y[i - 1];
                        t[i] *= 2;
                        u[i % 2] += t[i];
                        y[i] = y[i - 1] + t[i] * u[0] * w[1];
                        y[i]++;
                    }
                    foreach (var v in t) y[0] += v;
                }
            """), allowInfo: true);

    [Fact]
    public void ADG0101_Negative_OutputSpans()
        => AssertNoDiagnostics(GeneratorHarness.InClass("""
                [Differentiable]
                public static void F(ReadOnlySpan<double> x, double a, Span<double> y, double[] z)
                {
                    for (int i = 0; i < x.Length; i++)
                    {
                        y[i] = a * x[i];
                        y[i] += Math.Sin(x[i]);
                        z[i] -= x[i] * x[i];
                    }
                }
            """), allowInfo: true);

    [Fact]
    public void ADG0101_Lambda()
        => AssertReported(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x)
                {
                    Func<double, double> f = [|t => t * x|];
                    return f(x);
                }
            """),
            DiagnosticDescriptors.UnsupportedConstruct, DiagnosticSeverity.Error,
            "A lambda expression is not supported in a [Differentiable] method; write the computation inline, or move it into a [Differentiable] method and call that");

    [Fact]
    public void ADG0101_Throw()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x)
                {
                    if (x < 0)
                    {
                        [|throw new ArgumentOutOfRangeException(nameof(x));|]
                    }
                    return Math.Sqrt(x);
                }
            """),
            DiagnosticDescriptors.UnsupportedConstruct, DiagnosticSeverity.Error,
            "'throw' is not supported in a [Differentiable] method; check the input in the caller, or return double.NaN");

    [Fact]
    public void ADG0101_ThrowExpression()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x) => x > 0 ? Math.Log(x) : [|throw new ArgumentOutOfRangeException(nameof(x))|];
            """),
            DiagnosticDescriptors.UnsupportedConstruct, DiagnosticSeverity.Error,
            "'throw' is not supported in a [Differentiable] method; check the input in the caller, or return double.NaN");

    [Fact]
    public void ADG0101_Negative_SupportedStatements()
        => AssertNoDiagnostics(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x, double y)
                {
                    double a = x * y;
                    double b;
                    b = Math.Exp(a);
                    a = a + b * x;
                    a += y;
                    a *= 2;
                    var (p, q) = (a, b);
                    if (x > 0)
                    {
                        return p * Math.Log(y);
                    }
                    else if (x < -1)
                    {
                        a = a - y;
                    }
                    return x > y ? a * q : a - q;
                }
            """));

    /// <summary>What the ADG0101 cases call and read.</summary>
    private const string Library = """

        public struct Meters
        {
            public static explicit operator double(Meters m) => 1;
        }

        public static class Library
        {
            public static Meters Height;
            public static double Half(double x) => x / 2;
            public static T Id<T>(T x) => x;
            public static double Ref(double x, ref double y) => x;
            public static double First(double x, params double[] rest) => x;
            public static double Scale(double x, string unit) => x;
            public static decimal Money(double x) => 1m;
            public static (double, int) Mixed(double x) => (x, 1);
        }
        """;

    private const string LibraryFields = """
                private static readonly double[] Weights = { 1, 2 };
                private static readonly object Gate = new();

                [Differentiable]

        """;

    /// <summary>Each ADG0101 construct alone: one diagnostic, naming it and saying what to write instead (no follow-on reports).</summary>
    [Theory]
    [InlineData("public static double F(double x, int n) { [|switch (n) { case 1: return x; default: return 2 * x; }|] }",
        "A 'switch' statement is not supported in a [Differentiable] method; use 'if' and 'else' instead")]
    [InlineData("public static double F(double x, int n) => [|n switch { 1 => x, _ => 2 * x }|];",
        "A 'switch' expression is not supported in a [Differentiable] method; use '?:' instead")]
    [InlineData("public static double F(double x) { [|using (var s = new System.IO.MemoryStream()) { }|] return x * x; }",
        "A 'using' statement is not supported in a [Differentiable] method; create and dispose of the resource in the caller")]
    [InlineData("public static double F(double x) { [|lock (Gate) { }|] return x * x; }",
        "A 'lock' statement is not supported in a [Differentiable] method; take the lock in the caller")]
    [InlineData("public static double F(double x) { [|double G(double t) => t * t;|] return G(x); }",
        "A local function is not supported in a [Differentiable] method; make it a [Differentiable] method of the type and call that")]
    [InlineData("public static double F(double x) => [|x.CompareTo(2.0)|] * x;",
        "A call to the instance method 'CompareTo' is not supported in a [Differentiable] method; call a static method instead")]
    [InlineData("public static double F(double x) => [|Library.Id(x)|];",
        "A call to the generic method 'Id' is not supported in a [Differentiable] method; call a non-generic method written for double or float instead")]
    [InlineData("public static double F(double x) { double y = 0; return Library.Ref(x, [|ref y|]); }",
        "A 'ref' argument to 'Ref' is not supported in a [Differentiable] method; pass values in, and return several results as a tuple instead of through 'ref' or 'out'")]
    [InlineData("public static double F(double x) => [|Library.First(x, x)|];",
        "A 'params' argument list in the call to 'First' is not supported in a [Differentiable] method; give the method one parameter per value instead of 'params'")]
    [InlineData("public static double F(double x) { [|Library.Half(x)|]; return x * x; }",
        "A call whose result is discarded ('Half') is not supported in a [Differentiable] method; use its result in the computation, or remove the call")]
    [InlineData("public static double F(double x) => (double)[|Library.Money(x)|] * x;",
        "A call returning 'decimal' here is not supported in a [Differentiable] method; call methods that return double, float, int, bool, AutoDiffGen.Matrix, or a tuple of double, float or AutoDiffGen.Matrix")]
    [InlineData("public static double F(double x) { var (a, n) = [|Library.Mixed(x)|]; return a * n; }",
        "A call to 'Mixed', which returns '(double, int)', is not supported in a [Differentiable] method; call methods that return double, float, int, bool, AutoDiffGen.Matrix, or a tuple of double, float or AutoDiffGen.Matrix")]
    [InlineData("public static double F(double x) => [|(double)Library.Height|] * x;",
        "A user-defined conversion to 'double' is not supported in a [Differentiable] method; convert the value in the caller and pass the result as a parameter")]
    [InlineData("public static double F(double x) { [|_|] = x; return x * x; }",
        "Assigning to '_' is not supported in a [Differentiable] method; assign only locals, local arrays and the elements of span or array parameters")]
    [InlineData("public static double F(double x, double y) => [|x is > 0|] ? x : y;",
        "An 'is' test is not supported in a [Differentiable] method; compare with <, <=, >, >=, == or != instead")]
    [InlineData("public static double F(Matrix a) => [|a.Rows|] * Matrix.Sum(a);",
        "The property 'Rows' is not supported in a [Differentiable] method; read it in the caller and pass its value as a parameter")]
    [InlineData("public static double F(double x) => [|Weights[0]|] * x;",
        "Array element access is not supported in a [Differentiable] method; index only span or array parameters and local arrays (pass the array in as a parameter)")]
    [InlineData("public static double F(double x) { double y = [|x++|]; return y * x; }",
        "An increment or decrement used as a value is not supported in a [Differentiable] method; write it as a statement of its own ('x++;')")]
    [InlineData("public static double F(double x) { decimal [|m = 1m|]; return x * x; }",
        "A local of type 'decimal' is not supported in a [Differentiable] method; declare it as double, float, int, bool or AutoDiffGen.Matrix, or as an array or span of double or float")]
    [InlineData("public static double F(double x) { var [|t = (x, x)|]; return t.Item1 * t.Item2; }",
        "A local of type '(double, double)' is not supported in a [Differentiable] method; deconstruct it instead: 'var (a, b) = …'")]
    [InlineData("public static double F(double x) => x * [|(long)Library.Half(x)|];",
        "A value of type 'long' is not supported in a [Differentiable] method; compute with double, float, int, bool or AutoDiffGen.Matrix values")]
    public void ADG0101_NamesTheConstructAndSaysWhatToWriteInstead(string member, string message)
        => AssertSingle(GeneratorHarness.InClass(LibraryFields + member) + Library, DiagnosticDescriptors.UnsupportedConstruct, DiagnosticSeverity.Error, message);

    private const string SpanHelpers = """

        public static class Geometry
        {
            public static void Rotate(ReadOnlySpan<double> p, double w, Span<double> result) => result[0] = p[0] * w;
            public static double Sum(ReadOnlySpan<double> x) => x[0];
        }
        """;

    /// <summary>A call that takes spans or arrays: the cause named (passing them is not supported yet) and the loop to write instead.</summary>
    [Theory]
    [InlineData("public static void F(ReadOnlySpan<double> p, double w, Span<double> result) { [|Geometry.Rotate(p, w, result)|]; }",
        "Passing spans or arrays ('p', 'result') to a call ('Rotate') is not supported in a [Differentiable] method; spans and arrays cannot be passed to calls yet: write the loop of 'Rotate' in this method instead, so that it reads and writes the elements itself")]
    [InlineData("public static double F(ReadOnlySpan<double> p, double w) { Span<double> r = stackalloc double[2]; [|Geometry.Rotate(p, w, r)|]; return r[0]; }",
        "Passing spans or arrays ('p', 'r') to a call ('Rotate') is not supported in a [Differentiable] method; spans and arrays cannot be passed to calls yet: write the loop of 'Rotate' in this method instead, so that it reads and writes the elements itself")]
    [InlineData("public static double F(double[] x) => [|Geometry.Sum(x)|] * x[0];",
        "Passing a span or array ('x') to a call ('Sum') is not supported in a [Differentiable] method; spans and arrays cannot be passed to calls yet: write the loop of 'Sum' in this method instead, so that it reads and writes the elements itself")]
    public void ADG0101_ASpanPassedToACall(string member, string message)
        => AssertSingle(GeneratorHarness.InClass("[Differentiable]\n" + member) + SpanHelpers, DiagnosticDescriptors.UnsupportedConstruct, DiagnosticSeverity.Error, message);

    /// <summary>A slice is not supported: the message gives the loop over the same elements.</summary>
    [Theory]
    [InlineData("public static double F(ReadOnlySpan<double> x) => Sum([|x[1..]|]);",
        "A range ('x[1..]') is not supported in a [Differentiable] method; index its elements in a loop instead: 'for (int i = 1; i < x.Length; i++) … x[i] …' (passing a slice to a call is not supported yet)")]
    [InlineData("public static double F(ReadOnlySpan<double> x, int a, int b) { var s = [|x[a..b]|]; return s[0]; }",
        "A range ('x[a..b]') is not supported in a [Differentiable] method; index its elements in a loop instead: 'for (int i = a; i < b; i++) … x[i] …' (passing a slice to a call is not supported yet)")]
    [InlineData("public static double F(double[] x) => [|x[..^1]|][0] * x.Length;",
        "A range ('x[..^1]') is not supported in a [Differentiable] method; index its elements in a loop instead: 'for (int i = 0; i < x.Length - 1; i++) … x[i] …' (passing a slice to a call is not supported yet)")]
    [InlineData("public static double F(ReadOnlySpan<double> x) { double s = 0; foreach (var v in [|x[2..^1]|]) s += v; return s; }",
        "A range ('x[2..^1]') is not supported in a [Differentiable] method; index its elements in a loop instead: 'for (int i = 2; i < x.Length - 1; i++) … x[i] …' (passing a slice to a call is not supported yet)")]
    public void ADG0101_ARangeWithTheLoopToWriteInstead(string member, string message)
        => AssertSingle(GeneratorHarness.InClass("[Differentiable]\n" + member + "\npublic static double Sum(ReadOnlySpan<double> x) => x[0];"),
            DiagnosticDescriptors.UnsupportedConstruct, DiagnosticSeverity.Error, message);

    [Fact]
    public void ADG0101_Negative_IndicesFromTheEnd()
    {
        // x[^k] is x[x.Length - k]: read from span and array parameters, written into outputs and local buffers.
        var run = GeneratorHarness.Run(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(ReadOnlySpan<double> x, double[] w, int k)
                {
                    Span<double> t = stackalloc double[2];
                    t[^1] = x[^1] * w[^k];
                    t[^2] += t[^1];
                    return t[0] * x[^x.Length];
                }

                [Differentiable]
                public static void G(ReadOnlySpan<double> x, Span<double> y)
                {
                    y[^1] = x[0];
                    y[^2] += x[^1];
                    y[^2]++;
                }
            """));
        Assert.True(run.AutoDiffDiagnostics.IsEmpty, "Expected no diagnostics, got:\n" + GeneratorRun.Format(run.AutoDiffDiagnostics));
        run.AssertGeneratedCodeCompiles();
        Assert.Contains("double t0 = x[x.Length - 1];", run.Source("Samples.C.F_ReadOnlySpanDouble_DoubleArray_Int32"));
        Assert.Contains("y[y.Length - 1] = t0;", run.Source("Samples.C.G_ReadOnlySpanDouble_SpanDouble"));
    }

    private const string SettingsType = """

        public struct Settings
        {
            public double Rate;
            public string Name;
            public int[] Offsets;
        }

        public enum Mode { Fast, Exact }

        public static class Use
        {
            public static double Settings(Settings s) => s.Rate;
        }
        """;

    /// <summary>A [NoDerivative] parameter of another type is data: anything but reading values of supported types out of it is reported where it is done.</summary>
    [Theory]
    [InlineData("public static double F(double x, [NoDerivative] Mode mode) => [|mode|] == Mode.Fast ? x : 2 * x;",
        "Using the [NoDerivative] parameter 'mode' as a value is not supported in a [Differentiable] method; a [NoDerivative] parameter of another type is data that the method reads: its fields, properties, elements and Length of type double, float, int, bool or AutoDiffGen.Matrix")]
    [InlineData("public static double F(double x, [NoDerivative] Settings s) => x * s.Name.Length * [|s.Name[0]|];",
        "Reading 's.Name[0]', a 'char', from the [NoDerivative] parameter 's' is not supported in a [Differentiable] method; a [NoDerivative] parameter of another type is data that the method reads: its fields, properties, elements and Length of type double, float, int, bool or AutoDiffGen.Matrix")]
    [InlineData("public static double F(double x, [NoDerivative] Settings s) { [|s.Rate|] = 2; return x * s.Rate; }",
        "Assigning to 's.Rate', of the [NoDerivative] parameter 's', is not supported in a [Differentiable] method; a [NoDerivative] parameter is data that the method only reads: copy what it changes into a local")]
    [InlineData("public static double F(double x, [NoDerivative] int[] indices) { [|indices[0]|]++; return x * indices[0]; }",
        "Assigning to 'indices[0]', of the [NoDerivative] parameter 'indices', is not supported in a [Differentiable] method; a [NoDerivative] parameter is data that the method only reads: copy what it changes into a local")]
    [InlineData("public static double F(double x, [NoDerivative] Settings s) => x * [|s.Offsets[1..]|].Length;",
        "A range ('s.Offsets[1..]') is not supported in a [Differentiable] method; index its elements in a loop instead: 'for (int i = 1; i < s.Offsets.Length; i++) … s.Offsets[i] …' (passing a slice to a call is not supported yet)")]
    [InlineData("public static double F(double x, [NoDerivative] Settings s) => x * [|Use.Settings(s)|];",
        "A call to 'Settings', which takes a 'Samples.Settings', is not supported in a [Differentiable] method; call methods whose parameters are double, float, int, bool or AutoDiffGen.Matrix")]
    public void ADG0101_DataParameterUsedOtherwiseThanRead(string member, string message)
        => AssertSingle(GeneratorHarness.InClass("[Differentiable]\n" + member) + SettingsType, DiagnosticDescriptors.UnsupportedConstruct, DiagnosticSeverity.Error, message);

    [Fact]
    public void ADG0101_GotoAndItsLabel()
        => AssertExactly(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x)
                {
                    if (x > 1) [|goto done;|]
                    x = x * x;
                    [|done: return x;|]
                }
            """),
            (DiagnosticDescriptors.UnsupportedConstruct, DiagnosticSeverity.Error,
                "'goto' is not supported in a [Differentiable] method; use 'if', 'else', loops with 'break' and 'continue', and 'return' instead"),
            (DiagnosticDescriptors.UnsupportedConstruct, DiagnosticSeverity.Error,
                "A labeled statement is not supported in a [Differentiable] method; use 'if', 'else', loops with 'break' and 'continue', and 'return' instead"));

    [Fact]
    public void ADG0101_ALocalDeclaredInAPattern()
        => AssertExactly(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x) => [|x is double d|] ? [|d|] * x : x;
            """),
            (DiagnosticDescriptors.UnsupportedConstruct, DiagnosticSeverity.Error,
                "An 'is' test is not supported in a [Differentiable] method; compare with <, <=, >, >=, == or != instead"),
            (DiagnosticDescriptors.UnsupportedConstruct, DiagnosticSeverity.Error,
                "The local 'd' is not supported in a [Differentiable] method; declare it in a statement of its own ('double d = …;')"));

    // ------------------------------------------------------------------ ADG0103 unsupported operator

    [Fact]
    public void ADG0103_RemainderOnDouble()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x) => [|x % 2|];
            """),
            DiagnosticDescriptors.UnsupportedOperator, DiagnosticSeverity.Error,
            "Operator '%' on 'double' is not supported in a [Differentiable] method; write 'a - b * Math.Truncate(a / b)' instead");

    [Fact]
    public void ADG0103_RemainderIntoAnElement()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x)
                {
                    var t = new double[] { x, 2 * x };
                    [|t[0] %= x|];
                    return t[0] + t[1];
                }
            """),
            DiagnosticDescriptors.UnsupportedOperator, DiagnosticSeverity.Error,
            "Operator '%=' on 'double' is not supported in a [Differentiable] method; write 'a - b * Math.Truncate(a / b)' instead");

    [Theory]
    [InlineData("public static double F(double x) { double s = x; [|s %= 2|]; return s; }",
        "Operator '%=' on 'double' is not supported in a [Differentiable] method; write 'a - b * Math.Truncate(a / b)' instead")]
    [InlineData("public static double F(double x, int n) => ([|n & 1|]) == 0 ? x : -x;",
        "Operator '&' on 'int' is not supported in a [Differentiable] method; on int, use +, -, *, / and % ('n % 2' for 'n & 1', 'n * 2' for 'n << 1'), or compute it in the caller and pass the result as a parameter")]
    [InlineData("public static double F(double x, int n) { int k = n; [|k |= 1|]; return k * x; }",
        "Operator '|=' on 'int' is not supported in a [Differentiable] method; on int, use +, -, *, / and % ('n % 2' for 'n & 1', 'n * 2' for 'n << 1'), or compute it in the caller and pass the result as a parameter")]
    [InlineData("public static double F(double x, int n) => [|~n|] * x;",
        "Operator '~' on 'int' is not supported in a [Differentiable] method; on int, use +, -, *, / and % ('n % 2' for 'n & 1', 'n * 2' for 'n << 1'), or compute it in the caller and pass the result as a parameter")]
    [InlineData("public static double F(double x, bool a, bool b) => [|a ^ b|] ? x : 2 * x;",
        "Operator '^' on 'bool' is not supported in a [Differentiable] method; write 'a != b' instead")]
    public void ADG0103_SaysWhatToWriteInstead(string member, string message)
        => AssertSingle(GeneratorHarness.InClass("[Differentiable]\n" + member), DiagnosticDescriptors.UnsupportedOperator, DiagnosticSeverity.Error, message);

    [Fact]
    public void ADG0103_Negative_IntegerArithmeticAndBooleanOperators()
    {
        var markup = Markup.Parse(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x, int n, bool a, bool b)
                    => (n % 2 == 1) & (a | b) && !(a & b) ? x * (n / 2) : x - n;
            """));
        AssertNoDiagnostics(markup.Source);
        using var assembly = Run(markup).Load();
        var gradient = assembly.GetMethod("Samples.C", "FGradient");
        foreach (var (n, a, b, value, dx) in new[] { (5, true, false, 3.0, 2.0), (5, true, true, -3.5, 1.0), (4, true, false, -2.5, 1.0), (5, false, false, -3.5, 1.0) })
        {
            var args = new object?[] { 1.5, n, a, b, null };
            Assert.Equal(value, (double)gradient.Invoke(null, args)!);
            Assert.Equal(dx, (double)args[4]!);
        }
    }

    // ------------------------------------------------------------------ ADG0102 outside state

    [Fact]
    public void ADG0102_AssignmentToStaticField()
        => AssertSingle(GeneratorHarness.InClass("""
                private static double counter;

                [Differentiable]
                public static double F(double x)
                {
                    [|counter|] = x;
                    return x * x;
                }
            """),
            DiagnosticDescriptors.OutsideStateMutation, DiagnosticSeverity.Error,
            "Assignment to 'counter' changes state outside the method; a [Differentiable] method may only assign its own locals and parameters, so assign a local and return its value if the caller needs it");

    [Fact]
    public void ADG0102_CompoundAssignmentToStaticField()
        => AssertSingle(GeneratorHarness.InClass("""
                private static double total;

                [Differentiable]
                public static double F(double x)
                {
                    [|total|] += x;
                    return x * x;
                }
            """),
            DiagnosticDescriptors.OutsideStateMutation, DiagnosticSeverity.Error,
            "Assignment to 'total' changes state outside the method; a [Differentiable] method may only assign its own locals and parameters, so assign a local and return its value if the caller needs it");

    [Fact]
    public void ADG0102_AssignmentToAnElementOfAStaticArray()
        => AssertSingle(GeneratorHarness.InClass("""
                private static readonly double[] history = new double[4];

                [Differentiable]
                public static double F(double x)
                {
                    [|history[0]|] += x;
                    return x * x;
                }
            """),
            DiagnosticDescriptors.OutsideStateMutation, DiagnosticSeverity.Error,
            "Assignment to 'history[0]' changes state outside the method; a [Differentiable] method may only assign its own locals and parameters, so assign a local and return its value if the caller needs it");

    [Fact]
    public void ADG0102_Negative_ReadingStaticStateAndAssigningParameters()
        => AssertNoDiagnostics(GeneratorHarness.InClass("""
                private static readonly double scale = 2.5;
                private const double Offset = 1.0;

                [Differentiable]
                public static double F(double x)
                {
                    x = x * scale + Offset;
                    double y = x * Math.PI;
                    return y * x;
                }
            """));

    // ------------------------------------------------------------------ ADG0305 a kink: not differentiable at a point

    [Fact]
    public void ADG0305_AbsAtZero()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x) => [|Math.Abs(x)|] * 2;
            """),
            DiagnosticDescriptors.Kink, DiagnosticSeverity.Info,
            "'Math.Abs' is not differentiable at 0; the derivative used there is 0");

    [Fact]
    public void ADG0305_MaxWhereTheArgumentsAreEqual()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x, double y) => [|Math.Max(x, y * y)|];
            """),
            DiagnosticDescriptors.Kink, DiagnosticSeverity.Info,
            "'Math.Max' is not differentiable where its arguments are equal; the derivative used there is that of the first argument");

    [Fact]
    public void ADG0305_AGenericMathStaticOfFloat()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static float F(float x) => [|float.Abs(x)|] * float.Sqrt(x * x + 1);
            """),
            DiagnosticDescriptors.Kink, DiagnosticSeverity.Info,
            "'float.Abs' is not differentiable at 0; the derivative used there is 0");

    [Fact]
    public void ADG0305_AMaxWrittenByHand()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x, double y) => 2 * ([|x < y ? y : x|]);
            """),
            DiagnosticDescriptors.Kink, DiagnosticSeverity.Info,
            "'x < y ? y : x' is not differentiable where its operands are equal (it selects one of the values it compares); the derivative used there is that of the branch taken");

    [Fact]
    public void ADG0305_Negative_ABranchOnAComparisonWithAConstant()
        => AssertNoDiagnostics(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x, double y) => x > 0 ? Math.Log(x) * y : y;
            """));

    [Fact]
    public void ADG0305_Negative_AbsOfANoDerivativeParameter()
    {
        // Math.Abs of data: no derivative is ever taken at its kink.
        var markup = Markup.Parse(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x, [NoDerivative] double w) => x * Math.Abs(w) + MathF.Abs((float)w);
            """));
        AssertNoDiagnostics(markup.Source);
        using var assembly = Run(markup).Load();
        var args = new object?[] { 1.5, -2.0, null };
        Assert.Equal(1.5 * 2 + 2, (double)assembly.GetMethod("Samples.C", "FGradient").Invoke(null, args)!);
        Assert.Equal(2.0, (double)args[2]!);
    }

    [Fact]
    public void ADG0305_Negative_MaxAndMinOfLoopBoundsAndConstants()
        => AssertNoDiagnostics(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x, int n, int m, [NoDerivative] double lo, [NoDerivative] double hi)
                {
                    double s = 0;
                    for (int i = Math.Min(n, m); i < Math.Max(n, m); i++) s += x * Math.Max(0.5, 2.0);
                    return s * Math.Clamp(Math.Min(lo, hi), 0.0, 1.0);
                }
            """));

    [Fact]
    public void ADG0305_Negative_ASelectionBetweenData()
        => AssertNoDiagnostics(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x, [NoDerivative] double a, [NoDerivative] double b)
                {
                    double largest = a > b ? a : b;
                    return x * largest + (a < b ? a : b);
                }
            """));

    [Fact]
    public void ADG0305_Negative_AKinkWhoseResultIsNeverUsed()
    {
        // x reaches each kink, but nothing it computes reaches the result: no derivative is taken there.
        var markup = Markup.Parse(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x, double y)
                {
                    double unused = Math.Abs(x) + Math.Max(x, y) + (x > y ? x : y);
                    return x * y;
                }
            """));
        AssertNoDiagnostics(markup.Source);
        using var assembly = Run(markup).Load();
        var args = new object?[] { 1.5, -2.0, null, null };
        Assert.Equal(-3.0, (double)assembly.GetMethod("Samples.C", "FGradient").Invoke(null, args)!);
        Assert.Equal((-2.0, 1.5), ((double)args[2]!, (double)args[3]!));
    }

    [Fact]
    public void ADG0305_Negative_AKinkThatOnlyDecidesABranch()
        // Math.Abs(x) only chooses the branch: the derivative is that of the branch, never Abs's.
        => AssertNoDiagnostics(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x) => Math.Abs(x) < 1 ? x * x : 2 * x - 1;
            """));

    [Fact]
    public void ADG0305_WhereAnActiveValueReachesItThroughALocalAndALoop()
        => AssertExactly(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x, int n, [NoDerivative] double w)
                {
                    double s = 0;
                    double y = x * x;
                    for (int i = 0; i < n; i++)
                    {
                        double t = s + y * i;
                        s = ([|t > w ? t : w|]) + Math.Abs(w);
                    }
                    double z = s - 1;
                    return [|Math.Abs(z)|];
                }
            """),
            (DiagnosticDescriptors.Kink, DiagnosticSeverity.Info,
                "'t > w ? t : w' is not differentiable where its operands are equal (it selects one of the values it compares); the derivative used there is that of the branch taken"),
            (DiagnosticDescriptors.Kink, DiagnosticSeverity.Info, "'Math.Abs' is not differentiable at 0; the derivative used there is 0"));

    [Fact]
    public void ADG0305_OncePerPlaceWhereTheStatementsAreCopied()
    {
        // An early return: the statements after the if are copied into both of its branches, the kinks with them.
        var run = AssertExactly(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x, double y)
                {
                    if (y > 0)
                    {
                        if (x > 1) return x;
                    }
                    return [|Math.Max(x, y)|] * ([|x < y ? x : y|]);
                }
            """),
            (DiagnosticDescriptors.Kink, DiagnosticSeverity.Info,
                "'Math.Max' is not differentiable where its arguments are equal; the derivative used there is that of the first argument"),
            (DiagnosticDescriptors.Kink, DiagnosticSeverity.Info,
                "'x < y ? x : y' is not differentiable where its operands are equal (it selects one of the values it compares); the derivative used there is that of the branch taken"));
        // Each once as the analyzer reports them, not only once the test harness has merged duplicates.
        Assert.Equal(2, run.AnalyzerDiagnostics.Count(d => d.Id == DiagnosticDescriptors.Kink.Id));
        run.AssertGeneratedCodeCompiles();
    }

    // ------------------------------------------------------------------ ADG0306 an output read where it may hold its value on entry

    private static string OutputReadMessage(string read, string span, string method, string type = "double")
        => $"'{read}' may read the value that '{span}' held on entry: '{span}' is an output of '{method}', so its values on entry are treated as data and no derivative flows to them; if they are an input, pass it as a separate ReadOnlySpan<{type}> parameter and write the results into '{span}'";

    [Fact]
    public void ADG0306_AnInPlaceNormalize()
    {
        var run = AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static void Normalize(Span<double> v, double s)
                {
                    for (int i = 0; i < v.Length; i++) v[i] = [|v[i]|] / s;
                }
            """),
            DiagnosticDescriptors.OutputReadBeforeWritten, DiagnosticSeverity.Warning, OutputReadMessage("v[i]", "v", "Normalize"));
        // A warning: the derivatives are generated all the same.
        run.AssertGeneratedCodeCompiles(allowAutoDiffWarnings: true);
    }

    [Theory]
    [InlineData("for (int i = 0; i < y.Length; i++) [|y[i]|] /= s;", "y[i]")]
    [InlineData("y[0] = s; for (int i = 0; i < y.Length; i++) y[i] = [|y[i + 1]|] * s;", "y[i + 1]")]
    [InlineData("y[1] = s; for (int i = 1; i < y.Length; i++) y[i] = [|y[i - 1]|] * s;", "y[i - 1]")]
    [InlineData("if ([|y[0]|] > 0) y[0] = s;", "y[0]")]
    [InlineData("if (s > 0) y[0] = s; y[1] = [|y[0]|] * s;", "y[0]")]
    [InlineData("for (int i = 0; i < y.Length - 1; i++) y[i] = s; y[0] = [|y[y.Length - 1]|];", "y[y.Length - 1]")]
    [InlineData("y[0] = s; foreach (var v in [|y|]) s += v;", "y")]
    [InlineData("y[0] += s; y[1] = [|y[0]|];", "y[0]")]
    public void ADG0306_AtTheFirstReadThatMaySeeAValueOnEntry(string body, string read)
        => AssertSingle(GeneratorHarness.InClass($$"""
                [Differentiable]
                public static void F(double s, Span<double> y)
                {
                    {{body}}
                }
            """),
            DiagnosticDescriptors.OutputReadBeforeWritten, DiagnosticSeverity.Warning, OutputReadMessage(read, "y", "F"));

    [Fact]
    public void ADG0306_InFloat()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static void F(float s, float[] y) => y[0] = [|y[0]|] * s;
            """),
            DiagnosticDescriptors.OutputReadBeforeWritten, DiagnosticSeverity.Warning, OutputReadMessage("y[0]", "y", "F", "float"));

    [Fact]
    public void ADG0306_Negative_ReadsOfValuesTheMethodWrote()
        // The documented recurrence, a read right after the write in the same iteration, += into the caller's values, a
        // read after a loop assigned every element (up to the output's length, or an input's), reads from the end.
        => AssertNoDiagnostics(GeneratorHarness.InClass("""
                [Differentiable]
                public static void Recurrence(ReadOnlySpan<double> x, double c, Span<double> y)
                {
                    y[0] = x[0];
                    for (int i = 1; i < y.Length; i++) y[i] = y[i - 1] * c;
                }

                [Differentiable]
                public static void SameIteration(ReadOnlySpan<double> x, Span<double> y)
                {
                    for (int i = 0; i < x.Length; i++)
                    {
                        y[i] = x[i] * x[i];
                        y[i] = y[i] * 2 + Math.Sin(y[i]);
                        y[i] *= 3;
                    }
                }

                [Differentiable]
                public static void Accumulates(ReadOnlySpan<double> x, Span<double> y)
                {
                    for (int i = 0; i < x.Length; i++) y[i] += x[i] * x[i];
                    y[0]++;
                }

                [Differentiable]
                public static void Passes(ReadOnlySpan<double> x, double[] y)
                {
                    for (int i = 0; i < x.Length; i++) y[i] = x[i];
                    for (int pass = 0; pass < 3; pass++)
                    {
                        for (int i = 0; i < y.Length; i++) y[i] /= 1 + y[(i + 1) % y.Length] * y[i];
                    }
                }

                [Differentiable]
                public static double Branches(double a, Span<double> y)
                {
                    if (a > 0) y[0] = a; else y[0] = -a;
                    y[^1] = y[0] * a;
                    return y[^1] + y[0];
                }
            """), allowInfo: true);

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
                public static double F(double x) => Math.Sin(H(x));
            """) + HelpersType + SoftDerivatives,
            DiagnosticDescriptors.NoSecondOrder, DiagnosticSeverity.Info,
            "HHessian and HHessianVectorProduct are not generated: no pushforward is known for 'Samples.HelperDerivatives.SoftPullback'; to get them, register the missing pushforward with [DerivativeOf(…, DerivativeKind.Pushforward)]");
        // F's Hessian-vector product still compiles (F cannot see that H has none): it calls H's pullback pushforward,
        // which throws, naming the cause.
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

    // ------------------------------------------------------------------ ADG0301 piecewise constant

    private const string FloorMethod = """
                [Differentiable]
                public static double F(double x) => [|Math.Floor(x)|] + x;
            """;

    private const string FloorMessage =
        "'Math.Floor' is piecewise constant: its derivative is zero where defined and no gradient flows through it; if that is intended, suppress ADG0301 here, otherwise use a smooth approximation";

    [Fact]
    public void ADG0301_MathFloor()
    {
        var run = AssertSingle(GeneratorHarness.InClass(FloorMethod), DiagnosticDescriptors.NonDifferentiablePoint, DiagnosticSeverity.Warning, FloorMessage);
        // A warning: the derivatives are still generated.
        run.AssertGeneratedCodeCompiles(allowAutoDiffWarnings: true);
    }

    [Fact]
    public void ADG0301_MathFFloor()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static float F(float x) => [|MathF.Floor(x)|] * x;
            """),
            DiagnosticDescriptors.NonDifferentiablePoint, DiagnosticSeverity.Warning,
            "'MathF.Floor' is piecewise constant: its derivative is zero where defined and no gradient flows through it; if that is intended, suppress ADG0301 here, otherwise use a smooth approximation");

    [Fact]
    public void ADG0301_AGenericMathStaticNamedAsWritten()
        // double.Floor is Math.Floor under another name: the same rule, the same warning, naming it as the source does.
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x) => [|double.Floor(x)|] + double.Exp(x);
            """),
            DiagnosticDescriptors.NonDifferentiablePoint, DiagnosticSeverity.Warning,
            "'double.Floor' is piecewise constant: its derivative is zero where defined and no gradient flows through it; if that is intended, suppress ADG0301 here, otherwise use a smooth approximation");

    /// <summary>Math.Round with digits or a midpoint mode is as flat as Math.Round(x): the same warning, and the value computed as written.</summary>
    [Theory]
    [InlineData("[|Math.Round(x, 2)|] * x", "Math.Round", "global::System.Math.Round(x, 2)")]
    [InlineData("[|Math.Round(x, MidpointRounding.AwayFromZero)|] * x", "Math.Round", "global::System.Math.Round(x, global::System.MidpointRounding.AwayFromZero)")]
    [InlineData("[|Math.Round(x, 1, MidpointRounding.ToZero)|] * x", "Math.Round", "global::System.Math.Round(x, 1, global::System.MidpointRounding.ToZero)")]
    [InlineData("[|double.Round(x, n, mode)|] * x", "double.Round", "global::System.Math.Round(x, n, mode)")]
    [InlineData("[|Math.Round(x, 1, (MidpointRounding)1)|] * x", "Math.Round", "global::System.Math.Round(x, 1, (global::System.MidpointRounding)(1))")]
    public void ADG0301_RoundWithDigitsOrAMidpointMode(string body, string display, string emitted)
    {
        var run = AssertSingle(GeneratorHarness.InClass($$"""
                [Differentiable]
                public static double F(double x, int n, [NoDerivative] MidpointRounding mode) => {{body}};
            """),
            DiagnosticDescriptors.NonDifferentiablePoint, DiagnosticSeverity.Warning,
            $"'{display}' is piecewise constant: its derivative is zero where defined and no gradient flows through it; if that is intended, suppress ADG0301 here, otherwise use a smooth approximation");
        run.AssertGeneratedCodeCompiles(allowAutoDiffWarnings: true);
        Assert.Contains(emitted, run.Source("Samples.C.F_Double_Int32_MidpointRounding"));
    }

    [Fact]
    public void ADG0301_Negative_OnlyDataReachesIt()
        // Math.Floor of data loses no gradient: the bucket width comes from a [NoDerivative] parameter.
        => AssertNoDiagnostics(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x, [NoDerivative] double width) => x * Math.Floor(width / 2) + Math.Round(3.7) * x;
            """));

    [Fact]
    public void ADG0301_OnlyWhereAnActiveValueReachesIt()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x, [NoDerivative] double width) => Math.Floor(width) * x + [|Math.Ceiling(x / width)|];
            """),
            DiagnosticDescriptors.NonDifferentiablePoint, DiagnosticSeverity.Warning,
            "'Math.Ceiling' is piecewise constant: its derivative is zero where defined and no gradient flows through it; if that is intended, suppress ADG0301 here, otherwise use a smooth approximation");

    [Fact]
    public void ADG0301_CastToIntOfAnActiveValue()
    {
        // (int) truncates: (double)(int)x has derivative zero, as Math.Truncate(x) has.
        var run = AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x) => [|(int)(x * 10)|] / 10.0 + x;
            """),
            DiagnosticDescriptors.NonDifferentiablePoint, DiagnosticSeverity.Warning,
            "'(int)(x * 10)' is piecewise constant: its derivative is zero where defined and no gradient flows through it; if that is intended, suppress ADG0301 here, otherwise use a smooth approximation");
        run.AssertGeneratedCodeCompiles(allowAutoDiffWarnings: true);
    }

    [Fact]
    public void ADG0301_Negative_CastsOfDataAndCounts()
        // A cast of data, and one that only bounds a loop, lose no gradient.
        => AssertNoDiagnostics(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x, [NoDerivative] double steps)
                {
                    double s = 0;
                    int n = (int)steps;
                    for (int i = 0; i < n; i++) s += x * i;
                    return s + (int)steps * x;
                }
            """));

    [Fact]
    public void ADG0301_Negative_SmoothFunctions()
        => AssertNoDiagnostics(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x) => Math.Sin(x) * Math.Exp(x) + Math.Sqrt(x * x + 1);
            """));

    [Fact]
    public void ADG0301_SuppressedByPragma()
    {
        var markup = Markup.Parse(GeneratorHarness.InClass($"""
            #pragma warning disable ADG0301
            {FloorMethod}
            #pragma warning restore ADG0301
            """));
        var run = Run(markup);
        // #pragma applies to analyzer diagnostics: suppressed ones are dropped.
        var reported = run.AnalyzerDiagnostics.Where(d => d.Id == "ADG0301").ToList();
        Assert.True(reported.All(d => d.IsSuppressed), "ADG0301 was not suppressed by #pragma:\n" + GeneratorRun.Format(reported));
        Assert.Empty(run.AutoDiffDiagnostics);
        run.AssertGeneratedCodeCompiles();
    }

    [Fact]
    public void ADG0301_PragmaForAnotherIdDoesNotSuppress()
    {
        var markup = Markup.Parse(GeneratorHarness.InClass($"""
            #pragma warning disable ADG0302
            {FloorMethod}
            #pragma warning restore ADG0302
            """));
        var run = Run(markup);
        var reported = run.AnalyzerDiagnostics.Where(d => d.Id == "ADG0301").ToList();
        Assert.Single(reported);
        Assert.False(reported[0].IsSuppressed);
        AssertDiagnostic(reported[0], DiagnosticDescriptors.NonDifferentiablePoint, DiagnosticSeverity.Warning, markup, 0, FloorMessage);
    }

    [Fact]
    public void ADG0301_SeverityFromCompilationOptions()
    {
        // What .editorconfig (dotnet_diagnostic.ADG0301.severity) and <WarningsAsErrors>/<NoWarn> become.
        var markup = Markup.Parse(GeneratorHarness.InClass(FloorMethod));
        var compilation = GeneratorHarness.CreateCompilation(markup.Source);

        var asError = GeneratorHarness.Run(compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(
            ImmutableDictionary<string, ReportDiagnostic>.Empty.Add("ADG0301", ReportDiagnostic.Error))));
        var error = Assert.Single(asError.AnalyzerDiagnostics, d => d.Id == "ADG0301");
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);

        var suppressed = GeneratorHarness.Run(compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(
            ImmutableDictionary<string, ReportDiagnostic>.Empty.Add("ADG0301", ReportDiagnostic.Suppress))));
        Assert.DoesNotContain(suppressed.AnalyzerDiagnostics, d => d.Id == "ADG0301" && !d.IsSuppressed);
    }

    // ------------------------------------------------------------------ ADG0302 unused active parameter

    [Fact]
    public void ADG0302_UnusedActiveParameter()
    {
        var run = AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x, [|double y|]) => x * x;
            """),
            DiagnosticDescriptors.UnusedActiveParameter, DiagnosticSeverity.Warning,
            "Parameter 'y' of 'F' does not affect the result, so its derivative is always zero; mark it [NoDerivative] if that is intended");
        run.AssertGeneratedCodeCompiles(allowAutoDiffWarnings: true);
    }

    [Fact]
    public void ADG0302_ParameterUsedOnlyInADeadLocal()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x, [|double y|])
                {
                    double unused = y * 2;
                    return x * x;
                }
            """),
            DiagnosticDescriptors.UnusedActiveParameter, DiagnosticSeverity.Warning,
            "Parameter 'y' of 'F' does not affect the result, so its derivative is always zero; mark it [NoDerivative] if that is intended");

    [Fact]
    public void ADG0302_Negative_NoDerivativeParameter()
        => AssertNoDiagnostics(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x, [NoDerivative] double y) => x * x;
            """));

    [Fact]
    public void ADG0302_Negative_NoDerivativeAndIntegerParameters()
        => AssertNoDiagnostics(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x, [NoDerivative] double threshold, int n) => x > threshold ? x * n : x;
            """));

    // ------------------------------------------------------------------ ADG0303 derivative always zero

    [Fact]
    public void ADG0303_NoActiveInputReachesTheResult()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static double [|F|](double x) => 3.0;
            """),
            DiagnosticDescriptors.DerivativeAlwaysZero, DiagnosticSeverity.Warning,
            "No parameter of 'F' that carries a derivative reaches its result, so every derivative is zero; check that the result is computed from them, not only compared with them, or mark them [NoDerivative] if they are data");

    [Fact]
    public void ADG0303_AParameterOnlyCompared()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static double [|F|](double x)
                {
                    if (x > 0) return 1.0;
                    return 2.0;
                }
            """),
            DiagnosticDescriptors.DerivativeAlwaysZero, DiagnosticSeverity.Warning,
            "No parameter of 'F' that carries a derivative reaches its result, so every derivative is zero; check that the result is computed from them, not only compared with them, or mark them [NoDerivative] if they are data");

    [Fact]
    public void ADG0303_Negative_ComparedDataAndAComputedResult()
        => AssertNoDiagnostics(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x, [NoDerivative] double k) => k > 0 ? x : -x;
            """));

    // ------------------------------------------------------------------ ADG0901 internal error

    /// <summary>The lowered model of the one [Differentiable] method in <paramref name="run"/>.</summary>
    private static MethodModel Lowered(GeneratorRun run)
        => (MethodModel)Assert.Single(Assert.Single(run.Result.TrackedSteps[TrackingNames.Lowered]).Outputs).Value;

    [Fact]
    public void ADG0901_AnExceptionInATransformIsReportedAtTheMethod()
    {
        var markup = Markup.Parse(GeneratorHarness.InClass("""
                [Differentiable]
                public static double [|F|](double x) => x * x;
            """));
        var run = Run(markup);
        var model = Lowered(run);
        // A body without its return breaks what every transform relies on: the exception becomes ADG0901, not CS8785.
        var broken = model with { Ir = model.Ir! with { Body = Block.Empty } };
        var file = Emit.Generation.Generate(broken, EquatableArray<Registration>.Empty, System.Threading.CancellationToken.None);
        Assert.Null(file.Text);
        var info = Assert.Single(file.Diagnostics);
        Assert.Equal("F", info.Arguments[0]);
        Assert.Matches("^[A-Za-z]+Exception: ", info.Arguments[1]);
        var tree = run.InputCompilation.SyntaxTrees.Single();
        var diagnostic = info.ToDiagnostic(new System.Collections.Generic.Dictionary<string, SyntaxTree> { [tree.FilePath] = tree });
        AssertDiagnostic(diagnostic, DiagnosticDescriptors.InternalError, DiagnosticSeverity.Error, markup, 0,
            $"AutoDiffGen could not generate derivatives for 'F' ({info.Arguments[1]}): this is a bug in AutoDiffGen; please report it with the method's source");
    }

    [Fact]
    public void ADG0901_Negative_TheSameModelUnbroken()
    {
        var run = Run(Markup.Parse(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x) => x * x;
            """)));
        var file = Emit.Generation.Generate(Lowered(run), EquatableArray<Registration>.Empty, System.Threading.CancellationToken.None);
        Assert.Empty(file.Diagnostics);
        Assert.Contains("FGradient(", file.Text, System.StringComparison.Ordinal);
    }

    // ------------------------------------------------------------------ the catalog

    [Fact]
    public void EveryDescriptorHasItsIdCategoryAndHelpLink()
    {
        foreach (var descriptor in DiagnosticDescriptors.All)
        {
            Assert.Matches("^ADG[0-9]{4}$", descriptor.Id);
            Assert.Equal(DiagnosticDescriptors.Category, descriptor.Category);
            Assert.Equal(DiagnosticDescriptors.HelpBase + descriptor.Id.ToLowerInvariant(), descriptor.HelpLinkUri);
            Assert.True(descriptor.IsEnabledByDefault);
            Assert.Same(descriptor, DiagnosticDescriptors.ById(descriptor.Id));
        }
        Assert.Equal(DiagnosticDescriptors.All.Count, DiagnosticDescriptors.All.Select(d => d.Id).Distinct().Count());
    }

    [Fact]
    public void EveryDescriptorHasAReadmeRowAndSectionAndAReleaseEntryWithItsSeverity()
    {
        var root = RepositoryFiles.Root;
        var readme = System.IO.File.ReadAllText(System.IO.Path.Combine(root, "README.md"));
        var releases = System.IO.File.ReadAllText(System.IO.Path.Combine(root, "generator", "AutoDiffGen.Generator", "AnalyzerReleases.Unshipped.md"));
        foreach (var descriptor in DiagnosticDescriptors.All)
        {
            var anchor = descriptor.Id.ToLowerInvariant();
            // The help link's fragment is GitHub's anchor for the section's heading.
            Assert.EndsWith("#" + anchor, descriptor.HelpLinkUri, System.StringComparison.Ordinal);
            Assert.Matches($"(?m)^### {descriptor.Id}$", readme);
            var severity = descriptor.DefaultSeverity.ToString().ToLowerInvariant();
            Assert.Contains($"| [{descriptor.Id}](#{anchor}) | {severity} |", readme, System.StringComparison.Ordinal);
            Assert.Matches($"(?m)^{descriptor.Id} \\| {DiagnosticDescriptors.Category} \\| {descriptor.DefaultSeverity} \\|", releases);
        }
    }

    [Fact]
    public void ValidCodeProducesNoDiagnostics()
        => AssertNoDiagnostics("""
            using System;
            using AutoDiffGen;

            namespace Samples
            {
                public static partial class Model
                {
                    [Differentiable]
                    public static double F(double x, double y) => x * y + Math.Sin(x);

                    [Differentiable]
                    public static float G(float x) => MathF.Exp(x) * x;

                    [Differentiable]
                    public static double H(double x, [NoDerivative] double scale)
                    {
                        double s = F(x, scale);
                        if (s > 0)
                        {
                            return s * scale;
                        }
                        return Math.Tanh(s) + x;
                    }
                }
            }

            partial class GlobalType
            {
                [Differentiable]
                static double K(double x) => x * x;
            }
            """);
}
