using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Transforms;

/// <summary>
/// A pass of <see cref="Simplification"/> over loops: a loop that only counts becomes the count.
/// </summary>
internal static class InductionLoops
{
    /// <summary>
    /// A counted loop left with nothing to do but step int variables by constants (what a recomputation keeps of
    /// <c>for (…) { …; l++; }</c> to know <c>l</c> afterwards) becomes one assignment per variable:
    /// <c>l = l + (to &gt; from ? (to - from) · step : 0)</c>.
    /// </summary>
    public static Block Apply(Block block)
    {
        var statements = new List<Stmt>(block.Statements.Count);
        foreach (var s in block.Statements)
        {
            switch (s)
            {
                case Loop loop when Steps(loop) is { } steps:
                    foreach (var (name, step) in steps)
                    {
                        statements.Add(new Assign(name, new Binary(BinaryOp.Add, new Var(name, IrType.Int), Inductions.Distance(loop.From, loop.To!, step), IrType.Int)));
                    }
                    break;
                case Loop loop:
                    var (head, body) = (Apply(loop.Head), Apply(loop.Body));
                    statements.Add(Rebuild.Loop(loop, head, body));
                    break;
                case If f:
                    var (then, otherwise) = (Apply(f.Then), Apply(f.Else));
                    statements.Add(Rebuild.If(f, then, otherwise));
                    break;
                default:
                    statements.Add(s);
                    break;
            }
        }
        return Rebuild.Block(block, statements);
    }

    /// <summary>
    /// The int variables a counted loop steps and by how much, when stepping them is all it does
    /// (<c>int l2 = l + 1; l = l2;</c> pairs, the counter unused); otherwise null.
    /// </summary>
    private static List<(string Name, Const Step)>? Steps(Loop loop)
    {
        if (loop.Condition is not null || loop.To is null || loop.Head.Statements.Count > 0 || loop.Descending) return null;
        var body = loop.Body.Statements.Where(x => x is not Comment).ToList();
        if (body.Count == 0 || body.Count % 2 != 0) return null;
        var steps = new List<(string, Const)>();
        for (int i = 0; i < body.Count; i += 2)
        {
            if (body[i] is not Declare { Type: IrType.Int, Init: Binary { Right: Const { Type: IrType.Int } } } next || body[i + 1] is not Assign back
                || Inductions.Step(next, back) is not { } step || back.Name == loop.Counter || steps.Any(x => x.Item1 == back.Name))
            {
                return null;
            }
            steps.Add((back.Name, step));
        }
        // Each stepped value is only carried to the next iteration.
        var names = new HashSet<string>();
        IrWalker.CollectNames(loop.Body, names);
        return names.Contains(loop.Counter) ? null : steps;
    }
}
