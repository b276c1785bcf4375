using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace AutoDiffGen;

/// <summary>The height (MR) of every path's register tile.</summary>
internal static class GemmTile
{
    public const int Rows = 6;
}

/// <summary>
/// The register tile of <see cref="GemmDriver{TSimd, TVec, T}"/>: a <see cref="GemmTile.Rows"/> × (2 vectors) block of C kept
/// in 12 vector registers while it runs over k. Each step loads two vectors of a packed B strip, broadcasts the six
/// values of a packed A strip, and issues 12 independent fused multiply-adds: more chains than the 8 that two FMA pipes
/// of latency 4 keep busy, with 15 of the 16 AVX2 registers in use (the shape BLIS uses on Haswell and Zen).
/// </summary>
internal static unsafe class GemmMicroKernel<TSimd, TVec, T>
    where TSimd : struct, ISimd<TVec, T>
    where TVec : struct
    where T : unmanaged, INumberBase<T>
{
    private const int Rows = GemmTile.Rows;

    /// <summary>The columns of the tile (NR): two vectors.</summary>
    public static int Columns => 2 * TSimd.Count;

    /// <summary>
    /// C = alpha·(A strip · B strip) + beta·C for one full tile, where <paramref name="a"/> holds
    /// <paramref name="kc"/> columns of <see cref="GemmTile.Rows"/> values and <paramref name="b"/> <paramref name="kc"/> rows of
    /// <see cref="Columns"/> values. When beta is 0, C is not read (NaN there does not propagate, as in BLAS).
    /// Compiled optimized at once: the first large product would otherwise run most of its time in tier-0 code.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tile(nint kc, T* a, T* b, T* c, nint ldc, T alpha, T beta)
    {
        TVec c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        TVec c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        int count = TSimd.Count;
        PrefetchRows(c, ldc);
        for (nint p = 0; p < kc; p++)
        {
            TVec b0 = TSimd.Load(b);
            TVec b1 = TSimd.Load(b + count);
            Update(a[0], b0, b1, ref c00, ref c01);
            Update(a[1], b0, b1, ref c10, ref c11);
            Update(a[2], b0, b1, ref c20, ref c21);
            Update(a[3], b0, b1, ref c30, ref c31);
            Update(a[4], b0, b1, ref c40, ref c41);
            Update(a[5], b0, b1, ref c50, ref c51);
            a += Rows;
            b += 2 * count;
        }

        TVec alphas = TSimd.Broadcast(alpha);
        TVec betas = TSimd.Broadcast(beta);
        bool readC = beta != T.Zero;
        StoreRow(c, c00, c01, alphas, betas, readC);
        StoreRow(c + ldc, c10, c11, alphas, betas, readC);
        StoreRow(c + (2 * ldc), c20, c21, alphas, betas, readC);
        StoreRow(c + (3 * ldc), c30, c31, alphas, betas, readC);
        StoreRow(c + (4 * ldc), c40, c41, alphas, betas, readC);
        StoreRow(c + (5 * ldc), c50, c51, alphas, betas, readC);
    }

    /// <summary>One row of the tile: (sum0, sum1) += a·(b0, b1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Update(T a, TVec b0, TVec b1, ref TVec sum0, ref TVec sum1)
    {
        TVec broadcast = TSimd.Broadcast(a);
        sum0 = TSimd.MultiplyAdd(broadcast, b0, sum0);
        sum1 = TSimd.MultiplyAdd(broadcast, b1, sum1);
    }

    /// <summary>Asks for the tile of C while the k loop runs, so the stores at the end do not wait for memory.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PrefetchRows(T* c, nint ldc)
    {
        if (Sse.IsSupported)
        {
            T* last = c + (2 * TSimd.Count) - 1;
            for (int i = 0; i < Rows; i++, c += ldc, last += ldc)
            {
                Sse.Prefetch0(c);
                Sse.Prefetch0(last);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(T* c, TVec sum0, TVec sum1, TVec alphas, TVec betas, bool readC)
    {
        T* c1 = c + TSimd.Count;
        if (readC)
        {
            TSimd.Store(c, TSimd.MultiplyAdd(sum0, alphas, TSimd.Multiply(betas, TSimd.Load(c))));
            TSimd.Store(c1, TSimd.MultiplyAdd(sum1, alphas, TSimd.Multiply(betas, TSimd.Load(c1))));
        }
        else
        {
            TSimd.Store(c, TSimd.Multiply(sum0, alphas));
            TSimd.Store(c1, TSimd.Multiply(sum1, alphas));
        }
    }
}
