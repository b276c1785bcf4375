using System;
using System.Collections.Generic;
using System.Numerics;

namespace AutoDiffGen.Samples.NewtonOptimization;

/// <summary>One Newton iterate at some precision: the point and the gradient's norm there, widened to double.</summary>
public readonly record struct Iterate(double X, double Y, double GradientNorm);

/// <summary>
/// Newton's method on <see cref="Rosenbrock.PlaneOf{T}"/>, one generic method whose generated gradient and Hessian are
/// generic too: the same code runs at double and at float, and shows how far each precision takes it.
/// </summary>
public static class Precisions
{
    /// <summary>Full Newton steps from (x, y) in <typeparamref name="T"/>, until a step no longer moves the point (or |∇f| is 0).</summary>
    public static List<Iterate> Newton<T>(T x, T y, int maxIterations) where T : IFloatingPointIeee754<T>
    {
        Span<T> gradient = new T[2];
        Span<T> hessian = new T[4];
        var iterates = new List<Iterate>();
        for (int k = 0; k <= maxIterations; k++)
        {
            Rosenbrock.PlaneOfHessian(x, y, gradient, hessian);
            double norm = double.CreateChecked(T.Sqrt(gradient[0] * gradient[0] + gradient[1] * gradient[1]));
            iterates.Add(new Iterate(double.CreateChecked(x), double.CreateChecked(y), norm));
            if (norm == 0) break;
            // Solve H·d = ∇f (2×2, by Cramer's rule) and step to x - d.
            T det = hessian[0] * hessian[3] - hessian[1] * hessian[2];
            T nextX = x - (hessian[3] * gradient[0] - hessian[1] * gradient[1]) / det;
            T nextY = y - (hessian[0] * gradient[1] - hessian[2] * gradient[0]) / det;
            if (nextX == x && nextY == y) break;
            (x, y) = (nextX, nextY);
        }
        return iterates;
    }
}
