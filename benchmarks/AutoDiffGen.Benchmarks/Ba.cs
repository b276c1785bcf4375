using System;
using System.Globalization;
using System.IO;
using System.Linq;
using AutoDiffGen;

namespace AutoDiffGen.Benchmarks;

/// <summary>
/// ADBench's bundle adjustment objective, written from its math as a user would: per observation, the reprojection error
/// of a 3-D point through a camera (Rodrigues rotation, centre, focal length, principal point, two radial distortion
/// coefficients: 11 parameters), weighted, and the weight's own error 1 − w². Its sparse Jacobian is assembled from one
/// 2 × 15 block per observation (the camera's 11 parameters, the point's 3, the weight), each from the generated
/// <see cref="ReprojectionErrorJacobian"/>.
/// </summary>
public static partial class Ba
{
    /// <summary>Parameters per camera: rotation 0–2, centre 3–5, focal length 6, principal point 7–8, radial distortion 9–10.</summary>
    public const int CameraSize = 11;

    /// <summary>Columns of one observation's block of the Jacobian: the camera's parameters, the point's coordinates, the weight.</summary>
    public const int BlockColumns = CameraSize + 3 + 1;

    /// <summary>
    /// The weighted reprojection error of point <paramref name="x"/> seen by camera <paramref name="cam"/> at the feature
    /// (<paramref name="featureX"/>, <paramref name="featureY"/>), into <paramref name="err"/> (2 values).
    /// </summary>
    [Differentiable]
    public static void ReprojectionError(ReadOnlySpan<double> cam, ReadOnlySpan<double> x, double w, [NoDerivative] double featureX, [NoDerivative] double featureY, Span<double> err)
    {
        // The point relative to the camera centre, rotated by the Rodrigues vector r (angle |r| about r / |r|).
        double px = x[0] - cam[3];
        double py = x[1] - cam[4];
        double pz = x[2] - cam[5];
        double r0 = cam[0];
        double r1 = cam[1];
        double r2 = cam[2];
        double sqtheta = r0 * r0 + r1 * r1 + r2 * r2;
        double qx = 0;
        double qy = 0;
        double qz = 0;
        if (sqtheta != 0)
        {
            double theta = Math.Sqrt(sqtheta);
            double c = Math.Cos(theta);
            double s = Math.Sin(theta);
            double wx = r0 / theta;
            double wy = r1 / theta;
            double wz = r2 / theta;
            double along = (wx * px + wy * py + wz * pz) * (1 - c);
            qx = px * c + (wy * pz - wz * py) * s + wx * along;
            qy = py * c + (wz * px - wx * pz) * s + wy * along;
            qz = pz * c + (wx * py - wy * px) * s + wz * along;
        }
        else
        {
            qx = px + (r1 * pz - r2 * py);
            qy = py + (r2 * px - r0 * pz);
            qz = pz + (r0 * py - r1 * px);
        }
        // Projective division, radial distortion, focal length and principal point.
        double ux = qx / qz;
        double uy = qy / qz;
        double rsq = ux * ux + uy * uy;
        double distortion = 1 + cam[9] * rsq + cam[10] * rsq * rsq;
        err[0] = w * (ux * distortion * cam[6] + cam[7] - featureX);
        err[1] = w * (uy * distortion * cam[6] + cam[8] - featureY);
    }
}

