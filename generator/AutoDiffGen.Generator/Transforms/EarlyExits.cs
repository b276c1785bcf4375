using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Transforms;

/// <summary>
/// Rewrites <c>break</c>, <c>continue</c> and <c>return</c> inside loops into flag variables, so that every later pass sees
/// structured code: loops that end by their bound or their condition only, and returns outside loops (which
/// <see cref="ReturnNormalization"/> then makes one, at the end). The first transform: lowering keeps the early exits as the
/// source has them (<see cref="Break"/>, <see cref="Continue"/>, <see cref="Return"/>), and the other parts of a lowered loop
/// (see <see cref="Loop"/>) are put in the form the later passes take.
/// </summary>
/// <remarks>
/// <para>
/// A <c>break</c> sets the loop's <c>breaking</c>, a <c>continue</c> its <c>continuing</c>; a <c>return</c> keeps its values
/// in <c>returned</c> locals and sets <c>returning</c>, one flag for the outermost loop with a return in it and the loops in
/// that one. In a loop, the statements after one that may leave the iteration run only while no flag is set
/// (<c>if (!(breaking || continuing || returning)) { … }</c>, one such group for the rest of each block of the source), the
/// steps of a <c>for</c> loop only while neither <c>breaking</c> nor <c>returning</c> is, and the loop's condition tests
/// both. Each iteration starts with its flags down: an iteration's flags are then its own values, which the reverse sweep
/// recomputes instead of keeping. After the outermost loop with a return, <c>if (returning) return returned;</c> (only
/// <c>return returned;</c> when nothing else ends the loop).
/// </para>
/// <para>
/// The flags have the names lowering set aside for them (<see cref="LoopExits"/>), or fresh ones. A lowered loop's
/// <see cref="Loop.Step"/> goes to the end of its body, the <see cref="Loop.Head"/> of a loop without a condition (a
/// <c>foreach</c> loop's element) to its start, and a <see cref="NestedBlock"/>'s statements into the enclosing block.
/// </para>
/// </remarks>
internal sealed class EarlyExits
{
    private readonly EquatableArray<IrType> returns;
    private readonly Lazy<NameAllocator> names;
    private readonly List<Flags> loops = new();
    private string? returning;
    private string[] returned = Array.Empty<string>();

    private EarlyExits(Function function)
    {
        returns = function.Returns;
        names = new Lazy<NameAllocator>(() => Names(function), System.Threading.LazyThreadSafetyMode.None);
    }

    /// <summary>The flags of a loop being rewritten: null for a way out that its iterations do not take.</summary>
    private sealed record Flags(string? Breaking, string? Continuing, bool Returns);

    public static Function Apply(Function function)
    {
        // Nothing to rewrite: the function itself (a pass that changes nothing makes nothing new).
        if (!IrWalker.Any(function.Body, s => s is Break or Continue or NestedBlock || s is Loop l && IsLowered(l))) return function;
        var rewriter = new EarlyExits(function);
        var body = new List<Stmt>();
        rewriter.Sequence(function.Body.Statements, 0, body);
        return function with { Body = new Block(body.ToEquatableArray()) };
    }

    /// <summary>
    /// Statements in order; inside a loop, the statements after one that may leave the iteration (also nested in an
    /// <see cref="If"/> or a <see cref="NestedBlock"/>) run only if it did not.
    /// </summary>
    private void Sequence(IReadOnlyList<Stmt> statements, int start, List<Stmt> into)
    {
        for (int i = start; i < statements.Count; i++)
        {
            Statement(statements[i], into);
            if (i + 1 < statements.Count && loops.Count > 0 && IrWalker.ExitsIn(statements[i]) != EarlyExit.None && Leaving(loops[loops.Count - 1]) is { } leaving)
            {
                var rest = new List<Stmt>();
                Sequence(statements, i + 1, rest);
                into.Add(new If(Not(leaving), new Block(rest.ToEquatableArray()), Block.Empty));
                return;
            }
        }
    }

