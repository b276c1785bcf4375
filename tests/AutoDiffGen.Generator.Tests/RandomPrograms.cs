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
// Values stay well-conditioned: every assignment squashes its right-hand side into [-1, 1] (Sin, Cos, Tanh or
// e / (1 + e·e)), loops run at most a few times, division is only by 1 + e·e, Sqrt and Log only of 1 + e·e,
// and Exp only of a sine. Kinks (Abs, Max, Min) and jumps (branches, loop counts that depend on data) are
// allowed: the finite-difference checks skip the points where they are too close.

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

internal enum AssignOp { Set, Add, Subtract, Multiply }

internal enum OutputOp { Set, Add, Subtract }

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

/// <summary><c>if (test) { … } else { … }</c> (no else when it is empty).</summary>
internal sealed record IfElse(Condition Test, Statement[] Then, Statement[] Else) : Statement;

/// <summary>A loop; <see cref="Bound"/> is the count of counted loops, <see cref="Test"/> an extra condition of while loops.</summary>
internal sealed record Loop(LoopKind Kind, int Bound, Condition? Test, Statement[] Body) : Statement;

/// <summary><c>if (test) break;</c> or <c>if (test) continue;</c> (generated only inside loops).</summary>
internal sealed record Jump(Condition Test, JumpKind Kind) : Statement;

/// <summary><c>if (test) return value;</c> (<c>return;</c> in a vector-valued function).</summary>
internal sealed record EarlyReturn(Condition Test, Expr? Value) : Statement;

/// <summary><c>y[index] = value;</c>, <c>+=</c> or <c>-=</c>; the index is <c>0</c>, <c>y.Length - 1</c> or a loop counter modulo <c>y.Length</c>.</summary>
internal sealed record Output(int Pick, OutputOp Op, Expr Value) : Statement;

