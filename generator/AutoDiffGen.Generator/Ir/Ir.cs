using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Models;

namespace AutoDiffGen.Generator.Ir;

// The generator's intermediate representation: the spine of the pipeline.
//
// Lowering turns a method body's IOperation tree into an IR Function; every transform (early exits,
// return normalization, canonicalization to SSA/A-normal form, activity analysis, forward mode, reverse mode,
// simplification) is a pure function from IR to IR; emission prints IR as C#. The records are
// immutable and compare by value, and hold no ISymbol, SyntaxNode or Compilation, so they can flow
// through the incremental pipeline and be cached.
//
// Floating-point values (double, float) and the runtime's matrices can be active (carry tangents and adjoints);
// int and bool values are plain data (loop counters, branch decisions). Spans and arrays are variables whose
// Param.Container says they stand for all their elements; matrices are whole values (IrType.Matrix) whose
// operations are calls. A [NoDerivative] parameter of any other type (a struct of settings, a string, an enum), and an
// array or span of integers or bools (indices, with or without [NoDerivative]), is IrType.Data: the IR does not compute
// with it, only passes it through (Param.DataType), to the generated members and to calls, and reads values of its own
// types out of it (DataRead).
//
// Lowered IR also has the early exits of loops as the source has them (Exits.cs), which the first transform rewrites.

/// <summary>The type of an IR value.</summary>
internal enum IrType
{
    Double,
    Float,
    Int,
    Bool,

    /// <summary>
    /// The runtime's <c>AutoDiffGen.Matrix</c>: a reference to a whole matrix, active like a floating value. Its
    /// adjoints and tangents are matrices too, with <c>null</c> for zero (a <see cref="Const"/> 0 of this type); they
    /// are added with runtime helpers rather than <c>+</c>, and its operations are calls (operators included).
    /// </summary>
    Matrix,

    /// <summary>
    /// A value of a C# type the IR does not compute with: a [NoDerivative] parameter of another type than the above, or an
    /// array or span of integers or bools (its C# type is <see cref="Param.DataType"/>), or an enum constant passed to a function (<c>MidpointRounding.ToEven</c>, a
    /// <see cref="StaticRead"/>). Never active and never a local: it is only passed along as it is, to the generated members
    /// and as an argument, and read through <see cref="DataRead"/>. Every transform sees it as inactive data.
    /// </summary>
    Data,

    /// <summary>
    /// The floating type parameter of a generic method (<c>T</c> of <c>static T F&lt;T&gt;(T x) where T :
    /// IFloatingPointIeee754&lt;T&gt;</c>): active like <see cref="Double"/>, computed with through its generic-math statics
    /// (<c>T.Sin</c>, <c>T.CreateChecked</c>, <c>T.One</c>). Generated members are generic in it too, under the name
    /// <see cref="IrTypeExtensions.TypeParameter"/> whatever the source calls it, and its constants are written
    /// <c>T.Zero</c>, <c>T.One</c> or <c>T.CreateChecked(…)</c>. A method has at most one such type parameter.
    /// </summary>
    Generic,
}

/// <summary>How a parameter is passed.</summary>
internal enum ParamKind
{
    Value,
    Ref,
    Out,
}

/// <summary>
/// What holds a parameter's value: a scalar, or elements (a span or an array). For containers,
/// <see cref="IrType"/> is the element type and the variable stands for all its elements.
/// </summary>
internal enum Container
{
    None,
    ReadOnlySpan,
    Span,
    Array,
}

internal enum UnaryOp
{
    Negate,
    Not,
}

internal enum BinaryOp
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Remainder,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Equal,
    NotEqual,
    And,
    Or,

    /// <summary>
    /// <c>a · b</c> in which a factor that is exactly 0 wins: 0 even when the other factor is infinite or NaN. How the
    /// derivative transforms multiply an adjoint or a tangent by a local partial derivative: a derivative is a sum over paths
    /// of products of partials, and a path with a zero factor contributes exactly 0 whatever else is on it (a branch not
    /// taken, a seed of 0, a kink not selected, an overflow that did not reach the value), in both modes alike.
    /// <see cref="Transforms.Finiteness"/> turns it back into <see cref="Multiply"/> where both factors are finite. Written
    /// as <c>AutoDiffGen.Scalar.ZeroSafeMultiply(a, b)</c>.
    /// </summary>
    ZeroSafeMultiply,

    /// <summary><c>a · (1 / b)</c> with the rule of <see cref="ZeroSafeMultiply"/>: 0 when <c>a</c> is exactly 0 or <c>b</c> is infinite. An adjoint or a tangent divided by a divisor.</summary>
    ZeroSafeDivide,
}

