using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using AutoDiffGen.IntegrationTests.Checking;
using AutoDiffGen.IntegrationTests.Functions;
using Xunit;

namespace AutoDiffGen.IntegrationTests;

/// <summary>
/// Tuple-returning functions R^n -> R^m: Pullback takes one seed per output and Pushforward gives one tangent
/// per output. The Jacobian from each is checked against central finite differences, and the two against
/// each other with the dot-product test. No Gradient or Hessian exists for them.
/// </summary>
public class TupleTests
{
    /// <summary>A function R^n -> R^m seen through arrays.</summary>
    private sealed record VectorCase(
        string Name,
        Precision Precision,
        int Inputs,
        int Outputs,
        Func<double[], double[]> Value,
        Action<double[], double[], double[]> Pullback,
        Func<double[], double[], (double[] Values, double[] Tangents)> Pushforward)
    {
        public double Round(double v) => Precision == Precision.Double ? v : (float)v;

        public double Tolerance => Precision == Precision.Double ? 1e-7 : 2e-3;
    }

    private static readonly VectorCase PolarDouble = new(
        "Tuples.Polar", Precision.Double, 2, 2,
        x =>
        {
            (double a, double b) = Tuples.Polar(x[0], x[1]);
            return new[] { a, b };
        },
        (x, w, adj) => Tuples.PolarPullback(x[0], x[1], w[0], w[1], ref adj[0], ref adj[1]),
        (x, t) =>
        {
            (double a, double b) = Tuples.PolarPushforward(x[0], x[1], t[0], t[1], out double ta, out double tb);
            return (new[] { a, b }, new[] { ta, tb });
        });

    private static readonly VectorCase PolarFloat = new(
        "Tuples.Polar(float)", Precision.Single, 2, 2,
        x =>
        {
            (float a, float b) = Tuples.Polar((float)x[0], (float)x[1]);
            return new double[] { a, b };
        },
        (x, w, adj) =>
        {
            float a0 = (float)adj[0], a1 = (float)adj[1];
            Tuples.PolarPullback((float)x[0], (float)x[1], (float)w[0], (float)w[1], ref a0, ref a1);
            adj[0] = a0;
            adj[1] = a1;
        },
        (x, t) =>
        {
            (float a, float b) = Tuples.PolarPushforward((float)x[0], (float)x[1], (float)t[0], (float)t[1], out float ta, out float tb);
            return (new double[] { a, b }, new double[] { ta, tb });
        });

    private static readonly VectorCase Three = new(
        "Tuples.Three", Precision.Double, 2, 3,
        x =>
        {
            (double a, double b, double c) = Tuples.Three(x[0], x[1]);
            return new[] { a, b, c };
        },
        (x, w, adj) => Tuples.ThreePullback(x[0], x[1], w[0], w[1], w[2], ref adj[0], ref adj[1]),
        (x, t) =>
        {
            (double a, double b, double c) = Tuples.ThreePushforward(x[0], x[1], t[0], t[1], out double ta, out double tb, out double tc);
            return (new[] { a, b, c }, new[] { ta, tb, tc });
        });

    private static readonly VectorCase Branches = new(
        "Tuples.Branches", Precision.Double, 2, 2,
        x =>
        {
            (double a, double b) = Tuples.Branches(x[0], x[1]);
            return new[] { a, b };
        },
        (x, w, adj) => Tuples.BranchesPullback(x[0], x[1], w[0], w[1], ref adj[0], ref adj[1]),
        (x, t) =>
        {
            (double a, double b) = Tuples.BranchesPushforward(x[0], x[1], t[0], t[1], out double ta, out double tb);
            return (new[] { a, b }, new[] { ta, tb });
        });

    private static readonly double[][] Points = { new[] { 1.5, 0.3 }, new[] { 0.7, -2.0 }, new[] { -0.8, 1.1 }, new[] { 2.0, 3.0 } };

    public static TheoryData<string> Names => new() { PolarDouble.Name, PolarFloat.Name, Three.Name, Branches.Name };

    private static VectorCase Get(string name) => new[] { PolarDouble, PolarFloat, Three, Branches }.Single(c => c.Name == name);

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static double[] Point(VectorCase c, double[] x) => x.Select(c.Round).ToArray();

    /// <summary>∂f_k/∂x_i for all k by Richardson-extrapolated central differences.</summary>
    private static double[] Column(VectorCase c, double[] x, int i)
    {
        double h = (c.Precision == Precision.Double ? 1e-4 : 2e-3) * Math.Max(Math.Abs(x[i]), 0.25);

        double[] Difference(double step)
        {
            double[] xp = (double[])x.Clone(), xm = (double[])x.Clone();
            xp[i] = c.Round(x[i] + step);
            xm[i] = c.Round(x[i] - step);
            double[] fp = c.Value(xp), fm = c.Value(xm);
            return fp.Zip(fm, (a, b) => (a - b) / (xp[i] - xm[i])).ToArray();
        }

        double[] d1 = Difference(h), d2 = Difference(h / 2);
        return d2.Zip(d1, (a, b) => a + (a - b) / 3).ToArray();
    }

