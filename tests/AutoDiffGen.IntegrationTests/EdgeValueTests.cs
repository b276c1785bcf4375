using System;
using AutoDiffGen.IntegrationTests.Functions;
using Xunit;

namespace AutoDiffGen.IntegrationTests;

/// <summary>
/// Derivatives at the points where a new user's programs got them wrong without a word (issue: no silently wrong
/// derivative), against exact values: integer powers at 0, a NaN or ∞ from a branch not taken or a kink not selected
/// (a zero adjoint or tangent contributes zero, whatever the partial), and tuples with named elements.
/// </summary>
public class EdgeValueTests
{
    [Theory]
    [InlineData(0, 1.0, 0.0, 0.0)]
    [InlineData(1, 0.0, 1.0, 0.0)]
    [InlineData(2, 0.0, 0.0, 2.0)]
    [InlineData(3, 0.0, 0.0, 0.0)]
    public void IntegerPowerAtZeroHasExactDerivatives(int n, double value, double first, double second)
    {
        Assert.Equal(value, Edges.PowIntGradient(0.0, n, out double d));
        Assert.Equal(first, d);
        Assert.Equal(value, Edges.PowIntPushforward(0.0, n, 1.0, out double t));
        Assert.Equal(first, t);
        var g = new double[1];
        var h = new double[1];
        Assert.Equal(value, Edges.PowIntHessian(0.0, n, g, h));
        Assert.Equal(first, g[0]);
        Assert.Equal(second, h[0]);

        Assert.Equal((float)value, Edges.PowIntGradient(0f, n, out float df));
        Assert.Equal((float)first, df);
        var gf = new float[1];
        var hf = new float[1];
        Edges.PowIntHessian(0f, n, gf, hf);
        Assert.Equal((float)second, hf[0]);
    }

    [Fact]
    public void IntegerPowerOfANegativeBase()
    {
        Assert.Equal(-8.0, Edges.PowIntGradient(-2.0, 3, out double d));
        Assert.Equal(12.0, d);
        Assert.Equal(0.25, Edges.PowIntGradient(-2.0, -2, out d));
        Assert.Equal(0.25, d); // -2·(-2)^-3
    }

    [Fact]
    public void PolynomialAtZeroHasTheLinearCoefficient()
    {
        var c = new[] { 1.0, 2.0, 3.0, 4.0 };
        var dc = new double[4];
        Assert.Equal(1.0, Edges.PolynomialGradient(0.0, c, out double dx, dc));
        Assert.Equal(2.0, dx);
        Assert.Equal(new[] { 1.0, 0.0, 0.0, 0.0 }, dc);
    }

    [Fact]
    public void RealPowerAtZero()
    {
        // d/dx x^y at 0: y·0^(y-1) is 0 for y > 1, 1 for y = 1; ∂/∂y is taken as 0 there.
        Edges.PowRealGradient(0.0, 2.5, out double dx, out double dy);
        Assert.Equal((0.0, 0.0), (dx, dy));
        Edges.PowRealGradient(0.0, 1.0, out dx, out dy);
        Assert.Equal((1.0, 0.0), (dx, dy));
        Edges.PowRealGradient(0.0, 0.0, out dx, out dy);
        Assert.Equal(0.0, dx);
    }

    [Fact]
    public void RealPowerWithAZeroExponentThatVaries()
    {
        // ∂(x^y)/∂x = y·x^(y-1) is 0 at y = 0, but its derivative along y is not: ∂²/∂x∂y = x^(y-1)·(1 + y·ln x) = 1/x.
        // A rule that picked 0 at y = 0 (a select) lost it; found by the random programs.
        var g = new double[2];
        var h = new double[4];
        Assert.Equal(1.0, Edges.PowRealHessian(2.0, 0.0, g, h));
        Assert.Equal(new[] { 0.0, Math.Log(2) }, g);
        Assert.Equal(0.0, h[0]);
        Assert.Equal(0.5, h[1], 15);
        Assert.Equal(0.5, h[2], 15);
        Assert.Equal(Math.Log(2) * Math.Log(2), h[3], 15);

        Edges.PowRealHessianVectorProduct(2.0, 0.0, 0.0, 1.0, out double hvx, out double hvy);
        Assert.Equal(0.5, hvx, 15);
        Assert.Equal(Math.Log(2) * Math.Log(2), hvy, 15);
    }

