using System;
using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace AutoDiffGen;

/// <summary>
/// Single-threaded GEMM in the layered scheme of BLIS and GotoBLAS: loop over column panels of C (NC wide), then over
/// k blocks (KC deep), packing that KC × NC part of op(B) into NR-wide strips; then over row blocks (MC high), packing
/// that MC × KC part of op(A) into MR-high strips; then every MR × NR tile of the block is one call of
/// <see cref="GemmMicroKernel{TLanes, T}"/>. A packed B strip (KC·NR) stays in L1 while the kernel runs down
/// the packed A block (MC·KC, in L2); the packed B panel (KC·NC) is reused from L3 by every row block.
/// </summary>
internal static unsafe class GemmDriver<TLanes, T>
    where TLanes : struct, ILanes<TLanes, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The depth of a k block (KC): a packed B strip of KC·NR is 16 KB for AVX2 doubles and floats, half of L1.</summary>
    private const int DepthBlock = 256;

    /// <summary>The bytes of a packed A block (MC·KC: 96 × 256 doubles, 192 × 256 floats), under half of a 512 KB L2; 128 to 256 KB measured alike.</summary>
    private const int ABlockBytes = 192 * 1024;

    /// <summary>The bytes of a packed B panel (KC·NC: NC = 2048 doubles, 4096 floats): a share of L3.</summary>
    private const int BPanelBytes = 4 * 1024 * 1024;

    /// <summary>Packed buffers start on a cache line.</summary>
    private const int Alignment = 64;

    private const int MR = GemmTile.Rows;

    private static int NR => GemmMicroKernel<TLanes, T>.Columns;

    /// <summary>The largest row block (MC), a multiple of MR.</summary>
    private static int RowBlock => ABlockBytes / (DepthBlock * sizeof(T)) / MR * MR;

    /// <summary>The widest column panel (NC), a multiple of NR.</summary>
    private static int ColumnBlock => BPanelBytes / (DepthBlock * sizeof(T)) / NR * NR;

    /// <summary>C = alpha·op(A)·op(B) + beta·C for M, N, K &gt; 0.</summary>
    public static void Run(in GemmOperands<T> op)
    {
        // Blocks as even as the limits allow, so no block is a thin remainder (K = 257 is two blocks of 129, not 256 + 1).
        int kc = EvenBlock(op.K, DepthBlock, 1);
        int mc = EvenBlock(op.M, RowBlock, MR);
        int nc = EvenBlock(op.N, ColumnBlock, NR);
        int aLength = RoundUp(mc, MR) * kc;
        int bLength = RoundUp(nc, NR) * kc;
        int padding = Alignment / sizeof(T);
        T[] buffer = ArrayPool<T>.Shared.Rent(aLength + bLength + (2 * padding));
        try
        {
            fixed (T* start = buffer)
            {
                T* packedA = Align(start);
                T* packedB = Align(packedA + aLength);
                for (int jc = 0; jc < op.N; jc += nc)
                {
                    int width = Math.Min(nc, op.N - jc);
                    for (int pc = 0; pc < op.K; pc += kc)
                    {
                        int depth = Math.Min(kc, op.K - pc);
                        T beta = pc == 0 ? op.Beta : T.One;
                        Pack(op.B + (pc * op.BKStride) + (jc * op.BColumnStride), op.BColumnStride, op.BKStride, width, depth, NR, packedB);
                        for (int ic = 0; ic < op.M; ic += mc)
                        {
                            int height = Math.Min(mc, op.M - ic);
                            Pack(op.A + (ic * op.ARowStride) + (pc * op.AKStride), op.ARowStride, op.AKStride, height, depth, MR, packedA);
                            MultiplyBlock(packedA, packedB, height, width, depth, op.C + (ic * op.Ldc) + jc, op.Ldc, op.Alpha, beta);
                        }
                    }
                }
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// C block (height × width) = alpha·(packed A block · packed B panel) + beta·C block: B strips outside, A strips
    /// inside, so one B strip serves the whole A block from L1. Tiles cut by the block's edge go through a full tile
    /// on the stack (the packing padded them with zeros) and only their valid part is written.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MultiplyBlock(T* packedA, T* packedB, int height, int width, int depth, T* c, nint ldc, T alpha, T beta)
    {
        int nr = NR;
        T* tile = stackalloc T[MR * nr];
        for (int jr = 0; jr < width; jr += nr)
        {
            T* bStrip = packedB + (jr * depth);
            int columns = Math.Min(nr, width - jr);
            for (int ir = 0; ir < height; ir += MR)
            {
                T* aStrip = packedA + (ir * depth);
                T* cTile = c + (ir * ldc) + jr;
                int rows = Math.Min(MR, height - ir);
                if (rows == MR && columns == nr)
                {
                    GemmMicroKernel<TLanes, T>.Tile(depth, aStrip, bStrip, cTile, ldc, alpha, beta);
                }
                else
                {
                    GemmMicroKernel<TLanes, T>.Tile(depth, aStrip, bStrip, tile, nr, T.One, T.Zero);
                    StoreEdge(tile, nr, rows, columns, cTile, ldc, alpha, beta);
                }
            }
        }
    }

    /// <summary>C = alpha·tile + beta·C for the valid <paramref name="rows"/> × <paramref name="columns"/> of a tile; C is not read when beta is 0.</summary>
    private static void StoreEdge(T* tile, int tileColumns, int rows, int columns, T* c, nint ldc, T alpha, T beta)
    {
        for (int i = 0; i < rows; i++, tile += tileColumns, c += ldc)
        {
            for (int j = 0; j < columns; j++)
            {
                T product = alpha * tile[j];
                c[j] = beta == T.Zero ? product : product + (beta * c[j]);
            }
        }
    }

    /// <summary>
    /// Packs <paramref name="count"/> lines × <paramref name="depth"/> of a strided matrix (line l, depth p at
    /// <c>source[l·lineStride + p·depthStride]</c>) into strips of <paramref name="strip"/> lines, each stored depth
    /// by depth: <c>packed[s·strip·depth + p·strip + l]</c>. The last strip is padded with zeros. Reads follow
    /// whichever stride is 1, so both a transposed and a plain operand are read along their rows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pack(T* source, nint lineStride, nint depthStride, int count, int depth, int strip, T* packed)
    {
        for (int s = 0; s < count; s += strip, source += strip * lineStride, packed += strip * depth)
        {
            int lines = Math.Min(strip, count - s);
            if (lineStride == 1)
            {
                for (int p = 0; p < depth; p++)
                {
                    var destination = new Span<T>(packed + (p * strip), strip);
                    new ReadOnlySpan<T>(source + (p * depthStride), lines).CopyTo(destination);
                    destination[lines..].Clear();
                }
            }
            else
            {
                for (int l = 0; l < lines; l++)
                {
                    T* line = source + (l * lineStride);
                    for (int p = 0; p < depth; p++)
                    {
                        packed[(p * strip) + l] = line[p * depthStride];
                    }
                }

                for (int l = lines; l < strip; l++)
                {
                    for (int p = 0; p < depth; p++)
                    {
                        packed[(p * strip) + l] = T.Zero;
                    }
                }
            }
        }
    }

    /// <summary>The block size that splits <paramref name="total"/> into as few blocks of at most <paramref name="limit"/> as possible, evenly, rounded up to <paramref name="multiple"/>.</summary>
    private static int EvenBlock(int total, int limit, int multiple)
    {
        int blocks = (total + limit - 1) / limit;
        return RoundUp((total + blocks - 1) / blocks, multiple);
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    private static T* Align(T* pointer) => (T*)(((nint)pointer + (Alignment - 1)) & ~(nint)(Alignment - 1));
}
