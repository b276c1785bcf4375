using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using AutoDiffGen.IntegrationTests.Checking;
using AutoDiffGen.IntegrationTests.Functions;
using Xunit;
using static AutoDiffGen.IntegrationTests.Checking.Case;

namespace AutoDiffGen.IntegrationTests;

/// <summary>
/// The table of <see cref="Structs"/> functions with a scalar result, checked by <see cref="StructTests"/>: each seen as a
/// function of its active leaves laid end to end (a struct's fields in order), through the generated members that take and
/// give the structs whole.
/// </summary>
public static class StructCases
{
    private static Vec2 V(double[] x, int at) => new(x[at], x[at + 1]);

    private static void Put(Vec2 v, double[] into, int at)
    {
        into[at] = v.X;
        into[at + 1] = v.Y;
    }

    private static Vector3 V3(float[] x, int at) => new(x[at], x[at + 1], x[at + 2]);

    private static void Put(Vector3 v, float[] into, int at)
    {
        into[at] = v.X;
        into[at + 1] = v.Y;
        into[at + 2] = v.Z;
    }

    private static Particle Q(double[] x, double mass = 3, int id = 2) => new() { X = x[0], Y = x[1], Mass = mass, Id = id };

    private static Body B(double[] x) => new(V(x, 0), V(x, 2), 1.5);

