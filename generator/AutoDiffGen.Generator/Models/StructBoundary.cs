using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Lowering;
using AutoDiffGen.Generator.Symbols;
using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generator.Models;

/// <summary>
/// What the public overloads of a method's generated members need to take and give structs where the IR has their scalars
/// (<see cref="Emit.StructWrappers"/>): the method's struct parameters, and the parts of its result.
/// </summary>
/// <param name="Parameters">Each struct parameter: its name and shape (its leaves are the parameters whose <c>Origin</c> names it).</param>
/// <param name="Results">The parts of the result, in order: a struct (its leaves are results in turn) or one scalar (null); empty when no part is a struct.</param>
/// <param name="ResultType">The result's C# type, fully qualified.</param>
internal sealed record StructBoundary(EquatableArray<StructParameter> Parameters, EquatableArray<StructShape?> Results, string ResultType)
{
    /// <summary>The struct parameters and results of <paramref name="method"/>, or null when it has none.</summary>
    public static StructBoundary? Of(IMethodSymbol method)
    {
        var parameters = method.Parameters.Where(p => p.RefKind == RefKind.None && (StructShapes.Of(p.Type) is not null || StructShapes.Elements(p.Type) is not null))
            .Select(p => StructShapes.Elements(p.Type) is { } elements ? new StructParameter(p.Name, elements.Shape) { Leaf = elements.Leaf, Declared = SymbolNames.FullyQualified(p.Type) } : new StructParameter(p.Name, StructShapes.Of(p.Type)!))
            .ToEquatableArray();
        var results = method.ReturnsVoid ? null : MethodAnalysis.StructResults(method.ReturnType);
        if (MethodAnalysis.ActiveThis(method) is { } self) parameters = new[] { new StructParameter(Ir.StructOrigin.This, self) }.Concat(parameters).ToEquatableArray();
        if (parameters.Count == 0 && results is null) return null;
        return new StructBoundary(parameters, (results?.Select(r => r.Shape) ?? Enumerable.Empty<StructShape?>()).ToEquatableArray(),
            SymbolNames.FullyQualified(method.ReturnType));
    }

    public StructShape? Shape(string parameter) => Parameters.FirstOrDefault(p => p.Name == parameter)?.Shape;
}

/// <summary>A struct parameter of a method (or a span or array of structs): its name and shape.</summary>
internal sealed record StructParameter(string Name, StructShape Shape)
{
    /// <summary>For a span or array of structs, the type of their leaves (the IR's element type); null for a struct.</summary>
    public Ir.IrType? Leaf { get; init; }

    /// <summary>For a span or array of structs, its C# type as the method declares it (<c>global::System.ReadOnlySpan&lt;global::System.Numerics.Vector3&gt;</c>).</summary>
    public string? Declared { get; init; }
}
