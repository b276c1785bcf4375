using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace AutoDiffGen;

// GEMM's register tile: the kernel that does its arithmetic, one body over ILanes for every width.

/// <summary>The height (MR) of the register tile at every width.</summary>
internal static class GemmTile
{
    public const int Rows = 6;
}

/// <summary>
/// The register tile of <see cref="GemmDriver{TLanes, T}"/>: a <see cref="GemmTile.Rows"/> × (2 vectors) block of C kept
/// in 12 vector registers while it runs over k. Each step loads two vectors of a packed B strip, broadcasts the six
/// values of a packed A strip, and issues 12 independent fused multiply-adds: more chains than the 8 that two FMA pipes
/// of latency 4 keep busy, with 15 of the 16 AVX2 registers in use (the shape BLIS uses on Haswell and Zen).
/// Written here because TensorPrimitives has no matrix product; one body serves every width of
/// <see cref="ILanes{TSelf, T}"/>.
/// </summary>
internal static unsafe class GemmMicroKernel<TLanes, T>
    where TLanes : struct, ILanes<TLanes, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int Rows = GemmTile.Rows;

    /// <summary>The columns of the tile (NR): two vectors.</summary>
    public static int Columns => 2 * TLanes.Count;

    /// <summary>
    /// C = alpha·(A strip · B strip) + beta·C for one full tile, where <paramref name="a"/> holds
    /// <paramref name="kc"/> columns of <see cref="GemmTile.Rows"/> values and <paramref name="b"/> <paramref name="kc"/> rows of
    /// <see cref="Columns"/> values. When beta is 0, C is not read (NaN there does not propagate, as in BLAS).
    /// Compiled optimized at once: the first large product would otherwise run most of its time in tier-0 code.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tile(nint kc, T* a, T* b, T* c, nint ldc, T alpha, T beta)
    {
        TLanes c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        TLanes c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        int count = TLanes.Count;
        PrefetchRows(c, ldc);
        for (nint p = 0; p < kc; p++)
        {
            TLanes b0 = Load(b);
            TLanes b1 = Load(b + count);
            Update(a[0], b0, b1, ref c00, ref c01);
            Update(a[1], b0, b1, ref c10, ref c11);
            Update(a[2], b0, b1, ref c20, ref c21);
            Update(a[3], b0, b1, ref c30, ref c31);
            Update(a[4], b0, b1, ref c40, ref c41);
            Update(a[5], b0, b1, ref c50, ref c51);
            a += Rows;
            b += 2 * count;
        }

        TLanes alphas = TLanes.Create(alpha);
        TLanes betas = TLanes.Create(beta);
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
    private static void Update(T a, TLanes b0, TLanes b1, ref TLanes sum0, ref TLanes sum1)
    {
        TLanes broadcast = TLanes.Create(a);
        TLanes.AddProduct(ref sum0, broadcast, b0);
        TLanes.AddProduct(ref sum1, broadcast, b1);
    }

    /// <summary>Asks for the tile of C while the k loop runs, so the stores at the end do not wait for memory.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PrefetchRows(T* c, nint ldc)
    {
        if (Sse.IsSupported)
        {
            T* last = c + (2 * TLanes.Count) - 1;
            for (int i = 0; i < Rows; i++, c += ldc, last += ldc)
            {
                Sse.Prefetch0(c);
                Sse.Prefetch0(last);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(T* c, TLanes sum0, TLanes sum1, TLanes alphas, TLanes betas, bool readC)
    {
        T* c1 = c + TLanes.Count;
        if (readC)
        {
            TLanes scaled0 = betas * Load(c);
            TLanes.AddProduct(ref scaled0, sum0, alphas);
            Store(c, scaled0);
            TLanes scaled1 = betas * Load(c1);
            TLanes.AddProduct(ref scaled1, sum1, alphas);
            Store(c1, scaled1);
        }
        else
        {
            Store(c, sum0 * alphas);
            Store(c1, sum1 * alphas);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TLanes Load(T* source) => TLanes.Load(ref Unsafe.AsRef<T>(source), 0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(T* destination, TLanes value) => value.Store(ref Unsafe.AsRef<T>(destination), 0);
}
