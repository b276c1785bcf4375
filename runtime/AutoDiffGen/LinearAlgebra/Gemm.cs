using System;
using System.Numerics;
using System.Numerics.Tensors;

namespace AutoDiffGen;

/// <summary>Dense linear algebra on row-major matrices held in spans.</summary>
public static partial class LinearAlgebra
{
    /// <summary>Below this many multiply-adds (m·n·k) <see cref="Gemm(bool, bool, int, int, int, double, ReadOnlySpan{double}, int, ReadOnlySpan{double}, int, double, Span{double}, int)"/> stays on the calling thread.</summary>
    internal const long ParallelThreshold = 1L << 21;

    /// <summary>Parallel chunks split columns in multiples of this: a multiple of every width's tile, so only the last chunk has partial tiles.</summary>
    private const int ColumnChunk = 64;

    private static int s_maxDegreeOfParallelism = Environment.ProcessorCount;

    /// <summary>
    /// The most threads <see cref="Gemm(bool, bool, int, int, int, double, ReadOnlySpan{double}, int, ReadOnlySpan{double}, int, double, Span{double}, int)"/>
    /// uses, the calling thread included (default <see cref="Environment.ProcessorCount"/>, and never more than that);
    /// 1 keeps every call on the calling thread.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public static int MaxDegreeOfParallelism
    {
        get => s_maxDegreeOfParallelism;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            s_maxDegreeOfParallelism = value;
        }
    }

    /// <summary>The threads a large product may use: more than the cores would only pack the shared operand more often.</summary>
    private static int Threads => Math.Min(s_maxDegreeOfParallelism, Environment.ProcessorCount);

    /// <summary>
    /// C = alpha·op(A)·op(B) + beta·C for row-major matrices: op(A) is m×k (A is m×k, or k×m when
    /// <paramref name="transposeA"/>), op(B) is k×n (B is k×n, or n×k when <paramref name="transposeB"/>), C is m×n;
    /// <paramref name="lda"/>, <paramref name="ldb"/> and <paramref name="ldc"/> are the row strides (leading
    /// dimensions) of the stored matrices.
    /// </summary>
    /// <remarks>
    /// As in BLAS: when beta is 0, C is overwritten without being read (NaN there does not survive); when alpha is 0
    /// or k is 0, A and B are not read and C = beta·C. Large products (m·n·k ≥ 2²¹) run on up to
    /// <see cref="MaxDegreeOfParallelism"/> threads: the calling thread and helper threads that the first such call
    /// starts and that then wait for the next. One large product at a time runs on them; a large product called while
    /// they are busy (from another thread, or from inside a product) runs on its calling thread alone, with the same
    /// result. Calls allocate nothing once the array pool holds the packing buffers of the threads they run on.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative, or a leading dimension is smaller than its matrix's row length.</exception>
    /// <exception cref="ArgumentException">A span is too short for its matrix, or C overlaps A or B.</exception>
    public static void Gemm(bool transposeA, bool transposeB, int m, int n, int k,
        double alpha, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb,
        double beta, Span<double> c, int ldc) =>
        Gemm(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, Threads, ParallelThreshold);

    /// <inheritdoc cref="Gemm(bool, bool, int, int, int, double, ReadOnlySpan{double}, int, ReadOnlySpan{double}, int, double, Span{double}, int)"/>
    public static void Gemm(bool transposeA, bool transposeB, int m, int n, int k,
        float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc) =>
        Gemm(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, Threads, ParallelThreshold);

    /// <summary>
    /// <see cref="Gemm(bool, bool, int, int, int, double, ReadOnlySpan{double}, int, ReadOnlySpan{double}, int, double, Span{double}, int)"/>
    /// for any element type, with at most <paramref name="maxDegreeOfParallelism"/> threads for products of at least
    /// <paramref name="parallelThreshold"/> multiply-adds: what tests use to split small products over threads.
    /// </summary>
    internal static unsafe void Gemm<T>(bool transposeA, bool transposeB, int m, int n, int k,
        T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb,
        T beta, Span<T> c, int ldc, int maxDegreeOfParallelism, long parallelThreshold)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        int aLength = MatrixLength(a.Length, transposeA ? k : m, transposeA ? m : k, lda, nameof(a), nameof(lda));
        int bLength = MatrixLength(b.Length, transposeB ? n : k, transposeB ? k : n, ldb, nameof(b), nameof(ldb));
        int cLength = MatrixLength(c.Length, m, n, ldc, nameof(c), nameof(ldc));
        Span<T> usedC = c[..cLength];
        if (usedC.Overlaps(a[..aLength]) || usedC.Overlaps(b[..bLength]))
        {
            throw new ArgumentException("C must not share memory with A or B.", nameof(c));
        }

        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0 || alpha == T.Zero)
        {
            Scale(usedC, m, n, ldc, beta);
            return;
        }

        fixed (T* pa = a, pb = b, pc = c)
        {
            var operands = new GemmOperands<T>(m, n, k, alpha,
                pa, transposeA ? 1 : lda, transposeA ? lda : 1,
                pb, transposeB ? 1 : ldb, transposeB ? ldb : 1,
                beta, pc, ldc);
            int degree = (long)m * n * k >= parallelThreshold ? maxDegreeOfParallelism : 1;
            ParallelGemm<T>.Run(operands, degree);
        }
    }

    /// <summary>
    /// The span length a rows × columns matrix with row stride <paramref name="stride"/> needs (0 when it is empty),
    /// after checking the stride and that <paramref name="length"/> is enough.
    /// </summary>
    private static int MatrixLength(int length, int rows, int columns, int stride, string spanName, string strideName)
    {
        if (stride < columns)
        {
            throw new ArgumentOutOfRangeException(strideName, stride, $"The leading dimension must be at least the row length, {columns}.");
        }

        long needed = rows == 0 || columns == 0 ? 0 : ((long)(rows - 1) * stride) + columns;
        if (length < needed)
        {
            throw new ArgumentException($"A {rows}×{columns} matrix with leading dimension {stride} needs {needed} elements; the span has {length}.", spanName);
        }

        return (int)needed;
    }

    /// <summary>C = beta·C, with C set to 0 (not read) when beta is 0.</summary>
    private static void Scale<T>(Span<T> c, int m, int n, int ldc, T beta)
        where T : unmanaged, INumberBase<T>
    {
        if (beta == T.One)
        {
            return;
        }

        for (int i = 0; i < m; i++)
        {
            Span<T> row = c.Slice(i * ldc, n);
            if (beta == T.Zero)
            {
                row.Clear();
            }
            else
            {
                TensorPrimitives.Multiply(row, beta, row);
            }
        }
    }

    /// <summary>
    /// Splits a product over threads: C is cut into as many slabs of rows (in whole tiles) or of columns as threads,
    /// whichever has more tiles, and each slab is an independent single-threaded GEMM, a chunk of a
    /// <see cref="GemmWorkers"/> job. Each thread packs the part of B (or A) its slab reads, so the shared operand is
    /// packed once per thread: for a square product on p threads that is 1/(n/p) of the arithmetic, under 1% from
    /// n = 256 on two threads. Slabs start on tile boundaries of the whole product, so every element of C is computed
    /// as it would be on one thread: splitting, and not splitting when the workers are busy, give the same bits.
    /// </summary>
    private sealed unsafe class ParallelGemm<T> : GemmWorkers.Job
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        /// <summary>
        /// The one job of this element type, set up only while it holds the workers. Its operands point into memory
        /// that <see cref="Gemm{T}"/> keeps pinned until <see cref="GemmWorkers.RunAndExit"/> returns, which is after
        /// the last chunk; they are stale (and unused) between products.
        /// </summary>
        private static readonly ParallelGemm<T> s_job = new();

        private GemmOperands<T> _operands;
        private int _chunks;
        private int _units;
        private bool _byRows;

        public static void Run(in GemmOperands<T> operands, int degree)
        {
            int rowUnits = (operands.M + GemmTile.Rows - 1) / GemmTile.Rows;
            int columnUnits = (operands.N + ColumnChunk - 1) / ColumnChunk;
            bool byRows = rowUnits >= columnUnits;
            int units = byRows ? rowUnits : columnUnits;
            int chunks = Math.Min(degree, units);
            if (chunks <= 1 || !GemmWorkers.TryEnter())
            {
                RunSingle(operands);
                return;
            }

            ParallelGemm<T> job = s_job;
            job._operands = operands;
            job._chunks = chunks;
            job._units = units;
            job._byRows = byRows;
            GemmWorkers.RunAndExit(job, chunks);
        }

        public override void RunChunk(int chunk)
        {
            int unit = _byRows ? GemmTile.Rows : ColumnChunk;
            int total = _byRows ? _operands.M : _operands.N;
            int start = (int)((long)chunk * _units / _chunks) * unit;
            int end = Math.Min(total, (int)((long)(chunk + 1) * _units / _chunks) * unit);
            RunSingle(_byRows ? _operands.Rows(start, end) : _operands.Columns(start, end));
        }

        private static void RunSingle(GemmOperands<T> operands)
        {
            var action = new SingleThreaded(operands);
            SimdWidth.Run<T, SingleThreaded>(ref action);
        }

        private readonly struct SingleThreaded(GemmOperands<T> operands) : ILanesAction<T>
        {
            public void Run<TLanes>()
                where TLanes : struct, ILanes<TLanes, T>
                => GemmDriver<TLanes, T>.Run(operands);
        }
    }
}
