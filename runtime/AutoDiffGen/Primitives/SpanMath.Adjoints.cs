using System;
using System.Numerics;
using System.Numerics.Tensors;

namespace AutoDiffGen;

// The adjoints: each ADDS into dx (da, db), as pullbacks do, so the adjoints of a value used twice accumulate.
// Those TensorPrimitives has in one call are handed to it: a product of two spans added into the adjoint (exp,
// multiply) to its MultiplyAdd, a scalar added (sum, mean) to its Add, a scaled span (AddScaled) to MultiplyAdd.
// It has none of the others in one call (log: dy / x, tanh: dy·(1 − y²), sigmoid: dy·y·(1 − y), relu: a select,
// square: a product of three, sqrt: dy / 2y, divide's pair, softmax: y·(dy − s), log-sum-exp: dy·e^(x − y)); each
// would take two or three of its passes and a scratch span, so they are fused kernels here (Kernels, over
// ILanes), each reading its inputs and the adjoint it adds into once, in one pass.
public static partial class SpanMath
{
    /// <summary>The adjoint of <see cref="Exp{T}"/>: <c>dx[i] += dy[i] · y[i]</c>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="y">The result of the forward pass, <c>e^x</c>.</param>
    /// <param name="dy">The adjoint of <paramref name="y"/>, as long as <paramref name="y"/>.</param>
    /// <param name="dx">The adjoint of x, added into; as long as <paramref name="y"/>.</param>
    public static void ExpAdjoint<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx)
        where T : IFloatingPointIeee754<T>
    {
        Arguments.Elementwise(y, dy, dx);
        TensorPrimitives.MultiplyAdd(y, dy, dx, dx);
    }

    /// <summary>The adjoint of <see cref="Log{T}"/>: <c>dx[i] += dy[i] / x[i]</c>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="x">The argument of the forward pass.</param>
    /// <param name="dy">The adjoint of the result, as long as <paramref name="x"/>.</param>
    /// <param name="dx">The adjoint of <paramref name="x"/>, added into; as long as <paramref name="x"/>.</param>
    public static void LogAdjoint<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dx)
        where T : IFloatingPointIeee754<T> =>
        Kernels.Accumulate(new LogAdjointKernel<T>(), x, dy, dx);

    /// <summary>The adjoint of <see cref="Tanh{T}"/>: <c>dx[i] += dy[i] · (1 - y[i]²)</c>.</summary>
    /// <inheritdoc cref="ExpAdjoint{T}" path="/param"/>
    /// <typeparam name="T">The element type.</typeparam>
    public static void TanhAdjoint<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx)
        where T : IFloatingPointIeee754<T> =>
        Kernels.Accumulate(new TanhAdjointKernel<T>(), y, dy, dx);

    /// <summary>The adjoint of <see cref="Sigmoid{T}"/>: <c>dx[i] += dy[i] · y[i] · (1 - y[i])</c>.</summary>
    /// <inheritdoc cref="ExpAdjoint{T}" path="/param"/>
    /// <typeparam name="T">The element type.</typeparam>
    public static void SigmoidAdjoint<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx)
        where T : IFloatingPointIeee754<T> =>
        Kernels.Accumulate(new SigmoidAdjointKernel<T>(), y, dy, dx);

    /// <summary>The adjoint of <see cref="Relu{T}"/>: <c>dx[i] += x[i] &gt; 0 ? dy[i] : 0</c> (0 at x = 0 and for NaN x).</summary>
    /// <inheritdoc cref="LogAdjoint{T}" path="/param"/>
    /// <typeparam name="T">The element type.</typeparam>
    public static void ReluAdjoint<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dx)
        where T : IFloatingPointIeee754<T> =>
        Kernels.Accumulate(new ReluAdjointKernel<T>(), x, dy, dx);

    /// <summary>The adjoint of <see cref="Square{T}"/>: <c>dx[i] += 2 · x[i] · dy[i]</c>.</summary>
    /// <inheritdoc cref="LogAdjoint{T}" path="/param"/>
    /// <typeparam name="T">The element type.</typeparam>
    public static void SquareAdjoint<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dx)
        where T : IFloatingPointIeee754<T> =>
        Kernels.Accumulate(new SquareAdjointKernel<T>(), x, dy, dx);

    /// <summary>The adjoint of <see cref="Sqrt{T}"/>: <c>dx[i] += dy[i] / (2 · y[i])</c>.</summary>
    /// <inheritdoc cref="ExpAdjoint{T}" path="/param"/>
    /// <typeparam name="T">The element type.</typeparam>
    public static void SqrtAdjoint<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx)
        where T : IFloatingPointIeee754<T> =>
        Kernels.Accumulate(new SqrtAdjointKernel<T>(), y, dy, dx);

    /// <summary>The adjoint of <see cref="Multiply{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})"/>: <c>da[i] += dy[i] · b[i]</c>, <c>db[i] += dy[i] · a[i]</c>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="a">The first operand of the forward pass.</param>
    /// <param name="b">The second operand, as long as <paramref name="a"/>.</param>
    /// <param name="dy">The adjoint of the result, as long as <paramref name="a"/>.</param>
    /// <param name="da">The adjoint of <paramref name="a"/>, added into; as long as <paramref name="a"/>.</param>
    /// <param name="db">
    /// The adjoint of <paramref name="b"/>, added into; as long as <paramref name="a"/>. It may be
    /// <paramref name="da"/> itself (for <c>a * a</c>); both contributions are then added.
    /// </param>
    public static void MultiplyAdjoint<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, ReadOnlySpan<T> dy, Span<T> da, Span<T> db)
        where T : IFloatingPointIeee754<T>
    {
        // TensorPrimitives' MultiplyAdd, a pass for each adjoint, where the first pass writes nothing the second reads;
        // the fused kernel reads every input before it writes, for da that is dy or a itself.
        if (da.Overlaps(dy) || da.Overlaps(a))
        {
            Kernels.AccumulatePair(new MultiplyAdjointKernel<T>(), a, b, dy, da, db);
            return;
        }
        Arguments.Pair(a, b, dy, da, db, nameof(b), nameof(dy), nameof(da), nameof(db));
        TensorPrimitives.MultiplyAdd(dy, b, da, da);
        TensorPrimitives.MultiplyAdd(dy, a, db, db);
    }

    /// <summary>
    /// The adjoint of <see cref="Divide{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})"/>:
    /// <c>da[i] += dy[i] / b[i]</c>, <c>db[i] -= (dy[i] / b[i]) · (a[i] / b[i])</c>.
    /// </summary>
    /// <inheritdoc cref="MultiplyAdjoint{T}" path="/param"/>
    /// <typeparam name="T">The element type.</typeparam>
    public static void DivideAdjoint<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, ReadOnlySpan<T> dy, Span<T> da, Span<T> db)
        where T : IFloatingPointIeee754<T> =>
        Kernels.AccumulatePair(new DivideAdjointKernel<T>(), a, b, dy, da, db);

    /// <summary>The adjoint of <see cref="Softmax{T}"/>: <c>dx[i] += y[i] · (dy[i] - Σⱼ dy[j] · y[j])</c>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="y">The result of the forward pass, the probabilities.</param>
    /// <param name="dy">The adjoint of <paramref name="y"/>, as long as <paramref name="y"/>.</param>
    /// <param name="dx">The adjoint of the logits, added into; as long as <paramref name="y"/>.</param>
    public static void SoftmaxAdjoint<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx)
        where T : IFloatingPointIeee754<T>
    {
        Arguments.Elementwise(y, dy, dx); // before Dot, which would name its own parameters
        Kernels.Accumulate(new SoftmaxAdjointKernel<T>(Dot(dy, y)), y, dy, dx);
    }

    /// <summary>The adjoint of <see cref="SoftmaxOverColumns{T}"/>: <see cref="SoftmaxAdjoint{T}"/> of each row.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="y">The result of the forward pass, <paramref name="rows"/> × <paramref name="columns"/>, row-major.</param>
    /// <param name="dy">The adjoint of <paramref name="y"/>, the same shape.</param>
    /// <param name="rows">The number of rows.</param>
    /// <param name="columns">The number of columns.</param>
    /// <param name="dx">The adjoint of the logits, added into; the same shape.</param>
    public static void SoftmaxOverColumnsAdjoint<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, int rows, int columns, Span<T> dx)
        where T : IFloatingPointIeee754<T>
    {
        Arguments.Matrix(y.Length, rows, columns, nameof(y));
        Arguments.Elementwise(y, dy, dx);
        for (int i = 0; i < rows; i++)
        {
            Range row = new(i * columns, (i + 1) * columns);
            SoftmaxAdjoint(y[row], dy[row], dx[row]);
        }
    }

    /// <summary>The adjoint of <see cref="LogSumExp{T}"/>: <c>dx[i] += dy · e^(x[i] - y)</c>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="x">The argument of the forward pass.</param>
    /// <param name="y">Its result, <c>LogSumExp(x)</c>.</param>
    /// <param name="dy">The adjoint of <paramref name="y"/>.</param>
    /// <param name="dx">The adjoint of <paramref name="x"/>, added into; as long as <paramref name="x"/>.</param>
    public static void LogSumExpAdjoint<T>(ReadOnlySpan<T> x, T y, T dy, Span<T> dx)
        where T : IFloatingPointIeee754<T> =>
        Kernels.Map(new LogSumExpAdjointKernel<T>(y, dy), x, dx, accumulate: true);

    /// <summary>The adjoint of <see cref="LogSumExpOverColumns{T}"/>: <see cref="LogSumExpAdjoint{T}"/> of each row.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="x">The argument of the forward pass, <paramref name="rows"/> × <paramref name="columns"/>, row-major.</param>
    /// <param name="y">Its result, one per row.</param>
    /// <param name="dy">The adjoint of <paramref name="y"/>, one per row.</param>
    /// <param name="rows">The number of rows.</param>
    /// <param name="columns">The number of columns.</param>
    /// <param name="dx">The adjoint of <paramref name="x"/>, added into; the same shape.</param>
    public static void LogSumExpOverColumnsAdjoint<T>(
        ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, int rows, int columns, Span<T> dx)
        where T : IFloatingPointIeee754<T>
    {
        Arguments.Matrix(x.Length, rows, columns, nameof(x));
        Arguments.Length(rows, y.Length, nameof(y));
        Arguments.Length(rows, dy.Length, nameof(dy));
        Arguments.Elementwise(x, dx);
        for (int i = 0; i < rows; i++)
        {
            Range row = new(i * columns, (i + 1) * columns);
            LogSumExpAdjoint(x[row], y[i], dy[i], dx[row]);
        }
    }

    /// <summary>The adjoint of <see cref="Sum{T}"/>: <c>dx[i] += dy</c>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="dy">The adjoint of the sum.</param>
    /// <param name="dx">The adjoint of the elements summed, added into.</param>
    public static void SumAdjoint<T>(T dy, Span<T> dx)
        where T : IFloatingPointIeee754<T> =>
        Add(dx, dy, dx);

    /// <summary>The adjoint of <see cref="Mean{T}"/>: <c>dx[i] += dy / n</c>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="dy">The adjoint of the mean.</param>
    /// <param name="dx">The adjoint of the elements averaged, added into.</param>
    public static void MeanAdjoint<T>(T dy, Span<T> dx)
        where T : IFloatingPointIeee754<T>
    {
        if (!dx.IsEmpty)
        {
            Add(dx, dy / T.CreateChecked(dx.Length), dx);
        }
    }

    /// <summary>The adjoint of <see cref="SumOverRows{T}"/>: <c>dx[i, j] += dy[j]</c>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="dy">The adjoint of the column sums, <paramref name="columns"/> long, apart from <paramref name="dx"/>.</param>
    /// <param name="rows">The number of rows.</param>
    /// <param name="columns">The number of columns.</param>
    /// <param name="dx">The adjoint of the matrix, <paramref name="rows"/> × <paramref name="columns"/>, added into.</param>
    public static void SumOverRowsAdjoint<T>(ReadOnlySpan<T> dy, int rows, int columns, Span<T> dx)
        where T : IFloatingPointIeee754<T>
    {
        Arguments.Matrix(dx.Length, rows, columns, nameof(dx));
        Arguments.Length(columns, dy.Length, nameof(dy));
        Arguments.Disjoint(dy, dx, nameof(dx));
        for (int i = 0; i < rows; i++)
        {
            Span<T> row = dx.Slice(i * columns, columns);
            Add(row, dy, row);
        }
    }

    /// <summary>The adjoint of <see cref="SumOverColumns{T}"/>: <c>dx[i, j] += dy[i]</c>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="dy">The adjoint of the row sums, <paramref name="rows"/> long, apart from <paramref name="dx"/>.</param>
    /// <param name="rows">The number of rows.</param>
    /// <param name="columns">The number of columns.</param>
    /// <param name="dx">The adjoint of the matrix, <paramref name="rows"/> × <paramref name="columns"/>, added into.</param>
    public static void SumOverColumnsAdjoint<T>(ReadOnlySpan<T> dy, int rows, int columns, Span<T> dx)
        where T : IFloatingPointIeee754<T>
    {
        Arguments.Matrix(dx.Length, rows, columns, nameof(dx));
        Arguments.Length(rows, dy.Length, nameof(dy));
        Arguments.Disjoint(dy, dx, nameof(dx));
        for (int i = 0; i < rows; i++)
        {
            Span<T> row = dx.Slice(i * columns, columns);
            Add(row, dy[i], row);
        }
    }

    /// <summary><c>dx[i] += alpha · dy[i]</c>: the adjoint of a scaling by <paramref name="alpha"/>, and of a sum (alpha = 1) or difference (±1).</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="dy">The adjoint of the result.</param>
    /// <param name="alpha">The scale.</param>
    /// <param name="dx">The adjoint added into, as long as <paramref name="dy"/>.</param>
    public static void AddScaled<T>(ReadOnlySpan<T> dy, T alpha, Span<T> dx)
        where T : IFloatingPointIeee754<T> =>
        LinearAlgebra.AddScaled(alpha, dy, dx);

    private readonly struct LogAdjointKernel<T> : IKernel2<T>
        where T : IFloatingPointIeee754<T>
    {
        public TLanes Apply<TLanes>(TLanes x, TLanes dy)
            where TLanes : struct, ILanes<TLanes, T> => dy / x;
    }

    private readonly struct TanhAdjointKernel<T> : IKernel2<T>
        where T : IFloatingPointIeee754<T>
    {
        public TLanes Apply<TLanes>(TLanes y, TLanes dy)
            where TLanes : struct, ILanes<TLanes, T> => dy * (TLanes.Create(T.One) - y * y);
    }

    private readonly struct SigmoidAdjointKernel<T> : IKernel2<T>
        where T : IFloatingPointIeee754<T>
    {
        public TLanes Apply<TLanes>(TLanes y, TLanes dy)
            where TLanes : struct, ILanes<TLanes, T> => dy * y * (TLanes.Create(T.One) - y);
    }

    private readonly struct ReluAdjointKernel<T> : IKernel2<T>
        where T : IFloatingPointIeee754<T>
    {
        public TLanes Apply<TLanes>(TLanes x, TLanes dy)
            where TLanes : struct, ILanes<TLanes, T> => TLanes.WherePositive(x, dy);
    }

    private readonly struct SquareAdjointKernel<T> : IKernel2<T>
        where T : IFloatingPointIeee754<T>
    {
        public TLanes Apply<TLanes>(TLanes x, TLanes dy)
            where TLanes : struct, ILanes<TLanes, T> => (x + x) * dy;
    }

    private readonly struct SqrtAdjointKernel<T> : IKernel2<T>
        where T : IFloatingPointIeee754<T>
    {
        public TLanes Apply<TLanes>(TLanes y, TLanes dy)
            where TLanes : struct, ILanes<TLanes, T> => dy / (y + y);
    }

    private readonly struct SoftmaxAdjointKernel<T>(T dotOfDyAndY) : IKernel2<T>
        where T : IFloatingPointIeee754<T>
    {
        public TLanes Apply<TLanes>(TLanes y, TLanes dy)
            where TLanes : struct, ILanes<TLanes, T> => y * (dy - TLanes.Create(dotOfDyAndY));
    }

    private readonly struct LogSumExpAdjointKernel<T>(T y, T dy) : IKernel1<T>
        where T : IFloatingPointIeee754<T>
    {
        public TLanes Apply<TLanes>(TLanes x)
            where TLanes : struct, ILanes<TLanes, T> => TLanes.Create(dy) * TLanes.Exp(x - TLanes.Create(y));
    }

    private readonly struct MultiplyAdjointKernel<T> : IPairKernel<T>
        where T : IFloatingPointIeee754<T>
    {
        public void Apply<TLanes>(TLanes a, TLanes b, TLanes dy, out TLanes da, out TLanes db)
            where TLanes : struct, ILanes<TLanes, T>
        {
            da = dy * b;
            db = dy * a;
        }
    }

    private readonly struct DivideAdjointKernel<T> : IPairKernel<T>
        where T : IFloatingPointIeee754<T>
    {
        public void Apply<TLanes>(TLanes a, TLanes b, TLanes dy, out TLanes da, out TLanes db)
            where TLanes : struct, ILanes<TLanes, T>
        {
            da = dy / b;
            db = -(da * (a / b));
        }
    }
}
