using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Transforms;

/// <summary>
/// Which arrays reverse mode must log (see <see cref="SaveElement"/>). A loop's reverse sweep recomputes each
/// iteration from the state it began with; an array the iteration reads is part of that state when something
/// changes it between the iteration and its reverse. Logging every write is always right; like a person writing an
/// adjoint, this analysis leaves out the arrays whose contents the recomputation cannot get wrong:
/// <list type="bullet">
/// <item>an array written only before the loops that read it (a table filled once, then read);</item>
/// <item>a scratch array: all its uses are inside one loop, and each iteration of that loop first fills the whole
/// array, then only adds into it, and only after that reads it (a centred vector per sample, a product per
/// component). Every iteration's recomputation refills it before reading it.</item>
/// </list>
/// </summary>
internal static class BufferAnalysis
{
    /// <summary>The arrays of <paramref name="candidates"/> (written and read back) whose writes must be logged.</summary>
    public static HashSet<string> ArraysToLog(Block body, IEnumerable<string> candidates)
    {
        var result = new HashSet<string>();
        var declared = IrWalker.All(body).OfType<DeclareArray>().ToDictionary(d => d.Name);
        var top = body.Statements;
        foreach (var array in candidates)
        {
            bool ReadInLoop(Stmt s) => IrWalker.All(new Block(EquatableArray.Of(s))).OfType<Loop>().Any(l => ArraysRead(l).Contains(array));
            var readers = Enumerable.Range(0, top.Count).Where(i => ReadInLoop(top[i])).ToList();
            if (readers.Count == 0) continue; // no loop reads it: no recomputation does
            int firstReader = readers[0];
            int lastWriter = Enumerable.Range(0, top.Count).Where(i => Writes(top[i], array)).DefaultIfEmpty(-1).Max();
            if (lastWriter < firstReader) continue; // filled before the loops that read it
            if (declared.TryGetValue(array, out var declaration) && IsScratch(body, declaration)) continue;
            result.Add(array);
        }
        return result;
    }

    /// <summary>
    /// The scratch arrays of each loop (see <see cref="IsScratch"/>): the loop whose iterations each fill them whole
    /// before reading them. Keyed by reference: equal loops may appear twice.
    /// </summary>
    public static Dictionary<Loop, List<DeclareArray>> ScratchScopes(Block body)
    {
        var result = new Dictionary<Loop, List<DeclareArray>>(ReferenceComparer<Loop>.Instance);
        foreach (var array in IrWalker.All(body).OfType<DeclareArray>())
        {
            if (!IsScratch(body, array)) continue;
            var scope = Scope(body.Statements, array.Name)!;
            if (!result.TryGetValue(scope, out var list)) result[scope] = list = new List<DeclareArray>();
            list.Add(array);
        }
        return result;
    }

    /// <summary>
    /// Whether <paramref name="array"/> is the scratch of the innermost loop holding all its element reads and
    /// writes: in an iteration of that loop, the statements that write it all come before the ones that read it,
    /// none does both, and one of the writers fills it whole (<c>for (int c = 0; c &lt; length; c++) { … t[c] = …; … }</c>
    /// over the length it was declared with), so no read sees a value from another iteration.
    /// </summary>
    private static bool IsScratch(Block body, DeclareArray array)
    {
        if (Scope(body.Statements, array.Name) is not { } scope) return false;
        var units = scope.Iteration.ToList();
        var readers = Enumerable.Range(0, units.Count).Where(i => ArraysReadIn(units[i]).Contains(array.Name)).ToList();
        var writers = Enumerable.Range(0, units.Count).Where(i => Writes(units[i], array.Name)).ToList();
        if (readers.Count == 0 || writers.Count == 0 || writers.Max() >= readers.Min()) return false;
        return writers.Any(i => Fills(units[i], array, IntDefinitions(body)));
    }

