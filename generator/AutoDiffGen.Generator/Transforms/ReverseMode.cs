using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;
using static AutoDiffGen.Generator.Ir.IrBuilder;

namespace AutoDiffGen.Generator.Transforms;

/// <summary>
/// Reverse mode (pullback, VJP, gradient) on canonical IR: puts the body of a pullback or a gradient together from its
/// parts. The forward sweep is the canonical body itself (every value it computes stays in its SSA local), prepared
/// (<see cref="ForwardSweep"/>) and instrumented to push what loops' reverses pop (<see cref="LoopReversal"/>); the
/// reverse sweep (<see cref="AdjointSweep"/>) follows, adjoints flowing from the results back to the parameters; the
/// loop that ends the forward sweep may be fused with its reverse (<see cref="LoopFusion"/>); the adjoints of locals are
/// declared where they are first written (<see cref="DeclarationPlacement"/>).
/// <para>
/// Like a person writing an adjoint by hand, it keeps adjoints in locals (also those of the parameters, written to the
/// out/ref parameters once at the end, so they stay in registers).
/// </para>
/// </summary>
internal static class ReverseMode
{
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
        => Apply(function, seeds, parameterAdjoints, overwriteAdjoints, returnValue, names, problems, outputAdjoints, active, split: false, out _);

    /// <summary>The body of a pullback that also returns the value, and where its reverse sweep starts in it (what comes before is the forward sweep).</summary>
    public static Block Split(Function function, IReadOnlyList<Expr> seeds, IReadOnlyDictionary<string, string> parameterAdjoints, NameAllocator names, List<MissingDerivative> problems,
        HashSet<string> active, out int reverseStart)
        => Apply(function, seeds, parameterAdjoints, overwriteAdjoints: false, returnValue: true, names, problems, null, active, split: true, out reverseStart);

    /// <summary>
    /// The body of a pullback of a method that writes output spans (<paramref name="outputAdjoints"/> as in
    /// <see cref="Apply(Function, IReadOnlyList{Expr}, IReadOnlyDictionary{string, string}, bool, bool, NameAllocator, List{MissingDerivative}, IReadOnlyDictionary{string, string}?, HashSet{string}?)"/>),
    /// and where its reverse sweep starts in it.
    /// </summary>
    public static Block Split(Function function, IReadOnlyDictionary<string, string> parameterAdjoints, IReadOnlyDictionary<string, string> outputAdjoints, NameAllocator names,
        List<MissingDerivative> problems, HashSet<string> active, out int reverseStart)
        => Apply(function, System.Array.Empty<Expr>(), parameterAdjoints, overwriteAdjoints: false, returnValue: false, names, problems, outputAdjoints, active, split: true, out reverseStart);

