using System;

namespace AutoDiffGen.IntegrationTests.Functions;

/// <summary>An active float parameter in a double function: implicit float→double conversions of active values.</summary>
public static partial class MixedPrecision
{
    [Differentiable]
    public static double Mixed(double x, float y) => x * y + Math.Sin(y);
}
