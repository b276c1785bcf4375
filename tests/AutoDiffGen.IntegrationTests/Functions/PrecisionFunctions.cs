using System;

namespace AutoDiffGen.IntegrationTests.Functions;

/// <summary>
/// One [Differentiable] function per System.Math function and per body construct, in double (DoubleFunctions.cs). Most
/// take two inputs so that the Hessian has mixed terms. Below, what only double has.
/// </summary>
public static partial class D
{
    /// <summary>float values widened to double.</summary>
    [Differentiable]
    public static double FloatToDouble(double x, double y)
    {
        float c = 1.5f;
        return c * x + x * y * 0.25f;
    }
}

/// <summary>
/// <see cref="D"/>'s functions in float, calling System.MathF (and System.Math where MathF has none, such as Clamp): made
/// by the build from DoubleFunctions.cs (FloatFunctions.targets). Below, what only float has: conversions through double
/// and System.Math's float overloads.
/// </summary>
public static partial class F
{
    /// <summary>float widened to double (implicitly) and the result narrowed back (explicitly).</summary>
    [Differentiable]
    public static float WidenAndNarrow(float x, float y)
    {
        double wide = x * 1.5;
        wide += x * y;
        return (float)wide;
    }

    /// <summary>System.Math's float overloads (Math.Abs(float), Math.Max(float, float), ...).</summary>
    [Differentiable]
    public static float MathFloatOverloads(float x, float y) => Math.Abs(x) * Math.Max(x, y) + Math.Min(x, y);
}
