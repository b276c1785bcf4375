using System;
using System.Numerics;

namespace AutoDiffGen.IntegrationTests.Functions;

/// <summary>
/// Generic [Differentiable] methods (one floating type parameter): generic-math statics, constants, conversions, loops over
/// spans of T, calls between generic methods, and double and float methods calling them.
/// </summary>
public static partial class GenericFunctions
{
    /// <summary>Trigonometric, exponential, root and power functions of T, with T's constants and conversions.</summary>
    [Differentiable]
    public static T Smooth<T>(T x, T y) where T : IFloatingPointIeee754<T>
    {
        T half = T.CreateChecked(0.5);
        T s = T.Sin(x) * T.Exp(half * y) + T.Sqrt(x * x + T.One);
        return s + T.Pow(y, T.CreateChecked(2)) * T.Tanh(x) - T.Log(T.One + y * y) / T.Pi;
    }

    /// <summary>The narrower constraints people write: INumber with the function interfaces the body calls.</summary>
    [Differentiable]
    public static T Narrow<T>(T x, T y) where T : INumber<T>, IRootFunctions<T>, IExponentialFunctions<T>, ITrigonometricFunctions<T>
    {
        T r = T.Sqrt(x * x + y * y + T.One);
        return T.Exp(-r) * T.Cos(x) + T.Atan(y) * r;
    }

    /// <summary>A loop over a span of T with a counter converted to T, and a branch.</summary>
    [Differentiable]
    public static T Weighted<T>(ReadOnlySpan<T> x, T scale) where T : IFloatingPointIeee754<T>
    {
        T sum = T.Zero;
        for (int i = 0; i < x.Length; i++)
        {
            T w = T.CreateChecked(i + 1);
            T term = T.Sin(x[i] * scale) * w;
            if (x[i] > T.Zero) term = term * x[i];
            sum += term;
        }
        return sum * sum;
    }

    /// <summary>A recurrence a loop overwrites (its values go on the tape of T).</summary>
    [Differentiable]
    public static T Recurrence<T>(T x, int steps) where T : IFloatingPointIeee754<T>
    {
        T v = x;
        for (int k = 0; k < steps; k++) v = T.Sin(v) + x * v;
        return v;
    }

    /// <summary>Calls another generic [Differentiable] method at its own T.</summary>
    [Differentiable]
    public static T Composed<T>(T x, T y) where T : IFloatingPointIeee754<T> => Smooth(x * y, y) + Narrow<T>(y, x) * x;

    /// <summary>A generic helper over spans of T, inlined where it is called: at T, at double and at float.</summary>
    [Differentiable]
    public static T Dot<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b) where T : IFloatingPointIeee754<T>
    {
        T sum = T.Zero;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    /// <summary>A generic method passing its span and slices of it to the generic helper.</summary>
    [Differentiable]
    public static T SelfSimilarity<T>(ReadOnlySpan<T> x, T scale) where T : IFloatingPointIeee754<T>
    {
        int half = x.Length / 2;
        return T.Exp(scale * Dot(x.Slice(0, half), x.Slice(half, half))) + Dot(x, x) * T.Pi;
    }

    /// <summary>A double method and a float method passing spans to the generic helper (inlined at their type).</summary>
    [Differentiable]
    public static double DotAtDouble(ReadOnlySpan<double> x, double scale) => Math.Sin(scale * Dot(x, x)) + Dot(x[1..], x[..^1]);

    [Differentiable]
    public static float DotAtFloat(float[] x, float scale) => MathF.Sin(scale * Dot<float>(x, x)) + SelfSimilarity<float>(x, scale);

    /// <summary>A vector-valued generic method with a local array of T and a [NoDerivative] T: y = rate·cumsum(x²).</summary>
    [Differentiable]
    public static void Cumulative<T>(ReadOnlySpan<T> x, [NoDerivative] T rate, Span<T> y) where T : IFloatingPointIeee754<T>
    {
        T[] squares = new T[x.Length];
        for (int i = 0; i < x.Length; i++) squares[i] = x[i] * x[i];
        T sum = T.Zero;
        for (int i = 0; i < x.Length; i++)
        {
            sum += squares[i];
            y[i] = rate * sum;
        }
    }

    /// <summary>A double method calling the generic one at double (inferred) and a float method at float (explicit).</summary>
    [Differentiable]
    public static double AtDouble(double x, double y) => Smooth(x, y) * Math.Cos(y);

    [Differentiable]
    public static float AtFloat(float x, float y) => Smooth<float>(x, y) + MathF.Exp(x) * Narrow(y, x);
}
