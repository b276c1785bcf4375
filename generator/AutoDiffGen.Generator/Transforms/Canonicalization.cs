using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Transforms;

/// <summary>
/// Brings a single-exit function into the canonical form every derivative transform works on:
/// <list type="bullet">
/// <item>static single assignment: a variable assigned again gets a new version (<c>y</c>, <c>y_2</c>, …),
/// so every value the reverse sweep needs is still in its local — no tape for straight-line code;
/// variables changed inside an <c>if</c> are merged into a version declared before it, assigned at the
/// end of each branch;</item>
/// <item>A-normal form: each floating-point operation gets its own local (<c>t0 = x * y</c>), so a
/// derivative reuses values (the result of <c>Exp</c>, a quotient) instead of recomputing them;</item>
/// <item>active <c>?:</c> becomes an <see cref="If"/> (only the branch taken is evaluated and differentiated);
/// branch conditions are kept in bool locals the reverse sweep tests again;</item>
/// <item>locals first assigned inside a branch are declared (zeroed) at the top, so the reverse sweep,
/// which is emitted in other blocks, can see them.</item>
/// </list>
/// This file walks the statements; Canonicalization.Expressions.cs brings expressions to atoms, and
/// Canonicalization.Versions.cs keeps the versions of the variables.
/// </summary>
internal sealed partial class Canonicalization
{
    private readonly NameAllocator names;
    private readonly Dictionary<string, string?> current = new();
    private readonly Dictionary<string, IrType> types = new();
    private readonly HashSet<string> defined = new();
    private readonly HashSet<string> nullReferences = new();

    // Versions that hold a constant (flag = true in a branch): read as the constant, never declared.
    private readonly Dictionary<string, Const> constants = new();
    private List<Stmt> hoisted = new();

    // Values already computed in the current scope (common subexpressions): an operation on the same SSA
    // values is computed once (x[i] read three times in a loop body becomes one local).
    private Dictionary<Expr, string> computed = new();
    private readonly Function function;
    private int depth;
    private int temps;
    private int conditions;

    /// <summary>The program's own values, whose folding must be exact (null: every name, the function is the program).</summary>
    private readonly PrimalNames? primal;

    /// <summary>Whether the value being canonicalized is one of the program's (see <see cref="PrimalNames"/>): folded exactly.</summary>
    private bool exact = true;

    private Canonicalization(Function function, PrimalNames? primal)
    {
        this.function = function;
        this.primal = primal;
        names = new NameAllocator(function);
        foreach (var p in function.Params)
        {
            current[p.Name] = p.Kind == ParamKind.Out ? null : p.Name;
            types[p.Name] = p.Type;
            defined.Add(p.Name);
            // A pullback's matrix adjoint may be a null ref (an adjoint its caller does not want): it is only ever passed on
            // to the runtime's helpers, which check, and never copied into a version of its own (that would read through it).
            if (p.Kind == ParamKind.Ref && p.Type == IrType.Matrix) nullReferences.Add(p.Name);
        }
    }

    /// <param name="function">The function: a method, or one of its derivatives (for the derivatives of that).</param>
    /// <param name="primal">For a derivative, the names of the method's own values; null for the method itself.</param>
    public static Function Apply(Function function, PrimalNames? primal = null)
    {
        var single = ReturnNormalization.Apply(function);
        var canonicalization = new Canonicalization(single, primal);
        var body = new List<Stmt>();
        canonicalization.ProcessBlock(single.Body, body);
        if (body.Count == 0 || body[body.Count - 1] is not Return)
        {
            canonicalization.WriteBackParameters(body); // void functions (pullbacks) end without a return
        }
        var statements = canonicalization.hoisted.Concat(body).ToEquatableArray();
        return single with { Body = new Block(statements) };
    }

    private void ProcessBlock(Block block, List<Stmt> output)
    {
        foreach (var statement in block.Statements) Process(statement, output);
    }

