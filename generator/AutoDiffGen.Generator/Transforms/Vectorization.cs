using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Transforms;

/// <summary>
/// How a counted loop of a derivative runs <see cref="System.Numerics.Vector{T}.Count"/> iterations at a time
/// (<see cref="Emit.CSharpEmitter"/> writes that loop, then the source's loop for the iterations left).
/// </summary>
/// <param name="Type">The element type of its vectors: <c>double</c> or <c>float</c>.</param>
/// <param name="Varying">The locals that differ from lane to lane, declared as vectors; the others stay scalars.</param>
/// <param name="Sums">The variables of the enclosing code it adds into, each summed in a vector of its own (<see cref="VectorSum.Lanes"/>).</param>
/// <param name="Scoped">Whether the counter, declared before the two loops, needs a block of its own (another local of the member, or another loop's counter, has its name).</param>
/// <param name="Stencils">The spans it adds into at more than one offset (<c>dx[i]</c>, <c>dx[i + 1]</c>), whose blocks it adds in registers first.</param>
internal sealed record VectorPlan(IrType Type, EquatableArray<string> Varying, EquatableArray<VectorSum> Sums, bool Scoped, EquatableArray<VectorStencil> Stencils)
{
    public bool IsVarying(string name) => Varying.Contains(name);

    /// <summary>The stencil of <paramref name="array"/>, or null when the loop adds into it at one offset (or not at all).</summary>
    public VectorStencil? StencilOf(string array) => Stencils.FirstOrDefault(s => s.Array == array);

    /// <summary>The most lanes a stencil moves what an iteration adds by: the vectors need more lanes than that.</summary>
    public int MaxShift => Stencils.Count == 0 ? 0 : Stencils.Max(s => s.Offsets.Max(o => o.Offset - s.Base));

    /// <summary>The vector a sum's lanes accumulate in, or null when <paramref name="name"/> is no sum of the loop.</summary>
    public string? LanesOf(string name) => Sums.FirstOrDefault(s => s.Name == name)?.Lanes;
}

/// <summary>
/// A span that a vectorized loop adds into at several offsets from its counter (<see cref="Base"/>, the least, and others):
/// what a block of iterations adds at each offset is summed in a vector of its own (<see cref="VectorOffset.Lanes"/>); the
/// vectors of the other offsets are moved by the difference, carrying their last lanes to the next block
/// (<see cref="VectorOffset.Previous"/>), and the block <c>span[i + Base]</c> gets their sum at once.
/// </summary>
/// <param name="Array">The span.</param>
/// <param name="Base">The least offset.</param>
/// <param name="At">The index of the least offset's additions (<c>i + k</c>, <c>row + i - 1</c>): where each block is added.</param>
/// <param name="Offsets">Each offset's vectors.</param>
internal sealed record VectorStencil(string Array, int Base, Expr At, EquatableArray<VectorOffset> Offsets);

/// <summary>One offset of a <see cref="VectorStencil"/>: the vector its block adds, and (but for the base) the previous block's.</summary>
internal sealed record VectorOffset(int Offset, string Lanes, string? Previous);

/// <summary>An index <c>i + base + k</c> of a loop's counter <c>i</c> (<see cref="Vectorization.Indexing"/>): the terms of the base and k.</summary>
internal sealed record Indexed(EquatableArray<IndexTerm> Base, int K);

/// <summary>A term of an index's base, and whether it is subtracted.</summary>
internal sealed record IndexTerm(bool Negative, Expr Term);

/// <summary>A variable that a vectorized loop adds into (<c>f += …</c>), and the vector its lanes sum in (<c>f_lanes</c>).</summary>
internal sealed record VectorSum(string Name, string Lanes);

