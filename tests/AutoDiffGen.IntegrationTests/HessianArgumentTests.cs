using System;
using AutoDiffGen.IntegrationTests.Functions;
using Xunit;

namespace AutoDiffGen.IntegrationTests;

/// <summary>Spans of the wrong length are an ArgumentException naming the parameter, never a silent wrong answer.</summary>
public class HessianArgumentTests
{
    [Fact]
    public void Gradient_span_of_the_wrong_length()
    {
        ArgumentException e = Assert.ThrowsAny<ArgumentException>(() => D.SinHessian(1, 2, new double[1], new double[4]));
        Assert.Equal("gradient", e.ParamName);
        e = Assert.ThrowsAny<ArgumentException>(() => D.SinHessian(1, 2, new double[3], new double[4]));
        Assert.Equal("gradient", e.ParamName);
    }

    [Fact]
    public void Hessian_span_of_the_wrong_length()
    {
        ArgumentException e = Assert.ThrowsAny<ArgumentException>(() => D.SinHessian(1, 2, new double[2], new double[2]));
        Assert.Equal("hessian", e.ParamName);
        e = Assert.ThrowsAny<ArgumentException>(() => D.FusedMultiplyAddHessian(1, 2, 3, new double[3], new double[6]));
        Assert.Equal("hessian", e.ParamName);
    }

    [Fact]
    public void Float_spans_of_the_wrong_length()
    {
        ArgumentException e = Assert.ThrowsAny<ArgumentException>(() => F.SinHessian(1, 2, new float[2], Span<float>.Empty));
        Assert.Equal("hessian", e.ParamName);
        e = Assert.ThrowsAny<ArgumentException>(() => F.SquareHessian(1, Span<float>.Empty, new float[1]));
        Assert.Equal("gradient", e.ParamName);
    }

    [Fact]
    public void Longer_spans_are_rejected_too_rather_than_partly_filled()
    {
        // The contract is "n" and "n×n": a longer buffer is as wrong as a shorter one.
        ArgumentException e = Assert.ThrowsAny<ArgumentException>(() => D.SquareHessian(1, new double[1], new double[2]));
        Assert.Equal("hessian", e.ParamName);
        e = Assert.ThrowsAny<ArgumentException>(() => D.SquareHessian(1, new double[2], new double[1]));
        Assert.Equal("gradient", e.ParamName);
    }
}
