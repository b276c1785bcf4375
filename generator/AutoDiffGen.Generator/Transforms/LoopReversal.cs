using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;
using static AutoDiffGen.Generator.Ir.IrBuilder;

namespace AutoDiffGen.Generator.Transforms;

/// <summary>
/// Reverses loops around their reversed iterations, and plans the tape between the two sweeps. A loop is reversed by a
/// loop that runs its iterations last to first. Each reverse iteration pops the loop's state as it was when the
/// iteration began (pushed by the forward sweep, only the variables the reverse iteration reads), recomputes the
/// iteration's values, and runs the iteration's reverse sweep (<see cref="AdjointSweep"/> makes it). Values computed
/// inside an iteration are recomputed rather than stored; nested loops push their own state during the recomputation.
/// </summary>
internal sealed class LoopReversal
{
    private readonly ReverseState state;
    // Arrays whose writes are logged (a loop reads them back).
    private readonly HashSet<string> logged;
    // The scratch arrays of each loop of the forward sweep (BufferAnalysis.ScratchScopes).
    private readonly Dictionary<Loop, List<DeclareArray>> scratch;
    // The forward sweep's marks taken after loops.
    private readonly ForwardSweep forward;
    // For each loop reversed so far, its version that pushes what its reverse pops (itself when it has no reverse).
    private readonly Dictionary<Loop, List<Stmt>> instrumented = new(ReferenceComparer<Loop>.Instance);
    // The reversed loops that may run fused with the loop they reverse.
    private readonly Dictionary<Loop, FusionCandidate> fusible = new(ReferenceComparer<Loop>.Instance);

    public LoopReversal(ReverseState state, HashSet<string> logged, ForwardSweep forward)
    {
        this.state = state;
        this.logged = logged;
        this.forward = forward;
        scratch = BufferAnalysis.ScratchScopes(new Block(forward.Statements.ToEquatableArray()));
    }

    /// <summary>The reversed loops that may run fused with the forward loop they reverse (see <see cref="LoopFusion"/>).</summary>
    public IReadOnlyDictionary<Loop, FusionCandidate> Fusible => fusible;

    /// <summary>
    /// The loop's state (<see cref="LoopVariables.StateOf"/>) less the marks taken after nested loops: those are declared
    /// at the top but belong to the iteration that takes them.
    /// </summary>
    public HashSet<string> StateOf(Loop loop)
    {
        var result = LoopVariables.StateOf(loop);
        result.ExceptWith(forward.EndMarkNames);
        return result;
    }

