using System;
using System.Linq;
using System.Numerics;
using Xunit;
using static AutoDiffGen.Runtime.Tests.Primitives.SpanTesting;

namespace AutoDiffGen.Runtime.Tests.Primitives;

/// <summary>
/// The elementwise primitives against loops of the scalar function (Math/MathF), for double and
/// float, lengths 0–300, unaligned, in place, and with NaN, infinities and signed zeros in the input.
/// </summary>
[EveryWidth]
public sealed class ElementwiseTests
{
    /// <summary>
    /// A unary primitive, its scalar reference, the input range, and how close it must come: 0 is bit for bit
    /// (also with vectors), otherwise a tolerance in units of epsilon, for what TensorPrimitives computes
    /// with its own vectorized transcendental functions.
    /// </summary>
    private sealed record Unary<T>(string Name, SpanMap<T> Apply, Func<T, T> Reference, double Low, double High, double Ulps);

    private static Unary<T>[] UnaryCases<T>()
        where T : IFloatingPointIeee754<T> =>
    [
        new("Negate", SpanMath.Negate, x => -x, -5, 5, 0),
        new("Square", SpanMath.Square, x => x * x, -5, 5, 0),
        new("Sqrt", SpanMath.Sqrt, T.Sqrt, 0, 10, 0),
        new("Exp", SpanMath.Exp, T.Exp, -30, 30, 4),
        new("Log", SpanMath.Log, T.Log, 1e-3, 1e3, 4),
        new("Tanh", SpanMath.Tanh, T.Tanh, -8, 8, 4),
        new("Sigmoid", SpanMath.Sigmoid, x => T.One / (T.One + T.Exp(-x)), -30, 30, 4),
        new("Relu", SpanMath.Relu, x => T.Max(x, T.Zero), -5, 5, 0),
        new("Abs", SpanMath.Abs, T.Abs, -5, 5, 0),
        new("Sin", SpanMath.Sin, T.Sin, -10, 10, 4),
        new("Cos", SpanMath.Cos, T.Cos, -10, 10, 4),
    ];

    /// <summary>A binary primitive (span ∘ span and span ∘ scalar) and its scalar reference; all are exact.</summary>
    private sealed record Binary<T>(string Name, SpanMap2<T> Apply, SpanMapScalar<T> ApplyScalar, Func<T, T, T> Reference);

    private static Binary<T>[] BinaryCases<T>()
        where T : IFloatingPointIeee754<T> =>
    [
        new("Add", SpanMath.Add, SpanMath.Add, (x, y) => x + y),
        new("Subtract", SpanMath.Subtract, SpanMath.Subtract, (x, y) => x - y),
        new("Multiply", SpanMath.Multiply, SpanMath.Multiply, (x, y) => x * y),
        new("Divide", SpanMath.Divide, SpanMath.Divide, (x, y) => x / y),
    ];

    public static TheoryData<string> UnaryNames => new(UnaryCases<double>().Select(c => c.Name));

    public static TheoryData<string> BinaryNames => new(BinaryCases<double>().Select(c => c.Name));

    [Theory]
    [MemberData(nameof(UnaryNames))]
    public void Unary_matches_the_scalar_reference(string name)
    {
        CheckUnary<double>(name);
        CheckUnary<float>(name);
    }

    [Theory]
    [MemberData(nameof(BinaryNames))]
    public void Binary_matches_the_scalar_reference(string name)
    {
        CheckBinary<double>(name);
        CheckBinary<float>(name);
    }

    /// <summary>Half goes to TensorPrimitives as double and float do, and through the hand-written kernels one element at a time.</summary>
    [Fact]
    public void Half_runs_through_the_same_primitives()
    {
        Half[] x = [(Half)0.5f, (Half)(-1), Half.NaN];
        var destination = new Half[3];
        SpanMath.Exp<Half>(x, destination);
        Assert.Equal([Half.Exp(x[0]), Half.Exp(x[1]), Half.NaN], destination);
        SpanMath.TanhAdjoint<Half>(x, x, destination);
        Assert.Equal(Half.Exp(x[0]) + x[0] * (Half.One - x[0] * x[0]), destination[0]);
    }

    private static void CheckUnary<T>(string name)
        where T : IFloatingPointIeee754<T>
    {
        Unary<T> op = UnaryCases<T>().Single(c => c.Name == name);
        var random = new Random(1);
        double tolerance = op.Ulps * Epsilon<T>();
        foreach (int length in Lengths)
        {
            string context = $"{name}, length {length}";
            Check(Uniform<T>(random, length, op.Low, op.High), context);
            Check(WithSpecials<T>(length % 40, length), context + ", special values");
        }

        // Into a separate span and in place (TensorPrimitives computes the tail differently in place).
        void Check(T[] x, string context)
        {
            T[] expected = x.Select(op.Reference).ToArray();
            var input = new Guarded<T>(x);
            var destination = new Guarded<T>(new T[x.Length], OffsetFor(x.Length + 5));
            op.Apply(input.Span, destination.Span);
            Compare(expected, destination.Checked(context), context);
            AllIdentical<T>(x, input.ToArray(), context + ", input unchanged");
            op.Apply(input.Span, input.Span);
            Compare(expected, input.Checked(context), context + ", in place");
        }

        void Compare(T[] expected, T[] actual, string context)
        {
            if (op.Ulps == 0)
            {
                AllIdentical<T>(expected, actual, context);
            }
            else
            {
                AllClose<T>(expected, actual, tolerance, context);
            }
        }
    }

    private static void CheckBinary<T>(string name)
        where T : IFloatingPointIeee754<T>
    {
        Binary<T> op = BinaryCases<T>().Single(c => c.Name == name);
        var random = new Random(2);
        foreach (int length in Lengths)
        {
            string context = $"{name}, length {length}";
            T[] x = Uniform<T>(random, length, -4, 4);
            T[] y = Uniform<T>(random, length, 0.5, 4);
            CheckSpans(op, x, y, context);
            T scalar = y.Length > 0 ? y[0] : T.Pi;
            CheckScalar(op, x, scalar, context);
            T[] specials = WithSpecials<T>(length % 40, length);
            CheckSpans(op, specials, WithSpecials<T>(specials.Length, length + 1), context + ", special values");
            CheckSpans(op, x, WithSpecials<T>(length, 3), context + ", special values on the right");
            CheckScalar(op, specials, Specials<T>()[length % Specials<T>().Length], context + ", special values");
        }
    }

    private static void CheckSpans<T>(Binary<T> op, T[] x, T[] y, string context)
        where T : IFloatingPointIeee754<T>
    {
        T[] expected = x.Zip(y, op.Reference).ToArray();
        var left = new Guarded<T>(x);
        var right = new Guarded<T>(y, 3 - OffsetFor(y.Length));
        var destination = new Guarded<T>(new T[x.Length], 1);
        op.Apply(left.Span, right.Span, destination.Span);
        AllIdentical<T>(expected, destination.Checked(context), context);
        op.Apply(left.Span, right.Span, right.Span);
        AllIdentical<T>(expected, right.Checked(context), context + ", into y");
    }

    private static void CheckScalar<T>(Binary<T> op, T[] x, T y, string context)
        where T : IFloatingPointIeee754<T>
    {
        T[] expected = x.Select(v => op.Reference(v, y)).ToArray();
        var left = new Guarded<T>(x);
        op.ApplyScalar(left.Span, y, left.Span);
        AllIdentical<T>(expected, left.Checked(context), $"{context}, scalar {y}, in place");
    }
}
