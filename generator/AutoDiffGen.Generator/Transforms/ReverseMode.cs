using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;
using static AutoDiffGen.Generator.Ir.IrBuilder;

namespace AutoDiffGen.Generator.Transforms;

/// <summary>
/// Reverse mode (pullback, VJP, gradient) on canonical IR: the forward sweep is the canonical body
/// itself (every value it computes stays in its SSA local), followed by the reverse sweep, which visits
/// statements last to first and adds <c>v̄ · ∂v/∂a</c> into <c>ā</c> for every active operand. Branches
/// are replayed from the bool locals that decided them; calls are reversed through the callee's
/// pullback. Adjoints of locals are declared where they are first written (<c>double t0_bar = …</c>).
/// <para>
/// Like a person writing an adjoint by hand, it keeps adjoints in locals (also those of the parameters,
/// written to the out/ref parameters once at the end, so they stay in registers) and sums the
/// contributions to an adjoint in straight-line code as a balanced tree when the adjoint is needed,
/// instead of a chain of dependent <c>+=</c>.
/// </para>
/// </summary>
internal sealed class ReverseMode
{
    private const string AdjointHeading = "adjoint of: ";

    private readonly HashSet<string> active;
    private readonly Dictionary<string, string> adjointNames;
    private readonly Dictionary<string, IrType> types;
    private readonly NameAllocator names;
    private readonly HashSet<string> mentioned = new();
    private readonly Dictionary<string, List<Expr>> pendingSums = new();
    private readonly Dictionary<string, string> containerAdjoints = new();
    private readonly HashSet<string> multiplyAssigned = new();
    private readonly Dictionary<Loop, List<Stmt>> instrumented = new(ReferenceComparer<Loop>.Instance);
    private readonly Dictionary<Loop, HashSet<string>> loopLocalAdjoints = new(ReferenceComparer<Loop>.Instance);
    private readonly Dictionary<Loop, FusionCandidate> fusible = new(ReferenceComparer<Loop>.Instance);
    // Arrays whose writes are logged (a loop reads them back), and per loop the marks taken after it.
    private readonly HashSet<string> logged = new();
    private Dictionary<Loop, List<DeclareArray>> scratch = new(ReferenceComparer<Loop>.Instance);
    private readonly Dictionary<Loop, List<(string Array, string Mark)>> endMarks = new(ReferenceComparer<Loop>.Instance);
    private readonly HashSet<string> endMarkNames = new();
    private int depth;
    private readonly List<Stmt> prologue = new();
    // Adjoints the prologue declares (a matrix parameter's), not declared again where first written.
    private readonly HashSet<string> predeclared = new();
    private readonly List<MissingDerivative> problems = new();

    private ReverseMode(HashSet<string> active, Dictionary<string, string> adjointNames, Dictionary<string, IrType> types, NameAllocator names)
    {
        this.active = active;
        this.adjointNames = adjointNames;
        this.types = types;
        this.names = names;
    }

