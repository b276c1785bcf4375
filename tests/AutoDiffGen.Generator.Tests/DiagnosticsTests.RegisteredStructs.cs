using System.Linq;
using AutoDiffGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Xunit;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// [DerivativeOf] registrations that name a struct's members (operators by their metadata name, constructors by the type's
/// name, properties, instance methods with the object first) and take and give structs: what is accepted, and what is
/// reported with what to write instead: a signature that does not match (ADG0202), a member that could change its object, a
/// registration for a member with source that is not in the struct (ADG0206), a System.Numerics member without a rule or a
/// registration (ADG0201).
/// </summary>
public sealed partial class DiagnosticsTests
{
    /// <summary>What a message about a System.Numerics member adds: the members AutoDiffGen has rules for.</summary>
    private const string NumericsHint = "; of System.Numerics, AutoDiffGen differentiates the operators, constructors, Dot, Cross, Length, LengthSquared, Normalize, Distance, DistanceSquared, Lerp, Transform, Conjugate, Inverse and Concatenate of the vectors and Quaternion, and Complex's operators, Exp, Log, Sqrt, Pow, Abs, Magnitude, Phase, Conjugate, Reciprocal, Sin, Cos and FromPolarCoordinates; write anything else from the fields";

    private static string WithVec(string members, string derivatives = "") => """
        using System;
        using System.Numerics;
        using AutoDiffGen;

        namespace Samples;

        public readonly struct Vec
        {
            public Vec(double x, double y) { X = x; Y = y; }
            public Vec(double angle) { X = Math.Cos(angle); Y = Math.Sin(angle); }
            public double X { get; }
            public double Y { get; }
            public double Length => Math.Sqrt(X * X + Y * Y);
            public double Dot(Vec other) => X * other.X + Y * other.Y;
            public static Vec operator +(Vec a, Vec b) => new(a.X + b.X, a.Y + b.Y);
        """ + derivatives + """

        }

        public struct Cell
        {
            public double V;
            public double Twice() => 2 * V;
        }

        public static partial class C
        {
        """ + members + """

        }
        """;

    [Fact]
    public void RegisteredStructs_Negative_OperatorsConstructorsPropertiesAndMethodsAreNamed()
        => AssertNoDiagnostics(allowInfo: true, source: WithVec("""
                [Differentiable]
                public static double F(Vec a, Vec b, double angle) => (a + b).Length + a.Dot(new Vec(angle));
            """, """

                [DerivativeOf(typeof(Vec), "op_Addition", DerivativeKind.Pullback)]
                public static void AddPullback(Vec a, Vec b, Vec seed, ref Vec da, ref Vec db) { da = da + seed; db = db + seed; }

                [DerivativeOf(typeof(Vec), nameof(Length), DerivativeKind.Pushforward)]
                public static double LengthPushforward(Vec self, Vec tself, out double tangent) { tangent = self.Dot(tself) / self.Length; return self.Length; }

                [DerivativeOf(typeof(Vec), nameof(Dot), DerivativeKind.Pullback)]
                public static void DotPullback(Vec self, Vec other, double seed, ref Vec dself, ref Vec dother) { }

                [DerivativeOf(typeof(Vec), "op_Addition", DerivativeKind.Pushforward)]
                public static Vec AddPushforward(Vec a, Vec b, Vec ta, Vec tb, out Vec tangent) { tangent = ta + tb; return a + b; }

                [DerivativeOf(typeof(Vec), nameof(Vec), DerivativeKind.Pullback)]
                public static void FromAnglePullback(double angle, Vec seed, ref double dangle) { }

                [DerivativeOf(typeof(Vec), ".ctor", DerivativeKind.Pushforward)]
                public static Vec FromAnglePushforward(double angle, double tangle, out Vec tangent) { tangent = new Vec(-Math.Sin(angle) * tangle, Math.Cos(angle) * tangle); return new Vec(angle); }
            """));

    [Fact]
    public void ADG0201_AStructResultWithAPullbackAndNoPushforward()
        => AssertSingle(WithVec("""
                [Differentiable]
                public static double F(Vec a, Vec b) => ([|a + b|]).X;
            """, """

                [DerivativeOf(typeof(Vec), "op_Addition", DerivativeKind.Pullback)]
                public static void AddPullback(Vec a, Vec b, Vec seed, ref Vec da, ref Vec db) { da = da + seed; db = db + seed; }
            """),
            DiagnosticDescriptors.NoDerivativeForCall, DiagnosticSeverity.Error,
            "No pushforward is known for 'Samples.Vec.operator +'; register one with [DerivativeOf(typeof(Vec), \"op_Addition\", DerivativeKind.Pushforward)] (its pullback serves reverse mode; forward mode and second order need a pushforward of a function that gives more than one value), or pass only [NoDerivative] values to it");

