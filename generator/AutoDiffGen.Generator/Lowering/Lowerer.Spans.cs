using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generator.Lowering;

/// <summary>
/// Span and array elements: which variable a span or an array is, reads of its elements (also from the end, <c>a[^k]</c>) and
/// writes into them, local arrays, and slices (<c>x[1..]</c>), which are reported.
/// </summary>
internal sealed partial class Lowerer
{
    // The spans and arrays (parameters and local arrays) by IR name, with their element types.
    private readonly Dictionary<string, IrType> containers = new();
    // The output spans and arrays (parameters the method writes) and the local arrays: the ones it may write.
    private readonly HashSet<string> outputs = new();
    private readonly HashSet<string> localArrays = new();
    // The slices (x[1..]) in the body, each reported once where it is (see ReportedSlice).
    private readonly List<IOperation> slices = new();
    private readonly HashSet<IOperation> reportedSlices = new();
    // The reads of output spans, where they are and as written: the source positions of OutputReads' warnings (ADG0306).
    private readonly Dictionary<ElementRead, LocationInfo?> outputReads = new(ReferenceComparer<ElementRead>.Instance);
    private readonly Dictionary<ElementRead, string> outputReadTexts = new(ReferenceComparer<ElementRead>.Instance);

    /// <summary>The IR name of a span or array: a parameter's or a local array's; null for anything else.</summary>
    private string? ContainerName(IOperation? reference) => reference switch
    {
        IParameterReferenceOperation p when containers.ContainsKey(p.Parameter.Name) => p.Parameter.Name,
        ILocalReferenceOperation l when names.TryGetValue(l.Local, out var name) && containers.ContainsKey(name) => name,
        _ => null,
    };

    /// <summary>The array and index of <c>a[i]</c> (an array element or a span indexer, also <c>a[^k]</c>), or null for another operation.</summary>
    private (string Array, IOperation Index)? ElementAccess(IOperation? op)
        => op is not null && Indexing(op) is { } element && ContainerName(element.Instance) is { } name ? (name, element.Index) : null;

    /// <summary>A read of <c>array[index]</c>, <paramref name="source"/> in the source; that of an output is kept with where it is (for ADG0306).</summary>
    private ElementRead Read(string array, Expr index, IOperation source)
    {
        var read = new ElementRead(new Var(array, containers[array]), index, containers[array]);
        if (outputs.Contains(array))
        {
            outputReads[read] = LocationInfo.From(source.Syntax);
            outputReadTexts[read] = SourceText(source);
        }
        return read;
    }

    /// <summary>An index into <paramref name="array"/>: <c>i</c>, or <c>^k</c>, which is <c>array.Length - k</c>.</summary>
    private Expr LowerIndex(string array, IOperation index)
        => FromEnd(index) is { } fromEnd
            ? new Binary(BinaryOp.Subtract, new Length(new Var(array, containers[array])), LowerExpression(fromEnd), IrType.Int)
            : LowerExpression(index);

    /// <summary>
    /// <c>double[] t = new double[n];</c>, <c>Span&lt;double&gt; t = stackalloc double[n];</c> or <c>new[] { a, b }</c>:
    /// a zeroed local array (the elements of an initializer stored into it). Declared at the top of the method
    /// only, so that one buffer serves the whole call.
    /// </summary>
    private void LowerLocalArray(IVariableDeclaratorOperation declarator, IOperation? value, IrType element, List<Stmt> into)
    {
        var symbol = declarator.Symbol;
        poisoned.Add(symbol);
        if (loops.Count > 0 || branches > 0)
        {
            Unsupported(declarator, $"A local array declared inside a {(loops.Count > 0 ? "loop" : "branch")} ('{symbol.Name}')", "; declare it at the top of the method and reuse it");
            return;
        }
        while (value is IConversionOperation { OperatorMethod: null } conversion) value = conversion.Operand;
        if (value is not null && ReportedSlice(value)) return;
        IOperation? size = null;
        IArrayInitializerOperation? initializer = null;
        bool stack = false;
        switch (value)
        {
            case IArrayCreationOperation { DimensionSizes.Length: 1 } created:
                size = created.DimensionSizes[0];
                initializer = created.Initializer;
                break;
            case { Syntax: StackAllocArrayCreationExpressionSyntax { Type: ArrayTypeSyntax { RankSpecifiers.Count: 1 } arrayType, Initializer: null } }
                when arrayType.RankSpecifiers[0].Sizes.Count == 1:
                var sizeSyntax = arrayType.RankSpecifiers[0].Sizes[0];
                size = value.Descendants().FirstOrDefault(d => d.Syntax == sizeSyntax);
                stack = true;
                break;
        }
        if (size is null || (initializer is not null && initializer.ElementValues.Any(e => e is IArrayInitializerOperation)))
        {
            Unsupported(value ?? declarator, $"This initializer of the local array '{symbol.Name}'", "; create it here with 'new double[n]', 'stackalloc double[n]' or 'new double[] { … }'");
            return;
        }
        var length = LowerExpression(size);
        if (length.Type != IrType.Int)
        {
            Unsupported(size, "An array length that is not an int", ConstructMessages.ArrayLengthHint);
            return;
        }
        poisoned.Remove(symbol);
        var name = Declare(symbol);
        containers[name] = element;
        localArrays.Add(name);
        into.Add(new DeclareArray(name, element, length, stack));
        if (initializer is null) return;
        for (int i = 0; i < initializer.ElementValues.Length; i++)
        {
            var item = IrBuilder.ConvertTo(LowerExpression(initializer.ElementValues[i]), element);
            if (item is not Const { Value: 0 }) into.Add(new StoreElement(name, IrBuilder.Constant(IrType.Int, i), item));
        }
    }