    /// <summary>
    /// Adds the reverse of <paramref name="loop"/> to <paramref name="output"/>, and records the forward loop that pushes
    /// what it pops (see <see cref="Instrument"/>). Null when nothing flows back through the loop: no reverse loop.
    /// </summary>
    /// <param name="loop">A loop of the forward sweep.</param>
    /// <param name="loopState">Its state (<see cref="StateOf"/>).</param>
    /// <param name="reversedBody">The reverse sweep of one of its iterations.</param>
    /// <param name="output">The reverse sweep.</param>
    public Loop? Reverse(Loop loop, HashSet<string> loopState, List<Stmt> reversedBody, List<Stmt> output)
    {
        var types = state.Types;
        // The recomputation: the iteration without its back edges, nested loops pushing their state.
        var recompute = loop.Iteration
            .Where(s => !(s is Assign a && loopState.Contains(a.Name)))
            .ToList();
        // Writes are redone only where the recomputation reads them back and nothing else would go wrong: into logged
        // arrays (logged again, and undone) and into scratch arrays of nested loops (filled whole again). Others are
        // done: recomputing them would add into an output twice, or put back values that later writes replaced. This
        // loop's own scratch arrays are not refilled either: the forward sweep keeps their contents at the end of
        // each iteration, and the reverse iteration puts them back, which costs no more than refilling them (and
        // spares what fills them).
        var snapshots = scratch.TryGetValue(loop, out var own) ? own : new List<DeclareArray>();
        var refilled = new HashSet<string>(logged);
        refilled.UnionWith(scratch.Values.SelectMany(a => a).Select(a => a.Name));
        refilled.ExceptWith(snapshots.Select(a => a.Name));
        recompute = WithoutWrites(Instrument(recompute), refilled);
        // What the reverse iteration reads from the recomputation: nested reverse loops recompute their own locals.
        var live = LoopVariables.FreeNames(reversedBody);
        var kept = DeadCode.Live(new Block(recompute.ToEquatableArray()), live);
        var read = new HashSet<string>(live);
        IrWalker.CollectNames(kept, read);
        // A counter the loop steps by a constant (l++) is computed from the loop's own counter, not taped.
        var inductions = Inductions.Of(loop, loopState, types);
        var taped = loopState.Where(n => read.Contains(n) && !inductions.ContainsKey(n)).OrderBy(n => n, StringComparer.Ordinal).ToList();
        var stepped = inductions.Keys.Where(read.Contains).OrderBy(n => n, StringComparer.Ordinal).Select(n => (Name: n, Start: state.IntAtTop(n + "_start"))).ToList();

        // The forward sweep pushes once the iteration is known to run (after the condition); a loop that may end
        // early also counts its iterations, for its reverse to run as many.
        // An iteration that reads an array back begins with the array as the iteration before left it: the forward
        // sweep marks the array's log, the reverse iteration undoes back to the mark before recomputing. (An array
        // the loop only reads stays as the loop found it, which the undo before the reverse loop restores.)
        if (reversedBody.All(s => s is Comment))
        {
            // Nothing to reverse (no adjoint flows through the loop): no backward loop, so the forward sweep keeps nothing for
            // one either (a mark pushed here would be popped by an earlier loop's backward sweep). Its writes into logged
            // arrays are still logged: those sweeps undo them.
            instrumented[loop] = new List<Stmt> { loop };
            return null;
        }
        var written = new HashSet<string>(IrWalker.All(new Block(loop.Iteration.ToEquatableArray())).OfType<ElementWrite>().Select(w => w.Array));
        var arraysRead = BufferAnalysis.ArraysRead(loop).Where(a => logged.Contains(a) && written.Contains(a)).OrderBy(n => n, StringComparer.Ordinal).ToList();
        var marks = arraysRead.Select(a => (Array: a, Mark: state.IntAtTop(a + "_mark"))).ToList();
        var forwardBody = taped.Select(n => (Stmt)new TapePush(new Var(n, types[n])))
            .Concat(marks.Select(m => (Stmt)new TapePush(new LogMark(m.Array))))
            .Concat(loop.Body.Statements)
            .Concat(snapshots.Select(a => (Stmt)new TapePushElements(a.Name, a.Type)))
            .ToList();
        var to = loop.To;
        var pushing = new List<Stmt>();
        foreach (var (name, start) in stepped) pushing.Add(new Assign(start, new Var(name, IrType.Int)));
        if (loop.Condition is not null)
        {
            var end = state.IntAtTop(loop.Counter.StartsWith("iteration", StringComparison.Ordinal) ? "iterations" : loop.Counter + "_stop");
            pushing.Add(new Assign(end, loop.From));
            forwardBody.Add(new Assign(end, Add(new Var(loop.Counter, IrType.Int), Constant(IrType.Int, 1))));
            to = new Var(end, IrType.Int);
        }
        pushing.Add(loop with { Body = new Block(forwardBody.ToEquatableArray()) });
        instrumented[loop] = pushing;

        var reverseBody = new List<Stmt>();
        reverseBody.AddRange(Enumerable.Reverse(snapshots).Select(a => (Stmt)new TapePopElements(a.Name, a.Type)));
        reverseBody.AddRange(Enumerable.Reverse(marks).Select(m => (Stmt)new TapePop(m.Mark, IrType.Int)));
        reverseBody.AddRange(Enumerable.Reverse(taped).Select(n => (Stmt)new TapePop(n, types[n])));
        foreach (var (name, start) in stepped)
        {
            // s = s_start + (counter - from) · step
            var iterations = IsConst(loop.From, 0) ? new Var(loop.Counter, IrType.Int) : (Expr)new Binary(BinaryOp.Subtract, new Var(loop.Counter, IrType.Int), loop.From, IrType.Int);
            var step = inductions[name];
            var offset = step.Value == 1 ? iterations : new Binary(BinaryOp.Multiply, iterations, step, IrType.Int);
            reverseBody.Add(new Assign(name, new Binary(BinaryOp.Add, new Var(start, IrType.Int), offset, IrType.Int)));
        }
        reverseBody.AddRange(marks.Select(m => (Stmt)new UndoWrites(m.Array, new Var(m.Mark, IrType.Int))));
        reverseBody.AddRange(kept.Statements);
        reverseBody.AddRange(reversedBody);
        var reversed = new Loop(loop.Counter, loop.From, to, new Block(reverseBody.ToEquatableArray()), Descending: true);
        bool strict = LoopFusion.CanFuse(loop, loopState, taped, reversedBody);
        bool inPlace = LoopFusion.CanFuseInPlace(loop, loopState, taped, reversedBody, ScratchWithin(loop));
        if (strict || inPlace) fusible[reversed] = new FusionCandidate(loop, reversedBody, strict, inPlace);
        // The arrays the loop reads are put back as the loop left them (later statements may have changed them).
        if (forward.EndMarks.TryGetValue(loop, out var ends)) output.AddRange(ends.Select(e => (Stmt)new UndoWrites(e.Array, new Var(e.Mark, IrType.Int))));
        output.Add(reversed);
        return reversed;
    }

