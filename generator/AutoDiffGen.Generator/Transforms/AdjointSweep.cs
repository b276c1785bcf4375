using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;
using static AutoDiffGen.Generator.Ir.IrBuilder;

namespace AutoDiffGen.Generator.Transforms;

/// <summary>
/// The reverse sweep of statements: it visits them last to first and adds <c>v̄ · ∂v/∂a</c> into <c>ā</c> for every
/// active operand of each assignment (<see cref="Adjoints"/> keeps the adjoints). Branches are replayed from the bool
/// locals that decided them; calls are reversed through the callee's pullback (or its pushforward); a write into an
/// array takes its value's adjoint from the adjoint array. A loop's iteration is reversed here, the loop around it by
/// <see cref="LoopReversal"/>.
/// </summary>
internal sealed class AdjointSweep
{
    private const string AdjointHeading = "adjoint of: ";

    private readonly ReverseState state;
    private readonly Adjoints adjoints;
    private readonly LoopReversal loops;
    // The variables derivatives flow through.
    private readonly HashSet<string> active;
    // The adjoint array of each active array (parameters, outputs, locals).
    private readonly IReadOnlyDictionary<string, string> containerAdjoints;
    // The variables some loop assigns once per iteration (its state): their adjoints start again from zero for the value overwritten.
    private readonly HashSet<string> multiplyAssigned;
    private readonly Dictionary<Loop, HashSet<string>> iterationAdjoints = new(ReferenceComparer<Loop>.Instance);
    private readonly List<MissingDerivative> problems = new();

    public AdjointSweep(ReverseState state, Adjoints adjoints, LoopReversal loops, HashSet<string> active, IReadOnlyDictionary<string, string> containerAdjoints, HashSet<string> multiplyAssigned)
    {
        this.state = state;
        this.adjoints = adjoints;
        this.loops = loops;
        this.active = active;
        this.containerAdjoints = containerAdjoints;
        this.multiplyAssigned = multiplyAssigned;
    }

    /// <summary>Per reversed loop, the adjoints of its iteration's locals: each reverse iteration may declare its own.</summary>
    public IReadOnlyDictionary<Loop, HashSet<string>> IterationAdjoints => iterationAdjoints;

    /// <summary>The calls whose callee has no derivative to reverse them with.</summary>
    public IReadOnlyList<MissingDerivative> Problems => problems;

