using System;

namespace AutoDiffGen.Samples.NewtonOptimization;

/// <summary>The function's value at <paramref name="x"/>.</summary>
public delegate double ValueFunction(ReadOnlySpan<double> x);

/// <summary>The value at <paramref name="x"/>; writes the gradient.</summary>
public delegate double GradientFunction(ReadOnlySpan<double> x, Span<double> gradient);

/// <summary>The value at <paramref name="x"/>; writes the gradient and the Hessian (row-major).</summary>
public delegate double HessianFunction(ReadOnlySpan<double> x, Span<double> gradient, Span<double> hessian);

/// <summary>A function of <see cref="Dimension"/> variables with its generated first and second derivatives.</summary>
public sealed record Objective(string Name, int Dimension, ValueFunction Value, GradientFunction Gradient, HessianFunction Hessian)
{
    /// <summary>Rosenbrock in the plane: <c>PlaneGradient(x, y, out dx, out dy)</c> and <c>PlaneHessian(x, y, gradient, hessian)</c>.</summary>
    public static Objective Plane { get; } = new("Rosenbrock, 2 variables", 2,
        x => Rosenbrock.Plane(x[0], x[1]),
        (x, gradient) => Rosenbrock.PlaneGradient(x[0], x[1], out gradient[0], out gradient[1]),
        (x, gradient, hessian) => Rosenbrock.PlaneHessian(x[0], x[1], gradient, hessian));

    /// <summary>Extended Rosenbrock over a span: <c>ExtendedGradient(x, dx)</c> and <c>ExtendedHessian(x, gradient, hessian)</c>.</summary>
    public static Objective Extended(int dimension) => new($"extended Rosenbrock, {dimension} variables", dimension,
        Rosenbrock.Extended, Rosenbrock.ExtendedGradient, Rosenbrock.ExtendedHessian);
}
