using System.Linq;
using AutoDiffGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Xunit;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// Declarations: ADG0001 (a virtual or interface instance method), ADG0002 (containing type not partial), ADG0003 (parameter type),
/// ADG0004 (return type), ADG0005 (type parameters: DiagnosticsTests.Generic.cs), ADG0006 (no body), ADG0007 (a member has the name of a generated one).
/// </summary>
public sealed partial class DiagnosticsTests
{
    // ------------------------------------------------------------------ ADG0001 no instance derivatives (virtual, interface)

    [Fact]
    public void ADG0001_VirtualMethod()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public virtual double [|F|](double x) => x * x;
            """, "public partial class C"),
            DiagnosticDescriptors.MethodNotStatic, DiagnosticSeverity.Error,
            "[Differentiable] method 'F' cannot have derivatives as instance members: it is virtual, and the derivatives generated from its body would not be those of an override; make it non-virtual (or 'sealed override'), or static");

    [Fact]
    public void ADG0001_OverrideThatIsNotSealed()
        => AssertSingle("""
            using AutoDiffGen;

            namespace Samples;

            public abstract class Base
            {
                public abstract double F(double x);
            }

            public partial class C : Base
            {
                [Differentiable]
                public override double [|F|](double x) => x * x;
            }
            """,
            DiagnosticDescriptors.MethodNotStatic, DiagnosticSeverity.Error,
            "[Differentiable] method 'F' cannot have derivatives as instance members: it is virtual, and the derivatives generated from its body would not be those of an override; make it non-virtual (or 'sealed override'), or static");

    [Fact]
    public void ADG0001_InterfaceMember()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                double [|F|](double x) => x * x;
            """, "public partial interface IModel"),
            DiagnosticDescriptors.MethodNotStatic, DiagnosticSeverity.Error,
            "[Differentiable] method 'F' cannot have derivatives as instance members: it is an instance member of an interface, whose implementations differ; make it static, or declare it in a class or struct");

    [Fact]
    public void ADG0001_Negative_InstanceMethodsOfAClassAndAStruct()
        => AssertNoDiagnostics("""
            using System;
            using AutoDiffGen;

            namespace Samples;

            public partial class Model
            {
                private readonly double[] xs = { 1.0, 2.0 };
                public double Scale { get; set; } = 2;

                [Differentiable]
                public double F(double x) => Scale * x * x + xs[0];

                [Differentiable]
                public double G(double x) => F(x) * this.F(2 * x);
            }

            public partial struct Point
            {
                public double X;

                [Differentiable]
                public readonly double Distance(double y) => Math.Sqrt(X * X + y * y);
            }

            public partial class Derived : Model
            {
                [Differentiable]
                public double H(double x) => Scale * x;
            }
            """);

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
            "Parameter 'name' of [Differentiable] method 'F' has type 'string', which is not supported; use double, float, int, bool, AutoDiffGen.Matrix, a struct of such fields (System.Numerics' vectors, Quaternion and Complex too), or a ReadOnlySpan<T>, Span<T> or array of double or float, of structs whose fields are all double or all float, or of integers or bools (data), passed by value, or mark a parameter of another type [NoDerivative] if it is data");

    [Fact]
    public void ADG0003_UnsupportedParameterType_Decimal()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F([|decimal x|]) => (double)x;
            """),
            DiagnosticDescriptors.UnsupportedParameterType, DiagnosticSeverity.Error,
            "Parameter 'x' of [Differentiable] method 'F' has type 'decimal', which is not supported; use double, float, int, bool, AutoDiffGen.Matrix, a struct of such fields (System.Numerics' vectors, Quaternion and Complex too), or a ReadOnlySpan<T>, Span<T> or array of double or float, of structs whose fields are all double or all float, or of integers or bools (data), passed by value, or mark a parameter of another type [NoDerivative] if it is data");

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
    public void ADG0003_Negative_IntegerDataWithoutNoDerivative()
    {
        // Arrays and spans of integers and bools are data without [NoDerivative]: read (short and byte as int, a long array's
        // Length), walked, and passed on whole, also with [NoDerivative] data of other types, to a [Differentiable] method, a
        // method with registered derivatives, and one without derivatives that takes a ReadOnlySpan<int> it cannot change.
        var run = GeneratorHarness.Run(GeneratorHarness.InClass("""
                public sealed class Options { public double Scale = 2; }

                public enum Mode { Fast, Exact }

                public static class Table
                {
                    public static int Count(ReadOnlySpan<int> indices) => indices.Length;

                    public static double Lookup(double x, [NoDerivative] int[] indices) => x * indices[0];

                    [DerivativeOf(typeof(Table), nameof(Lookup), DerivativeKind.Pullback)]
                    public static void LookupPullback(double x, int[] indices, double seed, ref double dx) => dx += seed * indices[0];

                    [DerivativeOf(typeof(Table), nameof(Lookup), DerivativeKind.Pushforward)]
                    public static double LookupPushforward(double x, int[] indices, double tx, out double tangent)
                    {
                        tangent = tx * indices[0];
                        return x * indices[0];
                    }
                }

                [Differentiable]
                public static double Edges(double a, ReadOnlySpan<int> edges, [NoDerivative] Options options, [NoDerivative] Mode mode)
                {
                    double s = 0;
                    for (int k = 0; k < edges.Length; k++) s += a * edges[k] * options.Scale;
                    return s;
                }

                [Differentiable]
                public static double F(ReadOnlySpan<double> x, int[] indices, Span<int> edges, short[] small, ReadOnlySpan<byte> offsets, bool[] mask, long[] wide,
                    [NoDerivative] Options options, [NoDerivative] Func<double, double> unused)
                {
                    double s = Edges(x[0], indices, options, Mode.Exact) + Edges(x[^1], edges, options, Mode.Fast) + Table.Lookup(x[0], indices);
                    for (int k = 0; k < small.Length; k++) if (mask[k]) s += x[small[k]] * offsets[k];
                    foreach (int i in indices) s += x[i] * Table.Count(indices);
                    return s * wide.Length;
                }
            """));
        // Only ADG0304: the registered derivatives have no second order.
        Assert.Equal(new[] { "ADG0304" }, run.AutoDiffDiagnostics.Select(d => d.Id));
        run.AssertGeneratedCodeCompiles();
        var text = run.Source("Samples.C.F_ReadOnlySpanDouble_Int32Array_SpanInt32_Int16Array_ReadOnlySpanByte_BooleanArray_Int64Array_Options_FuncDoubleDouble");
        Assert.Contains("public static double FGradient(global::System.ReadOnlySpan<double> x, int[] indices, global::System.Span<int> edges, short[] small, "
            + "global::System.ReadOnlySpan<byte> offsets, bool[] mask, long[] wide, global::Samples.C.Options options, global::System.Func<double, double> unused, global::System.Span<double> dx)", text);
        // Edges is inlined, its loops reading the arrays passed to it and its data parameter's field.
        Assert.Contains(" = indices[k_", text);
        Assert.Contains(" = edges[k_", text);
        Assert.Contains(" * options.Scale;", text);
        Assert.Contains("global::Samples.C.Table.LookupPullback(", text);
        Assert.Contains("global::Samples.C.Table.Count(indices)", text);
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
    public void ADG0007_AMethodWithTheNameOfTheBodyAJacobianCalls()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static void Polar(double r, double theta, Span<double> xy)
                {
                    xy[0] = r * Math.Cos(theta);
                    xy[1] = r * Math.Sin(theta);
                }

                private static void [|PolarPullbackUnchecked|](double r, double theta, Span<double> xy, ReadOnlySpan<double> dxy, ref double dr, ref double dtheta)
                {
                }
            """),
            DiagnosticDescriptors.GeneratedNameTaken, DiagnosticSeverity.Error,
            string.Format(NameTakenMessage, "C.PolarPullbackUnchecked(double, double, Span<double>, ReadOnlySpan<double>, ref double, ref double)", " and parameters", "PolarPullbackUnchecked").Replace("'F'", "'Polar'"));

    [Fact]
    public void ADG0007_AMethodWithTheNameOfTheRowsAJacobianCalls()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static void Polar(double r, double theta, Span<double> xy)
                {
                    xy[0] = r * Math.Cos(theta);
                    xy[1] = r * Math.Sin(theta);
                }

                private static void [|PolarPullbackRows|](double r, double theta, Span<double> xy, Span<double> jacobian)
                {
                }
            """),
            DiagnosticDescriptors.GeneratedNameTaken, DiagnosticSeverity.Error,
            string.Format(NameTakenMessage, "C.PolarPullbackRows(double, double, Span<double>, Span<double>)", " and parameters", "PolarPullbackRows").Replace("'F'", "'Polar'"));

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
}
