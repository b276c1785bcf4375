using System;
using System.Linq;
using AutoDiffGen.Samples.NewtonOptimization;
using Xunit;

namespace AutoDiffGen.IntegrationTests;

/// <summary>The optimisation sample: Newton on the generated Hessian against gradient descent on the generated gradient.</summary>
public class NewtonOptimizationSampleTests
{
    [Fact]
    public void Newton_reaches_the_minimum_of_Rosenbrock_in_the_plane_in_far_fewer_iterations_than_gradient_descent()
    {
        double[] start = [-1.2, 1];
        var newton = Optimizers.Newton(Objective.Plane, start, tolerance: 1e-10);
        var descent = Optimizers.GradientDescent(Objective.Plane, start, tolerance: 1e-10);
        AssertAtTheMinimum(newton, 1e-9);
        AssertAtTheMinimum(descent, 1e-8);
        Assert.InRange(newton.Iterations.Count, 5, 50);
        Assert.True(100 * newton.Iterations.Count < descent.Iterations.Count, $"Newton {newton.Iterations.Count}, descent {descent.Iterations.Count}");
    }

    [Theory]
    [InlineData(3)]
    [InlineData(10)]
    public void Newton_reaches_the_minimum_of_extended_Rosenbrock_in_far_fewer_iterations_than_gradient_descent(int n)
    {
        var start = Enumerable.Repeat(-1.2, n).ToArray();
        var newton = Optimizers.Newton(Objective.Extended(n), start, tolerance: 1e-10);
        var descent = Optimizers.GradientDescent(Objective.Extended(n), start, tolerance: 1e-10);
        AssertAtTheMinimum(newton, 1e-9);
        AssertAtTheMinimum(descent, 1e-8);
        Assert.True(100 * newton.Iterations.Count < descent.Iterations.Count, $"Newton {newton.Iterations.Count}, descent {descent.Iterations.Count}");
    }

    [Fact]
    public void The_generic_Rosenbrock_at_double_is_the_double_one_and_Newton_reaches_the_minimum_at_both_precisions()
    {
        // At double, the generic method's generated gradient and Hessian are the non-generic method's, bit for bit.
        Span<double> g = stackalloc double[2], h = stackalloc double[4], gPlane = stackalloc double[2], hPlane = stackalloc double[4];
        Assert.Equal(Rosenbrock.PlaneHessian(0.3, -1.1, gPlane, hPlane), Rosenbrock.PlaneOfHessian(0.3, -1.1, g, h));
        Assert.Equal(gPlane.ToArray(), g.ToArray());
        Assert.Equal(hPlane.ToArray(), h.ToArray());
        // At float, the same members in float: ∂f/∂x = -2(1 - x) - 400x(y - x²).
        Rosenbrock.PlaneOfGradient(0.5f, 2f, out float dx, out float dy);
        Assert.Equal(-2 * 0.5 - 400 * 0.5 * 1.75, dx, 4);
        Assert.Equal(200 * 1.75, dy, 4);

        var inDouble = Precisions.Newton(-1.2, 1.0, 50);
        var inFloat = Precisions.Newton(-1.2f, 1f, 50);
        Assert.InRange(inDouble.Count - 1, 4, 12);
        Assert.InRange(inFloat.Count - 1, 4, 12);
        Assert.True(inDouble[^1].GradientNorm < 1e-9, $"double: |∇f| = {inDouble[^1].GradientNorm}");
        Assert.Equal(1, inDouble[^1].X, 10);
        Assert.Equal(1, inDouble[^1].Y, 10);
        Assert.True(inFloat[^1].GradientNorm < 1e-3, $"float: |∇f| = {inFloat[^1].GradientNorm}");
        Assert.Equal(1, inFloat[^1].X, 5);
        Assert.Equal(1, inFloat[^1].Y, 5);
        // The float run computes in float: its first step is the double one rounded along the way, not the same numbers.
        Assert.NotEqual(inDouble[1].X, inFloat[1].X);
        Assert.Equal(inDouble[1].X, inFloat[1].X, 5);
    }

    [Fact]
    public void Newton_converges_quadratically_at_the_end()
    {
        var newton = Optimizers.Newton(Objective.Plane, [-1.2, 1], tolerance: 1e-10);
        // Two full steps take |∇f| down by more than five orders of magnitude (gradient descent: a few parts in ten thousand).
        var norms = newton.Iterations.Select(i => i.GradientNorm).Append(newton.GradientNorm).ToArray();
        int last = Array.FindLastIndex(norms, g => g > 0);
        Assert.True(norms[last] < 1e-5 * norms[last - 2], string.Join(", ", norms));
        Assert.All(newton.Iterations.TakeLast(4), i => Assert.Equal(1, i.StepLength));
    }

    [Fact]
    public void The_generated_Hessian_of_extended_Rosenbrock_matches_the_closed_form()
    {
        double[] x = [0.3, -1.1, 0.7, 2.0];
        int n = x.Length;
        var gradient = new double[n];
        var hessian = new double[n * n];
        double value = Rosenbrock.ExtendedHessian(x, gradient, hessian);
        Assert.Equal(Rosenbrock.Extended(x), value, 12);

        // ∂²/∂xᵢ²: 2 + 1200xᵢ² − 400xᵢ₊₁ (i < n−1), plus 200 (i > 0); ∂²/∂xᵢ∂xᵢ₊₁ = −400xᵢ.
        var expected = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            if (i < n - 1)
            {
                expected[i * n + i] += 2 + 1200 * x[i] * x[i] - 400 * x[i + 1];
                expected[i * n + i + 1] = expected[(i + 1) * n + i] = -400 * x[i];
            }

            if (i > 0) expected[i * n + i] += 200;
        }

        for (int k = 0; k < n * n; k++) Assert.Equal(expected[k], hessian[k], 10);
    }

    [Fact]
    public void Cholesky_solves_a_symmetric_positive_definite_system_and_rejects_an_indefinite_one()
    {
        double[] a = [4, 2, 0, 2, 5, 1, 0, 1, 3];
        var factor = new double[9];
        Assert.True(Cholesky.TryFactor(a, 0, factor, 3));
        var x = new double[3];
        Cholesky.Solve(factor, 3, [2, 7, 7], x);
        Assert.Equal([0, 1, 2], x.Select(v => Math.Round(v, 12)).ToArray());
        Assert.False(Cholesky.TryFactor([1, 2, 2, 1], 0, new double[4], 2));
        Assert.True(Cholesky.TryFactor([1, 2, 2, 1], 1.5, new double[4], 2));
    }

    private static void AssertAtTheMinimum(Minimization m, double distance)
    {
        Assert.True(m.Converged, $"{m.Method}: |∇f| = {m.GradientNorm} after {m.Iterations.Count} iterations");
        Assert.True(m.GradientNorm < 1e-10);
        Assert.All(m.Point, v => Assert.True(Math.Abs(v - 1) < distance, $"{m.Method} ended at ({string.Join(", ", m.Point)})"));
    }
}
