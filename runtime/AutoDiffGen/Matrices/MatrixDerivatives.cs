using System;

namespace AutoDiffGen;

/// <summary>
/// Pullbacks and pushforwards of the <see cref="Matrix"/> operations that seed-style code uses (the product, sums
/// and differences with broadcasting, Square, Mean, MseLoss), in the custom-derivative shapes: a pullback adds
/// <c>seed</c> times the derivative into each input's adjoint (creating it, zero, on first use: null stands for a
/// zero adjoint); a pushforward returns the value and its tangent from the inputs' tangents (null: zero).
/// </summary>
/// <remarks>
/// The generator does not differentiate matrix-valued code yet; these are registered with
/// <see cref="DerivativeOfAttribute"/> once it does. Until then they are the reference the tests check by hand.
/// </remarks>
public static class MatrixDerivatives
{
    /// <summary>C = A·B: dA += seed·Bᵀ, dB += Aᵀ·seed.</summary>
    public static void MultiplyPullback(Matrix a, Matrix b, Matrix seed, ref Matrix? da, ref Matrix? db)
    {
        CheckSeed("The matrix product", a.Rows, b.Columns, seed);
        da ??= new Matrix(a.Rows, a.Columns);
        db ??= new Matrix(b.Rows, b.Columns);
        LinearAlgebra.Gemm(false, true, a.Rows, a.Columns, b.Columns, 1.0, seed.AsSpan(), Stride(seed), b.AsSpan(), Stride(b), 1.0, da.AsSpan(), Stride(da));
        LinearAlgebra.Gemm(true, false, b.Rows, b.Columns, a.Rows, 1.0, a.AsSpan(), Stride(a), seed.AsSpan(), Stride(seed), 1.0, db.AsSpan(), Stride(db));
    }

    /// <summary>C = A·B: tC = tA·B + A·tB.</summary>
    public static Matrix MultiplyPushforward(Matrix a, Matrix b, Matrix? ta, Matrix? tb, out Matrix? tangent)
    {
        var value = a * b;
        tangent = ta is null && tb is null ? null : new Matrix(value.Rows, value.Columns);
        if (ta is not null) LinearAlgebra.Gemm(false, false, a.Rows, b.Columns, a.Columns, 1.0, ta.AsSpan(), Stride(ta), b.AsSpan(), Stride(b), 1.0, tangent!.AsSpan(), Stride(tangent));
        if (tb is not null) LinearAlgebra.Gemm(false, false, a.Rows, b.Columns, a.Columns, 1.0, a.AsSpan(), Stride(a), tb.AsSpan(), Stride(tb), 1.0, tangent!.AsSpan(), Stride(tangent));
        return value;
    }

    /// <summary>C = A + B (broadcasting): each input's adjoint is the seed, summed over the axes it was broadcast along.</summary>
    public static void AddPullback(Matrix a, Matrix b, Matrix seed, ref Matrix? da, ref Matrix? db)
    {
        AddReduced(ref da, a, seed, 1.0);
        AddReduced(ref db, b, seed, 1.0);
    }

    /// <summary>C = A - B (broadcasting): dA += seed, dB -= seed, each summed over the axes it was broadcast along.</summary>
    public static void SubtractPullback(Matrix a, Matrix b, Matrix seed, ref Matrix? da, ref Matrix? db)
    {
        AddReduced(ref da, a, seed, 1.0);
        AddReduced(ref db, b, seed, -1.0);
    }

    /// <summary>C = A + B: tC = tA + tB (broadcast as the values are).</summary>
    public static Matrix AddPushforward(Matrix a, Matrix b, Matrix? ta, Matrix? tb, out Matrix? tangent)
    {
        var value = a + b;
        tangent = ta is null && tb is null ? null : (ta ?? Zero(a)) + (tb ?? Zero(b));
        return value;
    }

    /// <summary>C = A - B: tC = tA - tB (broadcast as the values are).</summary>
    public static Matrix SubtractPushforward(Matrix a, Matrix b, Matrix? ta, Matrix? tb, out Matrix? tangent)
    {
        var value = a - b;
        tangent = ta is null && tb is null ? null : (ta ?? Zero(a)) - (tb ?? Zero(b));
        return value;
    }