    /// <summary>
    /// The body of a pullback (no return) or gradient (returns the value) of the canonical <paramref name="function"/>.
    /// </summary>
    /// <param name="function">Canonical IR; its last statement is its only return.</param>
    /// <param name="seeds">The seed of each output (a parameter, or the constant 1 for a gradient).</param>
    /// <param name="parameterAdjoints">Adjoint (ref or out parameter) of each active parameter.</param>
    /// <param name="overwriteAdjoints">True for a gradient: the adjoint parameters are out, assigned rather than accumulated.</param>
    /// <param name="outputAdjoints">The adjoint span of each output span, holding its seed; the reverse sweep consumes it.</param>
    /// <param name="active">
    /// The active variables from the parameters in <paramref name="parameterAdjoints"/> to the results and the output spans,
    /// when the caller has them (<see cref="Activity.Analyze"/> otherwise); not changed.
    /// </param>
    public static Block Apply(Function function, IReadOnlyList<Expr> seeds, IReadOnlyDictionary<string, string> parameterAdjoints, bool overwriteAdjoints, bool returnValue, NameAllocator names, List<MissingDerivative> problems,
        IReadOnlyDictionary<string, string>? outputAdjoints = null, HashSet<string>? active = null)
    {
        var types = Activity.Types(function);
        var statements = function.Body.Statements;
        var ret = (Return)statements[statements.Count - 1]; // replaced below when the result must be kept aside
        var forward = statements.Take(statements.Count - 1).ToList();
        var outputs = ret.Values.OfType<Var>().Select(v => v.Name).ToList();
        outputs.AddRange(outputAdjoints?.Keys ?? Enumerable.Empty<string>());
        active = active is null ? Activity.Analyze(function.Body, parameterAdjoints.Keys, outputs, types) : new HashSet<string>(active);

        foreach (var p in parameterAdjoints) types[p.Value] = types[p.Key];
        var transform = new ReverseMode(active, new Dictionary<string, string>(), types, names);
        var containers = function.Params.Where(p => p.IsContainer && parameterAdjoints.ContainsKey(p.Name)).ToList();
        foreach (var p in containers) transform.containerAdjoints[p.Name] = parameterAdjoints[p.Name];
        foreach (var output in outputAdjoints ?? new Dictionary<string, string>())
        {
            transform.containerAdjoints[output.Key] = output.Value;
            types[output.Value] = types[output.Key];
        }
        foreach (var loop in IrWalker.All(function.Body).OfType<Loop>()) transform.multiplyAssigned.UnionWith(LoopVariables.StateOf(loop));
        // A matrix parameter's adjoint is accumulated in place from the start: into the caller's gradient (zeroed on
        // entry), or into the caller's adjoint when it has one (a pullback's null adjoint is created on first use).
        var matrixParams = function.Params.Where(p => p.Type == IrType.Matrix && parameterAdjoints.ContainsKey(p.Name)).ToList();
        foreach (var p in matrixParams)
        {
            var local = transform.AdjointName(p.Name);
            transform.mentioned.Add(local);
            transform.predeclared.Add(local);
            var callerAdjoint = new Var(parameterAdjoints[p.Name], IrType.Matrix);
            if (overwriteAdjoints)
            {
                transform.prologue.Add(new Declare(local, IrType.Matrix, callerAdjoint));
            }
            else
            {
                transform.prologue.Add(new Declare(local, IrType.Matrix, null));
                transform.prologue.Add(MatrixHelperInto(local, "AdjointOrNull", new Arg(callerAdjoint, ParamKind.Ref)));
            }
        }

        // Arrays the method writes and reads back: local arrays, and outputs it reads. A loop's reverse sweep recomputes
        // its iterations, which read them: their writes are logged, to give each iteration the contents it began with
        // (unless the iterations do not depend on those contents: see BufferAnalysis).
        var arrays = IrWalker.All(function.Body).OfType<DeclareArray>().ToList();
        var readBack = new HashSet<string>(arrays.Select(a => a.Name));
        readBack.UnionWith((outputAdjoints?.Keys ?? Enumerable.Empty<string>()).Where(y => BufferAnalysis.ReadsElements(function.Body, y)));
        transform.logged.UnionWith(BufferAnalysis.ArraysToLog(function.Body, readBack));
        foreach (var array in arrays.Where(a => active.Contains(a.Name)))
        {
            var adjoint = names.Fresh(array.Name + "_bar");
            transform.containerAdjoints[array.Name] = adjoint;
            types[array.Name] = array.Type;
            types[adjoint] = array.Type;
        }
        forward = transform.Prepare(forward);
        transform.scratch = BufferAnalysis.ScratchScopes(new Block(forward.ToEquatableArray()));
        var reverse = new List<Stmt> { new Comment("Reverse sweep: adjoints flow from the result back to the inputs.") };
        for (int i = 0; i < ret.Values.Count; i++)
        {
            if (ret.Values[i] is Var v && active.Contains(v.Name)) transform.Accumulate(v.Name, seeds[i], reverse);
        }
        transform.ReverseBlock(forward, reverse);
        problems.AddRange(transform.problems);
        if (LoopFusion.Apply(forward, reverse, transform.fusible, transform.endMarks, transform.adjointNames) is { } fusion)
        {
            (forward, reverse) = (fusion.Forward, fusion.Reverse);
            transform.loopLocalAdjoints[fusion.Fused] = transform.loopLocalAdjoints[fusion.Replaced];
        }
        // The forward sweep's loops push what their reverse needs.
        forward = transform.Instrument(forward);


        // The parameters' adjoints go to the out/ref parameters once, at the end.
        var finals = new List<Stmt>();
        foreach (var p in matrixParams)
        {
            var local = new Var(transform.adjointNames[p.Name], IrType.Matrix);
            var callerAdjoint = new Var(parameterAdjoints[p.Name], IrType.Matrix);
            finals.Add(overwriteAdjoints
                ? MatrixHelper("StoreGradient", new Arg(local, ParamKind.Value), new Arg(callerAdjoint, ParamKind.Ref))
                : MatrixHelper("StoreAdjoint", new Arg(callerAdjoint, ParamKind.Ref), new Arg(local, ParamKind.Value)));
        }
        foreach (var p in parameterAdjoints.Where(p => !transform.containerAdjoints.ContainsKey(p.Key) && types[p.Key] != IrType.Matrix))
        {
            var local = transform.adjointNames.TryGetValue(p.Key, out var name) ? name : null;
            var terms = new List<Expr>();
            if (local is not null && transform.mentioned.Contains(local)) terms.Add(new Var(local, types[p.Key]));
            if (local is not null && transform.pendingSums.TryGetValue(local, out var pending)) terms.AddRange(pending);
            var total = BalancedSum(types[p.Key], terms);
            if (overwriteAdjoints) finals.Add(new Assign(p.Value, total));
            else if (!IsConst(total, 0)) finals.Add(IrBuilder.Accumulate(p.Value, types[p.Key], total));
        }

        reverse.AddRange(finals);
        // Outputs read back: the undos of the reverse sweep change them, so their final values are kept aside.
        var keptOutputs = function.Params.Where(p => p.Kind == ParamKind.Out && p.IsContainer && transform.logged.Contains(p.Name)).ToList();
        foreach (var y in keptOutputs)
        {
            var final = names.Fresh(y.Name + "_final");
            forward.Add(new DeclareArray(final, y.Type, new Length(new Var(y.Name, y.Type)), Stack: false));
            forward.Add(new CopyElements(y.Name, final, y.Type));
            reverse.Add(new CopyElements(final, y.Name, y.Type));
        }
        var placed = transform.PlaceDeclarations(reverse);
        // A gradient zeroes its output spans first, before any value is computed: no value is then live across
        // the call (the JIT keeps no floating-point register across a call, so it would spill the loop's sum).
        var body = new List<Stmt>();
        if (overwriteAdjoints) body.AddRange(containers.Select(p => (Stmt)new ClearSpan(parameterAdjoints[p.Name])));
        body.AddRange(transform.prologue);
        body.AddRange(forward);
        if (returnValue)
        {
            // A loop's state that the reverse sweep restores from the tape: the result is kept aside first.
            var restored = new HashSet<string>(IrWalker.All(new Block(placed.ToEquatableArray())).OfType<TapePop>().Select(p => p.Target));
            var values = new List<Expr>();
            foreach (var value in ret.Values)
            {
                if (value is Var v && restored.Contains(v.Name))
                {
                    var kept = names.Fresh(v.Name + "_result");
                    body.Add(new Declare(kept, v.Type, v));
                    values.Add(new Var(kept, v.Type));
                }
                else
                {
                    values.Add(value);
                }
            }
            ret = new Return(values.ToEquatableArray());
        }
        body.AddRange(placed);
        if (returnValue) body.Add(ret);
        return new Block(body.ToEquatableArray());
    }

