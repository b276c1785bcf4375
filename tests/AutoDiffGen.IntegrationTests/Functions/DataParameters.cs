using System;

namespace AutoDiffGen.IntegrationTests.Functions;

/// <summary>Settings read by <see cref="DataParameters.Relaxation"/>: fields and properties of several types, one nested.</summary>
public readonly struct Settings(double rate, int steps, bool halve, double[] weights, Scaling scaling)
{
    public double Rate { get; } = rate;

    public int Steps { get; } = steps;

    public readonly bool Halve = halve;

    public double[] Weights { get; } = weights;

    public readonly Scaling Scaling = scaling;
}

/// <summary>A struct inside <see cref="Settings"/>.</summary>
public readonly record struct Scaling(double Factor, float Offset);

/// <summary>An enum passed through.</summary>
public enum Mode
{
    Fast,
    Exact,
}

/// <summary>[NoDerivative] parameters of other types than double and float: data the method reads and passes through.</summary>
public static partial class DataParameters
{
    /// <summary>Scalars through a [NoDerivative] matrix: a scalar method with data matrices has its full Hessian.</summary>
    [Differentiable]
    public static double ThroughMatrixData(double s, double t, [NoDerivative] Matrix x) => Matrix.Sum(Matrix.Tanh(s * x + t)) * s;

    /// <summary>A struct of settings: its values in expressions, a loop bound, a condition, an index and a nested struct.</summary>
    [Differentiable]
    public static double Relaxation(ReadOnlySpan<double> x, [NoDerivative] Settings settings)
    {
        double s = 0;
        for (int step = 0; step < settings.Steps; step++)
        {
            for (int i = 0; i < x.Length; i++)
            {
                s = s * settings.Rate + Math.Tanh(x[i] * settings.Weights[i % settings.Weights.Length] + s);
            }

            if (settings.Halve)
            {
                s *= 0.5;
            }
        }

        return s * settings.Scaling.Factor + settings.Scaling.Offset;
    }

    /// <summary>An int[] of indices: its elements index the input, its Length bounds a loop, a foreach walks it, ^1 is its last.</summary>
    [Differentiable]
    public static double Gather(ReadOnlySpan<double> x, [NoDerivative] int[] indices)
    {
        double s = 0;
        for (int k = 0; k < indices.Length; k++)
        {
            s += x[indices[k]] * x[indices[^1]];
        }

        foreach (int i in indices)
        {
            s += Math.Sin(x[i]) * i;
        }

        return s;
    }

    /// <summary><see cref="Gather"/> in float, with a span of indices.</summary>
    [Differentiable]
    public static float Gather(ReadOnlySpan<float> x, [NoDerivative] ReadOnlySpan<int> indices)
    {
        float s = 0;
        for (int k = 0; k < indices.Length; k++)
        {
            s += x[indices[k]] * x[indices[^1]];
        }

        foreach (int i in indices)
        {
            s += MathF.Sin(x[i]) * i;
        }

        return s;
    }

    /// <summary>A string and an enum passed through (the string's Length read).</summary>
    [Differentiable]
    public static double Labeled(double x, double y, [NoDerivative] string label, [NoDerivative] Mode mode) => label.Length * x * x * y + Math.Exp(x - y);

    /// <summary>An enum passed on to a function: the midpoint mode of Math.Round (flat: its value, not its derivative, is checked).</summary>
#pragma warning disable ADG0301
    [Differentiable]
    public static double RoundedBy(double x, [NoDerivative] MidpointRounding mode, int digits) => Math.Round(x * 3, digits, mode) * x + x * x;
#pragma warning restore ADG0301

    /// <summary>A vector-valued function with indices: y[k] = x[indices[k]]·x[k].</summary>
    [Differentiable]
    public static void Scatter(ReadOnlySpan<double> x, [NoDerivative] int[] indices, Span<double> y)
    {
        for (int k = 0; k < y.Length; k++)
        {
            y[k] = x[indices[k]] * x[k] + indices[k];
        }
    }
}
