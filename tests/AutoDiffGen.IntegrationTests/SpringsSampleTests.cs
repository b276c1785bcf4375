using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Numerics;
using AutoDiffGen.Samples.Springs;
using Xunit;

namespace AutoDiffGen.IntegrationTests;

/// <summary>The springs sample: the generated forces are −∇E, and L-BFGS on them relaxes the cloth to equilibrium.</summary>
public class SpringsSampleTests
{
    private static readonly Cloth Sample = Cloth.Square();
    private static readonly Lazy<Relaxation> Relaxed = new(() => Relaxer.Run(Sample));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void The_generated_gradient_is_the_central_difference_of_the_energy_on_a_perturbed_mesh(int seed)
    {
        var positions = Perturbed(Sample, seed);
        var forces = new Vector3[positions.Length];
        Sample.Forces(positions, forces);
        double largest = forces.Max(f => f.Length());
        Assert.True(largest > 1, $"the perturbation stretches springs: largest force {largest}");
        for (int i = 0; i < positions.Length; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                float x = positions[i][c];
                (float up, float down) = (x + 1e-4f, x - 1e-4f);
                positions[i][c] = up;
                double above = Sample.Energy(positions);
                positions[i][c] = down;
                double below = Sample.Energy(positions);
                positions[i][c] = x;
                double derivative = (above - below) / ((double)up - down);
                Assert.True(Math.Abs(-forces[i][c] - derivative) <= 1e-5 * largest,
                    $"∂E/∂x[{i}][{c}]: generated {-forces[i][c]}, central difference {derivative}");
            }
        }
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void The_springs_forces_cancel_so_the_forces_add_up_to_the_weight(int seed)
    {
        var positions = Perturbed(Sample, seed);
        var forces = new Vector3[positions.Length];
        Sample.Forces(positions, forces);
        var total = forces.Aggregate(Vector3.Zero, (sum, f) => sum + f);
        float weight = Sample.Masses.Sum() * Sample.Gravity;
        Assert.True(Vector3.Distance(total, new Vector3(0, -weight, 0)) < 1e-4f, $"Σ force {total}, weight {weight}");
    }

    [Theory]
    [InlineData(6)]
    [InlineData(7)]
    public void The_generated_pushforward_and_Hessian_vector_product_agree_with_the_gradient_and_the_energy(int seed)
    {
        var positions = Perturbed(Sample, seed);
        var (v, w) = (Perturbed(Sample, seed + 100), Perturbed(Sample, seed + 200));
        for (int i = 0; i < v.Length; i++) (v[i], w[i]) = (v[i] - Sample.Rest[i], w[i] - Sample.Rest[i]); // directions of up to 3 cm
        var gradient = new Vector3[positions.Length];
        ClothEnergy.EnergyGradient(positions, Sample.Springs, Sample.RestLengths, Sample.Stiffness, Sample.Masses, Sample.Gravity, gradient);
        ClothEnergy.EnergyPushforward(positions, Sample.Springs, Sample.RestLengths, Sample.Stiffness, Sample.Masses, Sample.Gravity, v, out double tangent);
        double along = Dot(gradient, v), terms = Dot(gradient.Select(Vector3.Abs).ToArray(), v.Select(Vector3.Abs).ToArray());
        Assert.True(Math.Abs(tangent - along) < 1e-6 * terms, $"pushforward {tangent}, gradient·v {along} (of terms adding to {terms})");

        // Dot-product test of the Hessian's symmetry, and vᵀHv against the second difference of the energy along v.
        var (hv, hw) = (new Vector3[positions.Length], new Vector3[positions.Length]);
        ClothEnergy.EnergyHessianVectorProduct(positions, Sample.Springs, Sample.RestLengths, Sample.Stiffness, Sample.Masses, Sample.Gravity, v, hv);
        ClothEnergy.EnergyHessianVectorProduct(positions, Sample.Springs, Sample.RestLengths, Sample.Stiffness, Sample.Masses, Sample.Gravity, w, hw);
        Assert.True(Math.Abs(Dot(hv, w) - Dot(hw, v)) < 1e-5 * Math.Abs(Dot(hv, w)), $"wᵀHv {Dot(hv, w)}, vᵀHw {Dot(hw, v)}");
        const float step = 1e-2f;
        double curvature = (Sample.Energy(Moved(positions, v, step)) - 2 * Sample.Energy(positions) + Sample.Energy(Moved(positions, v, -step))) / (step * step);
        Assert.True(Math.Abs(Dot(hv, v) - curvature) < 1e-3 * Math.Abs(curvature), $"vᵀHv {Dot(hv, v)}, second difference {curvature}");
    }

