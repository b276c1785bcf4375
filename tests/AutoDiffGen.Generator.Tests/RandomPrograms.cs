using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using CsCheck;

namespace AutoDiffGen.Generator.Tests;

// Random [Differentiable] programs for RandomProgramTests: a small syntax tree, CsCheck generators for it
// (built from Gen combinators only, so CsCheck can shrink a failing program), and a printer that turns a tree
// into a C# source file the generator can compile.
//
// The trees are context-free: a leaf names "some local" or "some element of x" by a small number, and the
// printer resolves it (modulo the count) against what is in scope where the leaf is printed. So every tree
// prints as a valid program, and a tree CsCheck shrinks stays valid. Control flow that needs context (break and
// continue only inside loops, element reads only where there is an array) is decided by which generator
// produces the tree.
//
// Some programs also have local buffers (new double[k], stackalloc, new[] { … }) declared at the top of the
// method, written element by element anywhere after and read back anywhere expressions read locals; the vector
// ones read back and update their outputs y too. A buffer is named by a number as well, and an index is picked
// among the ones in range where it is printed (0, Length - 1, loop counters modulo the length, …).
//
// Values stay well-conditioned: every assignment squashes its right-hand side into [-1, 1] (Sin, Cos, Tanh or
// e / (1 + e·e)), and so does every write of y in the programs that read y back; loops run at most a few times,
// division is only by 1 + e·e, Sqrt and Log only of 1 + e·e, and Exp only of a sine. Kinks (Abs, Max, Min) and
// jumps (branches, loop counts that depend on data) are allowed: the finite-difference checks skip the points
// where they are too close.

/// <summary>The three shapes of function the generator differentiates, each checked by its own test.</summary>
internal enum ProgramKind
{
    /// <summary><c>double F(double[] x, double a)</c> (or a span x): gradient, pullback and pushforward.</summary>
    ArrayToScalar,

    /// <summary><c>double F(double a, double b, …)</c> (one to three): as above plus the Hessian and Hessian-vector products.</summary>
    ScalarToScalar,

    /// <summary><c>void F(double[] x, double a, double[] y)</c> (or spans) writing <c>y</c>: pushforward, pullback and Jacobian.</summary>
    ArrayToVector,
}

internal enum UnaryOp { Negate, Sin, Cos, Tanh, Atan, Abs, Square, ExpOfSin, SqrtOfOnePlusSquare, LogOfOnePlusSquare }

internal enum BinaryOp { Add, Subtract, Multiply, DivideByOnePlusSquare, Max, Min }

/// <summary>How an assignment squashes its right-hand side into [-1, 1].</summary>
internal enum Squash { Sin, Cos, Tanh, Rational }

/// <summary><c>=</c>, <c>+=</c>, <c>-=</c> or <c>*=</c>, into a local, a buffer element or an output element.</summary>
internal enum AssignOp { Set, Add, Subtract, Multiply }

internal enum BufferKind
{
    /// <summary><c>double[] uN = new double[length];</c></summary>
    NewArray,

    /// <summary><c>Span&lt;double&gt; uN = stackalloc double[length];</c></summary>
    Stackalloc,

    /// <summary><c>var uN = new[] { e1, e2, … };</c></summary>
    Initializer,
}

internal enum LoopKind
{
    /// <summary><c>for (int i = 0; i &lt; Bound; i++)</c>, a fixed count (every kind of program).</summary>
    CountedFor,

    /// <summary><c>int k = 0; while (k &lt; Bound [&amp;&amp; test]) { k++; … }</c>.</summary>
    While,

    /// <summary><c>int k = 0; do { k++; … } while (k &lt; Bound [&amp;&amp; test]);</c>.</summary>
    DoWhile,

    /// <summary><c>for (int i = 0; i &lt; x.Length; i++)</c>.</summary>
    ForUp,

    /// <summary><c>for (int i = x.Length - 1; i &gt;= 0; i--)</c>.</summary>
    ForDown,

    /// <summary><c>for (int i = 1; i &lt; x.Length; i += 2)</c>.</summary>
    ForStride,

    /// <summary><c>foreach (var v in x)</c>.</summary>
    ForEach,

    /// <summary><c>for (int j = 0; j &lt;= i; j++)</c>, bounded by the counter of the enclosing loop (by Bound when there is none).</summary>
    Triangular,

    /// <summary><c>for (int i = 0; i &lt; u.Length; i++)</c> over a buffer, the <see cref="Loop.Bound"/>-th modulo their count (a counted for when there is none).</summary>
    OverBuffer,

    /// <summary><c>foreach (var v in u)</c> over a buffer, picked as by <see cref="OverBuffer"/>.</summary>
    ForEachBuffer,
}

