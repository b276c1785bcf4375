using System;

namespace AutoDiffGen.Samples.OptionGreeks;

/// <summary>An average over paths and its standard error (the spread of the per-path values over √paths).</summary>
public readonly record struct Estimate(double Value, double StandardError);

/// <summary>The Monte Carlo price of a call and its pathwise Greeks, each with its standard error.</summary>
public sealed record PathwiseGreeks(int Paths, Estimate Price, Estimate Delta, Estimate Vega, Estimate Rho, Estimate Theta);

/// <summary>
/// A Monte Carlo pricer whose Greeks are its own derivatives: the generated gradient of the average discounted payoff
/// with respect to S, σ, r and T is the pathwise estimator of delta, vega, rho and −theta, from one reverse sweep over
/// the paths instead of one re-simulation per bumped input.
/// </summary>
public static partial class MonteCarlo
{
    /// <summary>
    /// The average discounted payoff <c>e^(−rT)·max(S_T − K, 0)</c> over the paths
    /// <c>S_T = S·exp((r − σ²/2)T + σ√T·Z)</c>, one per standard normal <c>Z</c> in <paramref name="normals"/>. The
    /// derivative of <c>max</c> is the indicator <c>S_T &gt; K</c>.
    /// </summary>
    [Differentiable]
    public static double CallPrice(double s, double sigma, double r, double t, [NoDerivative] double k, [NoDerivative] ReadOnlySpan<double> normals)
    {
        double drift = (r - 0.5 * sigma * sigma) * t;
        double volatility = sigma * Math.Sqrt(t);
        double sum = 0;
        for (int i = 0; i < normals.Length; i++)
        {
            double terminal = s * Math.Exp(drift + volatility * normals[i]);
            sum += Math.Max(terminal - k, 0);
        }

        return Math.Exp(-r * t) * sum / normals.Length;
    }

    /// <summary><paramref name="count"/> independent standard normals (Box–Muller, both outputs), the same for the same seed.</summary>
    public static double[] StandardNormals(int count, int seed)
    {
        var random = new Random(seed);
        var normals = new double[count];
        for (int i = 0; i < count; i += 2)
        {
            double radius = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble()));
            double angle = 2 * Math.PI * random.NextDouble();
            normals[i] = radius * Math.Cos(angle);
            if (i + 1 < count) normals[i + 1] = radius * Math.Sin(angle);
        }

        return normals;
    }

    /// <summary>
    /// The price and pathwise Greeks over all <paramref name="normals"/> from one <c>CallPriceGradient</c>; their standard
    /// errors from the same generated gradient run on each path alone (a one-element span), whose spread it measures.
    /// </summary>
    public static PathwiseGreeks Run(CallOption o, ReadOnlySpan<double> normals)
    {
        double price = MonteCarlo.CallPriceGradient(o.Spot, o.Volatility, o.Rate, o.Maturity, o.Strike, normals,
            out double ds, out double dsigma, out double dr, out double dt);

        Moments priceMoments = default, deltaMoments = default, vegaMoments = default, rhoMoments = default, thetaMoments = default;
        for (int i = 0; i < normals.Length; i++)
        {
            double pathPrice = MonteCarlo.CallPriceGradient(o.Spot, o.Volatility, o.Rate, o.Maturity, o.Strike, normals.Slice(i, 1),
                out double pathDs, out double pathDsigma, out double pathDr, out double pathDt);
            priceMoments.Add(pathPrice);
            deltaMoments.Add(pathDs);
            vegaMoments.Add(pathDsigma);
            rhoMoments.Add(pathDr);
            thetaMoments.Add(-pathDt);
        }

        return new PathwiseGreeks(normals.Length,
            new Estimate(price, priceMoments.StandardError), new Estimate(ds, deltaMoments.StandardError),
            new Estimate(dsigma, vegaMoments.StandardError), new Estimate(dr, rhoMoments.StandardError),
            new Estimate(-dt, thetaMoments.StandardError));
    }

    /// <summary>
    /// Delta and vega by central differences of <see cref="CallPrice"/> with the same normals (common random numbers),
    /// stepping S and σ by <paramref name="relativeStep"/> of their values: a check on the pathwise derivatives.
    /// </summary>
    public static (double Delta, double Vega) CentralDifferences(CallOption o, ReadOnlySpan<double> normals, double relativeStep = 1e-7)
    {
        double hs = relativeStep * o.Spot, hsigma = relativeStep * o.Volatility;
        double delta = (CallPrice(o.Spot + hs, o.Volatility, o.Rate, o.Maturity, o.Strike, normals)
            - CallPrice(o.Spot - hs, o.Volatility, o.Rate, o.Maturity, o.Strike, normals)) / (2 * hs);
        double vega = (CallPrice(o.Spot, o.Volatility + hsigma, o.Rate, o.Maturity, o.Strike, normals)
            - CallPrice(o.Spot, o.Volatility - hsigma, o.Rate, o.Maturity, o.Strike, normals)) / (2 * hsigma);
        return (delta, vega);
    }

    /// <summary>Welford's running mean and variance.</summary>
    private struct Moments
    {
        private int _count;
        private double _mean, _squares;

        public void Add(double value)
        {
            _count++;
            double before = value - _mean;
            _mean += before / _count;
            _squares += before * (value - _mean);
        }

        public readonly double StandardError => Math.Sqrt(_squares / (_count - 1) / _count);
    }
}
