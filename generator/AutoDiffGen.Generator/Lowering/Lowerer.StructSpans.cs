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
/// Lowering of spans and arrays of structs (<see cref="Symbols.StructShapes.Elements"/>): the IR sees each as a span of the
/// structs' leaves laid end to end, element i's at i·size + k. This part: writing elements and their fields, and <c>foreach</c>.
/// </summary>
internal sealed partial class Lowerer
{
    // The spans and arrays of structs: the IR sees each as a span of their leaves laid end to end.
    private readonly Dictionary<string, StructShape> structSpans = new();

    /// <summary>How many structs a span of them holds: its length over the structs' size (<c>positions.Length</c>).</summary>
    private Expr StructCount(string array)
        => new Binary(BinaryOp.Divide, new Length(new Var(array, containers[array])), new Const(IrType.Int, structSpans[array].Size), IrType.Int);

    /// <summary>The index of the first leaf of the element <c>array[index]</c> (<c>i·size</c>; <c>^k</c> counts from the last struct).</summary>
    private Expr FirstLeaf(string array, IOperation index)
        => FirstLeaf(array, FromEnd(index) is { } fromEnd ? new Binary(BinaryOp.Subtract, StructCount(array), LowerExpression(fromEnd), IrType.Int) : LowerExpression(index));

    private Expr FirstLeaf(string array, Expr index) => new Binary(BinaryOp.Multiply, index, new Const(IrType.Int, structSpans[array].Size), IrType.Int);

    /// <summary>The index of leaf <paramref name="k"/> of the element whose first leaf is at <paramref name="first"/>.</summary>
    private static Expr LeafAt(Expr first, int k) => k == 0 ? first : new Binary(BinaryOp.Add, first, new Const(IrType.Int, k), IrType.Int);

    /// <summary>Reads the leaves of the element whose first leaf is at <paramref name="first"/>.</summary>
    private Expr[] ReadLeaves(string array, Expr first, IOperation source)
        => Enumerable.Range(0, structSpans[array].Size).Select(k => (Expr)Read(array, LeafAt(first, k), source)).ToArray();

    /// <summary>
    /// An element of a span of structs that the method writes (<c>y[i]</c>): the span and the index of the element's first leaf
    /// (<c>i·size</c>); null for another target. Writing a span the method only reads is reported.
    /// </summary>
    private (string Array, Expr First)? StructElement(IOperation target)
    {
        if (Indexing(target) is not { } element || ContainerName(element.Instance) is not { } array || !structSpans.ContainsKey(array)) return null;
        if (!Writable(array))
        {
            Unsupported(target, $"Assigning to '{SourceText(target)}', an element of a span the method reads,", "; write into a Span<T> or array parameter that is an output, or a local");
            return (array, Error);
        }
        return (array, FirstLeaf(array, element.Index));
    }

    /// <summary>A scalar field of an element of a span of structs that the method writes (<c>y[i].X</c>): the span and the leaf's index; null otherwise.</summary>
    private (string Array, Expr Index)? StructElementLeaf(IOperation target)
    {
        if (MemberOf(target) is not { } member || member.Shape.Members[member.Index].Nested is not null || StructElement(member.Instance) is not { } element) return null;
        return (element.Array, LeafAt(element.First, member.Shape.Range(member.Index).Start));
    }

    /// <summary>Stores a struct's leaves into an element of a span of structs: through temporaries when they read the span (<c>y[i] = new(y[i].Y, y[i].X)</c>).</summary>
    private void StoreStruct(string array, Expr first, Expr[] values, List<Stmt> into)
    {
        var type = containers[array];
        bool readsArray = values.Any(v => IrWalker.ReadsAny(v, new HashSet<string> { array }));
        var sources = new Expr[values.Length];
        for (int k = 0; k < values.Length; k++)
        {
            sources[k] = IrBuilder.ConvertTo(values[k], type);
            if (!readsArray || sources[k] is Const) continue;
            var temp = allocator.Fresh(array + "_" + k);
            into.Add(new Declare(temp, type, sources[k]));
            sources[k] = new Var(temp, type);
        }
        for (int k = 0; k < values.Length; k++) into.Add(new StoreElement(array, LeafAt(first, k), sources[k]));
    }

    /// <summary>The span of structs a <c>foreach</c> walks by value (<c>foreach (var p in positions)</c>), or null.</summary>
    private string? ForEachOverStructs(IForEachLoopOperation loop)
    {
        var collection = loop.Collection;
        while (collection is IConversionOperation { IsImplicit: true } conversion) collection = conversion.Operand;
        return ContainerName(collection) is { } name && structSpans.ContainsKey(name)
            && loop.LoopControlVariable is IVariableDeclaratorOperation { Symbol.RefKind: RefKind.None } ? name : null;
    }

    /// <summary><c>foreach (var p in positions)</c>: a loop over the elements, <c>p</c>'s leaves declared from element i's at each iteration.</summary>
    private void LowerForEachOverStructs(IForEachLoopOperation loop, string source, List<Stmt> into)
    {
        var syntax = (ForEachStatementSyntax)loop.Syntax;
        into.Add(new Comment($"foreach ({syntax.Type} {syntax.Identifier} in {syntax.Expression})"));
        var variable = ((IVariableDeclaratorOperation)loop.LoopControlVariable).Symbol;
        var shape = structSpans[source];
        var index = new Var(allocator.Fresh(variable.Name + "_index"), IrType.Int);
        var head = new List<Stmt>();
        DeclareStruct(variable, shape, ReadLeaves(source, FirstLeaf(source, index), loop.Collection), head);
        LowerLoop(loop, index.Name, IrBuilder.Constant(IrType.Int, 0), StructCount(source), null, false, new Block(head.ToEquatableArray()), into);
    }
}