    private static IEnumerable<ScalarCase> Build()
    {
        yield return FlatCase.Of<double>(
            "Structs.Energy(Params, x)", 3,
            x => Structs.Energy(new Params(x[0], x[1]), x[2]),
            (x, g) =>
            {
                double value = Structs.EnergyGradient(new Params(x[0], x[1]), x[2], out Params dp, out g[2]);
                (g[0], g[1]) = (dp.Rate, dp.Shift);
                return value;
            },
            (x, s, a) =>
            {
                var dp = new Params(a[0], a[1]);
                Structs.EnergyPullback(new Params(x[0], x[1]), x[2], s, ref dp, ref a[2]);
                (a[0], a[1]) = (dp.Rate, dp.Shift);
            },
            (x, t) => (Structs.EnergyPushforward(new Params(x[0], x[1]), x[2], new Params(t[0], t[1]), t[2], out double tangent), tangent),
            (x, g, h) => Structs.EnergyHessian(new Params(x[0], x[1]), x[2], g, h),
            (x, v, hv) =>
            {
                Structs.EnergyHessianVectorProduct(new Params(x[0], x[1]), x[2], new Params(v[0], v[1]), v[2], out Params hvp, out hv[2]);
                (hv[0], hv[1]) = (hvp.Rate, hvp.Shift);
                return Structs.Energy(new Params(x[0], x[1]), x[2]);
            },
            P(1.5, 0.7, 2.0), P(-0.4, 1.3, -0.6));

        yield return FlatCase.Of<double>(
            "Structs.Kinetic(Particle)", 2,
            x => Structs.Kinetic(Q(x)),
            (x, g) =>
            {
                double value = Structs.KineticGradient(Q(x), out Particle dq);
                (g[0], g[1]) = (dq.X, dq.Y);
                return value;
            },
            (x, s, a) =>
            {
                var dq = new Particle { X = a[0], Y = a[1], Mass = 99, Id = 5 };
                Structs.KineticPullback(Q(x), s, ref dq);
                Assert.Equal((99.0, 5), (dq.Mass, dq.Id)); // the data of a ref adjoint is left as it was
                (a[0], a[1]) = (dq.X, dq.Y);
            },
            (x, t) => (Structs.KineticPushforward(Q(x), Q(t, 0, 0), out double tangent), tangent),
            (x, g, h) => Structs.KineticHessian(Q(x), g, h),
            (x, v, hv) =>
            {
                Structs.KineticHessianVectorProduct(Q(x), Q(v), out Particle hq);
                (hv[0], hv[1]) = (hq.X, hq.Y);
                return Structs.Kinetic(Q(x));
            },
            P(1.0, 2.0), P(-0.5, 0.25));

        yield return FlatCase.Of<double>(
            "Structs.Distance(Vec2, Vec2)", 4,
            x => Structs.Distance(V(x, 0), V(x, 2)),
            (x, g) =>
            {
                double value = Structs.DistanceGradient(V(x, 0), V(x, 2), out Vec2 da, out Vec2 db);
                Put(da, g, 0);
                Put(db, g, 2);
                return value;
            },
            (x, s, a) =>
            {
                Vec2 da = V(a, 0), db = V(a, 2);
                Structs.DistancePullback(V(x, 0), V(x, 2), s, ref da, ref db);
                Put(da, a, 0);
                Put(db, a, 2);
            },
            (x, t) => (Structs.DistancePushforward(V(x, 0), V(x, 2), V(t, 0), V(t, 2), out double tangent), tangent),
            (x, g, h) => Structs.DistanceHessian(V(x, 0), V(x, 2), g, h),
            (x, v, hv) =>
            {
                Structs.DistanceHessianVectorProduct(V(x, 0), V(x, 2), V(v, 0), V(v, 2), out Vec2 ha, out Vec2 hb);
                Put(ha, hv, 0);
                Put(hb, hv, 2);
                return Structs.Distance(V(x, 0), V(x, 2));
            },
            P(1.0, 2.0, 0.5, -1.0), P(-0.3, 0.8, 1.2, 0.4));

        yield return FlatCase.Of<double>(
            "Structs.Orbit(Body, dt, steps)", 5,
            x => Structs.Orbit(B(x), x[4], 6),
            (x, g) =>
            {
                double value = Structs.OrbitGradient(B(x), x[4], 6, out Body db, out g[4]);
                Put(db.Position, g, 0);
                Put(db.Velocity, g, 2);
                Assert.Equal(0.0, db.Mass);
                return value;
            },
            (x, s, a) =>
            {
                var db = new Body(V(a, 0), V(a, 2), 7);
                Structs.OrbitPullback(B(x), x[4], 6, s, ref db, ref a[4]);
                Put(db.Position, a, 0);
                Put(db.Velocity, a, 2);
            },
            (x, t) => (Structs.OrbitPushforward(B(x), x[4], 6, new Body(V(t, 0), V(t, 2), 0), t[4], out double tangent), tangent),
            (x, g, h) => Structs.OrbitHessian(B(x), x[4], 6, g, h),
            (x, v, hv) =>
            {
                Structs.OrbitHessianVectorProduct(B(x), x[4], 6, new Body(V(v, 0), V(v, 2), 0), v[4], out Body hb, out hv[4]);
                Put(hb.Position, hv, 0);
                Put(hb.Velocity, hv, 2);
                return Structs.Orbit(B(x), x[4], 6);
            },
            P(1.0, 0.1, -0.2, 0.9, 0.05), P(0.8, -0.5, 0.4, 0.7, 0.1));

        yield return FlatCase.Of<double>(
            "Structs.Branches(Particle, t)", 3,
            x => Structs.Branches(Q(x), x[2]),
            (x, g) =>
            {
                double value = Structs.BranchesGradient(Q(x), x[2], out Particle dq, out g[2]);
                (g[0], g[1]) = (dq.X, dq.Y);
                return value;
            },
            (x, s, a) =>
            {
                var dq = Q(a, 0, 0);
                Structs.BranchesPullback(Q(x), x[2], s, ref dq, ref a[2]);
                (a[0], a[1]) = (dq.X, dq.Y);
            },
            (x, t) => (Structs.BranchesPushforward(Q(x), x[2], Q(t, 0, 0), t[2], out double tangent), tangent),
            (x, g, h) => Structs.BranchesHessian(Q(x), x[2], g, h),
            (x, v, hv) =>
            {
                Structs.BranchesHessianVectorProduct(Q(x), x[2], Q(v, 0, 0), v[2], out Particle hq, out hv[2]);
                (hv[0], hv[1]) = (hq.X, hq.Y);
                return Structs.Branches(Q(x), x[2]);
            },
            P(1.0, 2.0, 0.5), P(-0.5, 0.25, 1.5), P(0.7, -1.1, -0.8));

        yield return FlatCase.Of<double>(
            "Structs.UsesQuadratic(Params, x)", 3,
            x => Structs.UsesQuadratic(new Params(x[0], x[1]), x[2]),
            (x, g) =>
            {
                double value = Structs.UsesQuadraticGradient(new Params(x[0], x[1]), x[2], out Params dp, out g[2]);
                (g[0], g[1]) = (dp.Rate, dp.Shift);
                return value;
            },
            (x, s, a) =>
            {
                var dp = new Params(a[0], a[1]);
                Structs.UsesQuadraticPullback(new Params(x[0], x[1]), x[2], s, ref dp, ref a[2]);
                (a[0], a[1]) = (dp.Rate, dp.Shift);
            },
            (x, t) => (Structs.UsesQuadraticPushforward(new Params(x[0], x[1]), x[2], new Params(t[0], t[1]), t[2], out double tangent), tangent),
            (x, g, h) => Structs.UsesQuadraticHessian(new Params(x[0], x[1]), x[2], g, h),
            (x, v, hv) =>
            {
                Structs.UsesQuadraticHessianVectorProduct(new Params(x[0], x[1]), x[2], new Params(v[0], v[1]), v[2], out Params hp, out hv[2]);
                (hv[0], hv[1]) = (hp.Rate, hp.Shift);
                return Structs.UsesQuadratic(new Params(x[0], x[1]), x[2]);
            },
            P(1.5, 0.7, 2.0), P(-0.4, 1.3, -0.6));

        yield return FlatCase.Of<float>(
            "Structs.Spring(Vector3, Vector3)", 6,
            x => Structs.Spring(V3(x, 0), V3(x, 3), 1.5f),
            (x, g) =>
            {
                float value = Structs.SpringGradient(V3(x, 0), V3(x, 3), 1.5f, out Vector3 da, out Vector3 db);
                Put(da, g, 0);
                Put(db, g, 3);
                return value;
            },
            (x, s, a) =>
            {
                Vector3 da = V3(a, 0), db = V3(a, 3);
                Structs.SpringPullback(V3(x, 0), V3(x, 3), 1.5f, s, ref da, ref db);
                Put(da, a, 0);
                Put(db, a, 3);
            },
            (x, t) => (Structs.SpringPushforward(V3(x, 0), V3(x, 3), 1.5f, V3(t, 0), V3(t, 3), out float tangent), tangent),
            (x, g, h) => Structs.SpringHessian(V3(x, 0), V3(x, 3), 1.5f, g, h),
            (x, v, hv) =>
            {
                Structs.SpringHessianVectorProduct(V3(x, 0), V3(x, 3), 1.5f, V3(v, 0), V3(v, 3), out Vector3 ha, out Vector3 hb);
                Put(ha, hv, 0);
                Put(hb, hv, 3);
                return Structs.Spring(V3(x, 0), V3(x, 3), 1.5f);
            },
            P(1.0, 2.0, 0.5, -1.0, 0.3, 0.2), P(-0.3, 0.8, 1.2, 0.4, -0.6, 1.1));

        yield return FlatCase.Of<float>(
            "Structs.Rotation(Quaternion, Vector3)", 7,
            x => Structs.Rotation(new Quaternion(x[0], x[1], x[2], x[3]), V3(x, 4)),
            (x, g) =>
            {
                float value = Structs.RotationGradient(new Quaternion(x[0], x[1], x[2], x[3]), V3(x, 4), out Quaternion dq, out Vector3 dv);
                (g[0], g[1], g[2], g[3]) = (dq.X, dq.Y, dq.Z, dq.W);
                Put(dv, g, 4);
                return value;
            },
            (x, s, a) =>
            {
                var dq = new Quaternion(a[0], a[1], a[2], a[3]);
                var dv = V3(a, 4);
                Structs.RotationPullback(new Quaternion(x[0], x[1], x[2], x[3]), V3(x, 4), s, ref dq, ref dv);
                (a[0], a[1], a[2], a[3]) = (dq.X, dq.Y, dq.Z, dq.W);
                Put(dv, a, 4);
            },
            (x, t) => (Structs.RotationPushforward(new Quaternion(x[0], x[1], x[2], x[3]), V3(x, 4), new Quaternion(t[0], t[1], t[2], t[3]), V3(t, 4), out float tangent), tangent),
            (x, g, h) => Structs.RotationHessian(new Quaternion(x[0], x[1], x[2], x[3]), V3(x, 4), g, h),
            (x, v, hv) =>
            {
                Structs.RotationHessianVectorProduct(new Quaternion(x[0], x[1], x[2], x[3]), V3(x, 4), new Quaternion(v[0], v[1], v[2], v[3]), V3(v, 4), out Quaternion hq, out Vector3 hw);
                (hv[0], hv[1], hv[2], hv[3]) = (hq.X, hq.Y, hq.Z, hq.W);
                Put(hw, hv, 4);
                return Structs.Rotation(new Quaternion(x[0], x[1], x[2], x[3]), V3(x, 4));
            },
            P(0.2, -0.4, 0.3, 0.8, 1.0, 2.0, -0.5), P(0.6, 0.1, -0.2, 0.7, -0.3, 0.4, 1.2));

        yield return FlatCase.Of<double>(
            "Structs.Characteristic(Complex, t)", 3,
            x => Structs.Characteristic(new Complex(x[0], x[1]), x[2]),
            (x, g) =>
            {
                double value = Structs.CharacteristicGradient(new Complex(x[0], x[1]), x[2], out Complex dz, out g[2]);
                (g[0], g[1]) = (dz.Real, dz.Imaginary);
                return value;
            },
            (x, s, a) =>
            {
                var dz = new Complex(a[0], a[1]);
                Structs.CharacteristicPullback(new Complex(x[0], x[1]), x[2], s, ref dz, ref a[2]);
                (a[0], a[1]) = (dz.Real, dz.Imaginary);
            },
            (x, t) => (Structs.CharacteristicPushforward(new Complex(x[0], x[1]), x[2], new Complex(t[0], t[1]), t[2], out double tangent), tangent),
            (x, g, h) => Structs.CharacteristicHessian(new Complex(x[0], x[1]), x[2], g, h),
            (x, v, hv) =>
            {
                Structs.CharacteristicHessianVectorProduct(new Complex(x[0], x[1]), x[2], new Complex(v[0], v[1]), v[2], out Complex hz, out hv[2]);
                (hv[0], hv[1]) = (hz.Real, hz.Imaginary);
                return Structs.Characteristic(new Complex(x[0], x[1]), x[2]);
            },
            P(0.3, 0.4, 1.2), P(0.9, -0.7, 0.5), P(1.4, 0.2, -0.3));

        yield return FlatCase.Of<float>(
            "Structs.ChainEnergy(ReadOnlySpan<Vector3>)", 9,
            x => Structs.ChainEnergy(Points(x), 0.8f, 3f),
            (x, g) => Structs.ChainEnergyGradient(Points(x), 0.8f, 3f, Points(g)),
            (x, s, a) => Structs.ChainEnergyPullback(Points(x), 0.8f, 3f, s, Points(a)),
            (x, t) => (Structs.ChainEnergyPushforward(Points(x), 0.8f, 3f, Points(t), out float tangent), tangent),
            (x, g, h) => Structs.ChainEnergyHessian(Points(x), 0.8f, 3f, g, h),
            (x, v, hv) =>
            {
                Structs.ChainEnergyHessianVectorProduct(Points(x), 0.8f, 3f, Points(v), Points(hv));
                return Structs.ChainEnergy(Points(x), 0.8f, 3f);
            },
            P(0, 0, 0, 1, 0.2, 0, 1.5, 1, 0.3), P(0.1, -0.2, 0.4, -0.9, 0.5, 1.1, 0.2, 1.6, -0.7));

        yield return FlatCase.Of<double>(
            "Structs.Potential(Vec2[], Params)", 8,
            x => Structs.Potential(Vecs(x, 3), new Params(x[6], x[7])),
            (x, g) =>
            {
                var points = new Vec2[3];
                double value = Structs.PotentialGradient(Vecs(x, 3), new Params(x[6], x[7]), points, out Params dp);
                for (int i = 0; i < 3; i++) Put(points[i], g, 2 * i);
                (g[6], g[7]) = (dp.Rate, dp.Shift);
                return value;
            },
            (x, s, a) =>
            {
                var points = Vecs(a, 3);
                var dp = new Params(a[6], a[7]);
                Structs.PotentialPullback(Vecs(x, 3), new Params(x[6], x[7]), s, points, ref dp);
                for (int i = 0; i < 3; i++) Put(points[i], a, 2 * i);
                (a[6], a[7]) = (dp.Rate, dp.Shift);
            },
            (x, t) => (Structs.PotentialPushforward(Vecs(x, 3), new Params(x[6], x[7]), Vecs(t, 3), new Params(t[6], t[7]), out double tangent), tangent),
            null,
            null,
            P(1.0, 2.0, 0.5, -1.0, -0.3, 0.8, 0.7, 1.3), P(0.2, -0.4, 1.1, 0.6, -0.8, 0.1, -0.5, 0.9));
    }

