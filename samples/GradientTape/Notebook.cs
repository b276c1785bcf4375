using System;
using System.Globalization;
using System.IO;
using System.Runtime.CompilerServices;

namespace AutoDiffGen.Samples.GradientTape;

/// <summary>
/// The seed notebook (TensorFlow 2.3's GradientTape), cell by cell. Where TensorFlow records operations on a
/// tape at run time and differentiates the tape, AutoDiffGen differentiates the C# function at compile time:
/// <c>[Differentiable]</c> below makes the generator emit <c>SquareGradient</c>, <c>SquareHessian</c>, ...
/// next to it. float, like <c>tf.constant(5.0)</c>.
/// </summary>
public static partial class Notebook
{
    /// <summary><c>y = x * x</c>, the function of cells In [3] and In [4].</summary>
    [Differentiable]
    public static float Square(float x) => x * x;

    /// <summary>
    /// <c>y = x * x; z = y * y</c>, both recorded on one persistent tape in In [7]: one function with two
    /// outputs, differentiated once per output by seeding that output.
    /// </summary>
    [Differentiable]
    public static (float, float) SquareAndFourthPower(float x)
    {
        float y = x * x;
        float z = y * y;
        return (y, z);
    }

    /// <summary>
    /// In [3]: <c>g.gradient(y, x)</c> for <c>y = x * x</c> at <c>x = 5.0</c>.
    /// </summary>
    public static float Cell3()
    {
        float x = 5.0f;
        SquareGradient(x, out float dyDx);
        return dyDx; // 10.0
    }

    /// <summary>
    /// In [4]: a tape inside a tape, <c>dy_dx</c> and <c>d2y_dx2</c> at <c>x = 3.0</c>. The Hessian member gives
    /// the first derivative (gradient) and the second (Hessian, here 1×1) in one call.
    /// </summary>
    public static (float DyDx, float D2yDx2) Cell4()
    {
        float x = 3.0f;
        Span<float> gradient = stackalloc float[1];
        Span<float> hessian = stackalloc float[1];
        SquareHessian(x, gradient, hessian);
        return (gradient[0], hessian[0]); // (6.0, 2.0)
    }

    /// <summary>
    /// In [7]: a persistent tape asked twice, <c>g.gradient(z, x)</c> and <c>g.gradient(y, x)</c>, at <c>x = 3.0</c>.
    /// Each question is a pullback with the seed on one output.
    /// </summary>
    public static (float DyDx, float DzDx) Cell7()
    {
        float x = 3.0f;

        float dzDx = 0;
        SquareAndFourthPowerPullback(x, 0f, 1f, ref dzDx); // seed z: 108.0 (4*x^3 at x = 3)

        float dyDx = 0;
        SquareAndFourthPowerPullback(x, 1f, 0f, ref dyDx); // seed y: 6.0

        return (dyDx, dzDx); // (6.0, 108.0)
    }

    /// <summary>In [8]: <c>y_p = W @ X + b</c>, with the runtime's <see cref="Matrix"/> (<c>*</c> is the matrix product, <c>+ b</c> broadcasts the column).</summary>
    [Differentiable]
    public static Matrix Linear(Matrix w, Matrix x, Matrix b) => w * x + b;

    /// <summary>In [9]: <c>loss(y, y_pred) = tf.reduce_mean(tf.square(y - y_pred))</c>; <c>y</c> is data.</summary>
    [Differentiable]
    public static double Loss([NoDerivative] Matrix y, Matrix yPred) => Matrix.Mean(Matrix.Square(y - yPred));

    /// <summary>In [11]: <c>loss(y, W @ X + b)</c> as a function of <c>W</c>, <c>X</c> and <c>b</c> (the tape watches all three).</summary>
    [Differentiable]
    public static double LinearLoss(Matrix w, Matrix x, Matrix b, [NoDerivative] Matrix y) => Loss(y, Linear(w, x, b));

    /// <summary>The values of In [8]: <c>X</c>, <c>W</c>, <c>b</c> and the target <c>y</c> of In [9].</summary>
    public static (Matrix X, Matrix W, Matrix B, Matrix Y) Values() => (
        Matrix.FromRows([2.0], [3.0]),
        Matrix.FromRows([4.0, 2.0], [2.0, 1.0]),
        Matrix.FromRows([5.0], [2.0]),
        Matrix.FromRows([20.0], [7.0]));

    /// <summary>In [8]: <c>y_p = W @ X + b</c>.</summary>
    public static Matrix Cell8()
    {
        var (x, w, b, _) = Values();
        return Linear(w, x, b); // [[19.] [ 9.]]
    }

    /// <summary>In [9]: the loss of <c>y_p</c> against <c>y</c>.</summary>
    public static double Cell9()
    {
        var (x, w, b, y) = Values();
        return Loss(y, Linear(w, x, b)); // 2.5
    }

