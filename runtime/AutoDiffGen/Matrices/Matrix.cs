using System;
using System.Globalization;
using System.Linq;
using System.Numerics.Tensors;
using System.Text;

namespace AutoDiffGen;

/// <summary>
/// A dense row-major matrix of doubles, shape-checked: what seed-style code (<c>W * X + b</c>,
/// <c>Matrix.Mean(Matrix.Square(y - p))</c>) computes with. <c>*</c> of two matrices is the matrix product;
/// <c>+</c> and <c>-</c> are elementwise and broadcast a column vector (rows × 1) across the columns and a row
/// vector (1 × columns) down the rows, as NumPy does; <see cref="Hadamard"/> is the elementwise product.
/// An operation on shapes that do not fit throws an <see cref="ArgumentException"/> naming the operation and
/// both shapes. Each operation's pullback and pushforward are registered next to it with
/// <see cref="DerivativeOfAttribute"/> (<c>Matrix.Derivatives.cs</c>); inside a <see cref="MatrixWorkspace"/> scope the
/// matrices the operations create come from a pool.
/// </summary>
public sealed partial class Matrix
{
    private readonly double[] _values;

    /// <summary>A zero matrix.</summary>
    /// <param name="rows">The number of rows (≥ 0).</param>
    /// <param name="columns">The number of columns (≥ 0).</param>
    public Matrix(int rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        Rows = rows;
        Columns = columns;
        _values = new double[checked(rows * columns)];
    }

    /// <summary>A matrix holding <paramref name="values"/>, row after row.</summary>
    /// <exception cref="ArgumentException"><paramref name="values"/> does not have rows × columns elements.</exception>
    public Matrix(int rows, int columns, ReadOnlySpan<double> values)
        : this(rows, columns)
    {
        if (values.Length != _values.Length)
        {
            throw new ArgumentException($"A {rows}×{columns} matrix needs {_values.Length} values but {values.Length} were given.", nameof(values));
        }

        values.CopyTo(_values);
    }

    /// <summary>The matrix whose rows are <paramref name="rows"/> (all of the same length).</summary>
    /// <exception cref="ArgumentException">The rows do not all have the same length.</exception>
    public static Matrix FromRows(params double[][] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        int columns = rows.Length == 0 ? 0 : rows[0].Length;
        var result = new Matrix(rows.Length, columns);
        for (int i = 0; i < rows.Length; i++)
        {
            if (rows[i].Length != columns)
            {
                throw new ArgumentException($"Row {i} has {rows[i].Length} values but row 0 has {columns}.", nameof(rows));
            }

            rows[i].CopyTo(result._values, i * columns);
        }

        return result;
    }

    /// <summary>The number of rows.</summary>
    public int Rows { get; }

    /// <summary>The number of columns.</summary>
    public int Columns { get; }

    /// <summary>The shape as text: <c>2×3</c>.</summary>
    public string Shape => $"{Rows}×{Columns}";

    /// <summary>The element in row <paramref name="row"/>, column <paramref name="column"/>.</summary>
    public double this[int row, int column]
    {
        get => _values[Index(row, column)];
        set => _values[Index(row, column)] = value;
    }

    /// <summary>The elements, row after row.</summary>
    public Span<double> AsSpan() => _values;

    /// <summary>Row <paramref name="row"/>.</summary>
    public Span<double> Row(int row)
    {
        if ((uint)row >= (uint)Rows) throw new ArgumentOutOfRangeException(nameof(row), row, $"The matrix has {Rows} rows.");
        return _values.AsSpan(row * Columns, Columns);
    }

    /// <summary>The matrix product: (m × k) · (k × n) is m × n.</summary>
    public static Matrix operator *(Matrix a, Matrix b)
    {
        CheckProductShapes(a, b);
        var c = Allocate(a.Rows, b.Columns, zeroed: false);
        Gemm(a, false, b, false, 0.0, c);
        return c;
    }

    /// <summary>Elementwise sum, broadcasting a column or row vector (see <see cref="Matrix"/>).</summary>
    public static Matrix operator +(Matrix a, Matrix b) => Broadcast("Adding", a, b, static (x, y, d) => SpanMath.Add(x, y, d), static (x, y, d) => SpanMath.Add(x, y, d), static (x, y, d) => SpanMath.Add(x, y, d));

    /// <summary>Elementwise difference, broadcasting a column or row vector (see <see cref="Matrix"/>).</summary>
    public static Matrix operator -(Matrix a, Matrix b) => Broadcast("Subtracting", a, b, static (x, y, d) => SpanMath.Subtract(x, y, d), static (x, y, d) => SpanMath.Subtract(x, y, d), static (x, y, d) =>
    {
        // y - x for a row x and the scalar y
        SpanMath.Subtract(x, y, d);
        SpanMath.Negate<double>(d, d);
    });

