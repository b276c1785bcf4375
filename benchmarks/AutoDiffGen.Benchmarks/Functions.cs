using System;

namespace AutoDiffGen.Benchmarks;

/// <summary>The benchmarked functions, and their gradients written by hand for comparison.</summary>
public static partial class Functions
{
    /// <summary>A 20-term polynomial in 4 variables: cheap operations, where the overhead of AD shows most.</summary>
    [Differentiable]
    public static double Polynomial(double w, double x, double y, double z)
    {
        double p = 1.0 + 2 * w - 3 * x + 0.5 * y + z;
        p += w * x + 1.5 * x * y - y * z + 0.25 * z * w;
        p += w * w - 2 * x * x + y * y * y + 0.1 * z * z * z;
        p += w * x * y - x * y * z + 0.3 * w * w * z + 0.2 * x * x * y * y;
        p += w * y * z - 0.7 * w * w * w * x + 0.05 * z * z * z * z;
        return p;
    }

    public static double PolynomialGradientByHand(
        double w, double x, double y, double z, out double dw, out double dx, out double dy, out double dz)
    {
        double w2 = w * w, x2 = x * x, y2 = y * y, z2 = z * z;
        dw = 2 + x + 0.25 * z + 2 * w + x * y + 0.6 * w * z + y * z - 2.1 * w2 * x;
        dx = -3 + w + 1.5 * y - 4 * x + w * y - y * z + 0.4 * x * y2 - 0.7 * w2 * w;
        dy = 0.5 + 1.5 * x - z + 3 * y2 + w * x - x * z + 0.4 * x2 * y + w * z;
        dz = 1 - y + 0.25 * w + 0.3 * z2 - x * y + 0.3 * w2 + w * y + 0.2 * z2 * z;
        return 1.0 + 2 * w - 3 * x + 0.5 * y + z
            + w * x + 1.5 * x * y - y * z + 0.25 * z * w
            + w2 - 2 * x2 + y2 * y + 0.1 * z2 * z
            + w * x * y - x * y * z + 0.3 * w2 * z + 0.2 * x2 * y2
            + w * y * z - 0.7 * w2 * w * x + 0.05 * z2 * z2;
    }

    /// <summary>A 20-term mix of products and transcendental functions in 5 variables.</summary>
    [Differentiable]
    public static double Mix(double a, double b, double c, double d, double e)
    {
        double s = a * b + b * c + c * d + d * e + e * a;
        s += a * a * a + 0.5 * b * b + c * c * d;
        s += Math.Sin(a * b) + Math.Cos(c - d) + Math.Exp(-e * e) + Math.Log(1 + a * a);
        s += Math.Sqrt(1 + b * b + c * c) + Math.Tanh(d * e) + a * b * c * d * e;
        s += Math.Atan(a - e) + b / (1 + c * c) + Math.Exp(0.1 * (a + b + c));
        s += d * d * e * e + Math.Log(2 + Math.Sin(e));
        return s;
    }

    public static double MixGradientByHand(
        double a, double b, double c, double d, double e,
        out double da, out double db, out double dc, out double dd, out double de)
    {
        double sinAb = Math.Sin(a * b), cosAb = Math.Cos(a * b);
        double sinCd = Math.Sin(c - d);
        double expE = Math.Exp(-e * e);
        double onePlusA2 = 1 + a * a;
        double root = Math.Sqrt(1 + b * b + c * c);
        double t = Math.Tanh(d * e), sech2 = 1 - t * t;
        double q = 1 / (1 + (a - e) * (a - e));
        double onePlusC2 = 1 + c * c;
        double g = Math.Exp(0.1 * (a + b + c));
        double sinE = Math.Sin(e);
        double bc = b * c, de_ = d * e;

        da = b + e + 3 * a * a + cosAb * b + 2 * a / onePlusA2 + bc * de_ + q + 0.1 * g;
        db = a + c + b + cosAb * a + b / root + a * c * de_ + 1 / onePlusC2 + 0.1 * g;
        dc = b + d + 2 * c * d - sinCd + c / root + a * b * de_ - 2 * b * c / (onePlusC2 * onePlusC2) + 0.1 * g;
        dd = c + e + c * c + sinCd + sech2 * e + a * bc * e + 2 * d * e * e;
        de = d + a - 2 * e * expE + sech2 * d + a * bc * d - q + 2 * d * d * e + Math.Cos(e) / (2 + sinE);

        return a * b + bc + c * d + de_ + e * a
            + a * a * a + 0.5 * b * b + c * c * d
            + sinAb + Math.Cos(c - d) + expE + Math.Log(onePlusA2)
            + root + t + a * bc * de_
            + Math.Atan(a - e) + b / onePlusC2 + g
            + de_ * de_ + Math.Log(2 + sinE);
    }
}
