using System;
using System.Collections.Generic;

namespace AutoDiffGen.Samples.NewtonOptimization;

/// <summary>
/// One iteration: the point, value and gradient norm at its start, the step length the line search accepted, and the damping
/// added to the Hessian's diagonal (0 for gradient descent, and for Newton wherever the Hessian is positive definite).
/// </summary>
public readonly record struct Iteration(double[] Point, double Value, double GradientNorm, double StepLength, double Damping);

/// <summary>
/// Where a minimisation stopped. <see cref="Converged"/>: the gradient norm fell below the tolerance. The counts say
/// how often each generated member ran.
/// </summary>
public sealed record Minimization(
    string Method, double[] Point, double Value, double GradientNorm, bool Converged,
    IReadOnlyList<Iteration> Iterations, int ValueCalls, int GradientCalls, int HessianCalls);

/// <summary>Newton's method and gradient descent, each with a backtracking (Armijo) line search.</summary>
public static class Optimizers
{
    /// <summary>The share of the predicted decrease a step must achieve (Armijo's constant).</summary>
    private const double SufficientDecrease = 1e-4;

    /// <summary>
    /// Newton's method: each iteration solves <c>(H + λI)·p = −∇f</c> with the generated Hessian (λ = 0 where H is
    /// positive definite, else the smallest power of ten that makes it so) and backtracks from the full step.
    /// </summary>
    public static Minimization Newton(Objective f, ReadOnlySpan<double> start, double tolerance = 1e-10, int maxIterations = 200)
    {
        int n = f.Dimension;
        var x = start.ToArray();
        var gradient = new double[n];
        var hessian = new double[n * n];
        var factor = new double[n * n];
        var direction = new double[n];
        var trial = new double[n];
        var iterations = new List<Iteration>();
        int values = 0, hessians = 0;
        while (true)
        {
            double value = f.Hessian(x, gradient, hessian);
            hessians++;
            double norm = Norm(gradient);
            if (norm < tolerance || iterations.Count == maxIterations)
            {
                return new Minimization("Newton", x, value, norm, norm < tolerance, iterations, values, 0, hessians);
            }

            double damping = 0;
            while (!Cholesky.TryFactor(hessian, damping, factor, n)) damping = damping == 0 ? 1e-3 : 10 * damping;
            Cholesky.Solve(factor, n, gradient, direction);
            for (int i = 0; i < n; i++) direction[i] = -direction[i];

            double step = Backtrack(f, x, value, gradient, direction, trial, ref values);
            iterations.Add(new Iteration((double[])x.Clone(), value, norm, step, damping));
            trial.CopyTo(x, 0);
        }
    }

    /// <summary>
    /// Steepest descent on the generated gradient: each iteration tries twice the last accepted step length along
    /// <c>−∇f</c> and halves it until the decrease is sufficient.
    /// </summary>
    public static Minimization GradientDescent(Objective f, ReadOnlySpan<double> start, double tolerance = 1e-10, int maxIterations = 1_000_000)
    {
        int n = f.Dimension;
        var x = start.ToArray();
        var gradient = new double[n];
        var direction = new double[n];
        var trial = new double[n];
        var iterations = new List<Iteration>();
        int values = 0, gradients = 0;
        double step = 1;
        while (true)
        {
            double value = f.Gradient(x, gradient);
            gradients++;
            double norm = Norm(gradient);
            if (norm < tolerance || iterations.Count == maxIterations)
            {
                return new Minimization("gradient descent", x, value, norm, norm < tolerance, iterations, values, gradients, 0);
            }

            for (int i = 0; i < n; i++) direction[i] = -gradient[i];
            step = Backtrack(f, x, value, gradient, direction, trial, ref values, initialStep: Math.Min(1, 2 * step));
            iterations.Add(new Iteration((double[])x.Clone(), value, norm, step, 0));
            trial.CopyTo(x, 0);
        }
    }

    /// <summary>
    /// Halves the step length from <paramref name="initialStep"/> until <c>f(x + t·p) ≤ f(x) + c·t·∇f·p</c>; leaves
    /// <c>x + t·p</c> in <paramref name="trial"/> and returns t. The test allows for the rounding of f itself: near a
    /// minimum whose value is not 0 the decrease a step predicts falls below it, and no step could ever pass.
    /// </summary>
    private static double Backtrack(
        Objective f, double[] x, double value, double[] gradient, double[] direction, double[] trial, ref int values, double initialStep = 1)
    {
        double slope = 0;
        for (int i = 0; i < x.Length; i++) slope += gradient[i] * direction[i];
        double step = initialStep;
        double rounding = 4e-16 * Math.Abs(value);
        while (true)
        {
            for (int i = 0; i < x.Length; i++) trial[i] = x[i] + step * direction[i];
            values++;
            if (f.Value(trial) <= value + SufficientDecrease * step * slope + rounding || step < 1e-20) return step;
            step /= 2;
        }
    }

    private static double Norm(ReadOnlySpan<double> v)
    {
        double sum = 0;
        foreach (double e in v) sum += e * e;
        return Math.Sqrt(sum);
    }
}

/// <summary>The Cholesky factorisation <c>A + λI = L·Lᵀ</c> of a symmetric matrix (row-major, n × n), and solves with it.</summary>
public static class Cholesky
{
    /// <summary>Writes L into the lower triangle of <paramref name="factor"/>; false if <c>A + λI</c> is not positive definite.</summary>
    public static bool TryFactor(ReadOnlySpan<double> a, double shift, Span<double> factor, int n)
    {
        for (int j = 0; j < n; j++)
        {
            double diagonal = a[j * n + j] + shift;
            for (int k = 0; k < j; k++) diagonal -= factor[j * n + k] * factor[j * n + k];
            if (!(diagonal > 0)) return false;
            double pivot = Math.Sqrt(diagonal);
            factor[j * n + j] = pivot;
            for (int i = j + 1; i < n; i++)
            {
                double sum = a[i * n + j];
                for (int k = 0; k < j; k++) sum -= factor[i * n + k] * factor[j * n + k];
                factor[i * n + j] = sum / pivot;
            }
        }

        return true;
    }

    /// <summary>Solves <c>L·Lᵀ·x = b</c> by forward and back substitution.</summary>
    public static void Solve(ReadOnlySpan<double> factor, int n, ReadOnlySpan<double> b, Span<double> x)
    {
        for (int i = 0; i < n; i++)
        {
            double sum = b[i];
            for (int k = 0; k < i; k++) sum -= factor[i * n + k] * x[k];
            x[i] = sum / factor[i * n + i];
        }

        for (int i = n - 1; i >= 0; i--)
        {
            double sum = x[i];
            for (int k = i + 1; k < n; k++) sum -= factor[k * n + i] * x[k];
            x[i] = sum / factor[i * n + i];
        }
    }
}