internal enum JumpKind { Break, Continue }

// ------------------------------------------------------------------------------------------------ syntax tree

internal abstract record Expr;

/// <summary>The constant <c>Tenths / 10</c>.</summary>
internal sealed record Constant(int Tenths) : Expr;

/// <summary>One of the scalar parameters (<c>a</c>, <c>b</c>, <c>c</c>).</summary>
internal sealed record Input(int Pick) : Expr;

/// <summary>One of the <c>double</c> locals in scope (a parameter when there is none).</summary>
internal sealed record Local(int Pick) : Expr;

/// <summary>An element of <c>x</c> readable here: <c>x[0]</c>, <c>x[i]</c>, <c>x[(i + 1) % x.Length]</c>, a foreach variable, ….</summary>
internal sealed record Element(int Pick) : Expr;

/// <summary>An element of a buffer in scope, <c>u0[i]</c>, <c>u1[0]</c>, …, or a foreach variable over it (a local when there is none).</summary>
internal sealed record BufferElement(int Buffer, int Index) : Expr;

/// <summary>An element of the output y, indexed as by <see cref="Output"/> (a local when there is no y).</summary>
internal sealed record OutputElement(int Pick) : Expr;

/// <summary>The counter of an enclosing loop, converted to <c>double</c> (a parameter when there is none).</summary>
internal sealed record Counter(int Pick) : Expr;

internal sealed record Unary(UnaryOp Op, Expr Operand) : Expr;

internal sealed record Binary(BinaryOp Op, Expr Left, Expr Right) : Expr;

/// <summary><c>(test ? whenTrue : whenFalse)</c>.</summary>
internal sealed record Conditional(Condition Test, Expr WhenTrue, Expr WhenFalse) : Expr;

internal abstract record Condition;

/// <summary><c>left &gt; Tenths / 10</c> or <c>left &lt; Tenths / 10</c>.</summary>
internal sealed record Comparison(Expr Left, bool Greater, int Tenths) : Condition;

/// <summary>One of the <c>bool</c> locals in scope (a comparison of a parameter when there is none).</summary>
internal sealed record Flag(int Pick) : Condition;

internal sealed record Logical(bool And, Condition Left, Condition Right) : Condition;

internal sealed record Not(Condition Operand) : Condition;

internal abstract record Statement;

/// <summary><c>double tN = value;</c></summary>
internal sealed record DeclareLocal(Expr Value) : Statement;

/// <summary><c>bool fN = value;</c></summary>
internal sealed record DeclareFlag(Condition Value) : Statement;

/// <summary><c>local op squash(value);</c>, e.g. <c>t0 += Math.Sin(…)</c>.</summary>
internal sealed record Assign(int Pick, AssignOp Op, Squash Squash, Expr Value) : Statement;

/// <summary><c>buffer[index] op squash(value);</c> (an <see cref="Assign"/> of a local when there is no buffer).</summary>
internal sealed record BufferWrite(int Buffer, int Index, AssignOp Op, Squash Squash, Expr Value) : Statement;

/// <summary><c>if (test) { … } else { … }</c> (no else when it is empty).</summary>
internal sealed record IfElse(Condition Test, Statement[] Then, Statement[] Else) : Statement;

/// <summary>A loop; <see cref="Bound"/> is the count of counted loops, <see cref="Test"/> an extra condition of while loops.</summary>
internal sealed record Loop(LoopKind Kind, int Bound, Condition? Test, Statement[] Body) : Statement;

/// <summary><c>if (test) break;</c> or <c>if (test) continue;</c> (generated only inside loops).</summary>
internal sealed record Jump(Condition Test, JumpKind Kind) : Statement;

/// <summary><c>if (test) return value;</c> (<c>return;</c> in a vector-valued function).</summary>
internal sealed record EarlyReturn(Condition Test, Expr? Value) : Statement;

/// <summary>
/// <c>y[index] = value;</c>, <c>+=</c>, <c>-=</c> or <c>*=</c>; the index is <c>0</c>, <c>y.Length - 1</c> or a loop
/// counter modulo <c>y.Length</c>. The value is squashed unless <see cref="Squash"/> is null (only in programs that
/// do not read y back).
/// </summary>
internal sealed record Output(int Pick, AssignOp Op, Squash? Squash, Expr Value) : Statement;

/// <summary>
/// A local buffer declared at the top of the method, after the <see cref="RandomProgram.Declarations"/>:
/// <see cref="Length"/> elements (<c>x.Length</c> when 0), or the <see cref="Elements"/> of an initializer.
/// </summary>
internal sealed record Buffer(BufferKind Kind, int Length, Expr[] Elements);

