using System;
using System.Numerics;

namespace AutoDiffGen.Samples.Heston;

/// <summary>
/// Heston's model: the variance starts at <see cref="V0"/> and reverts at rate <see cref="Kappa"/> to
/// <see cref="Theta"/>, with volatility of variance <see cref="Sigma"/> and correlation <see cref="Rho"/> between
/// the variance's noise and the spot's.
/// </summary>
public readonly record struct HestonParams(double V0, double Kappa, double Theta, double Sigma, double Rho);

/// <summary>A European call: spot, strike, years to expiry, continuous risk-free rate.</summary>
public readonly record struct CallOption(double Spot, double Strike, double Maturity, double Rate);

/// <summary>A call's price and its first derivatives in the spot and the model's five parameters.</summary>
public sealed record Sensitivities(double Price, double Delta, HestonParams Model);

/// <summary>The price of a European call under Heston's model, and its sensitivities from the generated gradient.</summary>
public static partial class Heston
{
    /// <summary>
    /// Lewis's formula, <c>C = S − √(F·K)·e^(−rT)/π · ∫₀^∞ Re[e^(−iuk)·φ(u − i/2)] / (u² + ¼) du</c> with the forward
    /// <c>F = S·e^(rT)</c>, <c>k = ln(K/F)</c> and <c>φ</c> the characteristic function of <c>ln(S_T/F)</c>, integrated by
    /// the rule <paramref name="nodes"/>, <paramref name="weights"/>. <c>φ</c> is written as in "the little Heston trap"
    /// (Albrecher, Mayer, Schoutens and Tistaert, 2007): with <c>e^(−dT)</c> rather than <c>e^(dT)</c>, the principal
    /// square root and logarithm give a continuous integrand at every maturity.
    /// </summary>
    [Differentiable]
    public static double CallPrice(HestonParams p, double spot, [NoDerivative] double strike, [NoDerivative] double maturity,
        [NoDerivative] double rate, [NoDerivative] ReadOnlySpan<double> nodes, [NoDerivative] ReadOnlySpan<double> weights)
    {
        double forward = spot * Math.Exp(rate * maturity);
        double k = Math.Log(strike / forward);
        double sigma2 = p.Sigma * p.Sigma;
        double integral = 0;
        for (int j = 0; j < nodes.Length; j++)
        {
            // φ(u − i/2) = E[e^(wX)] at w = i·(u − i/2); with β = κ − ρσw, d² = β² − σ²(w² − w), g = (β − d)/(β + d):
            // ln φ = κθ/σ²·((β − d)T − 2·ln((1 − g·e^(−dT))/(1 − g))) + v0·(β − d)/σ²·(1 − e^(−dT))/(1 − g·e^(−dT)).
            double u = nodes[j];
            Complex w = new Complex(0.5, u);
            Complex beta = p.Kappa - p.Rho * p.Sigma * w;
            Complex d = Complex.Sqrt(beta * beta - sigma2 * (w * w - w));
            Complex g = (beta - d) / (beta + d);
            Complex decay = Complex.Exp(-d * maturity);
            Complex a = p.Kappa * p.Theta / sigma2 * ((beta - d) * maturity - 2.0 * Complex.Log((1.0 - g * decay) / (1.0 - g)));
            Complex b = (beta - d) / sigma2 * (1.0 - decay) / (1.0 - g * decay);
            Complex integrand = Complex.Exp(a + p.V0 * b - Complex.ImaginaryOne * (u * k));
            integral += weights[j] * integrand.Real / (u * u + 0.25);
        }

        return spot - Math.Sqrt(forward * strike) * Math.Exp(-rate * maturity) / Math.PI * integral;
    }

    /// <summary><see cref="CallPrice"/> of <paramref name="option"/> on <paramref name="rule"/>.</summary>
    public static double Price(HestonParams model, CallOption option, Quadrature rule) =>
        CallPrice(model, option.Spot, option.Strike, option.Maturity, option.Rate, rule.Nodes, rule.Weights);

    /// <summary>The price, delta <c>∂C/∂S</c> and <c>∂C/∂(v0, κ, θ, σ, ρ)</c> from one <c>CallPriceGradient</c>.</summary>
    public static Sensitivities FromGeneratedGradient(HestonParams model, CallOption option, Quadrature rule)
    {
        double price = CallPriceGradient(model, option.Spot, option.Strike, option.Maturity, option.Rate, rule.Nodes, rule.Weights,
            out HestonParams dmodel, out double dspot);
        return new Sensitivities(price, dspot, dmodel);
    }

    /// <summary>
    /// Gamma <c>∂²C/∂S²</c> from one <c>CallPriceHessianVectorProduct</c> along the spot (which also gives the derivatives of
    /// delta in the model's parameters, not used here).
    /// </summary>
    public static double Gamma(HestonParams model, CallOption option, Quadrature rule)
    {
        CallPriceHessianVectorProduct(model, option.Spot, option.Strike, option.Maturity, option.Rate, rule.Nodes, rule.Weights,
            default, 1, out _, out double gamma);
        return gamma;
    }

    /// <summary>Gamma by central differences of the generated delta, the spot stepped by <paramref name="relativeStep"/> of its value.</summary>
    public static double CentralDifferenceGamma(HestonParams model, CallOption option, Quadrature rule, double relativeStep = 1e-5)
    {
        double h = relativeStep * option.Spot;
        return (FromGeneratedGradient(model, option with { Spot = option.Spot + h }, rule).Delta
            - FromGeneratedGradient(model, option with { Spot = option.Spot - h }, rule).Delta) / (2 * h);
    }

    /// <summary>
    /// The same derivatives by central differences of <see cref="CallPrice"/>, each input stepped by
    /// <paramref name="relativeStep"/> of its value: twelve prices.
    /// </summary>
    public static Sensitivities CentralDifferences(HestonParams model, CallOption option, Quadrature rule, double relativeStep = 1e-5)
    {
        double Difference(Func<double, double> price, double at)
        {
            double h = relativeStep * Math.Abs(at);
            return (price(at + h) - price(at - h)) / (2 * h);
        }

        return new Sensitivities(
            Price(model, option, rule),
            Difference(s => Price(model, option with { Spot = s }, rule), option.Spot),
            new HestonParams(
                Difference(v => Price(model with { V0 = v }, option, rule), model.V0),
                Difference(v => Price(model with { Kappa = v }, option, rule), model.Kappa),
                Difference(v => Price(model with { Theta = v }, option, rule), model.Theta),
                Difference(v => Price(model with { Sigma = v }, option, rule), model.Sigma),
                Difference(v => Price(model with { Rho = v }, option, rule), model.Rho)));
    }
}
