using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Transforms;

/// <summary>
/// Activity analysis: a variable is active when it depends on an active input (varied) and the
/// outputs depend on it (useful). Only active variables get tangents and adjoints; the rest is plain
/// code. Flow-insensitive fixpoints over the canonical (SSA) form, so it is exact for straight-line
/// code and conservative for merges.
/// </summary>
internal static class Activity
{
    /// <summary>
    /// The active variables of <paramref name="body"/> from <paramref name="inputs"/> to <paramref name="outputs"/>. The
    /// derivatives of one method ask this of its canonical body once (<c>Generation</c>) and hand the answer to the
    /// sweeps that would ask it again.
    /// </summary>
    public static HashSet<string> Analyze(Block body, IEnumerable<string> inputs, IEnumerable<string> outputs, IReadOnlyDictionary<string, IrType> types)
        => Compute(body, new HashSet<string>(inputs), new HashSet<string>(outputs), types);

    private static HashSet<string> Compute(Block body, HashSet<string> varied, HashSet<string> useful, IReadOnlyDictionary<string, IrType> types)
    {
        var pushed = new List<Expr>();
        Walk(body, s =>
        {
            if (s is TapePush push) pushed.Add(push.Value);
        });
        bool changed = true;
        while (changed)
        {
            changed = false;
            Walk(body, s =>
            {
                switch (s)
                {
                    case Declare { Init: not null } d when IsFloating(d.Name, types) && Touches(d.Init, varied):
                        changed |= varied.Add(d.Name);
                        break;
                    case Assign a when IsFloating(a.Name, types) && Touches(a.Value, varied):
                        changed |= varied.Add(a.Name);
                        break;
                    case ElementWrite a when Touches(a.Value, varied):
                        changed |= varied.Add(a.Array);
                        break;
                    case CopyElements c when varied.Contains(c.Source):
                        changed |= varied.Add(c.Target);
                        break;
                    case TapePop p when IsFloating(p.Target, types) && pushed.Any(v => Touches(v, varied)):
                        // What a pop returns is what was pushed: varied when any pushed value is.
                        changed |= varied.Add(p.Target);
                        break;
                    case Invoke i when i.Call.Args.Any(arg => Touches(arg.Value, varied)):
                        foreach (var t in i.Targets.Where(t => IsFloating(t, types))) changed |= varied.Add(t);
                        foreach (var arg in i.Call.Args) if (arg.Kind != ParamKind.Value && arg.Value is Var v) changed |= varied.Add(v.Name);
                        break;
                }
            });
        }

        changed = true;
        while (changed)
        {
            changed = false;
            // Last statement first: usefulness flows from a use back to the definitions it reads, so straight-line code
            // settles in one pass (forwards it took a pass per statement of a dependency chain).
            Walk(body, backwards: true, s =>
            {
                switch (s)
                {
                    case Declare { Init: not null } d when useful.Contains(d.Name):
                        changed |= AddReads(d.Init, useful);
                        break;
                    case Assign a when useful.Contains(a.Name):
                        changed |= AddReads(a.Value, useful);
                        break;
                    case ElementWrite a when useful.Contains(a.Array):
                        changed |= AddReads(a.Value, useful);
                        break;
                    case CopyElements c when useful.Contains(c.Target):
                        changed |= useful.Add(c.Source);
                        break;
                    case TapePop p when useful.Contains(p.Target):
                        foreach (var v in pushed) changed |= AddReads(v, useful);
                        break;
                    case Invoke i when i.Targets.Any(useful.Contains) || i.Call.Args.Any(arg => arg.Kind != ParamKind.Value && arg.Value is Var v && useful.Contains(v.Name)):
                        changed |= AddReads(i.Call, useful);
                        break;
                }
            });
        }
        varied.IntersectWith(useful);
        varied.RemoveWhere(n => !IsFloating(n, types));
        return varied;
    }

    private static bool IsFloating(string name, IReadOnlyDictionary<string, IrType> types) => types.TryGetValue(name, out var t) && t.IsDifferentiable();

    private static bool Touches(Expr e, HashSet<string> set) => IrWalker.ReadsAny(e, set);

    /// <summary>Adds what <paramref name="e"/> reads to <paramref name="set"/>; whether that added anything.</summary>
    private static bool AddReads(Expr e, HashSet<string> set)
    {
        int before = set.Count;
        IrWalker.Reads(e, set);
        return set.Count != before;
    }

    private static void Walk(Block block, System.Action<Stmt> visit) => Walk(block, backwards: false, visit);

    private static void Walk(Block block, bool backwards, System.Action<Stmt> visit)
    {
        var statements = block.Statements;
        for (int k = 0; k < statements.Count; k++)
        {
            var s = statements[backwards ? statements.Count - 1 - k : k];
            if (!backwards) visit(s);
            if (s is If f)
            {
                Walk(f.Then, backwards, visit);
                Walk(f.Else, backwards, visit);
            }
            if (s is Loop l)
            {
                Walk(backwards ? l.Body : l.Head, backwards, visit);
                Walk(backwards ? l.Head : l.Body, backwards, visit);
            }
            if (backwards) visit(s);
        }
    }

    /// <summary>The type of every parameter and local of a function.</summary>
    public static Dictionary<string, IrType> Types(Function function)
    {
        var types = function.Params.ToDictionary(p => p.Name, p => p.Type);
        Walk(function.Body, s =>
        {
            if (s is Declare d) types[d.Name] = d.Type;
            if (s is DeclareArray a) types[a.Name] = a.Type;
            if (s is Loop l) types[l.Counter] = IrType.Int;
        });
        return types;
    }
}