    /// <summary>Every element negated.</summary>
    [DifferentiateAs(nameof(Elementwise), nameof(NegationRule))]
    public static Matrix operator -(Matrix a) => Elementwise(NegationRule, a);

    /// <summary>Every element times <paramref name="s"/>.</summary>
    public static Matrix operator *(double s, Matrix a) => Map(a, s, static (x, y, d) => SpanMath.Multiply(x, y, d));

    /// <summary>Every element times <paramref name="s"/>.</summary>
    public static Matrix operator *(Matrix a, double s) => s * a;

    /// <summary>Every element divided by <paramref name="s"/>.</summary>
    public static Matrix operator /(Matrix a, double s) => Map(a, s, static (x, y, d) => SpanMath.Divide(x, y, d));

    /// <summary>Every element plus <paramref name="s"/>.</summary>
    public static Matrix operator +(Matrix a, double s) => Map(a, s, static (x, y, d) => SpanMath.Add(x, y, d));

    /// <summary>Every element minus <paramref name="s"/>.</summary>
    public static Matrix operator -(Matrix a, double s) => Map(a, s, static (x, y, d) => SpanMath.Subtract(x, y, d));

    /// <summary>The elementwise product of two matrices of the same shape.</summary>
    public static Matrix Hadamard(Matrix a, Matrix b)
    {
        CheckHadamardShapes(a, b);
        var c = Allocate(a.Rows, a.Columns, zeroed: false);
        SpanMath.Multiply<double>(a._values, b._values, c._values);
        return c;
    }

    /// <summary>The transpose: n × m for an m × n matrix.</summary>
    public static Matrix Transpose(Matrix a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var t = Allocate(a.Columns, a.Rows, zeroed: false);
        TransposeInto(a, t, accumulate: false);
        return t;
    }

    /// <summary>Each element squared.</summary>
    [DifferentiateAs(nameof(Elementwise), nameof(SquareRule))]
    public static Matrix Square(Matrix a) => Elementwise(SquareRule, a);

    /// <summary>e to each element.</summary>
    [DifferentiateAs(nameof(Elementwise), nameof(ExpRule))]
    public static Matrix Exp(Matrix a) => Elementwise(ExpRule, a);

    /// <summary>The natural logarithm of each element.</summary>
    [DifferentiateAs(nameof(Elementwise), nameof(LogRule))]
    public static Matrix Log(Matrix a) => Elementwise(LogRule, a);

    /// <summary>The hyperbolic tangent of each element.</summary>
    [DifferentiateAs(nameof(Elementwise), nameof(TanhRule))]
    public static Matrix Tanh(Matrix a) => Elementwise(TanhRule, a);

    /// <summary>1 / (1 + e^-x) of each element x.</summary>
    [DifferentiateAs(nameof(Elementwise), nameof(SigmoidRule))]
    public static Matrix Sigmoid(Matrix a) => Elementwise(SigmoidRule, a);

    /// <summary>max(x, 0) of each element x.</summary>
    [DifferentiateAs(nameof(Elementwise), nameof(ReluRule))]
    public static Matrix Relu(Matrix a) => Elementwise(ReluRule, a);

    /// <summary>
    /// The softmax of each <b>column</b>: classes run along the rows and each column is one sample, the layout of
    /// <c>W * X + b</c> with a column-vector bias. Every column of the result sums to 1; it is computed with each column
    /// shifted by its largest element, so that it neither overflows nor underflows.
    /// </summary>
    public static Matrix Softmax(Matrix a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var s = Allocate(a.Rows, a.Columns, zeroed: false);
        var scratch = Allocate(2, a.Columns, zeroed: false);
        Span<double> sums = scratch.Row(1);
        ShiftedExponentials(a, scratch.Row(0), sums, s);
        for (int i = 0; i < a.Rows; i++) SpanMath.Divide<double>(s.Row(i), sums, s.Row(i));
        return s;
    }

    /// <summary>The sum of all elements.</summary>
    public static double Sum(Matrix a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return SpanMath.Sum<double>(a._values);
    }

    /// <summary>The mean of all elements.</summary>
    /// <exception cref="ArgumentException">The matrix is empty.</exception>
    public static double Mean(Matrix a)
    {
        ArgumentNullException.ThrowIfNull(a);
        if (a._values.Length == 0) throw new ArgumentException("The mean of an empty (" + a.Shape + ") matrix is undefined.", nameof(a));
        return SpanMath.Mean<double>(a._values);
    }

