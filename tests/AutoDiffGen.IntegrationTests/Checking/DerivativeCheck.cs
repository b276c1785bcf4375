using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Xunit;

namespace AutoDiffGen.IntegrationTests.Checking;

/// <summary>
/// Checks the generated derivatives of a <see cref="ScalarCase"/> at each of its points and fails with every
/// mismatch listed (function, point, component, expected, actual), not just the first.
/// <list type="bullet">
/// <item>Gradient against central finite differences of the primal (Richardson-extrapolated).</item>
/// <item>The dot-product test ⟨J·v, w⟩ = ⟨v, Jᵀ·w⟩ between Pushforward and Pullback with random v, w.</item>
/// <item>Gradient against Pullback with seed 1, and Pullback adding into the adjoints it is given.</item>
/// <item>Hessian against finite differences of the Gradient, its symmetry, and H·v against the HVP.</item>
/// </list>
/// </summary>
public static class DerivativeCheck
{
    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>|actual - expected| ≤ tol·max(1, |actual|, |expected|) + slack.</summary>
    private static bool Close(double expected, double actual, double tol, double slack = 0)
    {
        if (double.IsNaN(expected) || double.IsNaN(actual))
        {
            return false;
        }

        return Math.Abs(actual - expected) <= tol * Math.Max(1, Math.Max(Math.Abs(actual), Math.Abs(expected))) + slack;
    }

    private static void Report(List<string> failures)
    {
        if (failures.Count > 0)
        {
            Assert.Fail(failures.Count + " mismatch(es):" + Environment.NewLine + string.Join(Environment.NewLine, failures));
        }
    }

    private static double Step(ScalarCase c, double xi) => c.EffectiveRelativeStep * Math.Max(Math.Abs(xi), c.EffectiveMinStepScale);

    /// <summary>
    /// ∂g/∂x_i by central differences with steps h and h/2, Richardson-extrapolated (error O(h^4) instead of
    /// O(h^2)). The perturbed coordinates are rounded to the case's precision and the actual difference is
    /// divided by, so float functions are differenced at points they can represent.
    /// </summary>
    public static double CentralDifference(ScalarCase c, Func<double[], double> g, double[] x, int i)
    {
        double h = Step(c, x[i]);

        double Difference(double step)
        {
            double[] xp = (double[])x.Clone(), xm = (double[])x.Clone();
            xp[i] = c.Round(x[i] + step);
            xm[i] = c.Round(x[i] - step);
            return (g(xp) - g(xm)) / (xp[i] - xm[i]);
        }

        double d1 = Difference(h), d2 = Difference(h / 2);
        return d2 + (d2 - d1) / 3;
    }

    /// <summary>An estimate of the rounding noise of <see cref="CentralDifference"/> for a function of size <paramref name="magnitude"/>.</summary>
    private static double DifferenceNoise(ScalarCase c, double magnitude, double xi) => 16 * c.Epsilon * Math.Abs(magnitude) / Step(c, xi);

    /// <summary>Every check, one after the other (the Hessian's where the case has one).</summary>
    public static void All(ScalarCase c)
    {
        GradientMatchesFiniteDifferences(c);
        PushforwardAndPullbackAgree(c);
        GradientEqualsPullback(c);
        EveryMemberReturnsTheValue(c);
        if (c.Hessian is not null) HessianMatchesFiniteDifferences(c);
    }

    /// <summary>The gradient from the generated Gradient against central finite differences of the primal.</summary>
    public static void GradientMatchesFiniteDifferences(ScalarCase c)
    {
        var failures = new List<string>();
        foreach (double[] x in c.Points)
        {
            double value = c.Value(x);
            double[] gradient = new double[c.Arity];
            c.Gradient(x, gradient);
            for (int i = 0; i < c.Arity; i++)
            {
                double fd = CentralDifference(c, c.Value, x, i);
                if (!Close(fd, gradient[i], c.EffectiveGradientTolerance, DifferenceNoise(c, value, x[i])))
                {
                    failures.Add($"{c.Name} at {ScalarCase.Format(x)}: d/dx{i} finite differences {F(fd)}, Gradient {F(gradient[i])}");
                }
            }
        }

        Report(failures);
    }