/// <summary>
/// Finds the loops of a derivative whose iterations are independent of each other apart from sums, and plans them on
/// <see cref="System.Numerics.Vector{T}"/>: the JIT vectorizes no loop, so the generator does, where it knows what the JIT
/// does not. A loop qualifies when its body is straight-line arithmetic on <c>double</c> or <c>float</c> (<c>+ − × ÷</c>,
/// negation, <c>Sqrt</c>, <c>Abs</c>, <c>Exp</c>, <c>Log</c>, the zero-safe products, <c>?:</c> on a comparison), its
/// counter only indexes spans at constant offsets from a base the same in every iteration (<c>x[i + 1]</c>,
/// <c>x[row * n + i]</c>), it writes only spans it does not read or reads at the one index it writes (<c>ȳ[i]</c> read, then
/// zeroed; elements stored at one offset, or added into at offsets up to 3 apart), spans that cannot overlap the others (a derivative's outputs, which the member checks, and its own
/// buffers), and the only variables of the enclosing code it assigns are sums (<c>f = f + t</c>). Then the lanes compute
/// what the iterations would, operation for operation and bit for bit, but for sums, added in another order (each lane
/// sums its iterations and the lanes are summed at the end; what a block adds into an element at several offsets is
/// summed before it is added), and <c>Exp</c> and <c>Log</c>, whose vector versions are within
/// two ulps of Math's. Everything else (calls, branches, tapes, nested loops, conversions, other functions) stays one
/// element at a time.
/// </summary>
internal static class Vectorization
{
    /// <param name="function">A member as it will be written.</param>
    /// <param name="primalCount">How many of its parameters are the method's own (see <see cref="Emit.FileEmitter.OverlapChecks"/>).</param>
    /// <param name="localSpans">The spans the member declares for itself.</param>
    public static Function Apply(Function function, int primalCount, IEnumerable<string> localSpans)
    {
        if (!IrWalker.Any(function.Body, s => s is Loop)) return function;
        var writable = new HashSet<string>(localSpans);
        for (int i = 0; i < function.Params.Count; i++)
        {
            var p = function.Params[i];
            if (p.IsContainer && (i < primalCount ? p.Kind == ParamKind.Out : p.Container == Container.Span)) writable.Add(p.Name);
        }
        foreach (var s in IrWalker.All(function.Body))
        {
            if (s is DeclareArray d) writable.Add(d.Name);
        }
        // The locals the body declares at any depth, loops' counters included: a counter declared before its two loops needs a
        // block of its own when another has its name.
        var counters = IrWalker.All(function.Body).Select(s => s switch { Loop l => l.Counter, Declare d => d.Name, _ => null })
            .Where(n => n is not null).GroupBy(n => n!).ToDictionary(g => g.Key, g => g.Count());
        var names = new NameAllocator(function);
        var body = Rewrite(function.Body, new Context(writable, counters, names), _ => false);
        return ReferenceEquals(body, function.Body) ? function : function with { Body = body };
    }

    private sealed record Context(HashSet<string> Writable, Dictionary<string, int> Counters, NameAllocator Names);

    /// <param name="block">The statements.</param>
    /// <param name="context">What the member allows.</param>
    /// <param name="liveOut">Whether code after the block may read a name (true is safe).</param>
    private static Block Rewrite(Block block, Context context, System.Func<string, bool> liveOut)
    {
        // A local this block declares is read nowhere after it (a name declared elsewhere is another variable).
        var declaredHere = new HashSet<string>(block.Statements.OfType<Declare>().Select(d => d.Name));
        var statements = new List<Stmt>(block.Statements.Count);
        for (int k = 0; k < block.Statements.Count; k++)
        {
            // Whether the statements after this one, or whatever may read after the block, read a name: asked only of the
            // few names a loop would inline, so nothing is walked for the others.
            int index = k;
            bool LiveAfter(string name)
            {
                for (int j = index + 1; j < block.Statements.Count; j++)
                {
                    if (IrWalker.Mentions(block.Statements[j], name)) return true;
                }
                return !declaredHere.Contains(name) && liveOut(name);
            }
            var s = block.Statements[k];
            switch (s)
            {
                case Loop l when Plan(l, context) is { } plan:
                    statements.Add(l with { Vectorized = plan });
                    break;
                case Loop l when WithIndicesInlined(l, LiveAfter) is { } inlined && Plan(inlined, context) is { } plan:
                    statements.Add(inlined with { Vectorized = plan });
                    break;
                case Loop l:
                    // A later iteration may read what this one leaves: the whole loop is live after its body (but for the
                    // locals its body declares, each iteration its own, which the nested call leaves out).
                    statements.Add(Rebuild.Loop(l, l.Head, Rewrite(l.Body, context, name => IrWalker.Mentions(l, name) || LiveAfter(name))));
                    break;
                case If f:
                    statements.Add(Rebuild.If(f, Rewrite(f.Then, context, LiveAfter), Rewrite(f.Else, context, LiveAfter)));
                    break;
                default:
                    statements.Add(s);
                    break;
            }
        }
        return Rebuild.Block(block, statements);
    }

