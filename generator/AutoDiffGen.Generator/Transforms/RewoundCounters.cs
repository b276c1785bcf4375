using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Transforms;

/// <summary>
/// A pass of <see cref="Simplification"/>, after <see cref="InductionLoops"/>: an int that a loop advances by an amount it
/// can compute from its counter (the start of each row of a packed triangle, <c>l += d - i - 1</c>) is rewound by the
/// backward loop instead of being kept on the tape, as a person writes it: <c>l -= d - i - 1</c> takes it from the end of
/// an iteration back to its start.
/// <para>
/// It rewrites a loop that pushes the int at the start of each iteration (its only int on the tape) and then advances it
/// (in its body, or by constant steps in a loop nested in it), followed in the same block by the backward loop over the
/// same range that pops it with the state it pops at the start of each iteration: the push goes, and the pop becomes the
/// subtraction. The int holds the forward loop's last value when the backward loop starts (nothing assigns it between
/// them), which is the end of the backward loop's first iteration.
/// </para>
/// </summary>
internal static class RewoundCounters
{
    public static Block Apply(Block block)
    {
        var statements = block.Statements.Select(s => s switch
        {
            Loop l => Rebuild.Loop(l, Apply(l.Head), Apply(l.Body)),
            If f => Rebuild.If(f, Apply(f.Then), Apply(f.Else)),
            _ => s,
        }).ToList();
        bool changed = false;
        for (int at = 0; at < statements.Count; at++)
        {
            if (statements[at] is not Loop forward || Advance(forward) is not { } advance) continue;
            // What the step and the bounds read must hold the same values in the backward loop.
            var invariants = IrWalker.Reads(advance.Step);
            IrWalker.Reads(forward.From, invariants);
            IrWalker.Reads(forward.To!, invariants);
            invariants.Remove(forward.Counter);
            int back = Backward(statements, at, forward, advance.Name, invariants);
            if (back < 0) continue;
            var backward = (Loop)statements[back];
            var step = backward.Counter == forward.Counter ? advance.Step : Renamed(advance.Step, forward.Counter, backward.Counter);
            var rewind = new Assign(advance.Name, new Binary(BinaryOp.Subtract, new Var(advance.Name, IrType.Int), step, IrType.Int));
            statements[at] = forward with { Body = new Block(forward.Body.Statements.Where(x => x is not TapePush { Value: Var v } || v.Name != advance.Name).ToEquatableArray()) };
            // The rewind takes the pop's place, after the other pops (the loop's state at the iteration's start).
            var pops = backward.Body.Statements.TakeWhile(x => x is TapePop or TapePopElements).Where(x => x is not TapePop { Type: IrType.Int }).ToList();
            var rest = backward.Body.Statements.SkipWhile(x => x is TapePop or TapePopElements);
            statements[back] = backward with { Body = new Block(pops.Append(rewind).Concat(rest).ToEquatableArray()) };
            changed = true;
        }
        return changed ? new Block(statements.ToEquatableArray()) : Rebuild.Block(block, statements);
    }

    /// <summary>
    /// The int a counted loop pushes at the start of each iteration, and what its iteration adds to it (an expression of
    /// the counter and of values the loop does not assign), when the iteration computes it in straight-line int code at its
    /// top level (nothing nested in a branch or a loop assigns it or what it is computed from); otherwise null.
    /// </summary>
    private static (string Name, Expr Step)? Advance(Loop loop)
    {
        if (loop.Condition is not null || loop.To is null || loop.Descending || loop.Head.Statements.Count > 0) return null;
        var body = loop.Body.Statements.Where(s => s is not Comment).ToList();
        // Among the pushes that begin the iteration (the loop's state, one tape per type).
        var pushes = body.TakeWhile(x => x is TapePush).ToList();
        if (pushes.Count(x => x is TapePush { Value.Type: IrType.Int }) != 1 || pushes.Single(x => x is TapePush { Value.Type: IrType.Int }) is not TapePush { Value: Var pushed } push) return null;
        var assigned = IrWalker.AssignmentCounts(loop.Body);
        // Each int local's value in terms of the pushed int at the start of the iteration, the counter and invariants.
        var values = new Dictionary<string, Expr> { [pushed.Name] = pushed };
        Expr Substituted(Expr e) => IrWalker.Map(e, x => x is Var v && values.TryGetValue(v.Name, out var value) ? value : x);
        foreach (var s in body.Where(x => !ReferenceEquals(x, push)))
        {
            switch (s)
            {
                case Declare { Type: IrType.Int, Init: { } init } d when IsIntArithmetic(init):
                    values[d.Name] = Substituted(init);
                    break;
                case Assign a when values.ContainsKey(a.Name) && IsIntArithmetic(a.Value):
                    values[a.Name] = Substituted(a.Value);
                    break;
                case Loop nested when Steps(nested, values) is { } steps:
                    // A nested loop that steps followed ints by constants (l++ in the row's loop): each ends its count of steps on.
                    foreach (var entry in steps)
                    {
                        var distance = Inductions.Distance(Substituted(nested.From), Substituted(nested.To!), entry.Value);
                        values[entry.Key] = new Binary(BinaryOp.Add, values[entry.Key], distance, IrType.Int);
                    }
                    break;
                default:
                    // Other work of the iteration, as long as it changes none of the ints followed here.
                    if (IrWalker.AssignmentCounts(new Block(EquatableArray.Of(s))).Keys.Any(values.ContainsKey)) return null;
                    break;
            }
        }
        // The pushed int ends as itself plus a step that does not read it, from values the iteration does not assign.
        if (values[pushed.Name] is not Binary { Op: BinaryOp.Add } sum) return null;
        var step = sum.Left is Var left && left.Name == pushed.Name ? sum.Right : sum.Right is Var right && right.Name == pushed.Name ? sum.Left : null;
        if (step is null) return null;
        var reads = IrWalker.Reads(step);
        if (reads.Contains(pushed.Name) || reads.Any(n => n != loop.Counter && assigned.ContainsKey(n))) return null;
        return (pushed.Name, step);
    }

