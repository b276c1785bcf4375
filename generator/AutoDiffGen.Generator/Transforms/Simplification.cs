using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Transforms;

/// <summary>
/// Cleans up generated IR the way a person would: constants and copies that are assigned once are
/// substituted where they are used (<c>double y_bar = 1; x_bar += y_bar * 2</c> becomes <c>x_bar = 2</c>),
/// and statements whose results nobody reads are removed (dead-code elimination); a product of finite factors needs no
/// zero check (<see cref="Finiteness"/>).
/// </summary>
internal static class Simplification
{
    /// <param name="function">A derivative of a method.</param>
    /// <param name="primal">The names of the method's own values: constants folded into them leave them exactly as the method computes them.</param>
    public static Function Apply(Function function, PrimalNames? primal)
    {
        // Dead stores first (an adjoint zeroed after its last use would otherwise count as a second assignment
        // and keep copies from being propagated), then copies, then what the copies left dead.
        var live = EliminateDeadCode(function.Body, function);
        var body = PropagateCopies(function with { Body = live }, primal);
        // Dead code elimination leaves nothing for a second pass to remove unless copies were propagated.
        if (!ReferenceEquals(body, live)) body = EliminateDeadCode(body, function);
        if (HasLoop(body))
        {
            var counted = CloseInductionLoops(body);
            var names = new Lazy<NameAllocator>(() => new NameAllocator(function with { Body = counted }), LazyThreadSafetyMode.None);
            body = AccumulateInRegisters(counted, names);
        }
        // Last, with every value where it ends up: the products whose factors are all finite need no zero check.
        return Finiteness.Apply(function with { Body = body });
    }

    /// <summary>Whether a block, or one nested in it, has a loop: the last two passes only rewrite loops.</summary>
    private static bool HasLoop(Block block)
    {
        foreach (var s in block.Statements)
        {
            if (s is Loop || (s is If f && (HasLoop(f.Then) || HasLoop(f.Else)))) return true;
        }
        return false;
    }

    // ------------------------------------------------------------------ sums kept in registers

    /// <summary>
    /// <c>a[i] += v</c> in a loop, with <c>i</c> the same in every iteration and <c>a</c> touched nowhere else in the
    /// loop, adds into a local instead, and the local into <c>a[i]</c> after the loop: the loop's iterations no
    /// longer wait on each other through memory (an adjoint summed over a row, as a person keeps it in a register).
    /// </summary>
    /// <param name="block">The block.</param>
    /// <param name="names">The names of the function, made when the first sum needs one.</param>
    private static Block AccumulateInRegisters(Block block, Lazy<NameAllocator> names)
    {
        var statements = new List<Stmt>(block.Statements.Count);
        foreach (var s in block.Statements)
        {
            switch (s)
            {
                case Loop loop:
                    var inner = loop with { Head = AccumulateInRegisters(loop.Head, names), Body = AccumulateInRegisters(loop.Body, names) };
                    var assigned = new HashSet<string>(IrWalker.AssignmentCounts(new Block(inner.Iteration.ToEquatableArray())).Keys) { inner.Counter };
                    foreach (var d in IrWalker.All(new Block(inner.Iteration.ToEquatableArray())).OfType<Declare>()) assigned.Add(d.Name);
                    var after = new List<Stmt>();
                    var body = new List<Stmt>();
                    foreach (var statement in inner.Body.Statements)
                    {
                        if (statement is AccumulateElement add && add.Value.Type.IsFloating() && !IrWalker.Reads(add.Index).Overlaps(assigned)
                            && IrWalker.All(new Block(inner.Iteration.ToEquatableArray())).Count(x => Touches(x, add.Array)) == 1
                            && !(inner.Condition is not null && IrWalker.Reads(inner.Condition).Contains(add.Array)))
                        {
                            var sum = names.Value.Fresh(add.Array + "_sum");
                            statements.Add(new Declare(sum, add.Value.Type, new Const(add.Value.Type, 0)));
                            body.Add(new Assign(sum, new Binary(BinaryOp.Add, new Var(sum, add.Value.Type), add.Value, add.Value.Type)));
                            after.Add(add with { Value = new Var(sum, add.Value.Type) });
                        }
                        else
                        {
                            body.Add(statement);
                        }
                    }
                    statements.Add(inner with { Body = new Block(body.ToEquatableArray()) });
                    statements.AddRange(after);
                    break;
                case If f:
                    var (then, otherwise) = (AccumulateInRegisters(f.Then, names), AccumulateInRegisters(f.Else, names));
                    statements.Add(WithBranches(f, then, otherwise));
                    break;
                default:
                    statements.Add(s);
                    break;
            }
        }
        return Unchanged(block, statements) ? block : new Block(statements.ToEquatableArray());
    }

