using System;
using Xunit;

namespace AutoDiffGen.Runtime.Tests;

/// <summary>
/// <see cref="Scalar.ZeroSafeMultiply(double, double)"/> and <see cref="Scalar.ZeroSafeDivide(double, double)"/>: the
/// products generated derivative code uses where a factor may not be finite. A factor that is exactly zero wins; every
/// other case is the ordinary product or quotient, bit for bit.
/// </summary>
public class ZeroSafeProductTests
{
    private static readonly double[] Values = { 0.0, -0.0, 1.0, -2.5, 1e-300, 1e300, double.MaxValue, double.Epsilon, double.PositiveInfinity, double.NegativeInfinity, double.NaN };

    [Fact]
    public void AZeroFactorWins()
    {
        foreach (var other in Values)
        {
            Assert.Equal(0.0, Math.Abs(Scalar.ZeroSafeMultiply(0.0, other)));
            Assert.Equal(0.0, Math.Abs(Scalar.ZeroSafeMultiply(other, 0.0)));
            Assert.Equal(0.0, Math.Abs(Scalar.ZeroSafeMultiply(-0.0, other)));
            Assert.Equal(0f, MathF.Abs(Scalar.ZeroSafeMultiply(0f, (float)other)));
            Assert.Equal(0f, MathF.Abs(Scalar.ZeroSafeMultiply((float)other, 0f)));
        }
    }

    [Fact]
    public void OtherwiseTheOrdinaryProduct()
    {
        foreach (var a in Values)
        {
            foreach (var b in Values)
            {
                if (a == 0 || b == 0) continue;
                Assert.Equal(BitConverter.DoubleToInt64Bits(a * b), BitConverter.DoubleToInt64Bits(Scalar.ZeroSafeMultiply(a, b)));
                float af = (float)a, bf = (float)b;
                if (af == 0 || bf == 0) continue;
                Assert.Equal(BitConverter.SingleToInt32Bits(af * bf), BitConverter.SingleToInt32Bits(Scalar.ZeroSafeMultiply(af, bf)));
            }
        }
    }

    [Fact]
    public void ADivisionIsAProductByTheReciprocal()
    {
        foreach (var b in Values)
        {
            // 0 / b: 0 even for b = 0 or NaN.
            Assert.Equal(0.0, Math.Abs(Scalar.ZeroSafeDivide(0.0, b)));
            Assert.Equal(0f, MathF.Abs(Scalar.ZeroSafeDivide(0f, (float)b)));
        }
        foreach (var a in Values)
        {
            // a / ∞: the reciprocal is 0, so 0 even for an infinite or NaN a.
            Assert.Equal(0.0, Math.Abs(Scalar.ZeroSafeDivide(a, double.PositiveInfinity)));
            Assert.Equal(0.0, Math.Abs(Scalar.ZeroSafeDivide(a, double.NegativeInfinity)));
            Assert.Equal(0f, MathF.Abs(Scalar.ZeroSafeDivide((float)a, float.PositiveInfinity)));
        }
        Assert.Equal(double.PositiveInfinity, Scalar.ZeroSafeDivide(1.0, 0.0));
        Assert.Equal(-0.4, Scalar.ZeroSafeDivide(1.0, -2.5));
        Assert.True(double.IsNaN(Scalar.ZeroSafeDivide(double.NaN, 2.0)));
        Assert.True(double.IsNaN(Scalar.ZeroSafeDivide(1.0, double.NaN)));
    }
}
