using System;
using System.Globalization;
using System.Linq;

namespace AutoDiffGen.Samples.NewtonOptimization;

internal static class Program
{
    private static void Main()
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        const double tolerance = 1e-10;

        double[] start = [-1.2, 1];
        Console.WriteLine($"f(x, y) = (1 - x)² + 100·(y - x²)² from (-1.2, 1), until |∇f| < {tolerance:0e+0}");
        Console.WriteLine();
        var newton = Optimizers.Newton(Objective.Plane, start, tolerance);
        var descent = Optimizers.GradientDescent(Objective.Plane, start, tolerance);
        PrintNewtonIterations(newton);
        Console.WriteLine();
        PrintComparison(newton, descent);
        Console.WriteLine();

        const int n = 10;
        var chainedStart = Enumerable.Repeat(-1.2, n).ToArray();
        Console.WriteLine($"Extended Rosenbrock, {n} variables, Σ (1 - xᵢ)² + 100·(xᵢ₊₁ - xᵢ²)², from (-1.2, …, -1.2)");
        Console.WriteLine();
        PrintComparison(
            Optimizers.Newton(Objective.Extended(n), chainedStart, tolerance),
            Optimizers.GradientDescent(Objective.Extended(n), chainedStart, tolerance));
        Console.WriteLine();

        var alternating = Enumerable.Range(0, n).Select(i => i % 2 == 0 ? -1.2 : 1).ToArray();
        var elsewhere = Optimizers.Newton(Objective.Extended(n), alternating, tolerance);
        Console.WriteLine($"From (-1.2, 1, -1.2, 1, …) Newton stops after {elsewhere.Iterations.Count} iterations at another minimum, f = {elsewhere.Value:F6}:");
        Console.WriteLine($"  ({string.Join(", ", elsewhere.Point.Select(v => v.ToString("F4")))})");
        var hessian = new double[n * n];
        Objective.Extended(n).Hessian(elsewhere.Point, new double[n], hessian);
        bool positiveDefinite = Cholesky.TryFactor(hessian, 0, new double[n * n], n);
        Console.WriteLine($"  |∇f| = {elsewhere.GradientNorm:0.0e+00} and the Hessian is "
            + (positiveDefinite ? "positive definite there: a local minimum, which is all Newton's method looks for." : "not positive definite there."));
        Console.WriteLine();
        PrintPrecisions();
    }

    /// <summary>The same generic Rosenbrock, Newton's method at double and at float.</summary>
    private static void PrintPrecisions()
    {
        Console.WriteLine("The same Rosenbrock written once, PlaneOf<T> where T : IFloatingPointIeee754<T>: Newton on its generated");
        Console.WriteLine("PlaneOfHessian<T> from (-1.2, 1), at double and at float, until a step no longer moves the point:");
        Console.WriteLine("precision   iterations                x                y     |∇f|");
        foreach (var (name, iterates) in new[] { ("double", Precisions.Newton(-1.2, 1.0, 50)), ("float", Precisions.Newton(-1.2f, 1f, 50)) })
        {
            var last = iterates[^1];
            Console.WriteLine($"{name,-9}{iterates.Count - 1,13}{last.X,17:F12}{last.Y,17:F12}{last.GradientNorm,9:0.0e+00}");
        }
    }

    private static void PrintNewtonIterations(Minimization newton)
    {
        Console.WriteLine("Newton's method on the generated PlaneHessian:");
        Console.WriteLine("iteration                x                y        f(x, y)     |∇f|    step   damping");
        for (int k = 0; k <= newton.Iterations.Count; k++)
        {
            // The last line is where Newton stopped.
            bool last = k == newton.Iterations.Count;
            var (point, value, norm) = last
                ? (newton.Point, newton.Value, newton.GradientNorm)
                : (newton.Iterations[k].Point, newton.Iterations[k].Value, newton.Iterations[k].GradientNorm);
            string step = last ? "" : $"{newton.Iterations[k].StepLength,8:0.####}{newton.Iterations[k].Damping,10:0.###}";
            Console.WriteLine($"{k,9}{point[0],17:F12}{point[1],17:F12}{value,15:0.00e+00}{norm,9:0.0e+00}{step}");
        }
    }

    private static void PrintComparison(Minimization newton, Minimization descent)
    {
        Console.WriteLine($"{"",-26}{"Newton (Hessian)",30}{"gradient descent (gradient)",30}");
        Console.WriteLine($"{"iterations",-26}{newton.Iterations.Count,30:N0}{descent.Iterations.Count,30:N0}");
        Console.WriteLine($"{"generated Hessian calls",-26}{newton.HessianCalls,30:N0}{descent.HessianCalls,30:N0}");
        Console.WriteLine($"{"generated gradient calls",-26}{newton.GradientCalls,30:N0}{descent.GradientCalls,30:N0}");
        Console.WriteLine($"{"function values (search)",-26}{newton.ValueCalls,30:N0}{descent.ValueCalls,30:N0}");
        Console.WriteLine($"{"f at the end",-26}{newton.Value,30:0.0e+00}{descent.Value,30:0.0e+00}");
        Console.WriteLine($"{"|∇f| at the end",-26}{newton.GradientNorm,30:0.0e+00}{descent.GradientNorm,30:0.0e+00}");
        if (newton.Point.Length == 2)
        {
            Console.WriteLine($"{"final point",-26}{Point(newton.Point),30}{Point(descent.Point),30}");
        }
        else
        {
            Console.WriteLine($"{"max |xᵢ - 1| at the end",-26}{newton.Point.Max(v => Math.Abs(v - 1)),30:0.0e+00}{descent.Point.Max(v => Math.Abs(v - 1)),30:0.0e+00}");
        }
    }

    private static string Point(double[] p) => $"({string.Join(", ", p.Select(v => v.ToString("F10")))})";
}