/// <summary>ADBench's BA input, replicated as its reader does: n cameras, m points, p observations of one camera, point, weight and feature.</summary>
public sealed record BaInput(int N, int M, int P, double[] Cameras, double[] Points, double[] Weights, double[] Features, int[] Observations)
{
    /// <summary>Reads ADBench's text format (see data/adbench/README.md): the counts, then one camera, one point, one weight, one feature.</summary>
    public static BaInput Load(string path)
    {
        var numbers = File.ReadAllText(path).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        int n = (int)numbers[0], m = (int)numbers[1], p = (int)numbers[2];
        var camera = numbers.Skip(3).Take(Ba.CameraSize).ToArray();
        var point = numbers.Skip(3 + Ba.CameraSize).Take(3).ToArray();
        double weight = numbers[3 + Ba.CameraSize + 3];
        var feature = numbers.Skip(3 + Ba.CameraSize + 4).Take(2).ToArray();
        var cameras = Enumerable.Range(0, n).SelectMany(_ => camera).ToArray();
        var points = Enumerable.Range(0, m).SelectMany(_ => point).ToArray();
        var weights = Enumerable.Repeat(weight, p).ToArray();
        var features = Enumerable.Range(0, p).SelectMany(_ => feature).ToArray();
        var observations = Enumerable.Range(0, p).SelectMany(i => new[] { i % n, i % m }).ToArray();
        return new BaInput(n, m, p, cameras, points, weights, features, observations);
    }

    /// <summary>The residuals: 2 reprojection errors per observation, then the p weight errors 1 − w².</summary>
    public void Residuals(Span<double> reprojection, Span<double> weight)
    {
        for (int i = 0; i < P; i++)
        {
            int c = Observations[2 * i], q = Observations[2 * i + 1];
            Ba.ReprojectionError(Cameras.AsSpan(c * Ba.CameraSize, Ba.CameraSize), Points.AsSpan(3 * q, 3), Weights[i], Features[2 * i], Features[2 * i + 1], reprojection.Slice(2 * i, 2));
            weight[i] = 1 - Weights[i] * Weights[i];
        }
    }

    /// <summary>
    /// The Jacobian's nonzeros, as ADBench assembles them: per observation its 2 × 15 block (row-major), then per weight error
    /// its one entry, −2w; the residuals too.
    /// </summary>
    public void Jacobian(Span<double> reprojection, Span<double> weight, Span<double> blocks, Span<double> weightDerivatives)
    {
        for (int i = 0; i < P; i++)
        {
            int c = Observations[2 * i], q = Observations[2 * i + 1];
            Ba.ReprojectionErrorJacobian(Cameras.AsSpan(c * Ba.CameraSize, Ba.CameraSize), Points.AsSpan(3 * q, 3), Weights[i], Features[2 * i], Features[2 * i + 1],
                reprojection.Slice(2 * i, 2), blocks.Slice(2 * Ba.BlockColumns * i, 2 * Ba.BlockColumns));
            weight[i] = 1 - Weights[i] * Weights[i];
            weightDerivatives[i] = -2 * Weights[i];
        }
    }

    /// <summary>The same blocks from the two pullbacks of each observation, called directly (one per row).</summary>
    public void JacobianByPullbacks(Span<double> reprojection, Span<double> weight, Span<double> blocks, Span<double> weightDerivatives)
    {
        Span<double> seed = stackalloc double[2];
        for (int i = 0; i < P; i++)
        {
            int c = Observations[2 * i], q = Observations[2 * i + 1];
            var cam = Cameras.AsSpan(c * Ba.CameraSize, Ba.CameraSize);
            var x = Points.AsSpan(3 * q, 3);
            var block = blocks.Slice(2 * Ba.BlockColumns * i, 2 * Ba.BlockColumns);
            block.Clear();
            for (int row = 0; row < 2; row++)
            {
                seed[0] = row == 0 ? 1 : 0;
                seed[1] = row == 1 ? 1 : 0;
                var r = block.Slice(row * Ba.BlockColumns, Ba.BlockColumns);
                ref double dw = ref r[Ba.BlockColumns - 1];
                Ba.ReprojectionErrorPullback(cam, x, Weights[i], Features[2 * i], Features[2 * i + 1], reprojection.Slice(2 * i, 2), seed,
                    r.Slice(0, Ba.CameraSize), r.Slice(Ba.CameraSize, 3), ref dw);
            }
            weight[i] = 1 - Weights[i] * Weights[i];
            weightDerivatives[i] = -2 * Weights[i];
        }
    }
}