    [Fact]
    public void ADG0101_ANumericsMemberThatTakesASpan()
        => AssertReported(WithVec("""
                [Differentiable]
                public static float F(ReadOnlySpan<float> values) => [|Vector3.Create(values)|].X;
            """),
            DiagnosticDescriptors.UnsupportedConstruct, DiagnosticSeverity.Error,
            "A call to 'Vector3.Create', whose source is not in this compilation and which takes or gives something other than double, float, int, bool and structs of them, is not supported in a [Differentiable] method" + NumericsHint);

    [Fact]
    public void ADG0201_ANumericsMemberThatTakesAMatrixOfPublicFields()
        => AssertSingle(WithVec("""
                [Differentiable]
                public static float F(Vector3 v, Matrix4x4 m) => [|Vector3.Transform(v, m)|].X;
            """),
            DiagnosticDescriptors.NoDerivativeForCall, DiagnosticSeverity.Error,
            "No derivative is known for 'System.Numerics.Vector3.Transform'; register one with [DerivativeOf(typeof(Vector3), nameof(Vector3.Transform), DerivativeKind.Pullback)] (and DerivativeKind.Pushforward), or pass only [NoDerivative] values to it" + NumericsHint);

    [Fact]
    public void RegisteredStructs_Negative_ATestOfAStructIsData()
        => AssertNoDiagnostics(WithVec("""
                [Differentiable]
                public static double F(Vec a) => Inside(a) ? a.X * a.Y : a.Length;

                public static bool Inside(Vec a) => a.X * a.X + a.Y * a.Y < 1;
            """));

    [Fact]
    public void ADG0202_StructOperatorPullbackWithValueAdjoints()
        => AssertSingle(WithVec("", """

                [DerivativeOf(typeof(Vec), "op_Addition", DerivativeKind.Pullback)]
                public static void [|AddPullback|](Vec a, Vec b, Vec seed, Vec da, Vec db) { }
            """),
            DiagnosticDescriptors.CustomDerivativeShape, DiagnosticSeverity.Error,
            "'AddPullback' is declared as the pullback of 'Samples.Vec.operator +(Samples.Vec, Samples.Vec)' but its signature does not match; expected: void (Samples.Vec, Samples.Vec, Samples.Vec, ref Samples.Vec, ref Samples.Vec)");

    [Fact]
    public void ADG0202_InstanceMethodPushforwardWithoutTheObjectsTangent()
        => AssertSingle(WithVec("", """

                [DerivativeOf(typeof(Vec), nameof(Dot), DerivativeKind.Pushforward)]
                public static double [|DotPushforward|](Vec self, Vec other, Vec tother, out double tangent) { tangent = 0; return 0; }
            """),
            DiagnosticDescriptors.CustomDerivativeShape, DiagnosticSeverity.Error,
            "'DotPushforward' is declared as the pushforward of 'Samples.Vec.Dot(Samples.Vec)' but its signature does not match; expected: double (Samples.Vec, Samples.Vec, Samples.Vec, Samples.Vec, out double)");

    [Fact]
    public void ADG0202_MemberThatCouldChangeItsObject()
        => AssertSingle(WithVec("") + """

            public static class CellDerivatives
            {
                [DerivativeOf(typeof(Cell), nameof(Cell.Twice), DerivativeKind.Pullback)]
                public static void [|TwicePullback|](Cell self, double seed, ref Cell dself) { }
            }
            """,
            DiagnosticDescriptors.CustomDerivativeShape, DiagnosticSeverity.Error,
            "'TwicePullback' is declared as the pullback of 'Samples.Cell.Twice()' but its signature does not match; expected: none: 'Samples.Cell.Twice()' is not readonly, so a call may change its object, which a derivative cannot say; make it (or its struct) readonly");

    [Fact]
    public void ADG0206_RegistrationForAStructMemberWithSourceOutsideTheStruct()
        => AssertSingle(WithVec("") + """

            public static class VecDerivatives
            {
                [[|DerivativeOf(typeof(Vec), nameof(Vec.Length), DerivativeKind.Pullback)|]]
                public static void LengthPullback(Vec self, double seed, ref Vec dself) { }
            }
            """,
            DiagnosticDescriptors.CustomDerivativeAwayFromStruct, DiagnosticSeverity.Error,
            "'LengthPullback' is declared as a derivative of 'Samples.Vec.Length.get', but calls of 'Samples.Vec.Length.get' are differentiated from its body, which is in this compilation, unless 'Vec' itself declares the derivative; move 'LengthPullback' into 'Vec', or remove it");

