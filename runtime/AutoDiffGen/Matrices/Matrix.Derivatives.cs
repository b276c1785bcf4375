using System;
using System.Runtime.CompilerServices;

namespace AutoDiffGen;

// The pullbacks and pushforwards of the operations, registered with [DerivativeOf] for the generator, in the shapes
// of DerivativeKind. For R F(P1 p1, …), every Matrix or double parameter being active:
//   pullback     void FPullback(P1 p1, …, R seed, ref Matrix? dp1 | ref double dp1, …)
//   pushforward  R FPushforward(P1 p1, …, Matrix? tp1 | double tp1, …, out Matrix? | out double tangent)
// and, for second order (forward mode over a pullback), each pullback's own pushforward, registered on the pullback:
//   void FPullbackPushforward(the pullback's parameters, Matrix? | double tangent per by-value Matrix or double
//                             parameter (the inputs, then the seed), ref Matrix? | ref double tangent per adjoint)
// which does the pullback's update and adds that update's tangent into each adjoint's tangent, with the adjoints'
// conventions: null is zero and is allocated, non-null is added into in place, a null ref is skipped (a double's
// adjoint and its tangent are never null refs). A null tangent of an input or of the seed is zero, and the terms it
// would bring are skipped: without any, an adjoint's tangent that was null stays null.
// A pullback ADDS seed·∂F/∂p into each adjoint: a null one stands for zero and is allocated (zeroed, from the
// workspace), a non-null one is added into in place, and a null ref (Unsafe.NullRef) is not wanted and is not computed.
// No adjoint or tangent ever is the seed, an input or another adjoint; the seed is only read. A null tangent is zero,
// and the result's tangent is null when every input's is null or zero.
// This file: the product, the broadcasting sums and differences, the scalar operators and the transpose.
public sealed partial class Matrix
{
    /// <summary>C = A·B: dA += seed·Bᵀ, dB += Aᵀ·seed.</summary>
    [DerivativeOf(typeof(Matrix), "op_Multiply", DerivativeKind.Pullback)]
    public static void MultiplyPullback(Matrix a, Matrix b, Matrix seed, ref Matrix? da, ref Matrix? db)
    {
        CheckProductShapes(a, b);
        CheckSeed("The matrix product", a.Rows, b.Columns, seed);
        if (!Unsafe.IsNullRef(ref da)) Gemm(seed, false, b, true, 1.0, AdjointOf(ref da, a));
        if (!Unsafe.IsNullRef(ref db)) Gemm(a, true, seed, false, 1.0, AdjointOf(ref db, b));
    }

    /// <summary>C = A·B: tC = tA·B + A·tB.</summary>
    [DerivativeOf(typeof(Matrix), "op_Multiply", DerivativeKind.Pushforward)]
    public static Matrix MultiplyPushforward(Matrix a, Matrix b, Matrix? ta, Matrix? tb, out Matrix? tangent)
    {
        var value = a * b;
        tangent = NewTangent(value, false, (ta, a), (tb, b));
        if (ta is not null) Gemm(ta, false, b, false, 1.0, tangent!);
        if (tb is not null) Gemm(a, false, tb, false, 1.0, tangent!);
        return value;
    }

    /// <summary>
    /// The pushforward of <see cref="MultiplyPullback"/>: its update, and tdA += tseed·Bᵀ + seed·tBᵀ,
    /// tdB += tAᵀ·seed + Aᵀ·tseed.
    /// </summary>
    [DerivativeOf(typeof(Matrix), nameof(MultiplyPullback), DerivativeKind.Pushforward)]
    public static void MultiplyPullbackPushforward(Matrix a, Matrix b, Matrix seed, ref Matrix? da, ref Matrix? db,
        Matrix? ta, Matrix? tb, Matrix? tseed, ref Matrix? tda, ref Matrix? tdb) =>
        BilinearPullbackPushforward(MultiplyPullback, a, b, seed, ref da, ref db, ta, tb, tseed, ref tda, ref tdb);