    /// <summary>
    /// The index of the backward loop of <paramref name="forward"/> after it: the same range run last to first, that pops
    /// <paramref name="name"/> (its only int) at the start of its iteration and assigns it nowhere else; between the two loops nothing assigns it nor uses
    /// the int tape, and nothing assigns the <paramref name="invariants"/> the step reads, there or in the backward loop.
    /// −1 if there is none.
    /// </summary>
    private static int Backward(List<Stmt> statements, int at, Loop forward, string name, HashSet<string> invariants)
    {
        for (int i = at + 1; i < statements.Count; i++)
        {
            var s = statements[i];
            // Another loop over the same range may come first (a sum's backward loop): the backward loop is the one that pops the int.
            if (s is Loop { Descending: true, Condition: null } backward && backward.From == forward.From && backward.To == forward.To
                && backward.Body.Statements.TakeWhile(x => x is TapePop or TapePopElements).Any(x => x is TapePop { Type: IrType.Int } pop && pop.Target == name))
            {
                // It pops the int among the pops that begin its iteration, and no other int.
                var pops = backward.Body.Statements.TakeWhile(x => x is TapePop or TapePopElements).ToList();
                var rest = new Block(backward.Body.Statements.Skip(pops.Count).ToEquatableArray());
                var inBackward = IrWalker.AssignmentCounts(backward.Body);
                bool rewinds = pops.Count(x => x is TapePop { Type: IrType.Int }) == 1
                    && inBackward.TryGetValue(name, out var count) && count == 1 && !inBackward.Keys.Any(invariants.Contains) && !UsesIntTape(rest);
                return rewinds ? i : -1;
            }
            var between = new Block(EquatableArray.Of(s));
            var assigned = IrWalker.AssignmentCounts(between);
            if (assigned.ContainsKey(name) || assigned.Keys.Any(invariants.Contains) || UsesIntTape(between)) return -1;
        }
        return -1;
    }

    /// <summary>
    /// The followed ints a counted loop steps by constants (<see cref="Inductions.Of"/>: <c>int next = l + 1; l = next;</c>
    /// in its body), when it steps every followed int it assigns and its bounds are int arithmetic; otherwise null.
    /// </summary>
    private static Dictionary<string, Const>? Steps(Loop loop, Dictionary<string, Expr> followed)
    {
        if (loop.Condition is not null || loop.To is null || loop.Descending || loop.Head.Statements.Count > 0 || !IsIntArithmetic(loop.From) || !IsIntArithmetic(loop.To)) return null;
        if (followed.ContainsKey(loop.Counter)) return null;
        var assigned = IrWalker.AssignmentCounts(loop.Body).Keys.Where(followed.ContainsKey).ToList();
        if (assigned.Count == 0) return null;
        var steps = Inductions.Of(loop, new HashSet<string>(assigned), assigned.ToDictionary(n => n, _ => IrType.Int));
        return steps.Count == assigned.Count ? steps : null;
    }

    private static bool UsesIntTape(Block block) => IrWalker.Any(block, s => s is TapePush { Value.Type: IrType.Int } or TapePop { Type: IrType.Int });

    private static bool IsIntArithmetic(Expr e)
    {
        bool plain = true;
        IrWalker.Visit(e, x => plain &= x.Type is IrType.Int or IrType.Bool && x is Const or Var or Unary or Binary or Conditional);
        return plain;
    }

    private static Expr Renamed(Expr e, string from, string to) => IrWalker.Map(e, x => x is Var v && v.Name == from ? v with { Name = to } : x);
}
