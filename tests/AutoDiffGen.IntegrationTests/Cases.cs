using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.IntegrationTests.Checking;
using AutoDiffGen.IntegrationTests.Deeply.Nested.Space;
using AutoDiffGen.IntegrationTests.Functions;
using AutoDiffGen.IntegrationTests.Functions.Other;
using Xunit;
using static AutoDiffGen.IntegrationTests.Checking.Case;

namespace AutoDiffGen.IntegrationTests;

/// <summary>
/// The table of scalar functions checked by <see cref="ScalarFunctionTests"/>: each [Differentiable] function
/// with its generated members and the points to check at (several per function, including near the edges of
/// the domain: asin/acos at ±0.99, log at 1e-3, sqrt at 1e-4, pow with non-integer exponents; functions with
/// kinks — abs, max, min, clamp, if/else — away from the kinks, on both sides).
/// </summary>
public static class Cases
{
    private static IEnumerable<ScalarCase> Both(ScalarCase d, ScalarCase f) => new[] { d, f };

    private static IEnumerable<ScalarCase> Build()
    {
        // ---------------------------------------------------------------- System.Math / System.MathF
        var general = new[] { P(0.3, 0.7), P(-1.2, 0.4), P(2.0, 1.5) };

        foreach (ScalarCase c in Both(
            Of<double>("D.Sin", D.Sin, D.SinGradient, D.SinPullback, D.SinPushforward, D.SinHessian, D.SinHessianVectorProduct, general),
            Of<float>("F.Sin", F.Sin, F.SinGradient, F.SinPullback, F.SinPushforward, F.SinHessian, F.SinHessianVectorProduct, general)))
        {
            yield return c;
        }

        foreach (ScalarCase c in Both(
            Of<double>("D.Cos", D.Cos, D.CosGradient, D.CosPullback, D.CosPushforward, D.CosHessian, D.CosHessianVectorProduct, general),
            Of<float>("F.Cos", F.Cos, F.CosGradient, F.CosPullback, F.CosPushforward, F.CosHessian, F.CosHessianVectorProduct, general)))
        {
            yield return c;
        }

        // tan(xy) up to xy = 1.43, where tan' = 1/cos² ≈ 50.
        var tan = new[] { P(0.3, 0.7), P(-1.2, 0.4), P(1.1, 1.3) };
        foreach (ScalarCase c in Both(
            Of<double>("D.Tan", D.Tan, D.TanGradient, D.TanPullback, D.TanPushforward, D.TanHessian, D.TanHessianVectorProduct, tan),
            Of<float>("F.Tan", F.Tan, F.TanGradient, F.TanPullback, F.TanPushforward, F.TanHessian, F.TanHessianVectorProduct, tan)))
        {
            yield return c;
        }

        // asin(xy) at xy = ±0.99, close to the ends of the domain.
        var asin = new[] { P(0.99, 1.0), P(-0.99, 1.0), P(0.5, 0.6), P(0.3, -0.9) };
        foreach (ScalarCase c in Both(
            Of<double>("D.Asin", D.Asin, D.AsinGradient, D.AsinPullback, D.AsinPushforward, D.AsinHessian, D.AsinHessianVectorProduct, asin),
            Of<float>("F.Asin", F.Asin, F.AsinGradient, F.AsinPullback, F.AsinPushforward, F.AsinHessian, F.AsinHessianVectorProduct, asin) with { RelativeStep = 1e-3 }))
        {
            yield return c;
        }

        var acos = new[] { P(0.99, 1.5), P(-0.99, 0.5), P(0.2, -2.0) };
        foreach (ScalarCase c in Both(
            Of<double>("D.Acos", D.Acos, D.AcosGradient, D.AcosPullback, D.AcosPushforward, D.AcosHessian, D.AcosHessianVectorProduct, acos),
            Of<float>("F.Acos", F.Acos, F.AcosGradient, F.AcosPullback, F.AcosPushforward, F.AcosHessian, F.AcosHessianVectorProduct, acos) with { RelativeStep = 1e-3 }))
        {
            yield return c;
        }

        var atan = new[] { P(0.3, 0.7), P(-3.0, 2.0), P(10.0, 0.5) };
        foreach (ScalarCase c in Both(
            Of<double>("D.Atan", D.Atan, D.AtanGradient, D.AtanPullback, D.AtanPushforward, D.AtanHessian, D.AtanHessianVectorProduct, atan),
            Of<float>("F.Atan", F.Atan, F.AtanGradient, F.AtanPullback, F.AtanPushforward, F.AtanHessian, F.AtanHessianVectorProduct, atan)))
        {
            yield return c;
        }

        // atan2(y, x) in all four quadrants, away from the cut along the negative x axis.
        var atan2 = new[] { P(1.0, 1.0), P(-1.0, 0.5), P(-1.0, -0.5), P(0.2, -3.0) };
        foreach (ScalarCase c in Both(
            Of<double>("D.Atan2", D.Atan2, D.Atan2Gradient, D.Atan2Pullback, D.Atan2Pushforward, D.Atan2Hessian, D.Atan2HessianVectorProduct, atan2),
            Of<float>("F.Atan2", F.Atan2, F.Atan2Gradient, F.Atan2Pullback, F.Atan2Pushforward, F.Atan2Hessian, F.Atan2HessianVectorProduct, atan2)))
        {
            yield return c;
        }

        var hyperbolic = new[] { P(0.3, 0.7), P(-2.0, 1.5), P(3.0, -0.5) };
        foreach (ScalarCase c in Both(
            Of<double>("D.Sinh", D.Sinh, D.SinhGradient, D.SinhPullback, D.SinhPushforward, D.SinhHessian, D.SinhHessianVectorProduct, hyperbolic),
            Of<float>("F.Sinh", F.Sinh, F.SinhGradient, F.SinhPullback, F.SinhPushforward, F.SinhHessian, F.SinhHessianVectorProduct, hyperbolic)))
        {
            yield return c;
        }

        foreach (ScalarCase c in Both(
            Of<double>("D.Cosh", D.Cosh, D.CoshGradient, D.CoshPullback, D.CoshPushforward, D.CoshHessian, D.CoshHessianVectorProduct, hyperbolic),
            Of<float>("F.Cosh", F.Cosh, F.CoshGradient, F.CoshPullback, F.CoshPushforward, F.CoshHessian, F.CoshHessianVectorProduct, hyperbolic)))
        {
            yield return c;
        }

        var tanh = new[] { P(0.3, 0.7), P(-1.2, 0.4), P(1.5, 1.5) };
        foreach (ScalarCase c in Both(
            Of<double>("D.Tanh", D.Tanh, D.TanhGradient, D.TanhPullback, D.TanhPushforward, D.TanhHessian, D.TanhHessianVectorProduct, tanh),
            Of<float>("F.Tanh", F.Tanh, F.TanhGradient, F.TanhPullback, F.TanhPushforward, F.TanhHessian, F.TanhHessianVectorProduct, tanh)))
        {
            yield return c;
        }

        var exp = new[] { P(0.3, 0.7), P(-2.0, 1.5), P(3.0, 1.2) };
        foreach (ScalarCase c in Both(
            Of<double>("D.Exp", D.Exp, D.ExpGradient, D.ExpPullback, D.ExpPushforward, D.ExpHessian, D.ExpHessianVectorProduct, exp),
            Of<float>("F.Exp", F.Exp, F.ExpGradient, F.ExpPullback, F.ExpPushforward, F.ExpHessian, F.ExpHessianVectorProduct, exp)))
        {
            yield return c;
        }

        // log near 0: steps scale with |x| down to 1e-4 so that x - h stays positive.
        var log = new[] { P(1e-3, 2.0), P(0.5, 1.5), P(10.0, 0.1) };
        foreach (ScalarCase c in Both(
            Of<double>("D.Log", D.Log, D.LogGradient, D.LogPullback, D.LogPushforward, D.LogHessian, D.LogHessianVectorProduct, log) with { MinStepScale = 1e-4 },
            Of<float>("F.Log", F.Log, F.LogGradient, F.LogPullback, F.LogPushforward, F.LogHessian, F.LogHessianVectorProduct, log) with { MinStepScale = 1e-4 }))
        {
            yield return c;
        }

        var logBase = new[] { P(2.0, 3.0), P(0.5, 10.0), P(5.0, 0.3) };
        foreach (ScalarCase c in Both(
            Of<double>("D.LogBase", D.LogBase, D.LogBaseGradient, D.LogBasePullback, D.LogBasePushforward, D.LogBaseHessian, D.LogBaseHessianVectorProduct, logBase),
            Of<float>("F.LogBase", F.LogBase, F.LogBaseGradient, F.LogBasePullback, F.LogBasePushforward, F.LogBaseHessian, F.LogBaseHessianVectorProduct, logBase)))
        {
            yield return c;
        }

        var log10 = new[] { P(1e-3, 2.0), P(3.0, 4.0), P(0.5, 0.5) };
        foreach (ScalarCase c in Both(
            Of<double>("D.Log10", D.Log10, D.Log10Gradient, D.Log10Pullback, D.Log10Pushforward, D.Log10Hessian, D.Log10HessianVectorProduct, log10) with { MinStepScale = 1e-4 },
            Of<float>("F.Log10", F.Log10, F.Log10Gradient, F.Log10Pullback, F.Log10Pushforward, F.Log10Hessian, F.Log10HessianVectorProduct, log10) with { MinStepScale = 1e-4 }))
        {
            yield return c;
        }

        var log2 = new[] { P(1e-3, 1e-3), P(1.0, 2.5), P(0.3, 0.2) };
        foreach (ScalarCase c in Both(
            Of<double>("D.Log2", D.Log2, D.Log2Gradient, D.Log2Pullback, D.Log2Pushforward, D.Log2Hessian, D.Log2HessianVectorProduct, log2) with { MinStepScale = 1e-4 },
            Of<float>("F.Log2", F.Log2, F.Log2Gradient, F.Log2Pullback, F.Log2Pushforward, F.Log2Hessian, F.Log2HessianVectorProduct, log2) with { MinStepScale = 1e-4 }))
        {
            yield return c;
        }

        // sqrt at a small positive argument (sqrt' = 50, sqrt'' = -2.5e5 at 1e-4).
        var sqrt = new[] { P(1e-4, 2.0), P(2.0, 3.0), P(0.5, -1.5) };
        foreach (ScalarCase c in Both(
            Of<double>("D.Sqrt", D.Sqrt, D.SqrtGradient, D.SqrtPullback, D.SqrtPushforward, D.SqrtHessian, D.SqrtHessianVectorProduct, sqrt) with { MinStepScale = 1e-5 },
            Of<float>("F.Sqrt", F.Sqrt, F.SqrtGradient, F.SqrtPullback, F.SqrtPushforward, F.SqrtHessian, F.SqrtHessianVectorProduct, sqrt) with { MinStepScale = 1e-5 }))
        {
            yield return c;
        }

        // cbrt of negative arguments too (its derivative must not go through pow(v, -2/3), NaN for v < 0).
        var cbrt = new[] { P(-8.0, 1.0), P(0.5, 0.25), P(27.0, -2.0) };
        foreach (ScalarCase c in Both(
            Of<double>("D.Cbrt", D.Cbrt, D.CbrtGradient, D.CbrtPullback, D.CbrtPushforward, D.CbrtHessian, D.CbrtHessianVectorProduct, cbrt),
            Of<float>("F.Cbrt", F.Cbrt, F.CbrtGradient, F.CbrtPullback, F.CbrtPushforward, F.CbrtHessian, F.CbrtHessianVectorProduct, cbrt)))
        {
            yield return c;
        }

        // pow with non-integer and negative exponents.
        var pow = new[] { P(2.0, 0.5), P(0.3, 2.7), P(5.0, -1.3), P(0.05, 1.5) };
        foreach (ScalarCase c in Both(
            Of<double>("D.Pow", D.Pow, D.PowGradient, D.PowPullback, D.PowPushforward, D.PowHessian, D.PowHessianVectorProduct, pow),
            Of<float>("F.Pow", F.Pow, F.PowGradient, F.PowPullback, F.PowPushforward, F.PowHessian, F.PowHessianVectorProduct, pow)))
        {
            yield return c;
        }

        // pow(x, 3) at a negative base: the exponent is constant, so no log(x) may appear in the derivative.
        var powInt = new[] { P(-1.5), P(0.7), P(2.0) };
        foreach (ScalarCase c in Both(
            Of<double>("D.PowIntegerExponent", D.PowIntegerExponent, D.PowIntegerExponentGradient, D.PowIntegerExponentPullback, D.PowIntegerExponentPushforward, D.PowIntegerExponentHessian, D.PowIntegerExponentHessianVectorProduct, powInt),
            Of<float>("F.PowIntegerExponent", F.PowIntegerExponent, F.PowIntegerExponentGradient, F.PowIntegerExponentPullback, F.PowIntegerExponentPushforward, F.PowIntegerExponentHessian, F.PowIntegerExponentHessianVectorProduct, powInt)))
        {
            yield return c;
        }

        var powConst = new[] { P(0.3), P(1.7), P(4.0) };
        foreach (ScalarCase c in Both(
            Of<double>("D.PowConstant", D.PowConstant, D.PowConstantGradient, D.PowConstantPullback, D.PowConstantPushforward, D.PowConstantHessian, D.PowConstantHessianVectorProduct, powConst),
            Of<float>("F.PowConstant", F.PowConstant, F.PowConstantGradient, F.PowConstantPullback, F.PowConstantPushforward, F.PowConstantHessian, F.PowConstantHessianVectorProduct, powConst)))
        {
            yield return c;
        }

        // Kinks: abs, max, min and clamp on each side, away from the kink.
        var abs = new[] { P(0.3, 0.7), P(-1.2, 0.4), P(2.0, -1.5), P(-0.5, -2.0) };
        foreach (ScalarCase c in Both(
            Of<double>("D.Abs", D.Abs, D.AbsGradient, D.AbsPullback, D.AbsPushforward, D.AbsHessian, D.AbsHessianVectorProduct, abs),
            Of<float>("F.Abs", F.Abs, F.AbsGradient, F.AbsPullback, F.AbsPushforward, F.AbsHessian, F.AbsHessianVectorProduct, abs)))
        {
            yield return c;
        }

        var max = new[] { P(0.3, 0.7), P(1.2, 0.4), P(-2.0, -3.0), P(-2.0, 3.0) };
        foreach (ScalarCase c in Both(
            Of<double>("D.Max", D.Max, D.MaxGradient, D.MaxPullback, D.MaxPushforward, D.MaxHessian, D.MaxHessianVectorProduct, max),
            Of<float>("F.Max", F.Max, F.MaxGradient, F.MaxPullback, F.MaxPushforward, F.MaxHessian, F.MaxHessianVectorProduct, max)))
        {
            yield return c;
        }

        var min = new[] { P(0.3, 0.7), P(1.2, 0.4), P(-2.0, 5.0) };
        foreach (ScalarCase c in Both(
            Of<double>("D.Min", D.Min, D.MinGradient, D.MinPullback, D.MinPushforward, D.MinHessian, D.MinHessianVectorProduct, min),
            Of<float>("F.Min", F.Min, F.MinGradient, F.MinPullback, F.MinPushforward, F.MinHessian, F.MinHessianVectorProduct, min)))
        {
            yield return c;
        }

        // xy inside [-1, 2], below and above.
        var clamp = new[] { P(0.5, 1.5), P(-2.0, 1.0), P(3.0, 1.5) };
        foreach (ScalarCase c in Both(
            Of<double>("D.Clamp", D.Clamp, D.ClampGradient, D.ClampPullback, D.ClampPushforward, D.ClampHessian, D.ClampHessianVectorProduct, clamp),
            Of<float>("F.Clamp", F.Clamp, F.ClampGradient, F.ClampPullback, F.ClampPushforward, F.ClampHessian, F.ClampHessianVectorProduct, clamp)))
        {
            yield return c;
        }

        var clampBounds = new[] { P(0.5, -1.0, 2.0), P(-3.0, -1.0, 2.0), P(5.0, -1.0, 2.0) };
        foreach (ScalarCase c in Both(
            Of<double>("D.ClampActiveBounds", D.ClampActiveBounds, D.ClampActiveBoundsGradient, D.ClampActiveBoundsPullback, D.ClampActiveBoundsPushforward, D.ClampActiveBoundsHessian, D.ClampActiveBoundsHessianVectorProduct, clampBounds),
            Of<float>("F.ClampActiveBounds", F.ClampActiveBounds, F.ClampActiveBoundsGradient, F.ClampActiveBoundsPullback, F.ClampActiveBoundsPushforward, F.ClampActiveBoundsHessian, F.ClampActiveBoundsHessianVectorProduct, clampBounds)))
        {
            yield return c;
        }

        var fma = new[] { P(0.3, 0.7, -1.1), P(2.0, -3.0, 0.5) };
        foreach (ScalarCase c in Both(
            Of<double>("D.FusedMultiplyAdd", D.FusedMultiplyAdd, D.FusedMultiplyAddGradient, D.FusedMultiplyAddPullback, D.FusedMultiplyAddPushforward, D.FusedMultiplyAddHessian, D.FusedMultiplyAddHessianVectorProduct, fma),
            Of<float>("F.FusedMultiplyAdd", F.FusedMultiplyAdd, F.FusedMultiplyAddGradient, F.FusedMultiplyAddPullback, F.FusedMultiplyAddPushforward, F.FusedMultiplyAddHessian, F.FusedMultiplyAddHessianVectorProduct, fma)))
        {
            yield return c;
        }

        // Piecewise-constant functions, away from their jumps (x, xy, x - y not near an integer, x not near 0 or ±.5).
        var steps = new[] { P(1.3, 0.7), P(-2.6, 1.45), P(0.4, -1.3) };
        // x·y, x and y away from where the rounding to 1, 0 and 2 digits jumps, by more than a float step (0.91, -3.77, -0.524; …).
        var roundDigits = new[] { P(1.3, 0.7), P(-2.6, 1.45), P(0.4, -1.31) };
        foreach (ScalarCase c in new[]
        {
            Of<double>("D.Floor", D.Floor, D.FloorGradient, D.FloorPullback, D.FloorPushforward, D.FloorHessian, D.FloorHessianVectorProduct, steps),
            Of<float>("F.Floor", F.Floor, F.FloorGradient, F.FloorPullback, F.FloorPushforward, F.FloorHessian, F.FloorHessianVectorProduct, steps),
            Of<double>("D.Ceiling", D.Ceiling, D.CeilingGradient, D.CeilingPullback, D.CeilingPushforward, D.CeilingHessian, D.CeilingHessianVectorProduct, steps),
            Of<float>("F.Ceiling", F.Ceiling, F.CeilingGradient, F.CeilingPullback, F.CeilingPushforward, F.CeilingHessian, F.CeilingHessianVectorProduct, steps),
            Of<double>("D.Round", D.Round, D.RoundGradient, D.RoundPullback, D.RoundPushforward, D.RoundHessian, D.RoundHessianVectorProduct, steps),
            Of<float>("F.Round", F.Round, F.RoundGradient, F.RoundPullback, F.RoundPushforward, F.RoundHessian, F.RoundHessianVectorProduct, steps),
            Of<double>("D.RoundDigits", D.RoundDigits, D.RoundDigitsGradient, D.RoundDigitsPullback, D.RoundDigitsPushforward, D.RoundDigitsHessian, D.RoundDigitsHessianVectorProduct, roundDigits),
            Of<float>("F.RoundDigits", F.RoundDigits, F.RoundDigitsGradient, F.RoundDigitsPullback, F.RoundDigitsPushforward, F.RoundDigitsHessian, F.RoundDigitsHessianVectorProduct, roundDigits),
            Of<double>("D.Truncate", D.Truncate, D.TruncateGradient, D.TruncatePullback, D.TruncatePushforward, D.TruncateHessian, D.TruncateHessianVectorProduct, steps),
            Of<float>("F.Truncate", F.Truncate, F.TruncateGradient, F.TruncatePullback, F.TruncatePushforward, F.TruncateHessian, F.TruncateHessianVectorProduct, steps),
            Of<double>("D.Sign", D.Sign, D.SignGradient, D.SignPullback, D.SignPushforward, D.SignHessian, D.SignHessianVectorProduct, steps),
            Of<float>("F.Sign", F.Sign, F.SignGradient, F.SignPullback, F.SignPushforward, F.SignHessian, F.SignHessianVectorProduct, steps),
        })
        {
            yield return c;
        }

        // ---------------------------------------------------------------- the generic-math statics of double and float
        var genericKinks = new[] { P(0.3, 0.7), P(1.2, 0.4), P(-2.0, 3.0), P(-2.0, -3.0) };
        foreach (ScalarCase c in Both(
            Of<double>("D.GenericMathTrigonometry", D.GenericMathTrigonometry, D.GenericMathTrigonometryGradient, D.GenericMathTrigonometryPullback, D.GenericMathTrigonometryPushforward, D.GenericMathTrigonometryHessian, D.GenericMathTrigonometryHessianVectorProduct, general),
            Of<float>("F.GenericMathTrigonometry", F.GenericMathTrigonometry, F.GenericMathTrigonometryGradient, F.GenericMathTrigonometryPullback, F.GenericMathTrigonometryPushforward, F.GenericMathTrigonometryHessian, F.GenericMathTrigonometryHessianVectorProduct, general)))
        {
            yield return c;
        }

        foreach (ScalarCase c in Both(
            Of<double>("D.GenericMathHyperbolic", D.GenericMathHyperbolic, D.GenericMathHyperbolicGradient, D.GenericMathHyperbolicPullback, D.GenericMathHyperbolicPushforward, D.GenericMathHyperbolicHessian, D.GenericMathHyperbolicHessianVectorProduct, general),
            Of<float>("F.GenericMathHyperbolic", F.GenericMathHyperbolic, F.GenericMathHyperbolicGradient, F.GenericMathHyperbolicPullback, F.GenericMathHyperbolicPushforward, F.GenericMathHyperbolicHessian, F.GenericMathHyperbolicHessianVectorProduct, general)))
        {
            yield return c;
        }

        foreach (ScalarCase c in Both(
            Of<double>("D.GenericMathExponentials", D.GenericMathExponentials, D.GenericMathExponentialsGradient, D.GenericMathExponentialsPullback, D.GenericMathExponentialsPushforward, D.GenericMathExponentialsHessian, D.GenericMathExponentialsHessianVectorProduct, general),
            Of<float>("F.GenericMathExponentials", F.GenericMathExponentials, F.GenericMathExponentialsGradient, F.GenericMathExponentialsPullback, F.GenericMathExponentialsPushforward, F.GenericMathExponentialsHessian, F.GenericMathExponentialsHessianVectorProduct, general)))
        {
            yield return c;
        }

        foreach (ScalarCase c in Both(
            Of<double>("D.GenericMathKinks", D.GenericMathKinks, D.GenericMathKinksGradient, D.GenericMathKinksPullback, D.GenericMathKinksPushforward, D.GenericMathKinksHessian, D.GenericMathKinksHessianVectorProduct, genericKinks),
            Of<float>("F.GenericMathKinks", F.GenericMathKinks, F.GenericMathKinksGradient, F.GenericMathKinksPullback, F.GenericMathKinksPushforward, F.GenericMathKinksHessian, F.GenericMathKinksHessianVectorProduct, genericKinks)))
        {
            yield return c;
        }

        foreach (ScalarCase c in Both(
            Of<double>("D.GenericMathSteps", D.GenericMathSteps, D.GenericMathStepsGradient, D.GenericMathStepsPullback, D.GenericMathStepsPushforward, D.GenericMathStepsHessian, D.GenericMathStepsHessianVectorProduct, steps),
            Of<float>("F.GenericMathSteps", F.GenericMathSteps, F.GenericMathStepsGradient, F.GenericMathStepsPullback, F.GenericMathStepsPushforward, F.GenericMathStepsHessian, F.GenericMathStepsHessianVectorProduct, steps)))
        {
            yield return c;
        }

        // ---------------------------------------------------------------- extended partial methods, implemented in another file
        foreach (ScalarCase c in new[]
        {
            Of<double>("PartialMethods.Smooth", PartialMethods.Smooth, PartialMethods.SmoothGradient, PartialMethods.SmoothPullback, PartialMethods.SmoothPushforward, PartialMethods.SmoothHessian, PartialMethods.SmoothHessianVectorProduct, general),
            Of<double>("PartialMethods.Damped", PartialMethods.Damped, PartialMethods.DampedGradient, PartialMethods.DampedPullback, PartialMethods.DampedPushforward, PartialMethods.DampedHessian, PartialMethods.DampedHessianVectorProduct, general),
            Of<double>("PartialMethods.Calls", PartialMethods.Calls, PartialMethods.CallsGradient, PartialMethods.CallsPullback, PartialMethods.CallsPushforward, PartialMethods.CallsHessian, PartialMethods.CallsHessianVectorProduct, general),
            FlatCase.Of<double>(
                "PartialMethods.Scaled", 1,
                x => PartialMethods.Scaled(x[0], 2.5),
                (x, g) => PartialMethods.ScaledGradient(x[0], 2.5, out g[0]),
                (x, s, a) => PartialMethods.ScaledPullback(x[0], 2.5, s, ref a[0]),
                (x, t) => (PartialMethods.ScaledPushforward(x[0], 2.5, t[0], out double tangent), tangent),
                (x, g, h) => PartialMethods.ScaledHessian(x[0], 2.5, g, h),
                (x, v, hv) => PartialMethods.ScaledHessianVectorProduct(x[0], 2.5, v[0], out hv[0]),
                P(0.3), P(-1.2), P(2.0)),
        })
        {
            yield return c;
        }

        // ---------------------------------------------------------------- body constructs
        var plain = new[] { P(0.3, 0.7), P(-1.2, 0.4), P(2.0, -1.5) };
        var square = new[] { P(0.3), P(-1.7), P(3.0) };
        foreach (ScalarCase c in new[]
        {
            Of<double>("D.Square", D.Square, D.SquareGradient, D.SquarePullback, D.SquarePushforward, D.SquareHessian, D.SquareHessianVectorProduct, square),
            Of<float>("F.Square", F.Square, F.SquareGradient, F.SquarePullback, F.SquarePushforward, F.SquareHessian, F.SquareHessianVectorProduct, square),
            Of<double>("D.Locals", D.Locals, D.LocalsGradient, D.LocalsPullback, D.LocalsPushforward, D.LocalsHessian, D.LocalsHessianVectorProduct, plain),
            Of<float>("F.Locals", F.Locals, F.LocalsGradient, F.LocalsPullback, F.LocalsPushforward, F.LocalsHessian, F.LocalsHessianVectorProduct, plain),
            Of<double>("D.Arithmetic", D.Arithmetic, D.ArithmeticGradient, D.ArithmeticPullback, D.ArithmeticPushforward, D.ArithmeticHessian, D.ArithmeticHessianVectorProduct, plain),
            Of<float>("F.Arithmetic", F.Arithmetic, F.ArithmeticGradient, F.ArithmeticPullback, F.ArithmeticPushforward, F.ArithmeticHessian, F.ArithmeticHessianVectorProduct, plain),
            Of<double>("D.UnaryMinus", D.UnaryMinus, D.UnaryMinusGradient, D.UnaryMinusPullback, D.UnaryMinusPushforward, D.UnaryMinusHessian, D.UnaryMinusHessianVectorProduct, plain),
            Of<float>("F.UnaryMinus", F.UnaryMinus, F.UnaryMinusGradient, F.UnaryMinusPullback, F.UnaryMinusPushforward, F.UnaryMinusHessian, F.UnaryMinusHessianVectorProduct, plain),
            Of<double>("D.CompoundAssignment", D.CompoundAssignment, D.CompoundAssignmentGradient, D.CompoundAssignmentPullback, D.CompoundAssignmentPushforward, D.CompoundAssignmentHessian, D.CompoundAssignmentHessianVectorProduct, plain),
            Of<float>("F.CompoundAssignment", F.CompoundAssignment, F.CompoundAssignmentGradient, F.CompoundAssignmentPullback, F.CompoundAssignmentPushforward, F.CompoundAssignmentHessian, F.CompoundAssignmentHessianVectorProduct, plain),
            Of<double>("D.Constants", D.Constants, D.ConstantsGradient, D.ConstantsPullback, D.ConstantsPushforward, D.ConstantsHessian, D.ConstantsHessianVectorProduct, plain),
            Of<float>("F.Constants", F.Constants, F.ConstantsGradient, F.ConstantsPullback, F.ConstantsPushforward, F.ConstantsHessian, F.ConstantsHessianVectorProduct, plain),
            Of<double>("D.IntArithmetic", D.IntArithmetic, D.IntArithmeticGradient, D.IntArithmeticPullback, D.IntArithmeticPushforward, D.IntArithmeticHessian, D.IntArithmeticHessianVectorProduct, plain),
            Of<float>("F.IntArithmetic", F.IntArithmetic, F.IntArithmeticGradient, F.IntArithmeticPullback, F.IntArithmeticPushforward, F.IntArithmeticHessian, F.IntArithmeticHessianVectorProduct, plain),
            Of<double>("D.FloatToDouble", D.FloatToDouble, D.FloatToDoubleGradient, D.FloatToDoublePullback, D.FloatToDoublePushforward, D.FloatToDoubleHessian, D.FloatToDoubleHessianVectorProduct, plain),
            Of<float>("F.WidenAndNarrow", F.WidenAndNarrow, F.WidenAndNarrowGradient, F.WidenAndNarrowPullback, F.WidenAndNarrowPushforward, F.WidenAndNarrowHessian, F.WidenAndNarrowHessianVectorProduct, plain),
            Of<float>("F.MathFloatOverloads", F.MathFloatOverloads, F.MathFloatOverloadsGradient, F.MathFloatOverloadsPullback, F.MathFloatOverloadsPushforward, F.MathFloatOverloadsHessian, F.MathFloatOverloadsHessianVectorProduct, P(0.3, 0.7), P(1.2, 0.4), P(-2.0, 1.5), P(-2.0, -3.0)),
        })
        {
            yield return c;
        }

        // Both branches of ?: and of every if.
        var conditional = new[] { P(2.0, 1.0), P(0.5, 1.5), P(-1.0, -2.0) };
        var ifElse = new[] { P(-1.0, 0.5), P(3.0, 1.2), P(1.0, 0.5), P(1.0, 2.0) };
        var comparisons = new[] { P(2.0, 1.0), P(0.5, 1.5), P(1.5, 4.0), P(-0.5, -0.2), P(3.0, 2.0) };
        foreach (ScalarCase c in new[]
        {
            Of<double>("D.Conditional", D.Conditional, D.ConditionalGradient, D.ConditionalPullback, D.ConditionalPushforward, D.ConditionalHessian, D.ConditionalHessianVectorProduct, conditional),
            Of<float>("F.Conditional", F.Conditional, F.ConditionalGradient, F.ConditionalPullback, F.ConditionalPushforward, F.ConditionalHessian, F.ConditionalHessianVectorProduct, conditional),
            Of<double>("D.IfElse", D.IfElse, D.IfElseGradient, D.IfElsePullback, D.IfElsePushforward, D.IfElseHessian, D.IfElseHessianVectorProduct, ifElse),
            Of<float>("F.IfElse", F.IfElse, F.IfElseGradient, F.IfElsePullback, F.IfElsePushforward, F.IfElseHessian, F.IfElseHessianVectorProduct, ifElse),
            Of<double>("D.Comparisons", D.Comparisons, D.ComparisonsGradient, D.ComparisonsPullback, D.ComparisonsPushforward, D.ComparisonsHessian, D.ComparisonsHessianVectorProduct, comparisons),
            Of<float>("F.Comparisons", F.Comparisons, F.ComparisonsGradient, F.ComparisonsPullback, F.ComparisonsPushforward, F.ComparisonsHessian, F.ComparisonsHessianVectorProduct, comparisons),
        })
        {
            yield return c;
        }

        // Calls: same type, another type (with a [NoDerivative] argument), a tuple-returning callee.
        foreach (ScalarCase c in new[]
        {
            Of<double>("D.CallsSameType", D.CallsSameType, D.CallsSameTypeGradient, D.CallsSameTypePullback, D.CallsSameTypePushforward, D.CallsSameTypeHessian, D.CallsSameTypeHessianVectorProduct, plain),
            Of<float>("F.CallsSameType", F.CallsSameType, F.CallsSameTypeGradient, F.CallsSameTypePullback, F.CallsSameTypePushforward, F.CallsSameTypeHessian, F.CallsSameTypeHessianVectorProduct, plain),
            Of<double>("D.CallsOtherType", D.CallsOtherType, D.CallsOtherTypeGradient, D.CallsOtherTypePullback, D.CallsOtherTypePushforward, D.CallsOtherTypeHessian, D.CallsOtherTypeHessianVectorProduct, plain),
            Of<float>("F.CallsOtherType", F.CallsOtherType, F.CallsOtherTypeGradient, F.CallsOtherTypePullback, F.CallsOtherTypePushforward, F.CallsOtherTypeHessian, F.CallsOtherTypeHessianVectorProduct, plain),
            Of<double>("OtherFunctions.Rosenbrock", OtherFunctions.Rosenbrock, OtherFunctions.RosenbrockGradient, OtherFunctions.RosenbrockPullback, OtherFunctions.RosenbrockPushforward, OtherFunctions.RosenbrockHessian, OtherFunctions.RosenbrockHessianVectorProduct, P(-1.2, 1.0), P(1.0, 1.0), P(0.5, -0.3)),
            Of<float>("OtherFunctions.Rosenbrock(float)", OtherFunctions.Rosenbrock, OtherFunctions.RosenbrockGradient, OtherFunctions.RosenbrockPullback, OtherFunctions.RosenbrockPushforward, OtherFunctions.RosenbrockHessian, OtherFunctions.RosenbrockHessianVectorProduct, P(-1.2, 1.0), P(1.0, 1.0), P(0.5, -0.3)),
            Of<double>("Tuples.UsesTuple", Tuples.UsesTuple, Tuples.UsesTupleGradient, Tuples.UsesTuplePullback, Tuples.UsesTuplePushforward, Tuples.UsesTupleHessian, Tuples.UsesTupleHessianVectorProduct, P(1.5, 0.3), P(0.5, -2.0)),
        })
        {
            yield return c;
        }

        // Custom derivatives of a function whose body the generator does not read (no second order: the
        // registered pullback has no derivative of its own).
        var erf = new[] { P(0.3, 0.7), P(-1.2, 0.9), P(1.5, 1.2) };
        yield return Of<double>("CustomDerivatives.UsesErf", CustomDerivatives.UsesErf, CustomDerivatives.UsesErfGradient, CustomDerivatives.UsesErfPullback, CustomDerivatives.UsesErfPushforward, null, null, erf);
        yield return Of<float>("CustomDerivatives.UsesErf(float)", CustomDerivatives.UsesErf, CustomDerivatives.UsesErfGradient, CustomDerivatives.UsesErfPullback, CustomDerivatives.UsesErfPushforward, null, null, erf);

        // A registration for a method of another assembly (Math.Asinh), pullback only: forward mode uses it too.
        yield return Of<double>("CustomDerivatives.UsesAsinh", CustomDerivatives.UsesAsinh, CustomDerivatives.UsesAsinhGradient, CustomDerivatives.UsesAsinhPullback, CustomDerivatives.UsesAsinhPushforward, null, null, general);

        // A family of functions with [DifferentiateAs]: its members' derivatives (to second order) are those registered once
        // for the shared method, called with each member's rule.
        yield return Of<double>("UsesActivations.Mixed", UsesActivations.Mixed, UsesActivations.MixedGradient, UsesActivations.MixedPullback, UsesActivations.MixedPushforward, UsesActivations.MixedHessian, UsesActivations.MixedHessianVectorProduct, general);

        // The runtime's Sigmoid and Softplus: derivatives registered next to them in the runtime assembly, to
        // second order, so the Hessian and the Hessian-vector product are generated through them.
        var sigmoid = new[] { P(0.3, 0.7), P(-1.2, 0.4), P(2.0, -1.5), P(6.0, 3.0) };
        foreach (ScalarCase c in Both(
            Of<double>("CustomDerivatives.UsesRuntimeFunctions", CustomDerivatives.UsesRuntimeFunctions, CustomDerivatives.UsesRuntimeFunctionsGradient, CustomDerivatives.UsesRuntimeFunctionsPullback, CustomDerivatives.UsesRuntimeFunctionsPushforward, CustomDerivatives.UsesRuntimeFunctionsHessian, CustomDerivatives.UsesRuntimeFunctionsHessianVectorProduct, sigmoid),
            Of<float>("CustomDerivatives.UsesRuntimeFunctions(float)", CustomDerivatives.UsesRuntimeFunctions, CustomDerivatives.UsesRuntimeFunctionsGradient, CustomDerivatives.UsesRuntimeFunctionsPullback, CustomDerivatives.UsesRuntimeFunctionsPushforward, CustomDerivatives.UsesRuntimeFunctionsHessian, CustomDerivatives.UsesRuntimeFunctionsHessianVectorProduct, sigmoid)))
        {
            yield return c;
        }

        yield return Of<double>("Edges.LoopWithoutAdjointAfterOneWith", Edges.LoopWithoutAdjointAfterOneWith, Edges.LoopWithoutAdjointAfterOneWithGradient, Edges.LoopWithoutAdjointAfterOneWithPullback, Edges.LoopWithoutAdjointAfterOneWithPushforward, Edges.LoopWithoutAdjointAfterOneWithHessian, Edges.LoopWithoutAdjointAfterOneWithHessianVectorProduct, P(1.0), P(-0.5), P(6.0));

        // ref locals: aliases of a local, a parameter or an element (once lowered as copies).
        var refs = new[] { P(1.5, 0.5), P(-0.7, 1.2), P(0.3, -2.0) };
        yield return Of<double>("RefLocals.IntoLocalArray", RefLocals.IntoLocalArray, RefLocals.IntoLocalArrayGradient, RefLocals.IntoLocalArrayPullback, RefLocals.IntoLocalArrayPushforward, RefLocals.IntoLocalArrayHessian, RefLocals.IntoLocalArrayHessianVectorProduct, P(1.5), P(-0.4));
        foreach (ScalarCase c in new[]
        {
            Of<double>("RefLocals.IntoLocal", RefLocals.IntoLocal, RefLocals.IntoLocalGradient, RefLocals.IntoLocalPullback, RefLocals.IntoLocalPushforward, RefLocals.IntoLocalHessian, RefLocals.IntoLocalHessianVectorProduct, refs),
            Of<double>("RefLocals.Chained", RefLocals.Chained, RefLocals.ChainedGradient, RefLocals.ChainedPullback, RefLocals.ChainedPushforward, RefLocals.ChainedHessian, RefLocals.ChainedHessianVectorProduct, refs),
            Of<double>("RefLocals.IndexFixedWhereTaken", RefLocals.IndexFixedWhereTaken, RefLocals.IndexFixedWhereTakenGradient, RefLocals.IndexFixedWhereTakenPullback, RefLocals.IndexFixedWhereTakenPushforward, RefLocals.IndexFixedWhereTakenHessian, RefLocals.IndexFixedWhereTakenHessianVectorProduct, refs),
            Of<double>("RefLocals.InALoop", RefLocals.InALoop, RefLocals.InALoopGradient, RefLocals.InALoopPullback, RefLocals.InALoopPushforward, RefLocals.InALoopHessian, RefLocals.InALoopHessianVectorProduct, refs),
        })
        {
            yield return c;
        }

        // Values with a derivative for another method's [NoDerivative] parameters: its members with respect to every parameter.
        foreach (ScalarCase c in new[]
        {
            Of<double>("DataParameters.Outer", DataParameters.Outer, DataParameters.OuterGradient, DataParameters.OuterPullback, DataParameters.OuterPushforward, DataParameters.OuterHessian, DataParameters.OuterHessianVectorProduct, P(1.2), P(-0.7), P(2.5)),
            Of<double>("DataParameters.OnlyThroughData", DataParameters.OnlyThroughData, DataParameters.OnlyThroughDataGradient, DataParameters.OnlyThroughDataPullback, DataParameters.OnlyThroughDataPushforward, DataParameters.OnlyThroughDataHessian, DataParameters.OnlyThroughDataHessianVectorProduct, P(1.2), P(-0.7), P(2.5)),
            Of<double>("DataParameters.SameValueTwice", DataParameters.SameValueTwice, DataParameters.SameValueTwiceGradient, DataParameters.SameValueTwicePullback, DataParameters.SameValueTwicePushforward, DataParameters.SameValueTwiceHessian, DataParameters.SameValueTwiceHessianVectorProduct, P(1.2), P(-0.7), P(2.5)),
            Of<double>("DataParameters.ThroughTwoLevels", DataParameters.ThroughTwoLevels, DataParameters.ThroughTwoLevelsGradient, DataParameters.ThroughTwoLevelsPullback, DataParameters.ThroughTwoLevelsPushforward, DataParameters.ThroughTwoLevelsHessian, DataParameters.ThroughTwoLevelsHessianVectorProduct, refs),
        })
        {
            yield return c;
        }

        // Containing types: nested in classes, a struct and a record, deep block-scoped namespaces, the global namespace.
        foreach (ScalarCase c in new[]
        {
            Of<double>("Outer.Inner.Product", Outer.Inner.Product, Outer.Inner.ProductGradient, Outer.Inner.ProductPullback, Outer.Inner.ProductPushforward, Outer.Inner.ProductHessian, Outer.Inner.ProductHessianVectorProduct, plain),
            Of<double>("Outer.InStruct.Cube", Outer.InStruct.Cube, Outer.InStruct.CubeGradient, Outer.InStruct.CubePullback, Outer.InStruct.CubePushforward, Outer.InStruct.CubeHessian, Outer.InStruct.CubeHessianVectorProduct, square),
            Of<double>("Outer.InRecord.Quartic", Outer.InRecord.Quartic, Outer.InRecord.QuarticGradient, Outer.InRecord.QuarticPullback, Outer.InRecord.QuarticPushforward, Outer.InRecord.QuarticHessian, Outer.InRecord.QuarticHessianVectorProduct, square),
            Of<double>("Accessibility.InternalSquare", Accessibility.InternalSquare, Accessibility.InternalSquareGradient, Accessibility.InternalSquarePullback, Accessibility.InternalSquarePushforward, Accessibility.InternalSquareHessian, Accessibility.InternalSquareHessianVectorProduct, square),
            Of<double>("GlobalNamespaceFunctions.Softplus", GlobalNamespaceFunctions.Softplus, GlobalNamespaceFunctions.SoftplusGradient, GlobalNamespaceFunctions.SoftplusPullback, GlobalNamespaceFunctions.SoftplusPushforward, GlobalNamespaceFunctions.SoftplusHessian, GlobalNamespaceFunctions.SoftplusHessianVectorProduct, P(-3.0), P(0.0), P(2.5)),
        })
        {
            yield return c;
        }
    }

    private static readonly CaseTable Table = new(Build);

    public static IReadOnlyDictionary<string, ScalarCase> All => Table.All;

    public static ScalarCase Get(string name) => Table.Get(name);

    public static TheoryData<string> Names => Table.Names;

    public static TheoryData<string> SecondOrderNames => Table.SecondOrderNames;
}
