using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Transforms;

/// <summary>
/// A pass of <see cref="Simplification"/>, and the liveness that reverse mode's recomputations use: dead-code elimination,
/// backwards from what the caller sees (out, ref, span and matrix parameters), then declarations nothing refers to.
/// </summary>
internal static class DeadCode
{
    public static Block Eliminate(Block body, Function function)
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
                        kept.Add(Rebuild.If(f, then, otherwise));
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
                        kept.Add(Rebuild.Loop(loop, head, body));
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
        return Rebuild.Block(block, kept);
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
                If f => Rebuild.If(f, RemoveUnreferencedDeclarations(f.Then), RemoveUnreferencedDeclarations(f.Else)),
                Loop l => Rebuild.Loop(l, RemoveUnreferencedDeclarations(l.Head), RemoveUnreferencedDeclarations(l.Body)),
                _ => s,
            });
        }
        return Rebuild.Block(block, statements);
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
