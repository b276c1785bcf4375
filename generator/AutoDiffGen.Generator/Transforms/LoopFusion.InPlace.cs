using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;
using static AutoDiffGen.Generator.Ir.IrBuilder;

namespace AutoDiffGen.Generator.Transforms;

/// <summary>
/// Fusion in place: a loop that only accumulates sums runs fused with its reverse where the forward sweep has it, not
/// only when it ends the forward sweep. This is how a person writes the adjoint of a loop over data points followed by
/// more code (GMM's loop over the points, then the prior): each iteration computes its values, keeps what its nested
/// loops' reverses need on the tape, and at once runs its own reverse, which pops them. Nothing of the iteration is
/// computed twice, and the tape holds one iteration's values at a time.
/// <para>
/// The reverse of an iteration needs the adjoints of the sums, which the reverse sweep computes from the statements
/// after the loop. When those adjoints depend only on the seeds and on values known before the loop (the sum is added
/// into the result: its adjoint is the seed), their computation is copied before the fused loop. The adjoints the
/// iterations add into scalars outside the loop are summed in locals of their own, added where the reverse loop stood;
/// those added into arrays go there at once, which is right when the reverses of the statements after the loop only add
/// into those arrays too (and do not touch at all an adjoint array the iterations read).
/// </para>
/// </summary>
internal static partial class LoopFusion
{
    /// <summary>
    /// Whether the reverse of <paramref name="loop"/> may run fused with it where the forward sweep has it: it tapes nothing,
    /// runs a fixed number of iterations, only accumulates sums (<see cref="OnlyAccumulates"/>), writes only scratch arrays
    /// (its own and its nested loops', filled whole in each iteration), logs and undoes nothing, and pops only in its
    /// nested loops' reverses (what they pop, the fused iteration's nested loops push).
    /// </summary>
    public static bool CanFuseInPlace(Loop loop, HashSet<string> state, IReadOnlyCollection<string> taped, List<Stmt> reversedBody, HashSet<string> scratch)
    {
        if (loop.Condition is not null || taped.Count != 0) return false;
        if (IrWalker.Any(loop.Body, s => s is SaveElement or UndoWrites || (s is ElementWrite w && !scratch.Contains(w.Array)))) return false;
        var reversed = new Block(reversedBody.ToEquatableArray());
        if (IrWalker.Any(reversed, s => s is UndoWrites or SaveElement) || PopsOutsideLoops(reversedBody)) return false;
        return OnlyAccumulates(loop, state);
    }

    private static bool PopsOutsideLoops(IEnumerable<Stmt> statements) => statements.Any(s => s switch
    {
        TapePop or TapePopElements => true,
        If f => PopsOutsideLoops(f.Then.Statements) || PopsOutsideLoops(f.Else.Statements),
        NestedBlock n => PopsOutsideLoops(n.Body.Statements),
        _ => false,
    });

