using System;

namespace AutoDiffGen.IntegrationTests.Functions;

/// <summary>
/// Functions the generator cannot differentiate: they are not [Differentiable] (their bodies are never read)
/// and their loops would not lower anyway. <see cref="CustomDerivatives"/> registers derivatives for them.
/// </summary>
public static class Special
{
    /// <summary>The error function, to about 1e-15 (power series for |x| &lt; 3, continued fraction beyond).</summary>
    public static double Erf(double x)
    {
        double ax = Math.Abs(x);
        if (ax < 3)
        {
            // erf x = 2/√π Σ (-1)^n x^(2n+1) / (n! (2n+1))
            double term = x, sum = x, x2 = x * x;
            for (int n = 1; n < 200 && Math.Abs(term) > 1e-17 * Math.Abs(sum); n++)
            {
                term *= -x2 / n;
                sum += term / (2 * n + 1);
            }

            return 2 / Math.Sqrt(Math.PI) * sum;
        }

        // erfc x = e^(-x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...))))
        double t = ax;
        for (int k = 80; k >= 1; k--)
        {
            t = ax + k / 2.0 / t;
        }

        double erfc = Math.Exp(-ax * ax) / Math.Sqrt(Math.PI) / t;
        return Math.Sign(x) * (1 - erfc);
    }

    /// <summary>The float overload: custom derivatives are registered per overload.</summary>
    public static float Erf(float x) => (float)Erf((double)x);

    /// <summary>Rounds to a multiple of 1/4: a staircase whose true derivative is zero almost everywhere.</summary>
    public static double Quantize(double x)
    {
        double q = x * 4;
        return Math.Round(q) / 4;
    }
}

/// <summary>Custom derivatives registered with [DerivativeOf], and [Differentiable] functions that use them.</summary>
public static partial class CustomDerivatives
{
    private const double TwoOverSqrtPi = 1.1283791670955126;

    [DerivativeOf(typeof(Special), nameof(Special.Erf), DerivativeKind.Pullback)]
    public static void ErfPullback(double x, double seed, ref double dx) => dx += seed * TwoOverSqrtPi * Math.Exp(-x * x);

    [DerivativeOf(typeof(Special), nameof(Special.Erf), DerivativeKind.Pushforward)]
    public static double ErfPushforward(double x, double tx, out double tangent)
    {
        tangent = TwoOverSqrtPi * Math.Exp(-x * x) * tx;
        return Special.Erf(x);
    }

    [DerivativeOf(typeof(Special), nameof(Special.Erf), DerivativeKind.Pullback)]
    public static void ErfPullback(float x, float seed, ref float dx) => dx += seed * (float)TwoOverSqrtPi * MathF.Exp(-x * x);

    [DerivativeOf(typeof(Special), nameof(Special.Erf), DerivativeKind.Pushforward)]
    public static float ErfPushforward(float x, float tx, out float tangent)
    {
        tangent = (float)TwoOverSqrtPi * MathF.Exp(-x * x) * tx;
        return Special.Erf(x);
    }

    /// <summary>The straight-through estimator: pretend Quantize is the identity when differentiating.</summary>
    [DerivativeOf(typeof(Special), nameof(Special.Quantize), DerivativeKind.Pullback)]
    public static void QuantizePullback(double x, double seed, ref double dx) => dx += seed;

    [DerivativeOf(typeof(Special), nameof(Special.Quantize), DerivativeKind.Pushforward)]
    public static double QuantizePushforward(double x, double tx, out double tangent)
    {
        tangent = tx;
        return Special.Quantize(x);
    }

    [Differentiable]
    public static double UsesErf(double x, double y) => Special.Erf(x * y) + x;

    [Differentiable]
    public static float UsesErf(float x, float y) => Special.Erf(x * y) + x;

    /// <summary>Gradient 3 + 2x through the straight-through estimator, where finite differences see 2x.</summary>
    [Differentiable]
    public static double UsesQuantize(double x) => 3 * Special.Quantize(x) + x * x;

    /// <summary>A derivative for a method of another assembly (System.Math.Asinh, which has no built-in rule).</summary>
    [DerivativeOf(typeof(Math), nameof(Math.Asinh), DerivativeKind.Pullback)]
    public static void AsinhPullback(double x, double seed, ref double dx) => dx += seed / Math.Sqrt(x * x + 1);

