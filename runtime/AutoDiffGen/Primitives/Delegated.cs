using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace AutoDiffGen;

/// <summary>
/// The elementwise primitives that <see cref="System.Numerics.Tensors.TensorPrimitives"/> has: checked here under
/// the caller's parameter names, then handed to it, at whatever width it chooses (the one <see cref="SimdWidth"/>
/// chooses) and for every element type. Empty spans are not handed on: some of its functions (Sigmoid) throw for them.
/// </summary>
internal static class Delegated
{
    /// <summary><c>destination[i] = f(x[i])</c>.</summary>
    public static void Map<T>(
        ReadOnlySpan<T> x,
        Span<T> destination,
        Action<ReadOnlySpan<T>, Span<T>> function,
        [CallerArgumentExpression(nameof(destination))] string destinationName = "")
        where T : IFloatingPointIeee754<T>
    {
        Arguments.Elementwise(x, destination, destinationName);
        if (!x.IsEmpty)
        {
            function(x, destination);
        }
    }

    /// <summary><c>destination[i] = f(x[i], y[i])</c>.</summary>
    public static void Map<T>(
        ReadOnlySpan<T> x,
        ReadOnlySpan<T> y,
        Span<T> destination,
        Action<ReadOnlySpan<T>, ReadOnlySpan<T>, Span<T>> function,
        [CallerArgumentExpression(nameof(y))] string yName = "",
        [CallerArgumentExpression(nameof(destination))] string destinationName = "")
        where T : IFloatingPointIeee754<T>
    {
        Arguments.Elementwise(x, y, destination, yName, destinationName);
        if (!x.IsEmpty)
        {
            function(x, y, destination);
        }
    }

    /// <summary><c>destination[i] = f(x[i], y)</c>.</summary>
    public static void Map<T>(
        ReadOnlySpan<T> x,
        T y,
        Span<T> destination,
        Action<ReadOnlySpan<T>, T, Span<T>> function,
        [CallerArgumentExpression(nameof(destination))] string destinationName = "")
        where T : IFloatingPointIeee754<T>
    {
        Arguments.Elementwise(x, destination, destinationName);
        if (!x.IsEmpty)
        {
            function(x, y, destination);
        }
    }
}