    /// <summary>
    /// The two sweeps with each candidate loop of the forward sweep's top level fused in place (see the class). The
    /// candidates that do not qualify stay as they are.
    /// </summary>
    /// <param name="forward">The forward sweep (not instrumented).</param>
    /// <param name="reverse">The reverse sweep.</param>
    /// <param name="candidates">The reversed loops that may be fused (<see cref="CanFuseInPlace"/>).</param>
    /// <param name="loops">What instruments the nested loops of a fused iteration (they push what their reverses pop).</param>
    /// <param name="adjoints">The adjoint local of each variable.</param>
    /// <param name="containerAdjoints">The adjoint array of each active array.</param>
    /// <param name="iterationAdjoints">Per reversed loop, the adjoints local to its iteration.</param>
    /// <param name="parameters">The method's parameters: values known before any loop.</param>
    public static (List<Stmt> Forward, List<Stmt> Reverse) ApplyInPlace(List<Stmt> forward, List<Stmt> reverse, IReadOnlyDictionary<Loop, FusionCandidate> candidates,
        LoopReversal loops, IReadOnlyDictionary<string, string> adjoints, IReadOnlyDictionary<string, string> containerAdjoints,
        IReadOnlyDictionary<Loop, HashSet<string>> iterationAdjoints, IEnumerable<string> parameters, ReverseState state)
    {
        // Copies, changed in place as loops are fused (the caller's lists stay as they were).
        forward = new List<Stmt>(forward);
        reverse = new List<Stmt>(reverse);
        var adjointLocals = new HashSet<string>(adjoints.Values);
        var adjointArrays = new HashSet<string>(containerAdjoints.Values);
        var known = new HashSet<string>(parameters);
        foreach (var d in state.Prologue.OfType<Declare>()) known.Add(d.Name);
        for (int at = reverse.Count - 1; at >= 0; at--)
        {
            if (reverse[at] is not Loop reversed || !candidates.TryGetValue(reversed, out var candidate) || !candidate.InPlace) continue;
            var loop = candidate.Forward;
            int position = forward.FindIndex(s => ReferenceEquals(s, loop));
            if (position < 0) continue;
            var fused = Fuse(forward, position, reverse, at, candidate, loops, adjoints, adjointLocals, adjointArrays, iterationAdjoints, known, state);
            if (fused is null) continue;
            forward.RemoveAt(position);
            forward.InsertRange(position, fused.Value.Forward);
            reverse.RemoveAt(at);
            reverse.InsertRange(at, fused.Value.Reverse);
        }
        return (forward, reverse);
    }

    /// <summary>What replaces the loop in the forward sweep and its reverse in the reverse sweep, or null if it cannot be fused in place.</summary>
    private static (List<Stmt> Forward, List<Stmt> Reverse)? Fuse(List<Stmt> forward, int position, List<Stmt> reverse, int at, FusionCandidate candidate, LoopReversal loops,
        IReadOnlyDictionary<string, string> adjoints, HashSet<string> adjointLocals, HashSet<string> adjointArrays, IReadOnlyDictionary<Loop, HashSet<string>> iterationAdjoints,
        HashSet<string> known, ReverseState state)
    {
        var loop = candidate.Forward;
        var iterationLocal = iterationAdjoints.TryGetValue((Loop)reverse[at], out var local) ? local : new HashSet<string>();
        var body = SumAdjointsUnchanged(loop, candidate.ReversedBody, adjoints);
        var sums = new HashSet<string>(LoopVariables.StateOf(loop).Where(adjoints.ContainsKey).Select(s => adjoints[s]));
        var mentioned = new HashSet<string>();
        foreach (var s in body) IrWalker.CollectNames(s, mentioned);

        // The reverses of the statements after the loop run before the loop's in the reverse sweep, after it once fused.
        // An adjoint array the iterations only add into: those reverses must not read or reset it (they would see the
        // loop's contributions). One the iterations read: those reverses must not touch it (the iterations would miss
        // what they add).
        var after = reverse.Take(at).ToList();
        foreach (var array in mentioned.Where(adjointArrays.Contains))
        {
            if (OnlyAddedInto(body, array) ? !OnlyAddedInto(after, array) : after.Any(s => IrWalker.Mentions(s, array))) return null;
        }

        // Scalars outside the loop whose adjoints the iterations add into: summed in a local of their own.
        var renamed = new Dictionary<string, string>();
        var carried = new List<(string Adjoint, string Part)>();
        foreach (var adjoint in mentioned.Where(n => adjointLocals.Contains(n) && !iterationLocal.Contains(n) && !sums.Contains(n)).OrderBy(n => n, System.StringComparer.Ordinal))
        {
            if (!OnlyAddedInto(body, adjoint)) return null;
            var part = state.Fresh(adjoint + "_part", state.Types[adjoint]);
            renamed[adjoint] = part;
            carried.Add((adjoint, part));
        }

        // The sums' adjoints, computed before the loop from what the reverse sweep computes them from.
        var needed = new HashSet<string>(sums.Where(mentioned.Contains));
        var before = new List<Stmt>();
        if (needed.Count > 0)
        {
            var slice = Slice(forward, position, reverse, at, needed, adjointLocals, known, state);
            if (slice is null) return null;
            if (slice.Value.Renamed.Keys.Any(renamed.ContainsKey)) return null;
            foreach (var entry in slice.Value.Renamed) renamed[entry.Key] = entry.Value;
            before.AddRange(slice.Value.Statements);
        }
        // The iteration's adjoints are declared in its body (and in its nested loops' bodies) as the reverse sweep's are,
        // before the names outside it are replaced (the nested loops are known by reference); then the sums' copies at
        // their first write and the parts before the loop.
        var fusedLoop = loop with { Body = new Block(loops.Instrument(loop.Body.Statements).Concat(body).ToEquatableArray()) };
        var inIteration = new HashSet<string>(mentioned.Where(iterationLocal.Contains));
        var iterationLocals = new Dictionary<Loop, HashSet<string>>(ReferenceComparer<Loop>.Instance) { [fusedLoop] = inIteration };
        foreach (var entry in iterationAdjoints) iterationLocals[entry.Key] = entry.Value;
        var placed = DeclarationPlacement.Apply(new List<Stmt> { fusedLoop }, inIteration, state.Types, iterationLocals);
        before.AddRange(Renamed(placed, renamed));
        var outside = new HashSet<string>(carried.Select(c => c.Part));
        outside.UnionWith(renamed.Values.Where(n => !before.OfType<Declare>().Any(d => d.Name == n)));
        before = DeclarationPlacement.Apply(before, outside, state.Types, new Dictionary<Loop, HashSet<string>>(ReferenceComparer<Loop>.Instance));
        var added = carried.Select(c => IrBuilder.Accumulate(c.Adjoint, state.Types[c.Adjoint], new Var(c.Part, state.Types[c.Part]))).ToList();
        return (before, added);
    }

