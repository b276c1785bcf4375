using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Transforms;

/// <summary>
/// Which variables belong to a loop's iterations: those an iteration declares for itself, the loop's state that it
/// carries from one iteration to the next, and the names statements leave free of the loops nested in them.
/// </summary>
internal static class LoopVariables
{
    /// <summary>What an iteration declares: its locals and the counters of nested loops.</summary>
    public static HashSet<string> IterationLocals(Loop loop)
    {
        var statements = IrWalker.All(new Block(loop.Iteration.ToEquatableArray())).ToList();
        return new(statements.OfType<Declare>().Select(d => d.Name).Concat(statements.OfType<Loop>().Select(l => l.Counter)));
    }

    /// <summary>A loop's state: the variables declared before it that its iterations assign.</summary>
    public static HashSet<string> StateOf(Loop loop)
    {
        var locals = IterationLocals(loop);
        return new HashSet<string>(IrWalker.AssignmentCounts(new Block(loop.Iteration.ToEquatableArray())).Keys.Where(n => !locals.Contains(n) && n != loop.Counter));
    }

    /// <summary>The names statements mention, less those that nested loops declare for themselves.</summary>
    public static HashSet<string> FreeNames(IEnumerable<Stmt> statements)
    {
        var names = new HashSet<string>();
        foreach (var s in statements)
        {
            if (s is Loop loop)
            {
                var inner = FreeNames(loop.Iteration);
                inner.ExceptWith(IterationLocals(loop));
                inner.Remove(loop.Counter);
                names.UnionWith(inner);
                if (loop.To is not null) IrWalker.Reads(loop.To, names);
                IrWalker.Reads(loop.From, names);
                if (loop.Condition is not null) IrWalker.Reads(loop.Condition, names);
            }
            else if (s is If f)
            {
                IrWalker.Reads(f.Condition, names);
                names.UnionWith(FreeNames(f.Then.Statements));
                names.UnionWith(FreeNames(f.Else.Statements));
            }
            else
            {
                IrWalker.CollectNames(s, names);
            }
        }
        return names;
    }
}