    /// <summary>A sum as a balanced tree, so that its additions do not wait on each other.</summary>
    private static Expr BalancedSum(IrType type, List<Expr> terms)
    {
        if (terms.Count == 0) return Constant(type, 0);
        var level = terms;
        while (level.Count > 1)
        {
            var next = new List<Expr>();
            for (int i = 0; i + 1 < level.Count; i += 2) next.Add(Add(level[i], level[i + 1]));
            if (level.Count % 2 == 1) next.Add(level[level.Count - 1]);
            level = next;
        }
        return level[0];
    }

    private string AdjointName(string name)
    {
        if (!adjointNames.TryGetValue(name, out var adjoint))
        {
            adjoint = names.Fresh(name + "_bar");
            adjointNames[name] = adjoint;
            types[adjoint] = types[name];
        }
        return adjoint;
    }

    /// <summary>Adds a contribution to the adjoint of <paramref name="name"/>: kept for a balanced sum in straight-line code, added at once in a branch.</summary>
    private void Accumulate(string name, Expr value, List<Stmt> output)
    {
        if (IsConst(value, 0)) return;
        var adjoint = AdjointName(name);
        // A matrix adjoint is added into at once, in place: there is no sum of matrices to balance.
        if (depth == 0 && types[name] != IrType.Matrix)
        {
            if (!pendingSums.TryGetValue(adjoint, out var list)) pendingSums[adjoint] = list = new List<Expr>();
            list.Add(value);
            return;
        }
        mentioned.Add(adjoint);
        output.Add(IrBuilder.Accumulate(adjoint, types[name], value));
    }

