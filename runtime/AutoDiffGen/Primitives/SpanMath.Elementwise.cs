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
/// The operations <see cref="TensorPrimitives"/> has are handed to it (<see cref="Square{T}"/> as
/// <c>Multiply(x, x)</c>, <see cref="Relu{T}"/> as <c>Max(x, 0)</c>, the exp and multiply adjoints as <c>MultiplyAdd</c>);
/// what it lacks (the other fused adjoints, the max-shifted exp-and-sum in softmax and log-sum-exp, GEMM) is vectorized here
/// with <see cref="System.Runtime.Intrinsics.Vector512{T}"/>, <see cref="System.Runtime.Intrinsics.Vector256{T}"/>
/// or <see cref="System.Runtime.Intrinsics.Vector128{T}"/>, whichever is the widest the hardware accelerates,
/// and a scalar tail. Element types other than <see cref="double"/> and <see cref="float"/> run scalar loops.
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
        Delegated.Map(x, y, destination, TensorPrimitives.Add, static (a, b) => a + b);

    /// <summary><c>destination[i] = x[i] + y</c>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="x">The span operand.</param>
    /// <param name="y">The scalar operand.</param>
    /// <param name="destination">The result, as long as <paramref name="x"/>; may be <paramref name="x"/>.</param>
    public static void Add<T>(ReadOnlySpan<T> x, T y, Span<T> destination)
        where T : IFloatingPointIeee754<T> =>
        Delegated.Map(x, y, destination, TensorPrimitives.Add, static (a, b) => a + b);

    /// <summary><c>destination[i] = x[i] - y[i]</c>.</summary>
    /// <inheritdoc cref="Add{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})" path="/param"/>
    /// <typeparam name="T">The element type.</typeparam>
    public static void Subtract<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        where T : IFloatingPointIeee754<T> =>
        Delegated.Map(x, y, destination, TensorPrimitives.Subtract, static (a, b) => a - b);

    /// <summary><c>destination[i] = x[i] - y</c>.</summary>
    /// <inheritdoc cref="Add{T}(ReadOnlySpan{T}, T, Span{T})" path="/param"/>
    /// <typeparam name="T">The element type.</typeparam>
    public static void Subtract<T>(ReadOnlySpan<T> x, T y, Span<T> destination)
        where T : IFloatingPointIeee754<T> =>
        Delegated.Map(x, y, destination, TensorPrimitives.Subtract, static (a, b) => a - b);

    /// <summary><c>destination[i] = x[i] * y[i]</c>.</summary>
    /// <inheritdoc cref="Add{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})" path="/param"/>
    /// <typeparam name="T">The element type.</typeparam>
    public static void Multiply<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        where T : IFloatingPointIeee754<T> =>
        Delegated.Map(x, y, destination, TensorPrimitives.Multiply, static (a, b) => a * b);

    /// <summary><c>destination[i] = x[i] * y</c>.</summary>
    /// <inheritdoc cref="Add{T}(ReadOnlySpan{T}, T, Span{T})" path="/param"/>
    /// <typeparam name="T">The element type.</typeparam>
    public static void Multiply<T>(ReadOnlySpan<T> x, T y, Span<T> destination)
        where T : IFloatingPointIeee754<T> =>
        Delegated.Map(x, y, destination, TensorPrimitives.Multiply, static (a, b) => a * b);

    /// <summary><c>destination[i] = x[i] / y[i]</c>.</summary>
    /// <inheritdoc cref="Add{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})" path="/param"/>
    /// <typeparam name="T">The element type.</typeparam>
    public static void Divide<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        where T : IFloatingPointIeee754<T> =>
        Delegated.Map(x, y, destination, TensorPrimitives.Divide, static (a, b) => a / b);

    /// <summary><c>destination[i] = x[i] / y</c>.</summary>
    /// <inheritdoc cref="Add{T}(ReadOnlySpan{T}, T, Span{T})" path="/param"/>
    /// <typeparam name="T">The element type.</typeparam>
    public static void Divide<T>(ReadOnlySpan<T> x, T y, Span<T> destination)
        where T : IFloatingPointIeee754<T> =>
        Delegated.Map(x, y, destination, TensorPrimitives.Divide, static (a, b) => a / b);

    /// <summary><c>destination[i] = -x[i]</c>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="x">The argument.</param>
    /// <param name="destination">The result, as long as <paramref name="x"/>; may be <paramref name="x"/>.</param>
    public static void Negate<T>(ReadOnlySpan<T> x, Span<T> destination)
        where T : IFloatingPointIeee754<T> =>
        Delegated.Map(x, destination, TensorPrimitives.Negate, static a => -a);

    /// <summary><c>destination[i] = x[i] * x[i]</c>.</summary>
    /// <inheritdoc cref="Negate{T}" path="/param"/>
    /// <typeparam name="T">The element type.</typeparam>
    public static void Square<T>(ReadOnlySpan<T> x, Span<T> destination)
        where T : IFloatingPointIeee754<T> =>
        Delegated.Map(x, destination, static (a, d) => TensorPrimitives.Multiply(a, a, d), static a => a * a);

    /// <summary><c>destination[i] = √x[i]</c>.</summary>
    /// <inheritdoc cref="Negate{T}" path="/param"/>
    /// <typeparam name="T">The element type.</typeparam>
    public static void Sqrt<T>(ReadOnlySpan<T> x, Span<T> destination)
        where T : IFloatingPointIeee754<T> =>
        Delegated.Map(x, destination, TensorPrimitives.Sqrt, static a => T.Sqrt(a));

    /// <summary><c>destination[i] = e^x[i]</c>.</summary>
    /// <inheritdoc cref="Negate{T}" path="/param"/>
    /// <typeparam name="T">The element type.</typeparam>
    public static void Exp<T>(ReadOnlySpan<T> x, Span<T> destination)
        where T : IFloatingPointIeee754<T> =>
        Delegated.Map(x, destination, TensorPrimitives.Exp, static a => T.Exp(a));

    /// <summary><c>destination[i] = ln x[i]</c>.</summary>
    /// <inheritdoc cref="Negate{T}" path="/param"/>
    /// <typeparam name="T">The element type.</typeparam>
    public static void Log<T>(ReadOnlySpan<T> x, Span<T> destination)
        where T : IFloatingPointIeee754<T> =>
        Delegated.Map(x, destination, TensorPrimitives.Log, static a => T.Log(a));

    /// <summary><c>destination[i] = tanh x[i]</c>.</summary>
    /// <inheritdoc cref="Negate{T}" path="/param"/>
    /// <typeparam name="T">The element type.</typeparam>
    public static void Tanh<T>(ReadOnlySpan<T> x, Span<T> destination)
        where T : IFloatingPointIeee754<T> =>
        Delegated.Map(x, destination, TensorPrimitives.Tanh, static a => T.Tanh(a));

    /// <summary><c>destination[i] = 1 / (1 + e^-x[i])</c>.</summary>
    /// <inheritdoc cref="Negate{T}" path="/param"/>
    /// <typeparam name="T">The element type.</typeparam>
    public static void Sigmoid<T>(ReadOnlySpan<T> x, Span<T> destination)
        where T : IFloatingPointIeee754<T> =>
        Delegated.Map(x, destination, TensorPrimitives.Sigmoid, static a => T.One / (T.One + T.Exp(-a)));

    /// <summary><c>destination[i] = max(x[i], 0)</c>, NaN for NaN (as <see cref="Math.Max(double, double)"/>).</summary>
    /// <inheritdoc cref="Negate{T}" path="/param"/>
    /// <typeparam name="T">The element type.</typeparam>
    public static void Relu<T>(ReadOnlySpan<T> x, Span<T> destination)
        where T : IFloatingPointIeee754<T> =>
        Delegated.Map(x, destination, static (a, d) => TensorPrimitives.Max(a, T.Zero, d), static a => T.Max(a, T.Zero));

    /// <summary><c>destination[i] = |x[i]|</c>.</summary>
    /// <inheritdoc cref="Negate{T}" path="/param"/>
    /// <typeparam name="T">The element type.</typeparam>
    public static void Abs<T>(ReadOnlySpan<T> x, Span<T> destination)
        where T : IFloatingPointIeee754<T> =>
        Delegated.Map(x, destination, TensorPrimitives.Abs, static a => T.Abs(a));

    /// <summary><c>destination[i] = sin x[i]</c>.</summary>
    /// <inheritdoc cref="Negate{T}" path="/param"/>
    /// <typeparam name="T">The element type.</typeparam>
    public static void Sin<T>(ReadOnlySpan<T> x, Span<T> destination)
        where T : IFloatingPointIeee754<T> =>
        Delegated.Map(x, destination, TensorPrimitives.Sin, static a => T.Sin(a));

    /// <summary><c>destination[i] = cos x[i]</c>.</summary>
    /// <inheritdoc cref="Negate{T}" path="/param"/>
    /// <typeparam name="T">The element type.</typeparam>
    public static void Cos<T>(ReadOnlySpan<T> x, Span<T> destination)
        where T : IFloatingPointIeee754<T> =>
        Delegated.Map(x, destination, TensorPrimitives.Cos, static a => T.Cos(a));
}
