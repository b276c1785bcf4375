using System;
using System.Collections.Generic;
using Xunit;
using HD = AutoDiffGen.Generator.Tests.HyperDual<double>;

namespace AutoDiffGen.Generator.Tests;

/// <summary>The oracle of the random-program tests, against closed forms, finite differences and AutoDiffGen's documented rules.</summary>
public sealed class HyperDualTests
{
    [Fact]
    public void GivesTheGradientAndTheMixedSecondDerivative()
    {
        // f(x, y) = sin(x)·y + exp(x / y)
        double x = 0.7, y = 1.3, e = Math.Exp(x / y);
        var f = HD.Sin(HD.Of(x, 1, 0)) * HD.Of(y, 0, 1) + HD.Exp(HD.Of(x, 1, 0) / HD.Of(y, 0, 1));
        Assert.Equal(Math.Sin(x) * y + e, f.Value, 15);
        Assert.Equal(Math.Cos(x) * y + e / y, f.D1, 14);
        Assert.Equal(Math.Sin(x) - e * x / (y * y), f.D2, 14);
        Assert.Equal(Math.Cos(x) - e * (x / (y * y * y) + 1 / (y * y)), f.D12, 14);
    }

    public static IEnumerable<object[]> Functions() => new[]
    {
        new object[] { "Sin", (Func<HD, HD>)HD.Sin, 0.4 },
        new object[] { "Cos", (Func<HD, HD>)HD.Cos, 0.4 },
        new object[] { "Tan", (Func<HD, HD>)HD.Tan, 0.4 },
        new object[] { "Asin", (Func<HD, HD>)HD.Asin, 0.4 },
        new object[] { "Acos", (Func<HD, HD>)HD.Acos, 0.4 },
        new object[] { "Atan", (Func<HD, HD>)HD.Atan, 0.4 },
        new object[] { "Sinh", (Func<HD, HD>)HD.Sinh, 0.4 },
        new object[] { "Cosh", (Func<HD, HD>)HD.Cosh, 0.4 },
        new object[] { "Tanh", (Func<HD, HD>)HD.Tanh, 0.4 },
        new object[] { "Exp", (Func<HD, HD>)HD.Exp, 0.4 },
        new object[] { "Log", (Func<HD, HD>)HD.Log, 0.4 },
        new object[] { "Log10", (Func<HD, HD>)HD.Log10, 0.4 },
        new object[] { "Log2", (Func<HD, HD>)HD.Log2, 0.4 },
        new object[] { "Sqrt", (Func<HD, HD>)HD.Sqrt, 0.4 },
        new object[] { "Cbrt", (Func<HD, HD>)HD.Cbrt, 0.4 },
        new object[] { "Abs", (Func<HD, HD>)HD.Abs, -0.4 },
        new object[] { "Atan2(u, 0.3)", (Func<HD, HD>)(u => HD.Atan2(u, 0.3)), 0.4 },
        new object[] { "Atan2(0.3, u)", (Func<HD, HD>)(u => HD.Atan2(0.3, u)), -0.4 },
        new object[] { "Log(u, 1.7)", (Func<HD, HD>)(u => HD.Log(u, 1.7)), 0.4 },
        new object[] { "Log(1.7, u)", (Func<HD, HD>)(u => HD.Log(1.7, u)), 0.4 },
        new object[] { "Pow(u, 2.5)", (Func<HD, HD>)(u => HD.Pow(u, 2.5)), 0.4 },
        new object[] { "Pow(1.7, u)", (Func<HD, HD>)(u => HD.Pow(1.7, u)), 0.4 },
        new object[] { "Pow(u, u)", (Func<HD, HD>)(u => HD.Pow(u, u)), 0.4 },
        new object[] { "u / (1 + u * u)", (Func<HD, HD>)(u => u / (1 + u * u)), 0.4 },
        new object[] { "FusedMultiplyAdd(u, u, u)", (Func<HD, HD>)(u => HD.FusedMultiplyAdd(u, u, u)), 0.4 },
    };

