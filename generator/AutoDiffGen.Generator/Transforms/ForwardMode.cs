using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;
using static AutoDiffGen.Generator.Ir.IrBuilder;

namespace AutoDiffGen.Generator.Transforms;

/// <summary>A derivative a transform needed and no registration or generated member provides.</summary>
internal sealed record MissingDerivative(CallTarget Target, string Kind)
{
    public override string ToString() => $"no {Kind} is known for '{Unqualified(Target.QualifiedName)}'";

    private static string Unqualified(string name) => name.StartsWith("global::", System.StringComparison.Ordinal) ? name.Substring(8) : name;
}

/// <summary>
/// Forward mode (pushforward, JVP) on canonical IR: every active value <c>v</c> gets a tangent
/// <c>v_dot</c> computed next to it. Applied to a function it gives its pushforward; applied to a
/// gradient or a pullback (which are IR too) it gives Hessian-vector products — second order is
/// forward over reverse.
/// </summary>
internal sealed class ForwardMode
{
    private readonly Dictionary<string, string> tangentNames;
    private readonly HashSet<string> active;
    private readonly NameAllocator names;
    private readonly Dictionary<string, IrType> types;
    private readonly List<Stmt> prologue = new();
    private readonly List<MissingDerivative> problems = new();
    private readonly HashSet<IrType> tangentTapes = new();

    private ForwardMode(Dictionary<string, string> tangentNames, HashSet<string> active, NameAllocator names, Dictionary<string, IrType> types)
    {
        this.tangentNames = tangentNames;
        this.active = active;
        this.names = names;
        this.types = types;
    }

    /// <summary>
    /// Transforms the canonical <paramref name="function"/>.
    /// </summary>
    /// <param name="function">Canonical IR.</param>
    /// <param name="parameterTangents">Tangent names of the active inputs, and of ref/out parameters whose tangent is an output.</param>
    /// <param name="outputTangents">Names to assign the tangents of the returned values to (or empty).</param>
    /// <param name="names">Allocator that already knows every name of the new function's signature.</param>
    /// <param name="problems">Why the transform could not be done (a callee without a derivative), if it could not.</param>
    /// <param name="known">
    /// The active variables from the inputs among <paramref name="parameterTangents"/> to the results and the output spans,
    /// when the caller has them (<see cref="Activity.Analyze"/> otherwise); not changed.
    /// </param>
    public static Block Apply(Function function, IReadOnlyDictionary<string, string> parameterTangents, IReadOnlyList<string> outputTangents, NameAllocator names, List<MissingDerivative> problems, HashSet<string>? known = null)
    {
        var types = Activity.Types(function);
        var inputs = parameterTangents.Keys.Where(k => function.Params.Any(p => p.Name == k && p.Kind != ParamKind.Out));
        var outputs = new List<string>();
        var last = function.Body.Statements.LastOrDefault() as Return;
        if (last is not null) outputs.AddRange(last.Values.OfType<Var>().Select(v => v.Name));
        outputs.AddRange(function.Params.Where(p => p.Kind != ParamKind.Value && parameterTangents.ContainsKey(p.Name)).Select(p => p.Name));
        var active = known is null ? Activity.Analyze(function.Body, inputs, outputs, types) : new HashSet<string>(known);
        foreach (var p in function.Params.Where(p => p.Kind != ParamKind.Value && parameterTangents.ContainsKey(p.Name))) active.Add(p.Name);

        var transform = new ForwardMode(new Dictionary<string, string>(parameterTangents.ToDictionary(p => p.Key, p => p.Value)), active, names, types);
        foreach (var s in IrWalker.All(function.Body))
        {
            if ((s is TapePush { Value: Var v } && active.Contains(v.Name)) || (s is TapePop p && active.Contains(p.Target)))
            {
                transform.tangentTapes.Add(s is TapePush push ? push.Value.Type : ((TapePop)s).Type);
            }
            if (s is TapePushElements elements && active.Contains(elements.Array)) transform.tangentTapes.Add(elements.Type);
        }
        var body = transform.Block(function.Body, outputTangents);
        problems.AddRange(transform.problems);
        return new Block(transform.prologue.Concat(body).ToEquatableArray());
    }

    private string TangentName(string name)
    {
        if (!tangentNames.TryGetValue(name, out var tangent))
        {
            tangent = names.Fresh(name + "_dot");
            tangentNames[name] = tangent;
        }
        return tangent;
    }

    private Expr TangentOf(Var v) => active.Contains(v.Name) ? new Var(TangentName(v.Name), v.Type) : Constant(v.Type, 0);

    private List<Stmt> Block(Block block, IReadOnlyList<string> outputTangents)
    {
        var output = new List<Stmt>(2 * block.Statements.Count); // a statement and its tangent's, mostly
        foreach (var statement in block.Statements) Statement(statement, output, outputTangents);
        return output;
    }