    /// <summary>Adds the pending contributions of an adjoint into its local.</summary>
    private void Flush(string adjoint, List<Stmt> output)
    {
        if (!pendingSums.TryGetValue(adjoint, out var list) || list.Count == 0) return;
        pendingSums.Remove(adjoint);
        mentioned.Add(adjoint);
        output.Add(IrBuilder.Accumulate(adjoint, types[adjoint], BalancedSum(types[adjoint], list)));
    }

    private void FlushAll(List<Stmt> output)
    {
        foreach (var adjoint in pendingSums.Keys.OrderBy(k => k, System.StringComparer.Ordinal).ToList()) Flush(adjoint, output);
    }

    /// <summary>The adjoint of <paramref name="name"/>, complete (its pending sum added), or null if nothing flows into it.</summary>
    private Expr? AdjointOf(string name, List<Stmt> output)
    {
        if (!adjointNames.TryGetValue(name, out var adjoint)) return null;
        Flush(adjoint, output);
        return mentioned.Contains(adjoint) ? new Var(adjoint, types[name]) : null;
    }

    /// <summary>Reverses a list of statements; each source statement's comment heads its adjoint block.</summary>
    private void ReverseBlock(IReadOnlyList<Stmt> statements, List<Stmt> output)
    {
        var pending = new List<Stmt>();
        for (int i = statements.Count - 1; i >= 0; i--)
        {
            var statement = statements[i];
            if (statement is Comment comment)
            {
                if (pending.Count > 0)
                {
                    output.Add(comment.Text.StartsWith(AdjointHeading, System.StringComparison.Ordinal) ? comment : new Comment(AdjointHeading + comment.Text));
                    output.AddRange(pending);
                    pending.Clear();
                }
                continue;
            }
            ReverseStatement(statement, pending);
        }
        output.AddRange(pending);
    }

