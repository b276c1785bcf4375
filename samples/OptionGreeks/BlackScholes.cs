using System;

namespace AutoDiffGen.Samples.OptionGreeks;

/// <summary>A European call: spot S, strike K, years to expiry T, continuous risk-free rate r, volatility σ.</summary>
public readonly record struct CallOption(double Spot, double Strike, double Maturity, double Rate, double Volatility);

/// <summary>
/// A call's price and sensitivities. Theta is the change per year as time passes (<c>−∂C/∂T</c>); the others are
/// partial derivatives: delta <c>∂C/∂S</c>, gamma <c>∂²C/∂S²</c>, vega <c>∂C/∂σ</c>, rho <c>∂C/∂r</c>, dual delta
/// <c>∂C/∂K</c>, vanna <c>∂²C/∂S∂σ</c>, volga <c>∂²C/∂σ²</c>.
/// </summary>
public sealed record Greeks(
    double Price, double Delta, double Gamma, double Vega, double Theta, double Rho, double DualDelta, double Vanna, double Volga);

/// <summary>The Black–Scholes price of a call, its Greeks from the generated derivatives, and the textbook formulas.</summary>
public static partial class BlackScholes
{
    /// <summary><c>C = S·Φ(d₁) − K·e^(−rT)·Φ(d₂)</c>, the Black–Scholes price of a European call (no dividends).</summary>
    [Differentiable]
    public static double CallPrice(double s, double k, double t, double r, double sigma)
    {
        double volatility = sigma * Math.Sqrt(t);
        double d1 = (Math.Log(s / k) + (r + 0.5 * sigma * sigma) * t) / volatility;
        double d2 = d1 - volatility;
        return s * Normal.Cdf(d1) - k * Math.Exp(-r * t) * Normal.Cdf(d2);
    }

    /// <summary>
    /// Every Greek from two generated members: <c>CallPriceGradient</c> (one reverse sweep: the five first
    /// derivatives) and <c>CallPriceHessian</c> (the 5 × 5 second derivatives, of which gamma, vanna and volga are read).
    /// </summary>
    public static Greeks FromGeneratedDerivatives(CallOption o)
    {
        double price = CallPriceGradient(o.Spot, o.Strike, o.Maturity, o.Rate, o.Volatility,
            out double ds, out double dk, out double dt, out double dr, out double dsigma);

        // Rows and columns in parameter order: S, K, T, r, σ.
        Span<double> gradient = stackalloc double[5];
        Span<double> hessian = stackalloc double[25];
        CallPriceHessian(o.Spot, o.Strike, o.Maturity, o.Rate, o.Volatility, gradient, hessian);
        const int S = 0, Sigma = 4;

        return new Greeks(price, Delta: ds, Gamma: hessian[S * 5 + S], Vega: dsigma, Theta: -dt, Rho: dr, DualDelta: dk,
            Vanna: hessian[S * 5 + Sigma], Volga: hessian[Sigma * 5 + Sigma]);
    }

    /// <summary>The closed forms, written out by hand.</summary>
    public static Greeks ClosedForm(CallOption o)
    {
        var (s, k, t, r, sigma) = o;
        double sqrtT = Math.Sqrt(t);
        double d1 = (Math.Log(s / k) + (r + 0.5 * sigma * sigma) * t) / (sigma * sqrtT);
        double d2 = d1 - sigma * sqrtT;
        double discount = Math.Exp(-r * t);
        double pdf = Normal.Pdf(d1), cdf1 = Normal.Cdf(d1), cdf2 = Normal.Cdf(d2);
        return new Greeks(
            Price: s * cdf1 - k * discount * cdf2,
            Delta: cdf1,
            Gamma: pdf / (s * sigma * sqrtT),
            Vega: s * pdf * sqrtT,
            Theta: -s * pdf * sigma / (2 * sqrtT) - r * k * discount * cdf2,
            Rho: k * t * discount * cdf2,
            DualDelta: -discount * cdf2,
            Vanna: -pdf * d2 / sigma,
            Volga: s * pdf * sqrtT * d1 * d2 / sigma);
    }
}