    /// <summary>The innermost loop that holds every element read and write of <paramref name="array"/>, or null.</summary>
    private static Loop? Scope(IReadOnlyList<Stmt> statements, string array)
    {
        var touching = statements.Where(s => Writes(s, array) || ArraysReadIn(s).Contains(array)).ToList();
        if (touching.Count != 1) return null;
        switch (touching[0])
        {
            case Loop loop:
                return Scope(loop.Iteration.ToList(), array) ?? loop;
            case If f:
                return Scope(f.Then.Statements, array) ?? Scope(f.Else.Statements, array);
            default:
                return null;
        }
    }

    /// <summary>
    /// A counted loop from 0 to the array's length that stores into every element, unconditionally. The bound may
    /// be the length the array was declared with or <c>t.Length</c>, also through a local that holds either.
    /// </summary>
    private static bool Fills(Stmt statement, DeclareArray array, Dictionary<string, Expr> definitions)
    {
        if (statement is not Loop { Condition: null, To: { } to, From: Const { Value: 0 }, Descending: false } loop) return false;
        Expr Resolve(Expr e) => e is Var v && definitions.TryGetValue(v.Name, out var value) ? value : e;
        var bound = Resolve(to);
        bool full = bound == Resolve(array.Length) || bound == array.Length || bound == new Length(new Var(array.Name, array.Type));
        return full && loop.Body.Statements.Any(s => s is StoreElement { Index: Var index } store && store.Array == array.Name && index.Name == loop.Counter);
    }

    /// <summary>The int locals assigned once, with the value they are declared with (canonical form: one version per value).</summary>
    private static Dictionary<string, Expr> IntDefinitions(Block body)
    {
        var counts = IrWalker.AssignmentCounts(body);
        return IrWalker.All(body).OfType<Declare>()
            .Where(d => d.Type == IrType.Int && d.Init is not null && counts.TryGetValue(d.Name, out var c) && c == 1)
            .GroupBy(d => d.Name).Where(g => g.Count() == 1)
            .ToDictionary(g => g.Key, g => g.First().Init!);
    }

    private static bool Writes(Stmt statement, string array)
        => IrWalker.All(new Block(EquatableArray.Of(statement))).Any(s => s is ElementWrite w && w.Array == array);

    /// <summary>Whether a block reads elements of <paramref name="array"/>.</summary>
    public static bool ReadsElements(Block block, string array) => IrWalker.All(block).Any(s => ElementReads(s).Contains(array));

    /// <summary>The arrays whose elements one statement reads (not those of nested blocks, except an if's or loop's own expressions).</summary>
    public static HashSet<string> ElementReads(Stmt statement)
    {
        var result = new HashSet<string>();
        void Visit(Expr e)
        {
            IrWalker.Map(e, x =>
            {
                if (x is ElementRead r) result.Add(r.Array.Name);
                return x;
            });
        }
        switch (statement)
        {
            case Declare { Init: { } init }: Visit(init); break;
            case Assign a: Visit(a.Value); break;
            case Invoke i: foreach (var arg in i.Call.Args) Visit(arg.Value); break;
            case If f: Visit(f.Condition); break;
            case Loop l:
                Visit(l.From);
                if (l.To is not null) Visit(l.To);
                if (l.Condition is not null) Visit(l.Condition);
                break;
            case ElementWrite w: Visit(w.Index); Visit(w.Value); break;
            case Return r: foreach (var v in r.Values) Visit(v); break;
            case TapePush t: Visit(t.Value); break;
        }
        return result;
    }

    /// <summary>The arrays whose elements a loop reads, in any iteration, also in nested loops and branches.</summary>
    public static HashSet<string> ArraysRead(Loop loop)
    {
        var result = new HashSet<string>(ElementReads(loop));
        foreach (var s in loop.Iteration) result.UnionWith(ArraysReadIn(s));
        return result;
    }

    private static IEnumerable<string> ArraysReadIn(Stmt statement) => IrWalker.All(new Block(EquatableArray.Of(statement))).SelectMany(ElementReads);
}
