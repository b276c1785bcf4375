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
/// Data parameters (<see cref="IrType.Data"/>): [NoDerivative] parameters of other types than the IR computes with, and
/// arrays and spans of integers or bools. The values read out of them (fields, properties, at most one element), passing
/// them on whole to a call, and what else is done with them, reported.
/// </summary>
internal sealed partial class Lowerer
{
    // The data parameters (IrType.Data): read through DataRead, passed on as they are.
    private readonly HashSet<ISymbol> data = new(SymbolEqualityComparer.Default);

    /// <summary>A data parameter as messages name it: "the [NoDerivative] parameter 'settings'", or "the data parameter 'indices'" for integer data without the attribute.</summary>
    private string DataDescription(string root)
        => data.Any(p => names[p] == root && !SymbolNames.HasAttribute(p, SymbolNames.NoDerivativeAttribute)) ? $"the data parameter '{root}'" : $"the [NoDerivative] parameter '{root}'";

    /// <summary>The data parameter that <paramref name="operand"/> passes whole (also through an implicit conversion, <c>int[]</c> to <c>ReadOnlySpan&lt;int&gt;</c>), or null.</summary>
    private IParameterSymbol? PassedData(IOperation operand)
    {
        while (operand is IConversionOperation { IsImplicit: true } conversion) operand = conversion.Operand;
        return operand is IParameterReferenceOperation { Parameter: var p } && data.Contains(p) ? p : null;
    }

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
                    return Unsupported(op, $"Reading '{SourceText(op)}' from {DataDescription(root)}", ConstructMessages.DataHint);
            }
        }
        // short, ushort, byte and sbyte are read as int: C# widens them to int wherever generated code uses them.
        var type = SymbolNames.DataValueType(op.Type);
        if (op is IParameterReferenceOperation) return Unsupported(op, $"Using {DataDescription(root)} as a value", ConstructMessages.DataHint);
        if (type is null)
        {
            return Unsupported(op, $"Reading '{SourceText(op)}', a '{op.Type?.ToDisplayString() ?? "?"}', from {DataDescription(root)}",
                op.Type?.SpecialType is SpecialType.System_Int64 or SpecialType.System_UInt32 or SpecialType.System_UInt64 ? ConstructMessages.WideIntegerHint : ConstructMessages.DataHint);
        }
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
            return Unsupported(op, $"Reading '{SourceText(op)}' from {DataDescription(root)}", ConstructMessages.DataHint);
        }
        return new DataRead(source, members.ToEquatableArray(), position, type.Value);
    }
}
