using System;
using System.Numerics;
using System.Numerics.Tensors;

namespace AutoDiffGen;

/// <summary>
/// Span primitives for derivative code: elementwise functions, reductions, softmax and log-sum-exp, and the
/// fused adjoint kernels of each (<c>…Adjoint</c>, which <b>add</b> into the adjoint they are given).
/// </summary>
/// <remarks>
/// <para>
/// Inputs are <see cref="ReadOnlySpan{T}"/>, outputs <see cref="Span{T}"/>. An elementwise output must be as
/// long as its inputs and may be one of them (the same span: computed in place) but not overlap one partly;
/// a reduction's output must be apart from its inputs. Anything else is an <see cref="ArgumentException"/>
/// naming the parameter.
/// </para>
/// <para>
/// The operations <see cref="TensorPrimitives"/> has are handed to it, for every element type (the elementwise
/// functions, <see cref="Square{T}"/> as <c>Multiply(x, x)</c>, <see cref="Relu{T}"/> as <c>Max(x, 0)</c>, Sum, Max,
/// Dot, the exp and multiply adjoints as <c>MultiplyAdd</c>); what it lacks (the other fused adjoints, the
/// max-shifted exp-and-sum in softmax and log-sum-exp, GEMM) is written here once and runs on
/// <see cref="System.Runtime.Intrinsics.Vector512{T}"/>, <see cref="System.Runtime.Intrinsics.Vector256{T}"/>
/// or <see cref="System.Runtime.Intrinsics.Vector128{T}"/>, whichever is the widest the hardware accelerates, with a
/// scalar tail; element types other than <see cref="double"/> and <see cref="float"/>, and machines without vector
/// hardware, run it one element at a time.
/// </para>
/// </remarks>
public static partial class SpanMath
{
    /// <summary><c>destination[i] = x[i] + y[i]</c>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="x">The first operand.</param>
    /// <param name="y">The second operand, as long as <paramref name="x"/>.</param>
    /// <param name="destination">The result, as long as <paramref name="x"/>; may be <paramref name="x"/> or <paramref name="y"/>.</param>
    public static void Add<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        where T : IFloatingPointIeee754<T> =>
        Delegated.Map(x, y, destination, TensorPrimitives.Add);

    /// <summary><c>destination[i] = x[i] + y</c>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="x">The span operand.</param>
    /// <param name="y">The scalar operand.</param>
    /// <param name="destination">The result, as long as <paramref name="x"/>; may be <paramref name="x"/>.</param>
    public static void Add<T>(ReadOnlySpan<T> x, T y, Span<T> destination)
        where T : IFloatingPointIeee754<T> =>
        Delegated.Map(x, y, destination, TensorPrimitives.Add);

    /// <summary><c>destination[i] = x[i] - y[i]</c>.</summary>
    /// <inheritdoc cref="Add{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})" path="/param"/>
    /// <typeparam name="T">The element type.</typeparam>
    public static void Subtract<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        where T : IFloatingPointIeee754<T> =>
        Delegated.Map(x, y, destination, TensorPrimitives.Subtract);

    /// <summary><c>destination[i] = x[i] - y</c>.</summary>
    /// <inheritdoc cref="Add{T}(ReadOnlySpan{T}, T, Span{T})" path="/param"/>
    /// <typeparam name="T">The element type.</typeparam>
    public static void Subtract<T>(ReadOnlySpan<T> x, T y, Span<T> destination)
        where T : IFloatingPointIeee754<T> =>
        Delegated.Map(x, y, destination, TensorPrimitives.Subtract);

    /// <summary><c>destination[i] = x[i] * y[i]</c>.</summary>
    /// <inheritdoc cref="Add{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})" path="/param"/>
    /// <typeparam name="T">The element type.</typeparam>
    public static void Multiply<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        where T : IFloatingPointIeee754<T> =>
        Delegated.Map(x, y, destination, TensorPrimitives.Multiply);

    /// <summary><c>destination[i] = x[i] * y</c>.</summary>
    /// <inheritdoc cref="Add{T}(ReadOnlySpan{T}, T, Span{T})" path="/param"/>
    /// <typeparam name="T">The element type.</typeparam>
    public static void Multiply<T>(ReadOnlySpan<T> x, T y, Span<T> destination)
        where T : IFloatingPointIeee754<T> =>
        Delegated.Map(x, y, destination, TensorPrimitives.Multiply);

    /// <summary><c>destination[i] = x[i] / y[i]</c>.</summary>
    /// <inheritdoc cref="Add{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})" path="/param"/>
    /// <typeparam name="T">The element type.</typeparam>
    public static void Divide<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        where T : IFloatingPointIeee754<T> =>
        Delegated.Map(x, y, destination, TensorPrimitives.Divide);

