using System;
using System.Collections.Generic;
using System.Linq;

namespace AutoDiffGen.Generator.Tests;

// Random [Differentiable] programs for RandomProgramTests: a small syntax tree (this file), CsCheck generators for it
// (RandomProgramGen.cs, built from Gen combinators only, so CsCheck can shrink a failing program) and a printer
// (ProgramPrinter.cs) that turns a tree into C# twice: the program the generator differentiates, and the same bodies
// over HyperDual numbers, the oracle its derivatives are checked against.
//
// The trees are context-free: a leaf names "some local" or "some element of x" by a small number, and the printer
// resolves it (modulo the count) against what is in scope where the leaf is printed. So every tree prints as a valid
// program, and a tree CsCheck shrinks stays valid. Control flow that needs context (break and continue only inside
// loops) is decided by which generator produces the tree.
//
// A program is a method F and up to two [Differentiable] helpers G0, G1 that F (and G1) call: helpers return a double or
// a tuple, named or not, and may have [NoDerivative] parameters, which F feeds any value (active ones too). Up to two
// span helpers H0, H1 (a sum over a ReadOnlySpan, or a loop writing a Span; H1 may call H0 with its spans) are called by
// F with x, its buffers, y and slices of them, which the generator inlines. A span call is also resolved in context: a
// slice is picked among those in range however long the span is (the lengths are chosen at run time, x's 1 to 4), and a
// helper that indexes a span modulo its length gets one that is never empty. F also declares local spans of x, its
// buffers, y and never-empty slices of them (at the top and in blocks), which it reads, writes, loops over, passes to the
// span helpers and re-points in loops, and buffers in loops and branches, whose lengths are fixed by the parameters.
//
// Values stay well-conditioned at random points: every assignment squashes its right-hand side into [-1, 1], the
// functions with a restricted domain get an argument inside it (Sqrt and Log of 1 + e·e, Asin of e / (1 + e·e), …),
// except where a program guards a special value itself (e > 0 ? Math.Sqrt(e) : 0, Math.Sqrt(Math.Max(e, 0)), a Sqrt
// followed by double.IsNaN), and loops run at most a few times. Kinks and jumps (Abs, Max, Min, Clamp, Floor, Sign,
// (int), branches, loop counts that depend on data) are allowed: the oracle follows AutoDiffGen's rules there, and the
// finite-difference checks skip the points where they are too close.

/// <summary>The three shapes of function the generator differentiates, each checked by its own test.</summary>
internal enum ProgramKind
{
    /// <summary><c>double F(double[] x, double a, int n)</c> (or a span x): every member of a scalar function.</summary>
    ArrayToScalar,

    /// <summary><c>double F(double a, double b, …, int n)</c> (one to three scalars): every member, and PullbackPushforward.</summary>
    ScalarToScalar,

    /// <summary><c>void F(double[] x, double a, int n, double[] y)</c> (or spans) writing <c>y</c>: pushforward, pullback and Jacobian.</summary>
    ArrayToVector,
}

/// <summary>The floating-point type of a program: <c>double</c> with <c>Math</c>, or <c>float</c> with <c>MathF</c> and float spans.</summary>
internal enum Precision { Double, Float }

/// <summary>
/// What an <see cref="Apply"/> computes. The printer writes each one as a program would, with an argument inside its
/// domain where it has one (see <see cref="ProgramPrinter"/>); <see cref="Apply.Variant"/> picks among the forms.
/// </summary>
internal enum Function
{
    // One operand.
    Negate,
    Sin,
    Cos,
    Tan,
    Asin,
    Acos,
    Atan,
    Sinh,
    Cosh,
    Tanh,
    Exp,
    Log,
    Log10,
    Log2,
    Sqrt,
    Cbrt,
    Abs,
    Floor,
    Ceiling,
    Round,
    Truncate,
    Sign,

    /// <summary><c>(double)(int)(e)</c>.</summary>
    IntCast,

    /// <summary><c>Math.Pow(e, k)</c> with a constant k: an int or a double literal 0 to 3, or <c>Math.Pow(Math.Abs(e), 1.5)</c>.</summary>
    PowConstant,