    /// <summary>The scratch arrays of <paramref name="loop"/> and of the loops nested in it.</summary>
    private HashSet<string> ScratchWithin(Loop loop)
    {
        var result = new HashSet<string>();
        foreach (var l in IrWalker.All(loop.Body).OfType<Loop>().Append(loop))
        {
            if (scratch.TryGetValue(l, out var arrays)) result.UnionWith(arrays.Select(a => a.Name));
        }
        return result;
    }

    /// <summary>
    /// The outermost loops of these statements (also inside branches) replaced by their versions that push what
    /// their reverse pops; loops nested in loops push when their enclosing loop's reverse recomputes them.
    /// </summary>
    public List<Stmt> Instrument(IReadOnlyList<Stmt> statements) => statements.SelectMany(s => s switch
    {
        Loop l when instrumented.TryGetValue(l, out var pushing) => pushing,
        If f => new List<Stmt> { f with { Then = new Block(Instrument(f.Then.Statements).ToEquatableArray()), Else = new Block(Instrument(f.Else.Statements).ToEquatableArray()) } },
        _ => new List<Stmt> { s },
    }).ToList();

    /// <summary>The statements less their writes into arrays not in <paramref name="kept"/> (arrays nothing reads back), also nested ones.</summary>
    private static List<Stmt> WithoutWrites(IEnumerable<Stmt> statements, HashSet<string> kept) => statements
        .Where(s => s is not ElementWrite w || kept.Contains(w.Array))
        .Select(s => s switch
        {
            If f => f with { Then = new Block(WithoutWrites(f.Then.Statements, kept).ToEquatableArray()), Else = new Block(WithoutWrites(f.Else.Statements, kept).ToEquatableArray()) },
            Loop l => l with { Head = new Block(WithoutWrites(l.Head.Statements, kept).ToEquatableArray()), Body = new Block(WithoutWrites(l.Body.Statements, kept).ToEquatableArray()) },
            _ => s,
        })
        .ToList();
}
