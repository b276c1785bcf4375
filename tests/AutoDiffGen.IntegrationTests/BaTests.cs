using System;
using AutoDiffGen.Benchmarks;
using Xunit;

namespace AutoDiffGen.IntegrationTests;

/// <summary>
/// ADBench's bundle adjustment (the benchmark's own <see cref="Ba"/>): the generated Jacobian of one observation's
/// reprojection error against central differences, with and without rotation (both branches of Rodrigues' formula), the
/// blocks the benchmark assembles against those of the two pullbacks, and the residuals of ADBench's test file.
/// </summary>
public class BaTests
{
    private static readonly double[] Camera = { 1.797201, 0.590697, -0.635786, 90.859550, 29.361415, 28.777534, 211.628116, -0.284531, -14.762924, 0.058931, 0.069976 };

    private static readonly double[] Point = { 4.173048, 5.586898, 1.403869 };

    private static double[] Error(double[] p)
    {
        var err = new double[2];
        Ba.ReprojectionError(p.AsSpan(0, Ba.CameraSize), p.AsSpan(Ba.CameraSize, 3), p[Ba.BlockColumns - 1], -525.672849, 161.811929, err);
        return err;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_Jacobian_of_an_observation_matches_central_differences(bool noRotation)
    {
        var p = new double[Ba.BlockColumns];
        Camera.CopyTo(p, 0);
        if (noRotation) p[0] = p[1] = p[2] = 0;
        Point.CopyTo(p, Ba.CameraSize);
        p[Ba.BlockColumns - 1] = 0.417022;
        var err = new double[2];
        var jacobian = new double[2 * Ba.BlockColumns];
        Ba.ReprojectionErrorJacobian(p.AsSpan(0, Ba.CameraSize), p.AsSpan(Ba.CameraSize, 3), p[Ba.BlockColumns - 1], -525.672849, 161.811929, err, jacobian);
        Assert.Equal(Error(p), err);
        for (int j = 0; j < Ba.BlockColumns; j++)
        {
            // At a zero rotation the other branch is taken on one side only: differences from the side that keeps it.
            double h = 1e-6 * Math.Max(1, Math.Abs(p[j]));
            double[] plus = (double[])p.Clone(), minus = (double[])p.Clone();
            plus[j] += h;
            minus[j] -= h;
            bool oneSided = noRotation && j < 3;
            double[] fp = Error(plus), fm = oneSided ? Error(p) : Error(minus);
            for (int i = 0; i < 2; i++)
            {
                double expected = (fp[i] - fm[i]) / (oneSided ? h : 2 * h);
                Assert.True(Math.Abs(expected - jacobian[i * Ba.BlockColumns + j]) <= 1e-4 * Math.Max(1, Math.Abs(expected)),
                    $"∂err[{i}]/∂p[{j}]: {jacobian[i * Ba.BlockColumns + j]}, central differences {expected}");
            }
        }
    }

    [Fact]
    public void The_assembled_blocks_equal_those_of_the_two_pullbacks_and_the_residuals_are_ADBenchs()
    {
        var input = BaInput.Load(GmmInput.DataPath("test.txt", "ba"));
        var (reprojection, weight) = (new double[2 * input.P], new double[input.P]);
        var (blocks, byPullbacks, weightDerivatives) = (new double[2 * Ba.BlockColumns * input.P], new double[2 * Ba.BlockColumns * input.P], new double[input.P]);
        input.Jacobian(reprojection, weight, blocks, weightDerivatives);
        var residuals = (double[])reprojection.Clone();
        input.JacobianByPullbacks(reprojection, weight, byPullbacks, weightDerivatives);
        Assert.Equal(byPullbacks, blocks);
        input.Residuals(reprojection, weight);
        Assert.Equal(reprojection, residuals);
        Assert.Equal(1 - 0.417022 * 0.417022, weight[0], 15);
        Assert.Equal(-2 * 0.417022, weightDerivatives[0], 15);
    }
}