    [Fact]
    public void NaNInABranchNotTakenContributesNothing()
    {
        Assert.Equal(-2.0, Edges.SqrtOrTwiceGradient(-1.0, out double d));
        Assert.Equal(2.0, d);
        var dp = 0.0;
        Edges.SqrtOrTwicePullback(-1.0, 1.0, ref dp);
        Assert.Equal(2.0, dp);
        Edges.SqrtOrTwicePushforward(-1.0, 1.0, out double t);
        Assert.Equal(2.0, t);
        var g = new double[1];
        var h = new double[1];
        Edges.SqrtOrTwiceHessian(-1.0, g, h);
        Assert.Equal((2.0, 0.0), (g[0], h[0]));

        Assert.Equal(2f, (Edges.SqrtOrTwiceGradient(-1f, out float df), df).df);

        // And on the other branch, the derivative of √x.
        Edges.SqrtOrTwiceGradient(4.0, out d);
        Assert.Equal(0.25, d);
    }

    [Fact]
    public void NaNTwoStepsFromTheBranchContributesNothing()
    {
        Assert.Equal(3.0, Edges.ScaledSqrtOrYGradient(-1.0, 3.0, out double dx, out double dy));
        Assert.Equal((0.0, 1.0), (dx, dy));
        Edges.ScaledSqrtOrYPushforward(-1.0, 3.0, 0.0, 1.0, out double t);
        Assert.Equal(1.0, t);
    }

    [Fact]
    public void AKinkNotSelectedContributesNothing()
    {
        Assert.Equal(0.0, Edges.SqrtOfMaxGradient(-1.0, out double d));
        Assert.Equal(0.0, d);
        Edges.SqrtOfMaxPushforward(-1.0, 1.0, out double t);
        Assert.Equal(0.0, t);
        var g = new double[1];
        var h = new double[1];
        Edges.SqrtOfMaxHessian(-1.0, g, h);
        Assert.Equal((0.0, 0.0), (g[0], h[0]));

        Assert.Equal(0.0, Edges.SqrtOfPositivePartGradient(-1.0, out d));
        Assert.Equal(0.0, d);
        Edges.SqrtOfMaxGradient(4.0, out d);
        Assert.Equal(0.25, d);
    }

    [Fact]
    public void OverflowThatDoesNotReachTheValueDoesNotReachTheDerivative()
    {
        Assert.Equal(0.0, Edges.LogisticGradient(800.0, out double d));
        Assert.Equal(0.0, d);
        Edges.LogisticPushforward(800.0, 1.0, out double t);
        Assert.Equal(0.0, t);
        Edges.LogisticGradient(0.0, out d);
        Assert.Equal(-0.25, d);
    }

    [Fact]
    public void AZeroAdjointStillHasATangent()
    {
        // The adjoint of √y is x − 1 = 0 at x = 1, but it changes with x: ∂²f/∂x∂y = 1/(2√y) = 0.25 at y = 4.
        var g = new double[2];
        var h = new double[4];
        Edges.ShiftedTimesSqrtHessian(1.0, 4.0, g, h);
        Assert.Equal(new[] { 2.0, 0.0 }, g);
        Assert.Equal(new[] { 0.0, 0.25, 0.25, 0.0 }, h);
    }

    [Fact]
    public void AZeroDivisorInABranchNotTaken()
    {
        Assert.Equal(3.0, Edges.QuotientOrXGradient(3.0, 0.0, out double dx, out double dy));
        Assert.Equal((1.0, 0.0), (dx, dy));
    }

    [Fact]
    public void AZeroSeedContributesNothing()
    {
        double dx = 0;
        Edges.ValueAndRootPullback(0.0, 1.0, 0.0, ref dx);
        Assert.Equal(3.0, dx);
    }

    [Fact]
    public void TheDerivativeOfAbsOfNaNDoesNotThrow()
    {
        // Found by the random programs: the generated members called Math.Sign(NaN), which throws ArithmeticException.
        Assert.Equal(-2.0, Edges.AbsOfSqrtOrTwiceGradient(-1.0, out double d));
        Assert.Equal(2.0, d);
        Edges.AbsOfSqrtOrTwicePushforward(-1.0, 1.0, out double t);
        Assert.Equal(2.0, t);
        Edges.AbsOfSqrtOrTwiceHessianVectorProduct(-1.0, 1.0, out double hv);
        Assert.Equal(0.0, hv);
        Assert.Equal(2.0, Edges.AbsOfSqrtOrTwiceGradient(4.0, out d));
        Assert.Equal(0.25, d);
    }