    [Fact]
    public void The_relaxed_cloth_is_in_equilibrium_on_its_free_particles()
    {
        var relaxation = Relaxed.Value;
        Assert.True(relaxation.Converged);
        var forces = new Vector3[relaxation.Positions.Length];
        Sample.Forces(relaxation.Positions, forces);
        Assert.True(Sample.MaxFreeForce(forces) < 1e-4f, $"max |force| {Sample.MaxFreeForce(forces)}");
        Assert.Equal(relaxation.History[^1].MaxForce, Sample.MaxFreeForce(forces));

        // The pinned corners did not move, and they hold the whole weight between them.
        var heldUp = Vector3.Zero;
        foreach (int pinned in Sample.Pinned)
        {
            Assert.Equal(Sample.Rest[pinned], relaxation.Positions[pinned]);
            heldUp += forces[pinned];
        }

        float weight = Sample.Masses.Sum() * Sample.Gravity, unbalanced = (forces.Length - Sample.Pinned.Length) * 1e-4f;
        Assert.True(Math.Abs(heldUp.Y + weight) < unbalanced && Math.Abs(heldUp.X) < unbalanced, $"corners {heldUp}, weight {weight}");
    }

    [Fact]
    public void The_relaxed_cloth_hangs_symmetrically_in_its_plane()
    {
        var positions = Relaxed.Value.Positions;
        float width = Sample.Rest[Sample.Index(Sample.Columns - 1, 0)].X;
        for (int row = 0; row < Sample.Rows; row++)
        {
            for (int column = 0; column < Sample.Columns; column++)
            {
                Vector3 p = positions[Sample.Index(column, row)], mirror = positions[Sample.Index(Sample.Columns - 1 - column, row)];
                Assert.True(Math.Abs(p.X + mirror.X - width) < 1e-4f && Math.Abs(p.Y - mirror.Y) < 1e-4f, $"({column}, {row}): {p} and {mirror}");
                Assert.Equal(0f, p.Z);
            }
        }
    }

    [Fact]
    public void The_energy_decreases_at_every_iteration()
    {
        var history = Relaxed.Value.History;
        Assert.Equal(Enumerable.Range(0, history.Length), history.Select(h => h.Iteration));
        for (int k = 1; k < history.Length; k++)
        {
            Assert.True(history[k].Energy < history[k - 1].Energy, $"iteration {k}: {history[k - 1].Energy} → {history[k].Energy}");
        }
    }

    [Fact]
    public void The_numbers_the_sample_prints()
    {
        var relaxation = Relaxed.Value;
        var (first, last) = (relaxation.History[0], relaxation.History[^1]);
        Assert.Equal(-7.7695202832, first.Energy, 9);
        Assert.Equal(0.0981f, first.MaxForce, 4);
        Assert.Equal(-8.4086271100, last.Energy, 9);
        Assert.InRange(relaxation.History.Length - 1, 55, 80); // 66 here; the rounding of the vector sums may move it
        Assert.Equal(relaxation.History.Length, relaxation.GradientEvaluations);
        Assert.InRange(relaxation.EnergyEvaluations, relaxation.History.Length - 1, 2 * relaxation.History.Length);

        int bottom = Sample.Index(Sample.Columns / 2, Sample.Rows - 1), top = Sample.Index(Sample.Columns / 2, 0);
        Assert.Equal(0.0970, Sample.Rest[bottom].Y - relaxation.Positions[bottom].Y, 4);
        Assert.Equal(0.0934, Sample.Rest[top].Y - relaxation.Positions[top].Y, 4);
        Assert.Equal(506, Sample.SpringCount); // 2·12·11 structural, 2·11·11 shear
    }

    [Fact]
    public void Writes_the_picture()
    {
        string directory = Path.Combine(Path.GetTempPath(), "autodiffgen-springs-" + Guid.NewGuid().ToString("N"));
        try
        {
            byte[] png = File.ReadAllBytes(Plots.Write(Sample, Relaxed.Value.Positions, directory));
            Assert.True(png.Length > 10_000, $"{png.Length} bytes");
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
            Assert.Equal(Plots.Width, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
            Assert.Equal(Plots.Height, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The cloth's rest positions, each moved by up to 3 cm in every direction.</summary>
    private static Vector3[] Perturbed(Cloth cloth, int seed)
    {
        var random = new Random(seed);
        return cloth.Rest.Select(p => p + 0.03f * new Vector3(Next(random), Next(random), Next(random))).ToArray();
    }

    private static float Next(Random random) => 2 * random.NextSingle() - 1;

    private static double Dot(Vector3[] a, Vector3[] b) => a.Zip(b).Sum(pair => (double)Vector3.Dot(pair.First, pair.Second));

    private static Vector3[] Moved(Vector3[] positions, Vector3[] direction, float step) => positions.Zip(direction).Select(pair => pair.First + step * pair.Second).ToArray();
}