    private void Statement(Stmt statement, List<Stmt> output, IReadOnlyList<string> outputTangents)
    {
        switch (statement)
        {
            case Declare { Init: NullRef } unneeded when active.Contains(unneeded.Name):
                // An adjoint nobody needs has a tangent nobody needs.
                output.Add(unneeded);
                output.Add(unneeded with { Name = TangentName(unneeded.Name) });
                break;
            case Invoke helper when IsMatrixHelper(helper.Call.Target):
                MatrixHelper(helper, output);
                break;
            case Declare d when active.Contains(d.Name):
                output.Add(d);
                output.Add(new Declare(TangentName(d.Name), d.Type, d.Init is null ? null : Partials.Tangent(d.Init, new Var(d.Name, d.Type), TangentOf)));
                break;
            case Assign a when active.Contains(a.Name):
                var selfReferencing = IrWalker.Reads(a.Value).Contains(a.Name);
                if (selfReferencing)
                {
                    // The tangent reads the old value: compute it first, from the operation itself.
                    output.Add(new Assign(TangentName(a.Name), Partials.Tangent(a.Value, null, TangentOf)));
                    output.Add(a);
                }
                else
                {
                    output.Add(a);
                    output.Add(new Assign(TangentName(a.Name), Partials.Tangent(a.Value, new Var(a.Name, types[a.Name]), TangentOf)));
                }
                break;
            case Invoke invoke:
                Invoke(invoke, output);
                break;
            case If f:
                output.Add(new If(f.Condition,
                    new Block(Block(f.Then, outputTangents).ToEquatableArray()),
                    new Block(Block(f.Else, outputTangents).ToEquatableArray())));
                break;
            case Loop loop:
                output.Add(loop with
                {
                    Head = new Block(Block(loop.Head, outputTangents).ToEquatableArray()),
                    Body = new Block(Block(loop.Body, outputTangents).ToEquatableArray()),
                });
                break;
            case TapePush push:
                // Every push of a type that carries tangents pushes one (zero for an inactive value), so that
                // the pops below stay paired with the pushes.
                output.Add(push);
                if (tangentTapes.Contains(push.Value.Type)) output.Add(new TapePush(push.Value is Var pushed ? TangentOf(pushed) : Constant(push.Value.Type, 0)));
                break;
            case TapePushElements push:
                // As for single values: an array's tangents follow its values (an inactive array's values again, as
                // a stand-in that its pop puts back first).
                output.Add(push);
                if (tangentTapes.Contains(push.Type)) output.Add(active.Contains(push.Array) ? push with { Array = TangentName(push.Array) } : push);
                break;
            case TapePopElements pop:
                if (tangentTapes.Contains(pop.Type)) output.Add(active.Contains(pop.Array) ? pop with { Array = TangentName(pop.Array) } : pop);
                output.Add(pop);
                break;
            case TapePop pop:
                // Popped in the reverse order of the pushes: the tangent first.
                if (tangentTapes.Contains(pop.Type)) output.Add(new TapePop(active.Contains(pop.Target) ? TangentName(pop.Target) : Scratch(pop.Type).Name, pop.Type));
                output.Add(pop);
                break;
            case StoreElement store:
                output.Add(store);
                if (active.Contains(store.Array)) output.Add(new StoreElement(TangentName(store.Array), store.Index, Partials.Tangent(store.Value, null, TangentOf)));
                break;
            case AccumulateElement element:
                output.Add(element);
                if (active.Contains(element.Array))
                {
                    var tangent = Partials.Tangent(element.Value, null, TangentOf);
                    if (!IsConst(tangent, 0)) output.Add(new AccumulateElement(TangentName(element.Array), element.Index, tangent));
                }
                break;
            case ClearSpan clear:
                output.Add(clear);
                if (active.Contains(clear.Array)) output.Add(new ClearSpan(TangentName(clear.Array)));
                break;
            case DeclareArray array:
                // An active local array has a tangent array of its length.
                output.Add(array);
                if (active.Contains(array.Name)) output.Add(array with { Name = TangentName(array.Name) });
                break;
            case SaveElement save:
                // The tangent array's log takes the same writes, so the same marks undo both.
                output.Add(save);
                if (active.Contains(save.Array)) output.Add(save with { Array = TangentName(save.Array) });
                break;
            case UndoWrites undo:
                output.Add(undo);
                if (active.Contains(undo.Array)) output.Add(undo with { Array = TangentName(undo.Array) });
                break;
            case CopyElements copy:
                output.Add(copy);
                if (active.Contains(copy.Target)) output.Add(active.Contains(copy.Source) ? copy with { Source = TangentName(copy.Source), Target = TangentName(copy.Target) } : new ClearSpan(TangentName(copy.Target)));
                break;
            case Return r:
                for (int i = 0; i < outputTangents.Count && i < r.Values.Count; i++)
                {
                    var value = r.Values[i];
                    output.Add(new Assign(outputTangents[i], value is Var v ? TangentOf(v) : Constant(value.Type, 0)));
                }
                output.Add(r);
                break;
            default:
                output.Add(statement);
                break;
        }
    }