    [Fact]
    public void AHelperCalledWithAZeroSeedAddsNothing()
    {
        // Max(√(x·y), 1)·y at (0, 2) is y: √'s partial at 0 is ∞, but Max sends Root's members a zero seed (and tangent).
        Assert.Equal(2.0, Edges.RootOrOneGradient(0.0, 2.0, out double dx, out double dy));
        Assert.Equal((0.0, 1.0), (dx, dy));
        Edges.RootOrOnePushforward(0.0, 2.0, 1.0, 1.0, out double t);
        Assert.Equal(1.0, t);
        var g = new double[2];
        var h = new double[4];
        Edges.RootOrOneHessian(0.0, 2.0, g, h);
        Assert.Equal(new[] { 0.0, 1.0 }, g);
        Assert.Equal(new double[4], h);

        // An overflow in the helper that no rule can foresee: at 10¹²⁰ its partial 4x³ is ∞, and 0·∞ would be NaN.
        Assert.Equal(1e120, Edges.FourthOrOneGradient(1e120, out double d));
        Assert.Equal(1.0, d);
        var g1 = new double[1];
        var h1 = new double[1];
        Edges.FourthOrOneHessian(1e120, g1, h1);
        Assert.Equal((1.0, 0.0), (g1[0], h1[0]));
    }

    [Fact]
    public void NamedTupleElements()
    {
        double r = 2, t = 0.5;
        Assert.Equal(r * Math.Sin(t), Edges.CartesianYGradient(r, t, out double dr, out double dt), 15);
        Assert.Equal(Math.Sin(t), dr, 15);
        Assert.Equal(r * Math.Cos(t), dt, 15);

        Assert.Equal(r * Math.Sin(t) + r, Edges.CartesianItem2PlusRGradient(r, t, out dr, out dt), 15);
        Assert.Equal(Math.Sin(t) + 1, dr, 15);
        Assert.Equal(r * Math.Cos(t), dt, 15);

        // ToCartesian(t: a, r: b).x = b·cos a.
        double a = 2, b = 0.5;
        Assert.Equal(b * Math.Cos(a), Edges.CartesianNamedArgumentsGradient(a, b, out double da, out double db), 15);
        Assert.Equal(-b * Math.Sin(a), da, 15);
        Assert.Equal(Math.Cos(a), db, 15);
        Edges.CartesianNamedArgumentsPushforward(a, b, 1.0, 0.0, out double ta);
        Assert.Equal(-b * Math.Sin(a), ta, 15);

        // x·y = r² cos t sin t.
        Assert.Equal(r * r * Math.Cos(t) * Math.Sin(t), Edges.CartesianDeconstructedGradient(r, t, out dr, out dt), 14);
        Assert.Equal(2 * r * Math.Cos(t) * Math.Sin(t), dr, 14);
        Assert.Equal(r * r * Math.Cos(2 * t), dt, 14);
    }

    [Fact]
    public void RefLocalsAreAliases()
    {
        // a[0] = x², returned plus x: at 1.5 the value is 3.75 and the derivative 4 (a copy gave 1.5 and 1).
        Assert.Equal(3.75, RefLocals.IntoLocalArrayGradient(1.5, out double d));
        Assert.Equal(4.0, d);

        // (y·x + sin x)·y: a write through a ref into a local.
        double x = 1.5, y = 0.5;
        Assert.Equal((y * x + Math.Sin(x)) * y, RefLocals.IntoLocalGradient(x, y, out double dx, out double dy), 15);
        Assert.Equal((y + Math.Cos(x)) * y, dx, 15);
        Assert.Equal(2 * x * y + Math.Sin(x), dy, 15);

        // b[0] = xy, b[2] = xy + x, b[0] += b[2]·y: (xy + (xy + x)y)(xy + x).
        double b2 = x * y + x, b0 = x * y + b2 * y;
        Assert.Equal(b0 * b2, RefLocals.IndexFixedWhereTakenGradient(x, y, out _, out _), 14);
    }

