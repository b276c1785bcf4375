using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Transforms;

/// <summary>
/// A pass of <see cref="Simplification"/>: a value computed only to be copied into another variable a few statements
/// later is computed into that variable. Static single assignment gives each branch of an <c>if</c> its own version of
/// a variable and copies it into the version after the <c>if</c> at the end of the branch (<c>returned_3 = s_2 * t0;
/// returned_4 = returned_3;</c>), and each flag its own chain of copies (<c>cond4 = s_3 > 10.0; breaking_5 = cond4;</c>);
/// a person writes <c>returned_4 = s_2 * t0;</c> and <c>breaking_5 = s_3 > 10.0;</c>, and declares no
/// <c>double returned_3 = 0.0;</c> for it at the top of the loop.
/// <para>
/// The value <c>x = e</c> is computed into <c>y</c> where the copy <c>y = x</c> is the only other statement that mentions
/// <c>x</c> (besides the declarations that zero it, which go), comes later in the same block, and nothing between the two
/// mentions <c>y</c>. A copy at the end of a loop's body into the loop's state stays: that is the back edge the loop's
/// passes (sums on vectors, registers) read.
/// </para>
/// <para>
/// Then a local declared zeroed at the top of a block and used only inside one later <c>if</c> is declared in the branch
/// that assigns it, where it is first assigned.
/// </para>
/// </summary>
internal static class JoinCopies
{
    public static Block Apply(Function function)
    {
        var parameters = new HashSet<string>(function.Params.Select(p => p.Name));
        var body = function.Body;
        // Chains (cond4 → breaking_5 → breaking_6) shorten by one link a round.
        for (int round = 0; round < 8; round++)
        {
            var mentions = new Dictionary<string, int>();
            var zeroed = new Dictionary<string, int>();
            foreach (var s in IrWalker.All(body))
            {
                foreach (var name in OwnNames(s)) mentions[name] = mentions.TryGetValue(name, out var c) ? c + 1 : 1;
                if (s is Declare { Init: Const } d) zeroed[d.Name] = zeroed.TryGetValue(d.Name, out var z) ? z + 1 : 1;
            }
            var gone = new HashSet<string>();
            var rewritten = Rewrite(body, inLoop: false, parameters, mentions, zeroed, gone);
            if (gone.Count == 0) break;
            body = WithoutZeroing(rewritten, gone);
        }
        return Sunk(body);
    }

    /// <summary>
    /// The block with each local declared zeroed and then used only inside one later <c>if</c> declared in the branches
    /// that use it instead, at its first assignment there (<c>bool cond2 = t0 > t;</c>), when that assignment comes
    /// before any read in the branch; nested blocks likewise.
    /// </summary>
    private static Block Sunk(Block block)
    {
        var list = block.Statements.ToList();
        for (int k = 0; k < list.Count; k++)
        {
            if (list[k] is not Declare { Init: Const } zeroed) continue;
            var name = zeroed.Name;
            int at = list.FindIndex(k + 1, s => IrWalker.Mentions(s, name));
            if (at < 0 || list[at] is not If f || IrWalker.Reads(f.Condition).Contains(name)) continue;
            if (list.Skip(at + 1).Any(s => IrWalker.Mentions(s, name))) continue;
            var then = DeclaredAtFirstWrite(f.Then, zeroed);
            var otherwise = DeclaredAtFirstWrite(f.Else, zeroed);
            if (then is null || otherwise is null) continue;
            list[at] = Rebuild.If(f, then, otherwise);
            list.RemoveAt(k);
            k--;
        }
        var nested = list.Select(s => s switch
        {
            If f => Rebuild.If(f, Sunk(f.Then), Sunk(f.Else)),
            // Not in a loop's head: its condition, outside the head's block, reads what the head computes.
            Loop l => Rebuild.Loop(l, l.Head, Sunk(l.Body)),
            _ => s,
        }).ToList();
        return Rebuild.Block(block, nested);
    }

