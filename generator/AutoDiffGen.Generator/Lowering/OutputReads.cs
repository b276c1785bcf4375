using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Models;

namespace AutoDiffGen.Generator.Lowering;

/// <summary>
/// ADG0306: a read of an output span (a span or array parameter the method writes) that may see the value the span held
/// on entry. Derivatives treat an output's entry values as data: nothing flows back to them, which is wrong when they are
/// in fact an input (an in-place normalize, <c>v[i] = v[i] / s</c>). Reported once per span, at its first such read.
/// </summary>
/// <remarks>
/// A forward walk of the lowered body that keeps, per output, which elements are certainly written: every element (a loop
/// that stores <c>y[i]</c> for each <c>i</c> from 0 to a span's length, unconditionally), or the index expressions stored
/// into (while the variables they read keep their values). A read is safe when its index was stored into, or, in a loop
/// over <c>i</c> that stores <c>y[i + b]</c> each iteration, when it reads <c>y[i + a]</c> with <c>a &lt; b</c> (an earlier
/// iteration's element, or one written before the loop: <c>y[0] = x[0]; for (i = 1; …) y[i] = y[i - 1] * c</c>).
/// <c>y[i] += v</c> adds into the caller's value: it reads nothing, and writes no element whole. Anything else is reported:
/// the analysis is conservative.
/// <para>
/// The body is walked as lowered, its early exits as the source has them, and seen as the transforms will see it (see
/// <see cref="Transforms.EarlyExits"/>): in a loop, what the statements after one that may leave the iteration write is
/// known after them only where they ran; the stores of an iteration are those it makes before such a statement; and a
/// loop that a <c>break</c> or a <c>return</c> may end does not certainly write every element.
/// </para>
/// </remarks>
internal sealed class OutputReads
{
    private readonly string output;
    private readonly IReadOnlyDictionary<ElementRead, LocationInfo?> locations;
    private readonly List<LoopFacts> loops = new();
    private (ElementRead Read, LocationInfo? Location)? first;

    private OutputReads(string output, IReadOnlyDictionary<ElementRead, LocationInfo?> locations)
    {
        this.output = output;
        this.locations = locations;
    }

