using System;

namespace AutoDiffGen.IntegrationTests.Functions;

/// <summary>
/// A model holding its training data and configuration: its [Differentiable] instance methods read its fields and
/// auto-properties as data, and their derivatives are instance members (<c>model.LossGradient(a, b, out da, out db)</c>).
/// </summary>
public sealed partial class LinearRegression
{
    private readonly double[] xs;
    private readonly double[] ys;

    public LinearRegression(double[] xs, double[] ys, double ridge)
    {
        this.xs = xs;
        this.ys = ys;
        Ridge = ridge;
    }

    /// <summary>The ridge penalty's weight: an auto-property.</summary>
    public double Ridge { get; }

    /// <summary>The line at <paramref name="x"/>, scaled by nothing of the object: an instance method the others call.</summary>
    [Differentiable]
    public double Predict(double a, double b, double x) => a * x + b;

    /// <summary>Mean squared error of the line over the object's data, plus a ridge penalty; calls <see cref="Predict"/> on this object.</summary>
    [Differentiable]
    public double Loss(double a, double b)
    {
        double sum = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            double r = Predict(a, b, xs[i]) - this.ys[i];
            sum += r * r;
        }

        return sum / xs.Length + Ridge * (a * a + b * b);
    }

    /// <summary>A polynomial fit with span weights: a foreach over a field, powers of the data, a penalty from a property.</summary>
    [Differentiable]
    public double PolynomialLoss(ReadOnlySpan<double> weights)
    {
        double sum = 0;
        int i = 0;
        foreach (double y in ys)
        {
            double p = 0;
            for (int k = weights.Length - 1; k >= 0; k--)
            {
                p = p * xs[i] + weights[k];
            }

            double r = Math.Tanh(p) - y;
            sum += r * r;
            i++;
        }

        return sum + Penalty(weights, this);
    }

    /// <summary>A smooth (pseudo-Huber) loss of the line: each residual from a static helper that this object is passed to.</summary>
    [Differentiable]
    public double Huber(double a, double b)
    {
        double sum = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            double r = Residual(a, b, this, i);
            sum += Math.Sqrt(1 + r * r) - 1;
        }

        return sum;
    }

    /// <summary>A residual of the line: a static method with the object as a data parameter (a call, with its own members).</summary>
    [Differentiable]
    private static double Residual(double a, double b, [NoDerivative] LinearRegression data, int i) => a * data.xs[i] + b - data.ys[i];

    /// <summary>The ridge penalty of span weights: a static helper that takes the object as data, put in place of the call.</summary>
    [Differentiable]
    private static double Penalty(ReadOnlySpan<double> weights, [NoDerivative] LinearRegression data)
    {
        double penalty = 0;
        for (int k = 0; k < weights.Length; k++)
        {
            penalty += weights[k] * weights[k];
        }

        return data.Ridge * penalty;
    }
}

/// <summary>A struct whose instance method reads its fields (a float, an int, a bool), in float.</summary>
public partial struct Spring(float stiffness, int turns, bool damped)
{
    public float Stiffness = stiffness;
    public int Turns = turns;
    public bool Damped = damped;

    /// <summary>Energy of a spring stretched by <paramref name="x"/> with a twist <paramref name="t"/>.</summary>
    [Differentiable]
    public readonly float Energy(float x, float t)
    {
        float e = 0.5f * Stiffness * x * x + MathF.Sin(t * Turns);
        return Damped ? e * MathF.Exp(-0.1f * x) : e;
    }
}
