using System;

namespace AutoDiffGen.Samples.CurveFitting;

/// <summary>The three parameters of <see cref="Curve.Value"/>.</summary>
public readonly record struct Parameters(double A, double B, double C);

/// <summary>
/// An exponential decay to a floor, <c>y = a·e^(−b·x) + c</c>, and the mean squared error of it on data. The
/// generator gives the loss's gradient in (a, b, c) for the fit, and the curve's derivative in x for the plot.
/// </summary>
public static partial class Curve
{
    /// <summary><c>a·e^(−b·x) + c</c>.</summary>
    [Differentiable]
    public static double Value(double a, double b, double c, double x) => a * Math.Exp(-b * x) + c;

    /// <summary>The mean of <c>(Value(a, b, c, xᵢ) − yᵢ)²</c> over the data.</summary>
    [Differentiable]
    public static double Loss(double a, double b, double c, [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] ReadOnlySpan<double> y)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double residual = Value(a, b, c, x[i]) - y[i];
            sum += residual * residual;
        }

        return sum / x.Length;
    }

    /// <summary>The slope <c>dy/dx</c> of the curve at <paramref name="x"/>, from the generated forward mode (tangent 1 in x only).</summary>
    public static double Slope(Parameters p, double x)
    {
        ValuePushforward(p.A, p.B, p.C, x, 0, 0, 0, 1, out double slope);
        return slope;
    }
}
