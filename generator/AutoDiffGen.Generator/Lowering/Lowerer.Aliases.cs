using System.Collections.Generic;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generator.Lowering;

/// <summary>
/// <c>ref</c> locals: what one stands for (a variable, or an element whose index was fixed where the reference was taken),
/// so that its reads and writes are lowered as reads and writes of that.
/// </summary>
internal sealed partial class Lowerer
{
    /// <summary>
    /// What a <c>ref</c> local stands for: another variable (<c>ref double r = ref acc;</c>), or one element of a span or
    /// an array whose index was fixed where the reference was taken (<c>ref double r = ref a[i];</c>, kept in a local of its
    /// own when it is not a constant). Reads and writes of the local are reads and writes of that.
    /// </summary>
    private sealed record Alias(string? Variable, string? Array, Expr? Index);

    private readonly Dictionary<ILocalSymbol, Alias> aliases = new(SymbolEqualityComparer.Default);

    /// <summary>
    /// <c>ref double r = ref acc;</c> or <c>ref double r = ref a[i];</c>: an alias (see <see cref="Alias"/>), nothing in the IR
    /// by itself. Anything else a reference could be bound to is reported.
    /// </summary>
    private void LowerRefLocal(IVariableDeclaratorOperation declarator, IOperation? value, List<Stmt> into)
    {
        var symbol = declarator.Symbol;
        if (AliasOf(value) is { } alias)
        {
            aliases[symbol] = alias;
            return;
        }
        if (value is not null && StructLeaf(value) is { } leaf)
        {
            // ref double r = ref q.X: the variable of the struct local's leaf.
            aliases[symbol] = new Alias(leaf.Name, null, null);
            return;
        }
        if (value is not null && ElementAccess(value) is { View.Otherwise: not null })
        {
            poisoned.Add(symbol);
            Unsupported(declarator, $"A ref local bound to an element of a local span chosen at run time ('{SourceText(value)}')", "; read and write the element through the span itself");
            return;
        }
        if (value is not null && ElementAccess(value) is { } element)
        {
            var index = LowerIndex(element);
            if (index is not Const)
            {
                // The element is the one the index named when the reference was taken, whatever the index does later.
                var fixedIndex = allocator.Fresh(symbol.Name + "_index");
                into.Add(new Declare(fixedIndex, IrType.Int, index));
                index = new Var(fixedIndex, IrType.Int);
            }
            aliases[symbol] = new Alias(null, element.Array, index);
            return;
        }
        poisoned.Add(symbol);
        if (SymbolNames.ToIrType(symbol.Type) is IrType.Int or IrType.Bool)
        {
            Unsupported(declarator, $"A 'ref' local of type '{symbol.Type.ToDisplayString()}' ('{symbol.Name}')", "; use the variable it refers to");
            return;
        }
        Unsupported(value ?? declarator, $"A 'ref' local bound to this ('{symbol.Name}')",
            "; bind it to a local, a parameter or an element of a span or an array ('ref double r = ref a[i];'), or use a copy");
    }

    /// <summary>The alias a <c>ref</c> local bound to <paramref name="value"/> is, when that is a scalar variable or another such local; else null.</summary>
    private Alias? AliasOf(IOperation? value)
    {
        switch (value)
        {
            case ILocalReferenceOperation local when aliases.TryGetValue(local.Local, out var other):
                return other;
            case ILocalReferenceOperation local when names.TryGetValue(local.Local, out var name) && !containers.ContainsKey(name)
                && SymbolNames.ToIrType(local.Local.Type) is { } type && type.IsDifferentiable():
                return new Alias(name, null, null);
            case IParameterReferenceOperation parameter when names.TryGetValue(parameter.Parameter, out var name) && !containers.ContainsKey(name)
                && SymbolNames.ToIrType(parameter.Parameter.Type) is { } type && type.IsDifferentiable():
                return new Alias(name, null, null);
            default:
                return null;
        }
    }

    /// <summary>The array and fixed index of a <c>ref</c> local that stands for an element, or null.</summary>
    private (string Array, Expr Index)? ElementAlias(IOperation? op)
        => op is ILocalReferenceOperation local && aliases.TryGetValue(local.Local, out var alias) && alias.Array is { } array ? (array, alias.Index!) : null;
}
