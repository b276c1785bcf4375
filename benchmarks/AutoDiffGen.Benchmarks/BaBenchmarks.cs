using System;
using BenchmarkDotNet.Attributes;

namespace AutoDiffGen.Benchmarks;

/// <summary>
/// ADBench's bundle adjustment on ba1_n49_m7776_p31843 (49 cameras, 7,776 points, 31,843 observations): the residuals
/// against the sparse Jacobian assembled from the generated <see cref="Ba.ReprojectionErrorJacobian"/> (2 × 15 per
/// observation), and from the two generated pullbacks called directly. ADBench's hand-written C++ on an Intel Xeon: 6.9×.
/// </summary>
[MemoryDiagnoser]
public class BaBenchmarks
{
    private BaInput input = null!;
    private double[] reprojection = Array.Empty<double>();
    private double[] weight = Array.Empty<double>();
    private double[] blocks = Array.Empty<double>();
    private double[] weightDerivatives = Array.Empty<double>();

    [GlobalSetup]
    public void Setup()
    {
        input = BaInput.Load(GmmInput.DataPath("ba1_n49_m7776_p31843.txt", "ba"));
        reprojection = new double[2 * input.P];
        weight = new double[input.P];
        blocks = new double[2 * Ba.BlockColumns * input.P];
        weightDerivatives = new double[input.P];
        // The two ways agree (BaTests checks the blocks against central differences).
        var byPullbacks = new double[blocks.Length];
        input.JacobianByPullbacks(reprojection, weight, byPullbacks, weightDerivatives);
        input.Jacobian(reprojection, weight, blocks, weightDerivatives);
        for (int k = 0; k < 2 * Ba.BlockColumns; k++) Check.Close($"BA block entry {k}", byPullbacks[k], blocks[k]);
    }

    [Benchmark(Baseline = true)]
    public double Residuals()
    {
        input.Residuals(reprojection, weight);
        return reprojection[0];
    }

    [Benchmark]
    public double Jacobian()
    {
        input.Jacobian(reprojection, weight, blocks, weightDerivatives);
        return blocks[0];
    }

    [Benchmark]
    public double JacobianByPullbacks()
    {
        input.JacobianByPullbacks(reprojection, weight, blocks, weightDerivatives);
        return blocks[0];
    }
}
