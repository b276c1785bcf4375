using System;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace AutoDiffGen;

// The derivatives of the elementwise operations (see Matrix.Derivatives.cs for the conventions). The unary functions
// are rules, data: the function and the fused SpanMath kernel that adds dy·f'(x) into dx in one pass. f' being
// diagonal, the same kernel gives the pushforward, with the input's tangent for dy and a zero tangent for dx.
public sealed partial class Matrix
{
    private static readonly ElementwiseRule NegationRule = new("Negation",
        static (x, y) => SpanMath.Negate(x, y), static (_, dy, dx) => SpanMath.AddScaled(dy, -1.0, dx), KernelReadsResult: false);

    private static readonly ElementwiseRule SquareRule = new(nameof(Square),
        static (x, y) => SpanMath.Square(x, y), static (x, dy, dx) => SpanMath.SquareAdjoint(x, dy, dx), KernelReadsResult: false);

    private static readonly ElementwiseRule ExpRule = new(nameof(Exp),
        static (x, y) => SpanMath.Exp(x, y), static (y, dy, dx) => SpanMath.ExpAdjoint(y, dy, dx), KernelReadsResult: true);

    private static readonly ElementwiseRule LogRule = new(nameof(Log),
        static (x, y) => SpanMath.Log(x, y), static (x, dy, dx) => SpanMath.LogAdjoint(x, dy, dx), KernelReadsResult: false);

    private static readonly ElementwiseRule TanhRule = new(nameof(Tanh),
        static (x, y) => SpanMath.Tanh(x, y), static (y, dy, dx) => SpanMath.TanhAdjoint(y, dy, dx), KernelReadsResult: true);

    private static readonly ElementwiseRule SigmoidRule = new(nameof(Sigmoid),
        static (x, y) => SpanMath.Sigmoid(x, y), static (y, dy, dx) => SpanMath.SigmoidAdjoint(y, dy, dx), KernelReadsResult: true);

    private static readonly ElementwiseRule ReluRule = new(nameof(Relu),
        static (x, y) => SpanMath.Relu(x, y), static (x, dy, dx) => SpanMath.ReluAdjoint(x, dy, dx), KernelReadsResult: false);

    /// <summary>N = -A: dA -= seed.</summary>
    [DerivativeOf(typeof(Matrix), "op_UnaryNegation", DerivativeKind.Pullback)]
    public static void NegatePullback(Matrix a, Matrix seed, ref Matrix? da) => ElementwisePullback(NegationRule, a, seed, ref da);

    /// <summary>N = -A: tN = -tA.</summary>
    [DerivativeOf(typeof(Matrix), "op_UnaryNegation", DerivativeKind.Pushforward)]
    public static Matrix NegatePushforward(Matrix a, Matrix? ta, out Matrix? tangent) => ElementwisePushforward(NegationRule, a, ta, out tangent);

    /// <summary>S = A²: dA += 2·A·seed.</summary>
    [DerivativeOf(typeof(Matrix), nameof(Square), DerivativeKind.Pullback)]
    public static void SquarePullback(Matrix a, Matrix seed, ref Matrix? da) => ElementwisePullback(SquareRule, a, seed, ref da);

    /// <summary>S = A²: tS = 2·A·tA.</summary>
    [DerivativeOf(typeof(Matrix), nameof(Square), DerivativeKind.Pushforward)]
    public static Matrix SquarePushforward(Matrix a, Matrix? ta, out Matrix? tangent) => ElementwisePushforward(SquareRule, a, ta, out tangent);

    /// <summary>E = e^A: dA += E·seed.</summary>
    [DerivativeOf(typeof(Matrix), nameof(Exp), DerivativeKind.Pullback)]
    public static void ExpPullback(Matrix a, Matrix seed, ref Matrix? da) => ElementwisePullback(ExpRule, a, seed, ref da);

    /// <summary>E = e^A: tE = E·tA.</summary>
    [DerivativeOf(typeof(Matrix), nameof(Exp), DerivativeKind.Pushforward)]
    public static Matrix ExpPushforward(Matrix a, Matrix? ta, out Matrix? tangent) => ElementwisePushforward(ExpRule, a, ta, out tangent);

