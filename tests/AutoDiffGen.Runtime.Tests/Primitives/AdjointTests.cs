using System;
using System.Linq;
using System.Numerics;
using Xunit;
using static AutoDiffGen.Runtime.Tests.Primitives.SpanTesting;

namespace AutoDiffGen.Runtime.Tests.Primitives;

/// <summary>
/// The fused adjoint kernels: bit for bit against the scalar formula (where the formula has no
/// exp or sum in it), added into an adjoint that starts nonzero, unaligned, aliased where allowed, with NaN and
/// infinities, and against finite differences of their forward primitives.
/// </summary>
[EveryWidth]
public sealed class AdjointTests
{
    private delegate void AdjointCall<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx);

    /// <summary>An elementwise adjoint, the forward primitive it belongs to, and the scalar increment of dx from (x, y, dy).</summary>
    private sealed record Elementwise<T>(
        string Name, SpanMap<T> Forward, Func<T, T> ForwardReference, AdjointCall<T> Adjoint, Func<T, T, T, T> Increment, double Low, double High);

    private static Elementwise<T>[] ElementwiseCases<T>()
        where T : IFloatingPointIeee754<T>
    {
        T two = T.CreateChecked(2);
        return
        [
            new("Exp", SpanMath.Exp, T.Exp, (x, y, dy, dx) => SpanMath.ExpAdjoint(y, dy, dx), (x, y, dy) => dy * y, -3, 3),
            new("Log", SpanMath.Log, T.Log, (x, y, dy, dx) => SpanMath.LogAdjoint(x, dy, dx), (x, y, dy) => dy / x, 0.2, 5),
            new("Tanh", SpanMath.Tanh, T.Tanh, (x, y, dy, dx) => SpanMath.TanhAdjoint(y, dy, dx), (x, y, dy) => dy * (T.One - y * y), -3, 3),
            new("Sigmoid", SpanMath.Sigmoid, v => T.One / (T.One + T.Exp(-v)), (x, y, dy, dx) => SpanMath.SigmoidAdjoint(y, dy, dx), (x, y, dy) => dy * y * (T.One - y), -5, 5),
            new("Relu", SpanMath.Relu, v => T.Max(v, T.Zero), (x, y, dy, dx) => SpanMath.ReluAdjoint(x, dy, dx), (x, y, dy) => x > T.Zero ? dy : T.Zero, -3, 3),
            new("Square", SpanMath.Square, v => v * v, (x, y, dy, dx) => SpanMath.SquareAdjoint(x, dy, dx), (x, y, dy) => two * x * dy, -3, 3),
            new("Sqrt", SpanMath.Sqrt, T.Sqrt, (x, y, dy, dx) => SpanMath.SqrtAdjoint(y, dy, dx), (x, y, dy) => dy / (two * y), 0.1, 5),
        ];
    }

    public static TheoryData<string> ElementwiseNames => new(ElementwiseCases<double>().Select(c => c.Name));

    [Theory]
    [MemberData(nameof(ElementwiseNames))]
    public void Elementwise_adjoint_adds_the_scalar_formula(string name)
    {
        Check<double>();
        Check<float>();

        void Check<T>()
            where T : IFloatingPointIeee754<T>
        {
            Elementwise<T> op = ElementwiseCases<T>().Single(c => c.Name == name);
            var random = new Random(6);
            foreach (int length in Lengths)
            {
                string context = $"{name}, length {length}";
                T[] x = Uniform<T>(random, length, op.Low, op.High);
                CheckOne(op, x, Uniform<T>(random, length, -2, 2), Uniform<T>(random, length, -1, 1), context);
                T[] specials = WithSpecials<T>(length % 40, length);
                CheckOne(op, specials, WithSpecials<T>(specials.Length, length + 2), Uniform<T>(random, specials.Length, -1, 1), context + ", special values");
            }
        }
    }

    private static void CheckOne<T>(Elementwise<T> op, T[] x, T[] dy, T[] dx0, string context)
        where T : IFloatingPointIeee754<T>
    {
        T[] y = x.Select(op.ForwardReference).ToArray();
        T[] expected = x.Select((v, i) => dx0[i] + op.Increment(v, y[i], dy[i])).ToArray();
        var dx = new Guarded<T>(dx0, 3 - OffsetFor(x.Length));
        op.Adjoint(new Guarded<T>(x).Span, new Guarded<T>(y, 1).Span, new Guarded<T>(dy, 2).Span, dx.Span);
        AllIdentical<T>(expected, dx.Checked(context), context);

        // Into dy itself: each element of dy is read before it is written.
        var dyAsDx = new Guarded<T>(dy);
        op.Adjoint(x, y, dyAsDx.Span, dyAsDx.Span);
        AllIdentical<T>(x.Select((v, i) => dy[i] + op.Increment(v, y[i], dy[i])).ToArray(), dyAsDx.Checked(context), context + ", into dy");
    }

    [Theory]
    [MemberData(nameof(ElementwiseNames))]
    public void Elementwise_adjoint_matches_finite_differences(string name)
    {
        Check<double>();
        Check<float>();

        void Check<T>()
            where T : IFloatingPointIeee754<T>
        {
            Elementwise<T> op = ElementwiseCases<T>().Single(c => c.Name == name);
            var random = new Random(7);
            foreach (int length in new[] { 1, 7, 16, 33, 300 })
            {
                T[] x = Uniform<T>(random, length, op.Low, op.High).Select(v => AwayFromZero(v, 0.1)).ToArray();
                T[] dy = Uniform<T>(random, length, -2, 2);
                T[] dx0 = Uniform<T>(random, length, -1, 1);
                T[] y = Forward(op.Forward, x);
                T[] dx = dx0.ToArray();
                op.Adjoint(x, y, dy, dx);
                FiniteDifferences.Check(v => Forward(op.Forward, v), x, dy, Minus(dx, dx0), random, $"{name}, length {length}");
            }
        }
    }

    [Fact]
    public void Multiply_and_divide_adjoints_add_the_scalar_formulas_into_both_operands()
    {
        Check<double>();
        Check<float>();

        static void Check<T>()
            where T : IFloatingPointIeee754<T>
        {
            var random = new Random(8);
            foreach (int length in Lengths)
            {
                string context = $"length {length}";
                T[] a = Uniform<T>(random, length, -3, 3), b = Uniform<T>(random, length, 0.5, 3);
                T[] dy = Uniform<T>(random, length, -2, 2);
                CheckPair(SpanMath.MultiplyAdjoint, (a, b, dy) => (dy * b, dy * a), a, b, dy, random, context + ", Multiply");
                CheckPair(SpanMath.DivideAdjoint, (a, b, dy) => (dy / b, -(dy / b * (a / b))), a, b, dy, random, context + ", Divide");
                T[] specials = WithSpecials<T>(length % 40, length), others = WithSpecials<T>(length % 40, length + 5);
                T[] seeds = WithSpecials<T>(length % 40, length + 7);
                CheckPair(SpanMath.MultiplyAdjoint, (a, b, dy) => (dy * b, dy * a), specials, others, seeds, random, context + ", Multiply, special values");
                CheckPair(SpanMath.DivideAdjoint, (a, b, dy) => (dy / b, -(dy / b * (a / b))), specials, others, seeds, random, context + ", Divide, special values");
            }
        }
    }

    private delegate void PairAdjoint<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, ReadOnlySpan<T> dy, Span<T> da, Span<T> db);

    private static void CheckPair<T>(PairAdjoint<T> adjoint, Func<T, T, T, (T A, T B)> increment, T[] a, T[] b, T[] dy, Random random, string context)
        where T : IFloatingPointIeee754<T>
    {
        T[] da0 = Uniform<T>(random, a.Length, -1, 1), db0 = Uniform<T>(random, a.Length, -1, 1);
        var da = new Guarded<T>(da0, 1);
        var db = new Guarded<T>(db0, 2);
        adjoint(new Guarded<T>(a).Span, new Guarded<T>(b, 3).Span, new Guarded<T>(dy, 0).Span, da.Span, db.Span);
        AllIdentical<T>(a.Select((v, i) => da0[i] + increment(v, b[i], dy[i]).A).ToArray(), da.Checked(context), context + ", da");
        AllIdentical<T>(a.Select((v, i) => db0[i] + increment(v, b[i], dy[i]).B).ToArray(), db.Checked(context), context + ", db");

        // a ∘ a: one adjoint for both operands gets both contributions, da's first.
        var both = new Guarded<T>(da0);
        adjoint(a, a, dy, both.Span, both.Span);
        T[] expected = a.Select((v, i) => da0[i] + increment(v, v, dy[i]).A + increment(v, v, dy[i]).B).ToArray();
        AllIdentical<T>(expected, both.Checked(context), context + ", da = db");

        // Into dy itself, and into a itself: each element of the inputs is read before da's is written (db reads them after).
        var dyAsDa = new Guarded<T>(dy);
        var db1 = new Guarded<T>(db0, 2);
        adjoint(a, b, dyAsDa.Span, dyAsDa.Span, db1.Span);
        AllIdentical<T>(a.Select((v, i) => dy[i] + increment(v, b[i], dy[i]).A).ToArray(), dyAsDa.Checked(context), context + ", da = dy");
        AllIdentical<T>(a.Select((v, i) => db0[i] + increment(v, b[i], dy[i]).B).ToArray(), db1.Checked(context), context + ", da = dy, db");
        var aAsDa = new Guarded<T>(a);
        var db2 = new Guarded<T>(db0, 2);
        adjoint(aAsDa.Span, b, dy, aAsDa.Span, db2.Span);
        AllIdentical<T>(a.Select((v, i) => v + increment(v, b[i], dy[i]).A).ToArray(), aAsDa.Checked(context), context + ", da = a");
        AllIdentical<T>(a.Select((v, i) => db0[i] + increment(v, b[i], dy[i]).B).ToArray(), db2.Checked(context), context + ", da = a, db");
    }

    [Fact]
    public void Multiply_and_divide_adjoints_match_finite_differences()
    {
        Check<double>();
        Check<float>();

        static void Check<T>()
            where T : IFloatingPointIeee754<T>
        {
            var random = new Random(9);
            foreach (int length in new[] { 1, 9, 31, 300 })
            {
                T[] a = Uniform<T>(random, length, -3, 3), b = Uniform<T>(random, length, 0.5, 3);
                T[] dy = Uniform<T>(random, length, -2, 2);
                Check(SpanMath.MultiplyAdjoint, SpanMath.Multiply, $"Multiply, length {length}");
                Check(SpanMath.DivideAdjoint, SpanMath.Divide, $"Divide, length {length}");

                void Check(PairAdjoint<T> adjoint, SpanMap2<T> forward, string context)
                {
                    T[] da = new T[length], db = new T[length];
                    adjoint(a, b, dy, da, db);
                    FiniteDifferences.Check(ab => Forward(forward, ab), [.. a, .. b], dy, [.. da, .. db], random, context);
                }
            }
        }
    }

    [Fact]
    public void Softmax_adjoint_matches_the_scalar_formula_and_finite_differences()
    {
        Check<double>();
        Check<float>();

        static void Check<T>()
            where T : IFloatingPointIeee754<T>
        {
            var random = new Random(10);
            foreach (int length in Lengths)
            {
                string context = $"length {length}";
                T[] x = Uniform<T>(random, length, -4, 4), dy = Uniform<T>(random, length, -2, 2), dx0 = Uniform<T>(random, length, -1, 1);
                T[] y = Reference.Softmax<T>(x);
                T dot = Reference.Sum<T>(dy.Zip(y, (a, b) => a * b).ToArray());
                T[] expected = y.Select((v, i) => dx0[i] + v * (dy[i] - dot)).ToArray();
                var dx = new Guarded<T>(dx0, 1);
                SpanMath.SoftmaxAdjoint(new Guarded<T>(y).Span, new Guarded<T>(dy, 2).Span, dx.Span);
                AllClose<T>(expected, dx.Checked(context), 600 * Epsilon<T>(), context);
                if (length is > 0 and < 40 or 300)
                {
                    T[] fresh = dx0.ToArray();
                    SpanMath.SoftmaxAdjoint<T>(Forward(SpanMath.Softmax, x), dy, fresh);
                    FiniteDifferences.Check(v => Forward(SpanMath.Softmax, v), x, dy, Minus(fresh, dx0), random, context);
                }
            }
        }
    }

    [Fact]
    public void LogSumExp_sum_and_mean_adjoints_match_the_scalar_formulas_and_finite_differences()
    {
        Check<double>();
        Check<float>();

        static void Check<T>()
            where T : IFloatingPointIeee754<T>
        {
            var random = new Random(11);
            double tolerance = 8 * Epsilon<T>();
            foreach (int length in Lengths)
            {
                string context = $"length {length}";
                T[] x = Uniform<T>(random, length, -4, 4), dx0 = Uniform<T>(random, length, -1, 1);
                T seed = T.CreateChecked(-1.75);
                T lse = Reference.LogSumExp<T>(x);

                var dx = new Guarded<T>(dx0);
                SpanMath.LogSumExpAdjoint(new Guarded<T>(x, 3).Span, lse, seed, dx.Span);
                AllClose<T>(x.Select((v, i) => dx0[i] + seed * T.Exp(v - lse)).ToArray(), dx.Checked(context), tolerance, context + ", LogSumExp");

                dx = new Guarded<T>(dx0);
                SpanMath.SumAdjoint(seed, dx.Span);
                AllIdentical<T>(dx0.Select(v => v + seed).ToArray(), dx.Checked(context), context + ", Sum");

                dx = new Guarded<T>(dx0);
                SpanMath.MeanAdjoint(seed, dx.Span);
                T share = seed / T.CreateChecked(Math.Max(length, 1));
                AllIdentical<T>(dx0.Select(v => v + share).ToArray(), dx.Checked(context), context + ", Mean");

                dx = new Guarded<T>(dx0);
                SpanMath.AddScaled(new Guarded<T>(x, 2).Span, seed, dx.Span);
                AllIdentical<T>(dx0.Select((v, i) => v + seed * x[i]).ToArray(), dx.Checked(context), context + ", AddScaled");

                if (length is > 0 and < 20 or 300)
                {
                    T[] dy = [seed];
                    CheckScalar((ReadOnlySpan<T> v) => SpanMath.LogSumExp(v), (T[] d) => SpanMath.LogSumExpAdjoint<T>(x, SpanMath.LogSumExp<T>(x), seed, d), "LogSumExp");
                    CheckScalar((ReadOnlySpan<T> v) => SpanMath.Sum(v), (T[] d) => SpanMath.SumAdjoint(seed, d), "Sum");
                    CheckScalar((ReadOnlySpan<T> v) => SpanMath.Mean(v), (T[] d) => SpanMath.MeanAdjoint(seed, d), "Mean");

                    void CheckScalar(SpanReduce<T> forward, Action<T[]> adjoint, string name)
                    {
                        T[] d = dx0.ToArray();
                        adjoint(d);
                        FiniteDifferences.Check(v => [forward(v)], x, dy, Minus(d, dx0), random, $"{context}, {name}");
                    }
                }
            }
        }
    }

    [Fact]
    public void LogSumExp_adjoint_propagates_NaN_and_infinities()
    {
        double[] x = [1, double.NaN, double.NegativeInfinity, 2, double.PositiveInfinity, 0, 3, 4, -1];
        double[] dx = new double[x.Length];
        SpanMath.LogSumExpAdjoint<double>(x, 4, 1, dx);
        double[] expected = x.Select(v => Math.Exp(v - 4)).ToArray();
        AllClose<double>(expected, dx, 8 * Epsilon<double>(), "LogSumExpAdjoint");
    }

    private static T AwayFromZero<T>(T value, double gap)
        where T : IFloatingPointIeee754<T> =>
        T.Abs(value) >= T.CreateChecked(gap) ? value : value + T.CopySign(T.CreateChecked(gap), value);

    private static T[] Forward<T>(SpanMap<T> forward, T[] x)
    {
        var y = new T[x.Length];
        forward(x, y);
        return y;
    }

    private static T[] Forward<T>(SpanMap2<T> forward, T[] ab)
    {
        int n = ab.Length / 2;
        var y = new T[n];
        forward(ab.AsSpan(0, n), ab.AsSpan(n), y);
        return y;
    }

    private static T[] Minus<T>(T[] x, T[] y)
        where T : IFloatingPointIeee754<T> => x.Zip(y, (a, b) => a - b).ToArray();
}
