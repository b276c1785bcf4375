using System;
using System.Linq;
using System.Threading.Tasks;
using AutoDiffGen.IntegrationTests.Checking;
using AutoDiffGen.IntegrationTests.Functions;
using Xunit;

namespace AutoDiffGen.IntegrationTests;

/// <summary>
/// Counted for loops over spans, arrays and scalars: every function of <see cref="LoopCases"/> through every
/// check of <see cref="DerivativeCheck"/> (per span element), then closed forms, a large Rosenbrock against a
/// hand-written adjoint, argument checks on the adjoint and tangent spans, and tape reuse.
/// </summary>
public class LoopTests
{
    // ------------------------------------------------------------------ the table

    [Theory]
    [MemberData(nameof(LoopCases.Names), MemberType = typeof(LoopCases))]
    public void Gradient_matches_central_finite_differences(string name) =>
        DerivativeCheck.GradientMatchesFiniteDifferences(LoopCases.Get(name));

    [Theory]
    [MemberData(nameof(LoopCases.Names), MemberType = typeof(LoopCases))]
    public void Pushforward_and_Pullback_pass_the_dot_product_test(string name) =>
        DerivativeCheck.PushforwardAndPullbackAgree(LoopCases.Get(name));

    [Theory]
    [MemberData(nameof(LoopCases.Names), MemberType = typeof(LoopCases))]
    public void Gradient_equals_Pullback_with_seed_one_and_Pullback_accumulates(string name) =>
        DerivativeCheck.GradientEqualsPullback(LoopCases.Get(name));

    [Theory]
    [MemberData(nameof(LoopCases.Names), MemberType = typeof(LoopCases))]
    public void Every_member_returns_the_primal_value(string name) =>
        DerivativeCheck.EveryMemberReturnsTheValue(LoopCases.Get(name));

    [Theory]
    [MemberData(nameof(LoopCases.SecondOrderNames), MemberType = typeof(LoopCases))]
    public void Hessian_matches_finite_differences_of_the_Gradient_is_symmetric_and_agrees_with_the_HVP(string name) =>
        DerivativeCheck.HessianMatchesFiniteDifferences(LoopCases.Get(name));

    [Fact]
    public void The_table_has_second_order_cases_for_every_scalar_parameter_loop_function()
    {
        string[] secondOrder = LoopCases.All.Values.Where(c => c.Hessian is not null).Select(c => c.Name).ToArray();
        foreach (string function in new[] { "Euler", "NewtonSqrt", "ExpSeries" })
        {
            Assert.Contains(secondOrder, n => n.StartsWith("Loops." + function, StringComparison.Ordinal));
            Assert.Contains(secondOrder, n => n.StartsWith("LoopsF." + function, StringComparison.Ordinal));
        }
    }

    // ------------------------------------------------------------------ the smallest reproductions

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    public void An_accumulator_started_from_a_parameter_passes_its_adjoint_to_it(int n)
    {
        // s = c; s += x[i]² for each i: ∂s/∂c = 1 whatever n.
        double[] x = LoopCases.Uniform(n, 3, -1, 1);
        var dx = new double[n];
        double value = Loops.SumFromGradient(x, 0.5, dx, out double dc);
        Assert.Equal(0.5 + x.Sum(v => v * v), value, 1e-15);
        Assert.Equal(1.0, dc);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(2 * x[i], dx[i]);
        }

        double adjoint = 0.25;
        Loops.SumFromPullback(x, 0.5, 2.0, dx, ref adjoint);
        Assert.Equal(2.25, adjoint);