    /// <summary>Whether a statement (not the blocks nested in it) reads or writes elements of <paramref name="array"/>, or the whole array.</summary>
    private static bool Touches(Stmt statement, string array)
    {
        if (statement is If or Loop)
        {
            var own = statement is If f ? IrWalker.Reads(f.Condition) : new HashSet<string>();
            if (statement is Loop l)
            {
                IrWalker.Reads(l.From, own);
                if (l.To is not null) IrWalker.Reads(l.To, own);
                if (l.Condition is not null) IrWalker.Reads(l.Condition, own);
            }
            return own.Contains(array);
        }
        return IrWalker.Mentions(statement, array);
    }

    // ------------------------------------------------------------------ loops that only count

    /// <summary>
    /// A counted loop left with nothing to do but step int variables by constants (what a recomputation keeps of
    /// <c>for (…) { …; l++; }</c> to know <c>l</c> afterwards) becomes one assignment per variable:
    /// <c>l = l + (to &gt; from ? (to - from) · step : 0)</c>.
    /// </summary>
    private static Block CloseInductionLoops(Block block)
    {
        var statements = new List<Stmt>(block.Statements.Count);
        foreach (var s in block.Statements)
        {
            switch (s)
            {
                case Loop loop when Steps(loop) is { } steps:
                    var count = new Binary(BinaryOp.Subtract, loop.To!, loop.From, IrType.Int);
                    foreach (var (name, step) in steps)
                    {
                        var distance = step.Value == 1 ? (Expr)count : new Binary(BinaryOp.Multiply, count, step, IrType.Int);
                        var total = new Conditional(new Binary(BinaryOp.Greater, loop.To!, loop.From, IrType.Bool), distance, new Const(IrType.Int, 0), IrType.Int);
                        statements.Add(new Assign(name, new Binary(BinaryOp.Add, new Var(name, IrType.Int), total, IrType.Int)));
                    }
                    break;
                case Loop loop:
                    var (head, body) = (CloseInductionLoops(loop.Head), CloseInductionLoops(loop.Body));
                    statements.Add(WithBlocks(loop, head, body));
                    break;
                case If f:
                    var (then, otherwise) = (CloseInductionLoops(f.Then), CloseInductionLoops(f.Else));
                    statements.Add(WithBranches(f, then, otherwise));
                    break;
                default:
                    statements.Add(s);
                    break;
            }
        }
        return Unchanged(block, statements) ? block : new Block(statements.ToEquatableArray());
    }

    /// <summary>The if with these branches: itself when they are its own (a pass that changed nothing makes nothing new).</summary>
    private static If WithBranches(If f, Block then, Block otherwise)
        => ReferenceEquals(then, f.Then) && ReferenceEquals(otherwise, f.Else) ? f : f with { Then = then, Else = otherwise };

    /// <summary>The loop with this head and body: itself when they are its own.</summary>
    private static Loop WithBlocks(Loop loop, Block head, Block body)
        => ReferenceEquals(head, loop.Head) && ReferenceEquals(body, loop.Body) ? loop : loop with { Head = head, Body = body };

    /// <summary>Whether a pass left a block's statements as they were (the same objects): then it returns the block itself.</summary>
    private static bool Unchanged(Block block, List<Stmt> statements)
    {
        if (statements.Count != block.Statements.Count) return false;
        for (int i = 0; i < statements.Count; i++)
        {
            if (!ReferenceEquals(statements[i], block.Statements[i])) return false;
        }
        return true;
    }

