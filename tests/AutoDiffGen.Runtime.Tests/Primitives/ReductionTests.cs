using System;
using System.Linq;
using System.Numerics;
using Xunit;
using static AutoDiffGen.Runtime.Tests.Primitives.SpanTesting;

namespace AutoDiffGen.Runtime.Tests.Primitives;

/// <summary>Sum, Mean, Dot, Max, LogSumExp and Softmax against scalar loops, double and float.</summary>
[EveryWidth]
public sealed class ReductionTests
{
    [Fact]
    public void Sum_mean_and_dot_match_the_scalar_loops()
    {
        Check<double>();
        Check<float>();

        static void Check<T>()
            where T : IFloatingPointIeee754<T>
        {
            var random = new Random(3);
            foreach (int length in Lengths)
            {
                string context = $"length {length}";
                T[] x = Uniform<T>(random, length, -3, 5);
                T[] y = Uniform<T>(random, length, -2, 2);
                T[] products = x.Zip(y, (a, b) => a * b).ToArray();
                ReadOnlySpan<T> slice = new Guarded<T>(x).Span;

                // TensorPrimitives sums in an order of its choosing: within n·ε of Σ|x| of the loop's sum.
                double bound = 2 * length * Epsilon<T>();
                SumClose(Reference.Sum<T>(x), SpanMath.Sum(slice), bound * Reference.SumOfMagnitudes<T>(x), context + ", Sum");
                SumClose(Reference.Sum<T>(products), SpanMath.Dot<T>(x, new Guarded<T>(y, 1).Span), bound * Reference.SumOfMagnitudes<T>(products), context + ", Dot");
                if (length > 0)
                {
                    T mean = Reference.Sum<T>(x) / T.CreateChecked(length);
                    SumClose(mean, SpanMath.Mean(slice), bound * Reference.SumOfMagnitudes<T>(x) / length + Epsilon<T>(), context + ", Mean");
                }
            }
        }

        static void SumClose<T>(T expected, T actual, double bound, string context)
            where T : IFloatingPointIeee754<T> =>
            Assert.True(Math.Abs(double.CreateChecked(expected - actual)) <= bound, $"{context}, {typeof(T).Name}: expected {expected}, got {actual}.");
    }

    [Fact]
    public void Max_is_exact_and_propagates_NaN()
    {
        Check<double>();
        Check<float>();

        static void Check<T>()
            where T : IFloatingPointIeee754<T>
        {
            var random = new Random(4);
            foreach (int length in Lengths.Where(n => n > 0))
            {
                string context = $"length {length}";
                T[] x = Uniform<T>(random, length, -3, 5);
                Same(Reference.Max<T>(x), SpanMath.Max<T>(new Guarded<T>(x).Span), context);
                T[] specials = WithSpecials<T>(length % 40 + 1, length);
                Same(Reference.Max<T>(specials), SpanMath.Max<T>(specials), context + ", special values");
            }
            Same(T.Zero, SpanMath.Max<T>([T.NegativeZero, T.Zero, T.NegativeZero]), "signed zeros");
            Same(T.NegativeZero, SpanMath.Max<T>([T.NegativeZero, T.NegativeInfinity]), "-0");
            T[] nan = Enumerable.Repeat(T.One, 37).ToArray();
            nan[29] = T.NaN;
            Same(T.NaN, SpanMath.Max<T>(nan), "NaN");
        }
    }

    [Fact]
    public void Sum_and_dot_propagate_NaN_and_infinities()
    {
        Check<double>();
        Check<float>();

        static void Check<T>()
            where T : IFloatingPointIeee754<T>
        {
            foreach (int length in new[] { 1, 2, 7, 8, 9, 33, 300 })
            {
                string context = $"length {length}";
                T[] Ones(int at, T value)
                {
                    T[] x = Enumerable.Repeat(T.One, length).ToArray();
                    x[at % length] = value;
                    return x;
                }
                Same(T.NaN, SpanMath.Sum<T>(Ones(length - 1, T.NaN)), context);
                Same(T.PositiveInfinity, SpanMath.Sum<T>(Ones(length / 2, T.PositiveInfinity)), context);
                Same(T.NegativeInfinity, SpanMath.Dot<T>(Ones(length - 1, T.NegativeInfinity), Ones(0, T.One)), context);
                Same(T.NaN, SpanMath.Dot<T>(Ones(length / 3, T.PositiveInfinity), Ones(length / 3, T.Zero)), context);
                if (length > 1)
                {
                    T[] both = Ones(0, T.PositiveInfinity);
                    both[length - 1] = T.NegativeInfinity;
                    Same(T.NaN, SpanMath.Sum<T>(both), context);
                }
            }
            Same(T.Zero, SpanMath.Sum<T>([]), "empty");
            Same(T.Zero, SpanMath.Dot<T>([], []), "empty");
        }
    }

