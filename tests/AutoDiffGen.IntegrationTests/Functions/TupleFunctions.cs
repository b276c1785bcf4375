using System;

namespace AutoDiffGen.IntegrationTests.Functions;

/// <summary>Tuple returns: Pullback takes a seed per output, Pushforward gives a tangent per output.</summary>
public static partial class Tuples
{
    [Differentiable]
    public static (double, double) Polar(double r, double theta) => (r * Math.Cos(theta), r * Math.Sin(theta));

    [Differentiable]
    public static (float, float) Polar(float r, float theta) => (r * MathF.Cos(theta), r * MathF.Sin(theta));

    [Differentiable]
    public static (double, double, double) Three(double x, double y)
    {
        double s = x * y;
        return (s, s + x, Math.Exp(-s) * y);
    }

    /// <summary>Tuples returned early from a branch.</summary>
    [Differentiable]
    public static (double, double) Branches(double x, double y)
    {
        if (x > 0)
        {
            return (x * y, x);
        }

        return (-x * x, y * x * x);
    }

    /// <summary>A scalar function that deconstructs the tuple of another [Differentiable] function.</summary>
    [Differentiable]
    public static double UsesTuple(double r, double theta)
    {
        (double a, double b) = Polar(r, theta);
        return a * b + a;
    }
}
