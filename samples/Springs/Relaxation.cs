using System;
using System.Collections.Generic;
using System.Numerics;
using System.Numerics.Tensors;

namespace AutoDiffGen.Samples.Springs;

/// <summary>The state after one iteration: the energy, the largest force on a free particle, the step taken along the direction.</summary>
public readonly record struct RelaxationStep(int Iteration, double Energy, float MaxForce, double StepLength);

/// <summary>
/// The relaxed positions and the history from the start (iteration 0). <see cref="Converged"/> says the largest force on a
/// free particle fell below the tolerance.
/// </summary>
public sealed record Relaxation(Vector3[] Positions, RelaxationStep[] History, int EnergyEvaluations, int GradientEvaluations, bool Converged);

/// <summary>
/// Relaxes a <see cref="Cloth"/> to equilibrium by L-BFGS (Nocedal and Wright, algorithm 7.4) on the generated gradient,
/// with a backtracking line search that accepts a step only when the energy falls enough (Armijo), so the energy decreases
/// at every iteration. Pinned particles have no gradient, so no direction moves them.
/// </summary>
public static class Relaxer
{
    private const double Armijo = 1e-4;

    public static Relaxation Run(Cloth cloth, float forceTolerance = 1e-4f, int maxIterations = 5_000, int memory = 8)
    {
        int n = cloth.Rest.Length;
        var x = (Vector3[])cloth.Rest.Clone();
        var trial = new Vector3[n];
        var forces = new Vector3[n];
        double[] g = new double[3 * n], gNew = new double[3 * n], d = new double[3 * n], alpha = new double[memory], rho = new double[memory];
        double[][] s = new double[memory][], y = new double[memory][];
        for (int k = 0; k < memory; k++) (s[k], y[k]) = (new double[3 * n], new double[3 * n]);

        int energyEvaluations = 0, gradientEvaluations = 1, stored = 0, newest = -1;
        double energy = cloth.Forces(x, forces);
        Gradient(cloth, forces, g);
        var history = new List<RelaxationStep> { new(0, energy, cloth.MaxFreeForce(forces), 0) };
        for (int iteration = 1; iteration <= maxIterations && history[^1].MaxForce >= forceTolerance; iteration++)
        {
            // Two-loop recursion: d = −H·g, H the inverse-Hessian estimate from the last `stored` steps, scaled by sᵀy/yᵀy.
            for (int j = 0; j < d.Length; j++) d[j] = -g[j];
            for (int k = 0; k < stored; k++)
            {
                int slot = (newest - k + memory) % memory;
                alpha[slot] = rho[slot] * Dot(s[slot], d);
                Axpy(-alpha[slot], y[slot], d);
            }

            double scale = stored > 0 ? Dot(s[newest], y[newest]) / Dot(y[newest], y[newest]) : 1 / cloth.Stiffness;
            for (int j = 0; j < d.Length; j++) d[j] *= scale;
            for (int k = stored - 1; k >= 0; k--)
            {
                int slot = (newest - k + memory) % memory;
                Axpy(alpha[slot] - rho[slot] * Dot(y[slot], d), s[slot], d);
            }

            double slope = Dot(g, d);
            if (slope >= 0)
            {
                // Not a descent direction (curvature information gone stale): start again from steepest descent.
                stored = 0;
                for (int j = 0; j < d.Length; j++) d[j] = -g[j] / cloth.Stiffness;
                slope = Dot(g, d);
            }

            double step = 1, trialEnergy;
            while (true)
            {
                for (int i = 0; i < n; i++) trial[i] = x[i] + new Vector3((float)(step * d[3 * i]), (float)(step * d[3 * i + 1]), (float)(step * d[3 * i + 2]));
                trialEnergy = cloth.Energy(trial);
                energyEvaluations++;
                if (trialEnergy <= energy + Armijo * step * slope && trialEnergy < energy) break;
                step /= 2;
                if (step < 1e-12) return new Relaxation(x, history.ToArray(), energyEvaluations, gradientEvaluations, Converged: false);
            }

            cloth.Forces(trial, forces);
            gradientEvaluations++;
            Gradient(cloth, forces, gNew);
            newest = (newest + 1) % memory;
            for (int i = 0; i < n; i++)
            {
                for (int c = 0; c < 3; c++) s[newest][3 * i + c] = (double)trial[i][c] - x[i][c];
            }

            for (int j = 0; j < g.Length; j++) y[newest][j] = gNew[j] - g[j];
            double curvature = Dot(s[newest], y[newest]);
            rho[newest] = 1 / curvature;
            stored = curvature > 0 ? Math.Min(stored + 1, memory) : 0; // keep the estimate positive definite: forget it all

            (x, trial) = (trial, x);
            (g, gNew) = (gNew, g);
            energy = trialEnergy;
            history.Add(new RelaxationStep(iteration, energy, cloth.MaxFreeForce(forces), step));
        }

        return new Relaxation(x, history.ToArray(), energyEvaluations, gradientEvaluations, history[^1].MaxForce < forceTolerance);
    }

    /// <summary>The gradient −force as 3n doubles, zero for the pinned particles.</summary>
    private static void Gradient(Cloth cloth, ReadOnlySpan<Vector3> forces, Span<double> g)
    {
        for (int i = 0; i < forces.Length; i++)
        {
            for (int c = 0; c < 3; c++) g[3 * i + c] = -forces[i][c];
        }

        foreach (int pinned in cloth.Pinned) g.Slice(3 * pinned, 3).Clear();
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => TensorPrimitives.Dot(a, b);

    /// <summary><c>y += a·x</c>.</summary>
    private static void Axpy(double a, ReadOnlySpan<double> x, Span<double> y) => TensorPrimitives.MultiplyAdd(x, a, y, y);
}
