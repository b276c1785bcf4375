using AutoDiffGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Xunit;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// Instance methods (ADG0101): what an instance method may not do with its object. It reads the object's fields and
/// auto-properties as data; writing them, reading a computed property, using <c>this</c> whole, a primary constructor's
/// parameter, calls to instance methods on other objects, and spans passed to an instance method are reported.
/// </summary>
public sealed partial class DiagnosticsTests
{
    private static string InModel(string members) => GeneratorHarness.InClass("""
            private double[] xs = { 1.0, 2.0 };
            private int count;
            public double Rate { get; set; } = 0.5;
            public double Doubled => 2 * Rate;
            public string Label = "";
            public long total;

        """ + members, "public partial class Model");

    [Theory]
    [InlineData("[Differentiable] public double F(double x) { [|count|]++; return x * x; }",
        "Assigning to 'count', of this object, is not supported in a [Differentiable] method; a [Differentiable] method only reads its object's fields and properties (its generated members may run the body more than once): keep the value in a local, or change the field in the caller")]
    [InlineData("[Differentiable] public double F(double x) { [|this.Rate|] = x; return x * x; }",
        "Assigning to 'this.Rate', of this object, is not supported in a [Differentiable] method; a [Differentiable] method only reads its object's fields and properties (its generated members may run the body more than once): keep the value in a local, or change the field in the caller")]
    [InlineData("[Differentiable] public double F(double x) { [|xs[0]|] += x; return x * x; }",
        "Assigning to 'xs[0]', of this object, is not supported in a [Differentiable] method; a [Differentiable] method only reads its object's fields and properties (its generated members may run the body more than once): keep the value in a local, or change the field in the caller")]
    [InlineData("[Differentiable] public double F(double x) => [|Doubled|] * x;",
        "Reading the property 'Doubled', which is computed (not an auto-property), is not supported in a [Differentiable] method; an instance method reads its object's fields and auto-properties only (generated code may read one several times): make 'Doubled' an auto-property or read a field, or pass its value as a parameter")]
    [InlineData("[Differentiable] public double F(double x) => x * [|total|];",
        "Reading 'total', a 'long', from this object is not supported in a [Differentiable] method; long, uint and ulong values do not fit the int the method computes with: pass the indices as an int[] or a ReadOnlySpan<int>")]
    [InlineData("[Differentiable] public double F(double x, [NoDerivative] Model other) => [|other.G(x)|];\n[Differentiable] public double G(double x) => x * Rate;",
        "A call to the instance method 'G' is not supported in a [Differentiable] method; an instance method may call 'G' on its own object ('G(…)' or 'this.G(…)') when both are of the same type; otherwise make 'G' static and pass what it reads from its object as parameters")]
    [InlineData("[Differentiable] public double F(double x) => [|Half(x)|];\npublic double Half(double x) => x / 2;",
        "A call to the instance method 'Half' is not supported in a [Differentiable] method; call a static method instead")]
    [InlineData("[Differentiable] public double F(ReadOnlySpan<double> x) => [|G(x)|];\n[Differentiable] public double G(ReadOnlySpan<double> x) => x[0] * Rate;",
        "Passing spans or arrays to the instance method 'G' is not supported in a [Differentiable] method; make 'G' static, passing what it reads from the object as parameters (a static [Differentiable] method that takes spans is put in place of the call), or pass it scalars only")]
    public void ADG0101_InstanceMethod(string members, string message)
        => AssertSingle(InModel(members), DiagnosticDescriptors.UnsupportedConstruct, DiagnosticSeverity.Error, message);

    [Fact]
    public void ADG0101_PrimaryConstructorParameter()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public double F(double x) => [|scale|] * x;
            """, "public partial class Model(double scale)"),
            DiagnosticDescriptors.UnsupportedConstruct, DiagnosticSeverity.Error,
            "The primary constructor parameter 'scale' is not supported in a [Differentiable] method; store it in a field or an auto-property ('private readonly double scale = scale;') and read that");

    [Fact]
    public void ADG0101_BaseMember()
        => AssertSingle("""
            using AutoDiffGen;

            namespace Samples;

            public class Base
            {
                public double Rate = 2;
            }

            public partial class Model : Base
            {
                [Differentiable]
                public double F(double x) => [|base.Rate|] * x;
            }
            """,
            DiagnosticDescriptors.UnsupportedConstruct, DiagnosticSeverity.Error,
            "The instance field 'Rate' is not supported in a [Differentiable] method; read it in the caller and pass its value as a parameter");

    [Fact]
    public void InstanceMethod_ReadsFieldsPropertiesElementsAndCallsItsOwnMethods()
        => AssertNoDiagnostics(InModel("""
            [Differentiable]
            public double F(double x)
            {
                double s = 0;
                foreach (double v in xs) s += v * x;
                for (int i = 0; i < xs.Length; i++) s += Rate * xs[i] * this.G(x);
                return s + count;
            }

            [Differentiable]
            public double G(double x) => x * x * Scaled(this, x);

            [Differentiable]
            public static double Scaled([NoDerivative] Model model, double x) => model.Rate * x;
            """));
}