    private Block Rewritten(Block block)
    {
        var statements = new List<Stmt>();
        Sequence(block.Statements, 0, statements);
        return new Block(statements.ToEquatableArray());
    }

    private void Statement(Stmt statement, List<Stmt> into)
    {
        switch (statement)
        {
            case NestedBlock nested:
                Sequence(nested.Body.Statements, 0, into);
                return;
            case If branch:
                into.Add(branch with { Then = Rewritten(branch.Then), Else = Rewritten(branch.Else) });
                return;
            case Loop loop:
                RewriteLoop(loop, into);
                return;
            case Break:
                into.Add(new Assign(Innermost("break").Breaking!, IrBuilder.Constant(IrType.Bool, 1)));
                return;
            case Continue:
                into.Add(new Assign(Innermost("continue").Continuing!, IrBuilder.Constant(IrType.Bool, 1)));
                return;
            case Return ret when loops.Count > 0:
                // Keep the values and set the flag: the loops end, and the method returns after the outermost one.
                for (int i = 0; i < ret.Values.Count && i < returned.Length; i++) into.Add(new Assign(returned[i], IrBuilder.ConvertTo(ret.Values[i], returns[i])));
                into.Add(new Assign(returning!, IrBuilder.Constant(IrType.Bool, 1)));
                return;
            default:
                into.Add(statement);
                return;
        }
    }

    private Flags Innermost(string statement)
        => loops.Count > 0 ? loops[loops.Count - 1] : throw new InvalidOperationException($"A '{statement}' outside a loop.");

    /// <summary>
    /// The loop with its flags: declared before it (the return flag and the returned values by the outermost loop with a
    /// return), lowered at the start of each iteration, tested by the statements after a way out, by the steps and by the
    /// condition. The outermost loop with a return is followed by the return.
    /// </summary>
    private void RewriteLoop(Loop loop, List<Stmt> into)
    {
        var exits = IrWalker.ExitsOf(loop);
        var named = loop.Exits;
        var flags = new Flags(
            (exits & EarlyExit.Break) != 0 ? named?.Breaking ?? names.Value.Fresh("breaking") : null,
            (exits & EarlyExit.Continue) != 0 ? named?.Continuing ?? names.Value.Fresh("continuing") : null,
            (exits & EarlyExit.Return) != 0);
        bool outermostReturn = flags.Returns && returning is null;
        if (outermostReturn)
        {
            returning = named?.Returning ?? names.Value.Fresh("returning");
            returned = named?.Returning is not null ? named.Returned.ToArray() : returns.Select(_ => names.Value.Fresh("returned")).ToArray();
            into.Add(new Declare(returning, IrType.Bool, IrBuilder.Constant(IrType.Bool, 0)));
            for (int i = 0; i < returned.Length; i++) into.Add(new Declare(returned[i], returns[i], IrBuilder.Constant(returns[i], 0)));
        }
        if (flags.Breaking is not null) into.Add(new Declare(flags.Breaking, IrType.Bool, IrBuilder.Constant(IrType.Bool, 0)));

        loops.Add(flags);
        // Without a condition, the head (a foreach loop's element) is the start of the body: the flags' test comes before it.
        var head = loop.Head;
        var body = new List<Stmt>();
        if (loop.Condition is null)
        {
            Sequence(head.Statements, 0, body);
            head = Block.Empty;
        }
        else if (head.Statements.Count > 0 && exits != EarlyExit.None)
        {
            throw new InvalidOperationException("A lowered loop with a condition and a head that may be left early.");
        }
        // Each iteration starts with its flags down (as they are whenever an iteration starts): an iteration's flags
        // are then its own values, which the reverse sweep recomputes instead of keeping.
        if (flags.Continuing is not null) body.Add(new Declare(flags.Continuing, IrType.Bool, IrBuilder.Constant(IrType.Bool, 0)));
        if (flags.Breaking is not null) body.Add(new Assign(flags.Breaking, IrBuilder.Constant(IrType.Bool, 0)));
        if (flags.Returns) body.Add(new Assign(returning!, IrBuilder.Constant(IrType.Bool, 0)));
        Sequence(loop.Body.Statements, 0, body);
        if (loop.Step.Statements.Count > 0)
        {
            var step = Rewritten(loop.Step);
            if (Exiting(flags) is { } exiting) body.Add(new If(Not(exiting), step, Block.Empty));
            else body.AddRange(step.Statements);
        }
        loops.RemoveAt(loops.Count - 1);

        var test = loop.Condition is Const { Value: not 0 } ? null : loop.Condition;
        if (flags.Returns) test = And(Not(new Var(returning!, IrType.Bool)), test);
        if (flags.Breaking is not null) test = And(Not(new Var(flags.Breaking, IrType.Bool)), test);
        into.Add(loop with
        {
            Head = head,
            Condition = test ?? (loop.To is null ? IrBuilder.Constant(IrType.Bool, 1) : null),
            Body = new Block(body.ToEquatableArray()),
            Step = Block.Empty,
            Exits = null,
        });

        if (outermostReturn)
        {
            // After the loop: return what the loop returned. When nothing else ends the loop, that is the only way out.
            var values = returned.Select((r, i) => (Expr)new Var(r, returns[i])).ToEquatableArray();
            if (named?.OnlyByReturn == true) into.Add(new Return(values));
            else into.Add(new If(new Var(returning!, IrType.Bool), new Block(EquatableArray.Of<Stmt>(new Return(values))), Block.Empty));
            returning = null;
            returned = Array.Empty<string>();
        }
    }