    /// <summary>
    /// The loop with each int of the enclosing code that its iteration sets from the counter before any use
    /// (<c>l = l_start + (j - j_start)</c>, how a backward loop recomputes a stepped index) and that nothing reads after the
    /// loop, replaced by its value where it is read (<c>dicf[l_start + (j - j_start)]</c>): the loop then indexes its spans
    /// by the counter, as a vector loop must. Null when it has none.
    /// </summary>
    private static Loop? WithIndicesInlined(Loop loop, System.Func<string, bool> liveAfter)
    {
        var body = loop.Body.Statements;
        var assigned = IrWalker.AssignmentCounts(loop.Body);
        var declared = new HashSet<string>(body.OfType<Declare>().Select(d => d.Name));
        var values = new Dictionary<string, Expr>();
        var kept = new List<Stmt>();
        foreach (var s in body)
        {
            if (s is Assign { Value.Type: IrType.Int } a && !declared.Contains(a.Name) && assigned[a.Name] == 1
                && !kept.Any(x => IrWalker.Mentions(x, a.Name)) && !IrWalker.Reads(a.Value).Any(n => n != loop.Counter && assigned.ContainsKey(n))
                && !liveAfter(a.Name))
            {
                values[a.Name] = a.Value;
                continue;
            }
            kept.Add(s);
        }
        if (values.Count == 0) return null;
        var inlined = IrWalker.MapExpressions(new Block(kept.ToEquatableArray()), e => e is Var v && values.TryGetValue(v.Name, out var value) ? value : e);
        return loop with { Body = inlined };
    }

    /// <summary>The plan of a loop that qualifies (see the class), or null.</summary>
    private static VectorPlan? Plan(Loop loop, Context context)
    {
        if (loop.Condition is not null || loop.To is null || loop.Head.Statements.Count > 0 || loop.Step.Statements.Count > 0 || loop.Exits is not null) return null;
        // A loop of a few iterations known in advance is not worth a second copy.
        if (loop.From is Const from && loop.To is Const to && to.Value - from.Value < 8) return null;
        var statements = loop.Body.Statements;
        IrType? type = null;
        var declared = new HashSet<string>();
        var assigned = new HashSet<string>();
        var written = new HashSet<string>();
        foreach (var s in statements)
        {
            switch (s)
            {
                case Comment:
                    break;
                case Declare d when d.Init is not NullRef:
                    if (d.Type.IsFloating() && !Same(ref type, d.Type)) return null;
                    declared.Add(d.Name);
                    break;
                case Assign a:
                    assigned.Add(a.Name);
                    break;
                case ElementWrite e:
                    if (!context.Writable.Contains(e.Array) || !Same(ref type, e.Value.Type)) return null;
                    written.Add(e.Array);
                    break;
                default:
                    return null;
            }
        }
        if (type is not (IrType.Double or IrType.Float) || declared.Contains(loop.Counter) || assigned.Contains(loop.Counter)) return null;

        // The variables of the enclosing code that the loop assigns must be sums, and its bounds must not read them.
        var outer = new HashSet<string>(assigned.Where(n => !declared.Contains(n)));
        var varying = new HashSet<string>();
        foreach (var name in outer)
        {
            if (SumChain(statements, name, type.Value) is not { } chain) return null;
            varying.UnionWith(chain);
        }
        if (IrWalker.ReadsAny(loop.From, outer) || IrWalker.ReadsAny(loop.To, outer)) return null;

        // What differs from lane to lane: what the counter reaches, through the sums' chains and the locals it defines.
        var counter = new HashSet<string> { loop.Counter };
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (var s in statements)
            {
                var (target, value) = s switch
                {
                    Declare { Init: { } init } d => (d.Name, init),
                    Assign a => (a.Name, a.Value),
                    _ => (null, null),
                };
                if (target is not null && !varying.Contains(target) && (IrWalker.ReadsAny(value!, varying) || IrWalker.ReadsAny(value!, counter)))
                {
                    varying.Add(target);
                    changed = true;
                }
            }
        }

