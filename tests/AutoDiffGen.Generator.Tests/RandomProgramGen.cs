using System;
using System.Collections.Generic;
using System.Linq;
using CsCheck;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// CsCheck generators of <see cref="RandomProgram"/>s (see RandomPrograms.cs). Simpler alternatives come first in every
/// choice, which is where CsCheck shrinks to; a program's complexity level is drawn first, so that shrinking lowers it
/// first.
/// </summary>
internal static class RandomProgramGen
{
    /// <summary>The limits of one complexity level.</summary>
    private sealed record Level(int ExpressionDepth, int StatementDepth, int MaxDeclarations, int MaxStatements, int MaxBlock);

    private static readonly Level[] Levels =
    {
        new(ExpressionDepth: 1, StatementDepth: 0, MaxDeclarations: 1, MaxStatements: 2, MaxBlock: 1),
        new(ExpressionDepth: 1, StatementDepth: 1, MaxDeclarations: 2, MaxStatements: 3, MaxBlock: 2),
        new(ExpressionDepth: 2, StatementDepth: 2, MaxDeclarations: 2, MaxStatements: 4, MaxBlock: 3),
        new(ExpressionDepth: 2, StatementDepth: 2, MaxDeclarations: 3, MaxStatements: 6, MaxBlock: 3),
    };

    /// <summary>The level of the helpers' bodies.</summary>
    private static readonly Level HelperLevel = new(ExpressionDepth: 1, StatementDepth: 1, MaxDeclarations: 1, MaxStatements: 2, MaxBlock: 2);

    /// <summary>How often each level is drawn: the small programs compile fast and find most bugs; some full ones.</summary>
    private static readonly Gen<int> LevelGen = Gen.Frequency((4, 0), (4, 1), (3, 2), (1, 3));

    /// <summary>How often a program has buffers (and reads back its outputs, if it has any): two in five.</summary>
    private static readonly Gen<bool> BuffersGen = Gen.Frequency((3, false), (2, true));

    /// <summary>How many helpers a program has: none in half of them.</summary>
    private static readonly Gen<int> HelperCountGen = Gen.Frequency((4, 0), (3, 1), (1, 2));

    /// <summary>How many helpers taking spans a program has: none in two in five.</summary>
    private static readonly Gen<int> SpanHelperCountGen = Gen.Frequency((2, 0), (2, 1), (1, 2));

    /// <summary>One program in four is a float program.</summary>
    private static readonly Gen<Precision> PrecisionGen = Gen.Frequency((3, Precision.Double), (1, Precision.Float));

    /// <summary>One program in four is written generic in T (and called at its precision).</summary>
    private static readonly Gen<bool> GenericGen = Gen.Frequency((3, false), (1, true));

    private static readonly Function[] UnaryFunctions =
        Enum.GetValues<Function>().Where(f => f < Function.Add).ToArray();

    private static readonly Function[] BinaryFunctions =
    {
        Function.DivideByOnePlusSquare, Function.Max, Function.Min, Function.Atan2, Function.LogBase, Function.PowReal, Function.Clamp,
    };