    /// <summary>
    /// The int variables a counted loop steps and by how much, when stepping them is all it does
    /// (<c>int l2 = l + 1; l = l2;</c> pairs, the counter unused); otherwise null.
    /// </summary>
    private static List<(string Name, Const Step)>? Steps(Loop loop)
    {
        if (loop.Condition is not null || loop.To is null || loop.Head.Statements.Count > 0 || loop.Descending) return null;
        var body = loop.Body.Statements.Where(x => x is not Comment).ToList();
        if (body.Count == 0 || body.Count % 2 != 0) return null;
        var steps = new List<(string, Const)>();
        for (int i = 0; i < body.Count; i += 2)
        {
            if (body[i] is not Declare { Type: IrType.Int, Init: Binary { Op: BinaryOp.Add or BinaryOp.Subtract, Left: Var from, Right: Const { Type: IrType.Int } step } update } next
                || body[i + 1] is not Assign { Value: Var carried } back || carried.Name != next.Name || back.Name != from.Name
                || from.Name == loop.Counter || steps.Any(x => x.Item1 == from.Name))
            {
                return null;
            }
            steps.Add((from.Name, update.Op == BinaryOp.Add ? step : new Const(IrType.Int, -step.Value)));
        }
        // Each stepped value is only carried to the next iteration.
        var names = new HashSet<string>();
        IrWalker.CollectNames(loop.Body, names);
        return names.Contains(loop.Counter) ? null : steps;
    }

    // ------------------------------------------------------------------ copy and constant propagation

    private static Block PropagateCopies(Function function, PrimalNames? primal)
    {
        var body = function.Body;
        for (int round = 0; round < 4; round++)
        {
            var substitutions = Copies(function.Params, IrWalker.All(body));
            if (substitutions.Count == 0) break;
            bool newCopies = false;
            body = Substitute(body, substitutions, primal, ref newCopies);
            // Another round finds something only where this one made a declaration a copy or a constant (x * 1 → x,
            // or a = b; c = a → c = b).
            if (!newCopies) break;
        }
        return body;
    }

    /// <summary>The variables that can be replaced by their value everywhere, with that value (a constant or another variable).</summary>
    /// <param name="parameters">The function's parameters.</param>
    /// <param name="statements">Every statement of its body, nested ones included (<see cref="IrWalker.All"/>).</param>
    private static Dictionary<string, Expr> Copies(EquatableArray<Param> parameters, IReadOnlyList<Stmt> statements)
    {
        var counts = new Dictionary<string, int>(statements.Count);
        // Names that must stay variables: parameters, ref/out arguments and call targets.
        var pinned = new HashSet<string>();
        foreach (var p in parameters) pinned.Add(p.Name);
        foreach (var s in statements)
        {
            IrWalker.CountAssignments(s, counts);
            switch (s)
            {
                case Invoke i:
                    foreach (var t in i.Targets) pinned.Add(t);
                    foreach (var a in i.Call.Args) if (a.Kind != ParamKind.Value && a.Value is Var v) pinned.Add(v.Name);
                    break;
                case TapePop p:
                    pinned.Add(p.Target);
                    break;
            }
        }
        var substitutions = new Dictionary<string, Expr>();
        // A constant declared in several places (a loop's iteration recomputed by the reverse sweep), and never
        // assigned otherwise, is that constant everywhere.
        var constants = new Dictionary<string, (Declare First, int Count, bool Same)>();
        foreach (var s in statements)
        {
            if (s is Declare { Init: Const } d && !pinned.Contains(d.Name))
            {
                constants[d.Name] = constants.TryGetValue(d.Name, out var seen)
                    ? (seen.First, seen.Count + 1, seen.Same && d.Init == seen.First.Init && d.Type == seen.First.Type)
                    : (d, 1, true);
            }
        }
        foreach (var constant in constants)
        {
            var (first, count, same) = constant.Value;
            if (count > 1 && counts[constant.Key] == count && same && first.Type == first.Init!.Type) substitutions[constant.Key] = first.Init;
        }
        foreach (var statement in statements)
        {
            if (statement is Declare { Init: { } init } d && !pinned.Contains(d.Name) && counts.TryGetValue(d.Name, out var count) && count == 1
                && (init is Const || (init is Var source && !substitutions.ContainsKey(source.Name)
                    && (IsValueParameter(parameters, source.Name, counts) || (!pinned.Contains(source.Name) && counts.TryGetValue(source.Name, out var sourceCount) && sourceCount == 1))))
                && d.Type == init.Type)
            {
                substitutions[d.Name] = init;
            }
        }
        return substitutions;
    }

