using System;
using System.Linq;
using System.Numerics;
using System.Reflection;
using AutoDiffGen.IntegrationTests.Checking;
using AutoDiffGen.IntegrationTests.Functions;
using Xunit;

namespace AutoDiffGen.IntegrationTests;

/// <summary>
/// Structs as parameters, locals, results and tuple elements: every function of <see cref="StructCases"/> through every check
/// of <see cref="DerivativeCheck"/>, the struct-valued ones by their Jacobians, and the shape of the generated members.
/// </summary>
public class StructTests
{
    [Theory]
    [MemberData(nameof(StructCases.Names), MemberType = typeof(StructCases))]
    public void Gradient_matches_central_finite_differences(string name) =>
        DerivativeCheck.GradientMatchesFiniteDifferences(StructCases.Get(name));

    [Theory]
    [MemberData(nameof(StructCases.Names), MemberType = typeof(StructCases))]
    public void Pushforward_and_Pullback_pass_the_dot_product_test(string name) =>
        DerivativeCheck.PushforwardAndPullbackAgree(StructCases.Get(name));

    [Theory]
    [MemberData(nameof(StructCases.Names), MemberType = typeof(StructCases))]
    public void Gradient_equals_Pullback_with_seed_one_and_Pullback_accumulates(string name) =>
        DerivativeCheck.GradientEqualsPullback(StructCases.Get(name));

    [Theory]
    [MemberData(nameof(StructCases.Names), MemberType = typeof(StructCases))]
    public void Every_member_returns_the_primal_value(string name) =>
        DerivativeCheck.EveryMemberReturnsTheValue(StructCases.Get(name));

    [Theory]
    [MemberData(nameof(StructCases.SecondOrderNames), MemberType = typeof(StructCases))]
    public void Hessian_matches_finite_differences_of_the_Gradient_is_symmetric_and_agrees_with_the_HVP(string name) =>
        DerivativeCheck.HessianMatchesFiniteDifferences(StructCases.Get(name));

    /// <summary>∂f/∂x by central differences, for a function of a flat vector into a flat vector.</summary>
    private static double[,] Jacobian(Func<double[], double[]> f, double[] x)
    {
        int m = f(x).Length;
        var jacobian = new double[m, x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            double h = 1e-6 * Math.Max(1, Math.Abs(x[i]));
            double[] plus = (double[])x.Clone(), minus = (double[])x.Clone();
            plus[i] += h;
            minus[i] -= h;
            double[] fp = f(plus), fm = f(minus);
            for (int k = 0; k < m; k++) jacobian[k, i] = (fp[k] - fm[k]) / (2 * h);
        }
        return jacobian;
    }

    [Theory]
    [InlineData(1.5, 0.7, 0.1)]
    [InlineData(-0.3, 2.0, 0.25)]
    public void A_struct_result_has_a_struct_seed_and_a_struct_tangent(double rate, double shift, double h)
    {
        double[] F(double[] x)
        {
            var r = Structs.Step(new Params(x[0], x[1]), x[2]);
            return new[] { r.Rate, r.Shift };
        }
        var x = new[] { rate, shift, h };
        var expected = Jacobian(F, x);
        for (int k = 0; k < 2; k++)
        {
            // Row k from the pullback seeded with the k-th unit struct.
            var dp = new Params(0, 0);
            double dh = 0;
            Structs.StepPullback(new Params(rate, shift), h, k == 0 ? new Params(1, 0) : new Params(0, 1), ref dp, ref dh);
            Assert.Equal(expected[k, 0], dp.Rate, 6);
            Assert.Equal(expected[k, 1], dp.Shift, 6);
            Assert.Equal(expected[k, 2], dh, 6);
        }
        for (int i = 0; i < 3; i++)
        {
            // Column i from the pushforward along the i-th unit input.
            var value = Structs.StepPushforward(new Params(rate, shift), h, new Params(i == 0 ? 1 : 0, i == 1 ? 1 : 0), i == 2 ? 1 : 0, out Params tangent);
            Assert.Equal(Structs.Step(new Params(rate, shift), h), value);
            Assert.Equal(expected[0, i], tangent.Rate, 6);
            Assert.Equal(expected[1, i], tangent.Shift, 6);
        }
    }