    /// <summary>L = ln A: dA += seed / A.</summary>
    [DerivativeOf(typeof(Matrix), nameof(Log), DerivativeKind.Pullback)]
    public static void LogPullback(Matrix a, Matrix seed, ref Matrix? da) => ElementwisePullback(LogRule, a, seed, ref da);

    /// <summary>L = ln A: tL = tA / A.</summary>
    [DerivativeOf(typeof(Matrix), nameof(Log), DerivativeKind.Pushforward)]
    public static Matrix LogPushforward(Matrix a, Matrix? ta, out Matrix? tangent) => ElementwisePushforward(LogRule, a, ta, out tangent);

    /// <summary>T = tanh A: dA += (1 - T²)·seed.</summary>
    [DerivativeOf(typeof(Matrix), nameof(Tanh), DerivativeKind.Pullback)]
    public static void TanhPullback(Matrix a, Matrix seed, ref Matrix? da) => ElementwisePullback(TanhRule, a, seed, ref da);

    /// <summary>T = tanh A: tT = (1 - T²)·tA.</summary>
    [DerivativeOf(typeof(Matrix), nameof(Tanh), DerivativeKind.Pushforward)]
    public static Matrix TanhPushforward(Matrix a, Matrix? ta, out Matrix? tangent) => ElementwisePushforward(TanhRule, a, ta, out tangent);

    /// <summary>S = σ(A): dA += S·(1 - S)·seed.</summary>
    [DerivativeOf(typeof(Matrix), nameof(Sigmoid), DerivativeKind.Pullback)]
    public static void SigmoidPullback(Matrix a, Matrix seed, ref Matrix? da) => ElementwisePullback(SigmoidRule, a, seed, ref da);

    /// <summary>S = σ(A): tS = S·(1 - S)·tA.</summary>
    [DerivativeOf(typeof(Matrix), nameof(Sigmoid), DerivativeKind.Pushforward)]
    public static Matrix SigmoidPushforward(Matrix a, Matrix? ta, out Matrix? tangent) => ElementwisePushforward(SigmoidRule, a, ta, out tangent);

    /// <summary>R = max(A, 0): dA += seed where A &gt; 0 (0 at A = 0).</summary>
    [DerivativeOf(typeof(Matrix), nameof(Relu), DerivativeKind.Pullback)]
    public static void ReluPullback(Matrix a, Matrix seed, ref Matrix? da) => ElementwisePullback(ReluRule, a, seed, ref da);

    /// <summary>R = max(A, 0): tR = tA where A &gt; 0.</summary>
    [DerivativeOf(typeof(Matrix), nameof(Relu), DerivativeKind.Pushforward)]
    public static Matrix ReluPushforward(Matrix a, Matrix? ta, out Matrix? tangent) => ElementwisePushforward(ReluRule, a, ta, out tangent);

    /// <summary>C = A ⊙ B: dA += seed ⊙ B, dB += seed ⊙ A.</summary>
    [DerivativeOf(typeof(Matrix), nameof(Hadamard), DerivativeKind.Pullback)]
    public static void HadamardPullback(Matrix a, Matrix b, Matrix seed, ref Matrix? da, ref Matrix? db)
    {
        CheckHadamardShapes(a, b);
        CheckSeed("The elementwise product", a.Rows, a.Columns, seed);
        bool wantA = !Unsafe.IsNullRef(ref da), wantB = !Unsafe.IsNullRef(ref db);
        if (wantA && wantB) SpanMath.MultiplyAdjoint<double>(a._values, b._values, seed._values, AdjointOf(ref da, a)._values, AdjointOf(ref db, b)._values);
        else if (wantA) AddProduct(seed._values, b._values, AdjointOf(ref da, a)._values);
        else if (wantB) AddProduct(seed._values, a._values, AdjointOf(ref db, b)._values);
    }

    /// <summary>C = A ⊙ B: tC = tA ⊙ B + A ⊙ tB.</summary>
    [DerivativeOf(typeof(Matrix), nameof(Hadamard), DerivativeKind.Pushforward)]
    public static Matrix HadamardPushforward(Matrix a, Matrix b, Matrix? ta, Matrix? tb, out Matrix? tangent)
    {
        var value = Hadamard(a, b);
        tangent = NewTangent(value, false, (ta, a), (tb, b));
        if (ta is not null) AddProduct(ta._values, b._values, tangent!._values);
        if (tb is not null) AddProduct(a._values, tb._values, tangent!._values);
        return value;
    }