    private static Segment Seg(double[] x) => new(V(x, 0), V(x, 2));

    private static void Put(Segment s, double[] into)
    {
        Put(s.From, into, 0);
        Put(s.To, into, 2);
    }

    private static IEnumerable<ScalarCase> Segments()
    {
        yield return FlatCase.Of<double>(
            "Segment.Bend(angle)", 5,
            x => Seg(x).Bend(x[4]),
            (x, g) =>
            {
                double value = Seg(x).BendGradient(x[4], out Segment ds, out g[4]);
                Put(ds, g);
                return value;
            },
            (x, s, a) =>
            {
                var ds = Seg(a);
                Seg(x).BendPullback(x[4], s, ref ds, ref a[4]);
                Put(ds, a);
            },
            (x, t) => (Seg(x).BendPushforward(x[4], Seg(t), t[4], out double tangent), tangent),
            (x, g, h) => Seg(x).BendHessian(x[4], g, h),
            (x, v, hv) =>
            {
                Seg(x).BendHessianVectorProduct(x[4], Seg(v), v[4], out Segment hs, out hv[4]);
                Put(hs, hv);
                return Seg(x).Bend(x[4]);
            },
            P(1.0, 2.0, 0.5, -1.0, 0.3), P(-0.3, 0.8, 1.2, 0.4, -1.1));

        yield return FlatCase.Of<double>(
            "Segment.Weigh(ReadOnlySpan<Vec2>)", 10,
            x => Seg(x).Weigh(Vecs(x[4..], 3)),
            (x, g) =>
            {
                var dp = new Vec2[3];
                double value = Seg(x).WeighGradient(Vecs(x[4..], 3), out Segment ds, dp);
                Put(ds, g);
                for (int i = 0; i < 3; i++) Put(dp[i], g, 4 + 2 * i);
                return value;
            },
            (x, s, a) =>
            {
                var ds = Seg(a);
                var dp = Vecs(a[4..], 3);
                Seg(x).WeighPullback(Vecs(x[4..], 3), s, ref ds, dp);
                Put(ds, a);
                for (int i = 0; i < 3; i++) Put(dp[i], a, 4 + 2 * i);
            },
            (x, t) => (Seg(x).WeighPushforward(Vecs(x[4..], 3), Seg(t), Vecs(t[4..], 3), out double tangent), tangent),
            (x, g, h) => Seg(x).WeighHessian(Vecs(x[4..], 3), g, h),
            (x, v, hv) =>
            {
                var hp = new Vec2[3];
                Seg(x).WeighHessianVectorProduct(Vecs(x[4..], 3), Seg(v), Vecs(v[4..], 3), out Segment hs, hp);
                Put(hs, hv);
                for (int i = 0; i < 3; i++) Put(hp[i], hv, 4 + 2 * i);
                return Seg(x).Weigh(Vecs(x[4..], 3));
            },
            P(1.0, 2.0, 0.5, -1.0, 0.3, 0.1, -0.4, 0.9, 1.2, -0.7));
    }