    /// <summary>Forward mode comes from the pullback (one pullback with seed 1 gives the derivative).</summary>
    [Differentiable]
    public static double UsesAsinh(double x, double y) => Math.Asinh(2 * x) * y;

    /// <summary>
    /// The runtime's functions, whose derivatives (to second order) are registered next to them in the runtime
    /// assembly with the same [DerivativeOf] attribute.
    /// </summary>
    [Differentiable]
    public static double UsesRuntimeFunctions(double x, double y) => Scalar.Sigmoid(x * y) + Scalar.Softplus(x - y) * x;

    /// <inheritdoc cref="UsesRuntimeFunctions(double, double)"/>
    [Differentiable]
    public static float UsesRuntimeFunctions(float x, float y) => Scalar.Sigmoid(x * y) + Scalar.Softplus(x - y) * x;
}

/// <summary>A scalar function as data: its value and first and second derivatives.</summary>
public sealed class Activation(Func<double, double> value, Func<double, double> slope, Func<double, double> curvature)
{
    public double Value(double x) => value(x);

    public double Slope(double x) => slope(x);

    public double Curvature(double x) => curvature(x);
}

/// <summary>
/// A family of functions that differ by a rule, as a library writes it: each member says, with [DifferentiateAs], that it
/// is <see cref="Apply"/> with its rule, and <see cref="Apply"/>'s derivatives are registered once for all of them.
/// </summary>
public static class Activations
{
    public static readonly Activation SoftplusRule = new(
        static x => Math.Log(1 + Math.Exp(x)), static x => 1 / (1 + Math.Exp(-x)), static x => Math.Exp(-x) / ((1 + Math.Exp(-x)) * (1 + Math.Exp(-x))));

    public static readonly Activation CubeRule = new(static x => x * x * x, static x => 3 * x * x, static x => 6 * x);

    public static Activation SquareRule { get; } = new(static x => x * x, static x => 2 * x, static _ => 2);

    [DifferentiateAs(nameof(Apply), nameof(SoftplusRule))]
    public static double Softplus(double x) => Apply(SoftplusRule, x);

    [DifferentiateAs(nameof(Apply), nameof(CubeRule))]
    public static double Cube(double x) => Apply(CubeRule, x);

    /// <summary>The rule is a static property here: [DifferentiateAs] takes either.</summary>
    [DifferentiateAs(nameof(Apply), nameof(SquareRule))]
    public static double Square(double x) => Apply(SquareRule, x);

    public static double Apply([NoDerivative] Activation rule, double x) => rule.Value(x);

    [DerivativeOf(typeof(Activations), nameof(Apply), DerivativeKind.Pullback)]
    public static void ApplyPullback([NoDerivative] Activation rule, double x, double seed, ref double dx) => dx += seed * rule.Slope(x);

    [DerivativeOf(typeof(Activations), nameof(Apply), DerivativeKind.Pushforward)]
    public static double ApplyPushforward([NoDerivative] Activation rule, double x, double tx, out double tangent)
    {
        tangent = rule.Slope(x) * tx;
        return rule.Value(x);
    }

    /// <summary>Second order: dx += seed·f'(x), and tdx += tseed·f'(x) + seed·f''(x)·tx.</summary>
    [DerivativeOf(typeof(Activations), nameof(ApplyPullback), DerivativeKind.Pushforward)]
    public static void ApplyPullbackPushforward([NoDerivative] Activation rule, double x, double seed, ref double dx, double tx, double tseed, ref double tdx)
    {
        dx += seed * rule.Slope(x);
        tdx += tseed * rule.Slope(x) + seed * rule.Curvature(x) * tx;
    }
}

/// <summary>[Differentiable] functions that call the members of a [DifferentiateAs] family.</summary>
public static partial class UsesActivations
{
    /// <summary>softplus(x·y) + x³ − y²: three members, one set of registered derivatives.</summary>
    [Differentiable]
    public static double Mixed(double x, double y) => Activations.Softplus(x * y) + Activations.Cube(x) - Activations.Square(y);
}

