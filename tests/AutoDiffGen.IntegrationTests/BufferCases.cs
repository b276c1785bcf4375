using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.IntegrationTests.Checking;
using AutoDiffGen.IntegrationTests.Functions;
using Xunit;
using static AutoDiffGen.IntegrationTests.Checking.Case;
using static AutoDiffGen.IntegrationTests.LoopCases;

namespace AutoDiffGen.IntegrationTests;

/// <summary>
/// The table of <see cref="Buffers"/> functions (local arrays and stackalloc spans written and read back) checked by
/// <see cref="BufferTests"/>, every one with its Hessian and Hessian-vector product.
/// </summary>
public static class BufferCases
{
    /// <summary>Samples for <see cref="Buffers.Mixture"/>: 6 points in 3 dimensions.</summary>
    public static readonly double[] Samples = Uniform(18, 5, -1, 1);

    private static IEnumerable<ScalarCase> Build()
    {
        foreach (int n in new[] { 2, 3, 7 })
        {
            double[][] points = { Uniform(n, 300 + n, -1, 1), Uniform(n, 310 + n, -2, 2) };
            yield return FlatCase.OfSpan<double>($"Buffers.WindowProducts(n={n})", n, Buffers.WindowProducts, Buffers.WindowProductsGradient,
                Buffers.WindowProductsPullback, Buffers.WindowProductsPushforward, Buffers.WindowProductsHessian, Buffers.WindowProductsHessianVectorProduct, points);
            yield return FlatCase.OfSpan<float>($"BuffersF.WindowProducts(n={n})", n, BuffersF.WindowProducts, BuffersF.WindowProductsGradient,
                BuffersF.WindowProductsPullback, BuffersF.WindowProductsPushforward, BuffersF.WindowProductsHessian, BuffersF.WindowProductsHessianVectorProduct, points);
        }

        foreach (var (n, steps) in new[] { (1, 3), (4, 0), (5, 1), (6, 4) })
        {
            double[][] points = { Uniform(n, 320 + n, -1, 1), Uniform(n, 330 + n, 0.5, 2) };
            yield return FlatCase.Of<double>(
                $"Buffers.Diffusion(n={n}, steps={steps})", n,
                x => Buffers.Diffusion(x, steps),
                (x, g) => Buffers.DiffusionGradient(x, steps, g),
                (x, s, a) => Buffers.DiffusionPullback(x, steps, s, a),
                (x, t) => (Buffers.DiffusionPushforward(x, steps, t, out double tangent), tangent),
                (x, g, h) => Buffers.DiffusionHessian(x, steps, g, h),
                (x, v, hv) => Buffers.DiffusionHessianVectorProduct(x, steps, v, hv),
                points);
            yield return FlatCase.Of<float>(
                $"BuffersF.Diffusion(n={n}, steps={steps})", n,
                x => BuffersF.Diffusion(x, steps),
                (x, g) => BuffersF.DiffusionGradient(x, steps, g),
                (x, s, a) => BuffersF.DiffusionPullback(x, steps, s, a),
                (x, t) => (BuffersF.DiffusionPushforward(x, steps, t, out float tangent), tangent),
                (x, g, h) => BuffersF.DiffusionHessian(x, steps, g, h),
                (x, v, hv) => BuffersF.DiffusionHessianVectorProduct(x, steps, v, hv),
                points);
        }

        foreach (int k in new[] { 1, 2, 4 })
        {
            int n = 3 * k;
            double[][] points = { Uniform(n, 340 + n, -1, 1), Uniform(n, 350 + n, -2, 2) };
            yield return FlatCase.Of<double>(
                $"Buffers.Mixture(k={k})", n,
                x => Buffers.Mixture(x, Samples, k),
                (x, g) => Buffers.MixtureGradient(x, Samples, k, g),
                (x, s, a) => Buffers.MixturePullback(x, Samples, k, s, a),
                (x, t) => (Buffers.MixturePushforward(x, Samples, k, t, out double tangent), tangent),
                (x, g, h) => Buffers.MixtureHessian(x, Samples, k, g, h),
                (x, v, hv) => Buffers.MixtureHessianVectorProduct(x, Samples, k, v, hv),
                points);
        }

        foreach (int n in new[] { 1, 2, 5 })
        {
            double[][] points = { Uniform(n, 380 + n, -1, 1), Uniform(n, 390 + n, -2, 2) };
            yield return FlatCase.OfSpan<double>($"Buffers.PartialRefill(n={n})", n, Buffers.PartialRefill, Buffers.PartialRefillGradient,
                Buffers.PartialRefillPullback, Buffers.PartialRefillPushforward, Buffers.PartialRefillHessian, Buffers.PartialRefillHessianVectorProduct, points);
            yield return FlatCase.OfSpan<double>($"Buffers.RefillAfterRead(n={n})", n, Buffers.RefillAfterRead, Buffers.RefillAfterReadGradient,
                Buffers.RefillAfterReadPullback, Buffers.RefillAfterReadPushforward, Buffers.RefillAfterReadHessian, Buffers.RefillAfterReadHessianVectorProduct, points);
        }

        foreach (int n in new[] { 1, 3, 6 })
        {
            double[][] points = { AwayFromZero(n, 400 + n, 0.2, 1.2), AwayFromZero(n, 410 + n, 0.3, 1) };
            yield return FlatCase.OfSpan<double>($"Buffers.LoggedInBranches(n={n})", n, Buffers.LoggedInBranches, Buffers.LoggedInBranchesGradient,
                Buffers.LoggedInBranchesPullback, Buffers.LoggedInBranchesPushforward, Buffers.LoggedInBranchesHessian, Buffers.LoggedInBranchesHessianVectorProduct, points);
        }

        yield return Of<double>("Buffers.Initialized", Buffers.Initialized, Buffers.InitializedGradient, Buffers.InitializedPullback,
            Buffers.InitializedPushforward, Buffers.InitializedHessian, Buffers.InitializedHessianVectorProduct, P(0.5, 1.5), P(-1.2, 0.3));

        foreach (int n in new[] { 1, 3, 6 })
        {
            double[][] points = { AwayFromZero(n, 360 + n, 0.2, 1.5), AwayFromZero(n, 370 + n, 0.3, 1) };
            yield return FlatCase.OfSpan<double>($"Buffers.Branchy(n={n})", n, Buffers.Branchy, Buffers.BranchyGradient,
                Buffers.BranchyPullback, Buffers.BranchyPushforward, Buffers.BranchyHessian, Buffers.BranchyHessianVectorProduct, points);
        }
    }

    private static readonly CaseTable Table = new(Build);

    public static IReadOnlyDictionary<string, ScalarCase> All => Table.All;

    public static ScalarCase Get(string name) => Table.Get(name);

    public static TheoryData<string> Names => Table.Names;

    public static TheoryData<string> SecondOrderNames => Table.SecondOrderNames;
}
