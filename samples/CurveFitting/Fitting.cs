using System;

namespace AutoDiffGen.Samples.CurveFitting;

/// <summary>Points scattered about a known curve.</summary>
public sealed record Data(double[] X, double[] Y, Parameters Truth, double Noise);

/// <summary>The fitted parameters and the loss before each step.</summary>
public sealed record Fit(Data Data, Parameters Start, Parameters Fitted, double[] Losses);

/// <summary>Fits <see cref="Curve"/> to noisy data with Adam on the generated gradient of <see cref="Curve.Loss"/>.</summary>
public static class Fitting
{
    /// <summary>The curve the data is drawn from.</summary>
    public static Parameters Truth { get; } = new(A: 2.5, B: 1.3, C: 0.5);

    /// <summary>Where the fit starts: a flat line.</summary>
    public static Parameters Start { get; } = new(A: 1, B: 0.1, C: 0);

    /// <summary><paramref name="count"/> points evenly spaced on [0, 5], each with Gaussian noise of <paramref name="noise"/>.</summary>
    public static Data Generate(int count = 200, double noise = 0.05, int seed = 11)
    {
        var random = new Random(seed);
        var x = new double[count];
        var y = new double[count];
        for (int i = 0; i < count; i++)
        {
            x[i] = 5.0 * i / (count - 1);
            double gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            y[i] = Curve.Value(Truth.A, Truth.B, Truth.C, x[i]) + noise * gaussian;
        }

        return new Data(x, y, Truth, noise);
    }

    /// <summary>
    /// <paramref name="steps"/> steps of Adam (Kingma and Ba, 2015) from <see cref="Start"/>, each on one
    /// <c>Curve.LossGradient</c>; <paramref name="progress"/> sees each step's loss.
    /// </summary>
    public static Fit Run(Data data, int steps = 20_000, double learningRate = 0.01, Action<int, double>? progress = null)
    {
        const double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8;
        Span<double> p = [Start.A, Start.B, Start.C];
        Span<double> g = stackalloc double[3];
        Span<double> m = stackalloc double[3];
        Span<double> v = stackalloc double[3];
        var losses = new double[steps];
        for (int step = 0; step < steps; step++)
        {
            losses[step] = Curve.LossGradient(p[0], p[1], p[2], data.X, data.Y, out g[0], out g[1], out g[2]);
            double correction1 = 1 - Math.Pow(beta1, step + 1), correction2 = 1 - Math.Pow(beta2, step + 1);
            for (int k = 0; k < 3; k++)
            {
                m[k] = beta1 * m[k] + (1 - beta1) * g[k];
                v[k] = beta2 * v[k] + (1 - beta2) * g[k] * g[k];
                p[k] -= learningRate * (m[k] / correction1) / (Math.Sqrt(v[k] / correction2) + epsilon);
            }

            progress?.Invoke(step, losses[step]);
        }

        return new Fit(data, Start, new Parameters(p[0], p[1], p[2]), losses);
    }
}
