using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using CsCheck;
using Xunit;

namespace AutoDiffGen.Runtime.Tests;

/// <summary>
/// <see cref="LinearAlgebra.Gemm(bool, bool, int, int, int, double, ReadOnlySpan{double}, int, ReadOnlySpan{double}, int, double, Span{double}, int)"/>
/// against a naive triple loop summed in double, single-threaded and split over threads, at the vector width of
/// the process (<see cref="EveryWidthTests"/> runs them again at every other width the machine has). Matrices start
/// at offset 1 of their arrays, and the padding between rows holds NaN: a read outside a matrix shows up in the
/// result, a write outside C in the padding check.
/// </summary>
[EveryWidth]
public sealed class GemmTests
{
    /// <summary>
    /// One thread, and two with the parallel threshold at 0 so that small shapes split too
    /// (<see cref="Random_problems_match_the_naive_product"/> tries 1 to 4 threads).
    /// </summary>
    public static TheoryData<int> Threads { get; } = new() { 1, 2 };

    /// <summary>Sizes around the tile (6 × 4..32) and past the blocks (k 256; m 96 doubles, 192 floats; n 2048, 4096), and 0.</summary>
    private static readonly (int M, int N, int K)[] s_shapes =
    [
        (0, 5, 5), (5, 0, 5), (5, 5, 0), (0, 0, 0), (1, 1, 1), (2, 3, 1), (3, 2, 7), (7, 17, 3), (17, 7, 33),
        (33, 33, 33), (64, 64, 17), (65, 65, 65), (1, 100, 17), (100, 1, 17), (17, 100, 1), (129, 3, 65),
        (3, 129, 100), (64, 65, 29), (129, 20, 40), (7, 9, 513), (20, 13, 300), (200, 17, 33), (3, 2100, 5),
        (2, 4200, 3),
    ];

    private static readonly double[] s_scalars = [0, 1, -0.5, 2];

    [Theory]
    [MemberData(nameof(Threads))]
    public void Double_matches_the_naive_product(int threads) => MatchesNaiveProduct<double>(threads);

    [Theory]
    [MemberData(nameof(Threads))]
    public void Float_matches_the_naive_product(int threads) => MatchesNaiveProduct<float>(threads);

    [Theory]
    [MemberData(nameof(Threads))]
    public void Double_alpha_and_beta_scale_as_in_BLAS(int threads) => ScalesAsInBlas<double>(threads);

    [Theory]
    [MemberData(nameof(Threads))]
    public void Float_alpha_and_beta_scale_as_in_BLAS(int threads) => ScalesAsInBlas<float>(threads);

    [Fact]
    public void Random_problems_match_the_naive_product() =>
        Gen.Select(Gen.Int[0, 40], Gen.Int[0, 40], Gen.Int[0, 40], Gen.Bool, Gen.Bool, Gen.OneOf(s_scalars),
                Gen.OneOf(s_scalars), Gen.Int[0, 3], Gen.Int[1, 4],
                (m, n, k, transposeA, transposeB, alpha, beta, pad, threads) =>
                    new Problem(m, n, k, transposeA, transposeB, alpha, beta, pad, threads))
            .Sample(problem =>
            {
                Check<double>(problem, problem.Threads);
                Check<float>(problem, problem.Threads);
            }, iter: 300);

