using System;
using BenchmarkDotNet.Attributes;

namespace AutoDiffGen.Benchmarks;

// Each benchmark returns the value plus every derivative it produced, so that nothing is dead code; the
// inputs are fields, so that the JIT cannot fold the function into a constant. Goals (from the issue):
// Gradient <= 3x Primal, Pushforward <= 2.5x, HessianVectorProduct <= 8x, 0 bytes allocated.

/// <summary><see cref="Functions.Mix"/>: 20 terms, products and transcendental functions, 5 variables.</summary>
[MemoryDiagnoser]
public class MixBenchmarks
{
    private double a = 0.3, b = -0.7, c = 1.1, d = 0.4, e = -1.3;
    private double ta = 1, tb = 0.5, tc = -0.25, td = 2, te = -1;
    private readonly double[] gradient = new double[5];
    private readonly double[] hessian = new double[25];

    [GlobalSetup]
    public void CheckAgainstTheHandWrittenGradient()
    {
        double generated = Functions.MixGradient(a, b, c, d, e, out double ga, out double gb, out double gc, out double gd, out double ge);
        double byHand = Functions.MixGradientByHand(a, b, c, d, e, out double ha, out double hb, out double hc, out double hd, out double he);
        Check.Same("Mix value", byHand, generated);
        Check.Same("Mix d/da", ha, ga);
        Check.Same("Mix d/db", hb, gb);
        Check.Same("Mix d/dc", hc, gc);
        Check.Same("Mix d/dd", hd, gd);
        Check.Same("Mix d/de", he, ge);
    }

    [Benchmark(Baseline = true)]
    public double Primal() => Functions.Mix(a, b, c, d, e);

    [Benchmark]
    public double Gradient()
    {
        double v = Functions.MixGradient(a, b, c, d, e, out double da, out double db, out double dc, out double dd, out double de);
        return v + da + db + dc + dd + de;
    }

    [Benchmark]
    public double HandWrittenGradient()
    {
        double v = Functions.MixGradientByHand(a, b, c, d, e, out double da, out double db, out double dc, out double dd, out double de);
        return v + da + db + dc + dd + de;
    }

    [Benchmark]
    public double Pushforward()
    {
        double v = Functions.MixPushforward(a, b, c, d, e, ta, tb, tc, td, te, out double tangent);
        return v + tangent;
    }

    [Benchmark]
    public double HessianVectorProduct()
    {
        double v = Functions.MixHessianVectorProduct(
            a, b, c, d, e, ta, tb, tc, td, te, out double ha, out double hb, out double hc, out double hd, out double he);
        return v + ha + hb + hc + hd + he;
    }

    [Benchmark]
    public double Hessian()
    {
        double v = Functions.MixHessian(a, b, c, d, e, gradient, hessian);
        return v + gradient[4] + hessian[24];
    }
}

/// <summary><see cref="Functions.Polynomial"/>: 20 terms of a polynomial in 4 variables.</summary>
[MemoryDiagnoser]
public class PolynomialBenchmarks
{
    private double w = 0.3, x = -0.7, y = 1.1, z = 0.4;
    private double tw = 1, tx = 0.5, ty = -0.25, tz = 2;
    private readonly double[] gradient = new double[4];
    private readonly double[] hessian = new double[16];

    [GlobalSetup]
    public void CheckAgainstTheHandWrittenGradient()
    {
        double generated = Functions.PolynomialGradient(w, x, y, z, out double gw, out double gx, out double gy, out double gz);
        double byHand = Functions.PolynomialGradientByHand(w, x, y, z, out double hw, out double hx, out double hy, out double hz);
        Check.Same("Polynomial value", byHand, generated);
        Check.Same("Polynomial d/dw", hw, gw);
        Check.Same("Polynomial d/dx", hx, gx);
        Check.Same("Polynomial d/dy", hy, gy);
        Check.Same("Polynomial d/dz", hz, gz);
    }

    [Benchmark(Baseline = true)]
    public double Primal() => Functions.Polynomial(w, x, y, z);

    [Benchmark]
    public double Gradient()
    {
        double v = Functions.PolynomialGradient(w, x, y, z, out double dw, out double dx, out double dy, out double dz);
        return v + dw + dx + dy + dz;
    }

    [Benchmark]
    public double HandWrittenGradient()
    {
        double v = Functions.PolynomialGradientByHand(w, x, y, z, out double dw, out double dx, out double dy, out double dz);
        return v + dw + dx + dy + dz;
    }

    [Benchmark]
    public double Pushforward()
    {
        double v = Functions.PolynomialPushforward(w, x, y, z, tw, tx, ty, tz, out double tangent);
        return v + tangent;
    }

    [Benchmark]
    public double HessianVectorProduct()
    {
        double v = Functions.PolynomialHessianVectorProduct(w, x, y, z, tw, tx, ty, tz, out double hw, out double hx, out double hy, out double hz);
        return v + hw + hx + hy + hz;
    }

    [Benchmark]
    public double Hessian()
    {
        double v = Functions.PolynomialHessian(w, x, y, z, gradient, hessian);
        return v + gradient[3] + hessian[15];
    }
}

internal static class Check
{
    /// <summary>Refuses to benchmark a generated derivative that disagrees with the hand-written one.</summary>
    public static void Same(string what, double expected, double actual) => Close(what, expected, actual, 1e-12);

    /// <summary>As <see cref="Same"/>, for sums of many terms added in another order (a relative tolerance of 1e-10 by default).</summary>
    public static void Close(string what, double expected, double actual, double tolerance = 1e-10)
    {
        if (!(Math.Abs(expected - actual) <= tolerance * Math.Max(1, Math.Abs(expected))))
        {
            throw new InvalidOperationException($"{what}: hand-written {expected:R}, generated {actual:R}");
        }
    }
}