    /// <summary>
    /// The statements of the reverse sweep before <paramref name="at"/> that compute the adjoints <paramref name="needed"/>,
    /// copied under new names (not declared: an adjoint starts at zero), after copies of the values they read that the
    /// forward sweep computes after the loop at <paramref name="position"/> (each assigned once, from arithmetic on values
    /// known before the loop: <c>(double)n</c> in <c>s / n</c>); null when they are not all straight-line scalar arithmetic
    /// on values known before the loop (<paramref name="known"/>, or declared before the loop and not assigned from it on).
    /// </summary>
    private static (List<Stmt> Statements, Dictionary<string, string> Renamed)? Slice(List<Stmt> forward, int position, List<Stmt> reverse, int at, HashSet<string> needed,
        HashSet<string> adjointLocals, HashSet<string> known, ReverseState state)
    {
        var work = new HashSet<string>(needed);
        var taken = new List<Stmt>();
        var assigned = new HashSet<string>();
        for (int i = at - 1; i >= 0; i--)
        {
            var s = reverse[i];
            if (s is Comment) continue;
            var writes = IrWalker.AssignmentCounts(new Block(EquatableArray.Of(s)));
            if (!writes.Keys.Any(work.Contains)) continue;
            var value = s switch { Declare { Init: { } init } => init, Assign a => a.Value, _ => null };
            if (value is null || !IsArithmetic(value)) return null;
            taken.Insert(0, s);
            assigned.Add(s is Declare d ? d.Name : ((Assign)s).Name);
            IrWalker.Reads(value, work);
        }

        var assignedFrom = IrWalker.AssignmentCounts(new Block(forward.Skip(position).ToEquatableArray()));
        var before = new HashSet<string>(known);
        foreach (var d in forward.Take(position).OfType<Declare>()) before.Add(d.Name);
        var later = new Dictionary<string, Declare>();
        foreach (var d in forward.Skip(position + 1).OfType<Declare>())
        {
            if (d.Init is { } init && IsArithmetic(init) && assignedFrom.TryGetValue(d.Name, out var count) && count == 1) later[d.Name] = d;
        }
        var renamed = new Dictionary<string, string>();
        var recomputed = new HashSet<string>();
        var pending = new Stack<string>(work.OrderBy(n => n, System.StringComparer.Ordinal));
        while (pending.Count > 0)
        {
            var name = pending.Pop();
            if (renamed.ContainsKey(name) || (before.Contains(name) && !assignedFrom.ContainsKey(name))) continue;
            if (!assigned.Contains(name) && !adjointLocals.Contains(name))
            {
                if (!later.TryGetValue(name, out var definition)) return null;
                recomputed.Add(name);
                foreach (var read in IrWalker.Reads(definition.Init!)) pending.Push(read);
            }
            renamed[name] = state.Fresh(name, state.Types[name]);
        }
        var statements = forward.Skip(position + 1).Where(s => s is Declare d && recomputed.Contains(d.Name)).Concat(taken);
        return (Renamed(statements, renamed).ToList(), renamed);
    }

