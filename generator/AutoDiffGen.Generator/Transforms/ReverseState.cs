using System.Collections.Generic;
using AutoDiffGen.Generator.Ir;
using static AutoDiffGen.Generator.Ir.IrBuilder;

namespace AutoDiffGen.Generator.Transforms;

/// <summary>
/// What the parts of one reverse-mode transform (<see cref="ReverseMode"/>) share as they add locals to the derivative:
/// the names taken, every variable's type, and the declarations at the top of the method. The only state they all write.
/// </summary>
internal sealed class ReverseState
{
    public ReverseState(NameAllocator names, Dictionary<string, IrType> types)
    {
        Names = names;
        Types = types;
    }

    /// <summary>Hands out the names of the locals the transform adds (adjoints, marks, partials), so that none clashes.</summary>
    public NameAllocator Names { get; }

    /// <summary>The type of every variable: the function's own, and each local the transform adds, recorded as it is named.</summary>
    public Dictionary<string, IrType> Types { get; }

    /// <summary>Declarations at the top of the method, before the forward sweep, in the order they were asked for.</summary>
    public List<Stmt> Prologue { get; } = new();

    /// <summary>A fresh name for a local of this type (its type recorded; the local is not declared).</summary>
    public string Fresh(string preferred, IrType type)
    {
        var name = Names.Fresh(preferred);
        Types[name] = type;
        return name;
    }

    /// <summary>
    /// A fresh int local declared (zero) at the top of the method: a loop that may be in a branch assigns it, and the
    /// reverse sweep reads it where it replays that branch, in another block.
    /// </summary>
    public string IntAtTop(string preferred)
    {
        var name = Fresh(preferred, IrType.Int);
        Prologue.Add(new Declare(name, IrType.Int, Constant(IrType.Int, 0)));
        return name;
    }

    /// <summary>A local declared at the top of the method that receives a derivative nobody needs (an inactive argument's adjoint).</summary>
    public Var Scratch(IrType type) => ScratchLocals.Declare(Names, Prologue, Types, type, nullMatrix: true);
}