    private void Process(Stmt statement, List<Stmt> output)
    {
        switch (statement)
        {
            case Comment:
                output.Add(statement);
                break;
            case Declare { Init: NullRef } reference:
                // A null reference (an adjoint nobody needs) is passed on as it is: it has no value to version.
                types[reference.Name] = reference.Type;
                defined.Add(reference.Name);
                names.Reserve(reference.Name);
                nullReferences.Add(reference.Name);
                output.Add(reference);
                break;
            case Declare d:
                types[d.Name] = d.Type;
                if (d.Init is null) current[d.Name] = null;
                else Define(d.Name, d.Init, output);
                break;
            case Assign a:
                Define(a.Name, a.Value, output);
                break;
            case Invoke invoke:
                InvokeInto(invoke.Targets, invoke.Call, output);
                break;
            case If f:
                ProcessIf(f, output);
                break;
            case Loop loop:
                ProcessLoop(loop, output);
                break;
            case TapePush push:
                output.Add(new TapePush(Atom(push.Value, output)));
                break;
            case TapePop pop:
                var popped = NewVersion(pop.Target);
                DeclareOnly(popped, pop.Type, output);
                output.Add(new TapePop(popped, pop.Type));
                current[pop.Target] = popped;
                break;
            case ElementWrite element:
                output.Add(element with { Index = Tree(element.Index, output), Value = Atom(element.Value, output) });
                Forget(element.Array);
                break;
            case ClearSpan clear:
                output.Add(statement);
                Forget(clear.Array);
                break;
            case DeclareArray array:
                types[array.Name] = array.Type;
                defined.Add(array.Name);
                names.Reserve(array.Name);
                output.Add(array with { Length = Tree(array.Length, output) });
                break;
            case SaveElement save:
                output.Add(save with { Index = Tree(save.Index, output) });
                Forget(save.Array); // the log's mark changes
                break;
            case UndoWrites undo:
                output.Add(undo with { Mark = Tree(undo.Mark, output) });
                Forget(undo.Array);
                break;
            case CopyElements copy:
                output.Add(copy);
                Forget(copy.Target);
                break;
            case TapePushElements:
                output.Add(statement);
                break;
            case TapePopElements restored:
                output.Add(statement);
                Forget(restored.Array);
                break;
            case Return r:
                var values = r.Values.Select(v => Atom(v, output)).ToEquatableArray();
                WriteBackParameters(output);
                output.Add(new Return(values));
                break;
            case Break or Continue or NestedBlock:
                // Lowered exits are EarlyExits' to rewrite (it runs first): dropping one here would change what the loop computes.
                throw new System.InvalidOperationException($"Canonicalization met a lowered '{statement.GetType().Name}': EarlyExits must run first.");
        }
    }

    /// <summary>Ref and out parameters get their final version copied back before the function returns.</summary>
    private void WriteBackParameters(List<Stmt> output)
    {
        foreach (var p in function.Params.Where(p => p.Kind != ParamKind.Value))
        {
            if (current.TryGetValue(p.Name, out var version) && version is not null && version != p.Name)
            {
                output.Add(new Assign(p.Name, ValueOf(version, p.Type)));
            }
        }
    }

    private void Define(string name, Expr value, List<Stmt> output)
    {
        bool outer = exact;
        exact = PrimalNames.Includes(primal, name);
        try
        {
            DefineCore(name, value, output);
        }
        finally
        {
            exact = outer;
        }
    }

    private void DefineCore(string name, Expr value, List<Stmt> output)
    {
        if (value is Call call)
        {
            InvokeInto(EquatableArray.Of(name), call, output);
            return;
        }
        var simple = Simple(value, output);
        var version = NewVersion(name);
        if (simple is Const constant && constant.Type == types[name])
        {
            constants[version] = constant;
            current[name] = version;
            return;
        }
        Emit(version, types[name], simple, output);
        Remember(simple, version);
        current[name] = version;
    }

    private void InvokeInto(EquatableArray<string> targets, Call call, List<Stmt> output)
    {
        var args = new List<Arg>();
        foreach (var arg in call.Args)
        {
            if (arg.Kind == ParamKind.Value)
            {
                args.Add(arg with { Value = Atom(arg.Value, output) });
            }
            else if (arg.Value is Var reference && nullReferences.Contains(reference.Name))
            {
                args.Add(arg);
            }
            else if (arg.Value is Var v)
            {
                // A ref argument is read and written: it gets a new version holding the old value.
                var type = types.TryGetValue(v.Name, out var t) ? t : v.Type;
                if (arg.Kind == ParamKind.Ref)
                {
                    var old = Value(v);
                    var version = NewVersion(v.Name);
                    Emit(version, type, old, output);
                    current[v.Name] = version;
                    args.Add(arg with { Value = new Var(version, type) });
                }
                else
                {
                    var version = NewVersion(v.Name);
                    DeclareOnly(version, type, output);
                    current[v.Name] = version;
                    args.Add(arg with { Value = new Var(version, type) });
                }
            }
        }
        var versions = new List<string>();
        foreach (var target in targets)
        {
            var version = NewVersion(target);
            DeclareOnly(version, types[target], output);
            versions.Add(version);
        }
        output.Add(new Invoke(versions.ToEquatableArray(), call with { Args = args.ToEquatableArray() }));
        for (int i = 0; i < targets.Count; i++) current[targets[i]] = versions[i];
    }