    /// <summary>The mean squared error: the mean of (y - prediction)², elementwise over matrices of the same shape.</summary>
    public static double MseLoss(Matrix y, Matrix prediction)
    {
        CheckMseLossShapes(y, prediction);
        return Mean(Square(y - prediction));
    }

    /// <summary>
    /// The cross-entropy of <paramref name="labels"/> and <c>softmax(<paramref name="logits"/>)</c>, averaged over the
    /// samples: <c>−(1/N) Σⱼ Σᵢ labels[i, j] · log softmax(logits)[i, j]</c>. As in <see cref="Softmax"/>, each column is
    /// one sample (classes along the rows); the labels are usually one-hot or probabilities per column. The log-softmax
    /// is computed as <c>logits − logsumexp</c> per column, so large logits neither overflow nor lose the result.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes differ, or there are no samples (no columns).</exception>
    public static double CrossEntropy(Matrix logits, Matrix labels)
    {
        CheckCrossEntropyShapes(logits, labels);
        return Dot(labels, NegativeLogSoftmax(logits)) / logits.Columns;
    }

    /// <summary>
    /// The elements in NumPy's layout: rows in brackets, each element right-aligned to the widest, whole numbers
    /// with a trailing point (<c>[[19.]</c> / <c> [ 9.]]</c>, as NumPy prints them; NumPy aligns other numbers on
    /// their decimal points instead).
    /// </summary>
    public override string ToString()
    {
        var texts = _values.Select(Format).ToArray();
        int width = texts.Length == 0 ? 0 : texts.Max(t => t.Length);
        var text = new StringBuilder("[");
        for (int i = 0; i < Rows; i++)
        {
            if (i > 0) text.Append('\n').Append(' ');
            text.Append('[');
            text.Append(string.Join(" ", texts.Skip(i * Columns).Take(Columns).Select(t => t.PadLeft(width))));
            text.Append(']');
        }

        return text.Append(']').ToString();
    }

    private static string Format(double value) =>
        value == Math.Floor(value) && Math.Abs(value) < 1e16
            ? value.ToString("0", CultureInfo.InvariantCulture) + "."
            : value.ToString("R", CultureInfo.InvariantCulture);

    private int Index(int row, int column)
    {
        if ((uint)row >= (uint)Rows || (uint)column >= (uint)Columns)
        {
            throw new IndexOutOfRangeException($"[{row}, {column}] is outside a {Shape} matrix.");
        }

        return row * Columns + column;
    }

    /// <summary>
    /// Where every matrix the operations and derivatives create comes from: the current <see cref="MatrixWorkspace"/>
    /// scope's pool when one is active on this thread, else a new matrix.
    /// </summary>
    /// <param name="rows">The number of rows.</param>
    /// <param name="columns">The number of columns.</param>
    /// <param name="zeroed">Whether the caller needs zeros; false when it overwrites every element (a pooled matrix holds stale values).</param>
    internal static Matrix Allocate(int rows, int columns, bool zeroed) => MatrixWorkspace.Allocate(rows, columns, zeroed);

    /// <summary>A copy of <paramref name="a"/>, from <see cref="Allocate"/>.</summary>
    internal static Matrix Copy(Matrix a)
    {
        var copy = Allocate(a.Rows, a.Columns, zeroed: false);
        a._values.CopyTo(copy._values, 0);
        return copy;
    }

    /// <summary><c>into = aᵀ</c>, or <c>into += aᵀ</c> when <paramref name="accumulate"/>.</summary>
    private static void TransposeInto(Matrix a, Matrix into, bool accumulate)
    {
        for (int i = 0; i < a.Rows; i++)
        {
            for (int j = 0; j < a.Columns; j++)
            {
                ref double target = ref into._values[j * a.Rows + i];
                target = (accumulate ? target : 0) + a._values[i * a.Columns + j];
            }
        }
    }

    /// <summary>
    /// For each column (sample) j of <paramref name="a"/>: <c>max[j]</c> its largest element, <c>exp = e^(a − max[j])</c>
    /// elementwise, and <c>sums[j]</c> the column sums of <paramref name="exp"/>: what softmax and log-sum-exp share, shifted
    /// so that nothing overflows. As <see cref="SpanMath.Softmax{T}"/>: NaN or +∞ in a column make it NaN.
    /// </summary>
    private static void ShiftedExponentials(Matrix a, Span<double> max, Span<double> sums, Matrix exp)
    {
        if (a.Rows == 0)
        {
            sums.Clear();
            return;
        }

        a.Row(0).CopyTo(max);
        for (int i = 1; i < a.Rows; i++) TensorPrimitives.Max(max, a.Row(i), max);
        for (int i = 0; i < a.Rows; i++) SpanMath.Subtract<double>(a.Row(i), max, exp.Row(i));
        SpanMath.Exp<double>(exp._values, exp._values);
        SpanMath.SumOverRows<double>(exp._values, a.Rows, a.Columns, sums);
    }

