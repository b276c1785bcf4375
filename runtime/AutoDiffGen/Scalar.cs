using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace AutoDiffGen;

/// <summary>
/// Scalar functions that <see cref="DifferentiableAttribute">[Differentiable]</see> code can call, with
/// their derivatives registered next to them through <see cref="DerivativeOfAttribute"/> — the same
/// mechanism users have — including the pushforwards of the pullbacks, so second order works through them.
/// </summary>
public static class Scalar
{
    // ---------------------------------------------------------------- products where a zero factor wins

    /// <summary>
    /// <c>a · b</c>, except that a factor that is exactly zero makes the product zero even when the other factor is infinite
    /// or NaN (where <c>0 · ∞</c> would be NaN). Generated derivative code multiplies an adjoint or a tangent by a local
    /// partial derivative this way wherever either may not be finite. A derivative is a sum over the paths from an input to
    /// the output of the products of the partial derivatives along each path; with a zero factor a path contributes
    /// exactly 0, whatever else is on it: a value that does not contribute (its adjoint is 0 in a branch not taken, its
    /// tangent is 0, a kink does not select it, <c>e^x</c> overflowed where <c>1 / (1 + e^x)</c> is 0) contributes nothing,
    /// in forward and in reverse mode alike.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double ZeroSafeMultiply(double a, double b)
    {
        double product = a * b;
        return !double.IsNaN(product) || (a != 0 && b != 0) ? product : 0;
    }

    /// <inheritdoc cref="ZeroSafeMultiply(double, double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ZeroSafeMultiply(float a, float b)
    {
        float product = a * b;
        return !float.IsNaN(product) || (a != 0 && b != 0) ? product : 0;
    }

    /// <inheritdoc cref="ZeroSafeMultiply(double, double)"/>
    /// <remarks>For the type parameter of a generic <see cref="DifferentiableAttribute">[Differentiable]</see> method.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T ZeroSafeMultiply<T>(T a, T b) where T : INumberBase<T>
    {
        T product = a * b;
        return !T.IsNaN(product) || (!T.IsZero(a) && !T.IsZero(b)) ? product : T.Zero;
    }

    /// <summary>
    /// <c>a / b</c>, that is <c>a · (1 / b)</c> with the rule of <see cref="ZeroSafeMultiply(double, double)"/>: zero when
    /// <paramref name="a"/> is exactly zero (even for a <paramref name="b"/> of 0 or NaN) or <paramref name="b"/> is infinite
    /// (even for an infinite or NaN <paramref name="a"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double ZeroSafeDivide(double a, double b)
    {
        double quotient = a / b;
        return !double.IsNaN(quotient) || (a != 0 && !double.IsInfinity(b)) ? quotient : 0;
    }

    /// <inheritdoc cref="ZeroSafeDivide(double, double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ZeroSafeDivide(float a, float b)
    {
        float quotient = a / b;
        return !float.IsNaN(quotient) || (a != 0 && !float.IsInfinity(b)) ? quotient : 0;
    }

    /// <inheritdoc cref="ZeroSafeDivide(double, double)"/>
    /// <remarks>For the type parameter of a generic <see cref="DifferentiableAttribute">[Differentiable]</see> method.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T ZeroSafeDivide<T>(T a, T b) where T : INumberBase<T>
    {
        T quotient = a / b;
        return !T.IsNaN(quotient) || (!T.IsZero(a) && !T.IsInfinity(b)) ? quotient : T.Zero;
    }

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
