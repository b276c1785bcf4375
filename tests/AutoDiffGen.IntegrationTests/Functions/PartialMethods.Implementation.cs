using System;

namespace AutoDiffGen.IntegrationTests.Functions;

/// <summary>The implementing parts of <see cref="PartialMethods"/>.</summary>
public static partial class PartialMethods
{
    public static partial double Smooth(double x, double y)
    {
        double r = x * x + y * y;
        return Math.Log(1 + r) * x;
    }

    [Differentiable]
    public static partial double Damped(double x, double y) => Math.Exp(-0.5 * x) * Math.Sin(y);

    public static partial double Scaled(double x, double c) => c * x * x * x;
}