    /// <summary>Whether a loop is not yet in the form later passes take: it has steps, a head and no condition, names set aside, or exits.</summary>
    private static bool IsLowered(Loop loop)
        => loop.Step.Statements.Count > 0 || (loop.Condition is null && loop.Head.Statements.Count > 0) || loop.Exits is not null || IrWalker.ExitsOf(loop) != EarlyExit.None;

    /// <summary>True when the iteration is being left: the flags of the loop (and of a return) or-ed, or null if it has none.</summary>
    private Expr? Leaving(Flags loop) => AnyOf(loop.Breaking, loop.Continuing, loop.Returns ? returning : null);

    /// <summary>True when the loop is being left (break or return; not continue), or null if it cannot be.</summary>
    private Expr? Exiting(Flags loop) => AnyOf(loop.Breaking, loop.Returns ? returning : null);

    /// <summary>The flags that exist, or-ed; null if none does.</summary>
    private static Expr? AnyOf(params string?[] flags) => flags.Where(f => f is not null).Select(f => (Expr)new Var(f!, IrType.Bool))
        .Aggregate((Expr?)null, (all, flag) => all is null ? flag : new Binary(BinaryOp.Or, all, flag, IrType.Bool));

    private static Expr Not(Expr e) => e is Unary { Op: UnaryOp.Not } u ? u.Operand : new Unary(UnaryOp.Not, e, IrType.Bool);

    private static Expr? And(Expr? a, Expr? b)
        => a is null || a is Const { Value: not 0 } ? b : b is null || b is Const { Value: not 0 } ? a : new Binary(BinaryOp.And, a, b, IrType.Bool);

    /// <summary>Fresh names for flags lowering did not name: none of the function's, nor of those it named.</summary>
    private static NameAllocator Names(Function function)
    {
        var names = new NameAllocator(function);
        foreach (var exits in IrWalker.All(function.Body).OfType<Loop>().Select(l => l.Exits).OfType<LoopExits>())
        {
            foreach (var name in new[] { exits.Breaking, exits.Continuing, exits.Returning }.Concat(exits.Returned).OfType<string>()) names.Reserve(name);
        }
        return names;
    }
}
