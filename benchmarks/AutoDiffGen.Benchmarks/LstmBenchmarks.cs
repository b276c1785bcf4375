using System;
using BenchmarkDotNet.Attributes;

namespace AutoDiffGen.Benchmarks;

/// <summary>
/// ADBench's LSTM (l = 2 layers, c = 1024 steps, b = 14), written as its C++ reference writes it: the goal is a
/// gradient within 2× of the primal (ADBench's hand-written C++ 6.1×, PyTorch 7.3×, on an Intel Xeon).
/// </summary>
[MemoryDiagnoser]
[TapePeakColumn]
public class LstmBenchmarks : ITapePeaks
{
    private LstmInput input = null!;
    private double[] dMain = Array.Empty<double>();
    private double[] dExtra = Array.Empty<double>();
    private double[] tMain = Array.Empty<double>();
    private double[] tExtra = Array.Empty<double>();

    [GlobalSetup]
    public void Setup()
    {
        input = LstmInput.Load(GmmInput.DataPath("lstm_l2_c1024.txt", "lstm"));
        dMain = new double[input.MainParams.Length];
        dExtra = new double[input.ExtraParams.Length];
        var random = new Random(11);
        tMain = Array.ConvertAll(dMain, _ => random.NextDouble() - 0.5);
        tExtra = Array.ConvertAll(dExtra, _ => random.NextDouble() - 0.5);
        // ADBench's objective on this file, and the gradient along the tangent against central differences and the pushforward.
        Check.Close("LSTM objective", 0.66666518, Primal(), 1e-7);
        const double h = 1e-6;
        double Shifted(double by) => Lstm.Objective(Add(input.MainParams, tMain, by), Add(input.ExtraParams, tExtra, by), input.State, input.Sequence, input.Layers, input.B);
        double byDifferences = (Shifted(h) - Shifted(-h)) / (2 * h);
        Gradient();
        double directional = 0;
        for (int i = 0; i < dMain.Length; i++) directional += dMain[i] * tMain[i];
        for (int i = 0; i < dExtra.Length; i++) directional += dExtra[i] * tExtra[i];
        Lstm.ObjectivePushforward(input.MainParams, input.ExtraParams, input.State, input.Sequence, input.Layers, input.B, tMain, tExtra, out double pushed);
        Check.Close("LSTM gradient·v against differences", byDifferences, directional, 1e-6);
        Check.Close("LSTM gradient·v against the pushforward", pushed, directional, 1e-10);
    }

    private static double[] Add(double[] values, double[] direction, double by)
    {
        var result = (double[])values.Clone();
        for (int i = 0; i < result.Length; i++) result[i] += by * direction[i];
        return result;
    }

    public long TapePeak(string method) => TapePeaks.Of(() =>
    {
        switch (method)
        {
            case nameof(Gradient): Gradient(); break;
            case nameof(Pushforward): Pushforward(); break;
        }
    });

    [Benchmark(Baseline = true)]
    public double Primal() => Lstm.Objective(input.MainParams, input.ExtraParams, input.State, input.Sequence, input.Layers, input.B);

    [Benchmark]
    public double Gradient() => Lstm.ObjectiveGradient(input.MainParams, input.ExtraParams, input.State, input.Sequence, input.Layers, input.B, dMain, dExtra);

    [Benchmark]
    public double Pushforward() => Lstm.ObjectivePushforward(input.MainParams, input.ExtraParams, input.State, input.Sequence, input.Layers, input.B, tMain, tExtra, out double t) + t;
}
