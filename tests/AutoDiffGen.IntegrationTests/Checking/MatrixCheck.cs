using System;
using Xunit;

namespace AutoDiffGen.IntegrationTests.Checking;

/// <summary>Finite differences and comparisons for functions of <see cref="Matrix"/> values.</summary>
internal static class MatrixCheck
{
    public static Matrix Random(int rows, int columns, Random random, double scale = 1.0)
    {
        var m = new Matrix(rows, columns);
        var values = m.AsSpan();
        for (int i = 0; i < values.Length; i++) values[i] = scale * (2 * random.NextDouble() - 1);
        return m;
    }

    public static Matrix OneHot(int classes, int samples, Random random)
    {
        var y = new Matrix(classes, samples);
        for (int j = 0; j < samples; j++) y[random.Next(classes), j] = 1;
        return y;
    }

    public static Matrix Copy(Matrix m) => new(m.Rows, m.Columns, m.AsSpan());

    public static double Dot(Matrix a, Matrix b)
    {
        Assert.Equal(a.Shape, b.Shape);
        double sum = 0;
        Span<double> x = a.AsSpan(), y = b.AsSpan();
        for (int i = 0; i < x.Length; i++) sum += x[i] * y[i];
        return sum;
    }

    /// <summary>Central differences of <paramref name="f"/> with respect to every element of <paramref name="input"/> (changed in place and restored).</summary>
    public static Matrix FiniteDifferences(Func<double> f, Matrix input, double h = 1e-6)
    {
        var gradient = new Matrix(input.Rows, input.Columns);
        var values = input.AsSpan();
        for (int i = 0; i < values.Length; i++)
        {
            double saved = values[i];
            values[i] = saved + h;
            double plus = f();
            values[i] = saved - h;
            double minus = f();
            values[i] = saved;
            gradient.AsSpan()[i] = (plus - minus) / (2 * h);
        }

        return gradient;
    }

    public static void Close(Matrix expected, Matrix? actual, double tolerance)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Shape, actual!.Shape);
        Span<double> e = expected.AsSpan(), a = actual.AsSpan();
        for (int i = 0; i < e.Length; i++)
        {
            Assert.True(Math.Abs(e[i] - a[i]) <= tolerance * Math.Max(1, Math.Abs(e[i])), $"element {i}: expected {e[i]:R}, got {a[i]:R}\nexpected {expected}\nactual {actual}");
        }
    }

    public static void Close(double expected, double actual, double tolerance) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance * Math.Max(1, Math.Abs(expected)), $"expected {expected:R}, got {actual:R}");
}