    /// <summary>Whether <paramref name="name"/> is a value parameter the body never reassigns: copies of it can be substituted.</summary>
    private static bool IsValueParameter(EquatableArray<Param> parameters, string name, Dictionary<string, int> counts)
    {
        foreach (var p in parameters)
        {
            if (p.Name == name) return p.Kind == ParamKind.Value && !counts.ContainsKey(name);
        }
        return false;
    }

    private static Block Substitute(Block block, Dictionary<string, Expr> substitutions, PrimalNames? primal, ref bool newCopies)
    {
        var statements = new List<Stmt>(block.Statements.Count);
        foreach (var s in block.Statements)
        {
            if (s is Declare d && substitutions.ContainsKey(d.Name)) continue;
            // Most statements read nothing substituted: they stay as they are (no copy, no refolding).
            if (s is not (If or Loop) && !IrWalker.MentionsAny(s, substitutions))
            {
                statements.Add(s);
                continue;
            }
            var rewritten = s switch
            {
                If f => f with { Condition = Rewrite(f.Condition, substitutions), Then = Substitute(f.Then, substitutions, primal, ref newCopies), Else = Substitute(f.Else, substitutions, primal, ref newCopies) },
                Loop l => l with
                {
                    From = Rewrite(l.From, substitutions),
                    To = l.To is null ? null : Rewrite(l.To, substitutions),
                    Head = Substitute(l.Head, substitutions, primal, ref newCopies),
                    Condition = l.Condition is null ? null : Rewrite(l.Condition, substitutions),
                    Body = Substitute(l.Body, substitutions, primal, ref newCopies),
                },
                _ => IrWalker.MapExpressions(new Block(EquatableArray.Of(s)), e => Replace(e, substitutions, Exact(s, primal))).Statements[0],
            };
            if (rewritten is Declare { Init: Const or Var }) newCopies = true;
            statements.Add(rewritten);
        }
        return new Block(statements.ToEquatableArray());
    }

    /// <summary>Conditions and bounds: bool and int, whose folding is exact anyway.</summary>
    private static Expr Rewrite(Expr e, Dictionary<string, Expr> substitutions) => IrWalker.Map(e, x => Replace(x, substitutions, exact: true));

    /// <summary>Whether a statement computes one of the method's own values (see <see cref="PrimalNames"/>); when unsure, yes.</summary>
    private static bool Exact(Stmt s, PrimalNames? primal) => s switch
    {
        Declare d => PrimalNames.Includes(primal, d.Name),
        Assign a => PrimalNames.Includes(primal, a.Name),
        ElementWrite w => PrimalNames.Includes(primal, w.Array),
        _ => true,
    };

    private static Expr Replace(Expr e, Dictionary<string, Expr> substitutions, bool exact)
    {
        if (e is Var v && substitutions.TryGetValue(v.Name, out var replacement))
        {
            // Follow chains (a = b; b = 1) to the end.
            while (replacement is Var r && substitutions.TryGetValue(r.Name, out var next)) replacement = next;
            return replacement;
        }
        return exact ? IrBuilder.RefoldExact(e) : IrBuilder.Refold(e);
    }

    // ------------------------------------------------------------------ dead code