/// <summary>
/// A whole method: <see cref="Declarations"/> start it (so there is always a local to assign), then the
/// <see cref="Buffers"/>, then <see cref="Body"/>, then <c>return Result;</c> (scalar kinds) or the <see cref="Outputs"/> writes
/// (<see cref="ProgramKind.ArrayToVector"/>). With <see cref="SpanParameters"/>, x is a <c>ReadOnlySpan&lt;double&gt;</c>
/// and y a <c>Span&lt;double&gt;</c>, else both are arrays.
/// </summary>
internal sealed record RandomProgram(
    ProgramKind Kind, int ScalarCount, bool SpanParameters, Expr[] Declarations, Buffer[] Buffers, Statement[] Body, Expr? Result, Output[] Outputs)
{
    public const string Namespace = "RandomPrograms";
    public const string ClassName = "P";
    public const string TypeName = Namespace + "." + ClassName;
    public const string MethodName = "F";

    /// <summary>The names of the scalar parameters, in order.</summary>
    public static readonly string[] ScalarNames = { "a", "b", "c" };

    /// <summary>The compilable source file: the [Differentiable] method, then wrappers the tests call by reflection.</summary>
    public string ToSource() => ProgramPrinter.Print(this);

    public override string ToString() => ToSource();
}

// ------------------------------------------------------------------------------------------------ generators

/// <summary>
/// CsCheck generators of <see cref="RandomProgram"/>s. Simpler alternatives come first in every choice, which is
/// where CsCheck shrinks to; a program's complexity level is drawn first, so that shrinking lowers it first.
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

    /// <summary>How often each level is drawn: mostly the full programs, some small ones.</summary>
    private static readonly Gen<int> LevelGen = Gen.Frequency((1, 0), (1, 1), (2, 2), (4, 3));

    /// <summary>How often a program has buffers (and reads back its outputs, if it has any): two in five.</summary>
    private static readonly Gen<bool> BuffersGen = Gen.Frequency((3, false), (2, true));

    /// <summary>Programs of <paramref name="kind"/>, with x (and y) a span or an array, with or without buffers.</summary>
    public static Gen<RandomProgram> For(ProgramKind kind)
    {
        var spans = kind == ProgramKind.ScalarToScalar ? Gen.Const(false) : Gen.Bool;
        var bools = new[] { false, true };
        var programs = (from level in Enumerable.Range(0, Levels.Length) from span in bools from buffers in bools select (level, span, buffers))
            .ToDictionary(key => key, key => new Builder(kind, Levels[key.level], key.span, key.buffers).Program);
        return LevelGen.SelectMany(level => BuffersGen.SelectMany(buffers => spans.SelectMany(span => programs[(level, span, buffers)])));
    }

    /// <summary>Builds the generators of one kind, level, parameter type and use of buffers of program, each depth once.</summary>
    private sealed class Builder
    {
        private readonly ProgramKind kind;
        private readonly Level level;
        private readonly bool span;

        /// <summary>Whether the programs declare buffers, write and read them, and (vector-valued ones) read back y.</summary>
        private readonly bool buffers;
        private readonly List<Gen<Expr>> expressions = new();
        private readonly List<Gen<Condition>> conditions = new();
        private readonly Dictionary<(int Depth, bool InLoop), Gen<Statement[]>> blocks = new();

        public Builder(ProgramKind kind, Level level, bool span, bool buffers)
        {
            this.kind = kind;
            this.level = level;
            this.span = span;
            this.buffers = buffers;
            for (int depth = 0; depth <= level.ExpressionDepth + 1; depth++)
            {
                expressions.Add(BuildExpression(depth));
                conditions.Add(BuildCondition(depth));
            }

            var body = StatementGen(level.StatementDepth, inLoop: false).Array[0, level.MaxStatements];
            var declarations = Expression(level.ExpressionDepth).Array[1, level.MaxDeclarations];
            var bufferDeclarations = buffers ? BufferDeclaration().Array[1, 2] : Gen.Const(Array.Empty<Buffer>());
            var scalarCount = kind == ProgramKind.ScalarToScalar ? Gen.Int[1, 3] : Gen.Const(1);
            Program = kind == ProgramKind.ArrayToVector
                ? Gen.Select(declarations, bufferDeclarations, body, OutputStatement().Array[1, 3], (d, u, b, o) =>
                    new RandomProgram(kind, 1, span, d, u, b, null, o))
                : Gen.Select(scalarCount, declarations, bufferDeclarations, body, Expression(level.ExpressionDepth + 1), (n, d, u, b, r) =>
                    new RandomProgram(kind, n, span, d, u, b, r, Array.Empty<Output>()));
        }

        public Gen<RandomProgram> Program { get; }

        private bool HasArray => kind != ProgramKind.ScalarToScalar;

        private Gen<Expr> Expression(int depth) => expressions[depth];

        private static Gen<int> Pick => Gen.Int[0, 5];

        private static Gen<int> Tenths => Gen.Int[-10, 10];

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
                return Gen.Frequency(leaves.ToArray());
            }
        }

        private Gen<Expr> BuildExpression(int depth)
        {
            var leaf = Gen.Frequency((8, VariableLeaf), (1, Tenths.Select(t => (Expr)new Constant(t))));
            if (depth == 0) return leaf;

            var inner = expressions[depth - 1];
            return Gen.Frequency(
                (3, leaf),
                (2, Gen.Select(Gen.Enum<UnaryOp>(), inner, (op, e) => (Expr)new Unary(op, e))),
                (4, Gen.Select(Gen.Enum<BinaryOp>(), inner, inner, (op, l, r) => (Expr)new Binary(op, l, r))),
                (1, Gen.Select(conditions[depth - 1], inner, inner, (c, t, f) => (Expr)new Conditional(c, t, f))));
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

            if (buffers)
            {
                // More often in loops, where reverse mode must restore what the loop overwrote before it recomputes.
                choices.Add((inLoop ? 6 : 3, Gen.Select(Pick, Pick, Gen.Enum<AssignOp>(), Gen.Enum<Squash>(), e, (b, i, op, s, v) =>
                    (Statement)new BufferWrite(b, i, op, s, v))));
            }

            if (inLoop) choices.Add((2, Gen.Select(c, Gen.Enum<JumpKind>(), (t, j) => (Statement)new Jump(t, j))));
            if (depth > 0)
            {
                var inner = Block(depth - 1, inLoop);
                choices.Add((2, Gen.Select(c, inner, inner, (t, a, b) => (Statement)new IfElse(t, a, b))));
                var loopKinds = Enum.GetValues<LoopKind>()
                    .Where(k => k is LoopKind.OverBuffer or LoopKind.ForEachBuffer
                        ? buffers
                        : HasArray || k is LoopKind.CountedFor or LoopKind.While or LoopKind.DoWhile or LoopKind.Triangular)
                    .ToArray();
                var whileTest = Gen.Frequency((1, Gen.Const((Condition?)null)), (1, c.Select(t => (Condition?)t)));
                choices.Add((3, Gen.Select(Gen.OneOf(loopKinds), Gen.Int[1, 4], whileTest, Block(depth - 1, inLoop: true), (k, n, t, b) =>
                    (Statement)new Loop(k, n, k is LoopKind.While or LoopKind.DoWhile ? t : null, b))));
            }

            return Gen.Frequency(choices.ToArray());
        }
    }
}