    [Theory]
    [InlineData(1.0, 2.0, 0.5)]
    [InlineData(-0.4, 0.3, -1.5)]
    public void A_struct_in_a_tuple_result(double vx, double vy, double s)
    {
        double[] F(double[] x)
        {
            var (point, norm) = Structs.Scaled(new Vec2(x[0], x[1]), x[2]);
            return new[] { point.X, point.Y, norm };
        }
        var x = new[] { vx, vy, s };
        var expected = Jacobian(F, x);
        for (int k = 0; k < 3; k++)
        {
            var dv = new Vec2(0, 0);
            double ds = 0;
            Structs.ScaledPullback(new Vec2(vx, vy), s, new Vec2(k == 0 ? 1 : 0, k == 1 ? 1 : 0), k == 2 ? 1 : 0, ref dv, ref ds);
            Assert.Equal(expected[k, 0], dv.X, 6);
            Assert.Equal(expected[k, 1], dv.Y, 6);
            Assert.Equal(expected[k, 2], ds, 6);
        }
        var (point, norm) = Structs.ScaledPushforward(new Vec2(vx, vy), s, new Vec2(0.3, -0.2), 0.7, out Vec2 tangent1, out double tangent2);
        Assert.Equal((vx * s, vy * s), (point.X, point.Y));
        Assert.Equal(Math.Abs(s) * Math.Sqrt(vx * vx + vy * vy), norm, 12);
        Assert.Equal(expected[0, 0] * 0.3 - expected[0, 1] * 0.2 + expected[0, 2] * 0.7, tangent1.X, 6);
        Assert.Equal(expected[1, 0] * 0.3 - expected[1, 1] * 0.2 + expected[1, 2] * 0.7, tangent1.Y, 6);
        Assert.Equal(expected[2, 0] * 0.3 - expected[2, 1] * 0.2 + expected[2, 2] * 0.7, tangent2, 6);
    }