    private static bool Close(double expected, double actual, double tol) =>
        Math.Abs(expected - actual) <= tol * Math.Max(1, Math.Max(Math.Abs(expected), Math.Abs(actual)));

    [Theory]
    [MemberData(nameof(Names))]
    public void Jacobian_from_Pullback_and_Pushforward_matches_finite_differences(string name)
    {
        VectorCase c = Get(name);
        var failures = new List<string>();
        foreach (double[] raw in Points)
        {
            double[] x = Point(c, raw);
            double[] value = c.Value(x);
            for (int i = 0; i < c.Inputs; i++)
            {
                double[] fd = Column(c, x, i);

                double[] unit = new double[c.Inputs];
                unit[i] = 1;
                (double[] pushValues, double[] tangents) = c.Pushforward(x, unit);

                for (int k = 0; k < c.Outputs; k++)
                {
                    double[] seed = new double[c.Outputs];
                    seed[k] = 1;
                    double[] adj = new double[c.Inputs];
                    c.Pullback(x, seed, adj);

                    if (!Close(fd[k], adj[i], c.Tolerance))
                    {
                        failures.Add($"{c.Name} at {ScalarCase.Format(x)}: J[{k},{i}] finite differences {F(fd[k])}, Pullback(seed e{k}) {F(adj[i])}");
                    }

                    if (!Close(fd[k], tangents[k], c.Tolerance))
                    {
                        failures.Add($"{c.Name} at {ScalarCase.Format(x)}: J[{k},{i}] finite differences {F(fd[k])}, Pushforward(e{i}) {F(tangents[k])}");
                    }

                    if (pushValues[k] != value[k])
                    {
                        failures.Add($"{c.Name} at {ScalarCase.Format(x)}: output {k} is {F(value[k])}, Pushforward returned {F(pushValues[k])}");
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Pushforward_and_Pullback_pass_the_dot_product_test(string name)
    {
        VectorCase c = Get(name);
        var random = new Random(3);
        double tol = c.Precision == Precision.Double ? 1e-12 : 2e-5;
        var failures = new List<string>();
        foreach (double[] raw in Points)
        {
            double[] x = Point(c, raw);
            for (int trial = 0; trial < 3; trial++)
            {
                double[] v = Enumerable.Range(0, c.Inputs).Select(_ => c.Round(2 * random.NextDouble() - 1)).ToArray();
                double[] w = Enumerable.Range(0, c.Outputs).Select(_ => c.Round(2 * random.NextDouble() - 1)).ToArray();
                double[] jv = c.Pushforward(x, v).Tangents;
                double[] jtw = new double[c.Inputs];
                c.Pullback(x, w, jtw);
                double left = jv.Zip(w, (a, b) => a * b).Sum();
                double right = v.Zip(jtw, (a, b) => a * b).Sum();
                double scale = jv.Zip(w, (a, b) => Math.Abs(a * b)).Sum() + v.Zip(jtw, (a, b) => Math.Abs(a * b)).Sum();
                if (!(Math.Abs(left - right) <= tol * Math.Max(1, scale)))
                {
                    failures.Add($"{c.Name} at {ScalarCase.Format(x)}, v = {ScalarCase.Format(v)}, w = {ScalarCase.Format(w)}: <J·v, w> = {F(left)}, <v, Jᵀ·w> = {F(right)}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void Pullback_adds_into_the_adjoints_it_is_given()
    {
        double dr = 0, dtheta = 0;
        Tuples.PolarPullback(2.0, 0.5, 1.0, 0.0, ref dr, ref dtheta);
        double dr1 = dr, dtheta1 = dtheta;
        Tuples.PolarPullback(2.0, 0.5, 0.0, 1.0, ref dr, ref dtheta);

        // J = [[cos θ, -r sin θ], [sin θ, r cos θ]]; seeds (1,0) then (0,1) accumulate the two rows.
        Assert.Equal(Math.Cos(0.5), dr1, 15);
        Assert.Equal(-2.0 * Math.Sin(0.5), dtheta1, 15);
        Assert.Equal(Math.Cos(0.5) + Math.Sin(0.5), dr, 14);
        Assert.Equal(-2.0 * Math.Sin(0.5) + 2.0 * Math.Cos(0.5), dtheta, 14);
    }

    [Fact]
    public void No_Gradient_or_Hessian_is_generated_for_a_tuple_output()
    {
        string[] names = typeof(Tuples).GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static).Select(m => m.Name).ToArray();
        Assert.Contains("PolarPullback", names);
        Assert.Contains("PolarPushforward", names);
        Assert.DoesNotContain("PolarGradient", names);
        Assert.DoesNotContain("PolarHessian", names);
        Assert.DoesNotContain("PolarHessianVectorProduct", names);

        // The scalar function that calls Polar has all of them.
        Assert.Contains("UsesTupleGradient", names);
        Assert.Contains("UsesTupleHessian", names);
    }
}