    /// <summary>Programs of <paramref name="kind"/>, with x (and y) a span or an array, with or without buffers and helpers, double or float.</summary>
    public static Gen<RandomProgram> For(ProgramKind kind)
    {
        var spans = kind == ProgramKind.ScalarToScalar ? Gen.Const(false) : Gen.Bool;
        var bools = new[] { false, true };
        var mains = (
                from level in Enumerable.Range(0, Levels.Length)
                from span in bools
                from buffers in bools
                from helpers in Enumerable.Range(0, 3)
                from spanHelpers in Enumerable.Range(0, 3)
                select (level, span, buffers, helpers, spanHelpers))
            .ToDictionary(key => key, key => new Builder(kind, Levels[key.level], key.span, key.buffers, key.helpers, key.spanHelpers).Program);
        var helperGens = Enumerable.Range(0, 2).Select(HelperGen).ToArray();
        Gen<Helper[]> Helpers(int count) => count switch
        {
            0 => Gen.Const(Array.Empty<Helper>()),
            1 => helperGens[0].Select(h => new[] { h }),
            _ => Gen.Select(helperGens[0], helperGens[1], (h0, h1) => new[] { h0, h1 }),
        };
        var spanHelperGens = Enumerable.Range(0, 2).Select(SpanHelperGen).ToArray();
        Gen<SpanHelper[]> SpanHelpers(int count) => count switch
        {
            0 => Gen.Const(Array.Empty<SpanHelper>()),
            1 => spanHelperGens[0].Select(h => new[] { h }),
            _ => Gen.Select(spanHelperGens[0], spanHelperGens[1], (h0, h1) => new[] { h0, h1 }),
        };

        return LevelGen.SelectMany(level => HelperCountGen.SelectMany(count => SpanHelperCountGen.SelectMany(spanCount => BuffersGen.SelectMany(buffers => spans.SelectMany(span =>
            Gen.Select(PrecisionGen, GenericGen, Helpers(count), SpanHelpers(spanCount), mains[(level, span, buffers, count, spanCount)], (precision, generic, helpers, spanHelpers, main) =>
                main with { Precision = precision, Generic = generic, Helpers = helpers, SpanHelpers = spanHelpers }))))));
    }

    /// <summary>The <paramref name="index"/>-th helper, which may call the ones before it.</summary>
    private static Gen<Helper> HelperGen(int index)
    {
        var builder = new Builder(ProgramKind.ScalarToScalar, HelperLevel, span: false, buffers: false, helpers: index, spanHelpers: 0);
        var expression = builder.Expression(HelperLevel.ExpressionDepth);
        var shape = Gen.Frequency((2, HelperShape.Scalar), (1, HelperShape.Tuple), (1, HelperShape.NamedTuple));
        // Never the first parameter: a helper has an active one.
        var noDerivative = Gen.Frequency((3, false), (1, true)).Array[2].Select(b => new[] { false, b[0], b[1] });
        return Gen.Select(
            Gen.Int[1, 3], noDerivative, shape, expression.Array[1, HelperLevel.MaxDeclarations],
            builder.Statements(HelperLevel.StatementDepth, HelperLevel.MaxStatements), expression, expression,
            (arity, nd, s, declarations, body, result, second) => new Helper(arity, nd, s, declarations, body, result, second));
    }

    /// <summary>
    /// The <paramref name="index"/>-th span helper: mostly sums over a span, whose term is an expression of the elements
    /// (an array program's leaves, which the printer resolves to the helper's elements), the scalar helpers and the loop
    /// counter; the later one may first call the one before it with its spans.
    /// </summary>
    private static Gen<SpanHelper> SpanHelperGen(int index)
    {
        var builder = new Builder(ProgramKind.ArrayToScalar, HelperLevel, span: false, buffers: false, helpers: 2, spanHelpers: 0);
        var kind = Gen.Frequency((2, SpanHelperKind.Reduce), (1, SpanHelperKind.Write));
        var nested = index == 0
            ? Gen.Const((SpanCall?)null)
            : Gen.Frequency((1, Gen.Const((SpanCall?)null)), (1, SpanCallGen(Gen.Const<Expr>(new Constant(5))).Select(c => (SpanCall?)c)));
        return Gen.Select(kind, Gen.Bool, Gen.Bool, Gen.Bool, Gen.Enum<AssignOp>(), Gen.Enum<Squash>(), builder.Expression(HelperLevel.ExpressionDepth), nested,
            (k, second, scalar, product, op, squash, term, call) => new SpanHelper(k, second, scalar, product, op, squash, term, call));
    }