/// <summary>
/// A whole method: <see cref="Declarations"/> start it (so there is always a local to assign), then
/// <see cref="Body"/>, then <c>return Result;</c> (scalar kinds) or the <see cref="Outputs"/> writes
/// (<see cref="ProgramKind.ArrayToVector"/>). With <see cref="SpanParameters"/>, x is a <c>ReadOnlySpan&lt;double&gt;</c>
/// and y a <c>Span&lt;double&gt;</c>, else both are arrays.
/// </summary>
internal sealed record RandomProgram(
    ProgramKind Kind, int ScalarCount, bool SpanParameters, Expr[] Declarations, Statement[] Body, Expr? Result, Output[] Outputs)
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

    /// <summary>Programs of <paramref name="kind"/>, with x (and y) a span or an array.</summary>
    public static Gen<RandomProgram> For(ProgramKind kind)
    {
        var spans = kind == ProgramKind.ScalarToScalar ? Gen.Const(false) : Gen.Bool;
        var programs = Enumerable.Range(0, Levels.Length)
            .SelectMany(level => new[] { false, true }.Select(span => (level, span)))
            .ToDictionary(key => key, key => new Builder(kind, Levels[key.level], key.span).Program);
        return LevelGen.SelectMany(level => spans.SelectMany(span => programs[(level, span)]));
    }

    /// <summary>Builds the generators of one kind, level and parameter type of program, each depth once.</summary>
    private sealed class Builder
    {
        private readonly ProgramKind kind;
        private readonly Level level;
        private readonly bool span;
        private readonly List<Gen<Expr>> expressions = new();
        private readonly List<Gen<Condition>> conditions = new();
        private readonly Dictionary<(int Depth, bool InLoop), Gen<Statement[]>> blocks = new();

        public Builder(ProgramKind kind, Level level, bool span)
        {
            this.kind = kind;
            this.level = level;
            this.span = span;
            for (int depth = 0; depth <= level.ExpressionDepth + 1; depth++)
            {
                expressions.Add(BuildExpression(depth));
                conditions.Add(BuildCondition(depth));
            }

            var body = StatementGen(level.StatementDepth, inLoop: false).Array[0, level.MaxStatements];
            var declarations = Expression(level.ExpressionDepth).Array[1, level.MaxDeclarations];
            var scalarCount = kind == ProgramKind.ScalarToScalar ? Gen.Int[1, 3] : Gen.Const(1);
            Program = kind == ProgramKind.ArrayToVector
                ? Gen.Select(declarations, body, OutputStatement().Array[1, 3], (d, b, o) =>
                    new RandomProgram(kind, 1, span, d, b, null, o))
                : Gen.Select(scalarCount, declarations, body, Expression(level.ExpressionDepth + 1), (n, d, b, r) =>
                    new RandomProgram(kind, n, span, d, b, r, Array.Empty<Output>()));
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

        private Gen<Output> OutputStatement()
            => Gen.Select(Pick, Gen.Enum<OutputOp>(), Expression(level.ExpressionDepth), (p, op, e) => new Output(p, op, e));

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

            if (inLoop) choices.Add((2, Gen.Select(c, Gen.Enum<JumpKind>(), (t, j) => (Statement)new Jump(t, j))));
            if (depth > 0)
            {
                var inner = Block(depth - 1, inLoop);
                choices.Add((2, Gen.Select(c, inner, inner, (t, a, b) => (Statement)new IfElse(t, a, b))));
                var loopKinds = Enum.GetValues<LoopKind>()
                    .Where(k => HasArray || k is LoopKind.CountedFor or LoopKind.While or LoopKind.DoWhile or LoopKind.Triangular)
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

    /// <summary>Enclosing loops, innermost last: the counter (null for foreach) and the elements of x each can read.</summary>
    private readonly List<(string? Counter, string[] Elements)> loops = new();

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
            {
                string op = a.Op switch { AssignOp.Set => "=", AssignOp.Add => "+=", AssignOp.Subtract => "-=", _ => "*=" };
                Line($"{locals[a.Pick % locals.Count]} {op} {Squashed(a.Squash, Print(a.Value))};");
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
                var counters = loops.Where(l => l.Counter is not null).Select(l => $"y[{l.Counter} % y.Length]").Reverse();
                var targets = new[] { "y[0]", "y[y.Length - 1]" }.Concat(counters).ToArray();
                string op = o.Op switch { OutputOp.Set => "=", OutputOp.Add => "+=", _ => "-=" };
                Line($"{targets[o.Pick % targets.Length]} {op} {Print(o.Value)};");
                break;
            }
            default:
                throw new InvalidOperationException("Unknown statement " + statement);
        }
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
            case LoopKind.CountedFor:
            {
                string i = "i" + nextCounter++;
                Line($"for (int {i} = 0; {i} < {bound}; {i}++)");
                LoopBody(loop.Body, i, HasArray ? new[] { $"x[{i} % x.Length]" } : Array.Empty<string>());
                break;
            }
            case LoopKind.While or LoopKind.DoWhile:
            {
                string k = "k" + nextCounter++;
                string test = $"{k} < {bound}" + (loop.Test is null ? "" : $" && {Print(loop.Test)}");
                Line($"int {k} = 0;");
                Line(loop.Kind == LoopKind.While ? $"while ({test})" : "do");
                // The counter goes up first, so that continue cannot skip it.
                var elements = HasArray ? new[] { $"x[{k} % x.Length]" } : Array.Empty<string>();
                LoopBody(loop.Body, k, elements, $"{k}++;");
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
                LoopBody(loop.Body, i, new[] { $"x[{i}]", $"x[({i} + 1) % x.Length]", $"x[x.Length - 1 - {i}]" });
                break;
            }
            case LoopKind.Triangular:
            {
                string limit = loops.Select(l => l.Counter).LastOrDefault(c => c is not null) ?? bound;
                string j = "i" + nextCounter++;
                Line($"for (int {j} = 0; {j} <= {limit}; {j}++)");
                LoopBody(loop.Body, j, HasArray ? new[] { $"x[{j} % x.Length]" } : Array.Empty<string>());
                break;
            }
            case LoopKind.ForEach:
            {
                string v = "v" + nextCounter++;
                Line($"foreach (var {v} in x)");
                LoopBody(loop.Body, null, new[] { v });
                break;
            }
        }
    }

    private void LoopBody(Statement[] body, string? counter, string[] elements, string? first = null)
    {
        loops.Add((counter, elements));
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