    private void Invoke(Invoke invoke, List<Stmt> output)
    {
        var call = invoke.Call;
        var target = call.Target;
        bool needed = invoke.Targets.Any(active.Contains)
            || call.Args.Any(a => a.Kind != ParamKind.Value && a.Value is Var v && active.Contains(v.Name));
        if (!needed)
        {
            output.Add(invoke);
            return;
        }
        if (target.Pushforward is null)
        {
            if (target.Pullback is not null && target.Returns.Count == 1 && call.Args.All(a => a.Kind == ParamKind.Value && a.Value.Type != IrType.Matrix) && target.Returns[0] != IrType.Matrix)
            {
                PushforwardFromPullback(invoke, output);
                return;
            }
            problems.Add(new MissingDerivative(target, "pushforward"));
            output.Add(invoke);
            return;
        }

        var args = new List<Arg>(call.Args);
        for (int i = 0; i < target.Params.Count; i++)
        {
            var p = target.Params[i];
            if (p.IsActive && p.Kind == ParamKind.Value) args.Add(new Arg(call.Args[i].Value is Var v ? TangentOf(v) : Constant(p.Type, 0), ParamKind.Value));
        }
        for (int i = 0; i < target.Params.Count; i++)
        {
            var p = target.Params[i];
            if (!(p.IsActive && p.Kind == ParamKind.Ref)) continue;
            args.Add(new Arg(call.Args[i].Value is Var v && active.Contains(v.Name) ? new Var(TangentName(v.Name), p.Type) : Scratch(p.Type, reference: true), ParamKind.Ref));
        }
        for (int i = 0; i < invoke.Targets.Count; i++)
        {
            var t = invoke.Targets[i];
            var type = target.Returns[i];
            args.Add(new Arg(active.Contains(t) ? new Var(TangentName(t), type) : Scratch(type), ParamKind.Out));
        }
        var pushforward = target.Derivative(target.Pushforward, target.Params, target.Returns);
        output.Add(new Invoke(invoke.Targets, new Call(pushforward, args.ToEquatableArray(), call.Type)));
    }

    /// <summary>
    /// A runtime helper for matrix adjoints (add into, store, read an adjoint the caller may not want): each is linear in
    /// its matrices, so the tangents go through the same helper. A tangent it would write that nobody needs (an inactive
    /// target) leaves it out.
    /// </summary>
    private void MatrixHelper(Invoke invoke, List<Stmt> output)
    {
        output.Add(invoke);
        if (!invoke.Targets.All(active.Contains)) return;
        var args = new List<Arg>();
        foreach (var arg in invoke.Call.Args)
        {
            if (arg.Value is Var v && active.Contains(v.Name)) args.Add(arg with { Value = new Var(TangentName(v.Name), v.Type) });
            else if (arg.Kind != ParamKind.Value) return;
            else args.Add(arg with { Value = Constant(arg.Value.Type, 0) });
        }
        if (args.All(a => IsConst(a.Value, 0))) return;
        output.Add(new Invoke(invoke.Targets.Select(TangentName).ToEquatableArray(), invoke.Call with { Args = args.ToEquatableArray() }));
    }

    /// <summary>A scalar function with only a pullback: one pullback with seed 1 gives its gradient, dotted with the tangents.</summary>
    private void PushforwardFromPullback(Invoke invoke, List<Stmt> output)
    {
        var call = invoke.Call;
        var target = call.Target;
        output.Add(invoke);
        var args = new List<Arg>(call.Args) { new(Constant(target.Returns[0], 1), ParamKind.Value) };
        var terms = new List<Expr>();
        for (int i = 0; i < target.Params.Count; i++)
        {
            var p = target.Params[i];
            if (!p.IsActive) continue;
            var partial = names.Fresh("d" + target.Name + "_d" + p.Name);
            types[partial] = p.Type;
            output.Add(new Declare(partial, p.Type, Constant(p.Type, 0)));
            args.Add(new Arg(new Var(partial, p.Type), ParamKind.Ref));
            if (call.Args[i].Value is Var v && active.Contains(v.Name)) terms.Add(ZeroSafeMul(TangentOf(v), new Var(partial, p.Type)));
        }
        output.Add(new Invoke(EquatableArray<string>.Empty, new Call(target.Derivative(target.Pullback!, target.Params, EquatableArray<IrType>.Empty), args.ToEquatableArray(), call.Type)));
        var t = invoke.Targets[0];
        if (active.Contains(t)) output.Add(new Assign(TangentName(t), Sum(target.Returns[0], terms)));
    }

    /// <summary>A local that receives a derivative nobody needs (an inactive argument's adjoint or tangent).</summary>
    private Var Scratch(IrType type, bool reference = false) => ScratchLocals.Declare(names, prologue, types, type, nullMatrix: reference);
}
