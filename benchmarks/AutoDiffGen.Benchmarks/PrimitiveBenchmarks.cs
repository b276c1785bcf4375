using System;
using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace AutoDiffGen.Benchmarks;

/// <summary>
/// The span primitives (<see cref="SpanMath"/>) against the TensorPrimitives calls that compute the same thing,
/// for doubles, in groups of one operation (the TensorPrimitives version is each group's baseline). The fused
/// adjoints make one pass where TensorPrimitives needs several; the Bandwidth group is the reference for what
/// a pass over memory costs (a copy, and an add of two spans into a third).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class PrimitiveBenchmarks
{
    private double[] _x = [], _y = [], _dy = [], _dx = [], _b = [], _db = [], _scratch = [];

    [Params(1_000, 1_000_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        double[] Fill(double low, double high)
        {
            var values = new double[N];
            for (int i = 0; i < N; i++)
            {
                values[i] = low + (high - low) * random.NextDouble();
            }
            return values;
        }
        _x = Fill(-3, 3);
        _y = Fill(0.1, 0.9);
        _dy = Fill(-1, 1);
        _dx = Fill(-1, 1);
        _b = Fill(0.5, 2);
        _db = Fill(-1, 1);
        _scratch = new double[N];
        CheckFusedAgainstTensorPrimitives();
    }

    // Elementwise: SpanMath hands these to TensorPrimitives; the difference is its argument checks.

    [Benchmark(Baseline = true), BenchmarkCategory("Exp")]
    public void Exp_TensorPrimitives() => TensorPrimitives.Exp(_x, _scratch);

    [Benchmark, BenchmarkCategory("Exp")]
    public void Exp_SpanMath() => SpanMath.Exp<double>(_x, _scratch);

    [Benchmark(Baseline = true), BenchmarkCategory("Tanh")]
    public void Tanh_TensorPrimitives() => TensorPrimitives.Tanh(_x, _scratch);

    [Benchmark, BenchmarkCategory("Tanh")]
    public void Tanh_SpanMath() => SpanMath.Tanh<double>(_x, _scratch);

    [Benchmark(Baseline = true), BenchmarkCategory("Multiply")]
    public void Multiply_TensorPrimitives() => TensorPrimitives.Multiply(_x, _b, _scratch);

    [Benchmark, BenchmarkCategory("Multiply")]
    public void Multiply_SpanMath() => SpanMath.Multiply<double>(_x, _b, _scratch);

    // Fused adjoints: one pass here; the fewest TensorPrimitives passes that compute the same (MultiplyAdd last).

    [Benchmark(Baseline = true), BenchmarkCategory("TanhAdjoint")]
    public void TanhAdjoint_TensorPrimitives() => TanhAdjointByTensorPrimitives(_y, _dy, _dx, _scratch);

    [Benchmark, BenchmarkCategory("TanhAdjoint")]
    public void TanhAdjoint_SpanMath() => SpanMath.TanhAdjoint<double>(_y, _dy, _dx);

    [Benchmark(Baseline = true), BenchmarkCategory("SigmoidAdjoint")]
    public void SigmoidAdjoint_TensorPrimitives() => SigmoidAdjointByTensorPrimitives(_y, _dy, _dx, _scratch);

    [Benchmark, BenchmarkCategory("SigmoidAdjoint")]
    public void SigmoidAdjoint_SpanMath() => SpanMath.SigmoidAdjoint<double>(_y, _dy, _dx);

    [Benchmark(Baseline = true), BenchmarkCategory("MultiplyAdjoint")]
    public void MultiplyAdjoint_TensorPrimitives() => MultiplyAdjointByTensorPrimitives(_x, _b, _dy, _dx, _db);

    [Benchmark, BenchmarkCategory("MultiplyAdjoint")]
    public void MultiplyAdjoint_SpanMath() => SpanMath.MultiplyAdjoint<double>(_x, _b, _dy, _dx, _db);

    // What moving the data costs: 1 read + 1 write, and 2 reads + 1 write.

    [Benchmark(Baseline = true), BenchmarkCategory("Bandwidth")]
    public void Copy() => _x.AsSpan().CopyTo(_scratch);

    [Benchmark, BenchmarkCategory("Bandwidth")]
    public void Add_TensorPrimitives() => TensorPrimitives.Add(_x, _b, _scratch);

    /// <summary>dx += dy · (1 - y²) in three passes.</summary>
    private static void TanhAdjointByTensorPrimitives(double[] y, double[] dy, double[] dx, double[] scratch)
    {
        TensorPrimitives.Multiply(y, y, scratch);
        TensorPrimitives.Subtract(1.0, scratch, scratch);
        TensorPrimitives.MultiplyAdd(dy, scratch, dx, dx);
    }

    /// <summary>dx += dy · y · (1 - y) in three passes.</summary>
    private static void SigmoidAdjointByTensorPrimitives(double[] y, double[] dy, double[] dx, double[] scratch)
    {
        TensorPrimitives.Subtract(1.0, y, scratch);
        TensorPrimitives.Multiply(y, scratch, scratch);
        TensorPrimitives.MultiplyAdd(dy, scratch, dx, dx);
    }

    /// <summary>da += dy · b, db += dy · a in two passes.</summary>
    private static void MultiplyAdjointByTensorPrimitives(double[] a, double[] b, double[] dy, double[] da, double[] db)
    {
        TensorPrimitives.MultiplyAdd(dy, b, da, da);
        TensorPrimitives.MultiplyAdd(dy, a, db, db);
    }

    /// <summary>Refuses to benchmark a fused kernel that disagrees with the TensorPrimitives passes.</summary>
    private void CheckFusedAgainstTensorPrimitives()
    {
        int n = Math.Min(N, 1000);
        double[] Copy(double[] values) => values.AsSpan(0, n).ToArray();
        double[] y = Copy(_y), dy = Copy(_dy), a = Copy(_x), b = Copy(_b), scratch = new double[n];

        double[] fused = Copy(_dx), passes = Copy(_dx);
        SpanMath.TanhAdjoint<double>(y, dy, fused);
        TanhAdjointByTensorPrimitives(y, dy, passes, scratch);
        Same("TanhAdjoint", passes, fused);

        fused = Copy(_dx);
        passes = Copy(_dx);
        SpanMath.SigmoidAdjoint<double>(y, dy, fused);
        SigmoidAdjointByTensorPrimitives(y, dy, passes, scratch);
        Same("SigmoidAdjoint", passes, fused);

        double[] fusedB = Copy(_db), passesB = Copy(_db);
        fused = Copy(_dx);
        passes = Copy(_dx);
        SpanMath.MultiplyAdjoint<double>(a, b, dy, fused, fusedB);
        MultiplyAdjointByTensorPrimitives(a, b, dy, passes, passesB);
        Same("MultiplyAdjoint da", passes, fused);
        Same("MultiplyAdjoint db", passesB, fusedB);

        static void Same(string what, double[] expected, double[] actual)
        {
            for (int i = 0; i < expected.Length; i++)
            {
                Check.Same($"{what}[{i}]", expected[i], actual[i]);
            }
        }
    }
}
