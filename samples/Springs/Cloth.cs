using System;
using System.Collections.Generic;
using System.Numerics;

namespace AutoDiffGen.Samples.Springs;

/// <summary>
/// A cloth of particles joined by springs: a grid of <see cref="Columns"/> × <see cref="Rows"/> particles in the
/// vertical x–y plane (y up), structural springs to the right and downward neighbours and shear springs along both
/// diagonals, under gravity, held by its <see cref="Pinned"/> particles. Springs are index pairs into the positions.
/// </summary>
public sealed class Cloth
{
    private Cloth(int columns, int rows, float spacing, float stiffness, float particleMass, float gravity)
    {
        Columns = columns;
        Rows = rows;
        Stiffness = stiffness;
        Gravity = gravity;
        Rest = new Vector3[columns * rows];
        Masses = new float[Rest.Length];
        for (int row = 0; row < rows; row++)
        {
            for (int column = 0; column < columns; column++)
            {
                Rest[Index(column, row)] = new Vector3(column * spacing, -row * spacing, 0);
                Masses[Index(column, row)] = particleMass;
            }
        }

        var springs = new List<int>();
        var restLengths = new List<float>();
        void Join(int a, int b)
        {
            springs.Add(a);
            springs.Add(b);
            restLengths.Add(Vector3.Distance(Rest[a], Rest[b]));
        }

        for (int row = 0; row < rows; row++)
        {
            for (int column = 0; column < columns; column++)
            {
                int here = Index(column, row);
                if (column + 1 < columns) Join(here, Index(column + 1, row));
                if (row + 1 < rows) Join(here, Index(column, row + 1));
                if (column + 1 < columns && row + 1 < rows)
                {
                    Join(here, Index(column + 1, row + 1));
                    Join(Index(column + 1, row), Index(column, row + 1));
                }
            }
        }

        Springs = springs.ToArray();
        RestLengths = restLengths.ToArray();
        Pinned = [Index(0, 0), Index(columns - 1, 0)];
    }

    public int Columns { get; }

    public int Rows { get; }

    /// <summary>The positions the cloth is woven at: flat, every spring at its rest length.</summary>
    public Vector3[] Rest { get; }

    /// <summary>Spring <c>s</c> joins particles <c>Springs[2s]</c> and <c>Springs[2s + 1]</c>.</summary>
    public int[] Springs { get; }

    public float[] RestLengths { get; }

    public float[] Masses { get; }

    /// <summary>Spring constant, N/m.</summary>
    public float Stiffness { get; }

    /// <summary>Acceleration of gravity, m/s², pulling towards −y.</summary>
    public float Gravity { get; }

    /// <summary>The particles that do not move: the top corners.</summary>
    public int[] Pinned { get; }

    public int SpringCount => RestLengths.Length;

    public int Index(int column, int row) => row * Columns + column;

    /// <summary>
    /// The sample's cloth: 12 × 12 particles 10 cm apart (1.1 m square, 506 springs), 10 g each, springs of 100 N/m,
    /// hung by its top corners.
    /// </summary>
    public static Cloth Square(int size = 12) => new(size, size, spacing: 0.1f, stiffness: 100f, particleMass: 0.01f, gravity: 9.81f);

    /// <summary>The energy of the cloth at <paramref name="positions"/> (<see cref="ClothEnergy.Energy"/>).</summary>
    public double Energy(ReadOnlySpan<Vector3> positions) =>
        ClothEnergy.Energy(positions, Springs, RestLengths, Stiffness, Masses, Gravity);

    /// <summary>The energy and the force on each particle, <c>−∂E/∂position</c>, from the generated gradient.</summary>
    public double Forces(ReadOnlySpan<Vector3> positions, Span<Vector3> forces)
    {
        double energy = ClothEnergy.EnergyGradient(positions, Springs, RestLengths, Stiffness, Masses, Gravity, forces);
        for (int i = 0; i < forces.Length; i++) forces[i] = -forces[i];
        return energy;
    }

    /// <summary>The largest |force| on a particle that is not pinned.</summary>
    public float MaxFreeForce(ReadOnlySpan<Vector3> forces)
    {
        float largest = 0;
        for (int i = 0; i < forces.Length; i++)
        {
            if (Array.IndexOf(Pinned, i) < 0) largest = Math.Max(largest, forces[i].Length());
        }

        return largest;
    }
}

/// <summary>The cloth's potential energy, a <c>[Differentiable]</c> function of the positions: its gradient is −force.</summary>
public static partial class ClothEnergy
{
    /// <summary>
    /// <c>E = Σ_springs ½·k·(|p_a − p_b| − L)² + Σ_particles m·g·y</c>. The differences are taken in double: the energy
    /// then resolves the tiny decreases of the last relaxation steps, which float's rounding of each length would hide.
    /// </summary>
    [Differentiable]
    public static double Energy(ReadOnlySpan<Vector3> positions, ReadOnlySpan<int> springs, [NoDerivative] ReadOnlySpan<float> restLengths,
        [NoDerivative] double stiffness, [NoDerivative] ReadOnlySpan<float> masses, [NoDerivative] double gravity)
    {
        double elastic = 0;
        for (int s = 0; s < restLengths.Length; s++)
        {
            Vector3 a = positions[springs[2 * s]];
            Vector3 b = positions[springs[2 * s + 1]];
            double dx = (double)a.X - b.X, dy = (double)a.Y - b.Y, dz = (double)a.Z - b.Z;
            double stretch = Math.Sqrt(dx * dx + dy * dy + dz * dz) - restLengths[s];
            elastic += stretch * stretch;
        }

        double height = 0;
        for (int i = 0; i < positions.Length; i++) height += masses[i] * (double)positions[i].Y;
        return 0.5 * stiffness * elastic + gravity * height;
    }
}
