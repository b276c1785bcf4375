using System;

namespace AutoDiffGen.IntegrationTests.Functions;

/// <summary>
/// Values with a derivative passed for another [Differentiable] method's [NoDerivative] parameters: the derivative flows
/// through (once it was dropped without a word: <c>Outer(1.2)</c> gave 1.2 for 2.7624).
/// </summary>
public static partial class DataParameters
{
    [Differentiable]
    public static double Inner(double a, [NoDerivative] double b) => a * b + Math.Sin(b);

    /// <summary>The example: d/dx of x² + sin x is 2x + cos x.</summary>
    [Differentiable]
    public static double Outer(double x) => Inner(x, x);

    /// <summary>Only through the [NoDerivative] parameter: 2x + sin x, derivative 2 + cos x.</summary>
    [Differentiable]
    public static double OnlyThroughData(double x) => Inner(2.0, x) * x;

    /// <summary>Data stays data: the normal members are called, and w gets no derivative.</summary>
    [Differentiable]
    public static double DataStaysData(double x, [NoDerivative] double w) => Inner(x, w) + Inner(x, 0.5);

    /// <summary>A [NoDerivative] parameter passed on to another one, through two levels.</summary>
    [Differentiable]
    public static double Twice(double a, [NoDerivative] double b) => Inner(a, b * b) + b;

    [Differentiable]
    public static double ThroughTwoLevels(double x, double y) => Twice(y, x) * Twice(x, y);

    [Differentiable]
    public static double Product(double a, double b) => a * b * b + Math.Sin(a);

    /// <summary>One value for two active parameters: its adjoint is passed once by reference (twice, the two would alias in the Hessian).</summary>
    [Differentiable]
    public static double SameValueTwice(double x) => Product(x, x) * x;

    /// <summary>A layer whose input is data to it, chained: the first layer's weights get their derivative through the second's input.</summary>
    [Differentiable]
    public static Matrix Layer(Matrix w, Matrix b, [NoDerivative] Matrix x) => Matrix.Tanh(w * x + b);

    [Differentiable]
    public static double TwoLayers(Matrix w1, Matrix b1, Matrix w2, Matrix b2, [NoDerivative] Matrix x, [NoDerivative] Matrix y)
        => Matrix.MseLoss(y, Layer(w2, b2, Layer(w1, b1, x)));
}