// ---------------------------------------------------------------- expressions

/// <summary>An expression. Pure: evaluating it has no effect but its value.</summary>
internal abstract record Expr(IrType Type);

/// <summary>A literal; bools are 0/1.</summary>
internal sealed record Const(IrType Type, double Value) : Expr(Type);

/// <summary>A local or parameter.</summary>
internal sealed record Var(string Name, IrType Type) : Expr(Type);

/// <summary>
/// A read of a static field or property that the method only reads (an inactive value), or an enum constant
/// (<see cref="IrType.Data"/>), as C# text.
/// </summary>
internal sealed record StaticRead(string Expression, IrType Type) : Expr(Type);

/// <summary>
/// A value read out of a data parameter (<see cref="Data"/>, of type <see cref="IrType.Data"/>): its fields and properties
/// by name (<see cref="Members"/>: <c>settings.Rate</c>, <c>settings.Grid.Steps</c>, <c>indices.Length</c>), then at most one
/// element (<see cref="Index"/>: <c>indices[i]</c>, <c>settings.Offsets[k]</c>). Its <see cref="Expr.Type"/> is one the IR
/// computes with; the value is data, inactive whatever its type. Without an index it is an atom, like a
/// <see cref="StaticRead"/>; with one, an operation like an <see cref="ElementRead"/>. In an instance method, the object's own
/// fields and properties are read the same way, from <see cref="This"/>.
/// </summary>
internal sealed record DataRead(Var Data, EquatableArray<string> Members, Expr? Index, IrType Type) : Expr(Type)
{
    /// <summary>
    /// The name of the data an instance method's own fields and properties are read from: the object itself, printed as
    /// <c>this</c>. Not a C# identifier, so no parameter (not even <c>@this</c>) has it.
    /// </summary>
    public const string This = "<this>";

    /// <summary>The object an instance method reads its fields and properties from (see <see cref="This"/>).</summary>
    public static readonly Var Object = new(This, IrType.Data);
}

internal sealed record Unary(UnaryOp Op, Expr Operand, IrType Type) : Expr(Type);

internal sealed record Binary(BinaryOp Op, Expr Left, Expr Right, IrType Type) : Expr(Type);

/// <summary><c>c ? a : b</c>; canonicalization turns active ones into <see cref="If"/> statements.</summary>
internal sealed record Conditional(Expr Condition, Expr WhenTrue, Expr WhenFalse, IrType Type) : Expr(Type)
{
    /// <summary>
    /// For a <c>?:</c> that selects one of the two values it compares (<c>x &gt; y ? x : y</c>), a kink: see
    /// <see cref="Intrinsic.Kink"/>. Canonicalization carries it to the <see cref="If"/> it makes of the <c>?:</c>.
    /// </summary>
    public SourceKink? Kink { get; init; }
}

/// <summary>A numeric conversion to <see cref="Expr.Type"/>.</summary>
internal sealed record Convert(Expr Operand, IrType Type) : Expr(Type)
{
    /// <summary>For a cast of a floating-point value to <c>int</c> (<c>(int)x</c>, a truncation), the cast as written and where: see <see cref="Intrinsic.PiecewiseConstant"/>.</summary>
    public SourceCall? PiecewiseConstant { get; init; }
}

