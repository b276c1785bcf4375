using System;

namespace AutoDiffGen;

/// <summary>
/// Scalar functions that <see cref="DifferentiableAttribute">[Differentiable]</see> code can call, with
/// their derivatives registered next to them through <see cref="DerivativeOfAttribute"/> — the same
/// mechanism users have — including the pushforwards of the pullbacks, so second order works through them.
/// </summary>
public static class Scalar
{
    /// <summary>The logistic function <c>1 / (1 + e^-x)</c>, computed without overflow for large |x|.</summary>
    public static double Sigmoid(double x)
    {
        if (x >= 0) return 1 / (1 + Math.Exp(-x));
        double e = Math.Exp(x);
        return e / (1 + e);
    }

    /// <inheritdoc cref="Sigmoid(double)"/>
    public static float Sigmoid(float x)
    {
        if (x >= 0) return 1 / (1 + MathF.Exp(-x));
        float e = MathF.Exp(x);
        return e / (1 + e);
    }

    /// <summary><c>log(1 + e^x)</c>, computed without overflow for large |x|.</summary>
    public static double Softplus(double x) => Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x)));

    /// <inheritdoc cref="Softplus(double)"/>
    public static float Softplus(float x) => MathF.Max(x, 0) + MathF.Log(1 + MathF.Exp(-MathF.Abs(x)));

    // ---------------------------------------------------------------- Sigmoid: σ' = σ(1 - σ), σ'' = σ'(1 - 2σ)

    /// <summary>Pullback of <see cref="Sigmoid(double)"/>: adds <c>seed · σ'(x)</c> into <paramref name="dx"/>.</summary>
    [DerivativeOf(typeof(Scalar), nameof(Sigmoid), DerivativeKind.Pullback)]
    public static void SigmoidPullback(double x, double seed, ref double dx)
    {
        double s = Sigmoid(x);
        dx += seed * s * (1 - s);
    }

    /// <summary>Pushforward of <see cref="Sigmoid(double)"/>.</summary>
    [DerivativeOf(typeof(Scalar), nameof(Sigmoid), DerivativeKind.Pushforward)]
    public static double SigmoidPushforward(double x, double tx, out double tangent)
    {
        double s = Sigmoid(x);
        tangent = tx * s * (1 - s);
        return s;
    }

    /// <summary>Pushforward of <see cref="SigmoidPullback(double, double, ref double)"/> (second order).</summary>
    [DerivativeOf(typeof(Scalar), nameof(SigmoidPullback), DerivativeKind.Pushforward)]
    public static void SigmoidPullbackPushforward(double x, double seed, ref double dx, double tx, double tseed, ref double tdx)
    {
        double s = Sigmoid(x);
        double d1 = s * (1 - s);
        dx += seed * d1;
        tdx += tseed * d1 + seed * d1 * (1 - 2 * s) * tx;
    }

    /// <inheritdoc cref="SigmoidPullback(double, double, ref double)"/>
    [DerivativeOf(typeof(Scalar), nameof(Sigmoid), DerivativeKind.Pullback)]
    public static void SigmoidPullback(float x, float seed, ref float dx)
    {
        float s = Sigmoid(x);
        dx += seed * s * (1 - s);
    }

    /// <inheritdoc cref="SigmoidPushforward(double, double, out double)"/>
    [DerivativeOf(typeof(Scalar), nameof(Sigmoid), DerivativeKind.Pushforward)]
    public static float SigmoidPushforward(float x, float tx, out float tangent)
    {
        float s = Sigmoid(x);
        tangent = tx * s * (1 - s);
        return s;
    }

    /// <inheritdoc cref="SigmoidPullbackPushforward(double, double, ref double, double, double, ref double)"/>
    [DerivativeOf(typeof(Scalar), nameof(SigmoidPullback), DerivativeKind.Pushforward)]
    public static void SigmoidPullbackPushforward(float x, float seed, ref float dx, float tx, float tseed, ref float tdx)
    {
        float s = Sigmoid(x);
        float d1 = s * (1 - s);
        dx += seed * d1;
        tdx += tseed * d1 + seed * d1 * (1 - 2 * s) * tx;
    }

    // ---------------------------------------------------------------- Softplus: softplus' = σ, softplus'' = σ(1 - σ)

    /// <summary>Pullback of <see cref="Softplus(double)"/>: adds <c>seed · σ(x)</c> into <paramref name="dx"/>.</summary>
    [DerivativeOf(typeof(Scalar), nameof(Softplus), DerivativeKind.Pullback)]
    public static void SoftplusPullback(double x, double seed, ref double dx) => dx += seed * Sigmoid(x);

    /// <summary>Pushforward of <see cref="Softplus(double)"/>.</summary>
    [DerivativeOf(typeof(Scalar), nameof(Softplus), DerivativeKind.Pushforward)]
    public static double SoftplusPushforward(double x, double tx, out double tangent)
    {
        tangent = tx * Sigmoid(x);
        return Softplus(x);
    }

    /// <summary>Pushforward of <see cref="SoftplusPullback(double, double, ref double)"/> (second order).</summary>
    [DerivativeOf(typeof(Scalar), nameof(SoftplusPullback), DerivativeKind.Pushforward)]
    public static void SoftplusPullbackPushforward(double x, double seed, ref double dx, double tx, double tseed, ref double tdx)
    {
        double s = Sigmoid(x);
        dx += seed * s;
        tdx += tseed * s + seed * s * (1 - s) * tx;
    }

    /// <inheritdoc cref="SoftplusPullback(double, double, ref double)"/>
    [DerivativeOf(typeof(Scalar), nameof(Softplus), DerivativeKind.Pullback)]
    public static void SoftplusPullback(float x, float seed, ref float dx) => dx += seed * Sigmoid(x);

    /// <inheritdoc cref="SoftplusPushforward(double, double, out double)"/>
    [DerivativeOf(typeof(Scalar), nameof(Softplus), DerivativeKind.Pushforward)]
    public static float SoftplusPushforward(float x, float tx, out float tangent)
    {
        tangent = tx * Sigmoid(x);
        return Softplus(x);
    }

    /// <inheritdoc cref="SoftplusPullbackPushforward(double, double, ref double, double, double, ref double)"/>
    [DerivativeOf(typeof(Scalar), nameof(SoftplusPullback), DerivativeKind.Pushforward)]
    public static void SoftplusPullbackPushforward(float x, float seed, ref float dx, float tx, float tseed, ref float tdx)
    {
        float s = Sigmoid(x);
        dx += seed * s;
        tdx += tseed * s + seed * s * (1 - s) * tx;
    }
}
