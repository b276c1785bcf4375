using System.Collections.Generic;
using AutoDiffGen.Generator.Helpers;
using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generator.Models;

/// <summary>
/// A diagnostic to report, kept as equatable data (descriptor id, location, message arguments). One found from syntax has its
/// <see cref="Location"/>; one found after lowering refers to a part of the method instead (<see cref="At"/>), which the
/// method's <see cref="SourceMap"/> locates when it is reported.
/// </summary>
internal sealed record DiagnosticInfo(string DescriptorId, LocationInfo? Location, EquatableArray<string> Arguments)
{
    /// <summary>The part of the method the diagnostic is at, when it was found after lowering (no position yet).</summary>
    public SourceRef? At { get; init; }

    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments)
        => new(descriptor.Id, location, EquatableArray.Of(arguments));

    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, SourceRef at, params string[] arguments)
        => new(descriptor.Id, null, EquatableArray.Of(arguments)) { At = at };

    /// <summary>The diagnostic, located in its syntax tree when the tree is among <paramref name="trees"/> (by file path).</summary>
    public Diagnostic ToDiagnostic(IReadOnlyDictionary<string, SyntaxTree> trees)
    {
        var descriptor = Diagnostics.DiagnosticDescriptors.ById(DescriptorId);
        Location location = Location is null
            ? Microsoft.CodeAnalysis.Location.None
            : trees.TryGetValue(Location.FilePath, out var tree) && Location.TextSpan.End <= tree.Length
                ? Microsoft.CodeAnalysis.Location.Create(tree, Location.TextSpan)
                : Location.ToLocation();
        return Diagnostic.Create(descriptor, location, Arguments.ToArrayOfObjects());
    }
}

internal static class EquatableArrayExtensions
{
    public static object[] ToArrayOfObjects(this EquatableArray<string> array)
    {
        var result = new object[array.Count];
        for (int i = 0; i < result.Length; i++) result[i] = array[i];
        return result;
    }
}