/// <summary>
/// A call to a function of <c>System.Math</c>/<c>System.MathF</c> whose derivative rule is in
/// <see cref="MathRules"/> (by <see cref="Name"/>); also the same function called as a generic-math static of
/// <c>double</c> or <c>float</c> (<c>double.Exp</c>), emitted as <c>Math</c>/<c>MathF</c>'s. Also the identity
/// <see cref="MathRules.CalleeParameter"/> that inlining puts on a callee's parameters, printed as its argument.
/// </summary>
internal sealed record Intrinsic(string Name, EquatableArray<Expr> Args, IrType Type) : Expr(Type)
{
    /// <summary>
    /// For a piecewise-constant function (<c>Math.Floor</c>, …), the call as the source names it and where it is: warned
    /// about (ADG0301) when an active value reaches it, since no gradient flows through it.
    /// </summary>
    public SourceCall? PiecewiseConstant { get; init; }

    /// <summary>
    /// For a function with a kink (<c>Math.Abs</c>, <c>Max</c>, <c>Min</c>, <c>Clamp</c>), where it is and the point where
    /// it is not differentiable: reported (ADG0305) when its result is active, since the derivative is then taken there.
    /// </summary>
    public SourceKink? Kink { get; init; }
}

/// <summary>
/// A call in the source: how the user wrote its target (<c>Math.Floor</c>), and which of the method's sites it is (its
/// position is in the method's <see cref="Models.SourceMap"/>: the IR holds none).
/// </summary>
internal sealed record SourceCall(string Display, int Site);

/// <summary>
/// A kink in the source: the construct as written and where (<see cref="Construct"/>), where it is not differentiable
/// (<c>at 0</c>) and the derivative used there (<c>0</c>).
/// </summary>
internal sealed record SourceKink(SourceCall Construct, string Where, string Used);

/// <summary>
/// A call to a user function, only as the right-hand side of an <see cref="Invoke"/> (canonical form).
/// <see cref="Expr.Type"/> is the type of the first output (void calls use Double and have no outputs).
/// </summary>
internal sealed record Call(CallTarget Target, EquatableArray<Arg> Args, IrType Type) : Expr(Type)
{
    /// <summary>Whether it passes a span, an array, a slice or a struct (its leaves): a call that <see cref="Transforms.Inlining"/> must put the callee's body in place of.</summary>
    public bool PassesSpans
    {
        get
        {
            for (int i = 0; i < Args.Count; i++)
            {
                if (Args[i].Value is Slice || (i < Target.Params.Count && (Target.Params[i].IsContainer || Target.Params[i].Origin is not null))) return true;
            }
            return Target.ReturnsStruct;
        }
    }

    /// <summary>What it passes that makes <see cref="Transforms.Inlining"/> put the callee's body in its place, for messages: <c>spans</c> or <c>structs</c>.</summary>
    public string Passes => PassesContainers ? "spans" : "structs";

    /// <summary>Whether it passes a span, an array or a slice (not only structs).</summary>
    public bool PassesContainers => Args.Any(a => a.Value is Slice) || Target.Params.Any(p => p.IsContainer);
}

/// <summary>
/// One element of a tuple-returning call (<c>F(x).Item2</c>); only in lowered IR — canonicalization turns
/// it into an <see cref="Invoke"/> with a local per element.
/// </summary>
internal sealed record Element(Call Call, int Index, IrType Type) : Expr(Type);

/// <summary><c>array[index]</c>: an element of a span or array parameter.</summary>
internal sealed record ElementRead(Var Array, Expr Index, IrType Type) : Expr(Type);

/// <summary>
/// <see cref="Length"/> elements of a span or array from <see cref="Start"/> on (<c>x.Slice(i, n)</c>, <c>x[a..b]</c>,
/// <c>x.AsSpan(i)</c>), passed to a [Differentiable] method of the compilation. Only in lowered IR, as an argument of a
/// <see cref="Call"/>: <see cref="Transforms.Inlining"/> puts the callee's body in place of the call, reading and writing
/// the caller's elements, so no later pass meets it.
/// </summary>
internal sealed record Slice(Var Array, Expr Start, Expr Length) : Expr(Array.Type);

/// <summary><c>array.Length</c>.</summary>
internal sealed record Length(Var Array) : Expr(IrType.Int);

/// <summary>
/// How many writes the undo log of <see cref="Array"/> holds (see <see cref="SaveElement"/>): a mark that
/// <see cref="UndoWrites"/> returns the array to.
/// </summary>
internal sealed record LogMark(string Array) : Expr(IrType.Int);

