using AutoDiffGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Xunit;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// Structs: what is differentiated memberwise (structs of double, float, int and bool fields, nested; System.Numerics'
/// vectors, Quaternion and Complex) and what is reported, with why and what to write instead: a struct with a field of
/// another type, a span of structs whose fields differ, a struct member the generator cannot put in place of its call, a
/// slice of a span of structs, a [Differentiable] helper returning a struct.
/// </summary>
public sealed partial class DiagnosticsTests
{
    private static string WithStructs(string members) => """
        using System;
        using System.Numerics;
        using AutoDiffGen;

        namespace Samples;

        public struct Point
        {
            public double X;
            public double Y;
            public int Id;
        }

        public struct Labeled
        {
            public double Value;
            public string Label;
        }

        public readonly struct Pair
        {
            public Pair(double a, double b) { A = a; B = b; }
            public double A { get; }
            public double B { get; }
            public double Sum() { double s = 0; for (int i = 0; i < 2; i++) s += i == 0 ? A : B; return s; }
        }

        public static partial class C
        {
        """ + members + """

        }
        """;

    [Fact]
    public void Structs_Negative_StructsOfScalarsAndNumericsAreDifferentiated()
        => AssertNoDiagnostics(WithStructs("""
                [Differentiable]
                public static double F(Point p, Pair q, Vector2 v, Complex z)
                {
                    var r = new Point { X = p.Y, Y = p.X * q.A, Id = p.Id };
                    r.X += v.Length() + z.Real;
                    return r.X * r.Y + q.B + Complex.Abs(z * z);
                }
            """));

    [Fact]
    public void ADG0003_AStructWithAFieldOfAnotherType()
        => AssertSingle(WithStructs("""
                [Differentiable]
                public static double F(double x, [|Labeled l|]) => x * l.Value;
            """),
            DiagnosticDescriptors.UnsupportedParameterType, DiagnosticSeverity.Error,
            "Parameter 'l' of [Differentiable] method 'F' has type 'Samples.Labeled', which is not supported (its field 'Label' is a 'string' (fields may be double, float, int, bool or such structs)); use double, float, int, bool, AutoDiffGen.Matrix, a struct of such fields (System.Numerics' vectors, Quaternion and Complex too), or a ReadOnlySpan<T>, Span<T> or array of double or float, of structs whose fields are all double or all float, or of integers or bools (data), passed by value, or mark a parameter of another type [NoDerivative] if it is data");

    [Fact]
    public void ADG0003_ASpanOfStructsWhoseFieldsDiffer()
        => AssertSingle(WithStructs("""
                [Differentiable]
                public static double F([|ReadOnlySpan<Point> points|]) => points[0].X;
            """),
            DiagnosticDescriptors.UnsupportedParameterType, DiagnosticSeverity.Error,
            "Parameter 'points' of [Differentiable] method 'F' has type 'System.ReadOnlySpan<Samples.Point>', which is not supported (the fields of the structs in a span or array must be all double or all float, none of them [NoDerivative]); use double, float, int, bool, AutoDiffGen.Matrix, a struct of such fields (System.Numerics' vectors, Quaternion and Complex too), or a ReadOnlySpan<T>, Span<T> or array of double or float, of structs whose fields are all double or all float, or of integers or bools (data), passed by value, or mark a parameter of another type [NoDerivative] if it is data");

    [Fact]
    public void ADG0101_AStructMemberWithALoop()
        => AssertSingle(WithStructs("""
                [Differentiable]
                public static double F(Pair q) => q.Sum();
            """).Replace("public double Sum() { double s = 0; for (int i = 0; i < 2; i++) s += i == 0 ? A : B; return s; }",
                "public double Sum() { double [|s = 0|]; for (int i = 0; i < 2; i++) s += i == 0 ? A : B; return s; }"),
            DiagnosticDescriptors.UnsupportedConstruct, DiagnosticSeverity.Error,
            "The local 's' of 'Sum', assigned again, is not supported in a [Differentiable] method; a struct's members are put in place of their calls when they are local declarations followed by a return (or, for a constructor, assignments of its fields): write it so, or compute it in the [Differentiable] method");

