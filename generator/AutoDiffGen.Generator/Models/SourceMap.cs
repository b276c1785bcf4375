using AutoDiffGen.Generator.Helpers;

namespace AutoDiffGen.Generator.Models;

/// <summary>
/// Where a lowered method and what its IR and diagnostics refer to are in the source. It is kept beside the
/// <see cref="MethodModel"/>, not in it: the model (the IR, names, keys) compares equal when only positions changed (a line
/// added above the method), so the generator's steps after lowering are cached, and positions are looked up only when a
/// diagnostic is reported (<see cref="Locate(DiagnosticInfo)"/>).
/// </summary>
/// <param name="Method">The method's name in its declaration.</param>
/// <param name="Parameters">Each parameter's declaration, in the method's order.</param>
/// <param name="Sites">Each site of the IR (<see cref="Ir.CallTarget.Site"/>, <see cref="Ir.SourceCall.Site"/>), by number.</param>
/// <param name="NamedLikeGenerated">Each of the model's <see cref="MethodModel.NamedLikeGenerated"/> members, in its order.</param>
internal sealed record SourceMap(
    LocationInfo? Method,
    EquatableArray<LocationInfo?> Parameters,
    EquatableArray<LocationInfo?> Sites,
    EquatableArray<LocationInfo?> NamedLikeGenerated)
{
    /// <summary>The site of IR made by a transform rather than lowered from the source.</summary>
    public const int NoSite = -1;

    public LocationInfo? Locate(SourceRef reference) => reference.Kind switch
    {
        SourceRefKind.Parameter => At(Parameters, reference.Index),
        SourceRefKind.Site => At(Sites, reference.Index),
        // A member only inherited from metadata has no place in the source: the method's is used.
        SourceRefKind.NamedLikeGenerated => At(NamedLikeGenerated, reference.Index) ?? Method,
        _ => Method,
    };

    /// <summary>The diagnostic with its position, when it refers to a part of the method (<see cref="DiagnosticInfo.At"/>).</summary>
    public DiagnosticInfo Locate(DiagnosticInfo diagnostic)
        => diagnostic.At is { } reference ? diagnostic with { Location = Locate(reference), At = null } : diagnostic;

    private static LocationInfo? At(EquatableArray<LocationInfo?> locations, int index) => index >= 0 && index < locations.Count ? locations[index] : null;
}

/// <summary>What a diagnostic found after lowering refers to, by identity rather than position (see <see cref="SourceMap"/>).</summary>
internal readonly record struct SourceRef(SourceRefKind Kind, int Index)
{
    public static SourceRef Method => new(SourceRefKind.Method, 0);

    public static SourceRef Parameter(int index) => new(SourceRefKind.Parameter, index);

    public static SourceRef Site(int site) => new(SourceRefKind.Site, site);

    public static SourceRef NamedLikeGenerated(int index) => new(SourceRefKind.NamedLikeGenerated, index);
}

internal enum SourceRefKind
{
    Method,
    Parameter,
    Site,
    NamedLikeGenerated,
}

/// <summary>
/// A [Differentiable] method after lowering: the <see cref="Model"/> that generation works from (no positions), where its
/// parts are in the source, and what lowering reported (located already: it is made from syntax).
/// </summary>
internal sealed record LoweredMethod(MethodModel Model, SourceMap Sources, EquatableArray<DiagnosticInfo> Diagnostics);
