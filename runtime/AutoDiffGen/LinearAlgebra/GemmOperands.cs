namespace AutoDiffGen;

/// <summary>
/// One GEMM problem, C = alpha·op(A)·op(B) + beta·C, with the transposes folded into strides: element (i, p) of
/// op(A) is at <c>A[i·ARowStride + p·AKStride]</c>, element (p, j) of op(B) at <c>B[p·BKStride + j·BColumnStride]</c>,
/// element (i, j) of C at <c>C[i·Ldc + j]</c>. The memory is pinned by the caller for as long as this is used.
/// </summary>
internal readonly unsafe struct GemmOperands<T>(int m, int n, int k, T alpha, T* a, nint aRowStride, nint aKStride,
    T* b, nint bKStride, nint bColumnStride, T beta, T* c, nint ldc)
    where T : unmanaged
{
    public readonly int M = m;
    public readonly int N = n;
    public readonly int K = k;
    public readonly T Alpha = alpha;
    public readonly T* A = a;
    public readonly nint ARowStride = aRowStride;
    public readonly nint AKStride = aKStride;
    public readonly T* B = b;
    public readonly nint BKStride = bKStride;
    public readonly nint BColumnStride = bColumnStride;
    public readonly T Beta = beta;
    public readonly T* C = c;
    public readonly nint Ldc = ldc;

    /// <summary>The same product restricted to rows <paramref name="start"/> .. <paramref name="end"/> of C.</summary>
    public GemmOperands<T> Rows(int start, int end) =>
        new(end - start, N, K, Alpha, A + (start * ARowStride), ARowStride, AKStride, B, BKStride, BColumnStride, Beta, C + (start * Ldc), Ldc);

    /// <summary>The same product restricted to columns <paramref name="start"/> .. <paramref name="end"/> of C.</summary>
    public GemmOperands<T> Columns(int start, int end) =>
        new(M, end - start, K, Alpha, A, ARowStride, AKStride, B + (start * BColumnStride), BKStride, BColumnStride, Beta, C + start, Ldc);
}
