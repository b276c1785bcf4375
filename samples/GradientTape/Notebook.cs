using System;
using System.Globalization;
using System.IO;

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

    // In [8] - In [14] (W @ X + b, the mean-squared loss and its gradients with respect to W, b and X) come with
    // the runtime's matrix type.

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
}
