using System;
using System.Numerics;
using Xunit;

namespace AutoDiffGen.Runtime.Tests;

/// <summary>
/// <see cref="Vectorized"/>, what generated loops call when they run on <see cref="Vector{T}"/>: each block read, written and
/// added as its elements would be one by one (and checked as they would be), the zero-safe products lane by lane as
/// <see cref="Scalar"/>'s, and <see cref="Vectorized.Shift(Vector{double}, ref Vector{double}, int)"/> at every width the
/// machine has (its paths differ by width: a two-source permute, aligned halves, or memory).
/// </summary>
[EveryWidth]
public class VectorizedTests
{
    private static double[] Numbers(int n, int seed)
    {
        var random = new Random(seed);
        var values = new double[n];
        for (int i = 0; i < n; i++) values[i] = random.NextDouble() * 4 - 2;
        return values;
    }

    [Fact]
    public void A_block_is_read_written_and_added_as_its_elements_are()
    {
        int count = Vector<double>.Count;
        var x = Numbers(count + 3, 1);
        var loaded = Vectorized.Load(x, 2);
        for (int k = 0; k < count; k++) Assert.Equal(x[2 + k], loaded[k]);

        var y = new double[count + 3];
        Vectorized.Store(y, 1, loaded);
        Assert.Equal(0, y[0]);
        for (int k = 0; k < count; k++) Assert.Equal(x[2 + k], y[1 + k]);
        Assert.Equal(0, y[count + 1]);

        var sums = Numbers(count + 3, 2);
        var expected = (double[])sums.Clone();
        for (int k = 0; k < count; k++) expected[3 + k] += loaded[k];
        Vectorized.AddTo(sums, 3, loaded);
        Assert.Equal(expected, sums);

        var floats = new float[Vector<float>.Count + 1];
        floats[1] = 2.5f;
        Vectorized.AddTo(floats, 1, Vectorized.Load(floats, 1));
        Assert.Equal(5f, floats[1]);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    public void A_block_outside_the_span_throws_as_its_elements_would(int from)
    {
        var x = new double[Vector<double>.Count];
        int index = from < 0 ? -1 : 1;
        Assert.Throws<IndexOutOfRangeException>(() => Vectorized.Load(x, index));
        Assert.Throws<IndexOutOfRangeException>(() => Vectorized.Store(x, index, Vector<double>.One));
        Assert.Throws<IndexOutOfRangeException>(() => Vectorized.AddTo(x, index, Vector<double>.One));
        Assert.Throws<IndexOutOfRangeException>(() => Vectorized.Load(Array.Empty<float>(), 0));
        Assert.Equal(new double[x.Length], x);
    }

    private static readonly double[] Special = { 0.0, -0.0, 1.0, -2.5, 1e300, double.PositiveInfinity, double.NegativeInfinity, double.NaN };

    [Fact]
    public void The_zero_safe_products_of_lanes_are_the_scalar_ones()
    {
        foreach (var a in Special)
        {
            foreach (var b in Special)
            {
                var va = new Vector<double>(a);
                var vb = new Vector<double>(b);
                Assert.Equal(BitConverter.DoubleToInt64Bits(Scalar.ZeroSafeMultiply(a, b)), BitConverter.DoubleToInt64Bits(Vectorized.ZeroSafeMultiply(va, vb)[0]));
                Assert.Equal(BitConverter.DoubleToInt64Bits(Scalar.ZeroSafeDivide(a, b)), BitConverter.DoubleToInt64Bits(Vectorized.ZeroSafeDivide(va, vb)[Vector<double>.Count - 1]));
                float fa = (float)a, fb = (float)b;
                var fva = new Vector<float>(fa);
                var fvb = new Vector<float>(fb);
                Assert.Equal(BitConverter.SingleToInt32Bits(Scalar.ZeroSafeMultiply(fa, fb)), BitConverter.SingleToInt32Bits(Vectorized.ZeroSafeMultiply(fva, fvb)[0]));
                Assert.Equal(BitConverter.SingleToInt32Bits(Scalar.ZeroSafeDivide(fa, fb)), BitConverter.SingleToInt32Bits(Vectorized.ZeroSafeDivide(fva, fvb)[1]));
            }
        }
    }

    /// <summary>Generated loops call <see cref="Vector.Exp(Vector{double})"/> and <see cref="Vector.Log(Vector{double})"/> for Math's: within two ulps, the same where not finite.</summary>
    [Fact]
    public void Vector_exp_and_log_are_Maths_to_two_ulps()
    {
        double[] values = { 0.0, -0.0, 1.0, -1.0, 0.5, 3.7, -20.5, 709.7, 709.8, -745.1, -746, 1e-310, 1e300, double.PositiveInfinity, double.NegativeInfinity, double.NaN };
        foreach (var x in values)
        {
            Assert.True(Agree(Math.Exp(x), Vector.Exp(new Vector<double>(x))[0]), $"exp({x:R})");
            Assert.True(Agree(Math.Log(x), Vector.Log(new Vector<double>(x))[0]), $"log({x:R})");
            float f = (float)x;
            Assert.True(Agree(MathF.Exp(f), Vector.Exp(new Vector<float>(f))[0], 2.4e-7), $"expf({f:R})");
            Assert.True(Agree(MathF.Log(f), Vector.Log(new Vector<float>(f))[0], 2.4e-7), $"logf({f:R})");
        }

        static bool Agree(double expected, double actual, double tolerance = 4.5e-16)
            => double.IsFinite(expected) ? Math.Abs(expected - actual) <= tolerance * Math.Abs(expected) + double.Epsilon : expected.Equals(actual);
    }

    [Fact]
    public void Shift_moves_lanes_and_carries_the_last_ones_to_the_next_block()
    {
        int count = Vector<double>.Count;
        for (int lanes = 1; lanes < Math.Min(count, 4); lanes++)
        {
            var blocks = Numbers(3 * count, lanes);
            var previous = Vector<double>.Zero;
            // What the blocks add one element further on, as the loop would add it one iteration at a time.
            var expected = new double[3 * count + lanes];
            for (int i = 0; i < blocks.Length; i++) expected[i + lanes] += blocks[i];
            var actual = new double[3 * count + lanes];
            for (int b = 0; b < 3; b++)
            {
                var shifted = Vectorized.Shift(new Vector<double>(blocks, b * count), ref previous, lanes);
                Vectorized.AddTo(actual, b * count, shifted);
            }
            Vectorized.AddLast(actual, 3 * count, previous, lanes);
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Shift_moves_float_lanes_too()
    {
        int count = Vector<float>.Count;
        for (int lanes = 1; lanes < Math.Min(count, 4); lanes++)
        {
            var values = new float[2 * count];
            for (int i = 0; i < values.Length; i++) values[i] = i + 1;
            var previous = new Vector<float>(values, 0);
            var shifted = Vectorized.Shift(new Vector<float>(values, count), ref previous, lanes);
            for (int k = 0; k < count; k++) Assert.Equal(values[count - lanes + k], shifted[k]);
            Assert.Equal(new Vector<float>(values, count), previous);
            var tail = new float[lanes];
            Vectorized.AddLast(tail, 0, previous, lanes);
            for (int k = 0; k < lanes; k++) Assert.Equal(values[2 * count - lanes + k], tail[k]);
        }
    }
}
