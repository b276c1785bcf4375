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

    /// <summary>
    /// An element <c>a[i]</c> (an array element or a span indexer, also <c>a[^k]</c>): the array, the index as written, and for a
    /// local span that names part of an array (<see cref="LowerSpanLocal"/>), that part.
    /// </summary>
    private sealed record Access(string Array, IOperation Index, LocalView? View);

    /// <summary>The element <c>a[i]</c> names, or null for another operation.</summary>
    private Access? ElementAccess(IOperation? op)
    {
        if (op is null || Indexing(op) is not { } element) return null;
        if (ContainerName(element.Instance) is { } name) return new Access(name, element.Index, null);
        return ViewOf(element.Instance) is { } view ? new Access(view.Array, element.Index, view) : null;
    }

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

    /// <summary>
    /// The index into the array of an element: <c>i</c>, or <c>^k</c>, which is <c>a.Length - k</c>; through a local span that
    /// names part of an array, offset by where that part starts.
    /// </summary>
    private Expr LowerIndex(Access access)
    {
        if (access.View is { Otherwise: not null }) throw new System.InvalidOperationException("An index into a span chosen at run time is one per part (ReadElement, WriteElement).");
        Expr length = access.View is { } view ? view.Length : new Length(new Var(access.Array, containers[access.Array]));
        var index = FromEnd(access.Index) is { } fromEnd ? new Binary(BinaryOp.Subtract, length, LowerExpression(fromEnd), IrType.Int) : LowerExpression(access.Index);
        return access.View is { } part ? new Binary(BinaryOp.Add, part.Start, index, IrType.Int) : index;
    }

    // ------------------------------------------------------------------ local spans that name part of an array

    /// <summary>
    /// A local span that names elements of a span or array parameter or a local array (<c>Span&lt;double&gt; row =
    /// m.Slice(r * n, n)</c>, <c>var tail = x[1..]</c>, <c>ReadOnlySpan&lt;double&gt; all = x</c>): the array, and the locals
    /// that hold where the part starts and how long it is, set where the span is (re)assigned.
    /// </summary>
    /// <remarks>
    /// One chosen at run time (<c>Span&lt;double&gt; cur = layer == 0 ? input : state.Slice(k, n)</c>) names this part when
    /// <see cref="Condition"/> (a bool local, set where the span is declared) holds and <see cref="Otherwise"/> when not:
    /// each read is a <c>?:</c> of the two elements, each write an <c>if</c>.
    /// </remarks>
    private sealed record LocalView(string Array, Var Start, Var Length)
    {
        public Var? Condition { get; init; }

        public LocalView? Otherwise { get; init; }

        /// <summary>The part this names when <see cref="Condition"/> holds, alone.</summary>
        public LocalView WhenTrue => this with { Condition = null, Otherwise = null };

        /// <summary>Its length, chosen as the part is.</summary>
        public Expr LengthExpr => Otherwise is { } other ? new Ir.Conditional(Condition!, Length, other.Length, IrType.Int) : Length;
    }

    private readonly Dictionary<ILocalSymbol, LocalView> localViews = new(SymbolEqualityComparer.Default);

    /// <summary>The part of an array a local span names, or null if <paramref name="op"/> is not such a local.</summary>
    private LocalView? ViewOf(IOperation? op)
    {
        while (op is IConversionOperation { IsImplicit: true } conversion) op = conversion.Operand;
        return op is ILocalReferenceOperation local && localViews.TryGetValue(local.Local, out var view) ? view : null;
    }

    /// <summary>
    /// Whether a local span's initial value names elements of an array: a span, a slice of one, or such a local; or one of
    /// two of those, chosen by a condition.
    /// </summary>
    private bool IsSpanView(IOperation? value)
    {
        while (value is IConversionOperation { IsImplicit: true } conversion) value = conversion.Operand;
        if (value is IConditionalOperation { WhenFalse: { } whenFalse } chosen) return IsSpanView(chosen.WhenTrue) && IsSpanView(whenFalse);
        return value is not null and not IArrayCreationOperation && value.Syntax is not StackAllocArrayCreationExpressionSyntax && SpanView(value, lower: false) is not null;
    }

    /// <summary>
    /// <c>Span&lt;double&gt; row = m.Slice(r * n, n);</c>: the start and the length of the part, in int locals of their own;
    /// for <c>c ? a : b.Slice(k, n)</c>, the condition in a bool local too, and each part's.
    /// </summary>
    private void LowerSpanLocal(IVariableDeclaratorOperation declarator, IOperation value, List<Stmt> into)
    {
        var name = Declare(declarator.Symbol);
        while (value is IConversionOperation { IsImplicit: true } conversion) value = conversion.Operand;
        if (value is IConditionalOperation { WhenFalse: { } whenFalse } chosen)
        {
            var condition = new Var(allocator.Fresh(name + "Chosen"), IrType.Bool);
            into.Add(new Declare(condition.Name, IrType.Bool, LowerExpression(chosen.Condition)));
            var whenTrue = Part(name, SpanView(chosen.WhenTrue)!.Value, into);
            localViews[declarator.Symbol] = whenTrue with { Condition = condition, Otherwise = Part(name, SpanView(whenFalse)!.Value, into) };
            return;
        }
        localViews[declarator.Symbol] = Part(name, SpanView(value)!.Value, into);
    }

    private LocalView Part(string name, (string Array, Expr? Start, Expr? Length) view, List<Stmt> into)
    {
        var start = new Var(allocator.Fresh(name + "Start"), IrType.Int);
        var length = new Var(allocator.Fresh(name + "Length"), IrType.Int);
        into.Add(new Declare(start.Name, IrType.Int, view.Start ?? new Const(IrType.Int, 0)));
        into.Add(new Declare(length.Name, IrType.Int, ViewLength(view)));
        return new LocalView(view.Array, start, length);
    }

    /// <summary>A read of an element, of the part a local span chosen at run time names as a <c>?:</c>.</summary>
    private Expr ReadElement(Access access, IOperation source)
    {
        if (access.View is { Otherwise: { } other } view)
        {
            var first = Read(access.Array, LowerIndex(access with { View = view.WhenTrue }), source);
            var second = Read(other.Array, LowerIndex(new Access(other.Array, access.Index, other)), source);
            return new Ir.Conditional(view.Condition!, first, second, containers[access.Array]);
        }
        return Read(access.Array, LowerIndex(access), source);
    }

    /// <summary>Whether the method may write the element an access names (both parts, for a local span chosen at run time).</summary>
    private bool WritableAccess(Access access) => Writable(access.Array) && (access.View?.Otherwise is not { } other || Writable(other.Array));

    /// <summary>A write of an element by <paramref name="write"/>; into a local span chosen at run time, an <c>if</c> of the two writes.</summary>
    private void WriteElement(Access access, List<Stmt> into, System.Action<string, Expr, List<Stmt>> write)
    {
        if (access.View is { Otherwise: { } other } view)
        {
            var then = new List<Stmt>();
            write(access.Array, LowerIndex(access with { View = view.WhenTrue }), then);
            var otherwise = new List<Stmt>();
            write(other.Array, LowerIndex(new Access(other.Array, access.Index, other)), otherwise);
            into.Add(new If(view.Condition!, new Block(then.ToEquatableArray()), new Block(otherwise.ToEquatableArray())));
            return;
        }
        write(access.Array, LowerIndex(access), into);
    }

    /// <summary>
    /// <c>row = m.Slice(k, n);</c>: a local span made to name another part of the same array (another array is reported:
    /// the derivatives follow one array per local span).
    /// </summary>
    private void LowerSpanLocalAssignment(ISimpleAssignmentOperation assignment, LocalView local, List<Stmt> into)
    {
        if (local.Otherwise is not null)
        {
            Unsupported(assignment, $"Making the local span '{SourceText(assignment.Target)}', chosen at run time, name something else",
                "; declare another local span for it");
            return;
        }
        if (SpanView(assignment.Value) is not { } view || view.Array != local.Array)
        {
            Unsupported(assignment, $"Making the local span '{SourceText(assignment.Target)}' name another array ('{SourceText(assignment.Value)}')",
                "; a local span names parts of one array: declare another local span for the other array");
            return;
        }
        // Both are computed before either is assigned: the new length may read the old start.
        var start = view.Start ?? new Const(IrType.Int, 0);
        var length = ViewLength(view);
        var newStart = new Var(allocator.Fresh(local.Start.Name), IrType.Int);
        into.Add(new Declare(newStart.Name, IrType.Int, start));
        into.Add(new Assign(local.Length.Name, length));
        into.Add(new Assign(local.Start.Name, newStart));
    }

    /// <summary>
    /// <c>double[] t = new double[n];</c>, <c>Span&lt;double&gt; t = stackalloc double[n];</c> or <c>new[] { a, b }</c>:
    /// a zeroed local array (the elements of an initializer stored into it). Declared at the top of the method
    /// only, so that one buffer serves the whole call.
    /// </summary>
    private void LowerLocalArray(IVariableDeclaratorOperation declarator, IOperation? value, IrType element, List<Stmt> into)
    {
        var symbol = declarator.Symbol;
        poisoned.Add(symbol);
        // After a return, the rest of the method becomes the branch where it was not taken (ReturnNormalization): an array
        // declared there is nested too.
        bool nested = loops.Count > 0 || branches > 0 || returned;
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
        if (size is null && value is not null and not IArrayCreationOperation && value.Syntax is not StackAllocArrayCreationExpressionSyntax)
        {
            // Not a new array: a span chosen at run time (b ? x : y), or a call's result.
            Unsupported(value, $"A local span bound to '{SourceText(value)}'",
                "; bind it to a span or array parameter, a local array, or a slice of one ('x.Slice(i, n)', 'x[a..b]'); to choose between arrays, index each in its own branch");
            return;
        }
        if (size is null || (initializer is not null && initializer.ElementValues.Any(e => e is IArrayInitializerOperation)))
        {
            Unsupported(value ?? declarator, $"This initializer of the local array '{symbol.Name}'", "; create it here with 'new double[n]', 'stackalloc double[n]' or 'new double[] { … }'");
            return;
        }
        if (nested && !FixedByParameters(size))
        {
            var where = loops.Count > 0 ? "inside a loop" : branches > 0 ? "inside a branch" : "after a return";
            Unsupported(declarator, $"A local array declared {where} whose length is not fixed by the parameters ('{symbol.Name}')",
                "; give it a length computed from parameters and constants only (it is then allocated once, at the top), or declare it at the top of the method and reuse it");
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
        if (nested)
        {
            // One buffer for the whole call, at the top (generated code takes it from a pool or the stack once); where the
            // source declares it, it is zeroed, as a new array is each time.
            hoistedArrays.Add(new DeclareArray(name, element, length, stack));
            into.Add(IrBuilder.ZeroElements(name, element, allocator.Fresh("k")));
        }
        else
        {
            into.Add(new DeclareArray(name, element, length, stack));
        }
        if (initializer is null) return;
        for (int i = 0; i < initializer.ElementValues.Length; i++)
        {
            var item = IrBuilder.ConvertTo(LowerExpression(initializer.ElementValues[i]), element);
            if (item is not Const { Value: 0 }) into.Add(new StoreElement(name, IrBuilder.Constant(IrType.Int, i), item));
        }
    }

    // Whether a return was lowered: the statements after it are in effect in a branch.
    private bool returned;

    // The local arrays declared in a loop or a branch, declared at the top of the body instead (see LowerLocalArray).
    private readonly List<Stmt> hoistedArrays = new();

    // The parameters the body assigns: a length that reads one is not fixed by the parameters.
    private readonly HashSet<IParameterSymbol> assignedParameters = new(SymbolEqualityComparer.Default);

    /// <summary>
    /// Whether a length is computed from constants, parameters the body never assigns, and their lengths only: the same
    /// wherever in the body it is evaluated, so the array can be allocated once at the top.
    /// </summary>
    private bool FixedByParameters(IOperation size)
        => new[] { size }.Concat(size.Descendants()).All(op => op.ConstantValue.HasValue || op switch
        {
            IParameterReferenceOperation p => !assignedParameters.Contains(p.Parameter),
            IPropertyReferenceOperation { Property.Name: "Length", Instance: IParameterReferenceOperation } => true,
            IBinaryOperation { OperatorMethod: null } or IConversionOperation { OperatorMethod: null } or IParenthesizedOperation => true,
            _ => false,
        });

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
        if (RangeCopiesArray(slice)) return false;
        for (var at = slice.Parent; at is not null; at = at.Parent)
        {
            switch (at)
            {
                case IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "AsSpan" or "Slice" } }:
                case IConversionOperation:
                case IInvocationOperation { TargetMethod.Name: "Slice" }:
                    continue;
                case var _ when RangeOf(at) is not null && !RangeCopiesArray(at):
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
        if (RangeCopiesArray(slice) && ContainerName(Indexing(slice)!.Value.Instance) is not null)
        {
            Unsupported(slice, $"A range of an array ('{SourceText(slice)}'), which copies it,",
                $"; to pass part of the array itself, take a span of it: '{array}.AsSpan(i, n)' or '{array}.AsSpan(i)'; to read its elements, index them in a loop");
            return true;
        }
        string Bound(IOperation? bound, string whenAbsent) => bound is null ? whenAbsent
            : FromEnd(bound) is { } fromEnd ? array + ".Length - " + SourceText(fromEnd)
            : SourceText(bound is IConversionOperation { IsImplicit: true } c ? c.Operand : bound);
        Unsupported(slice, $"A range ('{SourceText(slice)}')",
            $"; index its elements in a loop instead: 'for (int i = {Bound(range.LeftOperand, "0")}; i < {Bound(range.RightOperand, array + ".Length")}; i++) … {array}[i] …' (a slice can be passed only to a static [Differentiable] method of this compilation)");
        return true;
    }
}