    /// <summary>
    /// The dot-product test: for random v (input tangent) and w (output seed),
    /// w·(J·v) from Pushforward equals v·(Jᵀ·w) from Pullback.
    /// </summary>
    public static void PushforwardAndPullbackAgree(ScalarCase c, int seed = 20240917)
    {
        var random = new Random(seed);
        double tol = c.Precision == Precision.Double ? 1e-12 : 2e-5;
        var failures = new List<string>();
        foreach (double[] x in c.Points)
        {
            for (int trial = 0; trial < 3; trial++)
            {
                double[] v = Enumerable.Range(0, c.Arity).Select(_ => c.Round(2 * random.NextDouble() - 1)).ToArray();
                double w = c.Round(2 * random.NextDouble() - 1);

                (_, double jv) = c.Pushforward(x, v);
                double[] jtw = new double[c.Arity];
                c.Pullback(x, w, jtw);

                double left = w * jv;
                double right = 0, scale = Math.Abs(left);
                for (int i = 0; i < c.Arity; i++)
                {
                    right += v[i] * jtw[i];
                    scale += Math.Abs(v[i] * jtw[i]);
                }

                if (!(Math.Abs(left - right) <= tol * Math.Max(1, scale)))
                {
                    failures.Add(
                        $"{c.Name} at {ScalarCase.Format(x)}, v = {ScalarCase.Format(v)}, w = {F(w)}: " +
                        $"<J·v, w> = {F(left)} (Pushforward), <v, Jᵀ·w> = {F(right)} (Pullback)");
                }
            }
        }

        Report(failures);
    }

    /// <summary>Gradient equals Pullback with seed 1 from zero adjoints, and Pullback adds seed·∇f into adjoints it is given.</summary>
    public static void GradientEqualsPullback(ScalarCase c, int seed = 7)
    {
        var random = new Random(seed);
        double tol = c.Precision == Precision.Double ? 1e-14 : 1e-6;
        var failures = new List<string>();
        foreach (double[] x in c.Points)
        {
            double[] gradient = new double[c.Arity];
            c.Gradient(x, gradient);

            double[] fromZero = new double[c.Arity];
            c.Pullback(x, 1, fromZero);

            double s = c.Round(0.5 + random.NextDouble());
            double[] initial = Enumerable.Range(0, c.Arity).Select(_ => c.Round(4 * random.NextDouble() - 2)).ToArray();
            double[] accumulated = (double[])initial.Clone();
            c.Pullback(x, s, accumulated);

            for (int i = 0; i < c.Arity; i++)
            {
                if (!Close(gradient[i], fromZero[i], tol))
                {
                    failures.Add($"{c.Name} at {ScalarCase.Format(x)}: d/dx{i} Gradient {F(gradient[i])}, Pullback(seed 1) {F(fromZero[i])}");
                }

                double expected = initial[i] + s * gradient[i];
                double accTol = c.EffectiveAccumulationTolerance;
                if (!Close(expected, accumulated[i], accTol))
                {
                    failures.Add(
                        $"{c.Name} at {ScalarCase.Format(x)}: Pullback(seed {F(s)}) into adjoint {F(initial[i])} " +
                        $"should give {F(expected)} (it adds), gave {F(accumulated[i])}");
                }
            }
        }

        Report(failures);
    }

    /// <summary>
    /// Every generated member returns the primal value: to a few units in the last place, or, for a sum over a span's n
    /// elements, to n of them (a loop run on vectors sums each lane's terms, then the lanes: another order of the same terms).
    /// </summary>
    public static void EveryMemberReturnsTheValue(ScalarCase c)
    {
        double unit = c.Precision == Precision.Double ? Math.ScaleB(1.0, -53) : Math.ScaleB(1.0, -24);
        var failures = new List<string>();
        foreach (double[] x in c.Points)
        {
            double tol = Math.Max(c.Precision == Precision.Double ? 1e-14 : 1e-6, x.Length * unit);
            double value = c.Value(x);
            var returned = new List<(string Member, double Value)>
            {
                ("Gradient", c.Gradient(x, new double[c.Arity])),
                ("Pushforward", c.Pushforward(x, new double[c.Arity]).Value),
            };
            if (c.Hessian is not null)
            {
                returned.Add(("Hessian", c.Hessian(x, new double[c.Arity], new double[c.Arity * c.Arity])));
            }

            if (c.HessianVectorProduct is not null)
            {
                returned.Add(("HessianVectorProduct", c.HessianVectorProduct(x, new double[c.Arity], new double[c.Arity])));
            }

            foreach ((string member, double v) in returned)
            {
                if (!Close(value, v, tol))
                {
                    failures.Add($"{c.Name} at {ScalarCase.Format(x)}: value {F(value)}, {member} returned {F(v)}");
                }
            }
        }

        Report(failures);
    }

