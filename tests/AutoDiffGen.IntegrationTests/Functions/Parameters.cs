using System;

namespace AutoDiffGen.IntegrationTests.Functions;

/// <summary>Parameters that get no derivative: [NoDerivative], int and bool.</summary>
public static partial class Parameters
{
    [Differentiable]
    public static double Scaled(double x, [NoDerivative] double c) => c * x * x;

    [Differentiable]
    public static float Scaled(float x, [NoDerivative] float c) => c * x * x;

    /// <summary>Inactive parameters between active ones.</summary>
    [Differentiable]
    public static double Affine([NoDerivative] double a, double x, [NoDerivative] double b, double y) => a * x * y + b * Math.Sin(y);

    [Differentiable]
    public static double IntParameter(double x, int n) => n * x * x + n;

    [Differentiable]
    public static double BoolParameter(double x, bool negate) => negate ? -x * x : x * x * x;
}
