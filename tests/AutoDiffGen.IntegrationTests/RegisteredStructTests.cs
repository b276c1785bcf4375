using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using AutoDiffGen.IntegrationTests.Checking;
using AutoDiffGen.IntegrationTests.Functions;
using Geometry;
using Xunit;
using static AutoDiffGen.IntegrationTests.Checking.Case;

namespace AutoDiffGen.IntegrationTests;

/// <summary>
/// Struct members whose derivatives are registered with [DerivativeOf] (<see cref="Arrow"/>'s operators, constructor, property
/// and instance method next to them; Complex.Tan in the user's own class): every mode against finite differences and the
/// other mode, to second order where every derivative on the way has its pushforward of the pullback, and the registered
/// derivatives seen to run in place of the members' bodies; and structs of a compiled library (<see cref="CompiledStructs"/> over
/// <c>AutoDiffGen.TestLibrary</c>), read by their public fields and auto-properties, made by their constructor or an
/// initializer, their members called through the derivatives the library registers next to them.
/// </summary>
public class RegisteredStructTests
{
    private static Arrow A(double[] x, int at) => new(x[at], x[at + 1]);

    private static void Put(Arrow a, double[] into, int at) => (into[at], into[at + 1]) = (a.X, a.Y);

    private static Complex Z(double[] x, int at) => new(x[at], x[at + 1]);

    private static void Put(Complex z, double[] into, int at) => (into[at], into[at + 1]) = (z.Real, z.Imaginary);

    private static Point Pt(double[] x, int at) => new(x[at], x[at + 1]);

    private static void Put(Point p, double[] into, int at) => (into[at], into[at + 1]) = (p.X, p.Y);

    /// <summary>A charge from three coordinates (Q, At.X, At.Y); its Id is data.</summary>
    private static Charge Ch(double[] x, int at) => new() { Q = x[at], At = new Point(x[at + 1], x[at + 2]), Id = 7 };

    private static void Put(Charge c, double[] into, int at) => (into[at], into[at + 1], into[at + 2]) = (c.Q, c.At.X, c.At.Y);

