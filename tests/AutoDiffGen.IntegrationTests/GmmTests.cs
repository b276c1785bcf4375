using System;
using System.Globalization;
using System.IO;
using System.Linq;
using AutoDiffGen.Benchmarks;
using AutoDiffGen.IntegrationTests.Checking;
using Xunit;

namespace AutoDiffGen.IntegrationTests;

/// <summary>
/// ADBench's GMM objective (<see cref="Gmm.Objective"/>, nested loops over scratch vectors): ADBench's own test vector,
/// every check of <see cref="DerivativeCheck"/> on it, and the generated gradient against the hand-written one on the
/// 1000-point benchmark set.
/// </summary>
public class GmmTests
{
    private static readonly GmmInput Test = GmmInput.Load(GmmInput.DataPath("test.txt"));

    private static double[] Flat(GmmInput g) => g.Alphas.Concat(g.Means).Concat(g.Icf).ToArray();

    [Fact]
    public void Objective_and_Gradient_match_ADBench_test_vector()
    {
        var g = Test;
        double expected = 8.07380408004975791;
        double constant = Gmm.LogGammaTerm(g.D, g.K, g.Gamma, g.M);
        Assert.Equal(expected, Gmm.Objective(g.Alphas, g.Means, g.Icf, g.X, g.D, g.Gamma, g.M) + constant, 1e-10);

        var expectedGradient = File.ReadAllLines(GmmInput.DataPath("test-expected-gradient.txt"))
            .Where(l => l.Trim().Length > 0).Select(l => double.Parse(l, CultureInfo.InvariantCulture)).ToArray();
        var (da, dm, dq) = (new double[g.K], new double[g.K * g.D], new double[g.Icf.Length]);
        double value = Gmm.ObjectiveGradient(g.Alphas, g.Means, g.Icf, g.X, g.D, g.Gamma, g.M, da, dm, dq);
        Assert.Equal(expected, value + constant, 1e-10);
        var gradient = da.Concat(dm).Concat(dq).ToArray();
        Assert.Equal(expectedGradient.Length, gradient.Length);
        for (int i = 0; i < gradient.Length; i++) Assert.True(Math.Abs(expectedGradient[i] - gradient[i]) <= 1e-10, $"∂/∂p[{i}]: ADBench {expectedGradient[i]:R}, generated {gradient[i]:R}");
    }

    /// <summary>The test vector's model (d = 2, k = 3) on five points, as one function of all 18 parameters.</summary>
    private static ScalarCase Case()
    {
        var g = Test;
        var x = new double[] { 1.175171, 2.029160, -0.3, 0.4, 0.9, -1.1, 0.05, 0.2, -0.7, -0.6 };
        int a = g.K, m = g.K * g.D, q = g.Icf.Length;
        Range A() => new(0, a);
        Range M() => new(a, a + m);
        Range Q() => new(a + m, a + m + q);
        return FlatCase.Of<double>(
            "Gmm.Objective(d=2, k=3, n=5)", a + m + q,
            p => Gmm.Objective(p[A()], p[M()], p[Q()], x, g.D, g.Gamma, g.M),
            (p, d) => Gmm.ObjectiveGradient(p[A()], p[M()], p[Q()], x, g.D, g.Gamma, g.M, d.AsSpan(A()), d.AsSpan(M()), d.AsSpan(Q())),
            (p, s, d) => Gmm.ObjectivePullback(p[A()], p[M()], p[Q()], x, g.D, g.Gamma, g.M, s, d.AsSpan(A()), d.AsSpan(M()), d.AsSpan(Q())),
            (p, t) => (Gmm.ObjectivePushforward(p[A()], p[M()], p[Q()], x, g.D, g.Gamma, g.M, t[A()], t[M()], t[Q()], out double tangent), tangent),
            (p, d, h) => Gmm.ObjectiveHessian(p[A()], p[M()], p[Q()], x, g.D, g.Gamma, g.M, d, h),
            (p, v, hv) => Gmm.ObjectiveHessianVectorProduct(p[A()], p[M()], p[Q()], x, g.D, g.Gamma, g.M, v[A()], v[M()], v[Q()], hv.AsSpan(A()), hv.AsSpan(M()), hv.AsSpan(Q())),
            Flat(g), Flat(g).Select((v, i) => v + 0.1 * Math.Sin(i)).ToArray());
    }

    [Fact]
    public void Gradient_matches_central_finite_differences() => DerivativeCheck.GradientMatchesFiniteDifferences(Case());

    [Fact]
    public void Pushforward_and_Pullback_pass_the_dot_product_test() => DerivativeCheck.PushforwardAndPullbackAgree(Case());

    [Fact]
    public void Gradient_equals_Pullback_with_seed_one_and_Pullback_accumulates() => DerivativeCheck.GradientEqualsPullback(Case());

    [Fact]
    public void Hessian_matches_finite_differences_of_the_Gradient_and_agrees_with_the_HVP() => DerivativeCheck.HessianMatchesFiniteDifferences(Case());

    [Fact]
    public void Generated_gradient_equals_the_hand_written_one_on_the_benchmark_set()
    {
        var g = GmmInput.Load(GmmInput.DataPath("gmm_d10_K25.txt"));
        Assert.Equal((10, 25, 1000), (g.D, g.K, g.N));
        var (da, dm, dq) = (new double[g.K], new double[g.K * g.D], new double[g.Icf.Length]);
        var (ha, hm, hq) = (new double[g.K], new double[g.K * g.D], new double[g.Icf.Length]);
        double generated = Gmm.ObjectiveGradient(g.Alphas, g.Means, g.Icf, g.X, g.D, g.Gamma, g.M, da, dm, dq);
        double byHand = Gmm.GradientByHand(g.Alphas, g.Means, g.Icf, g.X, g.D, g.Gamma, g.M, ha, hm, hq);
        Assert.Equal(Gmm.Objective(g.Alphas, g.Means, g.Icf, g.X, g.D, g.Gamma, g.M), generated, 1e-12 * Math.Abs(generated));
        Assert.Equal(byHand, generated, 1e-10 * Math.Abs(byHand));
        var expected = ha.Concat(hm).Concat(hq).ToArray();
        var actual = da.Concat(dm).Concat(dq).ToArray();
        double scale = expected.Max(Math.Abs);
        for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-10 * scale, $"∂/∂p[{i}]: by hand {expected[i]:R}, generated {actual[i]:R}");
    }
}
