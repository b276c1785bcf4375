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
    EquatableArray<ParamLocation> ParameterLocations)
{
    /// <summary>The method's parameters as signatures compare them (<see cref="Symbols.GeneratedMembers.ParameterKey"/>): the generated members begin with them.</summary>
    public EquatableArray<string> ParameterKeys { get; init; } = EquatableArray<string>.Empty;

    /// <summary>The user's members named like a generated member (ADG0007 where one clashes with it).</summary>
    public EquatableArray<NamedLikeGenerated> NamedLikeGenerated { get; init; } = EquatableArray<NamedLikeGenerated>.Empty;
}

/// <summary>Where a parameter is declared (for warnings about it).</summary>
internal sealed record ParamLocation(string Name, LocationInfo? Location);

/// <summary>
/// A member of the user's (in the method's type or a base type) with the <see cref="Name"/> of a member AutoDiffGen generates for
/// the method: how diagnostics name it, its parameters as signatures compare them (null when it is not a method), and where it is.
/// </summary>
internal sealed record NamedLikeGenerated(string Name, string Display, EquatableArray<string>? Parameters, LocationInfo? Location);

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