    /// <summary>C = A + B (broadcasting): dA += seed, dB += seed, each summed over the axes it was broadcast along.</summary>
    [DerivativeOf(typeof(Matrix), "op_Addition", DerivativeKind.Pullback)]
    public static void AddPullback(Matrix a, Matrix b, Matrix seed, ref Matrix? da, ref Matrix? db) =>
        BroadcastPullback("The sum", a, b, 1.0, seed, ref da, ref db);

    /// <summary>C = A + B (broadcasting): tC = tA + tB, broadcast as the values are.</summary>
    [DerivativeOf(typeof(Matrix), "op_Addition", DerivativeKind.Pushforward)]
    public static Matrix AddPushforward(Matrix a, Matrix b, Matrix? ta, Matrix? tb, out Matrix? tangent) =>
        BroadcastPushforward(a + b, a, b, 1.0, ta, tb, out tangent);

    /// <summary>The pushforward of <see cref="AddPullback"/> (linear in the seed): its update, and tdA += tseed, tdB += tseed, each summed as the seed is.</summary>
    [DerivativeOf(typeof(Matrix), nameof(AddPullback), DerivativeKind.Pushforward)]
    public static void AddPullbackPushforward(Matrix a, Matrix b, Matrix seed, ref Matrix? da, ref Matrix? db,
        Matrix? ta, Matrix? tb, Matrix? tseed, ref Matrix? tda, ref Matrix? tdb) =>
        BroadcastPullbackPushforward("The sum", a, b, 1.0, seed, ref da, ref db, ta, tb, tseed, ref tda, ref tdb);

    /// <summary>C = A - B (broadcasting): dA += seed, dB -= seed, each summed over the axes it was broadcast along.</summary>
    [DerivativeOf(typeof(Matrix), "op_Subtraction", DerivativeKind.Pullback)]
    public static void SubtractPullback(Matrix a, Matrix b, Matrix seed, ref Matrix? da, ref Matrix? db) =>
        BroadcastPullback("The difference", a, b, -1.0, seed, ref da, ref db);

    /// <summary>C = A - B (broadcasting): tC = tA - tB, broadcast as the values are.</summary>
    [DerivativeOf(typeof(Matrix), "op_Subtraction", DerivativeKind.Pushforward)]
    public static Matrix SubtractPushforward(Matrix a, Matrix b, Matrix? ta, Matrix? tb, out Matrix? tangent) =>
        BroadcastPushforward(a - b, a, b, -1.0, ta, tb, out tangent);

    /// <summary>The pushforward of <see cref="SubtractPullback"/> (linear in the seed): its update, and tdA += tseed, tdB -= tseed, each summed as the seed is.</summary>
    [DerivativeOf(typeof(Matrix), nameof(SubtractPullback), DerivativeKind.Pushforward)]
    public static void SubtractPullbackPushforward(Matrix a, Matrix b, Matrix seed, ref Matrix? da, ref Matrix? db,
        Matrix? ta, Matrix? tb, Matrix? tseed, ref Matrix? tda, ref Matrix? tdb) =>
        BroadcastPullbackPushforward("The difference", a, b, -1.0, seed, ref da, ref db, ta, tb, tseed, ref tda, ref tdb);

    /// <summary>C = s·A: ds += ⟨A, seed⟩, dA += s·seed.</summary>
    [DerivativeOf(typeof(Matrix), "op_Multiply", DerivativeKind.Pullback)]
    public static void ScaleLeftPullback(double s, Matrix a, Matrix seed, ref double ds, ref Matrix? da) =>
        ScaledPullback("Scaling", a, s, 1.0, seed, ref da, ref ds);

    /// <summary>C = s·A: tC = ts·A + s·tA.</summary>
    [DerivativeOf(typeof(Matrix), "op_Multiply", DerivativeKind.Pushforward)]
    public static Matrix ScaleLeftPushforward(double s, Matrix a, double ts, Matrix? ta, out Matrix? tangent) =>
        ScaledPushforward(s * a, a, s, 1.0, ts, ta, out tangent);