/// <summary>
/// A null reference (<c>ref Unsafe.NullRef&lt;T&gt;()</c>), only as the initial value of a local declared <c>ref</c>: what
/// reverse mode passes for the adjoint of a matrix argument nobody needs, so the callee's pullback skips computing it.
/// </summary>
internal sealed record NullRef(IrType Type) : Expr(Type);

/// <summary>An argument; ref/out arguments are <see cref="Var"/>s.</summary>
internal sealed record Arg(Expr Value, ParamKind Kind);

// ---------------------------------------------------------------- statements

internal abstract record Stmt;

/// <summary>Declares a local, optionally initialized (<c>double y = e;</c>).</summary>
internal sealed record Declare(string Name, IrType Type, Expr? Init) : Stmt;

/// <summary><c>name = value;</c></summary>
internal sealed record Assign(string Name, Expr Value) : Stmt;

/// <summary><c>(t1, t2) = call;</c> or <c>t = call;</c> or <c>call;</c> (Targets empty).</summary>
internal sealed record Invoke(EquatableArray<string> Targets, Call Call) : Stmt;

internal sealed record If(Expr Condition, Block Then, Block Else) : Stmt
{
    /// <summary>For the <c>if</c> canonicalization makes of a <c>?:</c> with a kink, that kink (see <see cref="Conditional.Kink"/>).</summary>
    public SourceKink? Kink { get; init; }
}

/// <summary>
/// Returns one value, several (a tuple), or none. In lowered IR a return may stand anywhere, in a loop too;
/// <see cref="Transforms.EarlyExits"/> leaves none in a loop, and <see cref="Transforms.ReturnNormalization"/> then leaves
/// one, the last statement of the body.
/// </summary>
internal sealed record Return(EquatableArray<Expr> Values) : Stmt;

/// <summary>
/// <c>throw new NotSupportedException(message)</c>: the whole body of a derivative member that cannot be computed
/// but that other generated code calls (a method's pullback pushforward when it has no second order).
/// </summary>
internal sealed record Throw(string Message) : Stmt;

/// <summary>A comment carried into the generated code: the source statement a group of statements came from.</summary>
internal sealed record Comment(string Text) : Stmt;

/// <summary>
/// A loop with a counter: <c>for (int counter = from; counter &lt; to; counter++)</c>, or from <c>to - 1</c> down to
/// <c>from</c> when <see cref="Descending"/> (how the reverse sweep replays it). The bounds are evaluated once.
/// <para>
/// A loop with a <see cref="Condition"/> (<c>while</c>, <c>do</c>, a <c>for</c> of another form, or one left by
/// <c>break</c> or <c>return</c>) may end early: each iteration first runs <see cref="Head"/> (the statements that
/// compute the condition) and ends the loop when the condition is false, then runs <see cref="Body"/>. Its
/// <see cref="To"/> may be null (no bound); its counter then only counts iterations, which is what the reverse
/// sweep needs to replay them.
/// </para>
/// <para>
/// In lowered IR a loop is as the source wrote it: its body may hold <see cref="Break"/>, <see cref="Continue"/> and
/// <see cref="Return"/>, a <c>for</c> loop's steps are its <see cref="Step"/>, a <c>foreach</c> loop's element is
/// declared in its <see cref="Head"/> (it has no condition then), and <see cref="Exits"/> says what lowering knows of
/// how it is left. <see cref="Transforms.EarlyExits"/> puts each loop in the form above: no <see cref="Step"/>, no
/// <see cref="Exits"/>, a <see cref="Head"/> only before a condition.
/// </para>
/// </summary>
internal sealed record Loop(string Counter, Expr From, Expr? To, Block Body, bool Descending = false) : Stmt
{
    /// <summary>Run at the start of each iteration, before <see cref="Condition"/> is tested.</summary>
    public Block Head { get; init; } = Block.Empty;

    /// <summary>Tested after <see cref="Head"/>: the loop ends when it is false. Null for a counted loop.</summary>
    public Expr? Condition { get; init; }