        Loops.EulerGradient(0.7, 1.3, 0, out double dy0, out double dk); // no steps: y = y0
        Assert.Equal(1.0, dy0);
        Assert.Equal(0.0, dk);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    public void A_taped_loop_carried_result_is_returned_with_its_final_value(int n)
    {
        // p = 1; p *= x, n times: the reverse sweep restores p from the tape, the members must still return x^n.
        const double x = 1.5;
        Assert.Equal(Math.Pow(x, n), Loops.Power(x, n));
        Assert.Equal(Math.Pow(x, n), Loops.PowerPushforward(x, n, 1.0, out double tangent));
        Assert.Equal(Math.Pow(x, n), Loops.PowerGradient(x, n, out double dx));
        Assert.Equal(n * Math.Pow(x, n - 1), dx, 1e-15 * Math.Abs(dx));
        Assert.Equal(n * Math.Pow(x, n - 1), tangent, 1e-15 * Math.Abs(tangent));

        var gradient = new double[1];
        var hessian = new double[1];
        Assert.Equal(Math.Pow(x, n), Loops.PowerHessian(x, n, gradient, hessian));
        Assert.Equal(n * (n - 1) * Math.Pow(x, n - 2), hessian[0], 1e-14 * Math.Max(1, Math.Abs(hessian[0])));
        Assert.Equal(Math.Pow(x, n), Loops.PowerHessianVectorProduct(x, n, 1.0, out _));
    }

    // ------------------------------------------------------------------ large Rosenbrock against a hand-written adjoint

    private static double[] RosenbrockAdjoint(double[] x, out double value)
    {
        var g = new double[x.Length];
        value = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            value += 100 * a * a + b * b;
            g[i] += -400 * x[i] * a - 2 * b;
            g[i + 1] += 200 * a;
        }