    /// <summary><c>Math.Pow(e, n)</c> with an int variable: the parameter n or a loop counter.</summary>
    PowInteger,

    /// <summary><c>(e &gt; 0 ? Math.Sqrt(e) : 0)</c>.</summary>
    SqrtIfPositive,

    /// <summary><c>Math.Sqrt(Math.Max(e, 0))</c>.</summary>
    SqrtOfMax,

    /// <summary><c>(e &gt; 0 ? Math.Log(e) : 0)</c>.</summary>
    LogIfPositive,

    // Two operands.
    Add,
    Subtract,
    Multiply,

    /// <summary><c>l / (1 + r·r)</c>.</summary>
    DivideByOnePlusSquare,
    Max,
    Min,
    Atan2,

    /// <summary><c>Math.Log(1 + l·l, 2 + r·r)</c>, or of a constant base.</summary>
    LogBase,

    /// <summary><c>Math.Pow(1 + l·l, r)</c>, or <c>Math.Pow(Math.Abs(l), 1 + r·r)</c>.</summary>
    PowReal,

    /// <summary><c>Math.Clamp(l, lo, hi)</c> with constant bounds, or <c>Math.Clamp(l, r - 0.5, r + 0.5)</c>.</summary>
    Clamp,

    // Three operands.
    FusedMultiplyAdd,
}

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

    /// <summary><c>for (int i = 0; i &lt; n; i++)</c>, up to the int parameter.</summary>
    UpToN,

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

    /// <summary><c>for (int i = 0; i &lt; w.Length; i++)</c> over a local span, picked as by <see cref="OverBuffer"/> (over a buffer when there is none).</summary>
    OverView,
}

internal enum JumpKind { Break, Continue }

/// <summary>What a helper returns.</summary>
internal enum HelperShape
{
    /// <summary><c>double</c>.</summary>
    Scalar,

    /// <summary><c>(double, double)</c>.</summary>
    Tuple,

    /// <summary><c>(double u, double w)</c>.</summary>
    NamedTuple,
}

/// <summary>What a span helper does with its spans.</summary>
internal enum SpanHelperKind
{
    /// <summary><c>double Hk(ReadOnlySpan&lt;double&gt; a[, ReadOnlySpan&lt;double&gt; b][, double p])</c>: a sum over a's elements.</summary>
    Reduce,

    /// <summary><c>void Hk(ReadOnlySpan&lt;double&gt; a[, double p], Span&lt;double&gt; y)</c>: writes each element of y.</summary>
    Write,
}

// ------------------------------------------------------------------------------------------------ syntax tree

internal abstract record Expr;

/// <summary>The constant <c>Tenths / 10</c>.</summary>
internal sealed record Constant(int Tenths) : Expr;

/// <summary>One of the scalar parameters (<c>a</c>, <c>b</c>, <c>c</c>; a helper's <c>p</c>, <c>q</c>, <c>r</c>).</summary>
internal sealed record Input(int Pick) : Expr;

/// <summary>One of the locals in scope (a parameter when there is none).</summary>
internal sealed record Local(int Pick) : Expr;

/// <summary>An element of <c>x</c> readable here: <c>x[0]</c>, <c>x[^1]</c>, <c>x[i]</c>, <c>x[(i + 1) % x.Length]</c>, a foreach variable, ….</summary>
internal sealed record Element(int Pick) : Expr;

/// <summary>An element of a buffer in scope, <c>u0[i]</c>, <c>u1[0]</c>, …, or a foreach variable over it (a local when there is none).</summary>
internal sealed record BufferElement(int Buffer, int Index) : Expr;

/// <summary>
/// An element of a local span in scope (<see cref="DeclareView"/>), <c>w0[i % w0.Length]</c>, <c>w1[w1.Length - 1]</c>, …,
/// indexed as a buffer is (an <see cref="Element"/> when there is none).
/// </summary>
internal sealed record ViewElement(int View, int Index) : Expr;

/// <summary>An element of the output y, indexed as by <see cref="Output"/> (a local when there is no y).</summary>
internal sealed record OutputElement(int Pick) : Expr;