    private static Block EliminateDeadCode(Block body, Function function)
    {
        // Out, ref, span and matrix parameters are what the caller sees (a gradient writes the caller's matrix).
        var live = new HashSet<string>();
        foreach (var p in function.Params)
        {
            if (p.Kind != ParamKind.Value || p.IsContainer || p.Type == IrType.Matrix) live.Add(p.Name);
        }
        // Declarations without a (real) initializer stay when anything kept refers to the variable.
        return RemoveUnreferencedDeclarations(Backward(body, live));
    }

    /// <summary>The statements of <paramref name="block"/> that contribute to <paramref name="live"/>; adds what they read to it.</summary>
    public static Block Live(Block block, HashSet<string> live) => Backward(block, live);

    private static Block Backward(Block block, HashSet<string> live)
    {
        var kept = new List<Stmt>(block.Statements.Count);
        for (int i = block.Statements.Count - 1; i >= 0; i--)
        {
            var s = block.Statements[i];
            switch (s)
            {
                case Return r:
                    foreach (var v in r.Values) IrWalker.Reads(v, live);
                    kept.Add(s);
                    break;
                case Declare d:
                    if (d.Init is null || IsZero(d.Init))
                    {
                        kept.Add(s); // decided at the end
                        live.Remove(d.Name); // the variable begins here: a name used before it is another variable
                    }
                    else if (live.Contains(d.Name))
                    {
                        live.Remove(d.Name);
                        IrWalker.Reads(d.Init, live);
                        kept.Add(s);
                    }
                    break;
                case Assign a:
                    if (live.Contains(a.Name))
                    {
                        live.Remove(a.Name);
                        IrWalker.Reads(a.Value, live);
                        kept.Add(s);
                    }
                    break;
                case Invoke invoke:
                    if (Writes(invoke, live))
                    {
                        foreach (var t in invoke.Targets) live.Remove(t);
                        foreach (var a in invoke.Call.Args) if (a.Kind != ParamKind.Out) IrWalker.Reads(a.Value, live);
                        kept.Add(s);
                    }
                    break;
                case If f:
                    var liveThen = new HashSet<string>(live);
                    var then = Backward(f.Then, liveThen);
                    var liveElse = new HashSet<string>(live);
                    var otherwise = Backward(f.Else, liveElse);
                    if (then.Statements.Any(x => x is not Comment) || otherwise.Statements.Any(x => x is not Comment))
                    {
                        live.UnionWith(liveThen);
                        live.UnionWith(liveElse);
                        IrWalker.Reads(f.Condition, live);
                        kept.Add(WithBranches(f, then, otherwise));
                    }
                    break;
                case Loop loop:
                    // Live at the loop's head: live after it, plus what an iteration reads (to a fixpoint).
                    // A loop that may end early also needs its condition, and what computes it, in every iteration.
                    var atStart = new HashSet<string>(live);
                    Block body;
                    Block head = loop.Head;
                    int before;
                    do
                    {
                        before = atStart.Count;
                        var inside = new HashSet<string>(atStart);
                        body = Backward(loop.Body, inside);
                        if (loop.Condition is not null && body.Statements.Any(x => x is not Comment))
                        {
                            IrWalker.Reads(loop.Condition, inside);
                            head = Backward(loop.Head, inside);
                        }
                        atStart.UnionWith(inside);
                    }
                    while (atStart.Count != before);
                    if (body.Statements.Any(x => x is not Comment))
                    {
                        live.UnionWith(atStart);
                        live.Remove(loop.Counter);
                        IrWalker.Reads(loop.From, live);
                        if (loop.To is not null) IrWalker.Reads(loop.To, live);
                        kept.Add(WithBlocks(loop, head, body));
                    }
                    break;
                case TapePush push:
                    // Pushes and pops stay paired, whatever is live.
                    IrWalker.Reads(push.Value, live);
                    kept.Add(s);
                    break;
                case TapePop pop:
                    live.Remove(pop.Target);
                    kept.Add(s);
                    break;
                case ElementWrite element:
                    // Writes into a span: kept while the span is live (it stays live: other elements may be read).
                    if (live.Contains(element.Array))
                    {
                        IrWalker.Reads(element.Index, live);
                        IrWalker.Reads(element.Value, live);
                        kept.Add(s);
                    }
                    break;
                case ClearSpan clear:
                    if (live.Contains(clear.Array)) kept.Add(s);
                    break;
                case DeclareArray array:
                    if (live.Remove(array.Name))
                    {
                        IrWalker.Reads(array.Length, live);
                        kept.Add(s);
                    }
                    break;
                case SaveElement or UndoWrites:
                    // Logged while the array is live, as its writes are kept. An undo nothing reads after may go: a
                    // later undo, to an earlier mark, undoes the same writes.
                    var (logged, operand) = s is SaveElement save ? (save.Array, save.Index) : (((UndoWrites)s).Array, ((UndoWrites)s).Mark);
                    if (live.Contains(logged))
                    {
                        IrWalker.Reads(operand, live);
                        kept.Add(s);
                    }
                    break;
                case TapePushElements push:
                    // Pushes and pops stay paired, whatever is live.
                    live.Add(push.Array);
                    kept.Add(s);
                    break;
                case TapePopElements pop:
                    live.Remove(pop.Array); // every element is redefined
                    kept.Add(s);
                    break;
                case CopyElements copy:
                    if (live.Contains(copy.Target))
                    {
                        live.Add(copy.Source);
                        kept.Add(s);
                    }
                    break;
                case Comment:
                    // A comment heads the statements after it; drop it when they are all gone.
                    if (kept.Count > 0 && kept[kept.Count - 1] is not Comment) kept.Add(s);
                    break;
                default:
                    kept.Add(s);
                    break;
            }
        }
        kept.Reverse();
        return Unchanged(block, kept) ? block : new Block(kept.ToEquatableArray());
    }