    [Fact]
    public void LogSumExp_and_softmax_match_the_scalar_loops()
    {
        Check<double>();
        Check<float>();

        static void Check<T>()
            where T : IFloatingPointIeee754<T>
        {
            var random = new Random(5);
            double tolerance = 16 * Epsilon<T>();
            foreach (int length in Lengths)
            {
                string context = $"length {length}";
                T[] x = Uniform<T>(random, length, -30, 30);
                var input = new Guarded<T>(x);
                AllClose<T>([Reference.LogSumExp<T>(x)], [SpanMath.LogSumExp<T>(input.Span)], tolerance, context + ", LogSumExp");
                var destination = new Guarded<T>(new T[length], 2);
                SpanMath.Softmax<T>(input.Span, destination.Span);
                T[] expected = Reference.Softmax<T>(x);
                AllClose<T>(expected, destination.Checked(context), tolerance, context + ", Softmax");
                SpanMath.Softmax(input.Span, input.Span);
                AllClose<T>(expected, input.Checked(context), tolerance, context + ", Softmax in place");
            }
        }
    }

    [Fact]
    public void LogSumExp_and_softmax_do_not_overflow_and_handle_infinities()
    {
        Check<double>();
        Check<float>();

        static void Check<T>()
            where T : IFloatingPointIeee754<T>
        {
            T inf = T.PositiveInfinity, nan = T.NaN, big = T.CreateChecked(1000);
            double tolerance = 4 * Epsilon<T>();
            foreach (int length in new[] { 1, 2, 5, 8, 17, 64 })
            {
                string context = $"length {length}";
                T[] Filled(T value) => Enumerable.Repeat(value, length).ToArray();
                T[] With(T value, T at) => Filled(value).Select((v, i) => i == length / 2 ? at : v).ToArray();

                T n = T.CreateChecked(length);
                AllClose<T>([big + T.Log(n)], [SpanMath.LogSumExp<T>(Filled(big))], tolerance, context);
                AllClose<T>([-big + T.Log(n)], [SpanMath.LogSumExp<T>(Filled(-big))], tolerance, context);
                AllClose<T>(Filled(T.One / n), Softmax(Filled(big)), tolerance, context);
                Same(inf, SpanMath.LogSumExp<T>(With(T.One, inf)), context);
                Same(nan, SpanMath.LogSumExp<T>(With(T.One, nan)), context);
                Same(nan, SpanMath.LogSumExp<T>(With(inf, nan)), context);
                Same(-inf, SpanMath.LogSumExp<T>(Filled(-inf)), context);
                // Not exactly 0 and 1 for float: the BCL's vectorized float exp (TensorPrimitives' too) gives e^0 = 1 + ε.
                AllClose<T>([T.Zero], [SpanMath.LogSumExp<T>(With(-inf, T.Zero))], tolerance, context);
                AllClose<T>(With(T.Zero, T.One), Softmax(With(-inf, T.Zero)), tolerance, context);
                AllIdentical<T>(Filled(nan), Softmax(With(T.One, nan)), context);
                AllIdentical<T>(Filled(nan), Softmax(With(T.One, inf)), context);
                AllIdentical<T>(Filled(nan), Softmax(Filled(-inf)), context);
            }
            Same(-inf, SpanMath.LogSumExp<T>([]), "empty");
            SpanMath.Softmax<T>([], []);
        }

        static T[] Softmax<T>(T[] x)
            where T : IFloatingPointIeee754<T>
        {
            var y = new T[x.Length];
            SpanMath.Softmax<T>(x, y);
            return y;
        }
    }

    private static void Same<T>(T expected, T actual, string context)
        where T : IFloatingPointIeee754<T> =>
        AllIdentical<T>([expected], [actual], context);
}