    /// <summary>
    /// Run at the end of each iteration, after the body, also when a <see cref="Continue"/> ended it early (not after a
    /// <see cref="Break"/> or a <see cref="Return"/>): the steps of a <c>for</c> loop (<c>i += 2</c>). Only in lowered IR:
    /// <see cref="Transforms.EarlyExits"/> moves them to the end of <see cref="Body"/>.
    /// </summary>
    public Block Step { get; init; } = Block.Empty;

    /// <summary>What lowering knows of how the loop is left, when its body may leave it early; only in lowered IR.</summary>
    public LoopExits? Exits { get; init; }

    /// <summary>
    /// For a loop of a derivative whose iterations are independent apart from sums, how it also runs on vectors, several
    /// iterations at a time (<see cref="Transforms.Vectorization"/>, the last step before it is written); null otherwise.
    /// </summary>
    public Transforms.VectorPlan? Vectorized { get; init; }

    /// <summary>The statements of one iteration in order: the head, the body, then the step.</summary>
    public IEnumerable<Stmt> Iteration => Head.Statements.Concat(Body.Statements).Concat(Step.Statements);
}

/// <summary>A write into an element of a span or array: <c>array[index] = value</c> or <c>+= value</c>.</summary>
internal abstract record ElementWrite(string Array, Expr Index, Expr Value) : Stmt;

/// <summary><c>array[index] = value;</c>: an element of an output span or array written.</summary>
internal sealed record StoreElement(string Array, Expr Index, Expr Value) : ElementWrite(Array, Index, Value);

/// <summary><c>array[index] += value;</c>: into an output span, and how adjoints of span elements accumulate.</summary>
internal sealed record AccumulateElement(string Array, Expr Index, Expr Value) : ElementWrite(Array, Index, Value);

/// <summary>
/// A local array, zeroed: <c>double[] t = new double[n];</c> or, when <see cref="Stack"/>,
/// <c>Span&lt;double&gt; t = stackalloc double[n];</c>. Only at the top of a function's body (not in a loop or
/// branch), so that it lives for the whole call; generated code takes its memory from a pool or the stack.
/// </summary>
internal sealed record DeclareArray(string Name, IrType Type, Expr Length, bool Stack) : Stmt;

/// <summary>
/// Saves <c>array[index]</c> on the array's undo log before a write replaces it: reverse mode logs the writes
/// into an array that a loop reads back, to give each recomputed iteration the contents it began with.
/// </summary>
internal sealed record SaveElement(string Array, Expr Index) : Stmt;

/// <summary>Undoes the logged writes into <see cref="Array"/>, the last first, until its log holds <see cref="Mark"/> writes.</summary>
internal sealed record UndoWrites(string Array, Expr Mark) : Stmt;

/// <summary><c>source.CopyTo(target)</c>: both spans (or arrays) of <see cref="Type"/> have the same length.</summary>
internal sealed record CopyElements(string Source, string Target, IrType Type) : Stmt;

/// <summary>Sets every element of a span to zero (<c>span.Clear()</c>): a gradient overwrites its output spans.</summary>
internal sealed record ClearSpan(string Array) : Stmt;

/// <summary>Pushes a value on the tape of its type: a value a loop overwrites that the reverse sweep needs.</summary>
internal sealed record TapePush(Expr Value) : Stmt;

/// <summary>Pops the tape of <see cref="Type"/> into <see cref="Target"/> (the reverse of a <see cref="TapePush"/>).</summary>
internal sealed record TapePop(string Target, IrType Type) : Stmt;

/// <summary>
/// Pushes every element of an array on the tape of its element type: a loop's forward sweep keeps a scratch
/// buffer's contents at the end of each iteration, for the reverse iteration to restore instead of recomputing them.
/// </summary>
internal sealed record TapePushElements(string Array, IrType Type) : Stmt;

/// <summary>Pops an array's elements back (the reverse of a <see cref="TapePushElements"/>): all of them, so the array is redefined.</summary>
internal sealed record TapePopElements(string Array, IrType Type) : Stmt;