    /// <summary>The flat coordinates as a span of vectors, without a copy: what the members write shows in the array.</summary>
    private static System.Span<Vector3> Points(float[] x) => System.Runtime.InteropServices.MemoryMarshal.Cast<float, Vector3>(new System.Span<float>(x));

    private static Vec2[] Vecs(double[] x, int count)
    {
        var points = new Vec2[count];
        for (int i = 0; i < count; i++) points[i] = V(x, 2 * i);
        return points;
    }

    private static IEnumerable<ScalarCase> Helpers()
    {
        yield return FlatCase.Of<double>(
            "Structs.Integrate(Params, h, steps)", 3,
            x => Structs.Integrate(new Params(x[0], x[1]), x[2], 4),
            (x, g) =>
            {
                double value = Structs.IntegrateGradient(new Params(x[0], x[1]), x[2], 4, out Params dp, out g[2]);
                (g[0], g[1]) = (dp.Rate, dp.Shift);
                return value;
            },
            (x, s, a) =>
            {
                var dp = new Params(a[0], a[1]);
                Structs.IntegratePullback(new Params(x[0], x[1]), x[2], 4, s, ref dp, ref a[2]);
                (a[0], a[1]) = (dp.Rate, dp.Shift);
            },
            (x, t) => (Structs.IntegratePushforward(new Params(x[0], x[1]), x[2], 4, new Params(t[0], t[1]), t[2], out double tangent), tangent),
            (x, g, h) => Structs.IntegrateHessian(new Params(x[0], x[1]), x[2], 4, g, h),
            (x, v, hv) =>
            {
                Structs.IntegrateHessianVectorProduct(new Params(x[0], x[1]), x[2], 4, new Params(v[0], v[1]), v[2], out Params hp, out hv[2]);
                (hv[0], hv[1]) = (hp.Rate, hp.Shift);
                return Structs.Integrate(new Params(x[0], x[1]), x[2], 4);
            },
            P(0.3, 0.7, 0.1), P(-0.4, 1.3, 0.2));

        yield return FlatCase.Of<double>(
            "Structs.UsesPolar(r, angle)", 2,
            x => Structs.UsesPolar(x[0], x[1]),
            (x, g) => Structs.UsesPolarGradient(x[0], x[1], out g[0], out g[1]),
            (x, s, a) => Structs.UsesPolarPullback(x[0], x[1], s, ref a[0], ref a[1]),
            (x, t) => (Structs.UsesPolarPushforward(x[0], x[1], t[0], t[1], out double tangent), tangent),
            (x, g, h) => Structs.UsesPolarHessian(x[0], x[1], g, h),
            (x, v, hv) => Structs.UsesPolarHessianVectorProduct(x[0], x[1], v[0], v[1], out hv[0], out hv[1]),
            P(1.5, 0.7), P(0.4, -1.3));

        yield return FlatCase.Of<double>(
            "Structs.FromHelpers(a, b)", 2,
            x => Structs.FromHelpers(x[0], x[1]),
            (x, g) => Structs.FromHelpersGradient(x[0], x[1], out g[0], out g[1]),
            (x, s, a) => Structs.FromHelpersPullback(x[0], x[1], s, ref a[0], ref a[1]),
            (x, t) => (Structs.FromHelpersPushforward(x[0], x[1], t[0], t[1], out double tangent), tangent),
            (x, g, h) => Structs.FromHelpersHessian(x[0], x[1], g, h),
            (x, v, hv) => Structs.FromHelpersHessianVectorProduct(x[0], x[1], v[0], v[1], out hv[0], out hv[1]),
            P(1.5, 0.7), P(0.4, -1.3));
    }

    private static readonly CaseTable Table = new(() => Build().Concat(Segments()).Concat(Helpers()));

    public static ScalarCase Get(string name) => Table.Get(name);

    public static TheoryData<string> Names => Table.Names;

    public static TheoryData<string> SecondOrderNames => Table.SecondOrderNames;
}