    /// <summary>The pushforward of <see cref="ScaleLeftPullback"/>: its update, and tds += ⟨tA, seed⟩ + ⟨A, tseed⟩, tdA += ts·seed + s·tseed.</summary>
    [DerivativeOf(typeof(Matrix), nameof(ScaleLeftPullback), DerivativeKind.Pushforward)]
    public static void ScaleLeftPullbackPushforward(double s, Matrix a, Matrix seed, ref double ds, ref Matrix? da,
        double ts, Matrix? ta, Matrix? tseed, ref double tds, ref Matrix? tda) =>
        ScaledPullbackPushforward("Scaling", a, s, 1.0, 0.0, seed, ref da, ref ds, ta, ts, tseed, ref tda, ref tds);

    /// <summary>C = A·s: dA += s·seed, ds += ⟨A, seed⟩.</summary>
    [DerivativeOf(typeof(Matrix), "op_Multiply", DerivativeKind.Pullback)]
    public static void ScaleRightPullback(Matrix a, double s, Matrix seed, ref Matrix? da, ref double ds) =>
        ScaledPullback("Scaling", a, s, 1.0, seed, ref da, ref ds);

    /// <summary>C = A·s: tC = s·tA + ts·A.</summary>
    [DerivativeOf(typeof(Matrix), "op_Multiply", DerivativeKind.Pushforward)]
    public static Matrix ScaleRightPushforward(Matrix a, double s, Matrix? ta, double ts, out Matrix? tangent) =>
        ScaledPushforward(a * s, a, s, 1.0, ts, ta, out tangent);

    /// <summary>The pushforward of <see cref="ScaleRightPullback"/>: its update, and tdA += ts·seed + s·tseed, tds += ⟨tA, seed⟩ + ⟨A, tseed⟩.</summary>
    [DerivativeOf(typeof(Matrix), nameof(ScaleRightPullback), DerivativeKind.Pushforward)]
    public static void ScaleRightPullbackPushforward(Matrix a, double s, Matrix seed, ref Matrix? da, ref double ds,
        Matrix? ta, double ts, Matrix? tseed, ref Matrix? tda, ref double tds) =>
        ScaledPullbackPushforward("Scaling", a, s, 1.0, 0.0, seed, ref da, ref ds, ta, ts, tseed, ref tda, ref tds);

    /// <summary>C = A / s: dA += seed / s, ds -= ⟨A, seed⟩ / s².</summary>
    [DerivativeOf(typeof(Matrix), "op_Division", DerivativeKind.Pullback)]
    public static void DividePullback(Matrix a, double s, Matrix seed, ref Matrix? da, ref double ds) =>
        ScaledPullback("Dividing", a, 1 / s, -1 / (s * s), seed, ref da, ref ds);

    /// <summary>C = A / s: tC = tA / s - ts·A / s².</summary>
    [DerivativeOf(typeof(Matrix), "op_Division", DerivativeKind.Pushforward)]
    public static Matrix DividePushforward(Matrix a, double s, Matrix? ta, double ts, out Matrix? tangent) =>
        ScaledPushforward(a / s, a, 1 / s, -1 / (s * s), ts, ta, out tangent);

    /// <summary>
    /// The pushforward of <see cref="DividePullback"/>: its update, and tdA += tseed / s - ts·seed / s²,
    /// tds += 2·ts·⟨A, seed⟩ / s³ - (⟨tA, seed⟩ + ⟨A, tseed⟩) / s².
    /// </summary>
    [DerivativeOf(typeof(Matrix), nameof(DividePullback), DerivativeKind.Pushforward)]
    public static void DividePullbackPushforward(Matrix a, double s, Matrix seed, ref Matrix? da, ref double ds,
        Matrix? ta, double ts, Matrix? tseed, ref Matrix? tda, ref double tds) =>
        ScaledPullbackPushforward("Dividing", a, 1 / s, -1 / (s * s), 2 / (s * s * s), seed, ref da, ref ds, ta, ts, tseed, ref tda, ref tds);

    /// <summary>C = A + s (every element): dA += seed, ds += Σ seed.</summary>
    [DerivativeOf(typeof(Matrix), "op_Addition", DerivativeKind.Pullback)]
    public static void AddScalarPullback(Matrix a, double s, Matrix seed, ref Matrix? da, ref double ds) =>
        OffsetPullback("Adding a scalar", a, 1.0, seed, ref da, ref ds);