    /// <summary><c>−log softmax(logits)</c> per column, as <c>logsumexp(column) − logits</c>: never negative, never overflowing.</summary>
    private static Matrix NegativeLogSoftmax(Matrix logits)
    {
        var result = Allocate(logits.Rows, logits.Columns, zeroed: false);
        var scratch = Allocate(2, logits.Columns, zeroed: false);
        Span<double> logSumExp = scratch.Row(0), sums = scratch.Row(1);
        ShiftedExponentials(logits, logSumExp, sums, result);
        SpanMath.Log<double>(sums, sums);
        SpanMath.Add<double>(logSumExp, sums, logSumExp);
        for (int i = 0; i < logits.Rows; i++) SpanMath.Subtract<double>(logSumExp, logits.Row(i), result.Row(i));
        return result;
    }

    private static void CheckCrossEntropyShapes(Matrix logits, Matrix labels)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(labels);
        if (logits.Rows != labels.Rows || logits.Columns != labels.Columns) throw ShapeMismatch("The cross-entropy", logits, labels);
        if (logits.Columns == 0) throw new ArgumentException("The cross-entropy of no samples (" + logits.Shape + ") is undefined.", nameof(logits));
    }

    private static ArgumentException ShapeMismatch(string operation, Matrix a, Matrix b) =>
        new($"{operation} of a {a.Shape} and a {b.Shape} matrix is not defined.");

    internal delegate void Unary(ReadOnlySpan<double> x, Span<double> destination);

    private delegate void WithScalar(ReadOnlySpan<double> x, double y, Span<double> destination);

    private delegate void Binary(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> destination);

    private static Matrix Map(Matrix a, Unary f)
    {
        ArgumentNullException.ThrowIfNull(a);
        var result = Allocate(a.Rows, a.Columns, zeroed: false);
        f(a._values, result._values);
        return result;
    }

    private static Matrix Map(Matrix a, double s, WithScalar f)
    {
        ArgumentNullException.ThrowIfNull(a);
        var result = Allocate(a.Rows, a.Columns, zeroed: false);
        f(a._values, s, result._values);
        return result;
    }

    /// <summary>
    /// An elementwise operation: on equal shapes directly; with <paramref name="b"/> (or <paramref name="a"/>) a
    /// column vector of the other's height, per row with that row's scalar (<paramref name="rowAndScalar"/> for
    /// row ∘ scalar, <paramref name="scalarAndRow"/> for scalar ∘ row, both given the row first); with a row vector
    /// of its width, per row.
    /// </summary>
    private static Matrix Broadcast(string operation, Matrix a, Matrix b, Binary same, WithScalar rowAndScalar, WithScalar scalarAndRow)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var (rows, columns) = BroadcastShape(operation, a, b);
        if (a.Rows == b.Rows && a.Columns == b.Columns)
        {
            var result = Allocate(rows, columns, zeroed: false);
            same(a._values, b._values, result._values);
            return result;
        }

        bool bBroadcast = a.Rows == rows && a.Columns == columns;
        var (full, vector) = bBroadcast ? (a, b) : (b, a);
        var output = Allocate(rows, columns, zeroed: false);
        for (int i = 0; i < full.Rows; i++)
        {
            var row = full._values.AsSpan(i * full.Columns, full.Columns);
            var destination = output._values.AsSpan(i * full.Columns, full.Columns);
            if (vector.Columns == 1 && vector.Rows == full.Rows)
            {
                (bBroadcast ? rowAndScalar : scalarAndRow)(row, vector._values[i], destination);
            }
            else if (bBroadcast)
            {
                same(row, vector._values, destination);
            }
            else
            {
                same(vector._values, row, destination);
            }
        }

        return output;
    }

    /// <summary>The shape of <c>a ∘ b</c> for an elementwise ∘ that broadcasts a column or row vector (see <see cref="Matrix"/>).</summary>
    private static (int Rows, int Columns) BroadcastShape(string operation, Matrix a, Matrix b)
    {
        if (a.Rows == b.Rows && a.Columns == b.Columns) return (a.Rows, a.Columns);
        if ((b.Columns == 1 && b.Rows == a.Rows) || (b.Rows == 1 && b.Columns == a.Columns)) return (a.Rows, a.Columns);
        if ((a.Columns == 1 && a.Rows == b.Rows) || (a.Rows == 1 && a.Columns == b.Columns)) return (b.Rows, b.Columns);
        throw ShapeMismatch(operation, a, b);
    }
}
