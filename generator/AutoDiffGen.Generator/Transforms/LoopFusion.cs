using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Transforms;

/// <summary>
/// Fuses a loop with its reverse, a pass over the two sweeps once they are made: a loop that ends the forward sweep and
/// only accumulates sums (Rosenbrock, a sum of squares) runs once, forwards, each iteration computing its values and
/// then its adjoints, where the reverse sweep had it. One pass over the data instead of two, as a person writes it.
/// </summary>
internal static partial class LoopFusion
{
    /// <summary>
    /// Whether the reverse of <paramref name="loop"/> may run forwards, fused with it: it tapes nothing, runs a fixed
    /// number of iterations, stores no element and only accumulates sums (<see cref="OnlyAccumulates"/>).
    /// </summary>
    /// <param name="loop">A loop of the forward sweep.</param>
    /// <param name="state">Its state.</param>
    /// <param name="taped">The state it pushes on the tape for its reverse.</param>
    /// <param name="reversedBody">The reverse sweep of one of its iterations.</param>
    public static bool CanFuse(Loop loop, HashSet<string> state, IReadOnlyCollection<string> taped, List<Stmt> reversedBody)
        => loop.Condition is null && taped.Count == 0 && !IrWalker.Any(loop.Body, s => s is StoreElement or SaveElement)
            && !IrWalker.Any(new Block(reversedBody.ToEquatableArray()), x => x is TapePop) && OnlyAccumulates(loop, state);

    /// <summary>
    /// The two sweeps with the loop that ends <paramref name="forward"/> fused with its reverse, if it is a candidate:
    /// the forward loop and what follows it (marks after it, comments) leave the forward sweep, and the fused loop takes
    /// the reverse loop's place (the undos of the marks taken after the loop leave the reverse sweep: the fused loop runs
    /// where the forward sweep ends). Null if no loop is fused.
    /// </summary>
    /// <param name="forward">The forward sweep (not instrumented).</param>
    /// <param name="reverse">The reverse sweep.</param>
    /// <param name="candidates">The reversed loops that may be fused (<see cref="CanFuse"/>).</param>
    /// <param name="endMarks">Per loop of the forward sweep, the marks taken after it.</param>
    /// <param name="adjoints">The adjoint local of each variable.</param>
    public static FusedSweeps? Apply(List<Stmt> forward, List<Stmt> reverse, IReadOnlyDictionary<Loop, FusionCandidate> candidates, IReadOnlyDictionary<Loop, List<(string Array, string Mark)>> endMarks, IReadOnlyDictionary<string, string> adjoints)
    {
        // The marks taken after the loop are not needed: the fused loop runs where the forward sweep ends.
        var marks = new HashSet<string>(endMarks.Values.SelectMany(m => m).Select(m => m.Mark));
        int last = forward.FindLastIndex(s => s is not Comment && !(s is Assign a && marks.Contains(a.Name)));
        if (last < 0 || forward[last] is not Loop loop) return null;
        int at = reverse.FindIndex(s => s is Loop r && candidates.TryGetValue(r, out var f) && f.Strict && ReferenceEquals(f.Forward, loop));
        if (at < 0) return null;
        var fusedReverse = new List<Stmt>(reverse);
        if (endMarks.TryGetValue(loop, out var undone))
        {
            var names = new HashSet<string>(undone.Select(m => m.Mark));
            int removed = fusedReverse.Take(at).Count(s => s is UndoWrites u && u.Mark is Var v && names.Contains(v.Name));
            fusedReverse.RemoveAll(s => s is UndoWrites u && u.Mark is Var v && names.Contains(v.Name));
            at -= removed;
        }
        var reversed = (Loop)fusedReverse[at];
        var body = loop.Body.Statements.Concat(SumAdjointsUnchanged(loop, candidates[reversed].ReversedBody, adjoints)).ToEquatableArray();
        var fused = loop with { Body = new Block(body) };
        fusedReverse[at] = fused;
        var fusedForward = forward.Take(last).ToList();
        while (fusedForward.Count > 0 && fusedForward[fusedForward.Count - 1] is Comment) fusedForward.RemoveAt(fusedForward.Count - 1);
        return new FusedSweeps(fusedForward, fusedReverse, reversed, fused);
    }