    private static IEnumerable<ScalarCase> Build()
    {
        yield return FlatCase.Of<double>(
            "RegisteredStructs.Reach(a, b, s)", 5,
            x => RegisteredStructs.Reach(A(x, 0), A(x, 2), x[4]),
            (x, g) =>
            {
                double value = RegisteredStructs.ReachGradient(A(x, 0), A(x, 2), x[4], out var da, out var db, out g[4]);
                Put(da, g, 0);
                Put(db, g, 2);
                return value;
            },
            (x, s, a) =>
            {
                Arrow da = A(a, 0), db = A(a, 2);
                RegisteredStructs.ReachPullback(A(x, 0), A(x, 2), x[4], s, ref da, ref db, ref a[4]);
                Put(da, a, 0);
                Put(db, a, 2);
            },
            (x, t) => (RegisteredStructs.ReachPushforward(A(x, 0), A(x, 2), x[4], A(t, 0), A(t, 2), t[4], out double tangent), tangent),
            (x, g, h) => RegisteredStructs.ReachHessian(A(x, 0), A(x, 2), x[4], g, h),
            (x, v, hv) =>
            {
                double value = RegisteredStructs.ReachHessianVectorProduct(A(x, 0), A(x, 2), x[4], A(v, 0), A(v, 2), v[4], out var ha, out var hb, out hv[4]);
                Put(ha, hv, 0);
                Put(hb, hv, 2);
                return value;
            },
            P(1.0, 2.0, -0.5, 0.3, 1.5), P(-0.7, 0.2, 1.1, -1.3, 0.4));

        yield return FlatCase.Of<double>(
            "RegisteredStructs.Projection(a, b)", 4,
            x => RegisteredStructs.Projection(A(x, 0), A(x, 2)),
            (x, g) =>
            {
                double value = RegisteredStructs.ProjectionGradient(A(x, 0), A(x, 2), out var da, out var db);
                Put(da, g, 0);
                Put(db, g, 2);
                return value;
            },
            (x, s, a) =>
            {
                Arrow da = A(a, 0), db = A(a, 2);
                RegisteredStructs.ProjectionPullback(A(x, 0), A(x, 2), s, ref da, ref db);
                Put(da, a, 0);
                Put(db, a, 2);
            },
            (x, t) => (RegisteredStructs.ProjectionPushforward(A(x, 0), A(x, 2), A(t, 0), A(t, 2), out double tangent), tangent),
            (x, g, h) => RegisteredStructs.ProjectionHessian(A(x, 0), A(x, 2), g, h),
            (x, v, hv) =>
            {
                double value = RegisteredStructs.ProjectionHessianVectorProduct(A(x, 0), A(x, 2), A(v, 0), A(v, 2), out var ha, out var hb);
                Put(ha, hv, 0);
                Put(hb, hv, 2);
                return value;
            },
            P(1.0, 2.0, -0.5, 0.3), P(-0.7, 0.2, 1.1, -1.3));

        // The constructor from an angle has no pushforward of its pullback: first order only.
        yield return Of<double>(
            "RegisteredStructs.Heading(angle, r)",
            (a, r) => RegisteredStructs.Heading(a, r),
            (double a, double r, out double da, out double dr) => RegisteredStructs.HeadingGradient(a, r, out da, out dr),
            (double a, double r, double s, ref double da, ref double dr) => RegisteredStructs.HeadingPullback(a, r, s, ref da, ref dr),
            (double a, double r, double ta, double tr, out double tangent) => RegisteredStructs.HeadingPushforward(a, r, ta, tr, out tangent),
            null, null,
            P(0.3, 1.5), P(-2.0, 0.7));

        yield return FlatCase.Of<double>(
            "RegisteredStructs.Walk(start, h, 5)", 3,
            x => RegisteredStructs.Walk(A(x, 0), x[2], 5),
            (x, g) =>
            {
                double value = RegisteredStructs.WalkGradient(A(x, 0), x[2], 5, out var dstart, out g[2]);
                Put(dstart, g, 0);
                return value;
            },
            (x, s, a) =>
            {
                var dstart = A(a, 0);
                RegisteredStructs.WalkPullback(A(x, 0), x[2], 5, s, ref dstart, ref a[2]);
                Put(dstart, a, 0);
            },
            (x, t) => (RegisteredStructs.WalkPushforward(A(x, 0), x[2], 5, A(t, 0), t[2], out double tangent), tangent),
            (x, g, h) => RegisteredStructs.WalkHessian(A(x, 0), x[2], 5, g, h),
            (x, v, hv) =>
            {
                double value = RegisteredStructs.WalkHessianVectorProduct(A(x, 0), x[2], 5, A(v, 0), v[2], out var hstart, out hv[2]);
                Put(hstart, hv, 0);
                return value;
            },
            P(1.0, 0.5, 0.1), P(-0.3, 1.2, 0.25));

        // Inside(a) tests the struct (data); both branches are taken by the points.
        yield return FlatCase.Of<double>(
            "RegisteredStructs.Piecewise(a, s)", 3,
            x => RegisteredStructs.Piecewise(A(x, 0), x[2]),
            (x, g) =>
            {
                double value = RegisteredStructs.PiecewiseGradient(A(x, 0), x[2], out var da, out g[2]);
                Put(da, g, 0);
                return value;
            },
            (x, s, a) =>
            {
                var da = A(a, 0);
                RegisteredStructs.PiecewisePullback(A(x, 0), x[2], s, ref da, ref a[2]);
                Put(da, a, 0);
            },
            (x, t) => (RegisteredStructs.PiecewisePushforward(A(x, 0), x[2], A(t, 0), t[2], out double tangent), tangent),
            (x, g, h) => RegisteredStructs.PiecewiseHessian(A(x, 0), x[2], g, h),
            (x, v, hv) =>
            {
                double value = RegisteredStructs.PiecewiseHessianVectorProduct(A(x, 0), x[2], A(v, 0), v[2], out var ha, out hv[2]);
                Put(ha, hv, 0);
                return value;
            },
            P(0.3, 0.4, 1.5), P(1.2, -0.9, 0.7));

        yield return FlatCase.Of<double>(
            "RegisteredStructs.TanMix(z, a)", 3,
            x => RegisteredStructs.TanMix(Z(x, 0), x[2]),
            (x, g) =>
            {
                double value = RegisteredStructs.TanMixGradient(Z(x, 0), x[2], out var dz, out g[2]);
                Put(dz, g, 0);
                return value;
            },
            (x, s, a) =>
            {
                var dz = Z(a, 0);
                RegisteredStructs.TanMixPullback(Z(x, 0), x[2], s, ref dz, ref a[2]);
                Put(dz, a, 0);
            },
            (x, t) => (RegisteredStructs.TanMixPushforward(Z(x, 0), x[2], Z(t, 0), t[2], out double tangent), tangent),
            (x, g, h) => RegisteredStructs.TanMixHessian(Z(x, 0), x[2], g, h),
            (x, v, hv) =>
            {
                double value = RegisteredStructs.TanMixHessianVectorProduct(Z(x, 0), x[2], Z(v, 0), v[2], out var hz, out hv[2]);
                Put(hz, hv, 0);
                return value;
            },
            P(0.3, 0.2, 1.1), P(-0.4, 0.5, 0.7));

        // Structs of a compiled library (AutoDiffGen.TestLibrary, referenced as an assembly), through the derivatives it registers.
        yield return FlatCase.Of<double>(
            "CompiledStructs.Spread(a, b, w)", 5,
            x => CompiledStructs.Spread(Pt(x, 0), Pt(x, 2), x[4]),
            (x, g) =>
            {
                double value = CompiledStructs.SpreadGradient(Pt(x, 0), Pt(x, 2), x[4], out var da, out var db, out g[4]);
                Put(da, g, 0);
                Put(db, g, 2);
                return value;
            },
            (x, s, a) =>
            {
                Point da = Pt(a, 0), db = Pt(a, 2);
                CompiledStructs.SpreadPullback(Pt(x, 0), Pt(x, 2), x[4], s, ref da, ref db, ref a[4]);
                Put(da, a, 0);
                Put(db, a, 2);
            },
            (x, t) => (CompiledStructs.SpreadPushforward(Pt(x, 0), Pt(x, 2), x[4], Pt(t, 0), Pt(t, 2), t[4], out double tangent), tangent),
            (x, g, h) => CompiledStructs.SpreadHessian(Pt(x, 0), Pt(x, 2), x[4], g, h),
            (x, v, hv) =>
            {
                double value = CompiledStructs.SpreadHessianVectorProduct(Pt(x, 0), Pt(x, 2), x[4], Pt(v, 0), Pt(v, 2), v[4], out var ha, out var hb, out hv[4]);
                Put(ha, hv, 0);
                Put(hb, hv, 2);
                return value;
            },
            P(1.0, 2.0, -0.5, 0.3, 1.5), P(-0.7, 0.2, 1.1, -1.3, 0.4));

        yield return FlatCase.Of<double>(
            "CompiledStructs.Energy(c, d)", 6,
            x => CompiledStructs.Energy(Ch(x, 0), Ch(x, 3)),
            (x, g) =>
            {
                double value = CompiledStructs.EnergyGradient(Ch(x, 0), Ch(x, 3), out var dc, out var dd);
                Put(dc, g, 0);
                Put(dd, g, 3);
                return value;
            },
            (x, s, a) =>
            {
                Charge dc = Ch(a, 0), dd = Ch(a, 3);
                CompiledStructs.EnergyPullback(Ch(x, 0), Ch(x, 3), s, ref dc, ref dd);
                Put(dc, a, 0);
                Put(dd, a, 3);
            },
            (x, t) => (CompiledStructs.EnergyPushforward(Ch(x, 0), Ch(x, 3), Ch(t, 0), Ch(t, 3), out double tangent), tangent),
            (x, g, h) => CompiledStructs.EnergyHessian(Ch(x, 0), Ch(x, 3), g, h),
            (x, v, hv) =>
            {
                double value = CompiledStructs.EnergyHessianVectorProduct(Ch(x, 0), Ch(x, 3), Ch(v, 0), Ch(v, 3), out var hc, out var hd);
                Put(hc, hv, 0);
                Put(hd, hv, 3);
                return value;
            },
            P(1.0, 0.5, -0.5, 2.0, 1.5, 0.7), P(-0.3, 2.0, 1.0, 0.8, -1.0, -0.4));

        yield return FlatCase.Of<double>(
            "CompiledStructs.Moved(c, dx)", 4,
            x => CompiledStructs.Moved(Ch(x, 0), x[3]),
            (x, g) =>
            {
                double value = CompiledStructs.MovedGradient(Ch(x, 0), x[3], out var dc, out g[3]);
                Put(dc, g, 0);
                return value;
            },
            (x, s, a) =>
            {
                var dc = Ch(a, 0);
                CompiledStructs.MovedPullback(Ch(x, 0), x[3], s, ref dc, ref a[3]);
                Put(dc, a, 0);
            },
            (x, t) => (CompiledStructs.MovedPushforward(Ch(x, 0), x[3], Ch(t, 0), t[3], out double tangent), tangent),
            (x, g, h) => CompiledStructs.MovedHessian(Ch(x, 0), x[3], g, h),
            (x, v, hv) =>
            {
                double value = CompiledStructs.MovedHessianVectorProduct(Ch(x, 0), x[3], Ch(v, 0), v[3], out var hc, out hv[3]);
                Put(hc, hv, 0);
                return value;
            },
            P(1.0, 0.5, -0.5, 2.0), P(-0.3, 2.0, 1.0, 0.8));
    }

