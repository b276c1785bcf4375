using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generator.Lowering;

/// <summary>
/// [NoDerivative] parameters of other types than the IR computes with (<see cref="IrType.Data"/>): the values read out of
/// them (fields, properties, at most one element) and what else is done with them, reported.
/// </summary>
internal sealed partial class Lowerer
{
    // The data parameters (IrType.Data): read through DataRead, passed on as they are.
    private readonly HashSet<ISymbol> data = new(SymbolEqualityComparer.Default);

    /// <summary>The data parameter an operation reads: the parameter itself, or through its fields, properties and elements; null for anything else.</summary>
    private string? DataRoot(IOperation? op) => op switch
    {
        IParameterReferenceOperation { Parameter: var p } when data.Contains(p) => names[p],
        IFieldReferenceOperation { Instance: { } instance } => DataRoot(instance),
        IPropertyReferenceOperation { Instance: { } instance } => DataRoot(instance),
        IArrayElementReferenceOperation element => DataRoot(element.ArrayReference),
        IImplicitIndexerReferenceOperation element => DataRoot(element.Instance),
        _ => null,
    };

    /// <summary>
    /// A value read out of the data parameter <paramref name="root"/>: its fields and properties, then at most one element
    /// (<c>indices[i]</c>, <c>indices[^1]</c>), of a type the IR computes with. Anything else done with it is reported.
    /// </summary>
    private Expr LowerDataRead(IOperation op, string root)
    {
        var indexing = Indexing(op);
        var (instance, index, length) = indexing is { } element ? (element.Instance, element.Index, element.Length) : (op, null, "");
        var members = new List<string>();
        for (var at = instance; at is not IParameterReferenceOperation;)
        {
            switch (at)
            {
                case IFieldReferenceOperation { Instance: { } inner } field:
                    members.Insert(0, field.Field.Name);
                    at = inner;
                    continue;
                case IPropertyReferenceOperation { Instance: { } inner, Property.IsIndexer: false } property:
                    members.Insert(0, property.Property.Name);
                    at = inner;
                    continue;
                default:
                    return Unsupported(op, $"Reading '{SourceText(op)}' from the [NoDerivative] parameter '{root}'", ConstructMessages.DataHint);
            }
        }
        var type = SymbolNames.ToIrType(op.Type);
        if (op is IParameterReferenceOperation) return Unsupported(op, $"Using the [NoDerivative] parameter '{root}' as a value", ConstructMessages.DataHint);
        if (type is null) return Unsupported(op, $"Reading '{SourceText(op)}', a '{op.Type?.ToDisplayString() ?? "?"}', from the [NoDerivative] parameter '{root}'", ConstructMessages.DataHint);
        var source = new Var(root, IrType.Data);
        if (index is null) return new DataRead(source, members.ToEquatableArray(), null, type.Value);
        Expr position;
        if (FromEnd(index) is { } fromEnd)
        {
            // indices[^k] is indices[indices.Length - k].
            var size = new DataRead(source, members.Concat(new[] { length }).ToEquatableArray(), null, IrType.Int);
            position = new Binary(BinaryOp.Subtract, size, LowerExpression(fromEnd), IrType.Int);
        }
        else if (TypeOf(index) == IrType.Int)
        {
            position = LowerExpression(index);
        }
        else
        {
            return Unsupported(op, $"Reading '{SourceText(op)}' from the [NoDerivative] parameter '{root}'", ConstructMessages.DataHint);
        }
        return new DataRead(source, members.ToEquatableArray(), position, type.Value);
    }
}