    /// <summary>S = softmax(A) per column: dA += S ⊙ (seed - Σᵢ seed ⊙ S), the sum over each column.</summary>
    [DerivativeOf(typeof(Matrix), nameof(Softmax), DerivativeKind.Pullback)]
    public static void SoftmaxPullback(Matrix a, Matrix seed, ref Matrix? da)
    {
        ArgumentNullException.ThrowIfNull(a);
        CheckSeed(nameof(Softmax), a.Rows, a.Columns, seed);
        if (!Unsafe.IsNullRef(ref da)) AddSoftmaxJacobianProduct(Softmax(a), seed, AdjointOf(ref da, a));
    }

    /// <summary>S = softmax(A) per column: tS = S ⊙ (tA - Σᵢ tA ⊙ S), the sum over each column.</summary>
    [DerivativeOf(typeof(Matrix), nameof(Softmax), DerivativeKind.Pushforward)]
    public static Matrix SoftmaxPushforward(Matrix a, Matrix? ta, out Matrix? tangent)
    {
        var value = Softmax(a);
        tangent = NewTangent(value, false, (ta, a));
        if (ta is not null) AddSoftmaxJacobianProduct(value, ta, tangent!);
        return value;
    }

    private delegate void AdjointKernel(ReadOnlySpan<double> xOrY, ReadOnlySpan<double> dy, Span<double> dx);

    /// <summary>
    /// An elementwise function y = f(x) as data: <paramref name="Function"/> computes it, <paramref name="Kernel"/> adds
    /// <c>dy·f'(x)</c> into dx, reading y if <paramref name="KernelReadsResult"/> and x otherwise.
    /// </summary>
    private sealed record ElementwiseRule(string Name, Unary Function, AdjointKernel Kernel, bool KernelReadsResult);

    private static void ElementwisePullback(ElementwiseRule rule, Matrix a, Matrix seed, ref Matrix? da)
    {
        ArgumentNullException.ThrowIfNull(a);
        CheckSeed(rule.Name, a.Rows, a.Columns, seed);
        if (Unsafe.IsNullRef(ref da)) return;
        var read = rule.KernelReadsResult ? Map(a, rule.Function) : a;
        rule.Kernel(read._values, seed._values, AdjointOf(ref da, a)._values);
    }

    private static Matrix ElementwisePushforward(ElementwiseRule rule, Matrix a, Matrix? ta, out Matrix? tangent)
    {
        var value = Map(a, rule.Function);
        tangent = NewTangent(value, false, (ta, a));
        if (ta is not null) rule.Kernel((rule.KernelReadsResult ? value : a)._values, ta._values, tangent!._values);
        return value;
    }

    private static void CheckHadamardShapes(Matrix a, Matrix b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Rows != b.Rows || a.Columns != b.Columns) throw ShapeMismatch("The elementwise product", a, b);
    }

    /// <summary><c>into[i] += x[i] · y[i]</c>.</summary>
    private static void AddProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> into) =>
        TensorPrimitives.MultiplyAdd(x, y, into, into);

    /// <summary>
    /// <c>into += J·v</c> for the per-column softmax <paramref name="y"/>, whose Jacobian on each column is
    /// <c>diag(y) − y·yᵀ</c>, symmetric, so this is also <c>Jᵀ·v</c>: <c>into[i, j] += y[i, j]·(v[i, j] − Σₖ v[k, j]·y[k, j])</c>.
    /// </summary>
    private static void AddSoftmaxJacobianProduct(Matrix y, Matrix v, Matrix into)
    {
        var scratch = Allocate(2, y.Columns, zeroed: true);
        Span<double> weighted = scratch.Row(0), centred = scratch.Row(1);
        for (int i = 0; i < y.Rows; i++) AddProduct(v.Row(i), y.Row(i), weighted);
        for (int i = 0; i < y.Rows; i++)
        {
            SpanMath.Subtract<double>(v.Row(i), weighted, centred);
            AddProduct(y.Row(i), centred, into.Row(i));
        }
    }
}