internal sealed record Block(EquatableArray<Stmt> Statements)
{
    public static readonly Block Empty = new(EquatableArray<Stmt>.Empty);
}

// ---------------------------------------------------------------- functions and calls

internal sealed record Param(string Name, IrType Type, ParamKind Kind, bool NoDerivative, Container Container = Container.None)
{
    public bool IsContainer => Container != Container.None;

    /// <summary>
    /// For a data parameter (<see cref="IrType.Data"/>), its C# type, fully qualified (<c>global::Ns.Settings</c>,
    /// <c>int[]</c>): every generated member takes it as the method does and passes it on unchanged.
    /// </summary>
    public string? DataType { get; init; }

    /// <summary>
    /// For a scalar that stands for part of a struct (a parameter's field, or a seed or tangent of a struct result): which
    /// struct value and which of its leaves (<see cref="Symbols.StructShape.Leaves"/>). The generated members take the scalars,
    /// and their public overloads the struct (<see cref="Emit.StructWrappers"/>); a derivative parameter keeps its primal's.
    /// </summary>
    public StructOrigin? Origin { get; init; }

    /// <summary>Whether the parameter carries a derivative: a floating value or ref, not marked [NoDerivative].</summary>
    public bool IsActive => Type.IsDifferentiable() && Kind != ParamKind.Out && !NoDerivative;
}

/// <summary>
/// Where a scalar parameter comes from in a struct: <see cref="Group"/> names the struct parameter of the method (or
/// <see cref="Results"/>, its result), <see cref="Leaf"/> is the index of the scalar among the struct's leaves (or, for a
/// result, among the scalars the method returns).
/// </summary>
internal sealed record StructOrigin(string Group, int Leaf)
{
    /// <summary>The group of a seed or a tangent of the method's results.</summary>
    public const string Results = "#results";

    /// <summary>The group of the object of an instance method of a struct, which is an active input (<c>this_X</c>, <c>dthis</c>).</summary>
    public const string This = "this";

    /// <summary>The <see cref="Leaf"/> of a span of structs, which the IR sees as a span of their leaves laid end to end.</summary>
    public const int Elements = -1;
}

/// <summary>A function in IR: parameters, return types (empty = void, several = a tuple) and body.</summary>
internal sealed record Function(string Name, EquatableArray<Param> Params, EquatableArray<IrType> Returns, Block Body);

/// <summary>How the derivatives of a called function are obtained.</summary>
internal enum CallKind
{
    /// <summary>The callee is [Differentiable]: its generated members are named after it.</summary>
    Differentiable,

    /// <summary>The callee has custom derivatives registered with [DerivativeOf].</summary>
    Custom,

    /// <summary>A derivative member itself (e.g. a pullback called from a reverse sweep); its derivatives are resolved by name.</summary>
    Derived,
}

