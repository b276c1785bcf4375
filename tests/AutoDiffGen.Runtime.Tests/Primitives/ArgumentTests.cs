using System;
using Xunit;

namespace AutoDiffGen.Runtime.Tests.Primitives;

/// <summary>Wrong lengths, shapes and overlaps are an <see cref="ArgumentException"/> naming the parameter at fault.</summary>
public sealed class ArgumentTests
{
    private static readonly double[] Five = new double[5], Four = new double[4], Six = new double[6];

    [Fact]
    public void Elementwise_lengths()
    {
        Throws("destination", () => SpanMath.Exp<double>(Five, Four));
        Throws("destination", () => SpanMath.Exp<double>(Five, Six));
        Throws("destination", () => SpanMath.Square<double>(Five, Four));
        Throws("destination", () => SpanMath.Relu<double>(Five, Six));
        Throws("y", () => SpanMath.Add<double>(Five, Four, Five));
        Throws("destination", () => SpanMath.Multiply<double>(Five, Five, Four));
        Throws("destination", () => SpanMath.Divide<double>(Five, 2.0, Four));
        Throws("destination", () => SpanMath.Softmax<double>(Five, Four));
    }

    [Fact]
    public void Adjoint_lengths()
    {
        Throws("dy", () => SpanMath.TanhAdjoint<double>(Five, Four, Five));
        Throws("dx", () => SpanMath.TanhAdjoint<double>(Five, Five, Six));
        Throws("dx", () => SpanMath.LogSumExpAdjoint<double>(Five, 1, 1, Four));
        Throws("dx", () => SpanMath.SoftmaxAdjoint<double>(Five, Five, Four));
        Throws("dx", () => SpanMath.AddScaled<double>(Five, 2, Four));
        Throws("b", () => SpanMath.MultiplyAdjoint<double>(Five, Four, Five, new double[5], new double[5]));
        Throws("dy", () => SpanMath.MultiplyAdjoint<double>(Five, Five, Six, new double[5], new double[5]));
        Throws("da", () => SpanMath.DivideAdjoint<double>(Five, Five, Five, new double[4], new double[5]));
        Throws("db", () => SpanMath.DivideAdjoint<double>(Five, Five, Five, new double[5], new double[4]));
    }

    [Fact]
    public void Partial_overlaps_throw_and_the_same_span_does_not()
    {
        double[] buffer = new double[12];
        Throws("destination", () => SpanMath.Exp<double>(buffer.AsSpan(0, 8), buffer.AsSpan(1, 8)));
        Throws("destination", () => SpanMath.Square<double>(buffer.AsSpan(2, 8), buffer.AsSpan(1, 8)));
        Throws("destination", () => SpanMath.Add<double>(Six, buffer.AsSpan(0, 6), buffer.AsSpan(3, 6)));
        Throws("dx", () => SpanMath.TanhAdjoint<double>(buffer.AsSpan(0, 6), Six, buffer.AsSpan(5, 6)));
        Throws("db", () => SpanMath.MultiplyAdjoint<double>(Five, Five, Five, buffer.AsSpan(0, 5), buffer.AsSpan(4, 5)));
        Throws("da", () => SpanMath.MultiplyAdjoint<double>(buffer.AsSpan(1, 5), Five, Five, buffer.AsSpan(0, 5), new double[5]));
        Throws("y", () => LinearAlgebra.Axpy<double>(2, buffer.AsSpan(0, 6), buffer.AsSpan(1, 6)));

        SpanMath.Exp<double>(buffer.AsSpan(1, 8), buffer.AsSpan(1, 8));
        SpanMath.TanhAdjoint<double>(buffer.AsSpan(0, 6), buffer.AsSpan(0, 6), buffer.AsSpan(0, 6));
        SpanMath.MultiplyAdjoint<double>(Five, Five, Five, buffer.AsSpan(0, 5), buffer.AsSpan(0, 5));
    }

