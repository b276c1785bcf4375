using System;

namespace AutoDiffGen.IntegrationTests.Functions;

// Each function is written once, here: the build makes class F's twin of it (FloatFunctions.targets).
public static partial class D
{
    // ------------------------------------------------------------------ System.Math, one function each

    [Differentiable]
    public static double Sin(double x, double y) => Math.Sin(x * y) + y;

    [Differentiable]
    public static double Cos(double x, double y) => Math.Cos(x * y) - x;

    [Differentiable]
    public static double Tan(double x, double y) => Math.Tan(x * y);

    [Differentiable]
    public static double Asin(double x, double y) => Math.Asin(x * y);

    [Differentiable]
    public static double Acos(double x, double y) => Math.Acos(x) * y;

    [Differentiable]
    public static double Atan(double x, double y) => Math.Atan(x * y) + Math.Atan(x);

    [Differentiable]
    public static double Atan2(double x, double y) => Math.Atan2(y, x);

    [Differentiable]
    public static double Sinh(double x, double y) => Math.Sinh(x) * y;

    [Differentiable]
    public static double Cosh(double x, double y) => Math.Cosh(x - y);

    [Differentiable]
    public static double Tanh(double x, double y) => Math.Tanh(x * y);

    [Differentiable]
    public static double Exp(double x, double y) => Math.Exp(x * y);

    [Differentiable]
    public static double Log(double x, double y) => Math.Log(x) * y + Math.Log(x * y);

    [Differentiable]
    public static double LogBase(double x, double y) => Math.Log(x, y);

    [Differentiable]
    public static double Log10(double x, double y) => Math.Log10(x * y);

    [Differentiable]
    public static double Log2(double x, double y) => Math.Log2(x + y);

    [Differentiable]
    public static double Sqrt(double x, double y) => Math.Sqrt(x) * y + Math.Sqrt(x * x + y * y);

    [Differentiable]
    public static double Cbrt(double x, double y) => Math.Cbrt(x * y);

    [Differentiable]
    public static double Pow(double x, double y) => Math.Pow(x, y);

    /// <summary>A constant integer exponent: defined (and differentiable) for a negative base too.</summary>
    [Differentiable]
    public static double PowIntegerExponent(double x) => Math.Pow(x, 3);

    /// <summary>A constant non-integer exponent and a constant base.</summary>
    [Differentiable]
    public static double PowConstant(double x) => Math.Pow(x, 2.5) + Math.Pow(2.0, x);

    [Differentiable]
    public static double Abs(double x, double y) => Math.Abs(x * y) - Math.Abs(x);

    [Differentiable]
    public static double Max(double x, double y) => Math.Max(x, y) * x;

    [Differentiable]
    public static double Min(double x, double y) => Math.Min(x * x, y) + y;

    [Differentiable]
    public static double Clamp(double x, double y) => Math.Clamp(x * y, -1.0, 2.0) + x;

    /// <summary>Active bounds: the gradient flows to whichever of x, lo, hi is selected.</summary>
    [Differentiable]
    public static double ClampActiveBounds(double x, double lo, double hi) => Math.Clamp(x, lo, hi) * (1 + x);

    [Differentiable]
    public static double FusedMultiplyAdd(double x, double y, double z) => Math.FusedMultiplyAdd(x, y, z) * x;

    // Piecewise-constant functions: derivative zero (ADG0301, suppressed here, which also tests that a
    // #pragma reaches the generator's diagnostics).
#pragma warning disable ADG0301
    [Differentiable]
    public static double Floor(double x, double y) => Math.Floor(x) * y + x * x;

    [Differentiable]
    public static double Ceiling(double x, double y) => Math.Ceiling(x * y) + x * y;

    [Differentiable]
    public static double Round(double x, double y) => Math.Round(x) * y + x;

    /// <summary>Round with digits and midpoint modes: as flat as Round(x), the value computed as written.</summary>
    [Differentiable]
    public static double RoundDigits(double x, double y)
        => Math.Round(x * y, 1, MidpointRounding.AwayFromZero) + Math.Round(x, MidpointRounding.ToZero) * y + Math.Round(y, 2) * x * x;

