using System;
using System.Globalization;

namespace AutoDiffGen.Samples.OptionGreeks;

internal static class Program
{
    private static void Main()
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var option = new CallOption(Spot: 100, Strike: 105, Maturity: 0.5, Rate: 0.03, Volatility: 0.25);
        Console.WriteLine($"European call: S = {option.Spot}, K = {option.Strike}, T = {option.Maturity} years, r = {option.Rate}, σ = {option.Volatility}");
        Console.WriteLine();

        var generated = BlackScholes.FromGeneratedDerivatives(option);
        var exact = BlackScholes.ClosedForm(option);
        Console.WriteLine("Black–Scholes: CallPriceGradient (one reverse sweep) and CallPriceHessian against the closed forms");
        Console.WriteLine();
        Console.WriteLine("                                generated         closed form   relative difference");
        void Row(string name, string symbol, double ad, double closed) =>
            Console.WriteLine($"{name,-11}{symbol,-12}{ad,20:F15}{closed,20:F15}{Format(RelativeDifference(ad, closed)),14}");
        Row("price", "C", generated.Price, exact.Price);
        Row("delta", "∂C/∂S", generated.Delta, exact.Delta);
        Row("gamma", "∂²C/∂S²", generated.Gamma, exact.Gamma);
        Row("vega", "∂C/∂σ", generated.Vega, exact.Vega);
        Row("theta", "−∂C/∂T", generated.Theta, exact.Theta);
        Row("rho", "∂C/∂r", generated.Rho, exact.Rho);
        Row("dual delta", "∂C/∂K", generated.DualDelta, exact.DualDelta);
        Row("vanna", "∂²C/∂S∂σ", generated.Vanna, exact.Vanna);
        Row("volga", "∂²C/∂σ²", generated.Volga, exact.Volga);
        Console.WriteLine();

        const int paths = 200_000, seed = 1;
        var normals = MonteCarlo.StandardNormals(paths, seed);
        var mc = MonteCarlo.Run(option, normals);
        Console.WriteLine($"Monte Carlo, {paths:N0} paths (seed {seed}): pathwise Greeks from CallPriceGradient of the estimator");
        Console.WriteLine();
        Console.WriteLine("              estimate   standard error      closed form    (estimate − closed form) / error");
        void McRow(string name, Estimate e, double closed) =>
            Console.WriteLine($"{name,-8}{e.Value,14:F6}{e.StandardError,17:F6}{closed,17:F6}{(e.Value - closed) / e.StandardError,19:+0.00;-0.00}");
        McRow("price", mc.Price, exact.Price);
        McRow("delta", mc.Delta, exact.Delta);
        McRow("vega", mc.Vega, exact.Vega);
        McRow("rho", mc.Rho, exact.Rho);
        McRow("theta", mc.Theta, exact.Theta);
        Console.WriteLine();

        var (fdDelta, fdVega) = MonteCarlo.CentralDifferences(option, normals);
        Console.WriteLine("Central differences of the same estimator with the same normals (S and σ stepped by 1e-7 of their values):");
        Console.WriteLine($"  delta {fdDelta:F10} (pathwise {mc.Delta.Value:F10}, relative difference {Format(RelativeDifference(fdDelta, mc.Delta.Value))})");
        Console.WriteLine($"  vega  {fdVega:F10} (pathwise {mc.Vega.Value:F10}, relative difference {Format(RelativeDifference(fdVega, mc.Vega.Value))})");
    }

    private static double RelativeDifference(double a, double b) => Math.Abs(a - b) / Math.Max(Math.Abs(a), Math.Abs(b));

    private static string Format(double difference) => difference == 0 ? "0" : difference.ToString("0.0e+0", CultureInfo.InvariantCulture);
}