    /// <summary>S = A²: dA += 2·A·seed.</summary>
    public static void SquarePullback(Matrix a, Matrix seed, ref Matrix? da)
    {
        CheckSeed("Square", a.Rows, a.Columns, seed);
        da ??= new Matrix(a.Rows, a.Columns);
        SpanMath.SquareAdjoint<double>(a.AsSpan(), seed.AsSpan(), da.AsSpan());
    }

    /// <summary>S = A²: tS = 2·A·tA.</summary>
    public static Matrix SquarePushforward(Matrix a, Matrix? ta, out Matrix? tangent)
    {
        tangent = null;
        if (ta is not null)
        {
            tangent = new Matrix(a.Rows, a.Columns);
            SpanMath.SquareAdjoint<double>(a.AsSpan(), ta.AsSpan(), tangent.AsSpan());
        }

        return Matrix.Square(a);
    }

    /// <summary>m = mean(A): dA += seed / count, in every element.</summary>
    public static void MeanPullback(Matrix a, double seed, ref Matrix? da)
    {
        da ??= new Matrix(a.Rows, a.Columns);
        SpanMath.MeanAdjoint(seed, da.AsSpan());
    }

    /// <summary>m = mean(A): tm = mean(tA).</summary>
    public static double MeanPushforward(Matrix a, Matrix? ta, out double tangent)
    {
        tangent = ta is null ? 0 : Matrix.Mean(ta);
        return Matrix.Mean(a);
    }

    /// <summary>L = mean((Y - P)²): dY += 2·(Y - P)·seed / count, dP -= the same.</summary>
    public static void MseLossPullback(Matrix y, Matrix prediction, double seed, ref Matrix? dy, ref Matrix? dPrediction)
    {
        var difference = y - prediction;
        double scale = 2 * seed / difference.AsSpan().Length;
        dy ??= new Matrix(y.Rows, y.Columns);
        dPrediction ??= new Matrix(prediction.Rows, prediction.Columns);
        SpanMath.AddScaled<double>(difference.AsSpan(), scale, dy.AsSpan());
        SpanMath.AddScaled<double>(difference.AsSpan(), -scale, dPrediction.AsSpan());
    }

    /// <summary>L = mean((Y - P)²): tL = 2·mean((Y - P)·(tY - tP)).</summary>
    public static double MseLossPushforward(Matrix y, Matrix prediction, Matrix? ty, Matrix? tPrediction, out double tangent)
    {
        var difference = y - prediction;
        tangent = 0;
        if (ty is not null) tangent += 2 * SpanMath.Dot<double>(difference.AsSpan(), ty.AsSpan()) / difference.AsSpan().Length;
        if (tPrediction is not null) tangent -= 2 * SpanMath.Dot<double>(difference.AsSpan(), tPrediction.AsSpan()) / difference.AsSpan().Length;
        return Matrix.Mean(Matrix.Square(difference));
    }

    private static int Stride(Matrix m) => Math.Max(1, m.Columns);

    private static Matrix Zero(Matrix like) => new(like.Rows, like.Columns);

    private static void CheckSeed(string operation, int rows, int columns, Matrix seed)
    {
        if (seed.Rows != rows || seed.Columns != columns)
        {
            throw new ArgumentException($"{operation}'s result is {rows}×{columns} but its seed is {seed.Shape}.", nameof(seed));
        }
    }

    /// <summary>adjoint += sign · seed, summed over the axes along which <paramref name="input"/> was broadcast to the seed's shape.</summary>
    private static void AddReduced(ref Matrix? adjoint, Matrix input, Matrix seed, double sign)
    {
        adjoint ??= new Matrix(input.Rows, input.Columns);
        var target = adjoint.AsSpan();
        if (input.Rows == seed.Rows && input.Columns == seed.Columns)
        {
            SpanMath.AddScaled<double>(seed.AsSpan(), sign, target);
            return;
        }

        if (input.Columns == 1 && input.Rows == seed.Rows)
        {
            // A column vector added to every column: its adjoint is the sum of each row of the seed.
            for (int i = 0; i < seed.Rows; i++) target[i] += sign * SpanMath.Sum<double>(seed.Row(i));
        }
        else if (input.Rows == 1 && input.Columns == seed.Columns)
        {
            // A row vector added to every row: its adjoint is the sum of each column of the seed.
            for (int i = 0; i < seed.Rows; i++) SpanMath.AddScaled<double>(seed.Row(i), sign, target);
        }
        else
        {
            throw new ArgumentException($"A {input.Shape} input cannot have been broadcast to its result's {seed.Shape}.", nameof(seed));
        }
    }
}
