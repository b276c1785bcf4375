using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Transforms;

/// <summary>
/// A pass of <see cref="Simplification"/> over loops: sums into one element kept in a register.
/// </summary>
internal static class RegisterSums
{
    /// <summary>
    /// <c>a[i] += v</c> in a loop, with <c>i</c> the same in every iteration and <c>a</c> touched nowhere else in the
    /// loop, adds into a local instead, and the local into <c>a[i]</c> after the loop: the loop's iterations no
    /// longer wait on each other through memory (an adjoint summed over a row, as a person keeps it in a register).
    /// </summary>
    /// <param name="block">The block.</param>
    /// <param name="names">The names of the function, made when the first sum needs one.</param>
    public static Block Apply(Block block, System.Lazy<NameAllocator> names)
    {
        var statements = new List<Stmt>(block.Statements.Count);
        foreach (var s in block.Statements)
        {
            switch (s)
            {
                case Loop loop:
                    var inner = loop with { Head = Apply(loop.Head, names), Body = Apply(loop.Body, names) };
                    var assigned = new HashSet<string>(IrWalker.AssignmentCounts(new Block(inner.Iteration.ToEquatableArray())).Keys) { inner.Counter };
                    foreach (var d in IrWalker.All(new Block(inner.Iteration.ToEquatableArray())).OfType<Declare>()) assigned.Add(d.Name);
                    var after = new List<Stmt>();
                    var body = new List<Stmt>();
                    foreach (var statement in inner.Body.Statements)
                    {
                        if (statement is AccumulateElement add && add.Value.Type.IsFloating() && !IrWalker.Reads(add.Index).Overlaps(assigned)
                            && IrWalker.All(new Block(inner.Iteration.ToEquatableArray())).Count(x => Touches(x, add.Array)) == 1
                            && !(inner.Condition is not null && IrWalker.Reads(inner.Condition).Contains(add.Array)))
                        {
                            var sum = names.Value.Fresh(add.Array + "_sum");
                            statements.Add(new Declare(sum, add.Value.Type, new Const(add.Value.Type, 0)));
                            body.Add(new Assign(sum, new Binary(BinaryOp.Add, new Var(sum, add.Value.Type), add.Value, add.Value.Type)));
                            after.Add(add with { Value = new Var(sum, add.Value.Type) });
                        }
                        else
                        {
                            body.Add(statement);
                        }
                    }
                    statements.Add(inner with { Body = new Block(body.ToEquatableArray()) });
                    statements.AddRange(after);
                    break;
                case If f:
                    var (then, otherwise) = (Apply(f.Then, names), Apply(f.Else, names));
                    statements.Add(Rebuild.If(f, then, otherwise));
                    break;
                default:
                    statements.Add(s);
                    break;
            }
        }
        return Rebuild.Block(block, statements);
    }

    /// <summary>Whether a statement (not the blocks nested in it) reads or writes elements of <paramref name="array"/>, or the whole array.</summary>
    private static bool Touches(Stmt statement, string array)
    {
        if (statement is If or Loop)
        {
            var own = statement is If f ? IrWalker.Reads(f.Condition) : new HashSet<string>();
            if (statement is Loop l)
            {
                IrWalker.Reads(l.From, own);
                if (l.To is not null) IrWalker.Reads(l.To, own);
                if (l.Condition is not null) IrWalker.Reads(l.Condition, own);
            }
            return own.Contains(array);
        }
        return IrWalker.Mentions(statement, array);
    }
}