    private void ReverseStatement(Stmt statement, List<Stmt> output)
    {
        switch (statement)
        {
            case Declare { Init: not null } d when active.Contains(d.Name):
                ReverseAssignment(d.Name, d.Init, output);
                break;
            case Assign a when active.Contains(a.Name):
                ReverseAssignment(a.Name, a.Value, output);
                break;
            case Invoke invoke:
                ReverseInvoke(invoke, output);
                break;
            case If f:
                // The branches read and add to adjoints: everything pending is added first.
                FlushAll(output);
                depth++;
                var whenTrue = new List<Stmt>();
                ReverseBlock(f.Then.Statements, whenTrue);
                var whenFalse = new List<Stmt>();
                ReverseBlock(f.Else.Statements, whenFalse);
                depth--;
                if (whenTrue.Any(s => s is not Comment) || whenFalse.Any(s => s is not Comment))
                {
                    output.Add(new If(f.Condition, new Block(whenTrue.ToEquatableArray()), new Block(whenFalse.ToEquatableArray())));
                }
                break;
            case Loop loop:
                FlushAll(output);
                ReverseLoop(loop, output);
                break;
            case StoreElement store when active.Contains(store.Array) && containerAdjoints.TryGetValue(store.Array, out var stored):
                // y[i] = v: v̄ = ȳ[i], and the value it overwrote had no effect on the output: ȳ[i] = 0.
                var consumed = ElementAdjoint(store.Array, stored, store.Index, output);
                output.Add(new StoreElement(stored, store.Index, Constant(types[store.Array], 0)));
                if (store.Value is Var written && active.Contains(written.Name)) Accumulate(written.Name, ConvertTo(consumed, written.Type), output);
                break;
            case AccumulateElement added when active.Contains(added.Array) && containerAdjoints.TryGetValue(added.Array, out var accumulated):
                // y[i] += v: v̄ = ȳ[i].
                if (added.Value is Var addend && active.Contains(addend.Name))
                {
                    Accumulate(addend.Name, ConvertTo(ElementAdjoint(added.Array, accumulated, added.Index, output), addend.Type), output);
                }
                break;
        }
    }

    /// <summary>ȳ[i] read into a local now (a later statement of the reverse sweep may change ȳ[i]).</summary>
    private Var ElementAdjoint(string array, string adjoint, Expr index, List<Stmt> output)
    {
        var type = types[array];
        var name = names.Fresh(array + "_i_bar");
        types[name] = type;
        output.Add(new Declare(name, type, new ElementRead(new Var(adjoint, type), index, type)));
        return new Var(name, type);
    }