    /// <summary>Whether a call writes a live variable: a target or a ref/out argument.</summary>
    private static bool Writes(Invoke invoke, HashSet<string> live)
    {
        foreach (var t in invoke.Targets) if (live.Contains(t)) return true;
        foreach (var a in invoke.Call.Args) if (a.Kind != ParamKind.Value && live.Contains(((Var)a.Value).Name)) return true;
        return false;
    }

    private static bool IsZero(Expr e) => e is Const { Value: 0 };

    /// <summary>Removes the declarations without a (real) initializer that no other statement of their block mentions.</summary>
    private static Block RemoveUnreferencedDeclarations(Block block)
    {
        // How many statements of this block mention each name declared here without a value (a declaration mentions
        // its own).
        Dictionary<string, (int Count, int Last)>? mentions = null;
        foreach (var s in block.Statements)
        {
            if (s is Declare d && (d.Init is null || IsZero(d.Init))) (mentions ??= new())[d.Name] = (0, -1);
        }
        if (mentions is not null)
        {
            var counter = new MentionCounter(mentions);
            for (counter.Statement = 0; counter.Statement < block.Statements.Count; counter.Statement++)
            {
                IrWalker.AnyName(block.Statements[counter.Statement], ref counter);
            }
        }
        var statements = new List<Stmt>(block.Statements.Count);
        foreach (var s in block.Statements)
        {
            if (s is Declare d && (d.Init is null || IsZero(d.Init)) && mentions![d.Name].Count <= 1)
            {
                continue; // declared, and used by nothing that was kept
            }
            statements.Add(s switch
            {
                If f => WithBranches(f, RemoveUnreferencedDeclarations(f.Then), RemoveUnreferencedDeclarations(f.Else)),
                Loop l => WithBlocks(l, RemoveUnreferencedDeclarations(l.Head), RemoveUnreferencedDeclarations(l.Body)),
                _ => s,
            });
        }
        return Unchanged(block, statements) ? block : new Block(statements.ToEquatableArray());
    }

    /// <summary>Counts, for each name of interest, the statements that mention it (each statement once).</summary>
    private struct MentionCounter(Dictionary<string, (int Count, int Last)> mentions) : IrWalker.INameVisitor
    {
        /// <summary>The index of the statement being walked.</summary>
        public int Statement;

        public readonly bool Visit(string name)
        {
            if (mentions.TryGetValue(name, out var m) && m.Last != Statement) mentions[name] = (m.Count + 1, Statement);
            return false;
        }
    }
}
