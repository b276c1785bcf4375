using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace AutoDiffGen;

/// <summary>
/// The elementwise primitives that <see cref="System.Numerics.Tensors.TensorPrimitives"/> has: checked here, then
/// handed to it, or on the scalar path computed one element at a time with the scalar function. Empty spans
/// are not handed on: some of its functions (Sigmoid) throw for them.
/// </summary>
internal static class Delegated
{
    /// <summary><c>destination[i] = f(x[i])</c>.</summary>
    public static void Map<T>(
        ReadOnlySpan<T> x,
        Span<T> destination,
        Action<ReadOnlySpan<T>, Span<T>> vectorized,
        Func<T, T> scalar,
        [CallerArgumentExpression(nameof(destination))] string destinationName = "")
        where T : IFloatingPointIeee754<T>
    {
        Arguments.Elementwise(x, destination, destinationName);
        if (!SimdPaths.IsScalar<T>() && !x.IsEmpty)
        {
            vectorized(x, destination);
            return;
        }
        for (int i = 0; i < x.Length; i++)
        {
            destination[i] = scalar(x[i]);
        }
    }

    /// <summary><c>destination[i] = f(x[i], y[i])</c>.</summary>
    public static void Map<T>(
        ReadOnlySpan<T> x,
        ReadOnlySpan<T> y,
        Span<T> destination,
        Action<ReadOnlySpan<T>, ReadOnlySpan<T>, Span<T>> vectorized,
        Func<T, T, T> scalar,
        [CallerArgumentExpression(nameof(y))] string yName = "",
        [CallerArgumentExpression(nameof(destination))] string destinationName = "")
        where T : IFloatingPointIeee754<T>
    {
        Arguments.Elementwise(x, y, destination, yName, destinationName);
        if (!SimdPaths.IsScalar<T>() && !x.IsEmpty)
        {
            vectorized(x, y, destination);
            return;
        }
        for (int i = 0; i < x.Length; i++)
        {
            destination[i] = scalar(x[i], y[i]);
        }
    }

    /// <summary><c>destination[i] = f(x[i], y)</c>.</summary>
    public static void Map<T>(
        ReadOnlySpan<T> x,
        T y,
        Span<T> destination,
        Action<ReadOnlySpan<T>, T, Span<T>> vectorized,
        Func<T, T, T> scalar,
        [CallerArgumentExpression(nameof(destination))] string destinationName = "")
        where T : IFloatingPointIeee754<T>
    {
        Arguments.Elementwise(x, destination, destinationName);
        if (!SimdPaths.IsScalar<T>() && !x.IsEmpty)
        {
            vectorized(x, y, destination);
            return;
        }
        for (int i = 0; i < x.Length; i++)
        {
            destination[i] = scalar(x[i], y);
        }
    }
}