    /// <summary>C = A + s (every element): tC = tA + ts.</summary>
    [DerivativeOf(typeof(Matrix), "op_Addition", DerivativeKind.Pushforward)]
    public static Matrix AddScalarPushforward(Matrix a, double s, Matrix? ta, double ts, out Matrix? tangent) =>
        OffsetPushforward(a + s, a, ta, ts, out tangent);

    /// <summary>The pushforward of <see cref="AddScalarPullback"/> (linear in the seed): its update, and tdA += tseed, tds += Σ tseed.</summary>
    [DerivativeOf(typeof(Matrix), nameof(AddScalarPullback), DerivativeKind.Pushforward)]
    public static void AddScalarPullbackPushforward(Matrix a, double s, Matrix seed, ref Matrix? da, ref double ds,
        Matrix? ta, double ts, Matrix? tseed, ref Matrix? tda, ref double tds) =>
        OffsetPullbackPushforward("Adding a scalar", a, 1.0, seed, ref da, ref ds, ta, tseed, ref tda, ref tds);

    /// <summary>C = A - s (every element): dA += seed, ds -= Σ seed.</summary>
    [DerivativeOf(typeof(Matrix), "op_Subtraction", DerivativeKind.Pullback)]
    public static void SubtractScalarPullback(Matrix a, double s, Matrix seed, ref Matrix? da, ref double ds) =>
        OffsetPullback("Subtracting a scalar", a, -1.0, seed, ref da, ref ds);

    /// <summary>C = A - s (every element): tC = tA - ts.</summary>
    [DerivativeOf(typeof(Matrix), "op_Subtraction", DerivativeKind.Pushforward)]
    public static Matrix SubtractScalarPushforward(Matrix a, double s, Matrix? ta, double ts, out Matrix? tangent) =>
        OffsetPushforward(a - s, a, ta, -ts, out tangent);

    /// <summary>The pushforward of <see cref="SubtractScalarPullback"/> (linear in the seed): its update, and tdA += tseed, tds -= Σ tseed.</summary>
    [DerivativeOf(typeof(Matrix), nameof(SubtractScalarPullback), DerivativeKind.Pushforward)]
    public static void SubtractScalarPullbackPushforward(Matrix a, double s, Matrix seed, ref Matrix? da, ref double ds,
        Matrix? ta, double ts, Matrix? tseed, ref Matrix? tda, ref double tds) =>
        OffsetPullbackPushforward("Subtracting a scalar", a, -1.0, seed, ref da, ref ds, ta, tseed, ref tda, ref tds);

    /// <summary>T = Aᵀ: dA += seedᵀ.</summary>
    [DerivativeOf(typeof(Matrix), nameof(Transpose), DerivativeKind.Pullback)]
    public static void TransposePullback(Matrix a, Matrix seed, ref Matrix? da)
    {
        ArgumentNullException.ThrowIfNull(a);
        CheckSeed("The transpose", a.Columns, a.Rows, seed);
        if (!Unsafe.IsNullRef(ref da)) TransposeInto(seed, AdjointOf(ref da, a), accumulate: true);
    }

    /// <summary>T = Aᵀ: tT = tAᵀ.</summary>
    [DerivativeOf(typeof(Matrix), nameof(Transpose), DerivativeKind.Pushforward)]
    public static Matrix TransposePushforward(Matrix a, Matrix? ta, out Matrix? tangent)
    {
        var value = Transpose(a);
        if (ta is not null) CheckShapeOf(ta, "tangent", a);
        tangent = ta is null ? null : Transpose(ta);
        return value;
    }

    /// <summary>The pushforward of <see cref="TransposePullback"/> (linear in the seed): its update, and tdA += tseedᵀ.</summary>
    [DerivativeOf(typeof(Matrix), nameof(TransposePullback), DerivativeKind.Pushforward)]
    public static void TransposePullbackPushforward(Matrix a, Matrix seed, ref Matrix? da, Matrix? ta, Matrix? tseed, ref Matrix? tda)
    {
        TransposePullback(a, seed, ref da);
        CheckTangents((ta, a), (tseed, seed));
        if (tseed is not null) TransposePullback(a, tseed, ref tda);
    }