    [Fact]
    public void A_span_of_structs_written_as_an_output_by_element_field_and_operator()
    {
        var positions = new[] { new Vector3(1, 2, 0.5f), new Vector3(-0.3f, 0.8f, 1.2f) };
        var velocities = new[] { new Vector3(0.2f, -0.1f, 0.4f), new Vector3(1.1f, 0.3f, -0.6f) };
        const float dt = 0.1f;
        // The flat function: 13 inputs (positions, velocities, dt), 6 outputs; its Jacobian by central differences in double.
        double[] F(double[] x)
        {
            var p = new[] { new Vector3((float)x[0], (float)x[1], (float)x[2]), new Vector3((float)x[3], (float)x[4], (float)x[5]) };
            var v = new[] { new Vector3((float)x[6], (float)x[7], (float)x[8]), new Vector3((float)x[9], (float)x[10], (float)x[11]) };
            var next = new Vector3[2];
            Structs.Advance(p, v, (float)x[12], next);
            return new double[] { next[0].X, next[0].Y, next[0].Z, next[1].X, next[1].Y, next[1].Z };
        }
        var x0 = new double[] { 1, 2, 0.5, -0.3, 0.8, 1.2, 0.2, -0.1, 0.4, 1.1, 0.3, -0.6, dt };
        var expected = new double[6, 13];
        for (int i = 0; i < 13; i++)
        {
            double h = 1e-2 * System.Math.Max(1, System.Math.Abs(x0[i]));
            double[] plus = (double[])x0.Clone(), minus = (double[])x0.Clone();
            plus[i] += h;
            minus[i] -= h;
            double[] fp = F(plus), fm = F(minus);
            for (int k = 0; k < 6; k++) expected[k, i] = (fp[k] - fm[k]) / (2 * h); // F is quadratic in dt: exact up to rounding
        }
        var jacobian = new float[6 * 13];
        var next = new Vector3[2];
        Structs.AdvanceJacobian(positions, velocities, dt, next, jacobian);
        var value = new Vector3[2];
        Structs.Advance(positions, velocities, dt, value);
        Assert.Equal(value, next);
        for (int k = 0; k < 6; k++)
        {
            for (int i = 0; i < 13; i++) Assert.True(System.Math.Abs(expected[k, i] - jacobian[k * 13 + i]) < 2e-3, $"J[{k},{i}] = {jacobian[k * 13 + i]}, not {expected[k, i]}");
        }
        // Row 4 (next[1].Y) from the pullback seeded there, column 12 (dt) from the pushforward along dt.
        var dpositions = new Vector3[2];
        var dvelocities = new Vector3[2];
        float ddt = 0;
        Structs.AdvancePullback(positions, velocities, dt, next, new[] { Vector3.Zero, Vector3.UnitY }, dpositions, dvelocities, ref ddt);
        var row = new[] { dpositions[0].X, dpositions[0].Y, dpositions[0].Z, dpositions[1].X, dpositions[1].Y, dpositions[1].Z, dvelocities[0].X, dvelocities[0].Y, dvelocities[0].Z, dvelocities[1].X, dvelocities[1].Y, dvelocities[1].Z, ddt };
        for (int i = 0; i < 13; i++) Assert.Equal(jacobian[4 * 13 + i], row[i], 5);
        var tnext = new Vector3[2];
        Structs.AdvancePushforward(positions, velocities, dt, next, new Vector3[2], new Vector3[2], 1, tnext);
        var column = new[] { tnext[0].X, tnext[0].Y, tnext[0].Z, tnext[1].X, tnext[1].Y, tnext[1].Z };
        for (int k = 0; k < 6; k++) Assert.Equal(jacobian[k * 13 + 12], column[k], 5);
    }

    [Fact]
    public void The_public_members_take_and_give_the_structs_and_the_scalar_ones_are_hidden()
    {
        var members = typeof(Structs).GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.Name.StartsWith("Energy", StringComparison.Ordinal)).ToList();
        var gradient = members.Single(m => m.Name == "EnergyGradient" && m.GetParameters()[0].ParameterType == typeof(Params));
        Assert.Equal(new[] { typeof(Params), typeof(double), typeof(Params).MakeByRefType(), typeof(double).MakeByRefType() }, gradient.GetParameters().Select(p => p.ParameterType));
        Assert.True(gradient.GetParameters()[2].IsOut);
        var pullback = members.Single(m => m.Name == "EnergyPullback" && m.GetParameters()[0].ParameterType == typeof(Params));
        Assert.Equal(new[] { "p", "x", "seed", "dp", "dx" }, pullback.GetParameters().Select(p => p.Name));
        var scalar = members.Single(m => m.Name == "EnergyGradient" && m.GetParameters()[0].ParameterType == typeof(double));
        Assert.Equal(System.ComponentModel.EditorBrowsableState.Never, scalar.GetCustomAttribute<System.ComponentModel.EditorBrowsableAttribute>()!.State);
        Assert.Null(gradient.GetCustomAttribute<System.ComponentModel.EditorBrowsableAttribute>());
    }

    [Fact]
    public void An_out_adjoint_has_zero_where_the_struct_has_data()
    {
        var q = new Particle { X = 1, Y = 2, Mass = 3, Id = 7 };
        double value = Structs.KineticGradient(q, out Particle dq);
        Assert.Equal(0.5 * 3 * 5 + 7, value);
        Assert.Equal((3.0 + 7, 6.0, 0.0, 0), (dq.X, dq.Y, dq.Mass, dq.Id));
    }
}