    [Fact]
    public void ADG0201_NumericsMemberWithoutARuleOrARegistration()
        => AssertSingle(WithVec("""
                [Differentiable]
                public static float F(Vector3 v, Vector3 n) => [|Vector3.Reflect(v, n)|].X;
            """),
            DiagnosticDescriptors.NoDerivativeForCall, DiagnosticSeverity.Error,
            "No derivative is known for 'System.Numerics.Vector3.Reflect'; register one with [DerivativeOf(typeof(Vector3), nameof(Vector3.Reflect), DerivativeKind.Pullback)] (and DerivativeKind.Pushforward), or pass only [NoDerivative] values to it" + NumericsHint);

    [Fact]
    public void ADG0201_Negative_NumericsMemberRegisteredByTheUser()
        => AssertNoDiagnostics(allowInfo: true, source: WithVec("""
                [Differentiable]
                public static float F(Vector3 v, Vector3 n) => Vector3.Reflect(v, n).X;
            """) + """

            public static class ReflectDerivatives
            {
                [DerivativeOf(typeof(Vector3), nameof(Vector3.Reflect), DerivativeKind.Pullback)]
                public static void ReflectPullback(Vector3 v, Vector3 n, Vector3 seed, ref Vector3 dv, ref Vector3 dn)
                {
                    float sn = Vector3.Dot(seed, n), vn = Vector3.Dot(v, n);
                    dv += seed - 2 * sn * n;
                    dn += -2 * (sn * v + vn * seed);
                }

                [DerivativeOf(typeof(Vector3), nameof(Vector3.Reflect), DerivativeKind.Pushforward)]
                public static Vector3 ReflectPushforward(Vector3 v, Vector3 n, Vector3 tv, Vector3 tn, out Vector3 tangent)
                {
                    tangent = tv - 2 * (Vector3.Dot(tv, n) + Vector3.Dot(v, tn)) * n - 2 * Vector3.Dot(v, n) * tn;
                    return Vector3.Reflect(v, n);
                }
            }
            """);
}

/// <summary>Structs that come compiled (a referenced assembly): what is differentiated memberwise and what ADG0003 says of the rest.</summary>
public sealed class CompiledStructDiagnosticsTests
{
    private const string Library = """
        namespace Geo;

        public readonly struct Point
        {
            public Point(double x, double y) { X = x; Y = y; }
            public double X { get; }
            public double Y { get; }
        }

        public struct Hidden
        {
            private double value;
            public double Value { get => value; set => this.value = value; }
        }
        """;

    /// <summary>The user's compilation, referencing <see cref="Library"/> compiled to an assembly.</summary>
    private static GeneratorRun RunWithLibrary(string source)
    {
        var library = GeneratorHarness.CreateCompilation(new[] { ("/lib/Geo.cs", Library) }).WithAssemblyName("Geo");
        using var image = new System.IO.MemoryStream();
        Assert.True(library.Emit(image).Success);
        var references = GeneratorHarness.References.Append(MetadataReference.CreateFromImage(image.ToArray()));
        return GeneratorHarness.Run(GeneratorHarness.CreateCompilation(new[] { (GeneratorHarness.PathOf(0), source) }, references));
    }

    private const string Header = """
        using AutoDiffGen;

        namespace Samples;

        public static partial class C
        {
        """;

    [Fact]
    public void A_compiled_struct_of_public_auto_properties_is_differentiated_memberwise()
    {
        var run = RunWithLibrary(Header + """
                [Differentiable]
                public static double F(Geo.Point p) => p.X * p.Y + new Geo.Point(p.Y, 1).X;
            }
            """);
        Assert.Empty(run.AutoDiffDiagnostics);
        Assert.Contains("public static double FGradient(global::Geo.Point p, out global::Geo.Point dp)", run.GeneratedSources.Values.Single());
        Assert.Empty(run.OutputCompilationDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void ADG0003_ACompiledStructWithAPrivateField()
    {
        var markup = Markup.Parse(Header + """
                [Differentiable]
                public static double F([|Geo.Hidden h|]) => h.Value;
            }
            """);
        var diagnostics = RunWithLibrary(markup.Source).AutoDiffDiagnostics;
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("ADG0003", diagnostic.Id);
        Assert.Equal(markup.Span, diagnostic.Location.SourceSpan);
        Assert.Equal(
            "Parameter 'h' of [Differentiable] method 'F' has type 'Geo.Hidden', which is not supported (it comes compiled from 'Geo', and its field 'value' is not public, so generated code cannot read it); use double, float, int, bool, AutoDiffGen.Matrix, a struct of such fields (System.Numerics' vectors, Quaternion and Complex too), or a ReadOnlySpan<T>, Span<T> or array of double or float, of structs whose fields are all double or all float, or of integers or bools (data), passed by value, or mark a parameter of another type [NoDerivative] if it is data",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }
}
