using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generator.Lowering;

/// <summary>
/// Data parameters (<see cref="IrType.Data"/>): [NoDerivative] parameters of other types than the IR computes with, and
/// arrays and spans of integers or bools, and an instance method's own object (<c>this</c>). The values read out of them
/// (fields, properties, at most one element), passing them on whole to a call, and what else is done with them, reported.
/// </summary>
internal sealed partial class Lowerer
{
    // The data parameters (IrType.Data): read through DataRead, passed on as they are.
    private readonly HashSet<ISymbol> data = new(SymbolEqualityComparer.Default);

    // For an instance method, its type: its object ('this') is data too, whose fields and auto-properties are read through
    // DataRead from DataRead.Object. Null for a static method.
    private INamedTypeSymbol? thisType;

    /// <summary>A data parameter as messages name it: "the [NoDerivative] parameter 'settings'", or "the data parameter 'indices'" for integer data without the attribute.</summary>
    private string DataDescription(string root)
        => root == DataRead.This ? "this object"
            : data.Any(p => names[p] == root && !SymbolNames.HasAttribute(p, SymbolNames.NoDerivativeAttribute)) ? $"the data parameter '{root}'" : $"the [NoDerivative] parameter '{root}'";

    /// <summary>What a message about reading data says may be read: of a data parameter, or of the method's object.</summary>
    private static string DataHintFor(string root) => root == DataRead.This ? ConstructMessages.ThisHint : ConstructMessages.DataHint;

    /// <summary>
    /// Whether <paramref name="op"/> is the object of the instance method being lowered (<c>this</c>, written or implied). Not
    /// <c>base</c>: generated code reads through <c>this</c>, which a member of the same name in this type would hide it behind.
    /// </summary>
    private bool IsThis(IOperation? op)
        => thisType is not null && members.Count == 0 && op is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } instance
            && instance.Syntax is not BaseExpressionSyntax;

    /// <summary>The data parameter that <paramref name="operand"/> passes whole (also through an implicit conversion, <c>int[]</c> to <c>ReadOnlySpan&lt;int&gt;</c>), or null.</summary>
    private IParameterSymbol? PassedData(IOperation operand)
    {
        while (operand is IConversionOperation { IsImplicit: true } conversion) operand = conversion.Operand;
        return operand is IParameterReferenceOperation { Parameter: var p } && data.Contains(p) ? p : null;
    }

    /// <summary>Whether <paramref name="operand"/> passes the instance method's object whole (<c>Score(this, x)</c>, also converted to a base type), as data.</summary>
    private bool PassedThis(IOperation operand)
    {
        while (operand is IConversionOperation { IsImplicit: true } conversion) operand = conversion.Operand;
        return IsThis(operand);
    }

    /// <summary>The data parameter an operation reads: the parameter itself, or through its fields, properties and elements; null for anything else.</summary>
    private string? DataRoot(IOperation? op) => op switch
    {
        IParameterReferenceOperation { Parameter: var p } when data.Contains(p) => names[p],
        IInstanceReferenceOperation when IsThis(op) => DataRead.This,
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
        for (var at = instance; at is not (IParameterReferenceOperation or IInstanceReferenceOperation);)
        {
            switch (at)
            {
                case IFieldReferenceOperation { Instance: { } inner } field:
                    members.Insert(0, field.Field.Name);
                    at = inner;
                    continue;
                case IPropertyReferenceOperation { Instance: { } inner, Property.IsIndexer: false } property:
                    // The object's own properties are read only when they are stored (auto-properties): generated code may read
                    // one several times, and a getter that computes could give another value each time.
                    if (IsThis(inner) && !SymbolNames.IsAutoProperty(property.Property))
                    {
                        return Unsupported(at, $"Reading the property '{property.Property.Name}', which is computed (not an auto-property),", ConstructMessages.ComputedPropertyHint(property.Property.Name));
                    }
                    members.Insert(0, property.Property.Name);
                    at = inner;
                    continue;
                default:
                    return Unsupported(op, $"Reading '{SourceText(op)}' from {DataDescription(root)}", DataHintFor(root));
            }
        }
        // short, ushort, byte and sbyte are read as int: C# widens them to int wherever generated code uses them.
        var type = SymbolNames.DataValueType(op.Type);
        if (op is IParameterReferenceOperation) return Unsupported(op, $"Using {DataDescription(root)} as a value", ConstructMessages.DataHint);
        if (op is IInstanceReferenceOperation) return Unsupported(op, "Using 'this' as a value", ConstructMessages.ThisHint);
        if (root == DataRead.This && index is not null && members.Count == 0)
        {
            // this[i]: the type's own indexer, code that generated code would run again.
            return Unsupported(op, $"Indexing this object ('{SourceText(op)}')", ConstructMessages.ThisHint);
        }
        if (type is null)
        {
            return Unsupported(op, $"Reading '{SourceText(op)}', a '{op.Type?.ToDisplayString() ?? "?"}', from {DataDescription(root)}",
                op.Type?.SpecialType is SpecialType.System_Int64 or SpecialType.System_UInt32 or SpecialType.System_UInt64 ? ConstructMessages.WideIntegerHint : DataHintFor(root));
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
