using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Models;

/// <summary>A type that contains the method: <c>partial {Keyword} {Name}{TypeParameters}</c>.</summary>
internal sealed record ContainingType(string Keyword, string Name, string TypeParameters);

/// <summary>
/// A [Differentiable] method after lowering: where to generate (namespace, containing types), how
/// (accessibility, documentation names), what (the IR, or null when lowering failed) and the
/// diagnostics found so far.
/// </summary>
internal sealed record MethodModel(
    string? Namespace,
    EquatableArray<ContainingType> ContainingTypes,
    string Name,
    string Accessibility,
    string Signature,
    string HintName,
    Function? Ir,
    EquatableArray<DiagnosticInfo> Diagnostics,
    LocationInfo? Location,
    EquatableArray<ParamLocation> ParameterLocations);

/// <summary>Where a parameter is declared (for warnings about it).</summary>
internal sealed record ParamLocation(string Name, LocationInfo? Location);

/// <summary>
/// A [DerivativeOf] registration: the method <see cref="Derivative"/> (fully qualified) is the
/// <see cref="Kind"/> of the method with key <see cref="TargetKey"/>.
/// </summary>
internal sealed record Registration(string TargetKey, DerivativeKindInfo Kind, string Derivative, string DerivativeKey);

internal enum DerivativeKindInfo
{
    Pullback = 0,
    Pushforward = 1,
}

/// <summary>A registration together with the diagnostics found while reading it.</summary>
internal sealed record RegistrationResult(Registration? Registration, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>What the generator outputs for one method: a file (or none) and diagnostics.</summary>
internal sealed record GeneratedFile(string HintName, string? Text, EquatableArray<DiagnosticInfo> Diagnostics);
