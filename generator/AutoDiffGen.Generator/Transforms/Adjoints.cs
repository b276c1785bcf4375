using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Ir;
using static AutoDiffGen.Generator.Ir.IrBuilder;

namespace AutoDiffGen.Generator.Transforms;

/// <summary>
/// The adjoints of one reverse sweep: the local that holds each variable's adjoint, and the contributions to it. Like a
/// person writing an adjoint by hand, it sums the contributions to an adjoint in straight-line code as a balanced tree
/// when the adjoint is needed, instead of a chain of dependent <c>+=</c>; in a branch or a loop's iteration they are
/// added into the local at once.
/// </summary>
internal sealed class Adjoints
{
    private readonly ReverseState state;
    // The adjoint local of each variable that has one, in the order they were named.
    private readonly Dictionary<string, string> names = new();
    // The adjoint locals that statements write or read (the others only have contributions still pending, or none).
    private readonly HashSet<string> mentioned = new();
    // Contributions in straight-line code not yet added into their adjoint local, by local.
    private readonly Dictionary<string, List<Expr>> pending = new();
    // How many branches and loop iterations the sweep is inside: contributions wait only at 0.
    private int depth;

    public Adjoints(ReverseState state) => this.state = state;

    /// <summary>The adjoint local of each variable that has one, in the order they were named.</summary>
    public IReadOnlyDictionary<string, string> Names => names;

    /// <summary>The adjoint local of <paramref name="name"/>, named now if it has none yet.</summary>
    public string NameOf(string name)
    {
        if (!names.TryGetValue(name, out var adjoint))
        {
            adjoint = state.Fresh(name + "_bar", state.Types[name]);
            names[name] = adjoint;
        }
        return adjoint;
    }

    /// <summary>Records that statements use the adjoint local <paramref name="adjoint"/> (which then needs a declaration).</summary>
    public void Mention(string adjoint) => mentioned.Add(adjoint);

    /// <summary>Runs <paramref name="reverse"/> for the statements of a branch or a loop's iteration, where contributions are added at once.</summary>
    public void Nested(Action reverse)
    {
        depth++;
        reverse();
        depth--;
    }

    /// <summary>Adds a contribution to the adjoint of <paramref name="name"/>: kept for a balanced sum in straight-line code, added at once in a branch.</summary>
    public void Accumulate(string name, Expr value, List<Stmt> output)
    {
        if (IsConst(value, 0)) return;
        var adjoint = NameOf(name);
        var types = state.Types;
        // A matrix adjoint is added into at once, in place: there is no sum of matrices to balance.
        if (depth == 0 && types[name] != IrType.Matrix)
        {
            if (!pending.TryGetValue(adjoint, out var list)) pending[adjoint] = list = new List<Expr>();
            list.Add(value);
            return;
        }
        mentioned.Add(adjoint);
        output.Add(IrBuilder.Accumulate(adjoint, types[name], value));
    }

    /// <summary>Adds the pending contributions of an adjoint into its local.</summary>
    public void Flush(string adjoint, List<Stmt> output)
    {
        if (!pending.TryGetValue(adjoint, out var list) || list.Count == 0) return;
        pending.Remove(adjoint);
        mentioned.Add(adjoint);
        var type = state.Types[adjoint];
        output.Add(IrBuilder.Accumulate(adjoint, type, BalancedSum(type, list)));
    }

    /// <summary>Adds every pending contribution into its local (before a branch or a loop, which read and add to adjoints).</summary>
    public void FlushAll(List<Stmt> output)
    {
        foreach (var adjoint in pending.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList()) Flush(adjoint, output);
    }

    /// <summary>The adjoint of <paramref name="name"/>, complete (its pending sum added), or null if nothing flows into it.</summary>
    public Expr? Of(string name, List<Stmt> output)
    {
        if (!names.TryGetValue(name, out var adjoint)) return null;
        Flush(adjoint, output);
        return mentioned.Contains(adjoint) ? new Var(adjoint, state.Types[name]) : null;
    }

    /// <summary>The whole adjoint of <paramref name="name"/> at the end of the sweep: its local (if written) plus what is still pending.</summary>
    public Expr Total(string name)
    {
        var type = state.Types[name];
        var local = names.TryGetValue(name, out var adjoint) ? adjoint : null;
        var terms = new List<Expr>();
        if (local is not null && mentioned.Contains(local)) terms.Add(new Var(local, type));
        if (local is not null && pending.TryGetValue(local, out var contributions)) terms.AddRange(contributions);
        return BalancedSum(type, terms);
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
}
