using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Transforms;

/// <summary>
/// A pass of <see cref="Simplification"/>: copy and constant propagation. A variable assigned once a constant or another
/// variable is replaced by it where it is read, and the expressions it is substituted into are folded again.
/// </summary>
internal static class CopyPropagation
{
    public static Block Apply(Function function, PrimalNames? primal)
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

}