    private void ProcessIf(If f, List<Stmt> output)
    {
        var condition = Condition(f.Condition, output);
        if (condition is Const known)
        {
            // Decided now (a flag known to be down): only the branch taken, in line.
            ProcessBlock(known.Value != 0 ? f.Then : f.Else, output);
            return;
        }
        var before = new Dictionary<string, string?>(current);
        var outerComputed = computed;
        depth++;
        var thenOutput = new List<Stmt>();
        computed = new Dictionary<Expr, string>(outerComputed);
        ProcessBlock(f.Then, thenOutput);
        var afterThen = new Dictionary<string, string?>(current);
        Restore(before);
        var elseOutput = new List<Stmt>();
        computed = new Dictionary<Expr, string>(outerComputed);
        ProcessBlock(f.Else, elseOutput);
        var afterElse = new Dictionary<string, string?>(current);
        Restore(before);
        computed = outerComputed; // values computed in a branch are not there after it
        foreach (var array in WrittenArrays(f.Then).Concat(WrittenArrays(f.Else))) Forget(array);
        depth--;

        // Merge: every variable from before the if that a branch changed gets one version for after it.
        var merges = new List<(string Name, string Version)>();
        var after = new List<Stmt>();
        foreach (var pair in before)
        {
            afterThen.TryGetValue(pair.Key, out var thenVersion);
            afterElse.TryGetValue(pair.Key, out var elseVersion);
            if (thenVersion == pair.Value && elseVersion == pair.Value) continue;
            var merged = NewVersion(pair.Key);
            var type = types[pair.Key];
            if (type == IrType.Bool && thenVersion is not null && elseVersion is not null && !EndsInReturn(thenOutput) && !EndsInReturn(elseOutput)
                && ValueOf(thenVersion, type) is Const whenTrue && ValueOf(elseVersion, type) is Const whenFalse)
            {
                // A flag each branch sets to a constant (break, continue): the flag is the condition, or its negation.
                merges.Add((pair.Key, merged));
                if (whenTrue.Value == whenFalse.Value)
                {
                    constants[merged] = whenTrue;
                    continue;
                }
                var value = whenTrue.Value != 0 ? condition : FoldLogic(new Unary(UnaryOp.Not, condition, IrType.Bool));
                if (value is Const decided) constants[merged] = decided;
                else Emit(merged, type, value, after);
                continue;
            }
            if (depth == 0) output.Add(new Declare(merged, type, Zero(type)));
            else hoisted.Add(new Declare(merged, type, Zero(type)));
            if (thenVersion is not null && !EndsInReturn(thenOutput)) thenOutput.Add(new Assign(merged, ValueOf(thenVersion, type)));
            if (elseVersion is not null && !EndsInReturn(elseOutput)) elseOutput.Add(new Assign(merged, ValueOf(elseVersion, type)));
            merges.Add((pair.Key, merged));
        }
        foreach (var (name, version) in merges) current[name] = version;
        output.Add(new If(condition, new Block(thenOutput.ToEquatableArray()), new Block(elseOutput.ToEquatableArray())) { Kink = f.Kink });
        output.AddRange(after);
    }