    /// <summary>
    /// Odd shapes split by rows (in tiles of 6) and by columns (in 64s, past a 2048-wide panel in the last), every
    /// transpose, on more threads than this machine may have (the chunks then queue for the threads there are).
    /// </summary>
    [Fact]
    public void Splitting_over_threads_gives_the_single_threaded_result_bit_for_bit()
    {
        foreach (var (m, n, k) in new[] { (50, 30, 260), (7, 140, 20), (200, 50, 9), (97, 131, 67), (13, 1001, 3), (31, 2113, 5), (301, 7, 513) })
        {
            for (int transposes = 0; transposes < 4; transposes++)
            {
                var problem = new Problem(m, n, k, (transposes & 1) != 0, (transposes & 2) != 0, -0.5, 2, 1);
                foreach (int threads in new[] { 2, 3, 4 })
                {
                    Assert.Equal(Run<double>(problem, 1).C, Run<double>(problem, threads).C);
                    Assert.Equal(Run<float>(problem, 1).C, Run<float>(problem, threads).C);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Threads))]
    public void NaN_in_A_reaches_its_row_and_infinity_in_B_its_column(int threads)
    {
        const int m = 13, n = 19, k = 11;
        var random = new Random(3);
        double[] a = Values(m * k, random), b = Values(k * n, random), c = new double[m * n];
        a[(4 * k) + 7] = double.NaN;
        b[(2 * n) + 5] = double.PositiveInfinity;
        LinearAlgebra.Gemm<double>(false, false, m, n, k, 1, a, k, b, n, 0, c, n, threads, 0);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double value = c[(i * n) + j];
                if (i == 4)
                {
                    Assert.True(double.IsNaN(value), $"C[{i},{j}] = {value}");
                }
                else if (j == 5)
                {
                    Assert.True(double.IsInfinity(value), $"C[{i},{j}] = {value}");
                }
                else
                {
                    Assert.True(double.IsFinite(value), $"C[{i},{j}] = {value}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Threads))]
    public void Beta_zero_overwrites_NaN_in_C_and_beta_nonzero_keeps_it(int threads)
    {
        foreach (var (m, n, k) in new[] { (13, 19, 11), (12, 16, 3), (5, 7, 0) })
        {
            var random = new Random(4);
            float[] a = Values(m * k, random).Select(v => (float)v).ToArray();
            float[] b = Values(k * n, random).Select(v => (float)v).ToArray();
            float[] c = Enumerable.Repeat(float.NaN, m * n).ToArray();
            LinearAlgebra.Gemm<float>(false, false, m, n, k, 2, a, k, b, n, 0, c, n, threads, 0);
            Assert.All(c, v => Assert.True(float.IsFinite(v)));

            c[0] = float.NaN;
            LinearAlgebra.Gemm<float>(false, false, m, n, k, 2, a, k, b, n, 1, c, n, threads, 0);
            Assert.True(float.IsNaN(c[0]));
            Assert.All(c.Skip(1), v => Assert.True(float.IsFinite(v)));
        }
    }

    [Fact]
    public void Alpha_zero_reads_neither_A_nor_B()
    {
        double[] nan = [double.NaN, double.NaN, double.NaN, double.NaN];
        double[] c = [1, 2, 3, 4];
        LinearAlgebra.Gemm(false, false, 2, 2, 2, 0, nan, 2, nan, 2, -0.5, c, 2);
        Assert.Equal([-0.5, -1, -1.5, -2], c);
    }

    [Fact]
    public void The_public_overloads_compute_what_the_internal_one_does()
    {
        var problem = new Problem(70, 50, 40, true, true, 2, -0.5, 2);
        (double[] a, double[] b, double[] c) = Operands<double>(problem);
        double[] expected = (double[])c.Clone();
        LinearAlgebra.Gemm<double>(true, true, 70, 50, 40, 2, a.AsSpan(1), problem.Lda, b.AsSpan(1), problem.Ldb, -0.5, expected.AsSpan(1), problem.Ldc, 1, long.MaxValue);
        LinearAlgebra.Gemm(true, true, 70, 50, 40, 2, a.AsSpan(1), problem.Lda, b.AsSpan(1), problem.Ldb, -0.5, c.AsSpan(1), problem.Ldc);
        Assert.Equal(expected, c);

        (float[] af, float[] bf, float[] cf) = Operands<float>(problem);
        float[] expectedF = (float[])cf.Clone();
        LinearAlgebra.Gemm<float>(true, true, 70, 50, 40, 2, af.AsSpan(1), problem.Lda, bf.AsSpan(1), problem.Ldb, -0.5f, expectedF.AsSpan(1), problem.Ldc, 1, long.MaxValue);
        LinearAlgebra.Gemm(true, true, 70, 50, 40, 2, af.AsSpan(1), problem.Lda, bf.AsSpan(1), problem.Ldb, -0.5f, cf.AsSpan(1), problem.Ldc);
        Assert.Equal(expectedF, cf);
    }

    [Fact]
    public void A_warm_single_threaded_call_allocates_nothing()
    {
        const int size = 130;
        double[] a = new double[size * size], b = new double[size * size], c = new double[size * size];
        float[] af = new float[size * size], bf = new float[size * size], cf = new float[size * size];
        void Call()
        {
            LinearAlgebra.Gemm<double>(false, true, size, size, size, 1, a, size, b, size, 0.5, c, size, 1, long.MaxValue);
            LinearAlgebra.Gemm<float>(true, false, size, size, size, 1, af, size, bf, size, 0.5f, cf, size, 1, long.MaxValue);
        }

        Assert.Equal(0, SteadyState.FewestBytes(Call, rounds: 1));
    }

    [Fact]
    public void Invalid_arguments_name_their_parameter()
    {
        double[] six = new double[6], twelve = new double[12];
        void Gemm(int m, int n, int k, double[] a, int lda, double[] b, int ldb, Span<double> c, int ldc, bool transposeA = false) =>
            LinearAlgebra.Gemm(transposeA, false, m, n, k, 1, a, lda, b, ldb, 0, c, ldc);

        Assert.Equal("m", Assert.Throws<ArgumentOutOfRangeException>(() => Gemm(-1, 2, 3, six, 3, six, 2, twelve, 2)).ParamName);
        Assert.Equal("n", Assert.Throws<ArgumentOutOfRangeException>(() => Gemm(2, -1, 3, six, 3, six, 2, twelve, 2)).ParamName);
        Assert.Equal("k", Assert.Throws<ArgumentOutOfRangeException>(() => Gemm(2, 2, -1, six, 3, six, 2, twelve, 2)).ParamName);
        Assert.Equal("lda", Assert.Throws<ArgumentOutOfRangeException>(() => Gemm(2, 2, 3, six, 2, six, 2, twelve, 2)).ParamName);
        Assert.Equal("lda", Assert.Throws<ArgumentOutOfRangeException>(() => Gemm(3, 2, 2, six, 2, six, 2, twelve, 2, transposeA: true)).ParamName);
        Assert.Equal("ldb", Assert.Throws<ArgumentOutOfRangeException>(() => Gemm(2, 2, 3, six, 3, six, 1, twelve, 2)).ParamName);
        Assert.Equal("ldc", Assert.Throws<ArgumentOutOfRangeException>(() => Gemm(2, 2, 3, six, 3, six, 2, twelve, 1)).ParamName);
        Assert.Equal("a", Assert.Throws<ArgumentException>(() => Gemm(2, 2, 3, six, 4, six, 2, twelve, 2)).ParamName);
        Assert.Equal("b", Assert.Throws<ArgumentException>(() => Gemm(2, 2, 3, six, 3, six, 3, twelve, 2)).ParamName);
        Assert.Equal("c", Assert.Throws<ArgumentException>(() => Gemm(2, 2, 3, six, 3, six, 2, new double[3], 2)).ParamName);
        Assert.Equal("c", Assert.Throws<ArgumentException>(() => Gemm(2, 2, 3, twelve, 3, six, 2, twelve.AsSpan(5), 2)).ParamName);
        Assert.Equal("c", Assert.Throws<ArgumentException>(() => Gemm(2, 2, 3, six, 3, twelve, 2, twelve.AsSpan(4), 2)).ParamName);
        Assert.Equal("value", Assert.Throws<ArgumentOutOfRangeException>(() => LinearAlgebra.MaxDegreeOfParallelism = 0).ParamName);

        // Empty matrices need no elements, and C may sit beside A and B in one array.
        Gemm(0, 0, 0, [], 0, [], 0, [], 0);
        Gemm(2, 2, 3, twelve, 3, twelve, 2, new double[4], 2);
        Gemm(1, 2, 3, twelve, 3, twelve[..6], 2, twelve.AsSpan(10), 2);
    }

    [Fact]
    public void MaxDegreeOfParallelism_defaults_to_the_processor_count()
    {
        Assert.Equal(Environment.ProcessorCount, LinearAlgebra.MaxDegreeOfParallelism);
        LinearAlgebra.MaxDegreeOfParallelism = 1;
        Assert.Equal(1, LinearAlgebra.MaxDegreeOfParallelism);
        LinearAlgebra.MaxDegreeOfParallelism = Environment.ProcessorCount;
    }

    /// <summary>One test problem: sizes, transposes, scalars, the padding added to every leading dimension, and how to run it.</summary>
    private sealed record Problem(int M, int N, int K, bool TransposeA, bool TransposeB, double Alpha, double Beta, int Pad,
        int Threads = 1)
    {
        public int ARows => TransposeA ? K : M;

        public int ACols => TransposeA ? M : K;

        public int BRows => TransposeB ? N : K;

        public int BCols => TransposeB ? K : N;

        public int Lda => ACols + Pad;

        public int Ldb => BCols + Pad;

        public int Ldc => N + Pad;

        public double A(double[] a, int i, int p) => TransposeA ? a[1 + (p * Lda) + i] : a[1 + (i * Lda) + p];

        public double B(double[] b, int p, int j) => TransposeB ? b[1 + (j * Ldb) + p] : b[1 + (p * Ldb) + j];
    }

    private static void MatchesNaiveProduct<T>(int threads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int index = 0;
        foreach (var (m, n, k) in s_shapes)
        {
            for (int transposes = 0; transposes < 4; transposes++)
            {
                // On several threads (slow to start on a busy machine), one transpose combination per shape, in turn.
                if (threads == 1 || transposes == index % 4)
                {
                    Check<T>(new Problem(m, n, k, (transposes & 1) != 0, (transposes & 2) != 0, -0.5, 2, (m + n + k) % 4), threads);
                }
            }

            index++;
        }
    }

    private static void ScalesAsInBlas<T>(int threads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (double alpha in s_scalars)
        {
            foreach (double beta in s_scalars)
            {
                Check<T>(new Problem(7, 17, 33, false, true, alpha, beta, 1), threads);
                Check<T>(new Problem(13, 9, 5, true, false, alpha, beta, 0), threads);
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="problem"/> and compares each entry of C with <see cref="Reference{T}"/>; checks that the
    /// elements around C (its padding, the element before it) are untouched.
    /// </summary>
    private static void Check<T>(Problem problem, int threads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        (T[] c, T[] c0, double[] a, double[] b) = Run<T>(problem, threads);
        (double[] expected, double[] tolerance) = Reference(problem, a, b, c0);
        for (int at = 0; at < c.Length; at++)
        {
            double actual = double.CreateTruncating(c[at]);
            if (!(InC(problem, at) ? Math.Abs(actual - expected[at]) <= tolerance[at] : c[at].Equals(c0[at])))
            {
                Assert.Fail($"{problem}, {threads} threads, {typeof(T).Name}: element {at} is {actual}, expected {expected[at]} ± {tolerance[at]}");
            }
        }
    }

    /// <summary>
    /// alpha·op(A)·op(B) + beta·C summed in double for each element of C (indexed as in its array), and a bound on
    /// the error of any summation order in <typeparamref name="T"/>: (k + 2) roundings of |alpha|·Σ|a||b| + |beta||c|.
    /// </summary>
    private static (double[] Expected, double[] Tolerance) Reference<T>(Problem problem, double[] a, double[] b, T[] c0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double epsilon = double.CreateTruncating(T.BitIncrement(T.One) - T.One);
        var expected = new double[c0.Length];
        var tolerance = new double[c0.Length];
        var row = new double[problem.K];
        var column = new double[problem.K];
        for (int i = 0; i < problem.M; i++)
        {
            for (int p = 0; p < problem.K; p++)
            {
                row[p] = problem.A(a, i, p);
            }

            for (int j = 0; j < problem.N; j++)
            {
                for (int p = 0; p < problem.K; p++)
                {
                    column[p] = problem.B(b, p, j);
                }

                double sum = 0, magnitude = 0;
                for (int p = 0; p < problem.K; p++)
                {
                    sum += row[p] * column[p];
                    magnitude += Math.Abs(row[p] * column[p]);
                }

                int at = 1 + (i * problem.Ldc) + j;
                expected[at] = problem.Alpha * sum;
                magnitude *= Math.Abs(problem.Alpha);
                if (problem.Beta != 0)
                {
                    double old = double.CreateTruncating(c0[at]);
                    expected[at] += problem.Beta * old;
                    magnitude += Math.Abs(problem.Beta * old);
                }

                tolerance[at] = (problem.K + 2) * epsilon * magnitude;
            }
        }

        return (expected, tolerance);
    }

    /// <summary>Whether element <paramref name="at"/> of C's array belongs to C (rather than to its padding or the element before it).</summary>
    private static bool InC(Problem problem, int at) =>
        at > 0 && (at - 1) % problem.Ldc < problem.N && (at - 1) / problem.Ldc < problem.M;

    private static (T[] C, T[] C0, double[] A, double[] B) Run<T>(Problem problem, int threads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        (T[] a, T[] b, T[] c0) = Operands<T>(problem);
        T[] c = (T[])c0.Clone();
        LinearAlgebra.Gemm(problem.TransposeA, problem.TransposeB, problem.M, problem.N, problem.K,
            T.CreateTruncating(problem.Alpha), a.AsSpan(1), problem.Lda, b.AsSpan(1), problem.Ldb,
            T.CreateTruncating(problem.Beta), c.AsSpan(1), problem.Ldc, threads, 0);
        return (c, c0, Array.ConvertAll(a, double.CreateTruncating), Array.ConvertAll(b, double.CreateTruncating));
    }

    /// <summary>A, B and C with random entries in [-1, 1) at offset 1 of their arrays, NaN before them and in the padding.</summary>
    private static (T[] A, T[] B, T[] C) Operands<T>(Problem problem)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random((problem.M * 10_000) + (problem.N * 100) + problem.K);
        return (Matrix<T>(problem.ARows, problem.ACols, problem.Lda, random),
            Matrix<T>(problem.BRows, problem.BCols, problem.Ldb, random),
            Matrix<T>(problem.M, problem.N, problem.Ldc, random));
    }

    private static T[] Matrix<T>(int rows, int columns, int stride, Random random)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var matrix = new T[1 + (rows * stride)];
        matrix[0] = T.NaN;
        for (int at = 1; at < matrix.Length; at++)
        {
            matrix[at] = (at - 1) % stride < columns ? T.CreateTruncating((random.NextDouble() * 2) - 1) : T.NaN;
        }

        return matrix;
    }

    private static double[] Values(int count, Random random) =>
        Enumerable.Range(0, count).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
}