    /// <summary>
    /// The branch with <paramref name="declaration"/>'s local declared at its first write (the branch itself when it does
    /// not mention it), or null when a statement reads it first or the first write is nested.
    /// </summary>
    private static Block? DeclaredAtFirstWrite(Block branch, Declare declaration)
    {
        int first = branch.Statements.ToList().FindIndex(s => IrWalker.Mentions(s, declaration.Name));
        if (first < 0) return branch;
        if (branch.Statements[first] is not Assign a || a.Name != declaration.Name || IrWalker.Reads(a.Value).Contains(a.Name)) return null;
        var list = branch.Statements.ToList();
        list[first] = new Declare(a.Name, declaration.Type, a.Value);
        return Rebuild.Block(branch, list);
    }

    private static Block Rewrite(Block block, bool inLoop, HashSet<string> parameters, Dictionary<string, int> mentions, Dictionary<string, int> zeroed, HashSet<string> gone)
    {
        var list = block.Statements.Select(s => s switch
        {
            If f => Rebuild.If(f, Rewrite(f.Then, false, parameters, mentions, zeroed, gone), Rewrite(f.Else, false, parameters, mentions, zeroed, gone)),
            Loop l => Rebuild.Loop(l, l.Head, Rewrite(l.Body, true, parameters, mentions, zeroed, gone)),
            _ => s,
        }).ToList();
        for (int k = 0; k < list.Count; k++)
        {
            var (name, type, value) = list[k] switch
            {
                Declare { Init: { } init } d => (d.Name, d.Type, init),
                Assign a => (a.Name, a.Value.Type, a.Value),
                _ => (null, IrType.Double, null),
            };
            if (name is null || value is null || parameters.Contains(name) || gone.Contains(name) || type == IrType.Matrix || IrWalker.Reads(value).Contains(name)) continue;
            // Its value's only reader: the copy, the next statement that mentions it.
            int at = list.FindIndex(k + 1, s => IrWalker.Mentions(s, name));
            if (at < 0) continue;
            var (target, declares) = list[at] switch
            {
                Assign { Value: Var v } copy when v.Name == name && v.Type == type => (copy.Name, false),
                Declare { Init: Var v } copy when v.Name == name && copy.Type == type => (copy.Name, true),
                _ => (null, false),
            };
            if (target is null || target == name || gone.Contains(target)) continue;
            int zeroings = list[k] is Declare ? 0 : zeroed.TryGetValue(name, out var z) ? z : 0;
            if (!mentions.TryGetValue(name, out var count) || count != 2 + zeroings) continue;
            if (list.Skip(k + 1).Take(at - k - 1).Any(s => IrWalker.Mentions(s, target))) continue;
            // A loop's back edge (its state, declared outside its body, copied at the end of it) stays.
            if (inLoop && !declares && !list.Take(at).Any(s => s is Declare d && d.Name == target)) continue;
            list[k] = list[at] is Declare declaration ? new Declare(target, declaration.Type, value) : new Assign(target, value);
            list.RemoveAt(at);
            gone.Add(name);
        }
        return Rebuild.Block(block, list);
    }

    /// <summary>The names a statement itself mentions (not the statements nested in it): an <c>if</c>'s condition, a loop's counter and bounds.</summary>
    private static IEnumerable<string> OwnNames(Stmt s)
    {
        var names = new HashSet<string>();
        switch (s)
        {
            case If f:
                IrWalker.Reads(f.Condition, names);
                break;
            case Loop l:
                names.Add(l.Counter);
                IrWalker.Reads(l.From, names);
                if (l.To is not null) IrWalker.Reads(l.To, names);
                if (l.Condition is not null) IrWalker.Reads(l.Condition, names);
                break;
            case NestedBlock:
                break;
            default:
                IrWalker.CollectNames(s, names);
                break;
        }
        return names;
    }

    /// <summary>The block without the declarations that zero the variables in <paramref name="gone"/>.</summary>
    private static Block WithoutZeroing(Block block, HashSet<string> gone) => Rebuild.Block(block, block.Statements
        .Where(s => !(s is Declare { Init: Const } d && gone.Contains(d.Name)))
        .Select(s => s switch
        {
            If f => Rebuild.If(f, WithoutZeroing(f.Then, gone), WithoutZeroing(f.Else, gone)),
            Loop l => Rebuild.Loop(l, WithoutZeroing(l.Head, gone), WithoutZeroing(l.Body, gone)),
            NestedBlock n => n with { Body = WithoutZeroing(n.Body, gone) },
            _ => s,
        }).ToList());
}