    private static readonly CaseTable Table = new(Build);

    public static TheoryData<string> Names => Table.Names;

    public static TheoryData<string> SecondOrderNames => Table.SecondOrderNames;

    [Theory]
    [MemberData(nameof(Names))]
    public void Gradient_matches_central_finite_differences(string name) => DerivativeCheck.GradientMatchesFiniteDifferences(Table.Get(name));

    [Theory]
    [MemberData(nameof(Names))]
    public void Pushforward_and_Pullback_pass_the_dot_product_test(string name) => DerivativeCheck.PushforwardAndPullbackAgree(Table.Get(name));

    [Theory]
    [MemberData(nameof(Names))]
    public void Gradient_equals_Pullback_with_seed_one_and_Pullback_accumulates(string name) => DerivativeCheck.GradientEqualsPullback(Table.Get(name));

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_member_returns_the_primal_value(string name) => DerivativeCheck.EveryMemberReturnsTheValue(Table.Get(name));

    [Theory]
    [MemberData(nameof(SecondOrderNames))]
    public void Hessian_matches_finite_differences_of_the_Gradient_is_symmetric_and_agrees_with_the_HVP(string name) =>
        DerivativeCheck.HessianMatchesFiniteDifferences(Table.Get(name));

    [Fact]
    public void The_registered_derivatives_run_in_place_of_the_members_bodies()
    {
        Arrow a = new(1, 2), b = new(-0.5, 0.3);
        int before = Arrow.Calls;
        RegisteredStructs.ReachGradient(a, b, 1.5, out _, out _, out _);
        // One pullback each of Length, + and * (and no pushforward: reverse mode).
        Assert.Equal(3, Arrow.Calls - before);
        before = Arrow.Calls;
        RegisteredStructs.ReachPushforward(a, b, 1.5, new Arrow(1, 0), new Arrow(0, 1), 0.5, out _);
        Assert.Equal(3, Arrow.Calls - before);
    }

