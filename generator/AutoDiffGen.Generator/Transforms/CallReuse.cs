using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Transforms;

/// <summary>
/// A pass of <see cref="Simplification"/>: a call of a Math function that a local already holds is read from the local.
/// The reverse sweep writes each derivative from its rule (a sine's is <c>Math.Cos(theta)</c>), which calls again what
/// the forward sweep may have computed (<c>double c = Math.Cos(theta);</c>, in a rotation). A call is read from a local
/// declared with it when the declaration comes first in the same block (or one around it), the local is assigned nowhere
/// else, the call reads only variables and constants (no span's element, which may be written in between), and each of
/// them is assigned at most once, before the declaration: the local then holds the call's value wherever the call comes
/// later.
/// </summary>
internal static class CallReuse
{
    public static Block Apply(Block body)
    {
        var statements = IrWalker.All(body);
        if (!statements.Any(s => s is Declare { Init: Intrinsic })) return body;
        var counts = new Dictionary<string, int>();
        var assignedAt = new Dictionary<string, int>();
        var order = new Dictionary<Stmt, int>(ReferenceComparer<Stmt>.Instance);
        for (int i = 0; i < statements.Count; i++)
        {
            order[statements[i]] = i;
            var one = new Dictionary<string, int>();
            IrWalker.CountAssignments(statements[i], one);
            foreach (var name in one.Keys)
            {
                counts[name] = (counts.TryGetValue(name, out var c) ? c : 0) + one[name];
                if (!assignedAt.ContainsKey(name)) assignedAt[name] = i;
            }
        }
        // Only calls of variables: an element of a span may be written in between, which no assignment count sees.
        bool Holds(Declare d, Intrinsic call, int at)
            => counts.TryGetValue(d.Name, out var n) && n == 1 && OfVariables(call)
                && IrWalker.Reads(call).All(r => !counts.TryGetValue(r, out var c) || (c == 1 && assignedAt[r] < at));
        var reused = new bool[1];
        var rewritten = Rewrite(body, new Dictionary<Expr, Var>(), order, Holds, reused);
        return reused[0] ? rewritten : body;
    }

    /// <summary>Whether <paramref name="call"/> reads only variables and constants: no element of a span or of data, no call.</summary>
    public static bool OfVariables(Intrinsic call)
    {
        bool elements = false;
        IrWalker.Visit(call, x => elements |= x is ElementRead or DataRead { Index: not null } or Call or Element);
        return !elements;
    }

    /// <param name="reused">Set when a call was replaced by a local.</param>
    private static Block Rewrite(Block block, Dictionary<Expr, Var> inherited, Dictionary<Stmt, int> order, System.Func<Declare, Intrinsic, int, bool> holds, bool[] reused)
    {
        var available = new Dictionary<Expr, Var>(inherited);
        Expr Read(Expr e)
        {
            if (e is not Intrinsic { Name: not MathRules.CalleeParameter } call || !available.TryGetValue(call, out var local)) return e;
            reused[0] = true;
            return local;
        }
        Expr Map(Expr e) => available.Count == 0 ? e : IrWalker.Map(e, Read);
        var result = new List<Stmt>(block.Statements.Count);
        foreach (var s in block.Statements)
        {
            Stmt mapped = s switch
            {
                If f => f with { Condition = Map(f.Condition), Then = Rewrite(f.Then, available, order, holds, reused), Else = Rewrite(f.Else, available, order, holds, reused) },
                Loop l => l with
                {
                    From = Map(l.From),
                    To = l.To is null ? null : Map(l.To),
                    Condition = l.Condition is null ? null : Map(l.Condition),
                    Head = Rewrite(l.Head, available, order, holds, reused),
                    Body = Rewrite(l.Body, available, order, holds, reused),
                    Step = Rewrite(l.Step, available, order, holds, reused),
                },
                NestedBlock n => n with { Body = Rewrite(n.Body, available, order, holds, reused) },
                _ when available.Count == 0 => s,
                _ => IrWalker.MapExpressions(new Block(EquatableArray.Of(s)), Read).Statements[0],
            };
            if (mapped is Declare { Init: Intrinsic { Name: not MathRules.CalleeParameter } call } d && order.TryGetValue(s, out var at) && holds(d, call, at) && !available.ContainsKey(call))
            {
                available[call] = new Var(d.Name, d.Type);
            }
            result.Add(mapped);
        }
        return new Block(result.ToEquatableArray());
    }
}
