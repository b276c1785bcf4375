using System;
using System.Linq;

namespace AutoDiffGen.Samples.MlpTraining;

/// <summary>Three interleaved spirals in the plane, one class each: no straight line separates them.</summary>
public static class Spirals
{
    /// <summary><paramref name="perClass"/> noisy points per arm: X is 2 × n (one point per column), Y the one-hot 3 × n labels.</summary>
    public static (Matrix X, Matrix Y, int[] Labels) Generate(int perClass, Random random)
    {
        const int classes = 3;
        int n = perClass * classes;
        var x = new Matrix(2, n);
        var y = new Matrix(classes, n);
        var labels = new int[n];
        for (int c = 0; c < classes; c++)
        {
            for (int i = 0; i < perClass; i++)
            {
                int j = c * perClass + i;
                double radius = (double)i / perClass;
                double angle = c * 4.0 + 4.0 * radius + 0.2 * Normal(random);
                x[0, j] = radius * Math.Sin(angle);
                x[1, j] = radius * Math.Cos(angle);
                y[c, j] = 1;
                labels[j] = c;
            }
        }

        return (x, y, labels);
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

/// <summary>Adam (Kingma and Ba, 2015) over matrices, in place: the first and second moments per weight, bias-corrected.</summary>
public sealed class Adam(Parameters parameters, double learningRate = 0.01, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
{
    private readonly Matrix[] _weights = parameters.All;
    private readonly Matrix[] _m = parameters.Zeros().All;
    private readonly Matrix[] _v = parameters.Zeros().All;
    private int _t;

    /// <summary>One step against <paramref name="gradient"/> (matrices in the order of <see cref="Parameters.All"/>).</summary>
    public void Step(Matrix[] gradient)
    {
        _t++;
        double correction1 = 1 - Math.Pow(beta1, _t), correction2 = 1 - Math.Pow(beta2, _t);
        for (int k = 0; k < _weights.Length; k++)
        {
            Span<double> w = _weights[k].AsSpan(), m = _m[k].AsSpan(), v = _v[k].AsSpan(), g = gradient[k].AsSpan();
            for (int i = 0; i < w.Length; i++)
            {
                m[i] = beta1 * m[i] + (1 - beta1) * g[i];
                v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
                w[i] -= learningRate * (m[i] / correction1) / (Math.Sqrt(v[i] / correction2) + epsilon);
            }
        }
    }
}

/// <summary>Trains <see cref="Mlp"/> on <see cref="Spirals"/> with the generated gradient.</summary>
public static class Training
{
    /// <summary>The losses at every step, and the accuracy on the training points at the start and the end.</summary>
    public sealed record Result(double[] Losses, double AccuracyBefore, double AccuracyAfter);

    /// <summary>
    /// Full-batch Adam for <paramref name="steps"/> steps; <paramref name="progress"/> sees each step's loss. The gradient
    /// matrices are allocated once: a warm step allocates nothing (the generated gradient takes its intermediates from
    /// the thread's matrix workspace).
    /// </summary>
    public static Result Run(int steps, int hidden = 32, int perClass = 100, int seed = 7, Action<int, double>? progress = null)
    {
        var random = new Random(seed);
        var (x, y, labels) = Spirals.Generate(perClass, random);
        var p = Parameters.Random(2, hidden, 3, random);
        var g = p.Zeros();
        var gradient = g.All;
        var adam = new Adam(p, learningRate: 0.02);
        double before = Accuracy(p, x, labels);
        var losses = new double[steps];
        for (int step = 0; step < steps; step++)
        {
            losses[step] = Mlp.LossGradient(p.W1, p.B1, p.W2, p.B2, x, y, g.W1, g.B1, g.W2, g.B2);
            adam.Step(gradient);
            progress?.Invoke(step, losses[step]);
        }

        return new Result(losses, before, Accuracy(p, x, labels));
    }

    /// <summary>The share of points whose predicted class is their label.</summary>
    public static double Accuracy(Parameters p, Matrix x, int[] labels) =>
        Mlp.Predict(p, x).Zip(labels).Count(pair => pair.First == pair.Second) / (double)labels.Length;
}