        return g;
    }

    /// <summary>Σ of the magnitudes of the terms that make up g[i]: the scale of its rounding error.</summary>
    private static double RosenbrockTermScale(double[] x, int i)
    {
        double s = 0;
        if (i + 1 < x.Length)
        {
            s += 400 * Math.Abs(x[i]) * (Math.Abs(x[i + 1]) + x[i] * x[i]) + 2 * Math.Abs(1 - x[i]);
        }

        if (i > 0)
        {
            s += 200 * (Math.Abs(x[i]) + x[i - 1] * x[i - 1]);
        }

        return s;
    }

    [Fact]
    public void Rosenbrock_with_100000_elements_matches_a_hand_written_adjoint()
    {
        const int n = 100_000;
        double[] x = LoopCases.Uniform(n, 2024, -1.5, 1.5);
        double[] expected = RosenbrockAdjoint(x, out double expectedValue);

        var dx = new double[n];
        dx.AsSpan().Fill(double.NaN); // Gradient overwrites
        double value = Loops.RosenbrockGradient(x, dx);
        Assert.Equal(expectedValue, value, 1e-12 * Math.Abs(expectedValue));
        for (int i = 0; i < n; i++)
        {
            if (!(Math.Abs(dx[i] - expected[i]) <= 1e-14 * RosenbrockTermScale(x, i)))
            {
                Assert.Fail($"dx[{i}]: hand-written {expected[i]:R}, Gradient {dx[i]:R}");
            }
        }

        // The array version, and Pullback with seed 2 adding into a non-zero adjoint.
        var da = new double[n];
        Loops.RosenbrockArrayGradient(x, da);
        var adj = Enumerable.Range(0, n).Select(i => (double)(i % 7) - 3).ToArray();
        Loops.RosenbrockPullback(x, 2.0, adj);
        for (int i = 0; i < n; i++)
        {
            double tol = 1e-14 * RosenbrockTermScale(x, i);
            if (!(Math.Abs(da[i] - expected[i]) <= tol))
            {
                Assert.Fail($"array dx[{i}]: hand-written {expected[i]:R}, Gradient {da[i]:R}");
            }

            double accumulated = (i % 7) - 3 + 2 * expected[i];
            if (!(Math.Abs(adj[i] - accumulated) <= 2 * tol + 1e-15 * Math.Abs(accumulated)))
            {
                Assert.Fail($"adj[{i}]: expected {accumulated:R}, Pullback gave {adj[i]:R}");
            }
        }
    }

    [Fact]
    public void Float_Rosenbrock_with_100000_elements_matches_a_hand_written_adjoint()
    {
        const int n = 100_000;
        float[] xf = Array.ConvertAll(LoopCases.Uniform(n, 2025, -1.5, 1.5), v => (float)v);
        double[] x = Array.ConvertAll(xf, v => (double)v);
        double[] expected = RosenbrockAdjoint(x, out _);

        var dx = new float[n];
        LoopsF.RosenbrockGradient(xf, dx);
        var da = new float[n];
        LoopsF.RosenbrockArrayGradient(xf, da);
        for (int i = 0; i < n; i++)
        {
            double tol = 4e-7 * RosenbrockTermScale(x, i);
            if (!(Math.Abs(dx[i] - expected[i]) <= tol && Math.Abs(da[i] - expected[i]) <= tol))
            {
                Assert.Fail($"dx[{i}]: hand-written {expected[i]:R}, Gradient (span) {dx[i]:R}, Gradient (array) {da[i]:R}");
            }
        }
    }

    [Fact]
    public void Rosenbrock_of_fewer_than_two_elements_is_zero_with_a_zero_gradient()
    {
        foreach (int n in new[] { 0, 1 })
        {
            var x = Enumerable.Repeat(0.3, n).ToArray();
            var dx = Enumerable.Repeat(double.NaN, n).ToArray();
            Assert.Equal(0.0, Loops.RosenbrockGradient(x, dx));
            Assert.All(dx, d => Assert.Equal(0.0, d));
            Assert.Equal(0.0, Loops.RosenbrockPushforward(x, new double[n], out double tangent));
            Assert.Equal(0.0, tangent);
        }
    }

    [Fact]
    public void Rosenbrock_gradient_is_zero_at_its_minimum()
    {
        var x = Enumerable.Repeat(1.0, 1000).ToArray();
        var dx = new double[1000];
        Assert.Equal(0.0, Loops.RosenbrockGradient(x, dx));
        Assert.All(dx, d => Assert.Equal(0.0, d));
    }

    // ------------------------------------------------------------------ closed forms

    [Theory]
    [InlineData(0.25)]
    [InlineData(2.0)]
    [InlineData(9.0)]
    [InlineData(100.0)]
    public void Newton_sqrt_has_the_derivatives_of_sqrt(double a)
    {
        Assert.Equal(Math.Sqrt(a), Loops.NewtonSqrtGradient(a, out double da), 1e-15 * Math.Sqrt(a));
        Assert.Equal(0.5 / Math.Sqrt(a), da, 1e-14 * da);

        Span<double> gradient = stackalloc double[1];
        Span<double> hessian = stackalloc double[1];
        Loops.NewtonSqrtHessian(a, gradient, hessian);
        double h = -0.25 / (a * Math.Sqrt(a));
        Assert.Equal(0.5 / Math.Sqrt(a), gradient[0], 1e-14 * da);
        Assert.Equal(h, hessian[0], 1e-12 * Math.Abs(h));

        Loops.NewtonSqrtHessianVectorProduct(a, -3.0, out double hv);
        Assert.Equal(-3.0 * h, hv, 1e-12 * Math.Abs(3 * h));

        LoopsF.NewtonSqrtGradient((float)a, out float daf);
        Assert.Equal(0.5 / Math.Sqrt(a), daf, 1e-6 * da);
        Span<float> gf = stackalloc float[1];
        Span<float> hf = stackalloc float[1];
        LoopsF.NewtonSqrtHessian((float)a, gf, hf);
        Assert.Equal(h, hf[0], 1e-5 * Math.Abs(h));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(20)]
    public void Exp_series_derivatives_are_the_shorter_partial_sums(int n)
    {
        static double Partial(double x, int m)
        {
            double s = 0, term = 1;
            for (int k = 0; k <= m; k++)
            {
                s += term;
                term *= x / (k + 1);
            }

            return s; // 0 for m < 0
        }

        foreach (double x in new[] { -2.0, 0.5, 3.0 })
        {
            double value = Loops.ExpSeriesGradient(x, n, out double dx);
            Assert.Equal(Partial(x, n), value, 1e-14 * Math.Max(1, Math.Abs(value)) * 4);
            Assert.Equal(Partial(x, n - 1), dx, 1e-13 * Math.Max(1, Math.Abs(dx)));

            var gradient = new double[1];
            var hessian = new double[1];
            Loops.ExpSeriesHessian(x, n, gradient, hessian);
            Assert.Equal(Partial(x, n - 2), hessian[0], 1e-12 * Math.Max(1, Math.Abs(hessian[0])));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(200)]
    public void Euler_derivatives_in_the_initial_value_have_closed_forms(int n)
    {
        // y_{i+1} = (1 - h·k)·y_i + h·sin(t_i): ∂y_n/∂y0 = (1 - h·k)^n, ∂²y_n/∂y0² = 0, ∂²y_n/∂y0∂k = -n·h·(1 - h·k)^(n-1).
        const double y0 = 0.7, k = 1.3;
        double h = 2.0 / n;
        double q = 1 - h * k;

        Loops.EulerGradient(y0, k, n, out double dy0, out _);
        Assert.Equal(Math.Pow(q, n), dy0, 1e-13 * Math.Max(1, Math.Abs(dy0)));

        var gradient = new double[2];
        var hessian = new double[4];
        Loops.EulerHessian(y0, k, n, gradient, hessian);
        Assert.Equal(0.0, hessian[0], 1e-14);
        double mixed = -n * h * Math.Pow(q, n - 1);
        Assert.Equal(mixed, hessian[1], 1e-12 * Math.Max(1, Math.Abs(mixed)));
        Assert.Equal(mixed, hessian[2], 1e-12 * Math.Max(1, Math.Abs(mixed)));
    }

    [Fact]
    public void Least_squares_gradient_and_its_derivative_have_closed_forms()
    {
        double[] t = LoopCases.DataT, y = LoopCases.DataY;
        foreach ((double a, double b) in new[] { (1.5, -0.5), (0.0, 0.0), (-2.0, 3.0) })
        {
            double sr = 0, srt = 0, st = 0, stt = 0, value = 0;
            for (int i = 0; i < t.Length; i++)
            {
                double r = a * t[i] + b - y[i];
                value += r * r;
                sr += r;
                srt += r * t[i];
                st += t[i];
                stt += t[i] * t[i];
            }

            Assert.Equal(value, Loops.SumOfSquaresGradient(a, b, t, y, out double da, out double db), 1e-13 * Math.Max(1, value));
            Assert.Equal(2 * srt, da, 1e-12 * Math.Max(1, Math.Abs(da)));
            Assert.Equal(2 * sr, db, 1e-12 * Math.Max(1, Math.Abs(db)));

            // The gradient is affine in (a, b), so a central difference of it is exact up to rounding: the
            // Hessian [[2Σt², 2Σt], [2Σt, 2n]] that a second-order member would return.
            const double step = 0.5;
            Loops.SumOfSquaresGradient(a + step, b, t, y, out double daP, out double dbP);
            Loops.SumOfSquaresGradient(a - step, b, t, y, out double daM, out double dbM);
            Assert.Equal(2 * stt, (daP - daM) / (2 * step), 1e-10 * stt);
            Assert.Equal(2 * st, (dbP - dbM) / (2 * step), 1e-10 * Math.Max(1, Math.Abs(st)));
            Loops.SumOfSquaresGradient(a, b + step, t, y, out daP, out dbP);
            Loops.SumOfSquaresGradient(a, b - step, t, y, out daM, out dbM);
            Assert.Equal(2 * st, (daP - daM) / (2 * step), 1e-10 * Math.Max(1, Math.Abs(st)));
            Assert.Equal(2.0 * t.Length, (dbP - dbM) / (2 * step), 1e-10 * t.Length);
        }
    }

    [Fact]
    public void Least_squares_data_spans_may_be_empty()
    {
        Assert.Equal(0.0, Loops.SumOfSquaresGradient(1.0, 2.0, ReadOnlySpan<double>.Empty, ReadOnlySpan<double>.Empty, out double da, out double db));
        Assert.Equal(0.0, da);
        Assert.Equal(0.0, db);
    }

    [Fact]
    public void Matrix_vector_norm_gradient_has_a_closed_form()
    {
        const int n = 5;
        double[] a = LoopCases.Uniform(n * n, 31, -1, 1);
        double[] v = LoopCases.Uniform(n, 32, -1, 1);
        double[] av = new double[n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                av[i] += a[i * n + j] * v[j];
            }
        }

        double norm = Math.Sqrt(av.Sum(r => r * r));
        var da = new double[n * n];
        var dv = new double[n];
        Assert.Equal(norm, Loops.MatVecNormGradient(a, v, da, dv), 1e-15 * norm);
        for (int i = 0; i < n; i++)
        {
            double expectedDv = 0;
            for (int j = 0; j < n; j++)
            {
                Assert.Equal(av[i] * v[j] / norm, da[i * n + j], 1e-14);
                expectedDv += a[j * n + i] * av[j] / norm;
            }

            Assert.Equal(expectedDv, dv[i], 1e-14);
        }
    }

    [Fact]
    public void Polynomial_gradient_is_the_powers_and_the_derivative()
    {
        double[] c = { 0.5, -1.0, 2.0, 0.25, -0.75 };
        const double x = -1.3;
        var dc = new double[c.Length];
        Loops.PolynomialGradient(c, x, dc, out double dx);
        double expectedDx = 0;
        for (int k = 0; k < c.Length; k++)
        {
            Assert.Equal(Math.Pow(x, k), dc[k], 1e-14 * Math.Max(1, Math.Abs(dc[k])));
            expectedDx += k * c[k] * Math.Pow(x, k - 1);
        }

        Assert.Equal(expectedDx, dx, 1e-13 * Math.Max(1, Math.Abs(dx)));
    }

    [Fact]
    public void Branch_on_data_takes_each_elements_own_side()
    {
        double[] x = { 0.5, -0.5, 2.0, -2.0, 1e-3, -1e-3 };
        var dx = new double[x.Length];
        double value = Loops.BranchyGradient(x, dx);
        Assert.Equal(x.Sum(v => v > 0 ? v * v : -Math.Sin(v)), value, 1e-15);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(x[i] > 0 ? 2 * x[i] : -Math.Cos(x[i]), dx[i], 1e-15);
        }

        // Exactly 0 takes the else branch.
        Loops.BranchyGradient(new[] { 0.0 }, dx.AsSpan(0, 1));
        Assert.Equal(-1.0, dx[0]);
    }

    // ------------------------------------------------------------------ second-order members: what is generated

    [Fact]
    public void Second_order_members_exist_for_loop_functions_with_scalar_and_span_parameters()
    {
        foreach (Type type in new[] { typeof(Loops), typeof(LoopsF) })
        {
            foreach (string function in new[] { "Euler", "NewtonSqrt", "ExpSeries", "Power", "Rosenbrock", "RosenbrockArray", "SumOfSquares", "Branchy", "MatVecNorm", "Polynomial", "Recurrence", "Triangular", "SumFrom" })
            {
                Assert.NotNull(type.GetMethod(function + "Hessian"));
                Assert.NotNull(type.GetMethod(function + "HessianVectorProduct"));
            }
        }
    }

    [Fact]
    public void The_span_Hessian_checks_its_arguments()
    {
        double[] x = { 1, 2, 3 };
        var e = Assert.Throws<ArgumentException>(() => Loops.PolynomialHessian(x, 0.5, new double[3], new double[16]));
        Assert.Equal("gradient", e.ParamName);
        Assert.Contains("length 4", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => Loops.PolynomialHessian(x, 0.5, new double[4], new double[15]));
        Assert.Equal("hessian", e.ParamName);
        var shared = new double[20];
        e = Assert.Throws<ArgumentException>(() => Loops.PolynomialHessian(x, 0.5, shared.AsSpan(0, 4), shared.AsSpan(2, 16)));
        Assert.Equal("gradient", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => Loops.PolynomialHessianVectorProduct(x, 0.5, new double[3], 1, new double[2], out _));
        Assert.Equal("hvc", e.ParamName);
    }

    // ------------------------------------------------------------------ argument checks

    private static void AssertNamesParameter(string parameter, Action call)
    {
        ArgumentException e = Assert.ThrowsAny<ArgumentException>(call);
        Assert.Equal(parameter, e.ParamName);
        Assert.Contains(parameter, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Adjoint_span_of_the_wrong_length_is_an_ArgumentException_naming_it()
    {
        double[] x = { 0.5, 1.5, -0.3 };
        foreach (int length in new[] { 0, 2, 4 })
        {
            var dx = Enumerable.Repeat(7.0, length).ToArray();
            AssertNamesParameter("dx", () => Loops.RosenbrockGradient(x, dx));
            AssertNamesParameter("dx", () => Loops.RosenbrockPullback(x, 1.0, dx));
            AssertNamesParameter("dx", () => Loops.RosenbrockArrayGradient(x, dx));
            AssertNamesParameter("dx", () => Loops.BranchyGradient(x, dx));
            AssertNamesParameter("dx", () => Loops.BranchySpanGradient(x, dx));
            Assert.All(dx, d => Assert.Equal(7.0, d)); // nothing written before the check
        }

        float[] xf = { 0.5f, 1.5f, -0.3f };
        AssertNamesParameter("dx", () => LoopsF.RosenbrockGradient(xf, new float[2]));
        AssertNamesParameter("dx", () => LoopsF.RosenbrockPullback(xf, 1f, new float[4]));
        AssertNamesParameter("dx", () => LoopsF.RosenbrockArrayGradient(xf, Span<float>.Empty));
    }

    [Fact]
    public void Each_of_several_adjoint_spans_is_checked()
    {
        double[] a = new double[9], v = new double[3];
        AssertNamesParameter("da", () => Loops.MatVecNormGradient(a, v, new double[8], new double[3]));
        AssertNamesParameter("dv", () => Loops.MatVecNormGradient(a, v, new double[9], new double[2]));
        AssertNamesParameter("da", () => Loops.MatVecNormPullback(a, v, 1.0, new double[10], new double[3]));
        AssertNamesParameter("dv", () => Loops.MatVecNormPullback(a, v, 1.0, new double[9], new double[4]));
        AssertNamesParameter("dc", () => Loops.PolynomialGradient(new double[4], 1.0, new double[3], out _));
        float dxf = 0;
        AssertNamesParameter("dc", () => LoopsF.PolynomialPullback(new float[4], 1f, 1f, new float[5], ref dxf));
        AssertNamesParameter("dx", () => Loops.RecurrenceGradient(new double[4], 0.5, 4, new double[3], out _));
    }

    [Fact]
    public void Tangent_span_of_the_wrong_length_is_an_ArgumentException_naming_it()
    {
        double[] x = { 0.5, 1.5, -0.3 };
        AssertNamesParameter("tx", () => Loops.RosenbrockPushforward(x, new double[2], out _));
        AssertNamesParameter("tx", () => Loops.RosenbrockArrayPushforward(x, new double[4], out _));
        AssertNamesParameter("tx", () => LoopsF.RosenbrockPushforward(new float[3], new float[2], out _));
        AssertNamesParameter("ta", () => Loops.MatVecNormPushforward(new double[9], new double[3], new double[3], new double[3], out _));
        AssertNamesParameter("tv", () => Loops.MatVecNormPushforward(new double[9], new double[3], new double[9], new double[2], out _));
        AssertNamesParameter("tc", () => Loops.PolynomialPushforward(new double[4], 1.0, new double[5], 1.0, out _));
    }

    // ------------------------------------------------------------------ tapes: reuse, no leftover state

    [Fact]
    public void Calling_a_derivative_twice_gives_the_same_result()
    {
        double[] x = LoopCases.Uniform(50, 5, -1.5, 1.5);

        double[] Rosenbrock()
        {
            var dx = new double[x.Length];
            return dx.Append(Loops.RosenbrockGradient(x, dx)).ToArray();
        }

        double[] Recurrence()
        {
            var dx = new double[x.Length];
            double v = Loops.RecurrenceGradient(x, 0.8, x.Length, dx, out double dy0);
            return dx.Append(dy0).Append(v).ToArray();
        }

        double[] Euler()
        {
            double v = Loops.EulerGradient(0.7, 1.3, 100, out double dy0, out double dk);
            var h = new double[4];
            Loops.EulerHessian(0.7, 1.3, 100, new double[2], h);
            Loops.EulerHessianVectorProduct(0.7, 1.3, 100, 0.3, -0.2, out double h0, out double h1);
            return h.Append(dy0).Append(dk).Append(h0).Append(h1).Append(v).ToArray();
        }

        double[] Scalars()
        {
            double a = Loops.NewtonSqrtGradient(3.0, out double da);
            double b = Loops.ExpSeriesGradient(1.7, 12, out double db);
            var h = new double[1];
            Loops.ExpSeriesHessian(1.7, 12, new double[1], h);
            return new[] { a, da, b, db, h[0] };
        }

        foreach (Func<double[]> member in new Func<double[]>[] { Rosenbrock, Recurrence, Euler, Scalars })
        {
            double[] first = member();
            double[] second = member();
            Assert.Equal(first, second); // bit for bit
        }
    }

    [Fact]
    public void A_long_taped_loop_leaves_nothing_behind_for_a_short_one()
    {
        double shortValue = Loops.EulerGradient(0.7, 1.3, 3, out double dy0, out double dk);
        Loops.EulerGradient(0.7, 1.3, 100_000, out _, out _);
        Loops.EulerPullback(-0.2, 0.4, 5_000, 1.0, ref dy0, ref dk); // a pullback in between, same tape type
        Assert.Equal(shortValue, Loops.EulerGradient(0.7, 1.3, 3, out double dy0Again, out double dkAgain));
        Loops.EulerGradient(0.7, 1.3, 3, out dy0, out dk);
        Assert.Equal(dy0, dy0Again);
        Assert.Equal(dk, dkAgain);

        // The same through float tapes and forward-over-reverse.
        LoopsF.EulerHessianVectorProduct(0.7f, 1.3f, 3, 1f, 0f, out float a0, out float a1);
        LoopsF.EulerHessianVectorProduct(0.7f, 1.3f, 50_000, 1f, 0f, out _, out _);
        LoopsF.EulerHessianVectorProduct(0.7f, 1.3f, 3, 1f, 0f, out float b0, out float b1);
        Assert.Equal(a0, b0);
        Assert.Equal(a1, b1);
    }

    [Fact]
    public void An_exception_in_the_middle_of_a_taped_loop_does_not_spoil_later_calls()
    {
        double[] x = LoopCases.Uniform(10, 9, -1, 1);
        var dx = new double[10];
        double value = Loops.RecurrenceGradient(x, 0.8, 10, dx, out double dy0);
        double[] before = (double[])dx.Clone();

        // m > x.Length: the forward sweep throws at x[10] after taping ten values.
        Assert.Throws<IndexOutOfRangeException>(() => Loops.RecurrenceGradient(x, 0.8, 11, dx, out _));
        double adjoint = 0;
        Assert.Throws<IndexOutOfRangeException>(() => Loops.RecurrencePullback(x, 0.8, 11, 1.0, new double[10], ref adjoint));

        Assert.Equal(value, Loops.RecurrenceGradient(x, 0.8, 10, dx, out double dy0Again));
        Assert.Equal(before, dx);
        Assert.Equal(dy0, dy0Again);
    }

    [Fact]
    public void Concurrent_calls_on_several_threads_agree_with_sequential_ones()
    {
        const int calls = 64;
        double[] Expected(int i)
        {
            double v = Loops.EulerGradient(0.1 * i, 0.5 + 0.01 * i, 100 + 37 * i, out double dy0, out double dk);
            double[] x = LoopCases.Uniform(20 + i, i, -1, 1);
            var dx = new double[x.Length];
            double r = Loops.RecurrenceGradient(x, 0.3, x.Length, dx, out double dr);
            return dx.Append(v).Append(dy0).Append(dk).Append(r).Append(dr).ToArray();
        }

        double[][] sequential = Enumerable.Range(0, calls).Select(Expected).ToArray();
        var parallel = new double[calls][];
        Parallel.For(0, calls, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => parallel[i] = Expected(i));
        for (int i = 0; i < calls; i++)
        {
            Assert.Equal(sequential[i], parallel[i]);
        }
    }
}
