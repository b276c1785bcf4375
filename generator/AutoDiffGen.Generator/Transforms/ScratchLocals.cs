using System.Collections.Generic;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Transforms;

/// <summary>
/// The one way the sweeps make a local that receives what a call writes and nobody reads (an adjoint or a tangent of an
/// argument that has none, a popped value no one needs): <c>unused</c>, declared at the top of the member.
/// </summary>
internal static class ScratchLocals
{
    /// <param name="names">The member's names.</param>
    /// <param name="prologue">Where the declaration goes.</param>
    /// <param name="types">Where its type is kept.</param>
    /// <param name="type">Its type.</param>
    /// <param name="nullMatrix">
    /// Whether a matrix is a null reference: the callee sees it and skips computing what would go into it (an adjoint, or
    /// the tangent of one, passed by reference).
    /// </param>
    public static Var Declare(NameAllocator names, List<Stmt> prologue, Dictionary<string, IrType> types, IrType type, bool nullMatrix)
    {
        var name = names.Fresh("unused");
        prologue.Add(new Declare(name, type, nullMatrix && type == IrType.Matrix ? new NullRef(type) : IrBuilder.Constant(type, 0)));
        types[name] = type;
        return new Var(name, type);
    }
}
