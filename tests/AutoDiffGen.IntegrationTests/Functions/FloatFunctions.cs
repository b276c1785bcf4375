using System;

namespace AutoDiffGen.IntegrationTests.Functions;

/// <summary>
/// The functions of <see cref="D"/> in float, calling System.MathF (and System.Math's float overloads where
/// MathF has none, such as Clamp).
/// </summary>
public static partial class F
{
    // ------------------------------------------------------------------ System.Math, one function each

    [Differentiable]
    public static float Sin(float x, float y) => MathF.Sin(x * y) + y;

    [Differentiable]
    public static float Cos(float x, float y) => MathF.Cos(x * y) - x;

    [Differentiable]
    public static float Tan(float x, float y) => MathF.Tan(x * y);

    [Differentiable]
    public static float Asin(float x, float y) => MathF.Asin(x * y);

    [Differentiable]
    public static float Acos(float x, float y) => MathF.Acos(x) * y;

    [Differentiable]
    public static float Atan(float x, float y) => MathF.Atan(x * y) + MathF.Atan(x);

    [Differentiable]
    public static float Atan2(float x, float y) => MathF.Atan2(y, x);

    [Differentiable]
    public static float Sinh(float x, float y) => MathF.Sinh(x) * y;

    [Differentiable]
    public static float Cosh(float x, float y) => MathF.Cosh(x - y);

    [Differentiable]
    public static float Tanh(float x, float y) => MathF.Tanh(x * y);

    [Differentiable]
    public static float Exp(float x, float y) => MathF.Exp(x * y);

    [Differentiable]
    public static float Log(float x, float y) => MathF.Log(x) * y + MathF.Log(x * y);

    [Differentiable]
    public static float LogBase(float x, float y) => MathF.Log(x, y);

    [Differentiable]
    public static float Log10(float x, float y) => MathF.Log10(x * y);

    [Differentiable]
    public static float Log2(float x, float y) => MathF.Log2(x + y);

    [Differentiable]
    public static float Sqrt(float x, float y) => MathF.Sqrt(x) * y + MathF.Sqrt(x * x + y * y);

    [Differentiable]
    public static float Cbrt(float x, float y) => MathF.Cbrt(x * y);

    [Differentiable]
    public static float Pow(float x, float y) => MathF.Pow(x, y);

    /// <summary>A constant integer exponent: defined (and differentiable) for a negative base too.</summary>
    [Differentiable]
    public static float PowIntegerExponent(float x) => MathF.Pow(x, 3);

    /// <summary>A constant non-integer exponent and a constant base.</summary>
    [Differentiable]
    public static float PowConstant(float x) => MathF.Pow(x, 2.5f) + MathF.Pow(2.0f, x);

    [Differentiable]
    public static float Abs(float x, float y) => MathF.Abs(x * y) - MathF.Abs(x);

    [Differentiable]
    public static float Max(float x, float y) => MathF.Max(x, y) * x;

    [Differentiable]
    public static float Min(float x, float y) => MathF.Min(x * x, y) + y;

    [Differentiable]
    public static float Clamp(float x, float y) => Math.Clamp(x * y, -1.0f, 2.0f) + x;

    /// <summary>Active bounds: the gradient flows to whichever of x, lo, hi is selected.</summary>
    [Differentiable]
    public static float ClampActiveBounds(float x, float lo, float hi) => Math.Clamp(x, lo, hi) * (1 + x);

    [Differentiable]
    public static float FusedMultiplyAdd(float x, float y, float z) => MathF.FusedMultiplyAdd(x, y, z) * x;

    // Piecewise-constant functions: derivative zero (ADG0301, suppressed here, which also tests that a
    // #pragma reaches the generator's diagnostics).
#pragma warning disable ADG0301
    [Differentiable]
    public static float Floor(float x, float y) => MathF.Floor(x) * y + x * x;

    [Differentiable]
    public static float Ceiling(float x, float y) => MathF.Ceiling(x * y) + x * y;

    [Differentiable]
    public static float Round(float x, float y) => MathF.Round(x) * y + x;

    /// <summary>Round with digits and midpoint modes: as flat as Round(x), the value computed as written.</summary>
    [Differentiable]
    public static float RoundDigits(float x, float y)
        => MathF.Round(x * y, 1, MidpointRounding.AwayFromZero) + MathF.Round(x, MidpointRounding.ToZero) * y + MathF.Round(y, 2) * x * x;