    /// <summary>Constants, names and spans' lengths combined by operators and conversions: nothing that reads elements or calls.</summary>
    private static bool IsArithmetic(Expr value)
    {
        bool plain = true;
        IrWalker.Visit(value, e => plain &= e is Const or Var or Length or Unary or Binary or Ir.Convert or Conditional);
        return plain;
    }

    /// <summary>
    /// Whether every mention of <paramref name="adjoint"/> (a scalar or an array) adds into it: <c>a = a + e</c>,
    /// <c>a[i] += e</c>, or a pullback's ref argument (a pullback adds into its adjoints).
    /// </summary>
    private static bool OnlyAddedInto(IEnumerable<Stmt> statements, string adjoint)
    {
        var only = new HashSet<string> { adjoint };
        bool Reads(Expr? e) => e is not null && IrWalker.ReadsAny(e, only);
        foreach (var s in IrWalker.All(new Block(statements.ToEquatableArray())))
        {
            switch (s)
            {
                case If f:
                    if (Reads(f.Condition)) return false;
                    continue;
                case Loop l:
                    if (Reads(l.From) || Reads(l.To) || Reads(l.Condition)) return false;
                    continue;
                case NestedBlock:
                    continue;
            }
            if (!IrWalker.Mentions(s, adjoint)) continue;
            bool adds = s switch
            {
                Assign { Value: Binary { Op: BinaryOp.Add or BinaryOp.Subtract, Left: Var self } sum } a => a.Name == adjoint && self.Name == adjoint && !Reads(sum.Right),
                AccumulateElement e => e.Array == adjoint && !Reads(e.Index) && !Reads(e.Value),
                Invoke i => i.Targets.All(t => t != adjoint) && i.Call.Args.All(arg => arg.Value is Var v && v.Name == adjoint ? arg.Kind == ParamKind.Ref : !Reads(arg.Value)),
                _ => false,
            };
            if (!adds) return false;
        }
        return true;
    }

    /// <summary>Statements with the names in <paramref name="names"/> replaced, where they are read and where they are assigned.</summary>
    private static IEnumerable<Stmt> Renamed(IEnumerable<Stmt> statements, IReadOnlyDictionary<string, string> names)
    {
        var block = new Block(statements.ToEquatableArray());
        if (names.Count == 0) return block.Statements;
        string Name(string name) => names.TryGetValue(name, out var to) ? to : name;
        Block Targets(Block b) => new(b.Statements.Select(s => s switch
        {
            Declare d => d with { Name = Name(d.Name) },
            Assign a => a with { Name = Name(a.Name) },
            Invoke i => i with { Targets = i.Targets.Select(Name).ToEquatableArray() },
            TapePop p => p with { Target = Name(p.Target) },
            If f => f with { Then = Targets(f.Then), Else = Targets(f.Else) },
            Loop l => l with { Head = Targets(l.Head), Body = Targets(l.Body), Step = Targets(l.Step) },
            NestedBlock n => n with { Body = Targets(n.Body) },
            _ => s,
        }).ToEquatableArray());
        return Targets(IrWalker.MapExpressions(block, e => e is Var v && names.TryGetValue(v.Name, out var to) ? v with { Name = to } : e)).Statements;
    }
}
