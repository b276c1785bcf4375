using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generator.Diagnostics;

/// <summary>
/// The one catalog of AutoDiffGen diagnostics. IDs: ADG00xx declarations, ADG01xx body constructs,
/// ADG02xx calls and custom derivatives, ADG03xx warnings, ADG09xx internal errors. Each has a help link
/// to its section of the README and a row in AnalyzerReleases.Unshipped.md.
/// </summary>
internal static class DiagnosticDescriptors
{
    public const string Category = "AutoDiffGen";
    public const string HelpBase = "https://github.com/autodiffgen/autodiffgen/blob/main/README.md#";

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity)
        => new(id, title, message, Category, severity, isEnabledByDefault: true, helpLinkUri: HelpBase + id.ToLowerInvariant());

    public static readonly DiagnosticDescriptor MethodNotStatic = Create(
        "ADG0001", "A [Differentiable] method must be static, or a non-virtual instance method of a class or struct",
        "[Differentiable] method '{0}' cannot have derivatives as instance members: {1}",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor TypeNotPartial = Create(
        "ADG0002", "The containing type of a [Differentiable] method must be partial",
        "Type '{0}' must be declared partial so that the derivatives of '{1}' can be generated into it",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnsupportedParameterType = Create(
        "ADG0003", "Unsupported parameter type",
        "Parameter '{0}' of [Differentiable] method '{1}' has type '{2}', which is not supported{3}; use double, float, int, bool, AutoDiffGen.Matrix, a struct of such fields (System.Numerics' vectors, Quaternion and Complex too), or a ReadOnlySpan<T>, Span<T> or array of double or float, of structs whose fields are all double or all float, or of integers or bools (data), passed by value, or mark a parameter of another type [NoDerivative] if it is data",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnsupportedReturnType = Create(
        "ADG0004", "Unsupported return type",
        "[Differentiable] method '{0}' returns '{1}', which is not supported; return double, float, AutoDiffGen.Matrix or a tuple of them, or void with the results written into a Span<T> or array parameter",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor GenericMethod = Create(
        "ADG0005", "Unsupported type parameters of a [Differentiable] method",
        "[Differentiable] method '{0}' {1}; {2}",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor NoBody = Create(
        "ADG0006", "A [Differentiable] method needs a body",
        "[Differentiable] method '{0}' has no body to differentiate; register a custom derivative with [DerivativeOf] instead",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor GeneratedNameTaken = Create(
        "ADG0007", "A member has the name of a generated derivative",
        "'{0}' has the name{1} of '{2}', which AutoDiffGen generates for [Differentiable] method '{3}'; rename one of them: no derivatives of '{3}' are generated while they clash",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnsupportedConstruct = Create(
        "ADG0101", "Unsupported construct in a [Differentiable] method",
        "{0} is not supported in a [Differentiable] method{1}",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor OutsideStateMutation = Create(
        "ADG0102", "A [Differentiable] method must not change state outside itself",
        "Assignment to '{0}' changes state outside the method; a [Differentiable] method may only assign its own locals and parameters, so assign a local and return its value if the caller needs it",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnsupportedOperator = Create(
        "ADG0103", "Unsupported operator",
        "Operator '{0}' on '{1}' is not supported in a [Differentiable] method; {2}",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor GenericMathConstraint = Create(
        "ADG0104", "A generic-math function needs a constraint its type parameter lacks",
        "'{0}' needs {1}, which the constraints of '{2}' do not give; add '{3}' to the constraints of '{2}' (IFloatingPointIeee754<{2}> gives every function)",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor NoDerivativeForCall = Create(
        "ADG0201", "No derivative is known for a called method",
        "No {0} is known for '{1}'; {2}register one with [DerivativeOf(typeof({3}), {4}, DerivativeKind.{5})]{6}, or pass only [NoDerivative] values to it{7}",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor CustomDerivativeShape = Create(
        "ADG0202", "A custom derivative has the wrong signature",
        "'{0}' is declared as the {1} of '{2}' but its signature does not match; expected: {3}",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor CustomDerivativeTargetNotFound = Create(
        "ADG0203", "The target of a custom derivative does not exist",
        "[DerivativeOf] names '{0}.{1}', but '{0}' has no static method '{1}' whose parameters match the first parameters of '{2}'; check the type and the method name, and begin '{2}' with the parameters of the target",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor ActiveArgumentForDataParameter = Create(
        "ADG0204", "A value with a derivative passed for a [NoDerivative] parameter",
        "The argument for parameter '{0}' of '{1}' carries a derivative, but '{0}' is [NoDerivative] and {2}, so that derivative would be lost; {3}",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor CalleeWithoutDerivatives = Create(
        "ADG0205", "A called [Differentiable] method has no derivatives",
        "'{0}' has no derivatives ({1}), so this call cannot be differentiated; fix '{0}' first",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor CustomDerivativeAwayFromStruct = Create(
        "ADG0206", "A custom derivative of a struct member is not declared in the struct",
        "'{0}' is declared as a derivative of '{2}', but calls of '{2}' are differentiated from its body, which is in this compilation, unless '{1}' itself declares the derivative; move '{0}' into '{1}', or remove it",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor NonDifferentiablePoint = Create(
        "ADG0301", "The derivative of this function is zero almost everywhere",
        "'{0}' is piecewise constant: its derivative is zero where defined and no gradient flows through it; if that is intended, suppress ADG0301 here, otherwise use a smooth approximation",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor UnusedActiveParameter = Create(
        "ADG0302", "An active parameter does not affect the result",
        "Parameter '{0}' of '{1}' does not affect the result, so its derivative is always zero; mark it [NoDerivative] if that is intended",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor DerivativeAlwaysZero = Create(
        "ADG0303", "The derivative is always zero",
        "No parameter of '{0}' that carries a derivative reaches its result, so every derivative is zero; check that the result is computed from them, not only compared with them, or mark them [NoDerivative] if they are data",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor NoSecondOrder = Create(
        "ADG0304", "Second-order derivatives are not available",
        "{0}Hessian and {0}HessianVectorProduct are not generated: {1}; to get them, register the missing pushforward with [DerivativeOf(…, DerivativeKind.Pushforward)]",
        DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor Kink = Create(
        "ADG0305", "A point where the derivative is not defined",
        "'{0}' is not differentiable {1}; the derivative used there is {2}",
        DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor OutputReadBeforeWritten = Create(
        "ADG0306", "An output span is read before the method writes it",
        "'{0}' may read the value that '{1}' held on entry: '{1}' is an output of '{2}', so its values on entry are treated as data and no derivative flows to them; if they are an input, pass it as a separate ReadOnlySpan<{3}> parameter and write the results into '{1}'",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor InternalError = Create(
        "ADG0901", "AutoDiffGen internal error",
        "AutoDiffGen could not generate derivatives for '{0}' ({1}): this is a bug in AutoDiffGen; please report it with the method's source",
        DiagnosticSeverity.Error);

    public static readonly IReadOnlyList<DiagnosticDescriptor> All = new[]
    {
        MethodNotStatic, TypeNotPartial, UnsupportedParameterType, UnsupportedReturnType, GenericMethod, NoBody, GeneratedNameTaken,
        UnsupportedConstruct, OutsideStateMutation, UnsupportedOperator, GenericMathConstraint,
        NoDerivativeForCall, CustomDerivativeShape, CustomDerivativeTargetNotFound, ActiveArgumentForDataParameter, CalleeWithoutDerivatives, CustomDerivativeAwayFromStruct,
        NonDifferentiablePoint, UnusedActiveParameter, DerivativeAlwaysZero, NoSecondOrder, Kink, OutputReadBeforeWritten,
        InternalError,
    };

    private static readonly Dictionary<string, DiagnosticDescriptor> byId = All.ToDictionary(d => d.Id);

    public static DiagnosticDescriptor ById(string id) => byId[id];
}
