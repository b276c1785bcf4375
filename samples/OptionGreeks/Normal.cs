using System;

namespace AutoDiffGen.Samples.OptionGreeks;

/// <summary>
/// The standard normal distribution. <see cref="Cdf"/> is not <c>[Differentiable]</c> (its body is a series and a
/// continued fraction, each run to convergence): the generator learns its derivative, the density
/// <see cref="Pdf"/>, from the registrations below, as it would for a function in a library it cannot read.
/// </summary>
public static class Normal
{
    private static readonly double InverseSqrtTwoPi = 1 / Math.Sqrt(2 * Math.PI);

    /// <summary>Below this |x| the series is used, above it the continued fraction (both then converge in under 200 terms).</summary>
    private const double SeriesLimit = 1.5;

    /// <summary>The density <c>φ(x) = e^(−x²/2) / √(2π)</c>.</summary>
    public static double Pdf(double x) => InverseSqrtTwoPi * Math.Exp(-0.5 * x * x);

    /// <summary>
    /// The distribution function <c>Φ(x)</c>, to a few units in the last place relative to its value for every x
    /// (also far out in the lower tail, where <c>1 − Φ(−x)</c> would lose every digit).
    /// </summary>
    public static double Cdf(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        if (x < -SeriesLimit) return UpperTail(-x);
        if (x > SeriesLimit) return 1 - UpperTail(x);

        // Φ(x) = 1/2 + φ(x) · (x + x³/3 + x⁵/(3·5) + x⁷/(3·5·7) + …): every term has the sign of x.
        double x2 = x * x, term = x, sum = x;
        for (int k = 3; Math.Abs(term) > 1e-17 * Math.Abs(sum); k += 2)
        {
            term *= x2 / k;
            sum += term;
        }

        return 0.5 + Pdf(x) * sum;
    }

    /// <summary>
    /// <c>1 − Φ(x)</c> for x &gt; 0 from Laplace's continued fraction
    /// <c>φ(x) / (x + 1/(x + 2/(x + 3/(x + …))))</c>, evaluated front to back by the modified Lentz method.
    /// </summary>
    private static double UpperTail(double x)
    {
        double f = x, c = x, d = 0;
        for (int n = 1; n < 1000; n++)
        {
            d = 1 / (x + n * d);
            c = x + n / c;
            double delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1) < 1e-16) break;
        }

        return Pdf(x) / f;
    }

    // ------------------------------------------------------------------ derivatives: Φ' = φ, φ' = −x·φ

    /// <summary>Pullback of <see cref="Cdf"/>: adds <c>seed · φ(x)</c> into <paramref name="dx"/>.</summary>
    [DerivativeOf(typeof(Normal), nameof(Cdf), DerivativeKind.Pullback)]
    public static void CdfPullback(double x, double seed, ref double dx) => dx += seed * Pdf(x);

    /// <summary>Pushforward of <see cref="Cdf"/>: returns <c>Φ(x)</c> and its tangent <c>φ(x) · tx</c>.</summary>
    [DerivativeOf(typeof(Normal), nameof(Cdf), DerivativeKind.Pushforward)]
    public static double CdfPushforward(double x, double tx, out double tangent)
    {
        tangent = Pdf(x) * tx;
        return Cdf(x);
    }

    /// <summary>
    /// Pushforward of <see cref="CdfPullback"/>, which second order (the Hessian's gamma) runs through: the pullback
    /// adds <c>seed · φ(x)</c>, so its tangent is <c>tseed · φ(x) − seed · x · φ(x) · tx</c>.
    /// </summary>
    [DerivativeOf(typeof(Normal), nameof(CdfPullback), DerivativeKind.Pushforward)]
    public static void CdfPullbackPushforward(double x, double seed, ref double dx, double tx, double tseed, ref double tdx)
    {
        double p = Pdf(x);
        dx += seed * p;
        tdx += tseed * p - seed * x * p * tx;
    }
}
