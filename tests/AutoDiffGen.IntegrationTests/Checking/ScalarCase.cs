using System;
using System.Globalization;
using System.Linq;
using System.Numerics;

namespace AutoDiffGen.IntegrationTests.Checking;

/// <summary>The scalar type a function is written in; it decides finite-difference steps and tolerances.</summary>
public enum Precision
{
    Double,
    Single,
}

/// <summary>
/// A [Differentiable] function R^n -> R with its generated members, seen through <c>double[]</c> so that one
/// checker serves every arity and both precisions. Arguments of a float function are rounded to float on the
/// way in; results are widened exactly on the way out.
/// </summary>
public sealed record ScalarCase
{
    public required string Name { get; init; }
    public required Precision Precision { get; init; }
    public required int Arity { get; init; }

    /// <summary>The primal function.</summary>
    public required Func<double[], double> Value { get; init; }

    /// <summary>(x, gradient) -> value: the generated Gradient, writing the gradient into the array.</summary>
    public required Func<double[], double[], double> Gradient { get; init; }

    /// <summary>(x, seed, adjoints): the generated Pullback, which adds seed·∇f into the adjoints.</summary>
    public required Action<double[], double, double[]> Pullback { get; init; }

    /// <summary>(x, tangent in) -> (value, tangent out): the generated Pushforward.</summary>
    public required Func<double[], double[], (double Value, double Tangent)> Pushforward { get; init; }

    /// <summary>(x, gradient, hessian) -> value: the generated Hessian, or null where none is generated.</summary>
    public Func<double[], double[], double[], double>? Hessian { get; init; }

    /// <summary>(x, v, H·v) -> value: the generated Hessian-vector product, or null where none is generated.</summary>
    public Func<double[], double[], double[], double>? HessianVectorProduct { get; init; }

    /// <summary>Points to check at (already representable in <see cref="Precision"/>).</summary>
    public required double[][] Points { get; init; }

    /// <summary>Finite-difference step relative to |x_i|.</summary>
    public double RelativeStep { get; init; } = double.NaN;

    /// <summary>The step is <see cref="RelativeStep"/>·max(|x_i|, MinStepScale): lower it for points near 0 such as log(1e-3).</summary>
    public double MinStepScale { get; init; } = double.NaN;

    /// <summary>Relative tolerance of first derivatives against finite differences.</summary>
    public double GradientTolerance { get; init; } = double.NaN;

    /// <summary>Relative tolerance of second derivatives against finite differences of the gradient.</summary>
    public double HessianTolerance { get; init; } = double.NaN;

    /// <summary>
    /// Relative tolerance of Pullback(seed s) into non-zero adjoints against adjoint + s·Gradient. The seed
    /// multiplies each partial before they are summed, so in float a gradient component that is a small sum of
    /// large terms (the extended Rosenbrock function) differs by rounding relative to the terms, not to the sum.
    /// </summary>
    public double AccumulationTolerance { get; init; } = double.NaN;

    /// <summary>The unit roundoff's double: 2^-52 for double, 2^-23 for float.</summary>
    public double Epsilon => Precision == Precision.Double ? 2.220446049250313e-16 : 1.1920928955078125e-7;

    public double EffectiveRelativeStep => double.IsNaN(RelativeStep) ? (Precision == Precision.Double ? 1e-4 : 2e-3) : RelativeStep;

    public double EffectiveMinStepScale => double.IsNaN(MinStepScale) ? (Precision == Precision.Double ? 1e-2 : 0.25) : MinStepScale;

    public double EffectiveGradientTolerance => double.IsNaN(GradientTolerance) ? (Precision == Precision.Double ? 1e-7 : 2e-3) : GradientTolerance;

    public double EffectiveAccumulationTolerance => double.IsNaN(AccumulationTolerance) ? (Precision == Precision.Double ? 1e-13 : 4e-6) : AccumulationTolerance;

    public double EffectiveHessianTolerance => double.IsNaN(HessianTolerance) ? (Precision == Precision.Double ? 1e-6 : 5e-3) : HessianTolerance;

    /// <summary>Rounds a coordinate to the function's precision (a no-op for double).</summary>
    public double Round(double value) => Precision == Precision.Double ? value : (float)value;

    public override string ToString() => Name;

    public static string Format(double[] x) =>
        "(" + string.Join(", ", x.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + ")";

    internal static Precision PrecisionOf<T>() =>
        typeof(T) == typeof(double) ? Precision.Double
        : typeof(T) == typeof(float) ? Precision.Single
        : throw new NotSupportedException(typeof(T).Name);

    internal static double[][] RoundPoints<T>(double[][] points)
        where T : IFloatingPointIeee754<T>
        => points.Select(p => p.Select(v => double.CreateTruncating(T.CreateTruncating(v))).ToArray()).ToArray();
}