/// <summary>The counter of an enclosing loop, converted to the program's type (a parameter when there is none).</summary>
internal sealed record Counter(int Pick) : Expr;

/// <summary>A function of one, two or three operands (<see cref="Function"/>); <see cref="Generic"/>: spelled <c>double.Sin</c> rather than <c>Math.Sin</c>.</summary>
internal sealed record Apply(Function Function, int Variant, bool Generic, Expr[] Args) : Expr;

/// <summary>
/// A call of a helper (the <see cref="Helper"/>-th modulo those the method may call; <see cref="Args"/>[0] when there is
/// none) with its first arguments. <see cref="Style"/>: bit 0, named arguments in reverse order; bit 1, the second
/// element of a tuple rather than the first; bit 2, the element by its name rather than <c>ItemN</c> (named tuples).
/// </summary>
internal sealed record HelperCall(int Helper, int Style, Expr[] Args) : Expr;

/// <summary>
/// A call of a span helper (the <see cref="Helper"/>-th modulo those the method may call): each span parameter gets the
/// <see cref="Spans"/>-th span in scope that fits it (any one to read, a buffer or the output to write, one that is never
/// empty where the helper indexes it modulo its length), sliced by the <see cref="Slices"/>-th slice that keeps it so
/// (<c>x</c>, <c>x[(x.Length / 2)..]</c>, <c>x.Slice(i % x.Length)</c>, <c>x[1..]</c>, …; 0 is the whole span); the scalar
/// parameter gets <see cref="Scalar"/>. As an expression, a call of a helper that returns a value (a local when there is
/// none, or where the call would be in a branch of <c>?:</c> or after <c>&amp;&amp;</c> or <c>||</c>, which the
/// generator does not inline).
/// </summary>
internal sealed record SpanCall(int Helper, int[] Spans, int[] Slices, Expr Scalar) : Expr;

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

/// <summary>
/// <c>Span&lt;double&gt; wN = slice;</c> (or <c>ReadOnlySpan</c>, always for x and with <see cref="ReadOnly"/>): a local span
/// naming the <see cref="Source"/>-th span in scope (x, a buffer, y where it is read back, another local span) or the
/// <see cref="Slice"/>-th of its slices that are never empty whatever the length; in scope to the end of its block, read,
/// measured, written (when it names a buffer or y) and passed to span helpers like a buffer. Nothing outside F.
/// </summary>
internal sealed record DeclareView(int Source, int Slice, bool ReadOnly) : Statement;

/// <summary>
/// <c>wN = slice;</c> inside a loop: a local span in scope made to name another never-empty slice of what it was declared
/// from (not one a loop around it runs over); a <see cref="DeclareView"/> when there is none.
/// </summary>
internal sealed record Repoint(int View, int Slice) : Statement;

/// <summary><c>wN[index] op squash(value);</c> through a local span that names a buffer or y (a <see cref="BufferWrite"/> when there is none).</summary>
internal sealed record ViewWrite(int View, int Index, AssignOp Op, Squash Squash, Expr Value) : Statement;

/// <summary>
/// A buffer declared in a block (a loop's body, a branch): fresh and zeroed each time; its length is fixed by the
/// parameters (<see cref="Buffer.Length"/>: a constant, <c>x.Length</c> for 0, <c>n + 1</c> for -1). In scope to the end of the block.
/// </summary>
internal sealed record DeclareBuffer(Buffer Buffer) : Statement;

/// <summary>
/// <c>ref double rN = ref target; rN op squash(value);</c>, the target a local or (odd <see cref="Target"/>, when there
/// are buffers) a buffer element picked with <see cref="Index"/>; rN is a local from then on (reads and writes go to the
/// target). Without ref locals, an <see cref="Assign"/> or <see cref="BufferWrite"/> of the target.
/// </summary>
internal sealed record RefWrite(int Target, int Index, AssignOp Op, Squash Squash, Expr Value) : Statement;

