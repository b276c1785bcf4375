using System;
using BenchmarkDotNet.Attributes;

namespace AutoDiffGen.Benchmarks;

/// <summary>
/// ADBench's GMM objective on its 1000-point sets (d = 10, K = 25; d = 20, K = 50; d = 64, K = 100): nested loops over scratch vectors, the case where
/// compile-time AD tools lose to hand-written adjoints. Measured here, gradient time over primal time: ADBench's
/// hand-written C++ 1.8×, Enzyme 14×, Clad 37×, ADOL-C 16×, PyTorch 15×.
/// </summary>
[MemoryDiagnoser]
[TapePeakColumn]
public class GmmBenchmarks : ITapePeaks
{
    private GmmInput input = null!;
    private double[] dAlphas = Array.Empty<double>();
    private double[] dMeans = Array.Empty<double>();
    private double[] dIcf = Array.Empty<double>();
    private double[] tAlphas = Array.Empty<double>();
    private double[] tMeans = Array.Empty<double>();
    private double[] tIcf = Array.Empty<double>();

    /// <summary>ADBench's 1000-point sets: d = 10, K = 25 (the table's main row), d = 20, K = 50 and d = 64, K = 100.</summary>
    [Params("gmm_d10_K25.txt", "gmm_d20_K50.txt", "gmm_d64_K100.txt")]
    public string Data { get; set; } = "gmm_d10_K25.txt";

    [GlobalSetup]
    public void Setup()
    {
        input = GmmInput.Load(GmmInput.DataPath(Data));
        dAlphas = new double[input.Alphas.Length];
        dMeans = new double[input.Means.Length];
        dIcf = new double[input.Icf.Length];
        var random = new Random(5);
        tAlphas = Array.ConvertAll(dAlphas, _ => random.NextDouble() - 0.5);
        tMeans = Array.ConvertAll(dMeans, _ => random.NextDouble() - 0.5);
        tIcf = Array.ConvertAll(dIcf, _ => random.NextDouble() - 0.5);

        var (a, m, q) = (new double[dAlphas.Length], new double[dMeans.Length], new double[dIcf.Length]);
        var i = input;
        double byHand = Gmm.GradientByHand(i.Alphas, i.Means, i.Icf, i.X, i.D, i.Gamma, i.M, a, m, q);
        Check.Close("GMM value", byHand, Gradient());
        for (int j = 0; j < a.Length; j++) Check.Close($"GMM d/dalpha[{j}]", a[j], dAlphas[j]);
        for (int j = 0; j < m.Length; j++) Check.Close($"GMM d/dmean[{j}]", m[j], dMeans[j]);
        for (int j = 0; j < q.Length; j++) Check.Close($"GMM d/dicf[{j}]", q[j], dIcf[j]);
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
    public double Primal() => Gmm.Objective(input.Alphas, input.Means, input.Icf, input.X, input.D, input.Gamma, input.M);

    [Benchmark]
    public double Gradient() => Gmm.ObjectiveGradient(input.Alphas, input.Means, input.Icf, input.X, input.D, input.Gamma, input.M, dAlphas, dMeans, dIcf);

    [Benchmark]
    public double HandWrittenGradient() => Gmm.GradientByHand(input.Alphas, input.Means, input.Icf, input.X, input.D, input.Gamma, input.M, dAlphas, dMeans, dIcf);

    [Benchmark]
    public double Pushforward() => Gmm.ObjectivePushforward(input.Alphas, input.Means, input.Icf, input.X, input.D, input.Gamma, input.M, tAlphas, tMeans, tIcf, out double t) + t;
}