    /// <summary>A call of a span helper: which helper, which span and which slice of it for each span parameter (0: the whole first one), and the scalar.</summary>
    private static Gen<SpanCall> SpanCallGen(Gen<Expr> scalar)
        => Gen.Select(Gen.Int[0, 5], Gen.Int[0, 5].Array[2], Gen.Int[0, 15].Array[2], scalar, (h, spans, slices, e) => new SpanCall(h, spans, slices, e));

    /// <summary>Builds the generators of one kind, level, parameter type, use of buffers and number of callable helpers, each depth once.</summary>
    private sealed class Builder
    {
        private readonly ProgramKind kind;
        private readonly Level level;
        private readonly bool span;

        /// <summary>Whether the programs declare buffers, write and read them, and (vector-valued ones) read back y.</summary>
        private readonly bool buffers;

        /// <summary>How many helpers the method may call.</summary>
        private readonly int helpers;

        /// <summary>How many span helpers the method may call.</summary>
        private readonly int spanHelpers;
        private readonly List<Gen<Expr>> expressions = new();
        private readonly List<Gen<Condition>> conditions = new();
        private readonly Dictionary<(int Depth, bool InLoop), Gen<Statement[]>> blocks = new();

        public Builder(ProgramKind kind, Level level, bool span, bool buffers, int helpers, int spanHelpers)
        {
            this.spanHelpers = spanHelpers;
            this.kind = kind;
            this.level = level;
            this.span = span;
            this.buffers = buffers;
            this.helpers = helpers;
            for (int depth = 0; depth <= level.ExpressionDepth + 1; depth++)
            {
                expressions.Add(BuildExpression(depth));
                conditions.Add(BuildCondition(depth));
            }
        }

        /// <summary>Whole methods F (the helpers, precision and shapes are filled in by <see cref="For"/>).</summary>
        public Gen<RandomProgram> Program
        {
            get
            {
                var body = Statements(level.StatementDepth, level.MaxStatements);
                var declarations = Expression(level.ExpressionDepth).Array[1, level.MaxDeclarations];
                var bufferDeclarations = buffers ? BufferDeclaration().Array[1, 2] : Gen.Const(Array.Empty<Buffer>());
                var scalarCount = kind == ProgramKind.ScalarToScalar ? Gen.Int[1, 3] : Gen.Const(1);
                // Local spans after the buffers, in two programs in three that have an x, for the loops to read and re-point.
                var views = HasArray
                    ? Gen.Frequency((1, Gen.Const(Array.Empty<DeclareView>())), (2, ViewDeclaration.Array[1, 2]))
                    : Gen.Const(Array.Empty<DeclareView>());
                return kind == ProgramKind.ArrayToVector
                    ? Gen.Select(declarations, bufferDeclarations, views, body, OutputStatement().Array[1, 3], (d, u, v, b, o) =>
                        new RandomProgram(kind, Precision.Double, 1, span, Array.Empty<Helper>(), d, u, b, null, o) { Views = v })
                    : Gen.Select(scalarCount, declarations, bufferDeclarations, views, body, Expression(level.ExpressionDepth + 1), (n, d, u, v, b, r) =>
                        new RandomProgram(kind, Precision.Double, n, span, Array.Empty<Helper>(), d, u, b, r, Array.Empty<Output>()) { Views = v });
            }
        }

        private bool HasArray => kind != ProgramKind.ScalarToScalar;

        public Gen<Expr> Expression(int depth) => expressions[depth];

        public Gen<Statement[]> Statements(int depth, int max) => StatementGen(depth, inLoop: false).Array[0, max];

        private static Gen<int> Pick => Gen.Int[0, 5];

        private static Gen<int> Tenths => Gen.Int[-10, 10];

        private static Gen<int> Variant => Gen.Int[0, 9];

        /// <summary>One function call in four spelled with the generic-math name (<c>double.Sin</c>).</summary>
        private static Gen<bool> Generic => Gen.Frequency((3, false), (1, true));