        // A span read and written at one index only (ȳ[i] read, then zeroed): each lane reads and writes its own element, as
        // its iteration would. Otherwise the loop must not read a span it writes.
        var ownElements = new HashSet<string>(written.Where(array => OneIndex(statements, array) is { } index && Indexing(index, loop.Counter) is not null));
        var stored = new HashSet<string>();
        var vectors = new Lanes(loop.Counter, varying, new HashSet<string>(written.Except(ownElements)), type.Value);
        bool any = false;
        foreach (var s in statements)
        {
            switch (s)
            {
                case Declare d when varying.Contains(d.Name):
                    if (d.Type != type || (d.Init is not null && !vectors.Computes(d.Init))) return null;
                    any = true;
                    break;
                case Assign a when varying.Contains(a.Name):
                    if (!vectors.Computes(a.Value)) return null;
                    any = true;
                    break;
                case Declare { Init: { } init }:
                    if (!vectors.Uniform(init)) return null;
                    break;
                case Assign a:
                    if (!vectors.Uniform(a.Value)) return null;
                    break;
                case StoreElement store:
                    // One offset per span: a store at i and one at i + 1 would overwrite each other in another order.
                    if (!vectors.Steps(store.Index) || !stored.Add(store.Array) || !vectors.Computes(store.Value)) return null;
                    any = true;
                    break;
                case AccumulateElement add:
                    // At i + k, or into one element (the lanes summed into it); a uniform value added at a uniform index would
                    // be added once per block instead of once per iteration.
                    if (!vectors.Steps(add.Index) && !(vectors.Uniform(add.Index) && vectors.Varies(add.Value))) return null;
                    if (!vectors.Computes(add.Value)) return null;
                    any = true;
                    break;
            }
        }
        if (!any || stored.Any(a => !ownElements.Contains(a) && statements.Any(s => s is AccumulateElement add && add.Array == a))) return null;
        // Adding a block at i and another at i + 1 would read back what was just written one element off, which the processor
        // does not forward from its store: such blocks are added in registers first, moved into place by at most 3 lanes.
        var stencils = new List<VectorStencil>();
        foreach (var group in statements.OfType<AccumulateElement>().Where(a => Indexing(a.Index, loop.Counter) is not null).GroupBy(a => a.Array))
        {
            // One base per span (x[row + i], x[row + i + 1]): blocks at two bases may overlap in any way.
            var indexed = group.Select(a => (Add: a, Index: Indexing(a.Index, loop.Counter)!)).ToList();
            if (indexed.Any(a => !a.Index.Base.Equals(indexed[0].Index.Base))) return null;
            var offsets = indexed.Select(a => a.Index.K).Distinct().OrderBy(k => k).ToList();
            if (offsets.Count == 1) continue;
            int lowest = offsets[0];
            if (offsets[offsets.Count - 1] - lowest > 3) return null;
            var at = indexed.First(a => a.Index.K == lowest).Add.Index;
            stencils.Add(new VectorStencil(group.Key, lowest, at, offsets.Select(k => new VectorOffset(k,
                context.Names.Fresh(group.Key + "_" + OffsetName(loop.Counter, k)), k == lowest ? null : context.Names.Fresh(group.Key + "_" + OffsetName(loop.Counter, k) + "_previous"))).ToEquatableArray()));
        }
        var sums = outer.OrderBy(n => n, System.StringComparer.Ordinal).Select(n => new VectorSum(n, context.Names.Fresh(n + "_lanes"))).ToEquatableArray();
        var locals = varying.Where(declared.Contains).OrderBy(n => n, System.StringComparer.Ordinal).ToEquatableArray();
        return new VectorPlan(type.Value, locals, sums, context.Counters.TryGetValue(loop.Counter, out var count) && count > 1, stencils.ToEquatableArray());
    }

    /// <summary>The one index at which the statements read and write <paramref name="array"/>, or null if they use several.</summary>
    private static Expr? OneIndex(EquatableArray<Stmt> statements, string array)
    {
        Expr? index = null;
        bool one = true;
        void Use(Expr at)
        {
            if (index is null) index = at;
            else one &= index.Equals(at);
        }
        foreach (var s in statements)
        {
            if (s is ElementWrite w && w.Array == array) Use(w.Index);
            foreach (var e in s switch { Declare { Init: { } init } => new[] { init }, Assign a => new[] { a.Value }, ElementWrite write => new[] { write.Index, write.Value }, _ => System.Array.Empty<Expr>() })
            {
                IrWalker.Visit(e, x =>
                {
                    if (x is ElementRead r && r.Array.Name == array) Use(r.Index);
                    else if (x is Length l && l.Array.Name == array || x is Slice sl && sl.Array.Name == array) one = false;
                });
            }
        }
        return one ? index : null;
    }

    /// <summary><c>i</c>, <c>i_plus1</c>, <c>i_minus1</c>: how a stencil's vectors are named after their offset from the counter <c>i</c>.</summary>
    private static string OffsetName(string counter, int offset) => counter + (offset == 0 ? "" : offset > 0 ? "_plus" + offset : "_minus" + -offset);

    private static bool Same(ref IrType? type, IrType other)
    {
        if (!other.IsFloating()) return true;
        type ??= other;
        return type == other;
    }

    /// <summary>
    /// The names that hold a sum's partial values, when <paramref name="name"/> is only added into (<c>f_3 = f_2 + t; f_2 =
    /// f_3</c>): each of them is the variable's value before the iteration plus what the iteration adds, so each lane can start
    /// from 0 and the lanes be added to the variable at the end. Null when the loop does anything else with it.
    /// </summary>
    private static HashSet<string>? SumChain(EquatableArray<Stmt> statements, string name, IrType type)
    {
        var chain = new HashSet<string> { name };
        foreach (var s in statements)
        {
            switch (s)
            {
                case Declare { Init: { } init } d when IrWalker.ReadsAny(init, chain):
                    if (d.Type != type || !AddsTo(init, chain)) return null;
                    chain.Add(d.Name);
                    break;
                case Assign a when a.Name == name:
                    if (!(a.Value is Var v && chain.Contains(v.Name)) && !AddsTo(a.Value, chain)) return null;
                    break;
                case Assign a:
                    if (chain.Contains(a.Name) || IrWalker.ReadsAny(a.Value, chain)) return null;
                    break;
                case ElementWrite e:
                    if (IrWalker.ReadsAny(e.Index, chain) || IrWalker.ReadsAny(e.Value, chain)) return null;
                    break;
            }
        }
        return chain;
    }

    /// <summary><c>s + e</c>, <c>e + s</c> or <c>s − e</c> for a partial sum <c>s</c> and an <c>e</c> that reads none.</summary>
    private static bool AddsTo(Expr e, HashSet<string> chain) => e switch
    {
        Binary { Op: BinaryOp.Add, Left: Var l } b when chain.Contains(l.Name) => !IrWalker.ReadsAny(b.Right, chain),
        Binary { Op: BinaryOp.Add, Right: Var r } b when chain.Contains(r.Name) => !IrWalker.ReadsAny(b.Left, chain),
        Binary { Op: BinaryOp.Subtract, Left: Var l } b when chain.Contains(l.Name) => !IrWalker.ReadsAny(b.Right, chain),
        _ => false,
    };

    /// <summary>
    /// An index <c>i + base + k</c> of the counter <c>i</c> (<c>x[i + 1]</c>, <c>x[row * n + i]</c>, <c>x[i - 1 + offset]</c>): the
    /// terms of its base, with their signs, and its constant k; null for another (<c>2 * i</c>, <c>n - i</c>, <c>i % n</c>).
    /// </summary>
    public static Indexed? Indexing(Expr index, string counter)
    {
        var terms = new List<IndexTerm>();
        int k = 0, counters = 0;
        bool Walk(Expr e, bool negative)
        {
            switch (e)
            {
                case Binary { Op: BinaryOp.Add, Type: IrType.Int } b:
                    return Walk(b.Left, negative) && Walk(b.Right, negative);
                case Binary { Op: BinaryOp.Subtract, Type: IrType.Int } b:
                    return Walk(b.Left, negative) && Walk(b.Right, !negative);
                case Const { Type: IrType.Int } c:
                    k += negative ? -(int)c.Value : (int)c.Value;
                    return true;
                case Var v when v.Name == counter:
                    counters++;
                    return !negative;
                default:
                    if (IrWalker.Reads(e).Contains(counter)) return false;
                    terms.Add(new IndexTerm(negative, e));
                    return true;
            }
        }
        return Walk(index, negative: false) && counters == 1 ? new Indexed(terms.ToEquatableArray(), k) : null;
    }

    /// <summary>What a vectorized loop's expressions may be: which differ between lanes and which can be computed on vectors.</summary>
    internal sealed class Lanes
    {
        private readonly string counter;
        private readonly HashSet<string> varying;
        private readonly HashSet<string> counterOnly;
        private readonly HashSet<string> written;
        private readonly IrType type;

        public Lanes(string counter, HashSet<string> varying, HashSet<string> written, IrType type)
        {
            this.counter = counter;
            this.varying = varying;
            this.written = written;
            this.type = type;
            counterOnly = new HashSet<string> { counter };
        }

        /// <summary>Whether <paramref name="e"/> differs from lane to lane: it reads the counter or a varying local.</summary>
        public bool Varies(Expr e) => IrWalker.ReadsAny(e, varying) || IrWalker.ReadsAny(e, counterOnly);

        /// <summary>Whether <paramref name="e"/> is the same in every lane and reads no span the loop writes.</summary>
        public bool Uniform(Expr e) => !Varies(e) && !ReadsWritten(e);

        /// <summary>Whether <paramref name="e"/> can be computed on vectors (or is uniform, a scalar put in every lane where a vector is needed).</summary>
        public bool Computes(Expr e)
        {
            if (!Varies(e)) return !ReadsWritten(e) && e.Type == type;
            return e switch
            {
                Var v => v.Type == type && v.Name != counter,
                ElementRead r => r.Type == type && !written.Contains(r.Array.Name) && Steps(r.Index),
                Unary { Op: UnaryOp.Negate } u => u.Type == type && Computes(u.Operand),
                Binary { Op: BinaryOp.Add or BinaryOp.Subtract or BinaryOp.Multiply or BinaryOp.Divide or BinaryOp.ZeroSafeMultiply or BinaryOp.ZeroSafeDivide } b
                    => b.Type == type && Computes(b.Left) && Computes(b.Right),
                Intrinsic { Name: "Sqrt" or "Abs" or "Exp" or "Log" or MathRules.CalleeParameter, Args.Count: 1 } i => i.Type == type && Computes(i.Args[0]),
                // A choice between lanes by a comparison of lanes (the sign of Abs's derivative).
                Conditional { Condition: Binary { Op: BinaryOp.Less or BinaryOp.LessOrEqual or BinaryOp.Greater or BinaryOp.GreaterOrEqual or BinaryOp.Equal or BinaryOp.NotEqual } c } k
                    => k.Type == type && c.Left.Type == type && Computes(c.Left) && Computes(c.Right) && Computes(k.WhenTrue) && Computes(k.WhenFalse),
                _ => false,
            };
        }

        /// <summary>Whether <paramref name="index"/> is the counter plus a base the same in every lane plus a constant (<see cref="Indexing"/>).</summary>
        public bool Steps(Expr index) => Indexing(index, counter) is { } indexed && indexed.Base.All(t => Uniform(t.Term));

        private bool ReadsWritten(Expr e)
        {
            bool found = false;
            IrWalker.Visit(e, x => found |= x is ElementRead r && written.Contains(r.Array.Name));
            return found;
        }
    }
}