    /// <summary>
    /// A loop is reversed by a loop that runs its iterations last to first. Each reverse iteration pops the
    /// loop's state as it was when the iteration began (pushed by the forward sweep, only the variables the
    /// reverse iteration reads), recomputes the iteration's values, and runs the iteration's reverse sweep.
    /// Values computed inside an iteration are recomputed rather than stored; nested loops push their own state
    /// during the recomputation.
    /// </summary>
    private void ReverseLoop(Loop loop, List<Stmt> output)
    {
        var declared = LoopVariables.IterationLocals(loop);
        var state = LoopVariables.StateOf(loop);
        // The marks taken after nested loops are declared at the top but belong to the iteration that takes them.
        state.ExceptWith(endMarkNames);
        // The state's adjoints carry from one iteration to the one before: they exist across the whole loop.
        foreach (var name in state.Where(active.Contains)) mentioned.Add(AdjointName(name));
        var iteration = loop.Iteration.ToList();
        var reversedBody = new List<Stmt>();
        depth++;
        ReverseBlock(iteration, reversedBody);
        depth--;

        // The recomputation: the iteration without its back edges, nested loops pushing their state.
        var recompute = iteration
            .Where(s => !(s is Assign a && state.Contains(a.Name)))
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
        var inductions = Inductions.Of(loop, state, types);
        var taped = state.Where(n => read.Contains(n) && !inductions.ContainsKey(n)).OrderBy(n => n, System.StringComparer.Ordinal).ToList();
        var stepped = inductions.Keys.Where(read.Contains).OrderBy(n => n, System.StringComparer.Ordinal).Select(n => (Name: n, Start: IntAtTop(n + "_start"))).ToList();

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
            return;
        }
        var written = new HashSet<string>(IrWalker.All(new Block(loop.Iteration.ToEquatableArray())).OfType<ElementWrite>().Select(w => w.Array));
        var arraysRead = BufferAnalysis.ArraysRead(loop).Where(a => logged.Contains(a) && written.Contains(a)).OrderBy(n => n, System.StringComparer.Ordinal).ToList();
        var marks = arraysRead.Select(a => (Array: a, Mark: IntAtTop(a + "_mark"))).ToList();
        var forwardBody = taped.Select(n => (Stmt)new TapePush(new Var(n, types[n])))
            .Concat(marks.Select(m => (Stmt)new TapePush(new LogMark(m.Array))))
            .Concat(loop.Body.Statements)
            .Concat(snapshots.Select(a => (Stmt)new TapePushElements(a.Name, a.Type)))
            .ToList();
        var to = loop.To;
        var forward = new List<Stmt>();
        foreach (var (name, start) in stepped) forward.Add(new Assign(start, new Var(name, IrType.Int)));
        if (loop.Condition is not null)
        {
            var end = IntAtTop(loop.Counter.StartsWith("iteration", System.StringComparison.Ordinal) ? "iterations" : loop.Counter + "_stop");
            forward.Add(new Assign(end, loop.From));
            forwardBody.Add(new Assign(end, Add(new Var(loop.Counter, IrType.Int), Constant(IrType.Int, 1))));
            to = new Var(end, IrType.Int);
        }
        forward.Add(loop with { Body = new Block(forwardBody.ToEquatableArray()) });
        instrumented[loop] = forward;

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
        loopLocalAdjoints[reversed] = new HashSet<string>(declared.Where(adjointNames.ContainsKey).Select(n => adjointNames[n]));
        if (LoopFusion.CanFuse(loop, state, taped, reversedBody)) fusible[reversed] = new FusionCandidate(loop, reversedBody);
        // The arrays the loop reads are put back as the loop left them (later statements may have changed them).
        if (endMarks.TryGetValue(loop, out var ends)) output.AddRange(ends.Select(e => (Stmt)new UndoWrites(e.Array, new Var(e.Mark, IrType.Int))));
        output.Add(reversed);
    }

    private void ReverseAssignment(string name, Expr value, List<Stmt> output)
    {
        var adjoint = AdjointOf(name, output);
        if (adjoint is null) return; // nothing flows back into this value
        var type = types[name];
        if (value is Binary { Op: BinaryOp.Divide } division && division.Right is Var divisor && active.Contains(divisor.Name))
        {
            // v = a / b: ā += v̄ / b; b̄ -= (v̄ / b) · v — one division shared by both.
            var quotient = names.Fresh(name + "_bar_over_" + divisor.Name);
            types[quotient] = type;
            output.Add(new Declare(quotient, type, ZeroSafeDiv(adjoint, divisor)));
            var q = new Var(quotient, type);
            if (division.Left is Var numerator && active.Contains(numerator.Name)) Accumulate(numerator.Name, q, output);
            Accumulate(divisor.Name, Neg(ZeroSafeMul(q, new Var(name, type))), output);
            return;
        }
        foreach (var (operand, partial) in Partials.Of(value, new Var(name, type)))
        {
            if (operand is Var v && active.Contains(v.Name))
            {
                // A conversion's operand has another type: its adjoint is converted back.
                Accumulate(v.Name, ConvertTo(ZeroSafeMul(adjoint, partial), v.Type), output);
            }
            else if (operand is ElementRead element && containerAdjoints.TryGetValue(element.Array.Name, out var elementAdjoint) && active.Contains(element.Array.Name))
            {
                output.Add(new AccumulateElement(elementAdjoint, element.Index, ConvertTo(ZeroSafeMul(adjoint, partial), element.Type)));
            }
        }
        // A loop's state is assigned once per iteration: this assignment's value is consumed, and the adjoint
        // starts again from zero for the value it overwrote.
        // Contributions still pending read the adjoint: they are added before it is reset.
        if (multiplyAssigned.Contains(name))
        {
            FlushAll(output);
            output.Add(new Assign(((Var)adjoint).Name, Constant(type, 0)));
        }
    }

    private void ReverseInvoke(Invoke invoke, List<Stmt> output)
    {
        var call = invoke.Call;
        var target = call.Target;
        var seeds = invoke.Targets.Select((t, i) => AdjointOf(t, output) ?? Constant(target.Returns[i], 0)).ToList();
        if (seeds.All(s => IsConst(s, 0))) return;
        if (target.Pullback is null)
        {
            if (target.Pushforward is not null && target.Returns.Count == 1 && !target.Params.Any(p => p.Type == IrType.Matrix) && target.Returns[0] != IrType.Matrix)
            {
                PullbackFromPushforward(invoke, seeds[0], output);
                return;
            }
            problems.Add(new MissingDerivative(target, "pullback"));
            return;
        }

        var args = new List<Arg>(call.Args);
        args.AddRange(seeds.Select(s => new Arg(s, ParamKind.Value)));
        var pullbackParams = new List<Param>(target.Params);
        pullbackParams.AddRange(target.Returns.Select((r, i) => new Param("seed" + i, r, ParamKind.Value, false)));
        // The same value passed twice (F(x, x)) has one adjoint, but the pullback takes one ref per parameter: the second
        // goes into a local of its own, added into the adjoint after the call (two refs to one variable would alias).
        var passed = new HashSet<string>();
        var extra = new List<(string Name, Var Local)>();
        for (int i = 0; i < target.Params.Count; i++)
        {
            var p = target.Params[i];
            if (!p.IsActive) continue;
            pullbackParams.Add(new Param("d" + p.Name, p.Type, ParamKind.Ref, false));
            if (call.Args[i].Value is Var v && active.Contains(v.Name))
            {
                var adjoint = AdjointName(v.Name);
                if (!passed.Add(adjoint))
                {
                    var local = names.Fresh(adjoint + "_" + p.Name);
                    types[local] = p.Type;
                    output.Add(new Declare(local, p.Type, Constant(p.Type, 0)));
                    extra.Add((v.Name, new Var(local, p.Type)));
                    args.Add(new Arg(new Var(local, p.Type), ParamKind.Ref));
                    continue;
                }
                Flush(adjoint, output);
                mentioned.Add(adjoint);
                args.Add(new Arg(new Var(adjoint, p.Type), ParamKind.Ref));
            }
            else
            {
                args.Add(new Arg(Scratch(p.Type), ParamKind.Ref));
            }
        }
        var pullback = target.Derivative(target.Pullback, pullbackParams.ToEquatableArray(), EquatableArray<IrType>.Empty, target.PullbackPushforward);
        output.Add(new Invoke(EquatableArray<string>.Empty, new Call(pullback, args.ToEquatableArray(), IrType.Double)));
        foreach (var (name, local) in extra) Accumulate(name, local, output);
    }

    /// <summary>A scalar function with only a pushforward: one pushforward per active argument, with a unit tangent.</summary>
    private void PullbackFromPushforward(Invoke invoke, Expr seed, List<Stmt> output)
    {
        var call = invoke.Call;
        var target = call.Target;
        var pushforward = target.Derivative(target.Pushforward!, target.Params, target.Returns);
        var activeParams = Enumerable.Range(0, target.Params.Count).Where(i => target.Params[i].IsActive && target.Params[i].Kind == ParamKind.Value).ToList();
        foreach (var i in activeParams)
        {
            if (call.Args[i].Value is not Var v || !active.Contains(v.Name)) continue;
            var args = new List<Arg>(call.Args);
            args.AddRange(activeParams.Select(j => new Arg(Constant(target.Params[j].Type, j == i ? 1 : 0), ParamKind.Value)));
            var partial = names.Fresh("d" + target.Name + "_d" + target.Params[i].Name);
            types[partial] = target.Returns[0];
            output.Add(new Declare(partial, target.Returns[0], null));
            args.Add(new Arg(new Var(partial, target.Returns[0]), ParamKind.Out));
            var value = Scratch(target.Returns[0]);
            output.Add(new Invoke(EquatableArray.Of(value.Name), new Call(pushforward, args.ToEquatableArray(), target.Returns[0])));
            Accumulate(v.Name, ZeroSafeMul(seed, new Var(partial, target.Returns[0])), output);
        }
    }

    /// <summary>
    /// A fresh int local declared (zero) at the top of the method: a loop that may be in a branch assigns it, and the
    /// reverse sweep reads it where it replays that branch, in another block.
    /// </summary>
    private string IntAtTop(string preferred)
    {
        var name = names.Fresh(preferred);
        types[name] = IrType.Int;
        prologue.Add(new Declare(name, IrType.Int, Constant(IrType.Int, 0)));
        return name;
    }

    private Var Scratch(IrType type)
    {
        var name = names.Fresh("unused");
        // A matrix adjoint nobody needs is a null reference: the callee's pullback sees it and skips computing it.
        prologue.Add(new Declare(name, type, type == IrType.Matrix ? new NullRef(type) : Constant(type, 0)));
        types[name] = type;
        return new Var(name, type);
    }

    /// <summary>
    /// Declares each local adjoint at its first write in the reverse sweep (<c>double a_bar = e;</c> instead
    /// of <c>a_bar += e</c>), or zeroed just before the statement that first touches it; an adjoint used only
    /// inside one <c>if</c> is declared inside its branches. For a gradient, the out adjoints are assigned at
    /// their first write and zeroed if never written.
    /// </summary>
    private List<Stmt> PlaceDeclarations(List<Stmt> reverse) => DeclarationPlacement.Apply(reverse, new HashSet<string>(adjointNames.Values.Except(predeclared)), types, loopLocalAdjoints);

    /// <summary>
    /// The outermost loops of these statements (also inside branches) replaced by their versions that push what
    /// their reverse pops; loops nested in loops push when their enclosing loop's reverse recomputes them.
    /// </summary>
    private List<Stmt> Instrument(IReadOnlyList<Stmt> statements) => statements.SelectMany(s => s switch
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

    /// <summary>
    /// The forward sweep, ready to be reversed: an active local array gets its adjoint array (zeroed, of its length)
    /// declared after it; a write into a logged array first saves the element it replaces; after each loop that
    /// reads a logged array, the array's log is marked, for the loop's reverse sweep to undo later writes back to.
    /// </summary>
    private List<Stmt> Prepare(IEnumerable<Stmt> statements)
    {
        var result = new List<Stmt>();
        foreach (var s in statements)
        {
            switch (s)
            {
                case DeclareArray array:
                    result.Add(array);
                    if (containerAdjoints.TryGetValue(array.Name, out var adjoint))
                    {
                        result.Add(new DeclareArray(adjoint, array.Type, new Length(new Var(array.Name, array.Type)), array.Stack));
                    }
                    break;
                case ElementWrite write when logged.Contains(write.Array):
                    result.Add(new SaveElement(write.Array, write.Index));
                    result.Add(write);
                    break;
                case If f:
                    result.Add(f with { Then = new Block(Prepare(f.Then.Statements).ToEquatableArray()), Else = new Block(Prepare(f.Else.Statements).ToEquatableArray()) });
                    break;
                case Loop l:
                    var prepared = l with { Head = new Block(Prepare(l.Head.Statements).ToEquatableArray()), Body = new Block(Prepare(l.Body.Statements).ToEquatableArray()) };
                    result.Add(prepared);
                    var marks = BufferAnalysis.ArraysRead(l).Where(logged.Contains).OrderBy(n => n, System.StringComparer.Ordinal)
                        .Select(a => (Array: a, Mark: IntAtTop(a + "_end"))).ToList();
                    if (marks.Count == 0) break;
                    foreach (var (array, mark) in marks)
                    {
                        result.Add(new Assign(mark, new LogMark(array)));
                        endMarkNames.Add(mark);
                    }
                    endMarks[prepared] = marks;
                    break;
                default:
                    result.Add(s);
                    break;
            }
        }
        return result;
    }
}
