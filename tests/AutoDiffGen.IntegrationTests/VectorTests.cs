using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.IntegrationTests.Checking;
using AutoDiffGen.IntegrationTests.Functions;
using Xunit;
using static AutoDiffGen.IntegrationTests.LoopCases;

namespace AutoDiffGen.IntegrationTests;

/// <summary>
/// Vector-valued functions (results written into span or array parameters): Pushforward columns and Pullback
/// rows against central finite differences, the dot-product test between them, the Jacobian member against
/// both, Pullback accumulating and leaving its seed alone, and every member writing the primal's outputs.
/// </summary>
public class VectorTests
{
    /// <summary>One vector function, adapted to flat double arrays: n active inputs, m outputs.</summary>
    public sealed record VectorCase(
        string Name,
        int N,
        int M,
        bool Float,
        Func<double[], double[]> Value,
        Func<double[], double[], (double[] Outputs, double[] Tangent)> Pushforward,
        Func<double[], double[], double[], double[]> Pullback,
        Func<double[], (double[] Outputs, double[] Jacobian)>? Jacobian,
        double[][] Points);

    private static float[] F(double[] v) => Array.ConvertAll(v, x => (float)x);

    private static double[] D(float[] v) => Array.ConvertAll(v, x => (double)x);

    private static readonly double[] DataT = Uniform(7, 31, -2, 2);
    private static readonly double[] DataY = Uniform(7, 32, -1, 3);