// ------------------------------------------------------------------------------------------------ printer

/// <summary>Prints a <see cref="RandomProgram"/> as C#, resolving leaves against what is in scope.</summary>
internal sealed class ProgramPrinter
{
    private readonly RandomProgram program;
    private readonly StringBuilder text = new();
    private readonly List<string> locals = new();
    private readonly List<string> flags = new();

    /// <summary>The buffers declared so far (all at the top of the method, so in scope to its end).</summary>
    private readonly List<string> buffers = new();

    /// <summary>Enclosing loops, innermost last.</summary>
    private readonly List<LoopScope> loops = new();

    /// <summary>
    /// A loop: its counter (null for foreach), the elements of x it can read, and the buffer it runs over with
    /// that counter or (foreach) with <see cref="Variable"/>.
    /// </summary>
    private sealed record LoopScope(string? Counter, string[] Elements, string? Buffer = null, string? Variable = null);

    private int indent;
    private int nextLocal, nextFlag, nextCounter;

    private ProgramPrinter(RandomProgram program) => this.program = program;

    public static string Print(RandomProgram program)
    {
        var printer = new ProgramPrinter(program);
        printer.PrintFile();
        return printer.text.ToString();
    }

    private bool IsVector => program.Kind == ProgramKind.ArrayToVector;

    private bool HasArray => program.Kind != ProgramKind.ScalarToScalar;

    private IEnumerable<string> Scalars => RandomProgram.ScalarNames.Take(program.ScalarCount);