    [Fact]
    public void ADG0101_ASliceOfASpanOfStructs()
        => AssertSingle(WithStructs("""
                [Differentiable]
                public static float F(ReadOnlySpan<Vector3> v) => G([|v.Slice(1)|]);

                [Differentiable]
                public static float G(ReadOnlySpan<Vector3> v) => v[0].X * v[0].Y;
            """),
            DiagnosticDescriptors.UnsupportedConstruct, DiagnosticSeverity.Error,
            "Passing a part of 'v', a span of structs, to a call is not supported in a [Differentiable] method; pass the whole span and the range to work on as ints");

    [Fact]
    public void ADG0101_AHelperThatReturnsAStructCalledInABranchOfAConditional()
        => AssertSingle(WithStructs("""
                [Differentiable]
                public static float F(float x) => x > 0 ? [|G(x)|].X : 0f;

                [Differentiable]
                public static Vector2 G(float x) => new Vector2(x, x * x);
            """),
            DiagnosticDescriptors.UnsupportedConstruct, DiagnosticSeverity.Error,
            "A call to 'G' that passes structs in a branch of '?:' or after '&&' or '||' is not supported in a [Differentiable] method; call it in a statement of its own before, and use its result");

    [Fact]
    public void ADG0201_AStructPassedToAMethodThatIsNotDifferentiable()
        => AssertSingle(WithStructs("""
                [Differentiable]
                public static double F(Point p) => [|Norm(p)|];

                public static double Norm(Point p) => p.X * p.X + p.Y * p.Y;
            """),
            DiagnosticDescriptors.NoDerivativeForCall, DiagnosticSeverity.Error,
            "No derivative is known for 'Samples.C.Norm'; mark it [Differentiable], or register one with [DerivativeOf(typeof(C), nameof(C.Norm), DerivativeKind.Pullback)] (and DerivativeKind.Pushforward), or pass only [NoDerivative] values to it");

    [Fact]
    public void ADG0003_AStructTakenByIn()
        => AssertSingle(WithStructs("""
                [Differentiable]
                public static double F(double x, [|in Point p|]) => x * p.X;
            """),
            DiagnosticDescriptors.UnsupportedParameterType, DiagnosticSeverity.Error,
            "Parameter 'p' of [Differentiable] method 'F' has type 'in Samples.Point', which is not supported (a struct is taken by value: remove 'in'); use double, float, int, bool, AutoDiffGen.Matrix, a struct of such fields (System.Numerics' vectors, Quaternion and Complex too), or a ReadOnlySpan<T>, Span<T> or array of double or float, of structs whose fields are all double or all float, or of integers or bools (data), passed by value, or mark a parameter of another type [NoDerivative] if it is data");

    [Fact]
    public void ADG0003_ASpanOfStructsWhoseLayoutIsNotSequential()
        => AssertSingle(WithStructs("""
                [Differentiable]
                public static double F([|ReadOnlySpan<Shuffled> items|]) => items[0].A * items[0].B;
            """).Replace("public struct Point", """
                [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Auto)]
                public struct Shuffled { public double A; public double B; }

                public struct Point
                """),
            DiagnosticDescriptors.UnsupportedParameterType, DiagnosticSeverity.Error,
            "Parameter 'items' of [Differentiable] method 'F' has type 'System.ReadOnlySpan<Samples.Shuffled>', which is not supported (a span or array of structs is read field by field in declaration order: remove the struct's [StructLayout] that is not Sequential); use double, float, int, bool, AutoDiffGen.Matrix, a struct of such fields (System.Numerics' vectors, Quaternion and Complex too), or a ReadOnlySpan<T>, Span<T> or array of double or float, of structs whose fields are all double or all float, or of integers or bools (data), passed by value, or mark a parameter of another type [NoDerivative] if it is data");
}