    private static IEnumerable<VectorCase> Build()
    {
        yield return new VectorCase("Vectors.Residuals", 2, DataT.Length, false,
            x => Run(DataT.Length, r => Vectors.Residuals(x[0], x[1], DataT, DataY, r)),
            (x, t) =>
            {
                var r = new double[DataT.Length];
                var tr = new double[DataT.Length];
                Vectors.ResidualsPushforward(x[0], x[1], DataT, DataY, r, t[0], t[1], tr);
                return (r, tr);
            },
            (x, w, adjoint) =>
            {
                var r = new double[DataT.Length];
                Vectors.ResidualsPullback(x[0], x[1], DataT, DataY, r, w, ref adjoint[0], ref adjoint[1]);
                return r;
            },
            x =>
            {
                var r = new double[DataT.Length];
                var j = new double[DataT.Length * 2];
                Vectors.ResidualsJacobian(x[0], x[1], DataT, DataY, r, j);
                return (r, j);
            },
            new[] { new[] { 1.5, -0.5 }, new[] { -0.3, 2.0 } });

        foreach (var (rows, cols) in new[] { (1, 1), (3, 2), (2, 5), (6, 6) })
        {
            int n = rows * cols + cols;
            double[][] points = { Uniform(n, 40 + n, -1, 1), Uniform(n, 50 + n, 0.5, 2) };
            yield return new VectorCase($"Vectors.MatVec({rows}x{cols})", n, rows, false,
                x => Run(rows, y => Vectors.MatVec(x.AsSpan(0, rows * cols), x.AsSpan(rows * cols), y)),
                (x, t) =>
                {
                    var y = new double[rows];
                    var ty = new double[rows];
                    Vectors.MatVecPushforward(x.AsSpan(0, rows * cols), x.AsSpan(rows * cols), y, t.AsSpan(0, rows * cols), t.AsSpan(rows * cols), ty);
                    return (y, ty);
                },
                (x, w, adjoint) =>
                {
                    var y = new double[rows];
                    Vectors.MatVecPullback(x.AsSpan(0, rows * cols), x.AsSpan(rows * cols), y, w, adjoint.AsSpan(0, rows * cols), adjoint.AsSpan(rows * cols));
                    return y;
                },
                x =>
                {
                    var y = new double[rows];
                    var j = new double[rows * n];
                    Vectors.MatVecJacobian(x.AsSpan(0, rows * cols), x.AsSpan(rows * cols), y, j);
                    return (y, j);
                },
                points);
            yield return new VectorCase($"VectorsF.MatVec({rows}x{cols})", n, rows, true,
                x => D(RunF(rows, y => VectorsF.MatVec(F(x).AsSpan(0, rows * cols), F(x).AsSpan(rows * cols), y))),
                (x, t) =>
                {
                    var y = new float[rows];
                    var ty = new float[rows];
                    VectorsF.MatVecPushforward(F(x).AsSpan(0, rows * cols), F(x).AsSpan(rows * cols), y, F(t).AsSpan(0, rows * cols), F(t).AsSpan(rows * cols), ty);
                    return (D(y), D(ty));
                },
                (x, w, adjoint) =>
                {
                    var y = new float[rows];
                    var a = F(adjoint);
                    VectorsF.MatVecPullback(F(x).AsSpan(0, rows * cols), F(x).AsSpan(rows * cols), y, F(w), a.AsSpan(0, rows * cols), a.AsSpan(rows * cols));
                    D(a).CopyTo(adjoint, 0);
                    return D(y);
                },
                x =>
                {
                    var y = new float[rows];
                    var j = new float[rows * n];
                    VectorsF.MatVecJacobian(F(x).AsSpan(0, rows * cols), F(x).AsSpan(rows * cols), y, j);
                    return (D(y), D(j));
                },
                points);
        }

        // [NoDerivative] indices passed through to every member, the Jacobian's included.
        foreach (int n in new[] { 1, 4 })
        {
            int[] indices = Enumerable.Range(0, n).Select(k => (3 * k + 1) % n).ToArray();
            yield return new VectorCase($"DataParameters.Scatter(n={n})", n, n, false,
                x => Run(n, y => DataParameters.Scatter(x, indices, y)),
                (x, t) =>
                {
                    var y = new double[n];
                    var ty = new double[n];
                    DataParameters.ScatterPushforward(x, indices, y, t, ty);
                    return (y, ty);
                },
                (x, w, adjoint) =>
                {
                    var y = new double[n];
                    DataParameters.ScatterPullback(x, indices, y, w, adjoint);
                    return y;
                },
                x =>
                {
                    var y = new double[n];
                    var j = new double[n * n];
                    DataParameters.ScatterJacobian(x, indices, y, j);
                    return (y, j);
                },
                new[] { Uniform(n, 700 + n, -1, 1), Uniform(n, 710 + n, -2, 2) });
        }

        {
            // Integer data without [NoDerivative]: the CSR structure of IndexDataCases, passed through to every member.
            int nnz = IndexDataCases.Columns.Length, rows = IndexDataCases.RowStart.Length - 1, n = nnz + 5;
            yield return new VectorCase("IndexData.CsrProduct", n, rows, false,
                x => Run(rows, y => IndexData.CsrProduct(x.AsSpan(0, nnz), x.AsSpan(nnz), IndexDataCases.RowStart, IndexDataCases.Columns, y)),
                (x, t) =>
                {
                    var y = new double[rows];
                    var ty = new double[rows];
                    IndexData.CsrProductPushforward(x.AsSpan(0, nnz), x.AsSpan(nnz), IndexDataCases.RowStart, IndexDataCases.Columns, y, t.AsSpan(0, nnz), t.AsSpan(nnz), ty);
                    return (y, ty);
                },
                (x, w, adjoint) =>
                {
                    var y = new double[rows];
                    IndexData.CsrProductPullback(x.AsSpan(0, nnz), x.AsSpan(nnz), IndexDataCases.RowStart, IndexDataCases.Columns, y, w, adjoint.AsSpan(0, nnz), adjoint.AsSpan(nnz));
                    return y;
                },
                x =>
                {
                    var y = new double[rows];
                    var j = new double[rows * n];
                    IndexData.CsrProductJacobian(x.AsSpan(0, nnz), x.AsSpan(nnz), IndexDataCases.RowStart, IndexDataCases.Columns, y, j);
                    return (y, j);
                },
                new[] { Uniform(n, 860, -1, 1), Uniform(n, 861, -2, 2) });
        }

        foreach (int n in new[] { 1, 3 })
        {
            yield return new VectorCase($"Vectors.Reversed(n={n})", n, n, false,
                x => Run(n, y => Vectors.Reversed(x, y)),
                (x, t) =>
                {
                    var y = new double[n];
                    var ty = new double[n];
                    Vectors.ReversedPushforward(x, y, t, ty);
                    return (y, ty);
                },
                (x, w, adjoint) =>
                {
                    var y = new double[n];
                    Vectors.ReversedPullback(x, y, w, adjoint);
                    return y;
                },
                x =>
                {
                    var y = new double[n];
                    var j = new double[n * n];
                    Vectors.ReversedJacobian(x, y, j);
                    return (y, j);
                },
                new[] { Uniform(n, 720 + n, -1, 1), Uniform(n, 730 + n, -2, 2) });
        }

        yield return new VectorCase("Vectors.Polar", 2, 2, false,
            x => Run(2, xy => Vectors.Polar(x[0], x[1], xy)),
            (x, t) =>
            {
                var xy = new double[2];
                var txy = new double[2];
                Vectors.PolarPushforward(x[0], x[1], xy, t[0], t[1], txy);
                return (xy, txy);
            },
            (x, w, adjoint) =>
            {
                var xy = new double[2];
                Vectors.PolarPullback(x[0], x[1], xy, w, ref adjoint[0], ref adjoint[1]);
                return xy;
            },
            x =>
            {
                var xy = new double[2];
                var j = new double[4];
                Vectors.PolarJacobian(x[0], x[1], xy, j);
                return (xy, j);
            },
            new[] { new[] { 2.0, 0.5 }, new[] { 0.7, -2.5 } });
        yield return new VectorCase("VectorsF.Polar", 2, 2, true,
            x => D(RunF(2, xy => VectorsF.Polar((float)x[0], (float)x[1], xy))),
            (x, t) =>
            {
                var xy = new float[2];
                var txy = new float[2];
                VectorsF.PolarPushforward((float)x[0], (float)x[1], xy, (float)t[0], (float)t[1], txy);
                return (D(xy), D(txy));
            },
            (x, w, adjoint) =>
            {
                var xy = new float[2];
                float a0 = (float)adjoint[0], a1 = (float)adjoint[1];
                VectorsF.PolarPullback((float)x[0], (float)x[1], xy, F(w), ref a0, ref a1);
                (adjoint[0], adjoint[1]) = (a0, a1);
                return D(xy);
            },
            x =>
            {
                var xy = new float[2];
                var j = new float[4];
                VectorsF.PolarJacobian((float)x[0], (float)x[1], xy, j);
                return (D(xy), D(j));
            },
            new[] { new[] { 2.0, 0.5 }, new[] { 0.7, -2.5 } });

        foreach (int n in new[] { 1, 2, 5 })
        {
            yield return new VectorCase($"Vectors.Overwritten(n={n})", n, n, false,
                x => Run(n, y => Vectors.Overwritten(x, y)),
                (x, t) =>
                {
                    var y = new double[n];
                    var ty = new double[n];
                    Vectors.OverwrittenPushforward(x, y, t, ty);
                    return (y, ty);
                },
                (x, w, adjoint) =>
                {
                    var y = new double[n];
                    Vectors.OverwrittenPullback(x, y, w, adjoint);
                    return y;
                },
                x =>
                {
                    var y = new double[n];
                    var j = new double[n * n];
                    Vectors.OverwrittenJacobian(x, y, j);
                    return (y, j);
                },
                new[] { Uniform(n, 60 + n, -1, 1), Uniform(n, 70 + n, 0.5, 2) });
        }

        foreach (int n in new[] { 1, 2, 6 })
        {
            yield return new VectorCase($"Vectors.Recurrence(n={n})", n, n, false,
                x => Run(n, y => Vectors.Recurrence(x, y)),
                (x, t) =>
                {
                    var y = new double[n];
                    var ty = new double[n];
                    Vectors.RecurrencePushforward(x, y, t, ty);
                    return (y, ty);
                },
                (x, w, adjoint) =>
                {
                    var y = new double[n];
                    Vectors.RecurrencePullback(x, y, w, adjoint);
                    return y;
                },
                x =>
                {
                    var y = new double[n];
                    var j = new double[n * n];
                    Vectors.RecurrenceJacobian(x, y, j);
                    return (y, j);
                },
                new[] { Uniform(n, 80 + n, -1, 1), Uniform(n, 90 + n, 0.5, 2) });
            yield return new VectorCase($"Vectors.InPlace(n={n})", n, n, false,
                x => Run(n, y => Vectors.InPlace(x, y)),
                (x, t) =>
                {
                    var y = new double[n];
                    var ty = new double[n];
                    Vectors.InPlacePushforward(x, y, t, ty);
                    return (y, ty);
                },
                (x, w, adjoint) =>
                {
                    var y = new double[n];
                    Vectors.InPlacePullback(x, y, w, adjoint);
                    return y;
                },
                x =>
                {
                    var y = new double[n];
                    var j = new double[n * n];
                    Vectors.InPlaceJacobian(x, y, j);
                    return (y, j);
                },
                new[] { Uniform(n, 85 + n, -1, 1), Uniform(n, 95 + n, 0.5, 2) });
        }

        foreach (int n in new[] { 1, 4 })
        {
            yield return new VectorCase($"Vectors.SquaresUntilNegative(n={n})", n + 1, n, false,
                x => Run(n, y => Vectors.SquaresUntilNegative(x.AsSpan(0, n), x[n], y), fill: 0.5),
                (x, t) =>
                {
                    var y = Filled(n, 0.5);
                    var ty = new double[n];
                    Vectors.SquaresUntilNegativePushforward(x.AsSpan(0, n), x[n], y, t.AsSpan(0, n), t[n], ty);
                    return (y, ty);
                },
                (x, w, adjoint) =>
                {
                    var y = Filled(n, 0.5);
                    Vectors.SquaresUntilNegativePullback(x.AsSpan(0, n), x[n], y, w, adjoint.AsSpan(0, n), ref adjoint[n]);
                    return y;
                },
                x =>
                {
                    var y = Filled(n, 0.5);
                    var j = new double[n * (n + 1)];
                    Vectors.SquaresUntilNegativeJacobian(x.AsSpan(0, n), x[n], y, j);
                    return (y, j);
                },
                // All positive; a negative element in the middle (n = 4); a ≤ 0, which returns at once.
                new[] { Concat(Uniform(n, 80 + n, 0.2, 1.5), new[] { 1.3 }), Concat(Enumerable.Range(0, n).Select(i => i == n / 2 ? -0.4 : 0.7 + i).ToArray(), new[] { 0.8 }), Concat(Uniform(n, 90 + n, 0.2, 1.5), new[] { -0.6 }) });
        }

        foreach (int n in new[] { 1, 3 })
        {
            yield return new VectorCase($"Vectors.AddAfterRead(n={n})", n + 1, 2, false,
                x => Run(2, y => Vectors.AddAfterRead(x.AsSpan(0, n), x[n], y), fill: 0.5),
                (x, t) =>
                {
                    var y = Filled(2, 0.5);
                    var ty = new double[2];
                    Vectors.AddAfterReadPushforward(x.AsSpan(0, n), x[n], y, t.AsSpan(0, n), t[n], ty);
                    return (y, ty);
                },
                (x, w, adjoint) =>
                {
                    var y = Filled(2, 0.5);
                    Vectors.AddAfterReadPullback(x.AsSpan(0, n), x[n], y, w, adjoint.AsSpan(0, n), ref adjoint[n]);
                    return y;
                },
                x =>
                {
                    var y = Filled(2, 0.5);
                    var j = new double[2 * (n + 1)];
                    Vectors.AddAfterReadJacobian(x.AsSpan(0, n), x[n], y, j);
                    return (y, j);
                },
                new[] { Concat(Uniform(n, 120 + n, -1, 1), new[] { 0.3 }), Concat(Uniform(n, 130 + n, -1, 1), new[] { -1.1 }) });
        }

        // From u0 = 0.2 with rate 3 the state passes 0.9 at step 9 (of 12): the last elements are left alone.
        foreach (int steps in new[] { 1, 4, 12 })
        {
            yield return new VectorCase($"Vectors.LogisticSteps(steps={steps})", 2, steps, false,
                x => Run(steps, s => Vectors.LogisticSteps(x[0], x[1], s), fill: 0.25),
                (x, t) =>
                {
                    var s = Filled(steps, 0.25);
                    var ts = new double[steps];
                    Vectors.LogisticStepsPushforward(x[0], x[1], s, t[0], t[1], ts);
                    return (s, ts);
                },
                (x, w, adjoint) =>
                {
                    var s = Filled(steps, 0.25);
                    Vectors.LogisticStepsPullback(x[0], x[1], s, w, ref adjoint[0], ref adjoint[1]);
                    return s;
                },
                x =>
                {
                    var s = Filled(steps, 0.25);
                    var j = new double[steps * 2];
                    Vectors.LogisticStepsJacobian(x[0], x[1], s, j);
                    return (s, j);
                },
                new[] { new[] { 0.2, 3.0 }, new[] { 0.05, 1.3 } });
        }
    }