    [Differentiable]
    public static double Truncate(double x, double y) => Math.Truncate(x - y) * y + x * y;

    [Differentiable]
    public static double Sign(double x, double y) => Math.Sign(x) * y * y + x;
#pragma warning restore ADG0301

    // ------------------------------------------------------------------ the generic-math statics of double: Math's functions under another name

    [Differentiable]
    public static double GenericMathTrigonometry(double x, double y)
        => double.Sin(x * y) + double.Cos(x - y) * double.Tan(0.3 * x) + double.Asin(0.2 * y) - double.Acos(0.1 * x) + double.Atan(x * y) + double.Atan2(y, x);

    [Differentiable]
    public static double GenericMathHyperbolic(double x, double y) => double.Sinh(0.5 * x) * y + double.Cosh(x - y) - double.Tanh(x * y);

    [Differentiable]
    public static double GenericMathExponentials(double x, double y)
        => double.Exp(0.5 * x * y) + double.Log(x * x + 1) * y + double.Log(x * x + 2, y * y + 2) + double.Log10(y * y + 1) - double.Log2(x * x + y * y + 1)
            + double.Sqrt(x * x + 1) * double.Cbrt(y) + double.Pow(x * x + 1, 0.5 * y);

    /// <summary>Kinks: the points checked are away from them.</summary>
    [Differentiable]
    public static double GenericMathKinks(double x, double y) => double.Abs(x) * double.Max(x, y) + double.Min(x, y) * double.Clamp(x * y, -1, 2) + double.FusedMultiplyAdd(x, y, x * x);

#pragma warning disable ADG0301
    [Differentiable]
    public static double GenericMathSteps(double x, double y) => double.Floor(x) * y + double.Ceiling(x * y) + double.Round(x - y) * x + double.Truncate(y) + double.Sign(x) * x * y;
#pragma warning restore ADG0301

    // ------------------------------------------------------------------ body constructs

    [Differentiable]
    public static double Square(double x) => x * x;

    [Differentiable]
    public static double Locals(double x, double y)
    {
        double a = x * y;
        double b = a + x;
        a = a * b;
        b = a - y * b;
        return a + b * x;
    }

    [Differentiable]
    public static double Arithmetic(double x, double y) => (x + y) * (x - y) / (x * x + 1) - y / x;

    [Differentiable]
    public static double UnaryMinus(double x, double y) => -x * -(y - x) + -(-y);

    [Differentiable]
    public static double CompoundAssignment(double x, double y)
    {
        double s = x;
        s += y * x;
        s -= 0.5 * y;
        s *= x + y;
        s /= 1 + x * x;
        return s;
    }

    [Differentiable]
    public static double Constants(double x, double y)
    {
        const double k = 0.25;
        return 3.5 * x * x + 2 - 1e-3 / y + Math.PI * y + k * x * y;
    }

    [Differentiable]
    public static double IntArithmetic(double x, double y)
    {
        int k = 3;
        int m = k * 2 + 1;
        return k * x + y / m + 2 * x * y;
    }

    [Differentiable]
    public static double Conditional(double x, double y) => x > y ? x * y : x + y * y;

    [Differentiable]
    public static double IfElse(double x, double y)
    {
        double r = x * y;
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
    public static double Comparisons(double x, double y)
    {
        bool bigger = x >= y;
        bool same = x == y;
        double r = bigger ? x : y;
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
    public static double CallsSameType(double x, double y) => Square(Sin(x, y)) + 0.5 * Cos(y, x);

    /// <summary>Calls to [Differentiable] functions of another partial type in another namespace.</summary>
    [Differentiable]
    public static double CallsOtherType(double x, double y)
    {
        double r = Other.OtherFunctions.Rosenbrock(x, y);
        return r + Other.OtherFunctions.Scale(Square(x), 3);
    }
}