        /// <summary>A leaf that is not a constant.</summary>
        private Gen<Expr> VariableLeaf
        {
            get
            {
                var leaves = new List<(int, IGen<Expr>)>
                {
                    (3, Pick.Select(p => (Expr)new Local(p))),
                    (2, Pick.Select(p => (Expr)new Input(p))),
                    (1, Pick.Select(p => (Expr)new Counter(p))),
                };
                if (HasArray) leaves.Add((3, Pick.Select(p => (Expr)new Element(p))));
                if (buffers) leaves.Add((3, Gen.Select(Pick, Pick, (b, i) => (Expr)new BufferElement(b, i))));
                if (buffers && kind == ProgramKind.ArrayToVector) leaves.Add((2, Pick.Select(p => (Expr)new OutputElement(p))));
                if (HasArray) leaves.Add((2, Gen.Select(Pick, Pick, (v, i) => (Expr)new ViewElement(v, i))));
                return Gen.Frequency(leaves.ToArray());
            }
        }

        private Gen<Expr> BuildExpression(int depth)
        {
            var leaf = Gen.Frequency((8, VariableLeaf), (1, Tenths.Select(t => (Expr)new Constant(t))));
            if (depth == 0) return leaf;

            var inner = expressions[depth - 1];
            var choices = new List<(int, IGen<Expr>)>
            {
                (3, leaf),
                (3, Gen.Select(Gen.OneOf(Function.Add, Function.Subtract, Function.Multiply), inner, inner, (f, l, r) =>
                    (Expr)new Apply(f, 0, false, new[] { l, r }))),
                (4, Gen.Select(Gen.OneOf(UnaryFunctions), Variant, Generic, inner, (f, v, g, e) => (Expr)new Apply(f, v, g, new[] { e }))),
                (2, Gen.Select(Gen.OneOf(BinaryFunctions), Variant, Generic, inner, inner, (f, v, g, l, r) =>
                    (Expr)new Apply(f, v, g, new[] { l, r }))),
                (1, Gen.Select(Generic, inner, inner, inner, (g, a, b, c) => (Expr)new Apply(Function.FusedMultiplyAdd, 0, g, new[] { a, b, c }))),
                (1, Gen.Select(conditions[depth - 1], inner, inner, (c, t, f) => (Expr)new Conditional(c, t, f))),
            };
            if (helpers > 0) choices.Add((2, Gen.Select(Pick, Gen.Int[0, 7], inner.Array[3], (h, s, a) => (Expr)new HelperCall(h, s, a))));
            if (spanHelpers > 0) choices.Add((3, SpanCallGen(inner).Select(c => (Expr)c)));
            return Gen.Frequency(choices.ToArray());
        }

        private Gen<Condition> BuildCondition(int depth)
        {
            // Mostly compare something that varies (the printer replaces what is constant anyway, see IsConstant).
            var operand = depth <= 1 ? VariableLeaf : Gen.Frequency((1, VariableLeaf), (2, expressions[depth - 1]));
            var comparison = Gen.Select(operand, Gen.Bool, Tenths, (e, g, t) => (Condition)new Comparison(e, g, t));
            var flag = Pick.Select(p => (Condition)new Flag(p));
            if (depth == 0) return Gen.Frequency((4, comparison), (1, flag));

            var inner = conditions[depth - 1];
            return Gen.Frequency(
                (6, comparison),
                (2, flag),
                (1, Gen.Select(Gen.Bool, inner, inner, (and, l, r) => (Condition)new Logical(and, l, r))),
                (1, inner.Select(c => (Condition)new Not(c))));
        }