    // ------------------------------------------------------------------ shared by the derivatives

    /// <summary>
    /// The adjoint to add <paramref name="input"/>'s contributions into: a zero matrix from the workspace, stored in
    /// <paramref name="adjoint"/>, if it is null; else the adjoint itself, after checking its shape.
    /// </summary>
    private static Matrix AdjointOf(ref Matrix? adjoint, Matrix input)
    {
        if (adjoint is null) return adjoint = Allocate(input.Rows, input.Columns, zeroed: true);
        CheckShapeOf(adjoint, "adjoint", input);
        return adjoint;
    }

    /// <summary>
    /// A zero tangent for <paramref name="value"/> to add the inputs' contributions into, after checking each input
    /// tangent's shape against its input; null (the result's tangent is zero) if every input tangent is null and no
    /// scalar input has a nonzero one (<paramref name="scalarTangent"/>).
    /// </summary>
    private static Matrix? NewTangent(Matrix value, bool scalarTangent, params ReadOnlySpan<(Matrix? Tangent, Matrix Input)> inputs) =>
        CheckTangents(inputs) || scalarTangent ? Allocate(value.Rows, value.Columns, zeroed: true) : null;

    /// <summary>Throws unless each non-null tangent has its value's shape; whether any is non-null.</summary>
    private static bool CheckTangents(params ReadOnlySpan<(Matrix? Tangent, Matrix Value)> tangents)
    {
        bool any = false;
        foreach (var (tangent, value) in tangents)
        {
            if (tangent is null) continue;
            CheckShapeOf(tangent, "tangent", value);
            any = true;
        }

        return any;
    }

    /// <summary>
    /// The tangent of an adjoint to add a pullback-pushforward's terms into: null when it is not wanted (a null ref) or
    /// no term is nonzero (<paramref name="anyTerm"/> false); else as <see cref="AdjointOf"/> (allocated if null).
    /// </summary>
    private static Matrix? TangentOfAdjoint(ref Matrix? tangent, Matrix input, bool anyTerm) =>
        anyTerm && !Unsafe.IsNullRef(ref tangent) ? AdjointOf(ref tangent, input) : null;

    /// <summary><c>into += scale · from</c> for an adjoint (or its tangent) of <paramref name="input"/>: skipped for a null ref, allocated if null.</summary>
    private static void AddScaledInto(ref Matrix? into, Matrix input, Matrix from, double scale)
    {
        if (!Unsafe.IsNullRef(ref into)) SpanMath.AddScaled<double>(from._values, scale, AdjointOf(ref into, input)._values);
    }

    /// <summary>Throws unless <paramref name="derivative"/> (an adjoint, a tangent) has <paramref name="value"/>'s shape.</summary>
    private static void CheckShapeOf(Matrix derivative, string what, Matrix value)
    {
        if (derivative.Rows != value.Rows || derivative.Columns != value.Columns)
        {
            throw new ArgumentException($"The {what} is {derivative.Shape} but its value is {value.Shape}; a {what} has the shape of its value.", what);
        }
    }

    private static void CheckSeed(string operation, int rows, int columns, Matrix seed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        if (seed.Rows != rows || seed.Columns != columns)
        {
            throw new ArgumentException($"{operation}'s result is {rows}×{columns} but its seed is {seed.Shape}.", nameof(seed));
        }
    }

