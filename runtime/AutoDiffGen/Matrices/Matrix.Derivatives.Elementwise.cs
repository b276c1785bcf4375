using System;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace AutoDiffGen;

// The derivatives of the elementwise operations (see Matrix.Derivatives.cs for the conventions). The unary functions
// are rules, data (ElementwiseRule): the function, the fused SpanMath kernel that adds dy·f'(x) into dx in one pass, and
// f'' for the pullbacks' pushforwards; their derivatives are registered once, for Elementwise(rule, a). f' being
// diagonal, the same kernel gives the pushforward, with the input's tangent for dy and a zero tangent for dx.
public sealed partial class Matrix
{
    /// <summary>N = -A: dA -= seed; tN = -tA; the pullback's pushforward is linear.</summary>
    public static readonly ElementwiseRule NegationRule = new("Negation",
        static (x, y) => SpanMath.Negate(x, y), static (_, dy, dx) => SpanMath.AddScaled(dy, -1.0, dx), kernelReadsResult: false, curvature: null);

    /// <summary>S = A²: dA += 2·A·seed; tS = 2·A·tA; f'' = 2.</summary>
    public static readonly ElementwiseRule SquareRule = new(nameof(Square),
        static (x, y) => SpanMath.Square(x, y), static (x, dy, dx) => SpanMath.SquareAdjoint(x, dy, dx), kernelReadsResult: false, curvature: static _ => 2);

    /// <summary>E = e^A: dA += E·seed; tE = E·tA; f'' = E.</summary>
    public static readonly ElementwiseRule ExpRule = new(nameof(Exp),
        static (x, y) => SpanMath.Exp(x, y), static (y, dy, dx) => SpanMath.ExpAdjoint(y, dy, dx), kernelReadsResult: true, curvature: static y => y);

    /// <summary>L = ln A: dA += seed / A; tL = tA / A; f'' = -1 / A².</summary>
    public static readonly ElementwiseRule LogRule = new(nameof(Log),
        static (x, y) => SpanMath.Log(x, y), static (x, dy, dx) => SpanMath.LogAdjoint(x, dy, dx), kernelReadsResult: false, curvature: static x => -1 / (x * x));

    /// <summary>T = tanh A: dA += (1 - T²)·seed; tT = (1 - T²)·tA; f'' = -2·T·(1 - T²).</summary>
    public static readonly ElementwiseRule TanhRule = new(nameof(Tanh),
        static (x, y) => SpanMath.Tanh(x, y), static (y, dy, dx) => SpanMath.TanhAdjoint(y, dy, dx), kernelReadsResult: true, curvature: static y => -2 * y * (1 - y * y));

    /// <summary>S = σ(A): dA += S·(1 - S)·seed; tS = S·(1 - S)·tA; f'' = S·(1 - S)·(1 - 2·S).</summary>
    public static readonly ElementwiseRule SigmoidRule = new(nameof(Sigmoid),
        static (x, y) => SpanMath.Sigmoid(x, y), static (y, dy, dx) => SpanMath.SigmoidAdjoint(y, dy, dx), kernelReadsResult: true, curvature: static y => y * (1 - y) * (1 - 2 * y));

    /// <summary>R = max(A, 0): dA += seed where A &gt; 0 (0 at A = 0); tR = tA where A &gt; 0; f'' = 0.</summary>
    public static readonly ElementwiseRule ReluRule = new(nameof(Relu),
        static (x, y) => SpanMath.Relu(x, y), static (x, dy, dx) => SpanMath.ReluAdjoint(x, dy, dx), kernelReadsResult: false, curvature: null);

    /// <summary>
    /// An elementwise function y = f(x) as data: the function, the fused kernel that adds <c>dy·f'(x)</c> into dx in one
    /// pass (reading y or x), and f'' of what the kernel reads for the pullbacks' pushforwards. The elementwise functions
    /// of <see cref="Matrix"/> (<see cref="Exp"/>, <see cref="Tanh"/>, …) are each one of these (<see cref="ExpRule"/>,
    /// …): <see cref="DifferentiateAsAttribute">[DifferentiateAs]</see> sends their calls' derivatives to
    /// <see cref="ElementwisePullback"/>, <see cref="ElementwisePushforward"/> and
    /// <see cref="ElementwisePullbackPushforward"/>, registered once for all of them.
    /// </summary>
    public sealed class ElementwiseRule
    {
        internal ElementwiseRule(string name, Unary function, AdjointKernel kernel, bool kernelReadsResult, Func<double, double>? curvature)
        {
            Name = name;
            Function = function;
            Kernel = kernel;
            KernelReadsResult = kernelReadsResult;
            Curvature = curvature;
        }