    /// <summary>Reverses a list of statements; each source statement's comment heads its adjoint block.</summary>
    public void ReverseBlock(IReadOnlyList<Stmt> statements, List<Stmt> output)
    {
        var pending = new List<Stmt>();
        for (int i = statements.Count - 1; i >= 0; i--)
        {
            var statement = statements[i];
            if (statement is Comment comment)
            {
                if (pending.Count > 0)
                {
                    output.Add(comment.Text.StartsWith(AdjointHeading, StringComparison.Ordinal) ? comment : new Comment(AdjointHeading + comment.Text));
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
        var types = state.Types;
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
                adjoints.FlushAll(output);
                var whenTrue = new List<Stmt>();
                var whenFalse = new List<Stmt>();
                adjoints.Nested(() =>
                {
                    ReverseBlock(f.Then.Statements, whenTrue);
                    ReverseBlock(f.Else.Statements, whenFalse);
                });
                if (whenTrue.Any(s => s is not Comment) || whenFalse.Any(s => s is not Comment))
                {
                    output.Add(new If(f.Condition, new Block(whenTrue.ToEquatableArray()), new Block(whenFalse.ToEquatableArray())));
                }
                break;
            case Loop loop:
                adjoints.FlushAll(output);
                ReverseLoop(loop, output);
                break;
            case StoreElement store when active.Contains(store.Array) && containerAdjoints.TryGetValue(store.Array, out var stored):
                // y[i] = v: v̄ = ȳ[i], and the value it overwrote had no effect on the output: ȳ[i] = 0.
                var consumed = ElementAdjoint(store.Array, stored, store.Index, output);
                output.Add(new StoreElement(stored, store.Index, Constant(types[store.Array], 0)));
                if (store.Value is Var written && active.Contains(written.Name)) adjoints.Accumulate(written.Name, ConvertTo(consumed, written.Type), output);
                break;
            case AccumulateElement added when active.Contains(added.Array) && containerAdjoints.TryGetValue(added.Array, out var accumulated):
                // y[i] += v: v̄ = ȳ[i].
                if (added.Value is Var addend && active.Contains(addend.Name))
                {
                    adjoints.Accumulate(addend.Name, ConvertTo(ElementAdjoint(added.Array, accumulated, added.Index, output), addend.Type), output);
                }
                break;
        }
    }

    /// <summary>
    /// Reverses one iteration of the loop, whose state's adjoints carry from one iteration to the one before, and hands
    /// it to <see cref="LoopReversal"/> to put in the loop that runs the iterations last to first.
    /// </summary>
    private void ReverseLoop(Loop loop, List<Stmt> output)
    {
        var declared = LoopVariables.IterationLocals(loop);
        var loopState = loops.StateOf(loop);
        // The state's adjoints carry from one iteration to the one before: they exist across the whole loop.
        foreach (var name in loopState.Where(active.Contains)) adjoints.Mention(adjoints.NameOf(name));
        var reversedBody = new List<Stmt>();
        adjoints.Nested(() => ReverseBlock(loop.Iteration.ToList(), reversedBody));
        var reversed = loops.Reverse(loop, loopState, reversedBody, output);
        if (reversed is not null)
        {
            iterationAdjoints[reversed] = new HashSet<string>(declared.Where(adjoints.Names.ContainsKey).Select(n => adjoints.Names[n]));
        }
    }

    /// <summary>ȳ[i] read into a local now (a later statement of the reverse sweep may change ȳ[i]).</summary>
    private Var ElementAdjoint(string array, string adjoint, Expr index, List<Stmt> output)
    {
        var type = state.Types[array];
        var name = state.Fresh(array + "_i_bar", type);
        output.Add(new Declare(name, type, new ElementRead(new Var(adjoint, type), index, type)));
        return new Var(name, type);
    }

    private void ReverseAssignment(string name, Expr value, List<Stmt> output)
    {
        var adjoint = adjoints.Of(name, output);
        if (adjoint is null) return; // nothing flows back into this value
        var type = state.Types[name];
        // A primitive whose rule has an adjoint of its own (a quotient: one division shared by both operands).
        var primitive = MathRules.For(value);
        if (primitive is ({ Adjoint: { } own }, var args) && own(args, new Var(name, type), adjoint, new RuleAdjoints(this, output))) return;
        foreach (var (operand, partial) in Partials.Of(value, new Var(name, type), primitive))
        {
            if (operand is Var v && active.Contains(v.Name))
            {
                // A conversion's operand has another type: its adjoint is converted back.
                adjoints.Accumulate(v.Name, ConvertTo(ZeroSafeMul(adjoint, partial), v.Type), output);
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
            adjoints.FlushAll(output);
            output.Add(new Assign(((Var)adjoint).Name, Constant(type, 0)));
        }
    }

    private void ReverseInvoke(Invoke invoke, List<Stmt> output)
    {
        var call = invoke.Call;
        var target = call.Target;
        var seeds = invoke.Targets.Select((t, i) => adjoints.Of(t, output) ?? Constant(target.Returns[i], 0)).ToList();
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
                var adjoint = adjoints.NameOf(v.Name);
                if (!passed.Add(adjoint))
                {
                    var local = state.Fresh(adjoint + "_" + p.Name, p.Type);
                    output.Add(new Declare(local, p.Type, Constant(p.Type, 0)));
                    extra.Add((v.Name, new Var(local, p.Type)));
                    args.Add(new Arg(new Var(local, p.Type), ParamKind.Ref));
                    continue;
                }
                adjoints.Flush(adjoint, output);
                adjoints.Mention(adjoint);
                args.Add(new Arg(new Var(adjoint, p.Type), ParamKind.Ref));
            }
            else
            {
                args.Add(new Arg(state.Scratch(p.Type), ParamKind.Ref));
            }
        }
        var pullback = target.Derivative(target.Pullback, pullbackParams.ToEquatableArray(), EquatableArray<IrType>.Empty, target.PullbackPushforward);
        output.Add(new Invoke(EquatableArray<string>.Empty, new Call(pullback, args.ToEquatableArray(), IrType.Double)));
        foreach (var (name, local) in extra) adjoints.Accumulate(name, local, output);
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
            var partial = state.Fresh("d" + target.Name + "_d" + target.Params[i].Name, target.Returns[0]);
            output.Add(new Declare(partial, target.Returns[0], null));
            args.Add(new Arg(new Var(partial, target.Returns[0]), ParamKind.Out));
            var value = state.Scratch(target.Returns[0]);
            output.Add(new Invoke(EquatableArray.Of(value.Name), new Call(pushforward, args.ToEquatableArray(), target.Returns[0])));
            adjoints.Accumulate(v.Name, ZeroSafeMul(seed, new Var(partial, target.Returns[0])), output);
        }
    }

    /// <summary>What a rule's own adjoint (<see cref="MathRules.AdjointRule"/>) does through this sweep.</summary>
    private sealed class RuleAdjoints(AdjointSweep sweep, List<Stmt> output) : MathRules.IAdjoints
    {
        public bool IsActive(Expr operand) => operand is Var v && sweep.active.Contains(v.Name);

        public Var Local(string name, Expr value)
        {
            var local = sweep.state.Fresh(name, value.Type);
            output.Add(new Declare(local, value.Type, value));
            return new Var(local, value.Type);
        }

        public void Add(Var operand, Expr contribution) => sweep.adjoints.Accumulate(operand.Name, contribution, output);
    }
}