    [Fact]
    public void The_object_of_an_instance_member_has_its_adjoint()
    {
        // Projection = a·b / |b|: ∂/∂a = b/|b|, ∂/∂b = a/|b| − (a·b) b/|b|³.
        Arrow a = new(1, 2), b = new(-0.5, 0.3);
        RegisteredStructs.ProjectionGradient(a, b, out var da, out var db);
        double n = b.Length, d = a.Dot(b);
        Assert.Equal(b.X / n, da.X, 12);
        Assert.Equal(b.Y / n, da.Y, 12);
        Assert.Equal(a.X / n - d * b.X / (n * n * n), db.X, 12);
        Assert.Equal(a.Y / n - d * b.Y / (n * n * n), db.Y, 12);
    }

    [Theory]
    [InlineData(1.0, 2.0, -0.5, 0.3, 0.1)]
    [InlineData(-0.7, 0.2, 1.1, -1.3, 2.0)]
    public void A_struct_result_through_registered_operators_has_its_Jacobian(double px, double py, double vx, double vy, double h)
    {
        // Step = p + h v: ∂/∂p = I, ∂/∂v = h I, ∂/∂h = v.
        Arrow p = new(px, py), v = new(vx, vy);
        for (int k = 0; k < 2; k++)
        {
            Arrow dp = default, dv = default;
            double dh = 0;
            RegisteredStructs.StepPullback(p, v, h, k == 0 ? new Arrow(1, 0) : new Arrow(0, 1), ref dp, ref dv, ref dh);
            Assert.Equal(k == 0 ? 1 : 0, dp.X, 12);
            Assert.Equal(k == 0 ? 0 : 1, dp.Y, 12);
            Assert.Equal(k == 0 ? h : 0, dv.X, 12);
            Assert.Equal(k == 0 ? 0 : h, dv.Y, 12);
            Assert.Equal(k == 0 ? vx : vy, dh, 12);
        }
        var value = RegisteredStructs.StepPushforward(p, v, h, new Arrow(0.5, -1), new Arrow(2, 3), 0.25, out var tangent);
        Assert.Equal(px + h * vx, value.X, 12);
        Assert.Equal(0.5 + h * 2 + 0.25 * vx, tangent.X, 12);
        Assert.Equal(-1 + h * 3 + 0.25 * vy, tangent.Y, 12);
    }

    [Fact]
    public void A_compiled_struct_made_by_its_constructor_has_its_Jacobian_and_data_fields_are_zero_in_an_out_adjoint()
    {
        Point a = new(1, 2), b = new(-3, 0.5);
        for (int k = 0; k < 2; k++)
        {
            Point da = default, db = default;
            CompiledStructs.MidpointPullback(a, b, k == 0 ? new Point(1, 0) : new Point(0, 1), ref da, ref db);
            Assert.Equal(k == 0 ? 0.5 : 0, da.X, 15);
            Assert.Equal(k == 0 ? 0 : 0.5, da.Y, 15);
            Assert.Equal(k == 0 ? 0.5 : 0, db.X, 15);
            Assert.Equal(k == 0 ? 0 : 0.5, db.Y, 15);
        }
        CompiledStructs.EnergyGradient(new Charge { Q = 1, At = a, Id = 3 }, new Charge { Q = 2, At = b, Id = 4 }, out var dc, out _);
        Assert.Equal(0, dc.Id);
    }
}