        /// <summary>A write of y; squashed (and possibly <c>*=</c>) where y is read back, so that it cannot blow up.</summary>
        private Gen<Output> OutputStatement()
        {
            var ops = buffers ? Gen.Enum<AssignOp>() : Gen.OneOf(AssignOp.Set, AssignOp.Add, AssignOp.Subtract);
            var squash = buffers ? Gen.Enum<Squash>().Select(s => (Squash?)s) : Gen.Const((Squash?)null);
            return Gen.Select(Pick, ops, squash, Expression(level.ExpressionDepth), (p, op, s, e) => new Output(p, op, s, e));
        }

        /// <summary>A buffer of a constant length or x's (scalar programs have no x), or an initializer.</summary>
        private Gen<Buffer> BufferDeclaration()
        {
            var length = HasArray ? Gen.Frequency((2, Gen.Int[1, 4]), (1, Gen.Const(0))) : Gen.Int[1, 4];
            return Gen.Enum<BufferKind>().SelectMany(k => k == BufferKind.Initializer
                ? Expression(level.ExpressionDepth).Array[2, 3].Select(e => new Buffer(k, e.Length, e))
                : length.Select(n => new Buffer(k, n, Array.Empty<Expr>())));
        }

        /// <summary>A local span of any span in scope (a read-only one only where nothing is written).</summary>
        private Gen<DeclareView> ViewDeclaration
            => Gen.Select(Pick, Gen.Int[0, 15], buffers ? Gen.Frequency((3, false), (1, true)) : Gen.Const(true), (v, s, r) => new DeclareView(v, s, r));

        /// <summary>A buffer declared in a block: of a constant length, x's (scalar programs have no x) or <c>n + 1</c>, or an initializer.</summary>
        private Gen<Buffer> NestedBufferDeclaration()
        {
            var length = Gen.Frequency((2, Gen.Int[1, 4]), (1, Gen.Const(HasArray ? 0 : 2)), (1, Gen.Const(-1)));
            return Gen.Frequency((2, BufferKind.NewArray), (2, BufferKind.Stackalloc), (1, BufferKind.Initializer)).SelectMany(k => k == BufferKind.Initializer
                ? Expression(level.ExpressionDepth).Array[2, 3].Select(e => new Buffer(k, e.Length, e))
                : length.Select(n => new Buffer(k, n, Array.Empty<Expr>())));
        }

        /// <summary>A block that nests at most <paramref name="depth"/> deep.</summary>
        private Gen<Statement[]> Block(int depth, bool inLoop)
        {
            if (!blocks.TryGetValue((depth, inLoop), out var block))
            {
                block = StatementGen(depth, inLoop).Array[0, level.MaxBlock];
                blocks[(depth, inLoop)] = block;
            }

            return block;
        }