    private void PrintFile()
    {
        Line("using System;");
        Line("using AutoDiffGen;");
        Line("");
        Line($"namespace {RandomProgram.Namespace};");
        Line("");
        Line($"public static partial class {RandomProgram.ClassName}");
        Line("{");
        indent++;
        Line("[Differentiable]");
        var parameters = HasArray
            ? new[] { program.SpanParameters ? "ReadOnlySpan<double> x" : "double[] x" }.Concat(Scalars.Select(s => "double " + s))
            : Scalars.Select(s => "double " + s);
        if (IsVector) parameters = parameters.Append(program.SpanParameters ? "Span<double> y" : "double[] y");
        Line($"public static {(IsVector ? "void" : "double")} {RandomProgram.MethodName}({string.Join(", ", parameters)})");
        Line("{");
        indent++;
        foreach (var declaration in program.Declarations) Print(new DeclareLocal(declaration));
        foreach (var buffer in program.Buffers) Declare(buffer);
        foreach (var statement in program.Body) Print(statement);
        foreach (var output in program.Outputs) Print(output);
        if (program.Result is not null) Line($"return {Print(program.Result)};");
        indent--;
        Line("}");
        indent--;
        Line("}");
        Line("");
        PrintWrappers();
    }

    /// <summary>
    /// Non-differentiable wrappers with arrays in place of spans, outs and refs, over the flat vector
    /// <c>z</c> of active inputs (the elements of x, then the scalars), so the tests treat every kind alike.
    /// </summary>
    private void PrintWrappers()
    {
        const string F = RandomProgram.MethodName;
        Line("// Wrappers the tests call by reflection (spans cannot be passed that way); not differentiated.");
        Line($"public static partial class {RandomProgram.ClassName}");
        Line("{");
        indent++;
        if (program.Kind == ProgramKind.ScalarToScalar)
        {
            int n = program.ScalarCount;
            string Each(Func<int, string> f) => string.Join(", ", Enumerable.Range(0, n).Select(f));
            string z = Each(i => $"z[{i}]");
            Line($"public static double Value(double[] z) => {F}({z});");
            Line($"public static double Gradient(double[] z, double[] g) => {F}Gradient({z}, {Each(i => $"out g[{i}]")});");
            Line($"public static void Pullback(double[] z, double seed, double[] g) => {F}Pullback({z}, seed, {Each(i => $"ref g[{i}]")});");
            Line($"public static double Pushforward(double[] z, double[] t, double[] tangent) => {F}Pushforward({z}, {Each(i => $"t[{i}]")}, out tangent[0]);");
            Line($"public static double HessianVectorProduct(double[] z, double[] v, double[] hv) => {F}HessianVectorProduct({z}, {Each(i => $"v[{i}]")}, {Each(i => $"out hv[{i}]")});");
            Line($"public static double Hessian(double[] z, double[] g, double[] h) => {F}Hessian({z}, g, h);");
        }
        else if (program.Kind == ProgramKind.ArrayToScalar)
        {
            Line($"public static double Value(double[] z) => {F}(z[..^1], z[^1]);");
            Line("public static double Gradient(double[] z, double[] g)");
            Line("{");
            Line($"    var dx = new double[z.Length - 1];");
            Line($"    double value = {F}Gradient(z[..^1], z[^1], dx, out double da);");
            Line("    dx.CopyTo(g, 0);");
            Line("    g[^1] = da;");
            Line("    return value;");
            Line("}");
            Line("public static void Pullback(double[] z, double seed, double[] g)");
            Line("{");
            Line("    var dx = g[..^1];");
            Line("    double da = g[^1];");
            Line($"    {F}Pullback(z[..^1], z[^1], seed, dx, ref da);");
            Line("    dx.CopyTo(g, 0);");
            Line("    g[^1] = da;");
            Line("}");
            Line($"public static double Pushforward(double[] z, double[] t, double[] tangent) => {F}Pushforward(z[..^1], z[^1], t[..^1], t[^1], out tangent[0]);");
        }
        else
        {
            Line($"public static void Value(double[] z, double[] y) => {F}(z[..^1], z[^1], y);");
            Line($"public static void Pushforward(double[] z, double[] t, double[] y, double[] ty) => {F}Pushforward(z[..^1], z[^1], y, t[..^1], t[^1], ty);");
            Line("public static void Pullback(double[] z, double[] y, double[] dy, double[] g)");
            Line("{");
            Line("    var dx = g[..^1];");
            Line("    double da = g[^1];");
            Line($"    {F}Pullback(z[..^1], z[^1], y, dy, dx, ref da);");
            Line("    dx.CopyTo(g, 0);");
            Line("    g[^1] = da;");
            Line("}");
            Line($"public static void Jacobian(double[] z, double[] y, double[] jacobian) => {F}Jacobian(z[..^1], z[^1], y, jacobian);");
        }

        indent--;
        Line("}");
    }