    /// <summary>Whether the method may write the elements of this array: an output parameter or a local array.</summary>
    private bool Writable(string array) => outputs.Contains(array) || localArrays.Contains(array);

    /// <summary><c>a[i] += v</c> adds into the element; <c>a[i] *= v</c> (and <c>/=</c>) reads it and stores the product.</summary>
    private void LowerElementUpdate(IOperation op, string array, Expr index, BinaryOperatorKind kind, Expr value, List<Stmt> into)
    {
        var type = containers[array];
        value = IrBuilder.ConvertTo(value, type);
        switch (kind)
        {
            case BinaryOperatorKind.Add:
                into.Add(new AccumulateElement(array, index, value));
                return;
            case BinaryOperatorKind.Subtract:
                into.Add(new AccumulateElement(array, index, IrBuilder.Neg(value)));
                return;
            case BinaryOperatorKind.Multiply or BinaryOperatorKind.Divide:
                var op2 = kind == BinaryOperatorKind.Multiply ? BinaryOp.Multiply : BinaryOp.Divide;
                into.Add(new StoreElement(array, index, new Binary(op2, Read(array, index, op is ICompoundAssignmentOperation compound ? compound.Target : op), value, type)));
                return;
            default:
                UnsupportedOperator(op, kind, type);
                return;
        }
    }

    /// <summary>
    /// The parts of an element access <c>a[i]</c> with one index (an array element, an indexer, or an index from the end or a
    /// range on a span): what is indexed, the index, and the member that has the length (for <c>a[^k]</c>); null for another operation.
    /// </summary>
    private static (IOperation Instance, IOperation Index, string Length)? Indexing(IOperation op) => op switch
    {
        IArrayElementReferenceOperation { Indices.Length: 1 } a => (a.ArrayReference, a.Indices[0], "Length"),
        IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1, Instance: { } instance } p => (instance, p.Arguments[0].Value, "Length"),
        IImplicitIndexerReferenceOperation x => (x.Instance, x.Argument, x.LengthSymbol.Name),
        _ => null,
    };

    /// <summary>The <c>k</c> of an index from the end, <c>^k</c>, or null for another index.</summary>
    private static IOperation? FromEnd(IOperation index)
    {
        while (index is IConversionOperation { IsImplicit: true } conversion) index = conversion.Operand;
        return index is IUnaryOperation { OperatorKind: UnaryOperatorKind.Hat } hat ? hat.Operand : null;
    }

    /// <summary>The range of a slice <c>x[a..b]</c>, or null for another operation.</summary>
    private static IRangeOperation? RangeOf(IOperation op)
    {
        if (Indexing(op) is not { } element) return null;
        var index = element.Index;
        while (index is IConversionOperation { IsImplicit: true } conversion) index = conversion.Operand;
        return index as IRangeOperation;
    }

    /// <summary>
    /// Whether a slice <c>x[a..b]</c> is (part of) a span passed to a method <see cref="Inlinable(IMethodSymbol)"/>, through
    /// conversions and other slices only: it is lowered as the argument it is (<see cref="Slice"/>), not reported.
    /// </summary>
    private static bool PassedToInlinable(IOperation slice)
    {
        for (var at = slice.Parent; at is not null; at = at.Parent)
        {
            switch (at)
            {
                case IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "AsSpan" or "Slice" } }:
                case IConversionOperation:
                case IInvocationOperation { TargetMethod.Name: "Slice" }:
                    continue;
                case var _ when RangeOf(at) is not null:
                    continue;
                case IArgumentOperation { Parent: IInvocationOperation call }:
                    return Inlinable(call.TargetMethod);
                default:
                    return false;
            }
        }
        return false;
    }

    /// <summary>
    /// Whether <paramref name="op"/> holds a slice <c>x[a..b]</c> (not supported): then the slice is reported, once, with the
    /// loop to write instead over the same elements, and nothing else about <paramref name="op"/> is.
    /// </summary>
    private bool ReportedSlice(IOperation op)
    {
        if (slices.Count == 0) return false;
        var slice = slices.FirstOrDefault(s => s.Syntax.SyntaxTree == op.Syntax.SyntaxTree && op.Syntax.Span.Contains(s.Syntax.Span));
        if (slice is null) return false;
        if (!reportedSlices.Add(slice)) return true;
        var range = RangeOf(slice)!;
        var array = SourceText(Indexing(slice)!.Value.Instance);
        string Bound(IOperation? bound, string whenAbsent) => bound is null ? whenAbsent
            : FromEnd(bound) is { } fromEnd ? array + ".Length - " + SourceText(fromEnd)
            : SourceText(bound is IConversionOperation { IsImplicit: true } c ? c.Operand : bound);
        Unsupported(slice, $"A range ('{SourceText(slice)}')",
            $"; index its elements in a loop instead: 'for (int i = {Bound(range.LeftOperand, "0")}; i < {Bound(range.RightOperand, array + ".Length")}; i++) … {array}[i] …' (a slice can be passed only to a static [Differentiable] method of this compilation)");
        return true;
    }
}
