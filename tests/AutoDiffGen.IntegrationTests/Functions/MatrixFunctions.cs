namespace AutoDiffGen.IntegrationTests.Functions;

/// <summary>
/// [Differentiable] code on the runtime's <see cref="Matrix"/>: its operators and functions are differentiated through
/// the derivatives the runtime registers with [DerivativeOf], as a user's own would be.
/// </summary>
public static partial class MatrixFunctions
{
    /// <summary>Data read by <see cref="ScalarThroughMatrices"/>: an inactive matrix.</summary>
    public static readonly Matrix Data = Matrix.FromRows([0.5, -1.0, 0.25], [2.0, 0.1, -0.3]);

    /// <summary>The seed's <c>W @ X + b</c>: a matrix-valued function.</summary>
    [Differentiable]
    public static Matrix Affine(Matrix w, Matrix x, Matrix b) => w * x + b;

    /// <summary>Calls another [Differentiable] matrix function: composed through its generated pullback.</summary>
    [Differentiable]
    public static double MseOfAffine(Matrix w, Matrix x, Matrix b, [NoDerivative] Matrix y) => Matrix.MseLoss(y, Affine(w, x, b));

    /// <summary>A layer whose input is active too (a caller may pass data for it).</summary>
    [Differentiable]
    public static Matrix LayerActive(Matrix w, Matrix b, Matrix x) => Matrix.Tanh(w * x + b);

    /// <summary>
    /// Calls <see cref="LayerActive"/> with data for x: its pullback's pushforward gets a null reference for x's adjoint and
    /// its tangent, which it must not read (the Hessian-vector product once threw NullReferenceException).
    /// </summary>
    [Differentiable]
    public static double MseOfLayerActive(Matrix w, Matrix b, [NoDerivative] Matrix x, [NoDerivative] Matrix y) => Matrix.MseLoss(y, LayerActive(w, b, x));

    /// <summary>A two-layer perceptron's loss, one column per sample.</summary>
    [Differentiable]
    public static double Network(Matrix w1, Matrix b1, Matrix w2, Matrix b2, [NoDerivative] Matrix x, [NoDerivative] Matrix y)
    {
        var hidden = Matrix.Sigmoid(w1 * x + b1);
        var logits = w2 * hidden + b2;
        return Matrix.CrossEntropy(logits, y);
    }

    /// <summary>Every operation once, on square matrices <paramref name="a"/> and <paramref name="b"/> of one size.</summary>
    [Differentiable]
    public static double EveryOperation(Matrix a, Matrix b, double s)
    {
        var c = s * a - b / 2.0 + (-a) * 0.5;
        c += Matrix.Hadamard(a, b);
        var d = Matrix.Transpose(c) * b - 0.25;
        var e = Matrix.Exp(d * 0.1) + Matrix.Log(Matrix.Square(a) + 1.0) - Matrix.Relu(c);
        var f = Matrix.Hadamard(Matrix.Softmax(Matrix.Tanh(e)), a);
        return Matrix.Sum(f) * s + Matrix.Mean(e);
    }

    /// <summary>A branch that picks between matrices.</summary>
    [Differentiable]
    public static Matrix Select(Matrix a, Matrix b, double t) => t > 0 ? a * t : b - a;

    /// <summary>Two outputs, a matrix and a scalar: a seed and a tangent per output.</summary>
    [Differentiable]
    public static (Matrix, double) Both(Matrix a, double s)
    {
        var m = a * s;
        return (m, Matrix.Sum(m) * s);
    }

    /// <summary>Scalars in and out, matrices inside (computed from <see cref="Data"/>).</summary>
    [Differentiable]
    public static double ScalarThroughMatrices(double s, double t) => Matrix.Sum(Matrix.Tanh(s * Data + t));

    /// <summary>Calls <see cref="ScalarThroughMatrices"/>: its gradient is fine; its second order is not available.</summary>
    [Differentiable]
    public static double CallsScalarThroughMatrices(double s) => ScalarThroughMatrices(s, s * s) * s;
}