        /// <summary>The function's name, as errors name it.</summary>
        public string Name { get; }

        internal Unary Function { get; }

        /// <summary>Adds <c>dy·f'(x)</c> into dx, reading y if <see cref="KernelReadsResult"/>, x otherwise.</summary>
        internal AdjointKernel Kernel { get; }

        internal bool KernelReadsResult { get; }

        /// <summary>f'' of what the kernel reads, null where f'' = 0.</summary>
        internal Func<double, double>? Curvature { get; }

        /// <inheritdoc/>
        public override string ToString() => Name;
    }

    internal delegate void AdjointKernel(ReadOnlySpan<double> xOrY, ReadOnlySpan<double> dy, Span<double> dx);

    /// <summary>The elementwise function <paramref name="rule"/> of each element of <paramref name="a"/>.</summary>
    public static Matrix Elementwise([NoDerivative] ElementwiseRule rule, Matrix a)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return Map(a, rule.Function);
    }

    /// <summary>Y = f(A) elementwise (<see cref="Elementwise"/>): dA += seed ⊙ f'(A).</summary>
    [DerivativeOf(typeof(Matrix), nameof(Elementwise), DerivativeKind.Pullback)]
    public static void ElementwisePullback([NoDerivative] ElementwiseRule rule, Matrix a, Matrix seed, ref Matrix? da) =>
        ElementwisePullbackPushforward(rule, a, seed, ref da, null, null, ref Unsafe.NullRef<Matrix?>());

    /// <summary>The pushforward of <see cref="ElementwisePullback"/>: its update, and tdA += tseed ⊙ f'(A) + seed ⊙ f''(A) ⊙ tA.</summary>
    [DerivativeOf(typeof(Matrix), nameof(ElementwisePullback), DerivativeKind.Pushforward)]
    public static void ElementwisePullbackPushforward([NoDerivative] ElementwiseRule rule, Matrix a, Matrix seed, ref Matrix? da, Matrix? ta, Matrix? tseed, ref Matrix? tda)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(a);
        CheckSeed(rule.Name, a.Rows, a.Columns, seed);
        bool curved = CheckTangents((ta, a)) && rule.Curvature is not null;
        var into = TangentOfAdjoint(ref tda, a, CheckTangents((tseed, seed)) || curved);
        bool wantAdjoint = !Unsafe.IsNullRef(ref da);
        if (!wantAdjoint && into is null) return;
        var read = rule.KernelReadsResult ? Map(a, rule.Function) : a;
        if (wantAdjoint) rule.Kernel(read._values, seed._values, AdjointOf(ref da, a)._values);
        if (into is null) return;
        if (tseed is not null) rule.Kernel(read._values, tseed._values, into._values);
        if (curved) AddCurvatureTerm(rule.Curvature!, read._values, seed._values, ta!._values, into._values);
    }

    /// <summary>Y = f(A) elementwise (<see cref="Elementwise"/>): tY = f'(A) ⊙ tA.</summary>
    [DerivativeOf(typeof(Matrix), nameof(Elementwise), DerivativeKind.Pushforward)]
    public static Matrix ElementwisePushforward([NoDerivative] ElementwiseRule rule, Matrix a, Matrix? ta, out Matrix? tangent)
    {
        var value = Elementwise(rule, a);
        tangent = NewTangent(value, false, (ta, a));
        if (ta is not null) rule.Kernel((rule.KernelReadsResult ? value : a)._values, ta._values, tangent!._values);
        return value;
    }

    /// <summary><c>into[i] += seed[i] · f''(read[i]) · t[i]</c>.</summary>
    private static void AddCurvatureTerm(Func<double, double> curvature, ReadOnlySpan<double> read, ReadOnlySpan<double> seed, ReadOnlySpan<double> t, Span<double> into)
    {
        for (int i = 0; i < into.Length; i++) into[i] += seed[i] * curvature(read[i]) * t[i];
    }

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

    /// <summary>The pushforward of <see cref="HadamardPullback"/>: its update, and tdA += tseed ⊙ B + seed ⊙ tB, tdB += tseed ⊙ A + seed ⊙ tA.</summary>
    [DerivativeOf(typeof(Matrix), nameof(HadamardPullback), DerivativeKind.Pushforward)]
    public static void HadamardPullbackPushforward(Matrix a, Matrix b, Matrix seed, ref Matrix? da, ref Matrix? db,
        Matrix? ta, Matrix? tb, Matrix? tseed, ref Matrix? tda, ref Matrix? tdb) =>
        BilinearPullbackPushforward(HadamardPullback, a, b, seed, ref da, ref db, ta, tb, tseed, ref tda, ref tdb);

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
    public static void SoftmaxPullback(Matrix a, Matrix seed, ref Matrix? da) =>
        SoftmaxPullbackPushforward(a, seed, ref da, null, null, ref Unsafe.NullRef<Matrix?>());

    /// <summary>
    /// The pushforward of <see cref="SoftmaxPullback"/>: its update, and per column, with tS = S ⊙ (tA - ⟨S, tA⟩) the
    /// tangent of S: tdA += S ⊙ (tseed - ⟨S, tseed⟩) + tS ⊙ (seed - ⟨S, seed⟩) - S·⟨tS, seed⟩.
    /// </summary>
    [DerivativeOf(typeof(Matrix), nameof(SoftmaxPullback), DerivativeKind.Pushforward)]
    public static void SoftmaxPullbackPushforward(Matrix a, Matrix seed, ref Matrix? da, Matrix? ta, Matrix? tseed, ref Matrix? tda)
    {
        ArgumentNullException.ThrowIfNull(a);
        CheckSeed(nameof(Softmax), a.Rows, a.Columns, seed);
        var into = TangentOfAdjoint(ref tda, a, CheckTangents((ta, a), (tseed, seed)));
        bool wantAdjoint = !Unsafe.IsNullRef(ref da);
        if (!wantAdjoint && into is null) return;
        var s = Softmax(a);
        if (wantAdjoint) AddSoftmaxJacobianProduct(s, seed, AdjointOf(ref da, a));
        if (into is null) return;
        if (tseed is not null) AddSoftmaxJacobianProduct(s, tseed, into);
        if (ta is not null) AddSoftmaxCurvature(s, seed, ta, into);
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
        AddColumnDots(v, y, weighted);
        for (int i = 0; i < y.Rows; i++)
        {
            SpanMath.Subtract<double>(v.Row(i), weighted, centred);
            AddProduct(y.Row(i), centred, into.Row(i));
        }
    }

    /// <summary>
    /// The second-order term of the softmax pullback's pushforward, per column with <c>tS = J·t</c> (the tangent of the
    /// softmax <paramref name="y"/> along <paramref name="t"/>): <c>into += tS ⊙ (seed − ⟨y, seed⟩) − y·⟨tS, seed⟩</c>.
    /// </summary>
    private static void AddSoftmaxCurvature(Matrix y, Matrix seed, Matrix t, Matrix into)
    {
        var ty = Allocate(y.Rows, y.Columns, zeroed: true);
        AddSoftmaxJacobianProduct(y, t, ty);
        var scratch = Allocate(3, y.Columns, zeroed: true);
        Span<double> weighted = scratch.Row(0), tangentWeighted = scratch.Row(1), term = scratch.Row(2);
        AddColumnDots(seed, y, weighted);
        AddColumnDots(seed, ty, tangentWeighted);
        for (int i = 0; i < y.Rows; i++)
        {
            SpanMath.Subtract<double>(seed.Row(i), weighted, term);
            AddProduct(ty.Row(i), term, into.Row(i));
            SpanMath.Multiply<double>(y.Row(i), tangentWeighted, term);
            SpanMath.Subtract<double>(into.Row(i), term, into.Row(i));
        }
    }

    /// <summary><c>into[j] += Σᵢ x[i, j] · y[i, j]</c>: the inner products of the columns.</summary>
    private static void AddColumnDots(Matrix x, Matrix y, Span<double> into)
    {
        for (int i = 0; i < x.Rows; i++) AddProduct(x.Row(i), y.Row(i), into);
    }
}
