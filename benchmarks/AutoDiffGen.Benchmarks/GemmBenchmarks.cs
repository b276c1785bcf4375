using System;
using System.Collections.Generic;
using System.Numerics;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;

namespace AutoDiffGen.Benchmarks;

/// <summary>
/// <see cref="LinearAlgebra.Gemm(bool, bool, int, int, int, double, ReadOnlySpan{double}, int, ReadOnlySpan{double}, int, double, Span{double}, int)"/>
/// on square n = 1024 matrices (C = A·B, no transposes) on one thread and on two, against the core's peak
/// multiply-add rate, measured here by <see cref="PeakFmaDouble"/> and <see cref="PeakFmaFloat"/> with the vector
/// operations GEMM uses: the "% of peak" column. The goal is 60% on one thread, for both element types.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[FlopRateColumns]
public class GemmBenchmarks : IFlopCounts
{
    private const int N = 1024;

    /// <summary>Iterations of the peak loop: about as long as one double GEMM, so both see the machine alike.</summary>
    private const long PeakIterations = 1L << 24;

    private double[] _a = [];
    private double[] _b = [];
    private double[] _c = [];
    private float[] _af = [];
    private float[] _bf = [];
    private float[] _cf = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        _a = Random(random);
        _b = Random(random);
        _c = new double[N * N];
        _af = Array.ConvertAll(_a, v => (float)v);
        _bf = Array.ConvertAll(_b, v => (float)v);
        _cf = new float[N * N];
        GemmDouble();
        GemmFloat();
        foreach (var (i, j) in new[] { (0, 0), (N - 1, N - 1), (517, 3), (5, 1000) })
        {
            double expected = 0;
            for (int p = 0; p < N; p++)
            {
                expected += _a[(i * N) + p] * _b[(p * N) + j];
            }

            Check.Close($"GEMM C[{i},{j}] (double)", expected, _c[(i * N) + j]);
            Check.Close($"GEMM C[{i},{j}] (float)", expected, _cf[(i * N) + j], 1e-4);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => LinearAlgebra.MaxDegreeOfParallelism = Environment.ProcessorCount;

    [Benchmark]
    public void GemmDouble() => Gemm(_a, _b, _c, 1);

    [Benchmark]
    public void GemmFloat() => Gemm(_af, _bf, _cf, 1);

    [Benchmark]
    public void GemmDoubleTwoThreads() => Gemm(_a, _b, _c, 2);

    [Benchmark]
    public void GemmFloatTwoThreads() => Gemm(_af, _bf, _cf, 2);

    [Benchmark]
    public bool PeakFmaDouble() => FmaPeak.Run<double>(PeakIterations);

    [Benchmark]
    public bool PeakFmaFloat() => FmaPeak.Run<float>(PeakIterations);

    public double Flops(string method) => method switch
    {
        nameof(PeakFmaDouble) => FmaPeak.Flops<double>(PeakIterations),
        nameof(PeakFmaFloat) => FmaPeak.Flops<float>(PeakIterations),
        _ => 2.0 * N * N * N,
    };

    public (string Peak, int Cores)? PeakOf(string method) => method switch
    {
        nameof(GemmDouble) => (nameof(PeakFmaDouble), 1),
        nameof(GemmFloat) => (nameof(PeakFmaFloat), 1),
        nameof(GemmDoubleTwoThreads) => (nameof(PeakFmaDouble), 2),
        nameof(GemmFloatTwoThreads) => (nameof(PeakFmaFloat), 2),
        _ => null,
    };

    private static void Gemm(double[] a, double[] b, double[] c, int threads)
    {
        LinearAlgebra.MaxDegreeOfParallelism = threads;
        LinearAlgebra.Gemm(false, false, N, N, N, 1, a, N, b, N, 0, c, N);
    }

    private static void Gemm(float[] a, float[] b, float[] c, int threads)
    {
        LinearAlgebra.MaxDegreeOfParallelism = threads;
        LinearAlgebra.Gemm(false, false, N, N, N, 1, a, N, b, N, 0, c, N);
    }

    private static double[] Random(Random random)
    {
        var values = new double[N * N];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = random.NextDouble() - 0.5;
        }

        return values;
    }
}

/// <summary>
/// The peak multiply-add rate of one core: <see cref="Chains"/> independent chains of fused multiply-adds on the
/// lanes GEMM's kernel uses (<see cref="SimdWidth"/>), enough to cover the latency of every FMA pipe
/// (4 cycles × 2 pipes on AVX2 cores), with nothing else in the loop but its counter.
/// </summary>
internal static class FmaPeak
{
    private const int Chains = 12;

    /// <summary>Runs the loop; the result (whether the chains' products sum to more than 0: true) keeps the JIT from dropping it.</summary>
    public static bool Run<T>(long iterations)
        where T : IFloatingPointIeee754<T>
    {
        var loop = new Loop<T> { Iterations = iterations };
        SimdWidth.Run<T, Loop<T>>(ref loop);
        return loop.Result;
    }

    public static double Flops<T>(long iterations)
        where T : IFloatingPointIeee754<T> => 2.0 * Chains * SimdWidth.Count<T>() * iterations;

    private struct Loop<T> : ILanesAction<T>
        where T : IFloatingPointIeee754<T>
    {
        public long Iterations;
        public bool Result;

        public void Run<TLanes>()
            where TLanes : struct, ILanes<TLanes, T>
            => Result = Chain<TLanes>(Iterations, T.One, T.Zero);

        /// <summary>acc += 1·0 on each chain: the values never change, so no overflow or subnormal slows an FMA; the JIT cannot see that.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static bool Chain<TLanes>(long iterations, T factor, T term)
            where TLanes : struct, ILanes<TLanes, T>
        {
            TLanes x = TLanes.Create(factor), y = TLanes.Create(term);
            TLanes a0 = x, a1 = x, a2 = x, a3 = x, a4 = x, a5 = x, a6 = x, a7 = x, a8 = x, a9 = x, a10 = x, a11 = x;
            for (long i = 0; i < iterations; i++)
            {
                TLanes.AddProduct(ref a0, x, y);
                TLanes.AddProduct(ref a1, x, y);
                TLanes.AddProduct(ref a2, x, y);
                TLanes.AddProduct(ref a3, x, y);
                TLanes.AddProduct(ref a4, x, y);
                TLanes.AddProduct(ref a5, x, y);
                TLanes.AddProduct(ref a6, x, y);
                TLanes.AddProduct(ref a7, x, y);
                TLanes.AddProduct(ref a8, x, y);
                TLanes.AddProduct(ref a9, x, y);
                TLanes.AddProduct(ref a10, x, y);
                TLanes.AddProduct(ref a11, x, y);
            }

            TLanes sum = a10 * a11;
            TLanes.AddProduct(ref sum, a8, a9);
            TLanes.AddProduct(ref sum, a6, a7);
            TLanes.AddProduct(ref sum, a4, a5);
            TLanes.AddProduct(ref sum, a2, a3);
            TLanes.AddProduct(ref sum, a0, a1);
            return TLanes.Sum(sum) > T.Zero;
        }
    }
}