/// <summary>
/// A callee. <see cref="Key"/> identifies it for the registry of custom derivatives
/// (<c>global::Ns.Type.Method(double,double)</c>); <see cref="ContainingType"/> and <see cref="Name"/> are
/// how to call it. <see cref="Pullback"/>/<see cref="Pushforward"/> name its derivative functions
/// (fully qualified) where known, and <see cref="PullbackPushforward"/> the forward-mode derivative
/// of its pullback (second order). <see cref="Site"/> numbers the call in the method's <see cref="SourceMap"/> (where it is).
/// </summary>
internal sealed record CallTarget(
    string Key,
    string ContainingType,
    string Name,
    CallKind Kind,
    EquatableArray<Param> Params,
    EquatableArray<IrType> Returns,
    string? Pullback,
    string? Pushforward,
    string? PullbackPushforward,
    int Site)
{
    public string QualifiedName => ContainingType + "." + Name;

    /// <summary>
    /// For a [Differentiable] callee with [NoDerivative] parameters of a type that carries derivatives: whether it also has
    /// the members with respect to every parameter (<c>FFullPullback</c>, …), which a caller that passes a value with a
    /// derivative for such a parameter calls instead (see <see cref="Transforms.DataParameters"/>).
    /// </summary>
    public bool HasFullDerivatives { get; init; }

    /// <summary>
    /// For a callee with [DifferentiateAs]: the static member (fully qualified) its derivative functions, shared by a
    /// family of callees, take as their first argument (<c>global::AutoDiffGen.Matrix.ExpRule</c>); null otherwise.
    /// </summary>
    public string? DerivativeArgument { get; init; }

    /// <summary>Whether the callee returns a struct, whose leaves are its results: a call that <see cref="Transforms.Inlining"/> must put the callee's body in place of.</summary>
    public bool ReturnsStruct { get; init; }

    /// <summary>
    /// For a call of a struct's member whose derivatives are registered with [DerivativeOf] (or are to be): what its scalars
    /// stand for, which the generated file's adapters pack into structs around the member and its derivatives
    /// (<see cref="Emit.StructAdapters"/>); null for another callee.
    /// </summary>
    public StructCallShape? Structs { get; init; }

    /// <summary>
    /// For a generic [Differentiable] callee, the type it is called at (<c>F&lt;double&gt;</c>, or <see cref="IrType.Generic"/>
    /// from another generic method): its generated members are called at the same one. Null for another callee.
    /// </summary>
    public IrType? TypeArgument { get; init; }

    /// <summary>
    /// The callee with respect to every parameter: its [NoDerivative] parameters of a type that carries derivatives are
    /// active, and its derivatives are its <c>Full</c> members.
    /// </summary>
    public CallTarget WithRespectToEveryParameter() => this with
    {
        Params = Params.Select(p => p.Type.IsDifferentiable() && p.Kind == ParamKind.Value ? p with { NoDerivative = false } : p).ToEquatableArray(),
        Pullback = QualifiedName + DerivativeNames.FullPullback,
        Pushforward = QualifiedName + DerivativeNames.FullPushforward,
        PullbackPushforward = QualifiedName + DerivativeNames.FullPullbackPushforward,
        HasFullDerivatives = false,
    };

    /// <summary>
    /// One of this callee's derivative functions (<paramref name="qualifiedName"/>), as a callee itself: with its
    /// own parameters and results, and <paramref name="pushforward"/> as its own derivative, if it has one.
    /// </summary>
    public CallTarget Derivative(string qualifiedName, EquatableArray<Param> parameters, EquatableArray<IrType> returns, string? pushforward = null)
    {
        int dot = qualifiedName.LastIndexOf('.');
        return new CallTarget(Key + "#" + qualifiedName, qualifiedName.Substring(0, dot), qualifiedName.Substring(dot + 1), CallKind.Derived,
            parameters, returns, null, pushforward, null, Site)
        {
            DerivativeArgument = DerivativeArgument,
            TypeArgument = TypeArgument,
            Structs = Structs,
        };
    }
}

/// <summary>
/// The suffixes of the members generated for a [Differentiable] method <c>F</c>: <c>FGradient</c>, <c>FPullback</c>, …, in one
/// place (a user member of one of these names would collide with them: ADG0007).
/// </summary>
internal static class DerivativeNames
{
    public const string Gradient = "Gradient";
    public const string Pullback = "Pullback";
    public const string Pushforward = "Pushforward";
    public const string PullbackPushforward = "PullbackPushforward";
    public const string Hessian = "Hessian";
    public const string HessianVectorProduct = "HessianVectorProduct";
    public const string Jacobian = "Jacobian";

    /// <summary>The forward sweep of a recursive method's pullback, keeping each level's values on tapes (hidden).</summary>
    public const string TapedForward = "TapedForward";

    /// <summary>The reverse sweep of a recursive method's pullback, popping what <see cref="TapedForward"/> kept (hidden).</summary>
    public const string TapedReverse = "TapedReverse";

    /// <summary>The pullback with respect to every parameter, [NoDerivative] ones of a type that carries derivatives too (hidden).</summary>
    public const string FullPullback = "FullPullback";

    /// <summary>The pushforward with respect to every parameter (hidden).</summary>
    public const string FullPushforward = "FullPushforward";

    /// <summary>The pushforward of <see cref="FullPullback"/> (hidden).</summary>
    public const string FullPullbackPushforward = "FullPullbackPushforward";