/// <summary>
/// <c>var (tN, tM) = G(args);</c> for a helper returning a tuple, <c>double tN = G(args);</c> for one returning a double
/// (<c>double tN = args[0];</c> when there is none).
/// </summary>
internal sealed record DeclareFromCall(int Helper, int Style, Expr[] Args) : Statement;

/// <summary>
/// A span helper called as a statement: <c>Hk(…, u0.Slice(1));</c> for one that writes a span (a buffer or the output
/// y, or a slice of it), <c>double tN = Hk(…);</c> for one that returns a value (nothing when no helper fits).
/// </summary>
internal sealed record SpanCallStatement(SpanCall Call) : Statement;

/// <summary>
/// <c>double tN = Math.Sqrt(value); if (double.IsNaN(tN)) tN = fallback;</c>, or <c>return fallback;</c> instead of the
/// assignment (<c>return;</c> in a vector-valued function).
/// </summary>
internal sealed record GuardedSqrt(Expr Value, Expr Fallback, bool Return) : Statement;

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
/// A local buffer declared at the top of the method, after the declarations: <see cref="Length"/> elements
/// (<c>x.Length</c> when 0), or the <see cref="Elements"/> of an initializer.
/// </summary>
internal sealed record Buffer(BufferKind Kind, int Length, Expr[] Elements);

/// <summary>
/// A [Differentiable] helper <c>Gk(double p[, double q[, double r]])</c>: the parameters in <see cref="NoDerivative"/>
/// are marked [NoDerivative] (never the first); it returns <see cref="Result"/>, or the tuple
/// (<see cref="Result"/>, <see cref="Second"/>). Its body may call the helpers before it.
/// </summary>
internal sealed record Helper(int Arity, bool[] NoDerivative, HelperShape Shape, Expr[] Declarations, Statement[] Body, Expr Result, Expr Second)
{
    /// <summary>The names of the parameters, in order.</summary>
    public static readonly string[] ParameterNames = { "p", "q", "r" };

    /// <summary>The names of a named tuple's elements.</summary>
    public static readonly string[] ElementNames = { "u", "w" };
}

/// <summary>
/// A [Differentiable] helper <c>Hk</c> that takes spans, which the generator inlines where it is called (README, "Helpers
/// that take spans"): of <see cref="SpanHelperKind.Reduce"/>, <c>double s = 0; for (int i = 0; i &lt; a.Length; i++) s +=
/// [a[i] *] Term; return s;</c>, reading <c>b[i % b.Length]</c> (with <see cref="SecondSpan"/>); of
/// <see cref="SpanHelperKind.Write"/>, <c>for (int i = 0; i &lt; y.Length; i++) y[i] op squash(Term);</c>, reading
/// <c>a[i % a.Length]</c> and <c>y[i]</c>. <see cref="Scalar"/>: a parameter <c>p</c> too. <see cref="Nested"/>: first a
/// call of a span helper before it with its own spans (or slices of them): <c>s</c> starts at its value, or (Write) it
/// writes into y or its value is a local the term may read. Every slice and index stays in range: the spans a helper reads
/// modulo their length are never empty (see <see cref="ProgramPrinter"/>).
/// </summary>
internal sealed record SpanHelper(SpanHelperKind Kind, bool SecondSpan, bool Scalar, bool Product, AssignOp Op, Squash Squash, Expr Term, SpanCall? Nested)
{
    /// <summary>The names of the span parameters, in order (a Reduce helper's b only with <see cref="SecondSpan"/>).</summary>
    public string[] SpanNames => Kind == SpanHelperKind.Write ? new[] { "a", "y" } : SecondSpan ? new[] { "a", "b" } : new[] { "a" };

    /// <summary>Whether the helper indexes its <paramref name="slot"/>-th span modulo its length, so that it must not be empty.</summary>
    public bool NeedsElements(int slot) => Kind == SpanHelperKind.Write ? slot == 0 : slot == 1;

    /// <summary>Whether the helper writes its <paramref name="slot"/>-th span.</summary>
    public bool Writes(int slot) => Kind == SpanHelperKind.Write && slot == 1;
}