    private static void CheckProductShapes(Matrix a, Matrix b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Columns != b.Rows) throw ShapeMismatch("The matrix product", a, b);
    }

    /// <summary><c>into = op(x)·op(y) + beta·into</c>, op transposing when asked: beta = 1 accumulates, beta = 0 overwrites.</summary>
    private static void Gemm(Matrix x, bool transposeX, Matrix y, bool transposeY, double beta, Matrix into) =>
        LinearAlgebra.Gemm(transposeX, transposeY, into.Rows, into.Columns, transposeX ? x.Rows : x.Columns,
            1.0, x._values, Stride(x), y._values, Stride(y), beta, into._values, Stride(into));

    private static int Stride(Matrix m) => Math.Max(1, m.Columns);

    private static double Dot(Matrix a, Matrix b) => SpanMath.Dot<double>(a._values, b._values);

    private static void BroadcastPullback(string operation, Matrix a, Matrix b, double signB, Matrix seed, ref Matrix? da, ref Matrix? db)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var (rows, columns) = BroadcastShape(operation, a, b);
        CheckSeed(operation, rows, columns, seed);
        if (!Unsafe.IsNullRef(ref da)) AddAcrossBroadcast(seed, 1.0, AdjointOf(ref da, a));
        if (!Unsafe.IsNullRef(ref db)) AddAcrossBroadcast(seed, signB, AdjointOf(ref db, b));
    }

    private static Matrix BroadcastPushforward(Matrix value, Matrix a, Matrix b, double signB, Matrix? ta, Matrix? tb, out Matrix? tangent)
    {
        tangent = NewTangent(value, false, (ta, a), (tb, b));
        if (ta is not null) AddAcrossBroadcast(ta, 1.0, tangent!);
        if (tb is not null) AddAcrossBroadcast(tb, signB, tangent!);
        return value;
    }

    private static void BroadcastPullbackPushforward(string operation, Matrix a, Matrix b, double signB, Matrix seed, ref Matrix? da, ref Matrix? db,
        Matrix? ta, Matrix? tb, Matrix? tseed, ref Matrix? tda, ref Matrix? tdb)
    {
        BroadcastPullback(operation, a, b, signB, seed, ref da, ref db);
        CheckTangents((ta, a), (tb, b), (tseed, seed));
        if (tseed is not null) BroadcastPullback(operation, a, b, signB, tseed, ref tda, ref tdb);
    }

    private delegate void BilinearPullback(Matrix a, Matrix b, Matrix seed, ref Matrix? da, ref Matrix? db);

    /// <summary>
    /// The pushforward of the pullback of a bilinear C = A ∘ B (dA += gA(B, seed), dB += gB(A, seed), both linear in
    /// each argument): its update, and tdA += gA(B, tseed) + gA(tB, seed), tdB += gB(A, tseed) + gB(tA, seed), each term the
    /// pullback itself on tangents in place of values.
    /// </summary>
    private static void BilinearPullbackPushforward(BilinearPullback pullback, Matrix a, Matrix b, Matrix seed, ref Matrix? da, ref Matrix? db,
        Matrix? ta, Matrix? tb, Matrix? tseed, ref Matrix? tda, ref Matrix? tdb)
    {
        pullback(a, b, seed, ref da, ref db);
        CheckTangents((ta, a), (tb, b), (tseed, seed));
        if (tseed is not null) pullback(a, b, tseed, ref tda, ref tdb);
        if (tb is not null) pullback(a, tb, seed, ref tda, ref Unsafe.NullRef<Matrix?>());
        if (ta is not null) pullback(ta, b, seed, ref Unsafe.NullRef<Matrix?>(), ref tdb);
    }

    /// <summary>
    /// <c>into += sign · from</c> where one of them was broadcast to the other's shape (see <see cref="Matrix"/>): a
    /// pullback sums the seed over the axes its input was repeated along, a pushforward repeats the input's tangent.
    /// </summary>
    private static void AddAcrossBroadcast(Matrix from, double sign, Matrix into)
    {
        if (from.Rows == into.Rows && from.Columns == into.Columns)
        {
            SpanMath.AddScaled<double>(from._values, sign, into._values);
            return;
        }

        bool reduce = from.Rows >= into.Rows && from.Columns >= into.Columns;
        var (full, vector) = reduce ? (from, into) : (into, from);
        bool column = vector.Columns == 1 && vector.Rows == full.Rows;
        for (int i = 0; i < full.Rows; i++)
        {
            if (column && reduce) into._values[i] += sign * SpanMath.Sum<double>(from.Row(i));
            else if (column) SpanMath.Add<double>(into.Row(i), sign * from._values[i], into.Row(i));
            else SpanMath.AddScaled<double>(reduce ? from.Row(i) : from._values, sign, reduce ? into._values : into.Row(i));
        }
    }

    /// <summary>C = factor(s)·A: dA += factor·seed, ds += factorSlope·⟨A, seed⟩ (factorSlope = d factor / ds).</summary>
    private static void ScaledPullback(string operation, Matrix a, double factor, double factorSlope, Matrix seed, ref Matrix? da, ref double ds)
    {
        ArgumentNullException.ThrowIfNull(a);
        CheckSeed(operation, a.Rows, a.Columns, seed);
        ds += factorSlope * Dot(a, seed);
        if (!Unsafe.IsNullRef(ref da)) SpanMath.AddScaled<double>(seed._values, factor, AdjointOf(ref da, a)._values);
    }

    /// <summary>C = factor(s)·A: tC = factor·tA + factorSlope·ts·A.</summary>
    private static Matrix ScaledPushforward(Matrix value, Matrix a, double factor, double factorSlope, double ts, Matrix? ta, out Matrix? tangent)
    {
        tangent = NewTangent(value, ts != 0, (ta, a));
        if (ts != 0) SpanMath.AddScaled<double>(a._values, factorSlope * ts, tangent!._values);
        if (ta is not null) SpanMath.AddScaled<double>(ta._values, factor, tangent!._values);
        return value;
    }

    /// <summary>
    /// The pushforward of <see cref="ScaledPullback"/>, the factor's second derivative being <paramref name="factorCurvature"/>:
    /// its update, and tdA += factor·tseed + factorSlope·ts·seed, tds += factorSlope·(⟨A, tseed⟩ + ⟨tA, seed⟩) + factorCurvature·ts·⟨A, seed⟩.
    /// </summary>
    private static void ScaledPullbackPushforward(string operation, Matrix a, double factor, double factorSlope, double factorCurvature, Matrix seed, ref Matrix? da, ref double ds,
        Matrix? ta, double ts, Matrix? tseed, ref Matrix? tda, ref double tds)
    {
        ScaledPullback(operation, a, factor, factorSlope, seed, ref da, ref ds);
        CheckTangents((ta, a), (tseed, seed));
        if (tseed is not null) ScaledPullback(operation, a, factor, factorSlope, tseed, ref tda, ref tds);
        if (ts != 0) ScaledPullback(operation, a, factorSlope * ts, factorCurvature * ts, seed, ref tda, ref tds);
        if (ta is not null) tds += factorSlope * Dot(ta, seed);
    }

    /// <summary>C = A + sign·s: dA += seed, ds += sign·Σ seed.</summary>
    private static void OffsetPullback(string operation, Matrix a, double sign, Matrix seed, ref Matrix? da, ref double ds)
    {
        ArgumentNullException.ThrowIfNull(a);
        CheckSeed(operation, a.Rows, a.Columns, seed);
        ds += sign * SpanMath.Sum<double>(seed._values);
        if (!Unsafe.IsNullRef(ref da)) SpanMath.AddScaled<double>(seed._values, 1.0, AdjointOf(ref da, a)._values);
    }

    /// <summary>C = A + s: tC = tA + ts (every element); <paramref name="ts"/> comes signed.</summary>
    private static Matrix OffsetPushforward(Matrix value, Matrix a, Matrix? ta, double ts, out Matrix? tangent)
    {
        tangent = NewTangent(value, ts != 0, (ta, a));
        if (ta is not null) SpanMath.Add<double>(tangent!._values, ta._values, tangent._values);
        if (ts != 0) SpanMath.Add<double>(tangent!._values, ts, tangent._values);
        return value;
    }

    /// <summary>The pushforward of <see cref="OffsetPullback"/> (linear in the seed): its update, and tdA += tseed, tds += sign·Σ tseed.</summary>
    private static void OffsetPullbackPushforward(string operation, Matrix a, double sign, Matrix seed, ref Matrix? da, ref double ds,
        Matrix? ta, Matrix? tseed, ref Matrix? tda, ref double tds)
    {
        OffsetPullback(operation, a, sign, seed, ref da, ref ds);
        CheckTangents((ta, a), (tseed, seed));
        if (tseed is not null) OffsetPullback(operation, a, sign, tseed, ref tda, ref tds);
    }
}
