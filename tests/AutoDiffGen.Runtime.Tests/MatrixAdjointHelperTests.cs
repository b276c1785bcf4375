using System;
using System.Runtime.CompilerServices;
using Xunit;

namespace AutoDiffGen.Runtime.Tests;

/// <summary>The helpers generated code calls to move matrix adjoints: null is zero, a null ref is not wanted.</summary>
public sealed class MatrixAdjointHelperTests
{
    private static readonly Matrix Value = Matrix.FromRows([1.0, 2.0], [3.0, 4.0]);

    [Fact]
    public void AccumulateAdjoint_copies_into_a_null_adjoint_and_adds_into_one_in_place()
    {
        Matrix? adjoint = null;
        Matrix.AccumulateAdjoint(ref adjoint, Value);
        Assert.NotSame(Value, adjoint);
        Assert.Equal(Value.ToString(), adjoint!.ToString());

        var same = adjoint;
        Matrix.AccumulateAdjoint(ref adjoint, Value);
        Assert.Same(same, adjoint);
        Assert.Equal((2 * Value).ToString(), adjoint!.ToString());
        Assert.Equal("[[1. 2.]\n [3. 4.]]", Value.ToString()); // the value is left alone

        Matrix.AccumulateAdjoint(ref adjoint, null);
        Assert.Equal((2 * Value).ToString(), adjoint!.ToString());
        Matrix.AccumulateAdjoint(ref Unsafe.NullRef<Matrix?>(), Value);
        Assert.Throws<ArgumentException>(() => Matrix.AccumulateAdjoint(ref adjoint, new Matrix(2, 1)));
    }

    [Fact]
    public void AdjointOrNull_reads_through_a_ref_that_may_be_null()
    {
        Matrix? adjoint = Value;
        Assert.Same(Value, Matrix.AdjointOrNull(ref adjoint));
        adjoint = null;
        Assert.Null(Matrix.AdjointOrNull(ref adjoint));
        Assert.Null(Matrix.AdjointOrNull(ref Unsafe.NullRef<Matrix?>()));
    }

    [Fact]
    public void StoreAdjoint_hands_over_into_null_and_adds_into_an_existing_adjoint()
    {
        var local = Matrix.FromRows([1.0, 1.0], [1.0, 1.0]);
        Matrix? adjoint = null;
        Matrix.StoreAdjoint(ref adjoint, local);
        Assert.Same(local, adjoint); // the pullback's own matrix: no copy needed

        Matrix.StoreAdjoint(ref adjoint, local); // the same object: already there, not doubled
        Assert.Equal("[[1. 1.]\n [1. 1.]]", adjoint!.ToString());

        Matrix? existing = Matrix.FromRows([1.0, 2.0], [3.0, 4.0]);
        var before = existing;
        Matrix.StoreAdjoint(ref existing, local);
        Assert.Same(before, existing);
        Assert.Equal("[[2. 3.]\n [4. 5.]]", existing!.ToString());

        Matrix.StoreAdjoint(ref existing, null);
        Matrix.StoreAdjoint(ref Unsafe.NullRef<Matrix?>(), local);
        Assert.Equal("[[2. 3.]\n [4. 5.]]", existing!.ToString());
    }

    [Fact]
    public void BeginGradient_checks_the_shape_and_zeroes()
    {
        var dW = Matrix.FromRows([5.0, 6.0], [7.0, 8.0]);
        Matrix.BeginGradient(dW, Value, "dW");
        Assert.Equal("[[0. 0.]\n [0. 0.]]", dW.ToString());

        var e = Assert.Throws<ArgumentException>(() => Matrix.BeginGradient(new Matrix(2, 3), Value, "dW"));
        Assert.Equal("dW", e.ParamName);
        Assert.StartsWith("dW is 2×3 but W is 2×2; a gradient has the shape of its parameter.", e.Message, StringComparison.Ordinal);
        var n = Assert.Throws<ArgumentNullException>(() => Matrix.BeginGradient(null!, Value, "dW"));
        Assert.Equal("dW", n.ParamName);
    }

    [Fact]
    public void StoreGradient_copies_unless_null_or_the_gradient_itself()
    {
        Matrix? gradient = new Matrix(2, 2);
        var caller = gradient;
        Matrix.StoreGradient(null, ref gradient);
        Assert.Equal("[[0. 0.]\n [0. 0.]]", gradient!.ToString());

        Matrix.StoreGradient(Value, ref gradient);
        Assert.Same(caller, gradient);
        Assert.NotSame(Value, gradient);
        Assert.Equal(Value.ToString(), gradient!.ToString());

        Matrix.StoreGradient(gradient, ref gradient);
        Assert.Equal(Value.ToString(), gradient!.ToString());
        Assert.Throws<ArgumentException>(() => Matrix.StoreGradient(new Matrix(1, 2), ref caller));

        // A null gradient (a local of generated code: the gradient inside a Hessian-vector product) takes the adjoint.
        Matrix? local = null;
        Matrix.StoreGradient(Value, ref local);
        Assert.Same(Value, local);
    }
}
