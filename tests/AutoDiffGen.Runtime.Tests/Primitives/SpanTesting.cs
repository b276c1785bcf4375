using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using Xunit;

namespace AutoDiffGen.Runtime.Tests.Primitives;

internal delegate void SpanMap<T>(ReadOnlySpan<T> x, Span<T> destination);

internal delegate void SpanMap2<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination);

internal delegate void SpanMapScalar<T>(ReadOnlySpan<T> x, T y, Span<T> destination);

internal delegate T SpanReduce<T>(ReadOnlySpan<T> x);

/// <summary>What the primitive tests share: the lengths and placements they try, inputs, and comparisons.</summary>
internal static class SpanTesting
{
    /// <summary>
    /// Every length from 0 to 40 (every remainder of every vector width, 1 to 16 elements, with and without a whole
    /// vector before it), and the lengths around larger powers of two, up to 300.
    /// </summary>
    public static readonly int[] Lengths =
        [.. Enumerable.Range(0, 41), 47, 48, 49, 63, 64, 65, 95, 127, 128, 129, 161, 255, 256, 257, 300];

    /// <summary>The matrix shapes of the axis tests: empty, single, and odd sizes around the vector widths.</summary>
    public static readonly (int Rows, int Columns)[] Shapes =
        (from rows in new[] { 0, 1, 2, 3, 5, 17 }
         from columns in new[] { 0, 1, 3, 4, 7, 8, 9, 16, 17, 33, 65 }
         select (rows, columns)).ToArray();

    /// <summary>Where a span of <paramref name="length"/> starts in its array: 0 to 3, each with every remainder mod 16.</summary>
    public static int OffsetFor(int length) => length / 16 % 4;

    public static T[] Uniform<T>(Random random, int length, double low, double high)
        where T : IFloatingPointIeee754<T>
    {
        var values = new T[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = T.CreateChecked(low + (high - low) * random.NextDouble());
        }
        return values;
    }

    /// <summary>NaN, the infinities, signed zeros, and values at the edges of the exponent range.</summary>
    public static T[] Specials<T>()
        where T : IFloatingPointIeee754<T> =>
    [
        T.NaN, T.PositiveInfinity, T.NegativeInfinity, T.Zero, T.NegativeZero, T.One, -T.One,
        T.CreateChecked(0.5), T.CreateChecked(-2.5), T.CreateChecked(800), T.CreateChecked(-800),
        T.BitDecrement(T.PositiveInfinity), T.BitIncrement(T.NegativeInfinity), T.Epsilon, -T.Epsilon,
    ];

    /// <summary><paramref name="length"/> values that cycle through <see cref="Specials{T}"/> and a few ordinary ones.</summary>
    public static T[] WithSpecials<T>(int length, int shift)
        where T : IFloatingPointIeee754<T>
    {
        T[] specials = Specials<T>();
        return Enumerable.Range(0, length)
            .Select(i => (i + shift) % 3 == 0 ? T.CreateChecked(0.25 * i - 1) : specials[(i + shift) % specials.Length])
            .ToArray();
    }

    /// <summary>The distance from 1 to the next larger <typeparamref name="T"/>.</summary>
    public static double Epsilon<T>()
        where T : IFloatingPointIeee754<T> => double.CreateChecked(T.BitIncrement(T.One) - T.One);

    /// <summary>Equal bit for bit, but for the payload of a NaN.</summary>
    public static bool Identical<T>(T expected, T actual)
        where T : IFloatingPointIeee754<T> =>
        T.IsNaN(expected) ? T.IsNaN(actual) : expected == actual && T.IsNegative(expected) == T.IsNegative(actual);

    /// <summary>Both NaN, equal (infinities included), or within <paramref name="tolerance"/> relative (and absolute near 0).</summary>
    public static bool Close<T>(T expected, T actual, double tolerance)
        where T : IFloatingPointIeee754<T>
    {
        if (T.IsNaN(expected) || T.IsNaN(actual))
        {
            return T.IsNaN(expected) && T.IsNaN(actual);
        }
        if (expected == actual)
        {
            return true;
        }
        double e = double.CreateChecked(expected), a = double.CreateChecked(actual);
        return double.IsFinite(e) && double.IsFinite(a) && Math.Abs(e - a) <= tolerance * Math.Max(1, Math.Max(Math.Abs(e), Math.Abs(a)));
    }