    /// <summary>
    /// In [10]: <c>t.gradient(y_p2, [W, b])</c> and <c>t.gradient(y_p2, X)</c>. <c>y_p2</c> is a matrix: TensorFlow silently
    /// sums it (a seed of ones); AutoDiffGen never sums an output silently, so the seed of ones is passed to the pullback.
    /// </summary>
    public static (Matrix DW, Matrix DB, Matrix DX) Cell10()
    {
        var (x, w, b, _) = Values();
        var ones = Matrix.FromRows([1.0], [1.0]);
        Matrix? dW = null, dX = null, dB = null;
        LinearPullback(w, x, b, ones, ref dW, ref dX, ref dB);
        return (dW!, dB!, dX!); // [[2. 3.] [2. 3.]], [[1.] [1.]], [[6.] [3.]]
    }

    /// <summary>In [11]: the gradient of the loss with respect to <c>W</c>, <c>b</c> and <c>X</c>, one reverse sweep for all three.</summary>
    public static (Matrix DW, Matrix DB, Matrix DX) Cell11()
    {
        var (x, w, b, y) = Values();
        Matrix dW = new(2, 2), dX = new(2, 1), dB = new(2, 1);
        LinearLossGradient(w, x, b, y, dW, dX, dB);
        return (dW, dB, dX); // [[-2. -3.] [ 4.  6.]], [[-1.] [ 2.]], [[0.] [0.]]
    }

    /// <summary>
    /// In [14]: the persistent tape asked three times, once per variable. Each question is a pullback with seed 1 that
    /// collects one adjoint; <see cref="Unsafe.NullRef{T}"/> says an adjoint is not wanted, and it is not computed.
    /// </summary>
    public static (Matrix DW, Matrix DB, Matrix DX) Cell14()
    {
        var (x, w, b, y) = Values();
        Matrix? dW = null, dB = null, dX = null;
        LinearLossPullback(w, x, b, y, 1.0, ref dW, ref Unsafe.NullRef<Matrix?>(), ref Unsafe.NullRef<Matrix?>());
        LinearLossPullback(w, x, b, y, 1.0, ref Unsafe.NullRef<Matrix?>(), ref Unsafe.NullRef<Matrix?>(), ref dB);
        LinearLossPullback(w, x, b, y, 1.0, ref Unsafe.NullRef<Matrix?>(), ref dX, ref Unsafe.NullRef<Matrix?>());
        return (dW!, dB!, dX!); // as In [11]
    }

    /// <summary>Prints each cell's label and its output line, as the notebook shows them.</summary>
    public static void Run(TextWriter output)
    {
        output.WriteLine("In [3]:");
        output.WriteLine(Python.Format(Cell3()));
        output.WriteLine();

        output.WriteLine("In [4]:");
        (float dyDx4, float d2yDx2) = Cell4();
        output.WriteLine(Python.Format(dyDx4, d2yDx2));
        output.WriteLine();

        output.WriteLine("In [7]:");
        (float dyDx7, float dzDx) = Cell7();
        output.WriteLine(Python.Format(dyDx7, dzDx));
        output.WriteLine();

        output.WriteLine("In [8]:");
        output.WriteLine(Python.Repr(Cell8()));
        output.WriteLine();

        output.WriteLine("In [9]:");
        output.WriteLine(Python.Format(Cell9()));
        output.WriteLine();

        output.WriteLine("In [10]:");
        WriteGradients(output, Cell10());
        output.WriteLine();

        output.WriteLine("In [11]:");
        WriteGradients(output, Cell11());
        output.WriteLine();

        output.WriteLine("In [14]:");
        WriteGradients(output, Cell14());
    }

    /// <summary><c>print(f'dW:\n{dW.numpy()}\ndb:\n{db.numpy()}')</c> and <c>print(f'dX:\n{dX.numpy()}')</c>.</summary>
    private static void WriteGradients(TextWriter output, (Matrix DW, Matrix DB, Matrix DX) gradients)
    {
        output.WriteLine("dW:");
        output.WriteLine(gradients.DW);
        output.WriteLine("db:");
        output.WriteLine(gradients.DB);
        output.WriteLine("dX:");
        output.WriteLine(gradients.DX);
    }
}

/// <summary>Numbers the way Python prints them: <c>10.0</c>, not <c>10</c>; tuples as <c>(6.0, 2.0)</c>.</summary>
public static class Python
{
    public static string Format(float value)
    {
        if (float.IsNaN(value))
        {
            return "nan";
        }

        if (float.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        string text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal) ? text : text + ".0";
    }

    public static string Format(float first, float second) => "(" + Format(first) + ", " + Format(second) + ")";

    /// <summary>A double as Python prints a float: <c>2.5</c>, <c>10.0</c>.</summary>
    public static string Format(double value)
    {
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        return double.IsFinite(value) && !text.Contains('.', StringComparison.Ordinal) && !text.Contains('E', StringComparison.Ordinal) ? text + ".0" : text;
    }

    /// <summary>
    /// A matrix as Jupyter shows a NumPy array (its repr): <c>array([[19.],</c> / <c>       [ 9.]])</c>. The notebook's
    /// arrays are float32 and add <c>, dtype=float32</c>; <see cref="Matrix"/> holds doubles, NumPy's default type, for
    /// which it adds nothing.
    /// </summary>
    public static string Repr(Matrix m) => "array(" + m.ToString().Replace("\n", "\n      ", StringComparison.Ordinal).Replace("]\n", "],\n", StringComparison.Ordinal) + ")";
}
