using AutoDiffGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Xunit;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// Generic methods: ADG0005 (type parameters that cannot be differentiated in: more than one, not a floating type, in a generic
/// type) and ADG0104 (a generic-math function whose derivative needs a function the constraints do not give).
/// </summary>
public sealed partial class DiagnosticsTests
{
    private static string Generic(string members) => "using System.Numerics;\n" + GeneratorHarness.InClass(members);

    [Fact]
    public void ADG0005_UnconstrainedTypeParameter()
        => AssertSingle(Generic("""
                [Differentiable]
                public static double F<[|T|]>(double x) => x * x;
            """),
            DiagnosticDescriptors.GenericMethod, DiagnosticSeverity.Error,
            "[Differentiable] method 'F' has the type parameter 'T', which is not constrained to INumber<T> (its arithmetic and comparisons); declare it 'static T F<T>(…) where T : IFloatingPointIeee754<T>', or with INumber<T> and the function interfaces it calls (IRootFunctions<T>, IExponentialFunctions<T>, …)");

    [Fact]
    public void ADG0005_IntegerTypesAllowed()
        => AssertSingle(Generic("""
                [Differentiable]
                public static TNum F<[|TNum|]>(TNum x) where TNum : INumber<TNum> => x * x;
            """),
            DiagnosticDescriptors.GenericMethod, DiagnosticSeverity.Error,
            "[Differentiable] method 'F' has the type parameter 'TNum', which INumber<TNum> alone allows to be an integer type (its derivatives would be truncated); add IFloatingPoint<TNum> or a function interface such as IRootFunctions<TNum> to its constraints, or declare it 'static T F<T>(…) where T : IFloatingPointIeee754<T>', or with INumber<T> and the function interfaces it calls (IRootFunctions<T>, IExponentialFunctions<T>, …)");

    [Fact]
    public void ADG0005_TwoTypeParameters()
        => AssertSingle(Generic("""
                [Differentiable]
                public static T [|F|]<T, TData>(T x, [NoDerivative] TData data) where T : IFloatingPointIeee754<T> => x * x;
            """),
            DiagnosticDescriptors.GenericMethod, DiagnosticSeverity.Error,
            "[Differentiable] method 'F' has 2 type parameters (T, TData); give it one, the floating-point type it computes with, and pass other values as [NoDerivative] parameters of a fixed type");

    [Fact]
    public void ADG0005_GenericMethodOfAGenericType()
        => AssertSingle("using System.Numerics;\n" + GeneratorHarness.InClass("""
                [Differentiable]
                public static T [|F|]<T>(T x) where T : IFloatingPointIeee754<T> => x * x;
            """, "public static partial class Box<U>"),
            DiagnosticDescriptors.GenericMethod, DiagnosticSeverity.Error,
            "[Differentiable] method 'F' is declared in the generic type 'Samples.Box<U>'; declare it in a non-generic type (a static partial class of its own)");

    [Fact]
    public void ADG0005_TypeParameterOfTheContainingType()
        => AssertSingle("using System.Numerics;\n" + GeneratorHarness.InClass("""
                [Differentiable]
                public static T [|F|](T x) => x * x;
            """, "public static partial class Box<T> where T : IFloatingPointIeee754<T>"),
            DiagnosticDescriptors.GenericMethod, DiagnosticSeverity.Error,
            "[Differentiable] method 'F' computes with 'T', a type parameter of its containing type 'Samples.Box<T>'; make the method generic instead, 'static T F<T>(T x) where T : IFloatingPointIeee754<T>', in a non-generic type");

    [Fact]
    public void ADG0104_DerivativeNeedsAFunctionTheConstraintsLack()
        => AssertSingle(Generic("""
                [Differentiable]
                public static T F<T>(T x) where T : INumber<T>, ITrigonometricFunctions<T> => [|T.Asin(x)|] * x;
            """),
            DiagnosticDescriptors.GenericMathConstraint, DiagnosticSeverity.Error,
            "'T.Asin' needs 'T.Sqrt' (IRootFunctions<T>) for its derivative, which the constraints of 'T' do not give; add 'IRootFunctions<T>' to the constraints of 'T' (IFloatingPointIeee754<T> gives every function)");

    [Fact]
    public void ADG0104_PowNeedsTheLogarithm()
        => AssertSingle(Generic("""
                [Differentiable]
                public static T F<T>(T x, T y) where T : INumber<T>, IPowerFunctions<T>, IRootFunctions<T> => [|T.Pow(x, y)|];
            """),
            DiagnosticDescriptors.GenericMathConstraint, DiagnosticSeverity.Error,
            "'T.Pow' needs 'T.Log' (ILogarithmicFunctions<T>) for its derivative, which the constraints of 'T' do not give; add 'ILogarithmicFunctions<T>' to the constraints of 'T' (IFloatingPointIeee754<T> gives every function)");

    [Fact]
    public void ADG0005_ADG0104_Negative_NarrowConstraintsThatGiveEveryDerivative()
        => AssertNoDiagnostics(Generic("""
                [Differentiable]
                public static T F<T>(T x, T y) where T : INumber<T>, ITrigonometricFunctions<T>, IRootFunctions<T>, IHyperbolicFunctions<T>
                    => T.Asin(x) * T.Sqrt(y) + T.Tanh(x * y) + T.Sin(x);

                [Differentiable]
                public static T G<T>(T x) where T : IFloatingPointIeee754<T> => F(x, T.CreateChecked(2)) * T.Pi;

                [Differentiable]
                public static float H(float x) => G(x) + F<float>(x, x);
            """));
}