    public static void AllIdentical<T>(ReadOnlySpan<T> expected, ReadOnlySpan<T> actual, string context)
        where T : IFloatingPointIeee754<T>
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (!Identical(expected[i], actual[i]))
            {
                Assert.Fail($"{context}, {typeof(T).Name}, element {i}: expected {expected[i]:R}, got {actual[i]:R}.");
            }
        }
    }

    public static void AllClose<T>(ReadOnlySpan<T> expected, ReadOnlySpan<T> actual, double tolerance, string context)
        where T : IFloatingPointIeee754<T>
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (!Close(expected[i], actual[i], tolerance))
            {
                Assert.Fail($"{context}, {typeof(T).Name}, element {i}: expected {expected[i]:R}, got {actual[i]:R} (tolerance {tolerance:G3}).");
            }
        }
    }
}

/// <summary>
/// A span placed <see cref="SpanTesting.OffsetFor"/> elements into a larger array, between guard elements that
/// a primitive must leave alone.
/// </summary>
internal sealed class Guarded<T>
    where T : IFloatingPointIeee754<T>
{
    private const int After = 3;
    private static readonly T GuardValue = T.CreateChecked(-7777.25);
    private readonly T[] _array;
    private readonly int _offset;

    public Guarded(ReadOnlySpan<T> values)
        : this(values, SpanTesting.OffsetFor(values.Length))
    {
    }

    public Guarded(ReadOnlySpan<T> values, int offset)
    {
        _offset = offset;
        _array = Enumerable.Repeat(GuardValue, offset + values.Length + After).ToArray();
        values.CopyTo(Span);
    }

    public Span<T> Span => _array.AsSpan(_offset, _array.Length - _offset - After);

    public T[] ToArray() => Span.ToArray();

    /// <summary>The contents, after checking that nothing was written outside them.</summary>
    public T[] Checked(string context)
    {
        for (int i = 0; i < _array.Length; i++)
        {
            if ((i < _offset || i >= _array.Length - After) && _array[i] != GuardValue)
            {
                Assert.Fail($"{context}: wrote outside its span, at {i - _offset}.");
            }
        }
        return ToArray();
    }
}

/// <summary>
/// The dot-product test of an adjoint against central finite differences of its forward function:
/// Σ (dx - dx₀)·v must equal Σ dy·(F(x + hv) - F(x - hv)) / 2h.
/// </summary>
internal static class FiniteDifferences
{
    public static void Check<T>(Func<T[], T[]> forward, T[] x, T[] dy, T[] increment, Random random, string context)
        where T : IFloatingPointIeee754<T>
    {
        bool single = typeof(T) == typeof(float);
        double h = single ? 1e-2 : 1e-5, tolerance = single ? 2e-3 : 1e-7;
        T[] v = SpanTesting.Uniform<T>(random, x.Length, -1, 1);
        T[] plus = forward(x.Zip(v, (a, b) => a + T.CreateChecked(h) * b).ToArray());
        T[] minus = forward(x.Zip(v, (a, b) => a - T.CreateChecked(h) * b).ToArray());
        double directional = 0, adjoint = 0, scale = 0;
        for (int i = 0; i < dy.Length; i++)
        {
            double term = double.CreateChecked(dy[i]) * (double.CreateChecked(plus[i]) - double.CreateChecked(minus[i])) / (2 * h);
            directional += term;
            scale += Math.Abs(term);
        }
        for (int i = 0; i < x.Length; i++)
        {
            double term = double.CreateChecked(increment[i]) * double.CreateChecked(v[i]);
            adjoint += term;
            scale += Math.Abs(term);
        }
        Assert.True(
            Math.Abs(adjoint - directional) <= tolerance * (scale + 1e-3),
            $"{context}, {typeof(T).Name}: adjoint {adjoint:R}, finite differences {directional:R}.");
    }
}