/// <summary>
/// A whole program: the <see cref="Helpers"/>, then the method F: <see cref="Declarations"/> start it (so there is
/// always a local to assign), then the <see cref="Buffers"/> and <see cref="Views"/>, then <see cref="Body"/>, then <c>return Result;</c> (scalar
/// kinds) or the <see cref="Outputs"/> writes (<see cref="ProgramKind.ArrayToVector"/>). F's parameters are x (a
/// <c>ReadOnlySpan</c> with <see cref="SpanParameters"/>, else an array) unless <see cref="ProgramKind.ScalarToScalar"/>,
/// the scalars, <c>int n</c>, and y (<c>Span</c> or array) for <see cref="ProgramKind.ArrayToVector"/>.
/// </summary>
internal sealed record RandomProgram(
    ProgramKind Kind,
    Precision Precision,
    int ScalarCount,
    bool SpanParameters,
    Helper[] Helpers,
    Expr[] Declarations,
    Buffer[] Buffers,
    Statement[] Body,
    Expr? Result,
    Output[] Outputs)
{
    /// <summary>The helpers that take spans (<c>H0</c>, <c>H1</c>), after the scalar ones; F and the later ones call them.</summary>
    public SpanHelper[] SpanHelpers { get; init; } = Array.Empty<SpanHelper>();

    /// <summary>Local spans F declares after its buffers, in scope to its end (the loops of its body read and re-point them).</summary>
    public DeclareView[] Views { get; init; } = Array.Empty<DeclareView>();

    /// <summary>
    /// Whether every method is written generic in <c>T : IFloatingPointIeee754&lt;T&gt;</c> (<c>T.Sin</c>,
    /// <c>T.CreateChecked(0.5)</c>), and called at <see cref="Precision"/>: its generated members are generic too.
    /// </summary>
    public bool Generic { get; init; }

    public const string Namespace = "RandomPrograms";
    public const string MethodName = "F";

    /// <summary>The names of F's scalar parameters, in order.</summary>
    public static readonly string[] ScalarNames = { "a", "b", "c" };

    /// <summary>The number of active inputs for an x of <paramref name="arrayLength"/> elements: x's elements, then the scalars.</summary>
    public int InputCount(int arrayLength) => Kind == ProgramKind.ScalarToScalar ? ScalarCount : arrayLength + ScalarCount;

    /// <summary>The program as a user would write it, in a class <c>P</c>.</summary>
    public string ToSource(Constructs constructs) => ProgramPrinter.UserSource(this, constructs);

    public override string ToString() => ToSource(Constructs.Current);

    /// <summary>
    /// The constants the program's conditions compare with and its Clamp bounds, where its derivatives jump or kink: the
    /// special points put its inputs there.
    /// </summary>
    public IEnumerable<double> Thresholds()
    {
        var found = new SortedSet<double>();
        void Visit(Expr expr)
        {
            switch (expr)
            {
                case Apply a:
                    if (a.Function == Function.Clamp && a.Variant < ProgramPrinter.ClampBounds.Length)
                    {
                        found.Add(ProgramPrinter.ClampBounds[a.Variant].Low);
                        found.Add(ProgramPrinter.ClampBounds[a.Variant].High);
                    }

                    foreach (var arg in a.Args) Visit(arg);
                    break;
                case HelperCall h:
                    foreach (var arg in h.Args) Visit(arg);
                    break;
                case SpanCall s:
                    Visit(s.Scalar);
                    break;
                case Conditional c:
                    Test(c.Test);
                    Visit(c.WhenTrue);
                    Visit(c.WhenFalse);
                    break;
            }
        }

        void Test(Condition condition)
        {
            switch (condition)
            {
                case Comparison c:
                    found.Add(c.Tenths / 10.0);
                    Visit(c.Left);
                    break;
                case Logical l:
                    Test(l.Left);
                    Test(l.Right);
                    break;
                case Not n:
                    Test(n.Operand);
                    break;
            }
        }

        void Block(IEnumerable<Statement> statements)
        {
            foreach (var statement in statements)
            {
                switch (statement)
                {
                    case DeclareLocal d: Visit(d.Value); break;
                    case DeclareFlag d: Test(d.Value); break;
                    case Assign a: Visit(a.Value); break;
                    case BufferWrite w: Visit(w.Value); break;
                    case ViewWrite w: Visit(w.Value); break;
                    case DeclareBuffer d: foreach (var e in d.Buffer.Elements) Visit(e); break;
                    case RefWrite r: Visit(r.Value); break;
                    case DeclareFromCall d: foreach (var arg in d.Args) Visit(arg); break;
                    case SpanCallStatement s: Visit(s.Call); break;
                    case GuardedSqrt g: Visit(g.Value); Visit(g.Fallback); break;
                    case IfElse i: Test(i.Test); Block(i.Then); Block(i.Else); break;
                    case Loop l: if (l.Test is not null) Test(l.Test); Block(l.Body); break;
                    case Jump j: Test(j.Test); break;
                    case EarlyReturn r: Test(r.Test); if (r.Value is not null) Visit(r.Value); break;
                    case Output o: Visit(o.Value); break;
                }
            }
        }

        foreach (var helper in Helpers)
        {
            foreach (var d in helper.Declarations) Visit(d);
            Block(helper.Body);
            Visit(helper.Result);
            Visit(helper.Second);
        }

        foreach (var helper in SpanHelpers) Visit(helper.Term);
        foreach (var d in Declarations) Visit(d);
        foreach (var b in Buffers) foreach (var e in b.Elements) Visit(e);
        Block(Body);
        Block(Outputs);
        if (Result is not null) Visit(Result);
        return found;
    }
}