    private static double[] Filled(int n, double v) => Enumerable.Repeat(v, n).ToArray();

    private static double[] Run(int m, Action<double[]> f, double fill = 0)
    {
        var y = Filled(m, fill);
        f(y);
        return y;
    }

    private static float[] RunF(int m, Action<float[]> f)
    {
        var y = new float[m];
        f(y);
        return y;
    }

    private static readonly CaseTable<VectorCase> Table = new(Build, c => c.Name);

    public static TheoryData<string> Names => Table.Names;

    // ------------------------------------------------------------------ checks

    private static double Tolerance(VectorCase c) => c.Float ? 2e-3 : 1e-7;

    /// <summary>∂outputs/∂x_j by central differences (Richardson-extrapolated), column j of the Jacobian.</summary>
    private static double[] FiniteDifferenceColumn(VectorCase c, double[] x, int j)
    {
        double h = (c.Float ? 1e-2 : 1e-4) * Math.Max(1, Math.Abs(x[j]));
        double[] Central(double step)
        {
            var plus = (double[])x.Clone();
            var minus = (double[])x.Clone();
            plus[j] += step;
            minus[j] -= step;
            var fp = c.Value(plus);
            var fm = c.Value(minus);
            return fp.Select((v, i) => (v - fm[i]) / (2 * step)).ToArray();
        }
        var d1 = Central(h);
        var d2 = Central(h / 2);
        return d1.Select((v, i) => (4 * d2[i] - v) / 3).ToArray();
    }

