using System;
using System.Diagnostics;
using System.Globalization;

namespace AutoDiffGen.Samples.Heston;

internal static class Program
{
    private static void Main()
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var (model, option, rule) = (Sample.Model, Sample.Option, Sample.Rule);
        Console.WriteLine($"European call under Heston's model: S = {option.Spot}, K = {option.Strike}, T = {option.Maturity}, r = {option.Rate}");
        Console.WriteLine($"v0 = {model.V0}, κ = {model.Kappa}, θ = {model.Theta}, σ = {model.Sigma}, ρ = {model.Rho}");
        Console.WriteLine($"Lewis's formula on the little Heston trap's characteristic function, {rule.Nodes.Length} Gauss–Legendre nodes on [0, {Sample.Upper}]");
        Console.WriteLine();

        var generated = Heston.FromGeneratedGradient(model, option, rule);
        var differences = Heston.CentralDifferences(model, option, rule);
        Console.WriteLine($"price  {generated.Price:F10}   (Fang and Oosterlee's reference value: {Sample.ReferencePrice:F9})");
        Console.WriteLine();
        Console.WriteLine("CallPriceGradient (one reverse sweep) against central differences of CallPrice (steps 1e-5 of each input)");
        Console.WriteLine();
        Console.WriteLine("                    generated    central difference   relative difference");
        void Row(string name, double ad, double fd) =>
            Console.WriteLine($"{name,-10}{ad,19:F12}{fd,22:F12}{RelativeDifference(ad, fd),18:0.0e+0}");
        Row("∂C/∂S", generated.Delta, differences.Delta);
        Row("∂C/∂v0", generated.Model.V0, differences.Model.V0);
        Row("∂C/∂κ", generated.Model.Kappa, differences.Model.Kappa);
        Row("∂C/∂θ", generated.Model.Theta, differences.Model.Theta);
        Row("∂C/∂σ", generated.Model.Sigma, differences.Model.Sigma);
        Row("∂C/∂ρ", generated.Model.Rho, differences.Model.Rho);
        Console.WriteLine();
        Console.WriteLine("CallPriceHessianVectorProduct along the spot against central differences of the generated delta");
        Console.WriteLine();
        Row("∂²C/∂S²", Heston.Gamma(model, option, rule), Heston.CentralDifferenceGamma(model, option, rule));
        Console.WriteLine();

        double price = SecondsPerCall(() => Heston.Price(model, option, rule));
        double gradient = SecondsPerCall(() => Heston.FromGeneratedGradient(model, option, rule).Price);
        Console.WriteLine("One call, timed with a Stopwatch loop (BenchmarkDotNet: HestonBenchmarks):");
        Console.WriteLine($"  CallPrice          {price * 1e6,8:F2} µs");
        Console.WriteLine($"  CallPriceGradient  {gradient * 1e6,8:F2} µs   ({gradient / price:F2}× the price, for 6 derivatives; central differences take 12 prices)");
    }

    private static double RelativeDifference(double a, double b) => Math.Abs(a - b) / Math.Max(Math.Abs(a), Math.Abs(b));

    /// <summary>The fastest of twenty loops of 200 calls, per call; the later ones run the optimized (tier 1) code.</summary>
    private static double SecondsPerCall(Func<double> call)
    {
        double fastest = double.MaxValue, sink = 0;
        for (int round = 0; round < 20; round++)
        {
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < 200; i++) sink += call();
            fastest = Math.Min(fastest, clock.Elapsed.TotalSeconds / 200);
        }

        return sink > 0 ? fastest : double.NaN;
    }
}
