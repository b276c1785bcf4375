using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Numerics;

namespace AutoDiffGen.Samples.Springs;

internal static class Program
{
    private static void Main()
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var cloth = Cloth.Square();
        Console.WriteLine($"A cloth of {cloth.Columns} × {cloth.Rows} particles ({cloth.Masses[0] * 1000:0} g each) and {cloth.SpringCount} springs " +
            $"({cloth.Stiffness:0} N/m), hung by its top corners under gravity ({cloth.Gravity} m/s²)");
        Console.WriteLine("L-BFGS on ClothEnergy.EnergyGradient (generated): the forces are −∇E");
        Console.WriteLine();

        var relaxation = Relaxer.Run(cloth);
        Console.WriteLine("iteration        energy (J)   max |force| (N)      step");
        foreach (var step in relaxation.History)
        {
            if (step.Iteration % 10 == 0 || step.Iteration == relaxation.History.Length - 1)
            {
                Console.WriteLine($"{step.Iteration,9}{step.Energy,18:F10}{step.MaxForce,18:0.00e+00}{step.StepLength,10:0.####}");
            }
        }

        Console.WriteLine();
        Console.WriteLine($"{(relaxation.Converged ? "Converged" : "Stopped")} after {relaxation.History.Length - 1} iterations: " +
            $"{relaxation.GradientEvaluations} gradients, {relaxation.EnergyEvaluations} energies in the line search");
        var positions = relaxation.Positions;
        int bottomMiddle = cloth.Index(cloth.Columns / 2, cloth.Rows - 1);
        Console.WriteLine($"The middle of the bottom edge sank {cloth.Rest[bottomMiddle].Y - positions[bottomMiddle].Y:F4} m; " +
            $"the top edge's middle {cloth.Rest[cloth.Index(cloth.Columns / 2, 0)].Y - positions[cloth.Index(cloth.Columns / 2, 0)].Y:F4} m");
        Console.WriteLine();

        var (energy, gradient) = Timing.EnergyAndGradient(cloth, positions);
        Console.WriteLine("One call, timed with a Stopwatch loop (BenchmarkDotNet: SpringsBenchmarks):");
        Console.WriteLine($"  Energy          {energy * 1e6,8:F2} µs");
        Console.WriteLine($"  EnergyGradient  {gradient * 1e6,8:F2} µs   ({gradient / energy:F2}× the energy)");
        Console.WriteLine();

        string picture = Plots.Write(cloth, positions, Path.Combine(Environment.CurrentDirectory, "output"));
        Console.WriteLine($"Wrote {Path.GetRelativePath(Environment.CurrentDirectory, picture)}");
    }
}

/// <summary>Seconds per call of the energy and of its generated gradient, each the best of a few timed loops.</summary>
public static class Timing
{
    public static (double Energy, double Gradient) EnergyAndGradient(Cloth cloth, Vector3[] positions)
    {
        var forces = new Vector3[positions.Length];
        return (Best(() => cloth.Energy(positions)), Best(() => cloth.Forces(positions, forces)));
    }

    /// <summary>The fastest of <paramref name="rounds"/> loops, per call; the later rounds run the optimized (tier 1) code.</summary>
    private static double Best(Func<double> call, int repeats = 1_000, int rounds = 20)
    {
        double best = double.MaxValue, sink = 0;
        for (int round = 0; round < rounds; round++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < repeats; i++) sink += call();
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds / repeats);
        }

        GC.KeepAlive(sink);
        return best;
    }
}