    /// <summary>
    /// In a loop that only accumulates sums, each iteration takes a sum's adjoint <c>s̄</c> for the new value
    /// (<c>s'̄ = s̄</c>), zeroes <c>s̄</c> and adds <c>s'̄</c> back: <c>s̄</c> ends as it began. Those two statements
    /// are dropped, so <c>s̄</c> is a constant of the loop (1 for a gradient) that simplification folds away.
    /// </summary>
    private static List<Stmt> SumAdjointsUnchanged(Loop loop, List<Stmt> reversedBody, IReadOnlyDictionary<string, string> adjoints)
    {
        var result = new List<Stmt>(reversedBody);
        foreach (var back in loop.Body.Statements.OfType<Assign>())
        {
            if (back.Value is not Var updated || !adjoints.TryGetValue(back.Name, out var sum) || !adjoints.TryGetValue(updated.Name, out var next)) continue;
            int zeroed = result.FindIndex(x => x is Assign { Value: Const { Value: 0 } } z && z.Name == sum);
            int readded = result.FindIndex(x => x is Assign { Value: Binary { Op: BinaryOp.Add, Left: Var self, Right: Var added } } r && r.Name == sum && self.Name == sum && added.Name == next);
            if (zeroed < 0 || readded < zeroed) continue;
            result.RemoveAt(readded);
            result.RemoveAt(zeroed);
        }
        return result;
    }

    /// <summary>
    /// Whether each of the loop's state variables is a sum: read once, in <c>s' = s ± e</c> with <c>e</c> free of
    /// the state, and <c>s'</c> only carried to the next iteration. Then the state's adjoints are the same in every
    /// iteration, and the iterations can be reversed in any order — also forwards, fused with the forward sweep.
    /// </summary>
    private static bool OnlyAccumulates(Loop loop, HashSet<string> state)
    {
        foreach (var s in state)
        {
            var readers = IrWalker.All(loop.Body).Where(x => Mentions(x, s)).ToList();
            // The update (s' = s ± e) and the back edge (s = s').
            if (readers.Count != 2) return false;
            if (readers[0] is not Declare { Init: Binary { Op: BinaryOp.Add or BinaryOp.Subtract } sum } update) return false;
            var other = sum.Left is Var left && left.Name == s ? sum.Right : sum.Op == BinaryOp.Add && sum.Right is Var right && right.Name == s ? sum.Left : null;
            if (other is null || IrWalker.Reads(other).Overlaps(state)) return false;
            if (readers[1] is not Assign { Value: Var carried } back || back.Name != s || carried.Name != update.Name) return false;
            if (IrWalker.All(loop.Body).Count(x => Mentions(x, update.Name)) != 2) return false;
        }
        return true;
    }

    private static bool Mentions(Stmt statement, string name)
    {
        if (statement is If or Loop) return false; // nested statements are visited on their own
        return IrWalker.Mentions(statement, name);
    }
}

/// <summary>The two sweeps after <see cref="LoopFusion.Apply"/>: <paramref name="Fused"/> stands in the reverse sweep where <paramref name="Replaced"/> stood.</summary>
internal sealed record FusedSweeps(List<Stmt> Forward, List<Stmt> Reverse, Loop Replaced, Loop Fused);

/// <summary>A reversed loop that may be fused: the forward loop it reverses, and the reverse sweep of one iteration.</summary>
/// <paramref name="Strict"/>: it stores no element and its reverse pops nothing (<see cref="LoopFusion.CanFuse"/>).
/// <paramref name="InPlace"/>: it may also run fused where the forward sweep has it (<see cref="LoopFusion.CanFuseInPlace"/>).
internal sealed record FusionCandidate(Loop Forward, List<Stmt> ReversedBody, bool Strict, bool InPlace);