    /// <summary>What the name of a member's body without its argument checks appends to the member's.</summary>
    public const string Unchecked = "Unchecked";

    /// <summary>The body of a vector-valued method's pullback without its argument checks, which its Jacobian calls (private).</summary>
    public const string PullbackUnchecked = Pullback + Unchecked;

    /// <summary>The body of a vector-valued method's pushforward without its argument checks, which its Jacobian calls (private).</summary>
    public const string PushforwardUnchecked = Pushforward + Unchecked;

    /// <summary>The rows of a vector-valued method's Jacobian from one forward sweep, which its Jacobian calls (private).</summary>
    public const string PullbackRows = Pullback + "Rows";

    /// <summary>Every suffix.</summary>
    public static readonly string[] All = { Gradient, Pullback, Pushforward, PullbackPushforward, Hessian, HessianVectorProduct, Jacobian, FullPullback, FullPushforward, FullPullbackPushforward, TapedForward, TapedReverse, PullbackUnchecked, PushforwardUnchecked, PullbackRows };
}

internal static class IrTypeExtensions
{
    public static bool IsFloating(this IrType type) => type is IrType.Double or IrType.Float or IrType.Generic;

    /// <summary>Whether values of the type can be active (carry tangents and adjoints): floating values and matrices.</summary>
    public static bool IsDifferentiable(this IrType type) => type is IrType.Double or IrType.Float or IrType.Generic or IrType.Matrix;

    /// <summary>The name generated code gives a generic method's floating type parameter (<see cref="IrType.Generic"/>).</summary>
    public const string TypeParameter = "T";

    /// <summary>The C# type of the runtime's matrix.</summary>
    public const string MatrixType = "global::AutoDiffGen.Matrix";

    public static string ToCSharp(this IrType type) => type switch
    {
        IrType.Double => "double",
        IrType.Float => "float",
        IrType.Int => "int",
        IrType.Matrix => MatrixType,
        IrType.Bool => "bool",
        IrType.Generic => TypeParameter,
        // Data has the C# type of its parameter (Param.DataType), and is never declared.
        _ => throw new System.InvalidOperationException("A data value has no IR type to declare."),
    };
}

/// <summary>How a struct member is called in C#, for the adapter that calls it with its scalars packed into structs.</summary>
internal enum MemberForm
{
    /// <summary><c>T.M(a, b)</c>.</summary>
    Static,

    /// <summary><c>self.M(a, b)</c>.</summary>
    Instance,

    /// <summary><c>self.P</c>.</summary>
    Getter,

    /// <summary><c>new T(a, b)</c>.</summary>
    Constructor,

    /// <summary><c>-a</c>, <c>a + b</c>: the operator's token in <see cref="StructCallShape.Name"/>.</summary>
    Operator,

    /// <summary><c>(T)a</c>.</summary>
    Conversion,
}

/// <summary>
/// A call of a struct member with registered derivatives, as the IR cannot see it: what it takes (<see cref="Inputs"/>, its
/// object first) and gives (<see cref="Outputs"/>), each a struct (whose leaves are that many scalars of the call, in order) or a
/// scalar; and how it is called (<see cref="Form"/>, <see cref="Name"/>) and named in messages.
/// </summary>
/// <param name="Display">The member in messages: <c>Vec.operator +</c>, <c>Vec.Length</c>.</param>
/// <param name="Registration">How [DerivativeOf] names it: <c>"op_Addition"</c>, <c>nameof(Vec)</c>, <c>nameof(Vec.Length)</c>.</param>
/// <param name="Hint">What to say besides registering one when none is (System.Numerics: the members with built-in rules), or null.</param>
internal sealed record StructCallShape(EquatableArray<StructPart> Inputs, EquatableArray<StructPart> Outputs, MemberForm Form, string Type, string Name,
    string Display, string Registration, string? Hint);

/// <summary>One value a struct member takes or gives: its name, C# type, shape (null for a scalar) and whether it carries a derivative.</summary>
internal sealed record StructPart(string Name, string Type, Symbols.StructShape? Shape, bool Active)
{
    /// <summary>How many scalars of the call it is.</summary>
    public int Size => Shape?.Size ?? 1;
}
