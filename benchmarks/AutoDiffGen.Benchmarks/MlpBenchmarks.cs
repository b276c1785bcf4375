using System;
using BenchmarkDotNet.Attributes;

namespace AutoDiffGen.Benchmarks;

/// <summary>A 784-256-10 perceptron (ReLU, softmax cross-entropy), one column per sample: the loss of one batch.</summary>
public static partial class Mlp
{
    [Differentiable]
    public static double Loss(Matrix w1, Matrix b1, Matrix w2, Matrix b2, [NoDerivative] Matrix x, [NoDerivative] Matrix y)
    {
        var hidden = Matrix.Relu(w1 * x + b1);
        var logits = w2 * hidden + b2;
        return Matrix.CrossEntropy(logits, y);
    }
}

/// <summary>
/// One training step's work for a 784-256-10 perceptron on a batch of 64 (MNIST's shapes, random data): the forward
/// pass (the loss) against the generated gradient of every weight. The goal: the gradient within 3× the forward
/// pass, and 0 B allocated per step once warm (both run inside a matrix workspace).
/// </summary>
[MemoryDiagnoser]
public class MlpBenchmarks
{
    private const int Inputs = 784, Hidden = 256, Classes = 10, Batch = 64;
    private Matrix w1 = null!, b1 = null!, w2 = null!, b2 = null!, x = null!, y = null!;
    private Matrix dW1 = null!, dB1 = null!, dW2 = null!, dB2 = null!;

    /// <summary>The threads the matrix products may use (<see cref="LinearAlgebra.MaxDegreeOfParallelism"/>).</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        LinearAlgebra.MaxDegreeOfParallelism = Threads;
        var random = new Random(3);
        Matrix Uniform(int rows, int columns, double scale)
        {
            var m = new Matrix(rows, columns);
            var values = m.AsSpan();
            for (int i = 0; i < values.Length; i++) values[i] = scale * (2 * random.NextDouble() - 1);
            return m;
        }

        w1 = Uniform(Hidden, Inputs, Math.Sqrt(6.0 / (Inputs + Hidden)));
        b1 = Uniform(Hidden, 1, 0.1);
        w2 = Uniform(Classes, Hidden, Math.Sqrt(6.0 / (Hidden + Classes)));
        b2 = Uniform(Classes, 1, 0.1);
        x = Uniform(Inputs, Batch, 1.0);
        y = new Matrix(Classes, Batch);
        for (int j = 0; j < Batch; j++) y[random.Next(Classes), j] = 1;
        (dW1, dB1, dW2, dB2) = (new Matrix(Hidden, Inputs), new Matrix(Hidden, 1), new Matrix(Classes, Hidden), new Matrix(Classes, 1));
        Check.Close("MLP value", Forward(), Gradient());
    }

    [Benchmark(Baseline = true)]
    public double Forward()
    {
        using var workspace = MatrixWorkspace.Enter();
        return Mlp.Loss(w1, b1, w2, b2, x, y);
    }

    [Benchmark]
    public double Gradient() => Mlp.LossGradient(w1, b1, w2, b2, x, y, dW1, dB1, dW2, dB2);
}