    /// <summary>
    /// The Hessian against central differences of the generated Gradient, its symmetry, the gradient it
    /// fills against Gradient's, and H·v against the HessianVectorProduct for random v.
    /// </summary>
    public static void HessianMatchesFiniteDifferences(ScalarCase c, int seed = 99)
    {
        Assert.True(c.Hessian is not null && c.HessianVectorProduct is not null, $"{c.Name}: no Hessian/HVP to check");
        var random = new Random(seed);
        int n = c.Arity;
        double tol = c.EffectiveHessianTolerance;
        double exactTol = c.Precision == Precision.Double ? 1e-12 : 1e-5;
        var failures = new List<string>();
        foreach (double[] x in c.Points)
        {
            double[] gradient = new double[n];
            c.Gradient(x, gradient);
            double[] hGradient = new double[n];
            double[] hessian = new double[n * n];
            c.Hessian!(x, hGradient, hessian);

            double gradNorm = gradient.Select(Math.Abs).DefaultIfEmpty(0).Max();
            for (int i = 0; i < n; i++)
            {
                if (!Close(gradient[i], hGradient[i], exactTol))
                {
                    failures.Add($"{c.Name} at {ScalarCase.Format(x)}: gradient[{i}] from Hessian {F(hGradient[i])}, from Gradient {F(gradient[i])}");
                }
            }

            for (int j = 0; j < n; j++)
            {
                int column = j;
                for (int i = 0; i < n; i++)
                {
                    int row = i;
                    double fd = CentralDifference(
                        c,
                        p =>
                        {
                            double[] g = new double[n];
                            c.Gradient(p, g);
                            return g[row];
                        },
                        x,
                        column);
                    double h = hessian[row * n + column];
                    if (!Close(fd, h, tol, DifferenceNoise(c, gradNorm, x[column])))
                    {
                        failures.Add(
                            $"{c.Name} at {ScalarCase.Format(x)}: hessian[{row},{column}] finite differences of Gradient {F(fd)}, Hessian {F(h)}");
                    }
                }
            }

            // H[i,j] and H[j,i] come from different sweeps, each with rounding errors relative to the size of the
            // terms that cancel in it: sqrt(|H[i,i]·H[j,j]|) is that size (|H[i,j]| <= it for a definite H).
            for (int i = 0; i < n; i++)
            {
                for (int j = i + 1; j < n; j++)
                {
                    double offDiagonalScale = Math.Sqrt(Math.Abs(hessian[i * n + i] * hessian[j * n + j]));
                    if (!Close(hessian[i * n + j], hessian[j * n + i], exactTol, exactTol * offDiagonalScale))
                    {
                        failures.Add($"{c.Name} at {ScalarCase.Format(x)}: Hessian not symmetric: [{i},{j}] = {F(hessian[i * n + j])}, [{j},{i}] = {F(hessian[j * n + i])}");
                    }
                }
            }

            for (int trial = 0; trial < 2; trial++)
            {
                double[] v = Enumerable.Range(0, n).Select(_ => c.Round(2 * random.NextDouble() - 1)).ToArray();
                double[] hv = new double[n];
                c.HessianVectorProduct!(x, v, hv);
                for (int i = 0; i < n; i++)
                {
                    double expected = 0, scale = 0;
                    for (int j = 0; j < n; j++)
                    {
                        expected += hessian[i * n + j] * v[j];
                        scale += Math.Abs(hessian[i * n + j] * v[j]);
                    }

                    if (!(Math.Abs(hv[i] - expected) <= exactTol * Math.Max(1, scale)))
                    {
                        failures.Add($"{c.Name} at {ScalarCase.Format(x)}, v = {ScalarCase.Format(v)}: (H·v)[{i}] from Hessian {F(expected)}, HessianVectorProduct {F(hv[i])}");
                    }
                }
            }
        }

        Report(failures);
    }
}
