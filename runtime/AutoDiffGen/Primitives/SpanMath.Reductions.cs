using System;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AutoDiffGen;

// The reductions (sum, mean, max, dot; along an axis of a matrix), softmax and log-sum-exp, and the kernel of the last two.
public static partial class SpanMath
{
    /// <summary>The sum of the elements of <paramref name="x"/>; 0 for an empty span.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="x">The elements.</param>
    /// <returns>Σ x[i], summed in an order of TensorPrimitives' choosing.</returns>
    public static T Sum<T>(ReadOnlySpan<T> x)
        where T : IFloatingPointIeee754<T> =>
        TensorPrimitives.Sum(x);

    /// <summary>The mean of the elements of <paramref name="x"/>: <see cref="Sum{T}"/> / length.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="x">The elements; not empty.</param>
    /// <returns>Σ x[i] / n.</returns>
    /// <exception cref="ArgumentException"><paramref name="x"/> is empty.</exception>
    public static T Mean<T>(ReadOnlySpan<T> x)
        where T : IFloatingPointIeee754<T>
    {
        NotEmpty(x);
        return Sum(x) / T.CreateChecked(x.Length);
    }

    /// <summary>The largest element of <paramref name="x"/>: NaN if any is NaN, and +0 above -0 (as <see cref="Math.Max(double, double)"/>).</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="x">The elements; not empty.</param>
    /// <returns>max x[i].</returns>
    /// <exception cref="ArgumentException"><paramref name="x"/> is empty.</exception>
    public static T Max<T>(ReadOnlySpan<T> x)
        where T : IFloatingPointIeee754<T>
    {
        NotEmpty(x);
        return TensorPrimitives.Max(x);
    }