    /// <summary><c>destination[i] = x[i] / y</c>.</summary>
    /// <inheritdoc cref="Add{T}(ReadOnlySpan{T}, T, Span{T})" path="/param"/>
    /// <typeparam name="T">The element type.</typeparam>
    public static void Divide<T>(ReadOnlySpan<T> x, T y, Span<T> destination)
        where T : IFloatingPointIeee754<T> =>
        Delegated.Map(x, y, destination, TensorPrimitives.Divide);

    /// <summary><c>destination[i] = -x[i]</c>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="x">The argument.</param>
    /// <param name="destination">The result, as long as <paramref name="x"/>; may be <paramref name="x"/>.</param>
    public static void Negate<T>(ReadOnlySpan<T> x, Span<T> destination)
        where T : IFloatingPointIeee754<T> =>
        Delegated.Map(x, destination, TensorPrimitives.Negate);

    /// <summary><c>destination[i] = x[i] * x[i]</c>.</summary>
    /// <inheritdoc cref="Negate{T}" path="/param"/>
    /// <typeparam name="T">The element type.</typeparam>
    public static void Square<T>(ReadOnlySpan<T> x, Span<T> destination)
        where T : IFloatingPointIeee754<T> =>
        Delegated.Map(x, destination, static (a, d) => TensorPrimitives.Multiply(a, a, d));

    /// <summary><c>destination[i] = √x[i]</c>.</summary>
    /// <inheritdoc cref="Negate{T}" path="/param"/>
    /// <typeparam name="T">The element type.</typeparam>
    public static void Sqrt<T>(ReadOnlySpan<T> x, Span<T> destination)
        where T : IFloatingPointIeee754<T> =>
        Delegated.Map(x, destination, TensorPrimitives.Sqrt);

    /// <summary><c>destination[i] = e^x[i]</c>.</summary>
    /// <inheritdoc cref="Negate{T}" path="/param"/>
    /// <typeparam name="T">The element type.</typeparam>
    public static void Exp<T>(ReadOnlySpan<T> x, Span<T> destination)
        where T : IFloatingPointIeee754<T> =>
        Delegated.Map(x, destination, TensorPrimitives.Exp);

    /// <summary><c>destination[i] = ln x[i]</c>.</summary>
    /// <inheritdoc cref="Negate{T}" path="/param"/>
    /// <typeparam name="T">The element type.</typeparam>
    public static void Log<T>(ReadOnlySpan<T> x, Span<T> destination)
        where T : IFloatingPointIeee754<T> =>
        Delegated.Map(x, destination, TensorPrimitives.Log);

    /// <summary><c>destination[i] = tanh x[i]</c>.</summary>
    /// <inheritdoc cref="Negate{T}" path="/param"/>
    /// <typeparam name="T">The element type.</typeparam>
    public static void Tanh<T>(ReadOnlySpan<T> x, Span<T> destination)
        where T : IFloatingPointIeee754<T> =>
        Delegated.Map(x, destination, TensorPrimitives.Tanh);

    /// <summary><c>destination[i] = 1 / (1 + e^-x[i])</c>.</summary>
    /// <inheritdoc cref="Negate{T}" path="/param"/>
    /// <typeparam name="T">The element type.</typeparam>
    public static void Sigmoid<T>(ReadOnlySpan<T> x, Span<T> destination)
        where T : IFloatingPointIeee754<T> =>
        Delegated.Map(x, destination, TensorPrimitives.Sigmoid);

    /// <summary><c>destination[i] = max(x[i], 0)</c>, NaN for NaN (as <see cref="Math.Max(double, double)"/>).</summary>
    /// <inheritdoc cref="Negate{T}" path="/param"/>
    /// <typeparam name="T">The element type.</typeparam>
    public static void Relu<T>(ReadOnlySpan<T> x, Span<T> destination)
        where T : IFloatingPointIeee754<T> =>
        Delegated.Map(x, destination, static (a, d) => TensorPrimitives.Max(a, T.Zero, d));

    /// <summary><c>destination[i] = |x[i]|</c>.</summary>
    /// <inheritdoc cref="Negate{T}" path="/param"/>
    /// <typeparam name="T">The element type.</typeparam>
    public static void Abs<T>(ReadOnlySpan<T> x, Span<T> destination)
        where T : IFloatingPointIeee754<T> =>
        Delegated.Map(x, destination, TensorPrimitives.Abs);

    /// <summary><c>destination[i] = sin x[i]</c>.</summary>
    /// <inheritdoc cref="Negate{T}" path="/param"/>
    /// <typeparam name="T">The element type.</typeparam>
    public static void Sin<T>(ReadOnlySpan<T> x, Span<T> destination)
        where T : IFloatingPointIeee754<T> =>
        Delegated.Map(x, destination, TensorPrimitives.Sin);

    /// <summary><c>destination[i] = cos x[i]</c>.</summary>
    /// <inheritdoc cref="Negate{T}" path="/param"/>
    /// <typeparam name="T">The element type.</typeparam>
    public static void Cos<T>(ReadOnlySpan<T> x, Span<T> destination)
        where T : IFloatingPointIeee754<T> =>
        Delegated.Map(x, destination, TensorPrimitives.Cos);
}
