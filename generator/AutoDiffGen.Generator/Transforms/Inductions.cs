using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Transforms;

/// <summary>
/// Recognises induction variables: int variables a loop steps by a constant in each iteration (<c>l++</c>,
/// <c>k -= 2</c>, in canonical IR the pair <c>int l2 = l + 1; l = l2;</c>). The reverse sweep computes them from the
/// loop's counter instead of taping them; <see cref="InductionLoops"/> closes a loop that does nothing but step them.
/// </summary>
internal static class Inductions
{
    /// <summary>
    /// The step of the pair <c>int next = v ± c; v = next;</c> (<paramref name="update"/>, <paramref name="back"/>):
    /// <c>c</c> for an addition, <c>-c</c> for a subtraction; null for any other pair.
    /// </summary>
    public static Const? Step(Declare update, Assign back)
    {
        if (update.Init is not Binary { Op: BinaryOp.Add or BinaryOp.Subtract, Left: Var from, Right: Const step } sum || from.Name != back.Name) return null;
        if (back.Value is not Var carried || carried.Name != update.Name) return null;
        return sum.Op == BinaryOp.Add ? step : new Const(IrType.Int, -step.Value);
    }

    /// <summary>
    /// How far a counted loop from <paramref name="from"/> to <paramref name="to"/> moves a variable it steps by
    /// <paramref name="step"/>: <c>to &gt; from ? (to - from) · step : 0</c>.
    /// </summary>
    public static Expr Distance(Expr from, Expr to, Const step)
    {
        var count = new Binary(BinaryOp.Subtract, to, from, IrType.Int);
        var distance = step.Value == 1 ? (Expr)count : new Binary(BinaryOp.Multiply, count, step, IrType.Int);
        return new Conditional(new Binary(BinaryOp.Greater, to, from, IrType.Bool), distance, new Const(IrType.Int, 0), IrType.Int);
    }

    /// <summary>
    /// The loop's int state variables that each iteration steps by a constant and nothing else changes, with their steps:
    /// at the start of iteration <c>i</c> such a variable holds its start value plus <c>(i - from)</c> steps.
    /// </summary>
    /// <param name="loop">The loop.</param>
    /// <param name="state">The loop's state (<see cref="LoopVariables.StateOf"/>).</param>
    /// <param name="types">The type of every variable.</param>
    public static Dictionary<string, Const> Of(Loop loop, HashSet<string> state, Dictionary<string, IrType> types)
    {
        var result = new Dictionary<string, Const>();
        var body = loop.Body.Statements;
        var counts = IrWalker.AssignmentCounts(new Block(loop.Iteration.ToEquatableArray()));
        foreach (var name in state.Where(n => types.TryGetValue(n, out var t) && t == IrType.Int))
        {
            if (counts.TryGetValue(name, out var assigned) && assigned != 1) continue;
            if (body.OfType<Assign>().FirstOrDefault(a => a.Name == name) is not { Value: Var next } back) continue;
            if (!counts.TryGetValue(next.Name, out var defined) || defined != 1) continue;
            if (body.OfType<Declare>().FirstOrDefault(d => d.Name == next.Name) is not { } update || Step(update, back) is not { } step) continue;
            result[name] = step;
        }
        return result;
    }
}
