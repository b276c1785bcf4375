using System;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace AutoDiffGen;

/// <summary>Dense linear algebra on row-major spans: BLAS levels 1 and 2 here, matrix products beside them.</summary>
public static partial class LinearAlgebra
{
    /// <summary><c>y += alpha · x</c> (BLAS axpy).</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="alpha">The scale of <paramref name="x"/>.</param>
    /// <param name="x">The span added.</param>
    /// <param name="y">The span added into, as long as <paramref name="x"/>; may be <paramref name="x"/>.</param>
    public static void Axpy<T>(T alpha, ReadOnlySpan<T> x, Span<T> y)
        where T : IFloatingPointIeee754<T> =>
        AddScaled(alpha, x, y);

    /// <summary>
    /// <c>y = alpha · op(A) · x + beta · y</c> (BLAS gemv) for a row-major <paramref name="rows"/> ×
    /// <paramref name="columns"/> matrix A, where op(A) is A or, if <paramref name="transpose"/>, Aᵀ.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="transpose">Whether to multiply by Aᵀ instead of A.</param>
    /// <param name="rows">The number of rows of A.</param>
    /// <param name="columns">The number of columns of A.</param>
    /// <param name="alpha">The scale of the product.</param>
    /// <param name="a">A, row-major.</param>
    /// <param name="x">The vector multiplied: <paramref name="columns"/> long, or <paramref name="rows"/> if <paramref name="transpose"/>.</param>
    /// <param name="beta">
    /// The scale of the previous <paramref name="y"/>. When it is zero, <paramref name="y"/> is not read (as in BLAS),
    /// so it may hold anything, NaN included.
    /// </param>
    /// <param name="y">
    /// The result: <paramref name="rows"/> long, or <paramref name="columns"/> if <paramref name="transpose"/>;
    /// apart from <paramref name="a"/> and <paramref name="x"/>.
    /// </param>
    public static void Gemv<T>(bool transpose, int rows, int columns, T alpha, ReadOnlySpan<T> a, ReadOnlySpan<T> x, T beta, Span<T> y)
        where T : IFloatingPointIeee754<T>
    {
        Arguments.Matrix(a.Length, rows, columns, nameof(a));
        Arguments.Length(transpose ? rows : columns, x.Length, nameof(x));
        Arguments.Length(transpose ? columns : rows, y.Length, nameof(y));
        Arguments.Disjoint(a, y, nameof(y));
        Arguments.Disjoint(x, y, nameof(y));
        if (!transpose)
        {
            for (int i = 0; i < rows; i++)
            {
                T product = alpha * SpanMath.Dot(a.Slice(i * columns, columns), x);
                y[i] = beta == T.Zero ? product : product + beta * y[i];
            }
            return;
        }

        // yᵀ = alpha · xᵀA + beta · yᵀ, a row of A at a time: each pass streams one row and y.
        if (beta == T.Zero)
        {
            y.Clear();
        }
        else if (beta != T.One)
        {
            SpanMath.Multiply(y, beta, y);
        }
        for (int i = 0; i < rows; i++)
        {
            AddScaled(alpha * x[i], a.Slice(i * columns, columns), y);
        }
    }

    /// <summary><c>y += alpha · x</c>: <see cref="Axpy{T}"/> and <see cref="SpanMath.AddScaled{T}"/>, with their parameter names.</summary>
    internal static void AddScaled<T>(
        T alpha,
        ReadOnlySpan<T> x,
        Span<T> y,
        [CallerArgumentExpression(nameof(y))] string yName = "")
        where T : IFloatingPointIeee754<T>
    {
        Arguments.Elementwise(x, y, yName);
        TensorPrimitives.MultiplyAdd(x, alpha, y, y);
    }
}
