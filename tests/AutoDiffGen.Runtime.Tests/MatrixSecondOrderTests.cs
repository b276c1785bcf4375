using System;
using System.Linq;
using System.Reflection;
using Xunit;

namespace AutoDiffGen.Runtime.Tests;

/// <summary>
/// The pushforwards of <see cref="Matrix"/>'s pullbacks (second order: forward mode over a pullback), each found through
/// its <see cref="DerivativeOfAttribute"/> on the pullback: against central differences of the pullback itself, on the
/// adjoint conventions for the adjoints' tangents, on their registrations, and on allocations inside a workspace.
/// </summary>
public sealed class MatrixSecondOrderTests
{
    public static TheoryData<string, string> Operations => MatrixDerivativeTests.Operations;

    [Theory]
    [MemberData(nameof(Operations))]
    public void Pullback_pushforward_does_the_pullbacks_update_and_matches_central_differences_of_the_pullback(string name, string inputs)
    {
        for (int trial = 0; trial < 3; trial++)
        {
            var (op, seed, tseed) = Draw(name, inputs, trial);
            string context = $"{op} (trial {trial})";
            var (x, t) = (op.Inputs, op.Tangents);
            var read = new[] { seed, tseed }.Concat(x).Concat(t).Select(MatrixOperation.Clone).ToArray();
            var expected = op.PullbackDirectional(seed, t, tseed);
            var pulled = op.Pullback(x, seed, op.Zeros(nullMatrices: true));

            var (adjoints, tangents) = op.PullbackPushforward(x, seed, op.Zeros(nullMatrices: true), t, tseed, op.Zeros(nullMatrices: true));
            for (int i = 0; i < x.Length; i++)
            {
                MatrixOperation.AssertClose(pulled[i], adjoints[i], 1e-12, context + $": adjoint {i} as the pullback leaves it");
                MatrixOperation.AssertClose(expected[i], tangents[i], 1e-6, context + $": tangent of adjoint {i} vs differences");
            }

            // The seed, the inputs and their tangents are only read; no tangent is any of them, an adjoint or another tangent.
            object[] arguments = [seed, tseed, .. x, .. t];
            for (int i = 0; i < arguments.Length; i++) MatrixOperation.AssertClose(read[i], arguments[i], 0, context + $": argument {i} is only read");
            var matrices = adjoints.Concat(tangents).OfType<Matrix>().ToArray();
            foreach (var tangent in tangents.OfType<Matrix>())
            {
                Assert.DoesNotContain(arguments, argument => ReferenceEquals(argument, tangent));
                Assert.Single(matrices, other => ReferenceEquals(other, tangent));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void Existing_adjoints_and_their_tangents_are_added_into_in_place(string name, string inputs)
    {
        var (op, seed, tseed) = Draw(name, inputs, 10);
        var (x, t) = (op.Inputs, op.Tangents);
        var (fresh, freshTangents) = op.PullbackPushforward(x, seed, op.Zeros(nullMatrices: true), t, tseed, op.Zeros(nullMatrices: true));
        var before = op.RandomTangents();
        var tangentsBefore = op.RandomTangents();
        var start = before.Select(MatrixOperation.Clone).ToArray();
        var tangentsStart = tangentsBefore.Select(MatrixOperation.Clone).ToArray();

        var (adjoints, tangents) = op.PullbackPushforward(x, seed, start, t, tseed, tangentsStart);
        for (int i = 0; i < x.Length; i++)
        {
            if (start[i] is Matrix adjoint) Assert.Same(adjoint, adjoints[i]);
            if (tangentsStart[i] is Matrix tangent) Assert.Same(tangent, tangents[i]);
            MatrixOperation.AssertClose(MatrixOperation.Plus(before[i], fresh[i]), adjoints[i], 1e-12, $"{op}: adjoint {i} accumulates");
            MatrixOperation.AssertClose(MatrixOperation.Plus(tangentsBefore[i], freshTangents[i]), tangents[i], 1e-12, $"{op}: tangent {i} accumulates");
        }
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void Null_tangents_are_zero_and_the_terms_add_up(string name, string inputs)
    {
        var (op, seed, tseed) = Draw(name, inputs, 20);
        var (x, t) = (op.Inputs, op.Tangents);
        object zeroSeedTangent = seed is Matrix ? null! : 0.0;

        // No tangent: the adjoints' tangents stay null (zero), and the pullback's update is still done.
        var (adjoints, none) = op.PullbackPushforward(x, seed, op.Zeros(nullMatrices: true), op.Zeros(nullMatrices: true), zeroSeedTangent, op.Zeros(nullMatrices: true));
        var pulled = op.Pullback(x, seed, op.Zeros(nullMatrices: true));
        for (int i = 0; i < x.Length; i++)
        {
            MatrixOperation.AssertClose(pulled[i], adjoints[i], 1e-12, $"{op}: adjoint {i} without tangents");
            if (x[i] is Matrix) Assert.Null(none[i]);
            else Assert.Equal(0.0, none[i]);
        }

        // The tangents along all of the inputs and the seed are the sums of those along each one alone.
        var (_, all) = op.PullbackPushforward(x, seed, op.Zeros(nullMatrices: true), t, tseed, op.Zeros(nullMatrices: true));
        var sums = op.Zeros(nullMatrices: true);
        for (int only = 0; only <= x.Length; only++)
        {
            var alone = op.Zeros(nullMatrices: true);
            if (only < x.Length) alone[only] = t[only];
            var (_, part) = op.PullbackPushforward(x, seed, op.Zeros(nullMatrices: true), alone, only == x.Length ? tseed : zeroSeedTangent, op.Zeros(nullMatrices: true));
            for (int i = 0; i < x.Length; i++) sums[i] = part[i] is null ? sums[i] : MatrixOperation.Plus(sums[i], part[i]);
        }

        for (int i = 0; i < x.Length; i++) MatrixOperation.AssertClose(all[i], sums[i], 1e-12, $"{op}: tangent {i} is the sum of its terms");
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void A_tangent_passed_as_a_null_ref_is_skipped_and_the_others_are_unchanged(string name, string inputs)
    {
        var (op, seed, tseed) = Draw(name, inputs, 30);
        var t = op.Tangents;
        var full = op.PullbackPushforwardSkipping(seed, t, tseed, skipAdjoint: -1, skipTangent: -1);
        var (adjoints, tangents) = op.PullbackPushforward(op.Inputs, seed, op.Zeros(nullMatrices: true), t, tseed, op.Zeros(nullMatrices: true));
        object?[] reflected = [.. adjoints, .. tangents];
        for (int i = 0; i < full.Length; i++) MatrixOperation.AssertClose(reflected[i], full[i], 0, $"{op}: through a delegate, result {i}");

        int n = op.Inputs.Length;
        for (int skip = 0; skip < n; skip++)
        {
            if (op.Inputs[skip] is not Matrix) continue; // a double's adjoint and its tangent are never null refs
            foreach (bool adjointToo in new[] { false, true })
            {
                var partial = op.PullbackPushforwardSkipping(seed, t, tseed, adjointToo ? skip : -1, skip);
                for (int i = 0; i < full.Length; i++)
                {
                    string context = $"{op}: result {i} with tangent {skip}{(adjointToo ? " and its adjoint" : "")} skipped";
                    if (i == n + skip || (adjointToo && i == skip)) Assert.True(partial[i] is null, context);
                    else MatrixOperation.AssertClose(full[i], partial[i], 0, context);
                }
            }
        }
    }

    // ------------------------------------------------------------------ registrations

    [Fact]
    public void Every_pullback_has_exactly_one_pushforward_of_the_second_order_shape()
    {
        var registrations = MatrixOperation.Registrations().ToList();
        var pullbacks = registrations.Where(r => r.Attribute.Kind == DerivativeKind.Pullback).Select(r => r.Derivative).Distinct().ToList();
        // The 22 operations' pullbacks, the seven elementwise functions (negation among them) sharing one.
        Assert.Equal(16, pullbacks.Count);
        foreach (var pullback in pullbacks)
        {
            var (derivative, attribute, _) = Assert.Single(registrations, r => r.Target == pullback);
            Assert.Equal(DerivativeKind.Pushforward, attribute.Kind);
            Assert.Equal(pullback.Name + "Pushforward", derivative.Name);
            Assert.Equal(typeof(void), derivative.ReturnType);
            Assert.Empty(MatrixOperation.ShapeProblems(derivative, DerivativeKind.Pushforward, pullback));
        }
    }

    [Fact]
    public void The_shape_check_sees_a_wrong_tangent()
    {
        var pullback = typeof(Matrix).GetMethod(nameof(Matrix.TransposePullback))!;
        Assert.Empty(MatrixOperation.ShapeProblems(Method(nameof(Right)), DerivativeKind.Pushforward, pullback));
        foreach (var wrong in new[] { nameof(NotNullable), nameof(Out), nameof(NoTangentOfTheSeed), nameof(ByValue) })
        {
            Assert.NotEmpty(MatrixOperation.ShapeProblems(Method(wrong), DerivativeKind.Pushforward, pullback));
        }

        static MethodInfo Method(string name) => typeof(MatrixSecondOrderTests).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)!;
    }

    // ------------------------------------------------------------------ allocations

    [Fact]
    public void A_warm_pullback_pushforward_in_a_workspace_allocates_nothing()
    {
        var random = new Random(5);
        var a = MatrixOperation.Uniform(4, 3, random, -1, 1);
        var b = MatrixOperation.Uniform(3, 5, random, -1, 1);
        var seed = MatrixOperation.Uniform(4, 5, random, -1, 1);
        var tangents = Enumerable.Range(0, 3).Select(_ => MatrixOperation.Uniform(4, 5, random, -1, 1)).ToArray();
        var labels = MatrixOperation.Labels(4, 5, random);
        double check = 0;

        void Step()
        {
            using var scope = MatrixWorkspace.Enter();
            Matrix? da = null, db = null, tda = null, tdb = null, dc = null, tdc = null, dl = null, tdl = null;
            Matrix.MultiplyPullbackPushforward(a, b, seed, ref da, ref db, a, b, seed, ref tda, ref tdb);
            Matrix.SoftmaxPullbackPushforward(seed, tangents[0], ref dc, tangents[1], tangents[2], ref tdc);
            Matrix.ElementwisePullbackPushforward(Matrix.TanhRule, seed, tangents[0], ref dc, tangents[1], tangents[2], ref tdc);
            Matrix.CrossEntropyPullbackPushforward(seed, labels, 0.5, ref dc, ref dl, tangents[0], tangents[1], 0.25, ref tdc, ref tdl);
            Matrix.MseLossPullbackPushforward(seed, labels, 0.5, ref dc, ref dl, tangents[0], tangents[1], 0.25, ref tdc, ref tdl);
            check += tda![0, 0] + tdb![0, 0] + tdc![0, 0] + tdl![0, 0];
        }

        Assert.Equal(0, SteadyState.FewestBytes(Step, rounds: 10));
        Assert.True(double.IsFinite(check));
    }

    // ------------------------------------------------------------------ helpers

    /// <summary>An operation with its inputs and their tangents, a seed and its tangent, drawn for <paramref name="trial"/>.</summary>
    private static (MatrixOperation Op, object Seed, object SeedTangent) Draw(string name, string inputs, int trial)
    {
        var op = MatrixOperation.Draw(name, inputs, new Random(HashCode.Combine(name, inputs, trial, 2)));
        var value = op.Forward(op.Inputs);
        return (op, op.RandomLike(value), op.RandomLike(value));
    }

    // Candidate pushforwards of TransposePullback(Matrix a, Matrix seed, ref Matrix? da) for the shape check.
    private static void Right(Matrix a, Matrix seed, ref Matrix? da, Matrix? ta, Matrix? tseed, ref Matrix? tda) => throw new NotSupportedException();

    private static void NotNullable(Matrix a, Matrix seed, ref Matrix? da, Matrix ta, Matrix? tseed, ref Matrix? tda) => throw new NotSupportedException();

    private static void Out(Matrix a, Matrix seed, ref Matrix? da, Matrix? ta, Matrix? tseed, out Matrix? tda) => throw new NotSupportedException();

    private static void NoTangentOfTheSeed(Matrix a, Matrix seed, ref Matrix? da, Matrix? ta, ref Matrix? tda) => throw new NotSupportedException();

    private static void ByValue(Matrix a, Matrix seed, ref Matrix? da, Matrix? ta, Matrix? tseed, Matrix? tda) => throw new NotSupportedException();
}