/// <summary>
/// Which constructs the programs may contain: everything the README says is supported, less the constructs of the open
/// <see cref="KnownGeneratorBugs"/> (<see cref="Current"/>), so that a known bug does not fail every run.
/// <see cref="LoopsWithoutBackwardSweep"/>: loops whose backward loop the reverse sweep may leave out, a foreach over a
/// local buffer and loops that write a buffer nothing reads afterwards (without them, F reads every buffer at its end).
/// <see cref="ArrayRanges"/>: ranges of arrays (<c>u[1..]</c>, a copy in C#) passed to span helpers to read (without
/// them, an array is sliced by <c>AsSpan</c> only). The generator rejects them (ADG0101: a copy, where the helper's body
/// would read the array itself), so <see cref="All"/> leaves them out; they were the construct of a known bug.
/// <see cref="LocalViews"/>: local spans naming x, buffers, y and slices of them (<see cref="DeclareView"/>, re-pointed
/// with <see cref="Repoint"/>). <see cref="NestedBuffers"/>: buffers declared in a loop or a branch (<see cref="DeclareBuffer"/>).
/// <see cref="ArraysAfterReturns"/>: buffers declared after an early return, or in a loop that has one (without them,
/// such a <see cref="DeclareBuffer"/> is left out). <see cref="Structs"/>: every other local a field of a struct local
/// (<c>var t1 = new Cell { V = … }</c>, read and written as <c>t1.V</c>, assigned whole with <c>new</c>), and F's scalars, where it
/// has two or more, the fields of a record struct parameter (<c>Inputs ins</c>, read as <c>ins.a</c>); the oracle keeps scalars.
/// </summary>
internal sealed record Constructs(
    bool ActiveNoDerivativeArguments,
    bool NamedTupleElements,
    bool RefLocals,
    bool VariableIntegerExponents,
    bool GenericMathNames,
    bool FromEndIndices,
    bool RepeatedArguments,
    bool SignedZeros,
    bool LoopsWithoutBackwardSweep,
    bool ArrayRanges,
    bool LocalViews,
    bool NestedBuffers,
    bool ArraysAfterReturns,
    bool Structs)
{
    /// <summary>Everything the README supports.</summary>
    public static readonly Constructs All = new(true, true, true, true, true, true, true, true, true, ArrayRanges: false, LocalViews: true, NestedBuffers: true, ArraysAfterReturns: true, Structs: true);

    /// <summary>Everything but the constructs of the open known bugs.</summary>
    public static Constructs Current => KnownGeneratorBugs.Restrict(All);
}