    private static Block Apply(Function function, IReadOnlyList<Expr> seeds, IReadOnlyDictionary<string, string> parameterAdjoints, bool overwriteAdjoints, bool returnValue, NameAllocator names, List<MissingDerivative> problems,
        IReadOnlyDictionary<string, string>? outputAdjoints, HashSet<string>? active, bool split, out int reverseStart)
    {
        var types = Activity.Types(function);
        var statements = function.Body.Statements;
        var ret = (Return)statements[statements.Count - 1]; // replaced below when the result must be kept aside
        var forward = statements.Take(statements.Count - 1).ToList();
        var outputs = ret.Values.OfType<Var>().Select(v => v.Name).ToList();
        outputs.AddRange(outputAdjoints?.Keys ?? Enumerable.Empty<string>());
        active = active is null ? Activity.Analyze(function.Body, parameterAdjoints.Keys, outputs, types) : new HashSet<string>(active);

        foreach (var p in parameterAdjoints) types[p.Value] = types[p.Key];
        var state = new ReverseState(names, types);
        var adjoints = new Adjoints(state);
        // The adjoint array of each active array: span parameters', output spans', and (below) local arrays'.
        var containerAdjoints = new Dictionary<string, string>();
        var containers = function.Params.Where(p => p.IsContainer && parameterAdjoints.ContainsKey(p.Name)).ToList();
        foreach (var p in containers) containerAdjoints[p.Name] = parameterAdjoints[p.Name];
        foreach (var output in outputAdjoints ?? new Dictionary<string, string>())
        {
            containerAdjoints[output.Key] = output.Value;
            types[output.Value] = types[output.Key];
        }
        var multiplyAssigned = new HashSet<string>();
        foreach (var loop in IrWalker.All(function.Body).OfType<Loop>()) multiplyAssigned.UnionWith(LoopVariables.StateOf(loop));
        // A matrix parameter's adjoint is accumulated in place from the start: into the caller's gradient (zeroed on
        // entry), or into the caller's adjoint when it has one (a pullback's null adjoint is created on first use).
        // The prologue declares these adjoints: they are not declared again where first written.
        var matrixParams = function.Params.Where(p => p.Type == IrType.Matrix && parameterAdjoints.ContainsKey(p.Name)).ToList();
        var predeclared = new HashSet<string>();
        foreach (var p in matrixParams)
        {
            var local = adjoints.NameOf(p.Name);
            adjoints.Mention(local);
            predeclared.Add(local);
            var callerAdjoint = new Var(parameterAdjoints[p.Name], IrType.Matrix);
            if (overwriteAdjoints)
            {
                state.Prologue.Add(new Declare(local, IrType.Matrix, callerAdjoint));
            }
            else
            {
                state.Prologue.Add(new Declare(local, IrType.Matrix, null));
                state.Prologue.Add(MatrixHelperInto(local, "AdjointOrNull", new Arg(callerAdjoint, ParamKind.Ref)));
            }
        }

        // Arrays the method writes and reads back: local arrays, and outputs it reads. A loop's reverse sweep recomputes
        // its iterations, which read them: their writes are logged, to give each iteration the contents it began with
        // (unless the iterations do not depend on those contents: see BufferAnalysis).
        var arrays = IrWalker.All(function.Body).OfType<DeclareArray>().ToList();
        var readBack = new HashSet<string>(arrays.Select(a => a.Name));
        readBack.UnionWith((outputAdjoints?.Keys ?? Enumerable.Empty<string>()).Where(y => BufferAnalysis.ReadsElements(function.Body, y)));
        var logged = BufferAnalysis.ArraysToLog(function.Body, readBack);
        foreach (var array in arrays.Where(a => active.Contains(a.Name)))
        {
            var adjoint = names.Fresh(array.Name + "_bar");
            containerAdjoints[array.Name] = adjoint;
            types[array.Name] = array.Type;
            types[adjoint] = array.Type;
        }
        var prepared = ForwardSweep.Prepare(forward, containerAdjoints, logged, state);
        forward = prepared.Statements;
        var loops = new LoopReversal(state, logged, prepared);
        var sweep = new AdjointSweep(state, adjoints, loops, active, containerAdjoints, multiplyAssigned);
        var reverse = new List<Stmt> { new Comment("Reverse sweep: adjoints flow from the result back to the inputs.") };
        for (int i = 0; i < ret.Values.Count; i++)
        {
            if (ret.Values[i] is Var v && active.Contains(v.Name)) adjoints.Accumulate(v.Name, seeds[i], reverse);
        }
        sweep.ReverseBlock(forward, reverse);
        problems.AddRange(sweep.Problems);
        var iterationAdjoints = new Dictionary<Loop, HashSet<string>>(ReferenceComparer<Loop>.Instance);
        foreach (var entry in sweep.IterationAdjoints) iterationAdjoints[entry.Key] = entry.Value;
        if (LoopFusion.Apply(forward, reverse, loops.Fusible, prepared.EndMarks, adjoints.Names) is { } fusion)
        {
            (forward, reverse) = (fusion.Forward, fusion.Reverse);
            iterationAdjoints[fusion.Fused] = iterationAdjoints[fusion.Replaced];
        }
        // Loops that only sum, elsewhere in the forward sweep, run fused with their reverse where they are. Not when the
        // caller runs the reverse sweep on its own (for several seeds, or later): the fused loops need the seeds.
        if (!split)
        {
            (forward, reverse) = LoopFusion.ApplyInPlace(forward, reverse, loops.Fusible, loops, adjoints.Names, containerAdjoints, iterationAdjoints,
                function.Params.Select(p => p.Name).Concat(seeds.OfType<Var>().Select(v => v.Name)), state);
        }
        // The forward sweep's loops push what their reverse needs.
        forward = loops.Instrument(forward);

        reverse.AddRange(StoreParameterAdjoints(parameterAdjoints, overwriteAdjoints, matrixParams, containerAdjoints, adjoints, types));
        // Outputs read back: the undos of the reverse sweep change them, so their final values are kept aside.
        var keptOutputs = function.Params.Where(p => p.Kind == ParamKind.Out && p.IsContainer && logged.Contains(p.Name)).ToList();
        foreach (var y in keptOutputs)
        {
            var final = names.Fresh(y.Name + "_final");
            forward.Add(new DeclareArray(final, y.Type, new Length(new Var(y.Name, y.Type)), Stack: false));
            forward.Add(new CopyElements(y.Name, final, y.Type));
            reverse.Add(new CopyElements(final, y.Name, y.Type));
        }
        var placed = DeclarationPlacement.Apply(reverse, new HashSet<string>(adjoints.Names.Values.Except(predeclared)), types, iterationAdjoints);
        // A gradient zeroes its output spans first, before any value is computed: no value is then live across
        // the call (the JIT keeps no floating-point register across a call, so it would spill the loop's sum).
        var body = new List<Stmt>();
        if (overwriteAdjoints) body.AddRange(containers.Select(p => (Stmt)new ClearSpan(parameterAdjoints[p.Name])));
        body.AddRange(state.Prologue);
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
        reverseStart = body.Count;
        body.AddRange(placed);
        if (returnValue) body.Add(ret);
        return new Block(body.ToEquatableArray());
    }

    /// <summary>The parameters' adjoints go to the out/ref parameters once, at the end.</summary>
    private static List<Stmt> StoreParameterAdjoints(IReadOnlyDictionary<string, string> parameterAdjoints, bool overwriteAdjoints, List<Param> matrixParams,
        Dictionary<string, string> containerAdjoints, Adjoints adjoints, Dictionary<string, IrType> types)
    {
        var finals = new List<Stmt>();
        foreach (var p in matrixParams)
        {
            var local = new Var(adjoints.Names[p.Name], IrType.Matrix);
            var callerAdjoint = new Var(parameterAdjoints[p.Name], IrType.Matrix);
            finals.Add(overwriteAdjoints
                ? MatrixHelper("StoreGradient", new Arg(local, ParamKind.Value), new Arg(callerAdjoint, ParamKind.Ref))
                : MatrixHelper("StoreAdjoint", new Arg(callerAdjoint, ParamKind.Ref), new Arg(local, ParamKind.Value)));
        }
        foreach (var p in parameterAdjoints.Where(p => !containerAdjoints.ContainsKey(p.Key) && types[p.Key] != IrType.Matrix))
        {
            var total = adjoints.Total(p.Key);
            if (overwriteAdjoints) finals.Add(new Assign(p.Value, total));
            else if (!IsConst(total, 0)) finals.Add(IrBuilder.Accumulate(p.Value, types[p.Key], total));
        }
        return finals;
    }
}