    /// <summary>The dot product of <paramref name="x"/> and <paramref name="y"/>; 0 for empty spans.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="x">The first operand.</param>
    /// <param name="y">The second operand, as long as <paramref name="x"/>.</param>
    /// <returns>Σ x[i]·y[i], summed in an order of TensorPrimitives' choosing.</returns>
    public static T Dot<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y)
        where T : IFloatingPointIeee754<T>
    {
        Arguments.Length(x.Length, y.Length, nameof(y));
        return TensorPrimitives.Dot(x, y);
    }

    /// <summary>
    /// <c>log Σ e^x[i]</c>, computed as <c>m + log Σ e^(x[i] - m)</c> with <c>m = max x</c>, so that it neither
    /// overflows nor underflows: −∞ for an empty span or one of only −∞, +∞ if any element is +∞, NaN if any is NaN.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="x">The elements.</param>
    /// <returns>The log of the sum of the exponentials.</returns>
    public static T LogSumExp<T>(ReadOnlySpan<T> x)
        where T : IFloatingPointIeee754<T>
    {
        if (x.IsEmpty)
        {
            return T.NegativeInfinity;
        }
        T max = Max(x);
        if (!T.IsFinite(max))
        {
            return max;
        }
        return max + T.Log(ExpShiftedSum(x, max, []));
    }

    /// <summary>
    /// <c>destination[i] = e^x[i] / Σ e^x[j]</c>, computed with every exponent shifted by <c>max x</c> so that it
    /// neither overflows nor underflows. All NaN if any element is NaN or +∞, or if all are −∞.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="x">The logits.</param>
    /// <param name="destination">The probabilities, as long as <paramref name="x"/>; may be <paramref name="x"/>.</param>
    public static void Softmax<T>(ReadOnlySpan<T> x, Span<T> destination)
        where T : IFloatingPointIeee754<T>
    {
        Arguments.Elementwise(x, destination);
        if (x.IsEmpty)
        {
            return;
        }
        T sum = ExpShiftedSum(x, Max(x), destination);
        Divide(destination, sum, destination);
    }

    /// <summary>The sum of the rows of a row-major matrix: <c>destination[j] = Σᵢ matrix[i, j]</c>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="matrix">The matrix, <paramref name="rows"/> × <paramref name="columns"/>, row-major.</param>
    /// <param name="rows">The number of rows.</param>
    /// <param name="columns">The number of columns.</param>
    /// <param name="destination">The column sums, <paramref name="columns"/> long, apart from <paramref name="matrix"/>.</param>
    public static void SumOverRows<T>(ReadOnlySpan<T> matrix, int rows, int columns, Span<T> destination)
        where T : IFloatingPointIeee754<T>
    {
        Arguments.Matrix(matrix.Length, rows, columns, nameof(matrix));
        Arguments.Length(columns, destination.Length, nameof(destination));
        Arguments.Disjoint(matrix, destination, nameof(destination));
        destination.Clear();
        for (int i = 0; i < rows; i++)
        {
            Add(destination, matrix.Slice(i * columns, columns), destination);
        }
    }

    /// <summary>The sum of each row of a row-major matrix: <c>destination[i] = Σⱼ matrix[i, j]</c>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="matrix">The matrix, <paramref name="rows"/> × <paramref name="columns"/>, row-major.</param>
    /// <param name="rows">The number of rows.</param>
    /// <param name="columns">The number of columns.</param>
    /// <param name="destination">The row sums, <paramref name="rows"/> long, apart from <paramref name="matrix"/>.</param>
    public static void SumOverColumns<T>(ReadOnlySpan<T> matrix, int rows, int columns, Span<T> destination)
        where T : IFloatingPointIeee754<T> =>
        ReduceRows(matrix, rows, columns, destination, Sum);

    /// <summary>The largest element of each row of a row-major matrix, as <see cref="Max{T}"/>.</summary>
    /// <inheritdoc cref="SumOverColumns{T}" path="/param"/>
    /// <typeparam name="T">The element type.</typeparam>
    /// <exception cref="ArgumentException">The rows are empty (<paramref name="columns"/> is 0 and <paramref name="rows"/> is not).</exception>
    public static void MaxOverColumns<T>(ReadOnlySpan<T> matrix, int rows, int columns, Span<T> destination)
        where T : IFloatingPointIeee754<T>
    {
        if (columns == 0 && rows > 0)
        {
            throw new ArgumentException("The maximum of an empty row is not defined.", nameof(columns));
        }
        ReduceRows(matrix, rows, columns, destination, Max);
    }

    /// <summary>The log-sum-exp of each row of a row-major matrix, as <see cref="LogSumExp{T}"/>.</summary>
    /// <inheritdoc cref="SumOverColumns{T}" path="/param"/>
    /// <typeparam name="T">The element type.</typeparam>
    public static void LogSumExpOverColumns<T>(ReadOnlySpan<T> matrix, int rows, int columns, Span<T> destination)
        where T : IFloatingPointIeee754<T> =>
        ReduceRows(matrix, rows, columns, destination, LogSumExp);

    /// <summary>The softmax of each row of a row-major matrix, as <see cref="Softmax{T}"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="matrix">The matrix, <paramref name="rows"/> × <paramref name="columns"/>, row-major.</param>
    /// <param name="rows">The number of rows.</param>
    /// <param name="columns">The number of columns.</param>
    /// <param name="destination">The probabilities, the same shape as <paramref name="matrix"/>; may be <paramref name="matrix"/>.</param>
    public static void SoftmaxOverColumns<T>(ReadOnlySpan<T> matrix, int rows, int columns, Span<T> destination)
        where T : IFloatingPointIeee754<T>
    {
        Arguments.Matrix(matrix.Length, rows, columns, nameof(matrix));
        Arguments.Elementwise(matrix, destination);
        for (int i = 0; i < rows; i++)
        {
            Softmax(matrix.Slice(i * columns, columns), destination.Slice(i * columns, columns));
        }
    }

    /// <summary><c>destination[i] = reduce(row i)</c>, after checking the shapes.</summary>
    private static void ReduceRows<T>(
        ReadOnlySpan<T> matrix, int rows, int columns, Span<T> destination, ReadOnlySpanFunc<T, T> reduce)
        where T : IFloatingPointIeee754<T>
    {
        Arguments.Matrix(matrix.Length, rows, columns, nameof(matrix));
        Arguments.Length(rows, destination.Length, nameof(destination));
        Arguments.Disjoint(matrix, destination, nameof(destination));
        for (int i = 0; i < rows; i++)
        {
            destination[i] = reduce(matrix.Slice(i * columns, columns));
        }
    }

    private static void NotEmpty<T>(ReadOnlySpan<T> x, [CallerArgumentExpression(nameof(x))] string name = "")
    {
        if (x.IsEmpty)
        {
            throw new ArgumentException($"{name} is empty.", name);
        }
    }

    /// <summary>
    /// <c>Σ e^(x[i] - shift)</c> in one pass, also writing each <c>e^(x[i] - shift)</c> into
    /// <paramref name="destination"/> unless it is empty. Written here: TensorPrimitives' SoftMax does not shift by
    /// the maximum (it overflows from x = 710 in double, 89 in float), and it has no log-sum-exp; its Subtract, Exp
    /// and Sum would take three passes and, for log-sum-exp, a scratch span.
    /// </summary>
    private static T ExpShiftedSum<T>(ReadOnlySpan<T> x, T shift, Span<T> destination)
        where T : IFloatingPointIeee754<T>
    {
        T sum = T.Zero;
        ref T start = ref MemoryMarshal.GetReference(x);
        Kernels.Run(
            new ExpShiftedSumLoop<T>(shift, store: !destination.IsEmpty), x.Length,
            ref start, ref MemoryMarshal.GetReference(destination), ref sum, ref start, ref start);
        return sum;
    }

    private delegate TResult ReadOnlySpanFunc<T, TResult>(ReadOnlySpan<T> span);

    /// <summary>(x, destination, sum): <c>sum += Σ e^(x - shift)</c>, each also stored in destination if <paramref name="store"/>.</summary>
    private readonly struct ExpShiftedSumLoop<T>(T shift, bool store) : ILaneLoop<T>
        where T : IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step<TLanes>(ref T x, ref T destination, ref T sum, ref T unused4, ref T unused5, int index)
            where TLanes : struct, ILanes<TLanes, T>
        {
            TLanes exp = TLanes.Exp(TLanes.Load(ref x, index) - TLanes.Create(shift));
            if (store)
            {
                exp.Store(ref destination, index);
            }
            sum += TLanes.Sum(exp);
        }
    }
}