    /// <summary>
    /// A loop keeps one mutable local per variable it carries from one iteration to the next (its state,
    /// declared before the loop and assigned at the end of each iteration); inside an iteration values are
    /// in SSA form as elsewhere, declared in the body (the reverse sweep recomputes them per iteration).
    /// </summary>
    private void ProcessLoop(Loop loop, List<Stmt> output)
    {
        var from = Bound(loop.From, loop.Counter + "_start", output);
        var to = loop.To is null ? null : Bound(loop.To, loop.Counter + "_end", output);
        var state = new List<(string Name, string Version)>();
        var assigned = AssignedIn(loop.Head);
        assigned.UnionWith(AssignedIn(loop.Body));
        foreach (var name in assigned.Where(current.ContainsKey).OrderBy(n => n, System.StringComparer.Ordinal))
        {
            var version = NewVersion(name);
            var type = types[name];
            Emit(version, type, current[name] is { } value ? ValueOf(value, type) : Zero(type), output);
            current[name] = version;
            state.Add((name, version));
        }
        var before = new Dictionary<string, string?>(current);
        // Elements read before the loop may be overwritten by an iteration: read again inside it and after it.
        foreach (var array in WrittenArrays(loop.Head).Concat(WrittenArrays(loop.Body))) Forget(array);
        var (outerHoisted, outerDepth, outerComputed) = (hoisted, depth, computed);
        computed = new Dictionary<Expr, string>(outerComputed);
        depth = 0;
        types[loop.Counter] = IrType.Int;
        var counter = NewVersion(loop.Counter);
        types[counter] = IrType.Int;
        current[loop.Counter] = counter;

        // The head (what the condition needs) and the body each declare at their top what their branches assign.
        hoisted = new List<Stmt>();
        var head = new List<Stmt>();
        ProcessBlock(loop.Head, head);
        var condition = loop.Condition is null ? null : Tree(loop.Condition, head);
        var headStatements = hoisted.Concat(head).ToEquatableArray();

        hoisted = new List<Stmt>();
        var body = new List<Stmt>();
        ProcessBlock(loop.Body, body);
        foreach (var (name, version) in state)
        {
            if (current[name] is { } last && last != version) body.Add(new Assign(version, ValueOf(last, types[name])));
        }
        var statements = hoisted.Concat(body).ToEquatableArray();
        (hoisted, depth, computed) = (outerHoisted, outerDepth, outerComputed);
        Restore(before);
        output.Add(loop with { Counter = counter, From = from, To = to, Head = new Block(headStatements), Condition = condition, Body = new Block(statements) });
    }

    /// <summary>Elements of <paramref name="array"/> read so far are read again after a write into it.</summary>
    private void Forget(string array)
    {
        foreach (var key in computed.Keys.Where(k => IrWalker.Reads(k).Contains(array)).ToList())
        {
            computed.Remove(key);
        }
    }

    /// <summary>The arrays whose elements a block writes, also in nested blocks.</summary>
    private static IEnumerable<string> WrittenArrays(Block block) => IrWalker.All(block).Select(s => s switch
    {
        ElementWrite w => w.Array,
        SaveElement w => w.Array,
        ClearSpan c => c.Array,
        UndoWrites u => u.Array,
        CopyElements c => c.Target,
        TapePopElements p => p.Array,
        _ => null,
    }).OfType<string>().Distinct();

    private void Remember(Expr value, string name)
    {
        if (!IsAtom(value)) computed[value] = name;
    }

    private Expr Bound(Expr bound, string name, List<Stmt> output)
    {
        var simple = Tree(bound, output);
        return simple is Var or Const ? simple : NewLocal(name, simple, output);
    }

    /// <summary>The variables a block assigns (its own declarations excluded).</summary>
    private static HashSet<string> AssignedIn(Block block)
    {
        var declared = new HashSet<string>();
        var assigned = new HashSet<string>();
        foreach (var s in IrWalker.All(block))
        {
            switch (s)
            {
                case Declare d: declared.Add(d.Name); break;
                case Assign a: assigned.Add(a.Name); break;
                case Invoke i:
                    foreach (var t in i.Targets) assigned.Add(t);
                    foreach (var a in i.Call.Args) if (a.Kind != ParamKind.Value && a.Value is Var v) assigned.Add(v.Name);
                    break;
                case TapePop p: assigned.Add(p.Target); break;
            }
        }
        assigned.ExceptWith(declared);
        return assigned;
    }

    private static bool EndsInReturn(List<Stmt> statements) => statements.Count > 0 && statements[statements.Count - 1] is Return;

    private void Restore(Dictionary<string, string?> snapshot)
    {
        current.Clear();
        foreach (var pair in snapshot) current[pair.Key] = pair.Value;
    }

    private Expr Condition(Expr condition, List<Stmt> output)
    {
        var simple = Tree(condition, output);
        return simple is Var or Const ? simple : NewLocal("cond" + conditions++, simple, output);
    }
}