    [Fact]
    public void Reductions_of_nothing()
    {
        Throws("x", () => SpanMath.Max<double>([]));
        Throws("x", () => SpanMath.Mean<float>([]));
        Throws("y", () => SpanMath.Dot<double>(Five, Four));
    }

    [Fact]
    public void Matrix_shapes()
    {
        Throws("matrix", () => SpanMath.SumOverRows<double>(Five, 2, 3, new double[3]));
        Throws("rows", () => SpanMath.SumOverRows<double>(Five, -1, -5, new double[3]));
        Throws("columns", () => SpanMath.SumOverColumns<double>(Five, 1, -5, Five));
        Throws("destination", () => SpanMath.SumOverRows<double>(Six, 2, 3, new double[2]));
        Throws("destination", () => SpanMath.SumOverColumns<double>(Six, 2, 3, new double[3]));
        Throws("destination", () => SpanMath.MaxOverColumns<double>(Six, 3, 2, new double[2]));
        Throws("destination", () => SpanMath.LogSumExpOverColumns<double>(Six, 3, 2, new double[4]));
        Throws("destination", () => SpanMath.SoftmaxOverColumns<double>(Six, 3, 2, Five));
        Throws("columns", () => SpanMath.MaxOverColumns<double>([], 2, 0, new double[2]));
        Throws("y", () => SpanMath.SoftmaxOverColumnsAdjoint<double>(Six, Six, 4, 2, Six));
        Throws("y", () => SpanMath.LogSumExpOverColumnsAdjoint<double>(Six, Four, new double[3], 3, 2, Six));
        Throws("dy", () => SpanMath.LogSumExpOverColumnsAdjoint<double>(Six, new double[3], Four, 3, 2, Six));
        Throws("dx", () => SpanMath.SumOverRowsAdjoint<double>(new double[3], 3, 3, Six));
        Throws("dy", () => SpanMath.SumOverColumnsAdjoint<double>(new double[3], 2, 3, Six));

        double[] buffer = new double[12];
        Throws("destination", () => SpanMath.SumOverColumns<double>(buffer.AsSpan(0, 6), 3, 2, buffer.AsSpan(5, 3)));
        Throws("dx", () => SpanMath.SumOverRowsAdjoint<double>(buffer.AsSpan(0, 2), 3, 2, buffer.AsSpan(0, 6)));
    }

    [Fact]
    public void Gemv_shapes()
    {
        double[] a = new double[6];
        Throws("a", () => LinearAlgebra.Gemv<double>(false, 2, 2, 1, a, new double[2], 0, new double[2]));
        Throws("x", () => LinearAlgebra.Gemv<double>(false, 2, 3, 1, a, new double[2], 0, new double[2]));
        Throws("y", () => LinearAlgebra.Gemv<double>(false, 2, 3, 1, a, new double[3], 0, new double[3]));
        Throws("x", () => LinearAlgebra.Gemv<double>(true, 2, 3, 1, a, new double[3], 0, new double[3]));
        Throws("y", () => LinearAlgebra.Gemv<double>(true, 2, 3, 1, a, new double[2], 0, new double[2]));
        Throws("rows", () => LinearAlgebra.Gemv<double>(true, -2, -3, 1, a, new double[2], 0, new double[2]));

        double[] buffer = new double[10];
        Throws("y", () => LinearAlgebra.Gemv<double>(false, 2, 3, 1, buffer.AsSpan(0, 6), new double[3], 0, buffer.AsSpan(5, 2)));
        Throws("y", () => LinearAlgebra.Gemv<double>(false, 3, 3, 1, new double[9], buffer.AsSpan(0, 3), 0, buffer.AsSpan(0, 3)));
    }

    private static void Throws(string parameter, Action action)
    {
        ArgumentException exception = Assert.ThrowsAny<ArgumentException>(action);
        Assert.Equal(parameter, exception.ParamName);
        Assert.Contains(parameter, exception.Message);
    }
}