    private static void Close(double expected, double actual, double tolerance, string what)
        => Assert.True(Math.Abs(expected - actual) <= tolerance * (1 + Math.Abs(expected)), $"{what}: expected {expected:R}, got {actual:R}");

    private static double[] Unit(int n, int k)
    {
        var e = new double[n];
        e[k] = 1;
        return e;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Pushforward_columns_and_Pullback_rows_match_finite_differences(string name)
    {
        var c = Table.Get(name);
        foreach (var x in c.Points)
        {
            var columns = Enumerable.Range(0, c.N).Select(j => FiniteDifferenceColumn(c, x, j)).ToArray();
            for (int j = 0; j < c.N; j++)
            {
                var (_, tangent) = c.Pushforward(x, Unit(c.N, j));
                for (int i = 0; i < c.M; i++) Close(columns[j][i], tangent[i], Tolerance(c), $"{name} at [{string.Join(", ", x)}]: ∂y{i}/∂x{j} (pushforward)");
            }
            for (int i = 0; i < c.M; i++)
            {
                var adjoint = new double[c.N];
                c.Pullback(x, Unit(c.M, i), adjoint);
                for (int j = 0; j < c.N; j++) Close(columns[j][i], adjoint[j], Tolerance(c), $"{name} at [{string.Join(", ", x)}]: ∂y{i}/∂x{j} (pullback)");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Pushforward_and_Pullback_pass_the_dot_product_test(string name)
    {
        var c = Table.Get(name);
        foreach (var x in c.Points)
        {
            var v = Uniform(c.N, 7, -1, 1);
            var w = Uniform(c.M, 8, -1, 1);
            var (_, jv) = c.Pushforward(x, v);
            var jtw = new double[c.N];
            c.Pullback(x, w, jtw);
            double left = jv.Zip(w, (a, b) => a * b).Sum();
            double right = v.Zip(jtw, (a, b) => a * b).Sum();
            Close(left, right, c.Float ? 1e-4 : 1e-12, $"{name}: <J v, w> against <v, Jᵀ w>");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Jacobian_equals_the_pushforward_columns_and_the_pullback_rows(string name)
    {
        var c = Table.Get(name);
        foreach (var x in c.Points)
        {
            var (outputs, jacobian) = c.Jacobian!(x);
            Assert.Equal(c.Value(x), outputs);
            for (int j = 0; j < c.N; j++)
            {
                var (_, column) = c.Pushforward(x, Unit(c.N, j));
                for (int i = 0; i < c.M; i++) Close(column[i], jacobian[i * c.N + j], c.Float ? 1e-5 : 1e-13, $"{name}: J[{i},{j}] against the pushforward");
            }
            for (int i = 0; i < c.M; i++)
            {
                var row = new double[c.N];
                c.Pullback(x, Unit(c.M, i), row);
                for (int j = 0; j < c.N; j++) Close(row[j], jacobian[i * c.N + j], c.Float ? 1e-5 : 1e-13, $"{name}: J[{i},{j}] against the pullback");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Pullback_accumulates_leaves_its_seed_alone_and_every_member_writes_the_outputs(string name)
    {
        var c = Table.Get(name);
        foreach (var x in c.Points)
        {
            var w = Uniform(c.M, 9, -1, 1);
            var seed = (double[])w.Clone();
            var once = new double[c.N];
            var outputs = c.Pullback(x, seed, once);
            Assert.Equal(w, seed);
            Assert.Equal(c.Value(x), outputs);
            var twice = (double[])once.Clone();
            c.Pullback(x, seed, twice);
            for (int j = 0; j < c.N; j++) Close(2 * once[j], twice[j], c.Float ? 1e-6 : 1e-15, $"{name}: a second pullback adds");
            Assert.Equal(c.Value(x), c.Pushforward(x, Uniform(c.N, 10, -1, 1)).Outputs);
        }
    }

    [Fact]
    public void A_function_with_a_scalar_and_a_vector_result_has_a_pullback_with_both_seeds_and_a_pushforward_with_both_tangents()
    {
        double[] x = { 3, -4, 12 };
        var unit = new double[3];
        var tangent = new double[3];
        double norm = Vectors.NormalizePushforward(x, unit, new double[] { 1, 0, 0 }, tangent, out double normTangent);
        Assert.Equal(13, norm);
        Assert.Equal(new[] { 3 / 13.0, -4 / 13.0, 12 / 13.0 }, unit);
        Close(3 / 13.0, normTangent, 1e-15, "∂norm/∂x0");
        Close(1 / 13.0 - 9 / 2197.0, tangent[0], 1e-15, "∂unit0/∂x0");
        Close(12 / 2197.0, tangent[1], 1e-15, "∂unit1/∂x0");

        // Seed 1 on the norm and 0 on the unit vector: the gradient of the norm, x / norm.
        var adjoint = new double[3];
        Vectors.NormalizePullback(x, unit, new double[3], 1, adjoint);
        for (int i = 0; i < 3; i++) Close(x[i] / 13, adjoint[i], 1e-15, $"∂norm/∂x{i}");
    }

    [Fact]
    public void Span_arguments_of_the_wrong_length_are_rejected_naming_the_parameter()
    {
        var a = new double[6];
        var x = new double[2];
        var y = new double[3];
        var e = Assert.Throws<ArgumentException>(() => Vectors.MatVecPullback(a, x, y, new double[2], new double[6], new double[2]));
        Assert.Equal("dy", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => Vectors.MatVecPushforward(a, x, y, new double[6], new double[2], new double[4]));
        Assert.Equal("ty", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => Vectors.MatVecJacobian(a, x, y, new double[3 * 7]));
        Assert.Equal("jacobian", e.ParamName);
        Assert.Contains("3×8", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Spans_a_member_writes_must_not_overlap_the_spans_it_reads()
    {
        var memory = new double[12];
        var a = memory.AsSpan(0, 6).ToArray();
        var x = new double[] { 1, 2 };
        // The output y placed over x: the pullback would read x after writing y.
        var xy = new double[3];
        var e = Assert.Throws<ArgumentException>(() => Vectors.MatVecPullback(a, xy.AsSpan(0, 2), xy, new double[3], new double[6], new double[2]));
        Assert.Equal("y", e.ParamName);
        Assert.Contains("must not overlap x", e.Message, StringComparison.Ordinal);
        // An adjoint over the input it belongs to.
        e = Assert.Throws<ArgumentException>(() => Vectors.MatVecPullback(memory.AsSpan(0, 6), x, new double[3], new double[3], memory.AsSpan(0, 6), new double[2]));
        Assert.Equal("da", e.ParamName);
        // The Jacobian over an input.
        var big = new double[24];
        e = Assert.Throws<ArgumentException>(() => Vectors.MatVecJacobian(big.AsSpan(0, 6), x, new double[3], big));
        Assert.Equal("jacobian", e.ParamName);
        // Inputs may share memory: both are only read.
        Vectors.MatVecPushforward(a, x, new double[3], a, x, new double[3]);
    }
}