    private void Line(string line)
    {
        if (line.Length > 0) text.Append(' ', 4 * indent);
        text.Append(line).Append('\n');
    }

    // -------------------------------------------------------------------------------------------- statements

    private void Print(Statement statement)
    {
        switch (statement)
        {
            case DeclareLocal d:
            {
                string value = Print(d.Value);
                string name = "t" + nextLocal++;
                Line($"double {name} = {value};");
                locals.Add(name);
                break;
            }
            case DeclareFlag d:
            {
                string value = Print(d.Value);
                string name = "f" + nextFlag++;
                Line($"bool {name} = {value};");
                flags.Add(name);
                break;
            }
            case Assign a:
                Line($"{locals[a.Pick % locals.Count]} {Operator(a.Op)} {Squashed(a.Squash, Print(a.Value))};");
                break;
            case BufferWrite w when buffers.Count == 0:
                Print(new Assign(w.Index, w.Op, w.Squash, w.Value));
                break;
            case BufferWrite w:
            {
                string buffer = buffers[w.Buffer % buffers.Count];
                var indices = BufferIndices(buffer).ToArray();
                Line($"{buffer}[{indices[w.Index % indices.Length]}] {Operator(w.Op)} {Squashed(w.Squash, Print(w.Value))};");
                break;
            }
            case IfElse i:
                Line($"if ({Print(i.Test)})");
                Block(i.Then);
                if (i.Else.Length > 0)
                {
                    Line("else");
                    Block(i.Else);
                }

                break;
            case Loop l:
                PrintLoop(l);
                break;
            case Jump j:
                Line($"if ({Print(j.Test)}) {(j.Kind == JumpKind.Break ? "break" : "continue")};");
                break;
            case EarlyReturn r:
                Line(r.Value is null ? $"if ({Print(r.Test)}) return;" : $"if ({Print(r.Test)}) return {Print(r.Value)};");
                break;
            case Output o:
            {
                string value = Print(o.Value);
                Line($"{OutputAt(o.Pick)} {Operator(o.Op)} {(o.Squash is { } squash ? Squashed(squash, value) : value)};");
                break;
            }
            default:
                throw new InvalidOperationException("Unknown statement " + statement);
        }
    }

    private static string Operator(AssignOp op) => op switch
    {
        AssignOp.Set => "=",
        AssignOp.Add => "+=",
        AssignOp.Subtract => "-=",
        _ => "*=",
    };

    /// <summary><c>y[0]</c>, <c>y[y.Length - 1]</c>, then the counters of the enclosing loops modulo <c>y.Length</c>, innermost first.</summary>
    private string OutputAt(int pick)
    {
        var counters = loops.Where(l => l.Counter is not null).Select(l => $"y[{l.Counter} % y.Length]").Reverse();
        var targets = new[] { "y[0]", "y[y.Length - 1]" }.Concat(counters).ToArray();
        return targets[pick % targets.Length];
    }

    /// <summary><c>double[] uN = new double[k];</c>, <c>Span&lt;double&gt; uN = stackalloc double[k];</c> or <c>var uN = new[] { … };</c>.</summary>
    private void Declare(Buffer buffer)
    {
        string name = "u" + buffers.Count;
        string length = buffer.Length == 0 && HasArray
            ? "x.Length"
            : Math.Max(1, buffer.Length).ToString(CultureInfo.InvariantCulture);
        var elements = buffer.Elements.Length == 0 ? new[] { "0.0" } : buffer.Elements.Select(Print);
        Line(buffer.Kind switch
        {
            BufferKind.NewArray => $"double[] {name} = new double[{length}];",
            BufferKind.Stackalloc => $"Span<double> {name} = stackalloc double[{length}];",
            _ => $"var {name} = new[] {{ {string.Join(", ", elements)} }};",
        });
        buffers.Add(name);
    }

    /// <summary>
    /// The indices of <paramref name="buffer"/> in range here: for the counters of the enclosing loops, innermost
    /// first, <c>i</c>, <c>(i + 1) % u.Length</c> and <c>u.Length - 1 - i</c> in a loop over the buffer itself, else
    /// <c>i % u.Length</c> (counters are never negative); then <c>0</c> and <c>u.Length - 1</c>.
    /// </summary>
    private IEnumerable<string> BufferIndices(string buffer)
    {
        foreach (var loop in Enumerable.Reverse(loops))
        {
            if (loop.Counter is not { } i) continue;
            if (loop.Buffer == buffer)
            {
                yield return i;
                yield return $"({i} + 1) % {buffer}.Length";
                yield return $"{buffer}.Length - 1 - {i}";
            }
            else
            {
                yield return $"{i} % {buffer}.Length";
            }
        }

        yield return "0";
        yield return $"{buffer}.Length - 1";
    }