    [Fact]
    public void RefLocalsIntoOutputs()
    {
        // y[i] = a·x[i] + x[i]²: an output written through a ref, with its Jacobian.
        var x = new[] { 1.0, 2.0 };
        var y = new double[2];
        var dx = new double[2];
        double da = 0;
        RefLocals.IntoOutputPullback(x, 3.0, y, new[] { 1.0, 10.0 }, dx, ref da);
        Assert.Equal(new[] { 4.0, 10.0 }, y);
        Assert.Equal(new[] { 3.0 + 2.0, 10 * (3.0 + 4.0) }, dx);
        Assert.Equal(1.0 + 20.0, da);

        var ty = new double[2];
        RefLocals.ForEachRefIntoOutputPushforward(3.0, y, 1.0, ty);
        Assert.Equal(new[] { 9.0, 9.0 }, y);
        Assert.Equal(new[] { 6.0, 6.0 }, ty);
    }

    [Fact]
    public void ADerivativePassedForANoDerivativeParameterFlowsThrough()
    {
        // Inner(x, x) = x² + sin x at 1.2: 2.4 + cos 1.2 (1.2 when the derivative through b was dropped).
        Assert.Equal(1.2 * 1.2 + Math.Sin(1.2), DataParameters.OuterGradient(1.2, out double d), 15);
        Assert.Equal(2.4 + Math.Cos(1.2), d, 15);
        DataParameters.OuterPushforward(1.2, 1.0, out double t);
        Assert.Equal(2.4 + Math.Cos(1.2), t, 15);

        // Data passed for data: w gets nothing, and x its own derivative (w + 0.5).
        Assert.Equal(1.5 * 2 + Math.Sin(2) + 1.5 * 0.5 + Math.Sin(0.5), DataParameters.DataStaysDataGradient(1.5, 2.0, out d), 15);
        Assert.Equal(2.5, d, 15);
    }

    [Fact]
    public void ALayerOutputAsTheNextLayersDataInput()
    {
        var random = new Random(5);
        Matrix Random(int r, int c) => Checking.MatrixCheck.Random(r, c, random);
        Matrix w1 = Random(4, 3), b1 = Random(4, 1), w2 = Random(2, 4), b2 = Random(2, 1), x = Random(3, 5), y = Random(2, 5);
        Matrix dW1 = new(4, 3), dB1 = new(4, 1), dW2 = new(2, 4), dB2 = new(2, 1);
        double value = DataParameters.TwoLayersGradient(w1, b1, w2, b2, x, y, dW1, dB1, dW2, dB2);
        Assert.Equal(DataParameters.TwoLayers(w1, b1, w2, b2, x, y), value, 15);
        // dW1 and dB1 were 0 when the derivative through the second layer's [NoDerivative] x was dropped.
        Checking.MatrixCheck.Close(Checking.MatrixCheck.FiniteDifferences(() => DataParameters.TwoLayers(w1, b1, w2, b2, x, y), w1), dW1, 1e-7);
        Checking.MatrixCheck.Close(Checking.MatrixCheck.FiniteDifferences(() => DataParameters.TwoLayers(w1, b1, w2, b2, x, y), b1), dB1, 1e-7);
        Checking.MatrixCheck.Close(Checking.MatrixCheck.FiniteDifferences(() => DataParameters.TwoLayers(w1, b1, w2, b2, x, y), w2), dW2, 1e-7);
        Assert.True(Checking.MatrixCheck.Dot(dW1, dW1) > 1e-6);
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(2.0)]
    [InlineData(double.PositiveInfinity)]
    public void ValuesComeOutBitForBitAsTheMethodComputesThem(double x)
    {
        var g = new double[1];
        var h = new double[1];
        foreach (var (f, gradient, pushforward, hessian) in new (Func<double, double>, Func<double, double>, Func<double, double>, Func<double, double>)[]
        {
            (Edges.SignedZero, x => Edges.SignedZeroGradient(x, out _), x => Edges.SignedZeroPushforward(x, 1.0, out _), x => Edges.SignedZeroHessian(x, g, h)),
            (Edges.SignedZeroSum, x => Edges.SignedZeroSumGradient(x, out _), x => Edges.SignedZeroSumPushforward(x, 1.0, out _), x => Edges.SignedZeroSumHessian(x, g, h)),
        })
        {
            double value = f(x);
            Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(gradient(x)));
            Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(pushforward(x)));
            Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(hessian(x)));
        }
    }
}