    [Differentiable]
    public static float Truncate(float x, float y) => MathF.Truncate(x - y) * y + x * y;

    [Differentiable]
    public static float Sign(float x, float y) => MathF.Sign(x) * y * y + x;
#pragma warning restore ADG0301

    // ------------------------------------------------------------------ the generic-math statics of float: MathF's functions under another name

    [Differentiable]
    public static float GenericMathTrigonometry(float x, float y)
        => float.Sin(x * y) + float.Cos(x - y) * float.Tan(0.3f * x) + float.Asin(0.2f * y) - float.Acos(0.1f * x) + float.Atan(x * y) + float.Atan2(y, x);

    [Differentiable]
    public static float GenericMathHyperbolic(float x, float y) => float.Sinh(0.5f * x) * y + float.Cosh(x - y) - float.Tanh(x * y);

    [Differentiable]
    public static float GenericMathExponentials(float x, float y)
        => float.Exp(0.5f * x * y) + float.Log(x * x + 1) * y + float.Log(x * x + 2, y * y + 2) + float.Log10(y * y + 1) - float.Log2(x * x + y * y + 1)
            + float.Sqrt(x * x + 1) * float.Cbrt(y) + float.Pow(x * x + 1, 0.5f * y);

    /// <summary>Kinks: the points checked are away from them.</summary>
    [Differentiable]
    public static float GenericMathKinks(float x, float y) => float.Abs(x) * float.Max(x, y) + float.Min(x, y) * float.Clamp(x * y, -1, 2) + float.FusedMultiplyAdd(x, y, x * x);

#pragma warning disable ADG0301
    [Differentiable]
    public static float GenericMathSteps(float x, float y) => float.Floor(x) * y + float.Ceiling(x * y) + float.Round(x - y) * x + float.Truncate(y) + float.Sign(x) * x * y;
#pragma warning restore ADG0301

    // ------------------------------------------------------------------ body constructs

    [Differentiable]
    public static float Square(float x) => x * x;

    [Differentiable]
    public static float Locals(float x, float y)
    {
        float a = x * y;
        float b = a + x;
        a = a * b;
        b = a - y * b;
        return a + b * x;
    }

    [Differentiable]
    public static float Arithmetic(float x, float y) => (x + y) * (x - y) / (x * x + 1) - y / x;

    [Differentiable]
    public static float UnaryMinus(float x, float y) => -x * -(y - x) + -(-y);

    [Differentiable]
    public static float CompoundAssignment(float x, float y)
    {
        float s = x;
        s += y * x;
        s -= 0.5f * y;
        s *= x + y;
        s /= 1 + x * x;
        return s;
    }

    [Differentiable]
    public static float Constants(float x, float y)
    {
        const float k = 0.25f;
        return 3.5f * x * x + 2 - 1e-3f / y + MathF.PI * y + k * x * y;
    }

    [Differentiable]
    public static float IntToFloat(float x, float y)
    {
        int k = 3;
        int m = k * 2 + 1;
        return k * x + y / m + 2 * x * y;
    }

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

    [Differentiable]
    public static float Conditional(float x, float y) => x > y ? x * y : x + y * y;

    [Differentiable]
    public static float IfElse(float x, float y)
    {
        float r = x * y;
        if (x < 0)
        {
            return r - x;
        }

        if (x >= 2)
        {
            r = r * x;
        }
        else if (y <= 1)
        {
            r += y * y;
        }
        else
        {
            r -= x;
        }

        return r * y;
    }

    [Differentiable]
    public static float Comparisons(float x, float y)
    {
        bool bigger = x >= y;
        bool same = x == y;
        float r = bigger ? x : y;
        if (!same && x != 0 && (x < 1 || y > 3))
        {
            r *= x;
        }

        if (x <= y && y > -5)
        {
            r += y * x;
        }

        return r;
    }

    /// <summary>Calls to [Differentiable] functions of the same type.</summary>
    [Differentiable]
    public static float CallsSameType(float x, float y) => Square(Sin(x, y)) + 0.5f * Cos(y, x);

    /// <summary>Calls to [Differentiable] functions of another partial type in another namespace.</summary>
    [Differentiable]
    public static float CallsOtherType(float x, float y)
    {
        float r = Other.OtherFunctions.Rosenbrock(x, y);
        return r + Other.OtherFunctions.Scale(Square(x), 3);
    }
}