    /// <summary>An element of a buffer: the variables of the foreach loops over it, innermost first, then those at <see cref="BufferIndices"/>.</summary>
    private string BufferElementAt(BufferElement element)
    {
        string buffer = buffers[element.Buffer % buffers.Count];
        var options = Enumerable.Reverse(loops).Where(l => l.Buffer == buffer && l.Variable is not null).Select(l => l.Variable!)
            .Concat(BufferIndices(buffer).Select(i => $"{buffer}[{i}]"))
            .ToArray();
        return options[element.Index % options.Length];
    }

    private static string Squashed(Squash squash, string value) => squash switch
    {
        Squash.Sin => $"Math.Sin({value})",
        Squash.Cos => $"Math.Cos({value})",
        Squash.Tanh => $"Math.Tanh({value})",
        _ => $"{value} / (1 + {value} * {value})",
    };

    private void PrintLoop(Loop loop)
    {
        string bound = loop.Bound.ToString(CultureInfo.InvariantCulture);
        switch (loop.Kind)
        {
            case LoopKind.OverBuffer or LoopKind.ForEachBuffer when buffers.Count == 0:
                PrintLoop(loop with { Kind = LoopKind.CountedFor });
                break;
            case LoopKind.CountedFor:
            {
                string i = "i" + nextCounter++;
                Line($"for (int {i} = 0; {i} < {bound}; {i}++)");
                LoopBody(loop.Body, new(i, ElementsModulo(i)));
                break;
            }
            case LoopKind.OverBuffer:
            {
                string buffer = buffers[loop.Bound % buffers.Count];
                string i = "i" + nextCounter++;
                Line($"for (int {i} = 0; {i} < {buffer}.Length; {i}++)");
                LoopBody(loop.Body, new(i, ElementsModulo(i), buffer));
                break;
            }
            case LoopKind.ForEachBuffer:
            {
                string buffer = buffers[loop.Bound % buffers.Count];
                string v = "v" + nextCounter++;
                Line($"foreach (var {v} in {buffer})");
                LoopBody(loop.Body, new(null, Array.Empty<string>(), buffer, v));
                break;
            }
            case LoopKind.While or LoopKind.DoWhile:
            {
                string k = "k" + nextCounter++;
                string test = $"{k} < {bound}" + (loop.Test is null ? "" : $" && {Print(loop.Test)}");
                Line($"int {k} = 0;");
                Line(loop.Kind == LoopKind.While ? $"while ({test})" : "do");
                // The counter goes up first, so that continue cannot skip it.
                LoopBody(loop.Body, new(k, ElementsModulo(k)), $"{k}++;");
                if (loop.Kind == LoopKind.DoWhile) Line($"while ({test});");
                break;
            }
            case LoopKind.ForUp or LoopKind.ForDown or LoopKind.ForStride:
            {
                string i = "i" + nextCounter++;
                Line(loop.Kind switch
                {
                    LoopKind.ForUp => $"for (int {i} = 0; {i} < x.Length; {i}++)",
                    LoopKind.ForDown => $"for (int {i} = x.Length - 1; {i} >= 0; {i}--)",
                    _ => $"for (int {i} = 1; {i} < x.Length; {i} += 2)",
                });
                LoopBody(loop.Body, new(i, new[] { $"x[{i}]", $"x[({i} + 1) % x.Length]", $"x[x.Length - 1 - {i}]" }));
                break;
            }
            case LoopKind.Triangular:
            {
                string limit = loops.Select(l => l.Counter).LastOrDefault(c => c is not null) ?? bound;
                string j = "i" + nextCounter++;
                Line($"for (int {j} = 0; {j} <= {limit}; {j}++)");
                LoopBody(loop.Body, new(j, ElementsModulo(j)));
                break;
            }
            case LoopKind.ForEach:
            {
                string v = "v" + nextCounter++;
                Line($"foreach (var {v} in x)");
                LoopBody(loop.Body, new(null, new[] { v }));
                break;
            }
        }
    }

    /// <summary><c>x[counter % x.Length]</c>, if there is an x.</summary>
    private string[] ElementsModulo(string counter) => HasArray ? new[] { $"x[{counter} % x.Length]" } : Array.Empty<string>();

    private void LoopBody(Statement[] body, LoopScope scope, string? first = null)
    {
        loops.Add(scope);
        Block(body, first);
        loops.RemoveAt(loops.Count - 1);
    }