        private Gen<Statement> StatementGen(int depth, bool inLoop)
        {
            var e = Expression(level.ExpressionDepth);
            var c = conditions[Math.Min(1, level.ExpressionDepth)];
            var choices = new List<(int, IGen<Statement>)>
            {
                (4, Gen.Select(Pick, Gen.Enum<AssignOp>(), Gen.Enum<Squash>(), e, (p, op, s, v) => (Statement)new Assign(p, op, s, v))),
                (2, e.Select(v => (Statement)new DeclareLocal(v))),
                (1, c.Select(v => (Statement)new DeclareFlag(v))),
                (1, Gen.Select(Pick, Pick, Gen.Enum<AssignOp>(), Gen.Enum<Squash>(), e, (t, i, op, s, v) => (Statement)new RefWrite(t, i, op, s, v))),
                (1, Gen.Select(e, e, Gen.Bool, (v, f, r) => (Statement)new GuardedSqrt(v, f, r))),
            };
            if (kind != ProgramKind.ArrayToVector)
            {
                choices.Add((1, Gen.Select(c, e, (t, v) => (Statement)new EarlyReturn(t, v))));
            }
            else
            {
                choices.Add((3, OutputStatement().Select(o => (Statement)o)));
                choices.Add((1, c.Select(t => (Statement)new EarlyReturn(t, null))));
            }

            if (helpers > 0) choices.Add((2, Gen.Select(Pick, Gen.Int[0, 7], e.Array[3], (h, s, a) => (Statement)new DeclareFromCall(h, s, a))));

            // In loops more often, with slices that move with the counter.
            if (spanHelpers > 0) choices.Add((inLoop ? 5 : 3, SpanCallGen(e).Select(c => (Statement)new SpanCallStatement(c))));

            if (buffers)
            {
                // More often in loops, where reverse mode must restore what the loop overwrote before it recomputes.
                choices.Add((inLoop ? 6 : 3, Gen.Select(Pick, Pick, Gen.Enum<AssignOp>(), Gen.Enum<Squash>(), e, (b, i, op, s, v) =>
                    (Statement)new BufferWrite(b, i, op, s, v))));
            }

            if (HasArray)
            {
                // Local spans: declared anywhere (in loops, with slices that move with the counter), re-pointed in loops.
                choices.Add((2, ViewDeclaration.Select(d => (Statement)d)));
                if (inLoop) choices.Add((2, Gen.Select(Pick, Gen.Int[0, 15], (v, s) => (Statement)new Repoint(v, s))));
            }

            if (buffers)
            {
                choices.Add((inLoop ? 4 : 2, Gen.Select(Pick, Pick, Gen.Enum<AssignOp>(), Gen.Enum<Squash>(), e, (w, i, op, s, v) =>
                    (Statement)new ViewWrite(w, i, op, s, v))));
                // Mostly in loops and branches, fresh each time.
                choices.Add((depth < level.StatementDepth || inLoop ? 4 : 1, NestedBufferDeclaration().Select(b => (Statement)new DeclareBuffer(b))));
            }

            if (inLoop) choices.Add((2, Gen.Select(c, Gen.Enum<JumpKind>(), (t, j) => (Statement)new Jump(t, j))));
            if (depth > 0)
            {
                var inner = Block(depth - 1, inLoop);
                choices.Add((2, Gen.Select(c, inner, inner, (t, a, b) => (Statement)new IfElse(t, a, b))));
                var loopKinds = Enum.GetValues<LoopKind>()
                    .Where(k => k is LoopKind.OverBuffer or LoopKind.ForEachBuffer
                        ? buffers
                        : k is LoopKind.OverView
                        ? HasArray
                        : HasArray || k is LoopKind.CountedFor or LoopKind.While or LoopKind.DoWhile or LoopKind.Triangular or LoopKind.UpToN)
                    .ToArray();
                var whileTest = Gen.Frequency((1, Gen.Const((Condition?)null)), (1, c.Select(t => (Condition?)t)));
                // A loop often starts by re-pointing a local span (a window that moves with the counter) or declaring a buffer.
                var starts = new List<(int, IGen<Statement[]>)> { (2, Gen.Const(Array.Empty<Statement>())) };
                if (HasArray) starts.Add((2, Gen.Select(Pick, Gen.Int[0, 15], (v, s) => new Statement[] { new Repoint(v, s) })));
                if (buffers) starts.Add((1, NestedBufferDeclaration().Select(u => new Statement[] { new DeclareBuffer(u) })));
                Gen<Statement> LoopGen(Gen<Statement[]> start) => Gen.Select(Gen.OneOf(loopKinds), Gen.Int[1, 4], whileTest, start, Block(depth - 1, inLoop: true), (k, n, t, s, b) =>
                    (Statement)new Loop(k, n, k is LoopKind.While or LoopKind.DoWhile ? t : null, s.Concat(b).ToArray()));
                choices.Add((3, LoopGen(Gen.Frequency(starts.ToArray()))));
                // And more loops that do, so that many programs move a window or use a fresh buffer in a loop.
                foreach (var (_, start) in starts.Skip(1)) choices.Add((2, LoopGen((Gen<Statement[]>)start)));
            }

            return Gen.Frequency(choices.ToArray());
        }
    }
}
