using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Transforms;

/// <summary>
/// A pass of <see cref="Simplification"/>: an adjoint handed on to itself. <c>a = s; … s = 0; … s += a;</c> in one block
/// (how the reverse of a nested loop passes an outer sum's adjoint through each iteration of the inner one) leaves
/// <c>s</c> as it was, when nothing writes <c>s</c> or <c>a</c> in between and nothing reads <c>s</c> while it is 0: the
/// zeroing and the re-adding go, and <c>s</c> is a value the iterations do not change (up to the sign of a zero: <c>0 +
/// −0</c> is <c>+0</c>). Then the loop only adds into its sums, as the source's loop does, and can run on vectors
/// (<see cref="Vectorization"/>).
/// </summary>
internal static class AdjointRelays
{
    public static Block Apply(Block block)
    {
        var statements = new List<Stmt>(block.Statements.Count);
        foreach (var s in block.Statements)
        {
            statements.Add(s switch
            {
                Loop l => Rebuild.Loop(l, Apply(l.Head), Apply(l.Body)),
                If f => Rebuild.If(f, Apply(f.Then), Apply(f.Else)),
                _ => s,
            });
        }
        // One pass: each relay a = s waits for s = 0, then for s += a, and is dropped by anything else that writes s or a, or
        // reads s once it is 0.
        var pending = new Dictionary<string, Relay>();
        var byCopy = new Dictionary<string, Relay>();
        var removed = new List<int>();
        void Drop(Relay r)
        {
            pending.Remove(r.Source);
            byCopy.Remove(r.Copy);
        }
        for (int i = 0; i < statements.Count; i++)
        {
            var statement = statements[i];
            Relay? matched = null;
            if (statement is Assign { Value: Const { Value: 0 } } zeroing && pending.TryGetValue(zeroing.Name, out var zeroed) && zeroed.Zero < 0)
            {
                zeroed.Zero = i;
                matched = zeroed;
            }
            else if (statement is Assign { Value: Binary { Op: BinaryOp.Add, Left: Var self, Right: Var added } } readd && self.Name == readd.Name
                && pending.TryGetValue(readd.Name, out var relay) && relay.Zero >= 0 && relay.Copy == added.Name)
            {
                removed.Add(relay.Zero);
                removed.Add(i);
                Drop(relay);
                matched = relay;
            }
            if (pending.Count > 0)
            {
                var names = new HashSet<string>();
                IrWalker.CollectNames(statement, names);
                var written = Written(statement);
                foreach (var name in names)
                {
                    if (pending.TryGetValue(name, out var r) && r != matched && (r.Zero >= 0 || written.Contains(name))) Drop(r);
                    if (written.Contains(name) && byCopy.TryGetValue(name, out var c) && c != matched) Drop(c);
                }
            }
            if (statement is Declare { Init: Var source } copy && copy.Type.IsFloating() && source.Name != copy.Name)
            {
                if (pending.TryGetValue(source.Name, out var earlier)) Drop(earlier);
                var relay = new Relay(source.Name, copy.Name);
                pending[source.Name] = relay;
                byCopy[copy.Name] = relay;
            }
        }
        if (removed.Count == 0) return Rebuild.Block(block, statements);
        removed.Sort();
        for (int k = removed.Count - 1; k >= 0; k--) statements.RemoveAt(removed[k]);
        return new Block(statements.ToEquatableArray());
    }

    private sealed class Relay
    {
        public Relay(string source, string copy)
        {
            Source = source;
            Copy = copy;
        }

        /// <summary>The adjoint handed on (<c>s</c>).</summary>
        public string Source { get; }

        /// <summary>Its copy (<c>a</c>).</summary>
        public string Copy { get; }

        /// <summary>Where <c>s = 0</c> is, or -1 before it.</summary>
        public int Zero { get; set; } = -1;
    }

    /// <summary>The names <paramref name="statement"/> (or a block nested in it) assigns.</summary>
    private static HashSet<string> Written(Stmt statement)
    {
        var counts = new Dictionary<string, int>();
        foreach (var s in IrWalker.All(new Block(EquatableArray.Of(statement)))) IrWalker.CountAssignments(s, counts);
        return new HashSet<string>(counts.Keys);
    }
}
