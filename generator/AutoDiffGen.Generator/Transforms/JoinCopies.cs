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
    /// before any read in the branch; nested blocks likewise. Each block's statements are walked once for all its locals.
    /// </summary>
    private static Block Sunk(Block block)
    {
        var list = block.Statements.ToList();
        // The locals declared zeroed here (once), and where the block's statements mention them.
        var zeroedAt = new Dictionary<string, int>();
        var twice = new HashSet<string>();
        for (int k = 0; k < list.Count; k++)
        {
            if (list[k] is Declare { Init: Const } d && !zeroedAt.ContainsKey(d.Name)) zeroedAt[d.Name] = k;
            else if (list[k] is Declare other && zeroedAt.ContainsKey(other.Name)) twice.Add(other.Name);
        }
        foreach (var name in twice) zeroedAt.Remove(name);
        var sunk = new HashSet<int>();
        if (zeroedAt.Count > 0)
        {
            var at = Mentions(list, new HashSet<string>(zeroedAt.Keys));
            // The locals each if takes: it is their only mention after their declaration, and its condition reads none.
            var byIf = new Dictionary<int, List<Declare>>();
            foreach (var entry in zeroedAt)
            {
                var after = at[entry.Key].Where(i => i != entry.Value).ToList();
                if (after.Count != 1 || after[0] < entry.Value || list[after[0]] is not If f || IrWalker.Reads(f.Condition).Contains(entry.Key)) continue;
                if (!byIf.TryGetValue(after[0], out var declarations)) byIf[after[0]] = declarations = new List<Declare>();
                declarations.Add((Declare)list[entry.Value]);
            }
            foreach (var entry in byIf)
            {
                var f = (If)list[entry.Key];
                var names = new HashSet<string>(entry.Value.Select(d => d.Name));
                var then = FirstWrites(f.Then, names);
                var otherwise = FirstWrites(f.Else, names);
                var moved = entry.Value.Where(d => then.ContainsKey(d.Name) && otherwise.ContainsKey(d.Name)).ToList();
                if (moved.Count == 0) continue;
                list[entry.Key] = Rebuild.If(f, DeclaredAt(f.Then, moved, then), DeclaredAt(f.Else, moved, otherwise));
                foreach (var d in moved) sunk.Add(zeroedAt[d.Name]);
            }
        }
        var nested = list.Where((_, k) => !sunk.Contains(k)).Select(s => s switch
        {
            If f => Rebuild.If(f, Sunk(f.Then), Sunk(f.Else)),
            // Not in a loop's head: its condition, outside the head's block, reads what the head computes.
            Loop l => Rebuild.Loop(l, l.Head, Sunk(l.Body)),
            _ => s,
        }).ToList();
        return Rebuild.Block(block, nested);
    }

    /// <summary>For each name, the indices of the statements that mention it (nested ones included), in one walk.</summary>
    private static Dictionary<string, List<int>> Mentions(List<Stmt> statements, HashSet<string> names)
    {
        var result = names.ToDictionary(n => n, _ => new List<int>());
        var touched = new HashSet<string>();
        for (int k = 0; k < statements.Count; k++)
        {
            touched.Clear();
            IrWalker.CollectNames(statements[k], touched, only: names);
            foreach (var name in touched) result[name].Add(k);
        }
        return result;
    }

    /// <summary>
    /// Of <paramref name="names"/>, those whose first mention in the branch is a top-level assignment that does not read
    /// them, with its index (−1: not mentioned at all); the others are left out.
    /// </summary>
    private static Dictionary<string, int> FirstWrites(Block branch, HashSet<string> names)
    {
        var first = new Dictionary<string, int>();
        var touched = new HashSet<string>();
        for (int k = 0; k < branch.Statements.Count; k++)
        {
            touched.Clear();
            IrWalker.CollectNames(branch.Statements[k], touched, only: names);
            foreach (var name in touched.Where(n => !first.ContainsKey(n)))
            {
                bool writes = branch.Statements[k] is Assign a && a.Name == name && !IrWalker.Reads(a.Value).Contains(name);
                first[name] = writes ? k : -2;
            }
        }
        var result = names.ToDictionary(n => n, n => first.TryGetValue(n, out var k) ? k : -1);
        foreach (var name in names.Where(n => result[n] == -2)) result.Remove(name);
        return result;
    }

    /// <summary>The branch with each moved local declared at its first write there (<paramref name="first"/>).</summary>
    private static Block DeclaredAt(Block branch, List<Declare> moved, Dictionary<string, int> first)
    {
        var list = branch.Statements.ToList();
        foreach (var d in moved)
        {
            int k = first[d.Name];
            if (k >= 0) list[k] = new Declare(d.Name, d.Type, ((Assign)list[k]).Value);
        }
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
        // The values whose local nothing mentions but this assignment, one other statement (the copy, if it is one) and
        // the declarations that zero it.
        var values = new Dictionary<string, (int At, IrType Type, Expr Value)>();
        var declaredAt = new Dictionary<string, int>();
        for (int k = 0; k < list.Count; k++)
        {
            if (list[k] is Declare declared && !declaredAt.ContainsKey(declared.Name)) declaredAt[declared.Name] = k;
            var (name, type, value) = list[k] switch
            {
                Declare { Init: { } init } d => (d.Name, d.Type, init),
                Assign a => (a.Name, a.Value.Type, a.Value),
                _ => (null, IrType.Double, null),
            };
            if (name is null || value is null || parameters.Contains(name) || gone.Contains(name) || type == IrType.Matrix || IrWalker.Reads(value).Contains(name)) continue;
            int zeroings = list[k] is Declare ? 0 : zeroed.TryGetValue(name, out var z) ? z : 0;
            if (mentions.TryGetValue(name, out var count) && count == 2 + zeroings) values[name] = (k, type, value);
        }
        if (values.Count == 0) return Rebuild.Block(block, list);

        // Each one's copy: the next statement of the block that mentions it, when it is y = x.
        var at = Mentions(list, new HashSet<string>(values.Keys));
        var copies = new List<(string Name, int Copy, string Target)>();
        foreach (var entry in values.OrderBy(e => e.Value.At))
        {
            int copy = at[entry.Key].FirstOrDefault(i => i > entry.Value.At);
            if (copy <= entry.Value.At) continue;
            var target = list[copy] switch
            {
                Assign { Value: Var v } c when v.Name == entry.Key && v.Type == entry.Value.Type => c.Name,
                Declare { Init: Var v } c when v.Name == entry.Key && c.Type == entry.Value.Type => c.Name,
                _ => null,
            };
            if (target is not null && target != entry.Key) copies.Add((entry.Key, copy, target));
        }
        var targets = Mentions(list, new HashSet<string>(copies.Select(c => c.Target)));
        // A local that takes part in one rewrite waits for the next round for another (the mentions found here would be stale).
        var involved = new HashSet<string>();
        var removed = new HashSet<int>();
        foreach (var (name, copy, target) in copies)
        {
            int k = values[name].At;
            if (gone.Contains(target) || involved.Contains(name) || involved.Contains(target)) continue;
            // Nothing between the value and its copy mentions the copy's target.
            if (targets[target].Any(i => i > k && i < copy)) continue;
            // A loop's back edge (its state, declared outside its body, copied at the end of it) stays.
            bool declares = list[copy] is Declare;
            if (inLoop && !declares && !(declaredAt.TryGetValue(target, out var d) && d < copy)) continue;
            list[k] = list[copy] is Declare declaration ? new Declare(target, declaration.Type, values[name].Value) : new Assign(target, values[name].Value);
            removed.Add(copy);
            gone.Add(name);
            involved.Add(name);
            involved.Add(target);
        }
        return Rebuild.Block(block, list.Where((_, k) => !removed.Contains(k)).ToList());
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
