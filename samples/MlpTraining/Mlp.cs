using System;

namespace AutoDiffGen.Samples.MlpTraining;

/// <summary>
/// A two-layer perceptron, <c>softmax(W2 · tanh(W1 · X + b1) + b2)</c>, written the way the notebook writes
/// <c>W @ X + b</c>: one column per sample. <c>[Differentiable]</c> makes the generator emit <c>LossGradient</c>, which
/// returns the loss and fills the gradient of every weight in one reverse sweep (none for the data, marked
/// <c>[NoDerivative]</c>).
/// </summary>
public static partial class Mlp
{
    /// <summary>The mean cross-entropy of the network's predictions for the samples <paramref name="x"/> (one per column) against the one-hot <paramref name="y"/>.</summary>
    [Differentiable]
    public static double Loss(Matrix w1, Matrix b1, Matrix w2, Matrix b2, [NoDerivative] Matrix x, [NoDerivative] Matrix y)
    {
        var hidden = Matrix.Tanh(w1 * x + b1);
        var logits = w2 * hidden + b2;
        return Matrix.CrossEntropy(logits, y);
    }

    /// <summary>The class the network picks for each sample (column) of <paramref name="x"/>.</summary>
    public static int[] Predict(Parameters p, Matrix x)
    {
        var logits = p.W2 * Matrix.Tanh(p.W1 * x + p.B1) + p.B2;
        var classes = new int[logits.Columns];
        for (int j = 0; j < logits.Columns; j++)
        {
            for (int i = 1; i < logits.Rows; i++)
            {
                if (logits[i, j] > logits[classes[j], j]) classes[j] = i;
            }
        }

        return classes;
    }
}

/// <summary>The weights of <see cref="Mlp"/>, and matrices of the same shapes for their gradients or Adam's moments.</summary>
public sealed record Parameters(Matrix W1, Matrix B1, Matrix W2, Matrix B2)
{
    /// <summary>Small random weights (a fixed seed: every run is the same), zero biases.</summary>
    public static Parameters Random(int inputs, int hidden, int classes, Random random)
    {
        static Matrix Uniform(int rows, int columns, double scale, Random random)
        {
            var m = new Matrix(rows, columns);
            var values = m.AsSpan();
            for (int i = 0; i < values.Length; i++) values[i] = scale * (2 * random.NextDouble() - 1);
            return m;
        }

        return new Parameters(
            Uniform(hidden, inputs, Math.Sqrt(6.0 / (inputs + hidden)), random), new Matrix(hidden, 1),
            Uniform(classes, hidden, Math.Sqrt(6.0 / (hidden + classes)), random), new Matrix(classes, 1));
    }

    /// <summary>Zero matrices of the same shapes.</summary>
    public Parameters Zeros() => new(Zero(W1), Zero(B1), Zero(W2), Zero(B2));

    /// <summary>The four matrices, in order.</summary>
    public Matrix[] All => new[] { W1, B1, W2, B2 };

    private static Matrix Zero(Matrix like) => new(like.Rows, like.Columns);
}