    /// <param name="function">The lowered method.</param>
    /// <param name="locations">Each read of an output span the lowering made, by reference, with where it is in the source.</param>
    /// <param name="sources">How each read is written in the source.</param>
    /// <param name="diagnostics">Where the warnings go.</param>
    public static void Check(Function function, IReadOnlyDictionary<ElementRead, LocationInfo?> locations, IReadOnlyDictionary<ElementRead, string> sources, List<DiagnosticInfo> diagnostics)
    {
        if (locations.Count == 0) return;
        foreach (var p in function.Params.Where(p => p.IsContainer && p.Kind == ParamKind.Out))
        {
            var walk = new OutputReads(p.Name, locations);
            walk.Block(function.Body.Statements, 0, new Written());
            if (walk.first is { } found)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OutputReadBeforeWritten, found.Location,
                    sources.TryGetValue(found.Read, out var text) ? text : p.Name, p.Name, function.Name, p.Type.ToCSharp()));
            }
        }
    }

    /// <summary>What is known to be written into the output: every element, or the elements at these indices.</summary>
    private sealed class Written
    {
        public bool All { get; set; }

        public HashSet<Expr> Indices { get; private set; } = new();

        public Written Copy() => new() { All = All, Indices = new HashSet<Expr>(Indices) };

        /// <summary>Takes what <paramref name="other"/> knows.</summary>
        public void Become(Written other)
        {
            All = other.All;
            Indices = new HashSet<Expr>(other.Indices);
        }

        /// <summary>What is written on both paths.</summary>
        public static Written Meet(Written a, Written b)
        {
            var meet = new Written { All = a.All && b.All };
            meet.Indices = a.All ? new HashSet<Expr>(b.Indices) : b.All ? new HashSet<Expr>(a.Indices) : new HashSet<Expr>(a.Indices.Where(b.Indices.Contains));
            return meet;
        }

        /// <summary>Indices that read one of <paramref name="names"/> no longer name the element they named.</summary>
        public void Forget(HashSet<string> names) => Indices.RemoveWhere(index => IrWalker.ReadsAny(index, names));
    }

    /// <summary>
    /// A loop being walked: its counter and start, the offsets <c>b</c> of the stores <c>y[counter + b]</c> each iteration
    /// makes, and what was written before it.
    /// </summary>
    private sealed record LoopFacts(string Counter, Expr From, List<long> Stores, Written Before);

    private void Block(IReadOnlyList<Stmt> statements, int start, Written written)
    {
        for (int i = start; i < statements.Count; i++)
        {
            if (first is not null) return;
            Statement(statements[i], written);
            if (i + 1 < statements.Count && loops.Count > 0 && IrWalker.ExitsIn(statements[i]) != EarlyExit.None)
            {
                // The rest runs only if the iteration was not left: what it writes is known after it where it ran.
                var rest = written.Copy();
                Block(statements, i + 1, rest);
                written.Become(Written.Meet(rest, written));
                return;
            }
        }
    }

    private void Statement(Stmt s, Written written)
    {
        switch (s)
        {
            case Declare d:
                if (d.Init is not null) Reads(d.Init, written);
                written.Forget(new HashSet<string> { d.Name });
                break;
            case Assign a:
                Reads(a.Value, written);
                written.Forget(new HashSet<string> { a.Name });
                break;
            case Invoke i:
                foreach (var arg in i.Call.Args) Reads(arg.Value, written);
                written.Forget(new HashSet<string>(i.Targets.Concat(i.Call.Args.Where(a => a.Kind != ParamKind.Value && a.Value is Var).Select(a => ((Var)a.Value).Name))));
                break;
            case If f:
                Reads(f.Condition, written);
                var whenTrue = written.Copy();
                Block(f.Then.Statements, 0, whenTrue);
                var whenFalse = written.Copy();
                Block(f.Else.Statements, 0, whenFalse);
                written.Become(Written.Meet(whenTrue, whenFalse));
                break;
            case Loop l:
                Loop(l, written);
                break;
            case NestedBlock n:
                Block(n.Body.Statements, 0, written);
                break;
            case ElementWrite w:
                Reads(w.Index, written);
                Reads(w.Value, written);
                // y[i] = v writes the element whole; y[i] += v adds into the value it had.
                if (w is StoreElement && w.Array == output) written.Indices.Add(w.Index);
                break;
            case DeclareArray d:
                Reads(d.Length, written);
                break;
            case Return r:
                foreach (var v in r.Values) Reads(v, written);
                break;
        }
    }

    private void Loop(Loop l, Written written)
    {
        Reads(l.From, written);
        if (l.To is not null) Reads(l.To, written);
        // What the iterations change: indices that read it name other elements from one iteration to the next.
        var iteration = new Block(l.Iteration.ToEquatableArray());
        var changed = new HashSet<string>(IrWalker.AssignmentCounts(iteration).Keys) { l.Counter };
        changed.UnionWith(IrWalker.All(iteration).OfType<Declare>().Select(d => d.Name));
        written.Forget(changed);
        var exits = IrWalker.ExitsOf(l);
        bool mayEnd = (exits & (EarlyExit.Break | EarlyExit.Return)) != 0;
        var unguarded = new List<Stmt>(l.Head.Statements);
        Unguarded(l.Body.Statements, unguarded);
        // The steps run after a continue too, not after a break or a return.
        if (!mayEnd) unguarded.AddRange(l.Step.Statements);
        var stores = unguarded.OfType<StoreElement>().Where(w => w.Array == output).Select(w => Offset(w.Index, l.Counter)).OfType<long>().ToList();
        loops.Add(new LoopFacts(l.Counter, l.From, stores, written.Copy()));
        var inside = written.Copy();
        Block(l.Head.Statements, 0, inside);
        if (l.Condition is not null) Reads(l.Condition, inside);
        Block(l.Body.Statements, 0, inside);
        Block(l.Step.Statements, 0, inside);
        loops.RemoveAt(loops.Count - 1);
        // A loop up to a span's length that stores y[i] each iteration, after y[0], …, y[from - 1] were written, writes every
        // element (of y, or of a span as long as y: the one the loop reads, as written), unless a break or a return may end it.
        if (l is { Condition: null, Descending: false, To: Length } && !mayEnd && stores.Contains(0)
            && Covered(written, new Const(IrType.Int, 0), 0, l.From is Const { Value: var from } ? (long)from : long.MaxValue))
        {
            written.All = true;
        }
    }

    /// <summary>
    /// Adds the statements that run in every iteration that gets to them, those nested blocks hold included, up to the
    /// first that may leave the iteration; returns whether there is one (then the statements after it may not run).
    /// </summary>
    private static bool Unguarded(IReadOnlyList<Stmt> statements, List<Stmt> into)
    {
        foreach (var s in statements)
        {
            if (s is NestedBlock n)
            {
                if (Unguarded(n.Body.Statements, into)) return true;
                continue;
            }
            into.Add(s);
            if (IrWalker.ExitsIn(s) != EarlyExit.None) return true;
        }
        return false;
    }

    /// <summary>The reads of the output in an expression: the first one that may see an entry value is kept.</summary>
    private void Reads(Expr? e, Written written)
    {
        if (e is null || first is not null) return;
        ElementRead? unsafeRead = null;
        IrWalker.Visit(e, x =>
        {
            if (unsafeRead is null && x is ElementRead r && r.Array.Name == output && !Safe(r.Index, written)) unsafeRead = r;
        });
        if (unsafeRead is not null) first = (unsafeRead, locations.TryGetValue(unsafeRead, out var location) ? location : null);
    }

    /// <summary>Whether the element at <paramref name="index"/> was certainly written by the method before this read.</summary>
    private bool Safe(Expr index, Written written)
    {
        if (written.All || written.Indices.Contains(index)) return true;
        // y[i + a] in a loop over i that stores y[i + b] each iteration, b > a: an earlier iteration wrote it, or, for the first
        // iterations, the statements before the loop did.
        for (int k = loops.Count - 1; k >= 0; k--)
        {
            var loop = loops[k];
            if (Offset(index, loop.Counter) is not { } a) continue;
            if (loop.Stores.Any(b => b > a && Covered(loop.Before, loop.From, a, b))) return true;
        }
        return false;
    }

    /// <summary>Whether the elements <c>from + a</c> to <c>from + b - 1</c> were written (none when <c>a ≥ b</c>).</summary>
    private static bool Covered(Written written, Expr from, long a, long b)
    {
        if (a >= b || written.All) return true;
        if (from is not Const { Value: var start } || b - a > 64 || b == long.MaxValue) return false;
        for (long k = (long)start + a; k < (long)start + b; k++)
        {
            if (!written.Indices.Contains(new Const(IrType.Int, k))) return false;
        }
        return true;
    }

    /// <summary>The <c>b</c> of an index <c>counter + b</c> (or <c>counter - b</c>, <c>counter</c>), or null for another index.</summary>
    private static long? Offset(Expr index, string counter) => index switch
    {
        Var v when v.Name == counter => 0,
        Binary { Op: BinaryOp.Add, Left: Var v, Right: Const c } when v.Name == counter => (long)c.Value,
        Binary { Op: BinaryOp.Add, Left: Const c, Right: Var v } when v.Name == counter => (long)c.Value,
        Binary { Op: BinaryOp.Subtract, Left: Var v, Right: Const c } when v.Name == counter => -(long)c.Value,
        _ => null,
    };
}