    /// <summary>The first and second derivatives against central differences of the value and of the first derivative.</summary>
    [Theory]
    [MemberData(nameof(Functions))]
    public void FunctionsDifferentiateAsFiniteDifferencesSay(string name, Func<HD, HD> f, double x)
    {
        const double h = 1e-5;
        var at = f(HD.Of(x, 1, 1));
        double first = (f(x + h).Value - f(x - h).Value) / (2 * h);
        double second = (f(HD.Of(x + h, 1, 0)).D1 - f(HD.Of(x - h, 1, 0)).D1) / (2 * h);
        Assert.True(Math.Abs(at.D1 - first) <= 1e-8 * (1 + Math.Abs(first)), $"{name}': {at.D1} vs {first}");
        Assert.True(Math.Abs(at.D12 - second) <= 1e-7 * (1 + Math.Abs(second)), $"{name}'': {at.D12} vs {second}");
        Assert.True(at.M1 >= Math.Abs(at.D1) && at.M12 >= Math.Abs(at.D12), $"{name}: magnitudes {at.M1}, {at.M12} below the derivatives");
    }

    [Fact]
    public void KinksFollowTheDocumentedRules()
    {
        var x = HD.Of(0, 1, 1);
        Assert.Equal(0, HD.Abs(x).D1);
        Assert.Equal(2, HD.Max(HD.Of(0.5, 2, 0), HD.Of(0.5, 3, 0)).D1); // a tie: the first argument's
        Assert.Equal(2, HD.Min(HD.Of(0.5, 2, 0), HD.Of(0.5, 3, 0)).D1);
        Assert.Equal(1, HD.Clamp(HD.Of(0.5, 1, 0), 0.5, 1.0).D1);        // at a bound: the value's
        Assert.Equal(0, HD.Clamp(HD.Of(0.2, 1, 0), 0.5, 1.0).D1);
        Assert.Equal(0.5, HD.Clamp(HD.Of(0.2, 1, 0), 0.5, 1.0).Value);
        Assert.Equal(0.2, HD.Clamp(HD.Of(0.2, 1, 0), double.NaN, 1.0).Value); // as Math.Clamp, a NaN bound clamps nothing
        Assert.Equal(0, HD.Floor(HD.Of(1.5, 1, 1)).D1);
        Assert.Equal(2, (int)HD.Of(2.7, 1, 1));
        Assert.Equal(-1, HD.Sign(HD.Of(-2.7, 1, 1)));
    }

    [Fact]
    public void IntegerPowersAreExactAtZero()
    {
        var x = HD.Of(0, 1, 1);
        Assert.Equal((0.0, 0.0), (HD.Pow(x, 0).D1, HD.Pow(x, 0).D12));
        Assert.Equal((1.0, 0.0), (HD.Pow(x, 1).D1, HD.Pow(x, 1).D12));
        Assert.Equal((0.0, 2.0), (HD.Pow(x, 2).D1, HD.Pow(x, 2).D12));
        Assert.Equal(0, HD.Pow(0, HD.Of(2, 1, 1)).D1); // ∂Pow(a, b)/∂b at a = 0
    }

    [Fact]
    public void AZeroDerivativePartContributesZeroWhateverThePartial()
    {
        long before = HD.NonFinitePartials;
        var f = HD.Sqrt(HD.Max(HD.Of(-1, 1, 1), 0.0));
        Assert.Equal((0.0, 0.0, 0.0), (f.Value, f.D1, f.D12));
        Assert.True(HD.NonFinitePartials > before, "the infinite partial of Sqrt at 0 is counted");
        Assert.True(double.IsNaN(HD.Sqrt(HD.Of(-1, 1, 1)).D1), "a nonzero tangent times a NaN partial stays NaN");
    }

    [Fact]
    public void MaxCountsADiscardedDerivativeThatIsNotFinite()
    {
        long before = HD.DiscardedNonFiniteDerivatives;
        var f = HD.Max(HD.Of(1, 1, 1), HD.Sqrt(1 - HD.Of(1, 1, 1)));
        Assert.Equal(1, f.D1);
        Assert.True(HD.DiscardedNonFiniteDerivatives > before);
    }

    [Fact]
    public void MagnitudesAreTheTermsACancellationHides()
    {
        var x = HD.Of(3, 1, 1);
        var zero = x * x - x * x;
        Assert.Equal((0.0, 12.0), (zero.D1, zero.M1));
        Assert.Equal((0.0, 4.0), (zero.D12, zero.M12));
    }
}