    /// <summary>A braced block; locals and flags declared in it go out of scope at its end.</summary>
    private void Block(Statement[] statements, string? first = null)
    {
        int localCount = locals.Count, flagCount = flags.Count;
        Line("{");
        indent++;
        if (first is not null) Line(first);
        foreach (var statement in statements) Print(statement);
        indent--;
        Line("}");
        locals.RemoveRange(localCount, locals.Count - localCount);
        flags.RemoveRange(flagCount, flags.Count - flagCount);
    }

    // -------------------------------------------------------------------------------------------- expressions

    private string Scalar(int pick) => RandomProgram.ScalarNames[pick % program.ScalarCount];

    private static string Number(int tenths)
    {
        string s = (tenths / 10.0).ToString("0.0", CultureInfo.InvariantCulture);
        return tenths < 0 ? $"({s})" : s;
    }

    private string Print(Expr expr) => expr switch
    {
        Constant c => Number(c.Tenths),
        Input i => Scalar(i.Pick),
        Local l => locals.Count == 0 ? Scalar(l.Pick) : locals[l.Pick % locals.Count],
        Element e => ElementAt(e.Pick),
        BufferElement b => buffers.Count == 0 ? Print(new Local(b.Index)) : BufferElementAt(b),
        OutputElement o => IsVector ? OutputAt(o.Pick) : Print(new Local(o.Pick)),
        Counter c => CounterAt(c.Pick),
        Unary u => Unary(u.Op, Print(u.Operand)),
        Binary b => Binary(b.Op, Print(b.Left), Print(b.Right)),
        Conditional c => $"({Print(c.Test)} ? {Print(c.WhenTrue)} : {Print(c.WhenFalse)})",
        _ => throw new InvalidOperationException("Unknown expression " + expr),
    };

    /// <summary>Elements of the innermost loop first, then of the enclosing ones, then <c>x[0]</c> and <c>x[x.Length - 1]</c>.</summary>
    private string ElementAt(int pick)
    {
        var options = Enumerable.Range(0, loops.Count).Reverse().SelectMany(i => loops[i].Elements)
            .Concat(new[] { "x[0]", "x[x.Length - 1]" }).ToArray();
        return options[pick % options.Length];
    }

    private string CounterAt(int pick)
    {
        var counters = loops.Select(l => l.Counter).OfType<string>().Reverse().ToArray();
        return counters.Length == 0 ? Scalar(pick) : $"(double){counters[pick % counters.Length]}";
    }

    private static string Unary(UnaryOp op, string e) => op switch
    {
        UnaryOp.Negate => $"-({e})",
        UnaryOp.Sin => $"Math.Sin({e})",
        UnaryOp.Cos => $"Math.Cos({e})",
        UnaryOp.Tanh => $"Math.Tanh({e})",
        UnaryOp.Atan => $"Math.Atan({e})",
        UnaryOp.Abs => $"Math.Abs({e})",
        UnaryOp.Square => $"Math.Pow({e}, 2)",
        UnaryOp.ExpOfSin => $"Math.Exp(Math.Sin({e}))",
        UnaryOp.SqrtOfOnePlusSquare => $"Math.Sqrt(1 + {e} * {e})",
        _ => $"Math.Log(1 + {e} * {e})",
    };

    private static string Binary(BinaryOp op, string l, string r) => op switch
    {
        BinaryOp.Add => $"({l} + {r})",
        BinaryOp.Subtract => $"({l} - {r})",
        BinaryOp.Multiply => $"({l} * {r})",
        BinaryOp.DivideByOnePlusSquare => $"({l} / (1 + {r} * {r}))",
        BinaryOp.Max => $"Math.Max({l}, {r})",
        _ => $"Math.Min({l}, {r})",
    };

    /// <summary>
    /// Whether <paramref name="expr"/> is made of constants only. A comparison of one is printed with a parameter
    /// instead: the compiler would decide it and warn about unreachable code (CS0162), in generated code too.
    /// </summary>
    private static bool IsConstant(Expr expr) => expr switch
    {
        Constant => true,
        Unary u => IsConstant(u.Operand),
        Binary b => IsConstant(b.Left) && IsConstant(b.Right),
        _ => false,
    };

    private string Print(Condition condition) => condition switch
    {
        Comparison c => $"{(IsConstant(c.Left) ? Scalar(0) : Print(c.Left))} {(c.Greater ? ">" : "<")} {Number(c.Tenths)}",
        Flag f => flags.Count == 0 ? $"{Scalar(f.Pick)} > 0.0" : flags[f.Pick % flags.Count],
        Logical l => $"({Print(l.Left)} {(l.And ? "&&" : "||")} {Print(l.Right)})",
        Not n => $"!({Print(n.Operand)})",
        _ => throw new InvalidOperationException("Unknown condition " + condition),
    };
}
