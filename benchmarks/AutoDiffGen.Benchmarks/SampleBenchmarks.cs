using System;
using System.Numerics;
using AutoDiffGen.Samples.Heston;
using AutoDiffGen.Samples.Springs;
using BenchmarkDotNet.Attributes;

namespace AutoDiffGen.Benchmarks;

/// <summary>
/// The springs sample's cloth (12 × 12 particles, 506 springs): its energy against the generated gradient, which gives
/// all 432 force components, at the relaxed positions. Run with <c>--filter '*Springs*'</c>.
/// </summary>
[MemoryDiagnoser]
public class SpringsBenchmarks
{
    private readonly Cloth cloth = Cloth.Square();
    private Vector3[] positions = Array.Empty<Vector3>(), gradient = Array.Empty<Vector3>();

    [GlobalSetup]
    public void Setup()
    {
        positions = Relaxer.Run(cloth).Positions;
        gradient = new Vector3[positions.Length];
    }

    [Benchmark(Baseline = true)]
    public double Energy() => ClothEnergy.Energy(positions, cloth.Springs, cloth.RestLengths, cloth.Stiffness, cloth.Masses, cloth.Gravity);

    [Benchmark]
    public double EnergyGradient() =>
        ClothEnergy.EnergyGradient(positions, cloth.Springs, cloth.RestLengths, cloth.Stiffness, cloth.Masses, cloth.Gravity, gradient);
}

/// <summary>
/// The Heston sample's call (256 Gauss–Legendre nodes of a Complex characteristic function): its price against the
/// generated gradient, which gives delta and the five model sensitivities. Run with <c>--filter '*Heston*'</c>.
/// </summary>
[MemoryDiagnoser]
public class HestonBenchmarks
{
    private readonly HestonParams model = Sample.Model;
    private readonly CallOption option = Sample.Option;
    private readonly Quadrature rule = Sample.Rule;

    [Benchmark(Baseline = true)]
    public double CallPrice() => Heston.CallPrice(model, option.Spot, option.Strike, option.Maturity, option.Rate, rule.Nodes, rule.Weights);

    [Benchmark]
    public double CallPriceGradient() =>
        Heston.CallPriceGradient(model, option.Spot, option.Strike, option.Maturity, option.Rate, rule.Nodes, rule.Weights, out _, out _);
}
