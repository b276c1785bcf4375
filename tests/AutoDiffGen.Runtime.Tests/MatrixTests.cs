using System;
using Xunit;

namespace AutoDiffGen.Runtime.Tests;

/// <summary><see cref="Matrix"/>: the seed notebook's forward cells, broadcasting, shapes named in errors, NumPy-style printing.</summary>
public sealed class MatrixTests
{
    private static readonly Matrix X = Matrix.FromRows([2.0], [3.0]);
    private static readonly Matrix W = Matrix.FromRows([4.0, 2.0], [2.0, 1.0]);
    private static readonly Matrix B = Matrix.FromRows([5.0], [2.0]);
    private static readonly Matrix Y = Matrix.FromRows([20.0], [7.0]);

    [Fact]
    public void The_seed_cells_In8_and_In9_compute_y_p_and_the_loss()
    {
        var yP = W * X + B;
        Assert.Equal("[[19.]\n [ 9.]]", yP.ToString());
        Assert.Equal(2.5, Matrix.MseLoss(Y, yP));
        Assert.Equal(2.5, Matrix.Mean(Matrix.Square(Y - yP)));
    }

    [Fact]
    public void Printing_pads_to_the_widest_element()
    {
        Assert.Equal("[[-2. -3.]\n [ 4.  6.]]", Matrix.FromRows([-2.0, -3.0], [4.0, 6.0]).ToString());
        // Right-aligned (NumPy aligns the decimal points instead: [[0.5 1. ]]).
        Assert.Equal("[[0.5  1.]]", Matrix.FromRows([0.5, 1.0]).ToString());
        Assert.Equal("[]", new Matrix(0, 3).ToString());
    }

    [Fact]
    public void Product_matches_the_definition_for_odd_shapes()
    {
        var random = new Random(3);
        var a = new Matrix(3, 5, Values(random, 15));
        var b = new Matrix(5, 2, Values(random, 10));
        var c = a * b;
        Assert.Equal((3, 2), (c.Rows, c.Columns));
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 2; j++)
            {
                double expected = 0;
                for (int k = 0; k < 5; k++) expected += a[i, k] * b[k, j];
                Assert.Equal(expected, c[i, j], 12);
            }
        }
        Assert.Equal((2, 3), (Matrix.Transpose(a * b).Rows, Matrix.Transpose(a * b).Columns));
        Assert.Equal(c[2, 1], Matrix.Transpose(c)[1, 2]);
    }

    [Fact]
    public void Plus_and_minus_broadcast_a_column_or_a_row_vector_on_either_side()
    {
        var m = Matrix.FromRows([1.0, 2.0, 3.0], [4.0, 5.0, 6.0]);
        var column = Matrix.FromRows([10.0], [20.0]);
        var row = Matrix.FromRows([100.0, 200.0, 300.0]);
        Assert.Equal(Matrix.FromRows([11.0, 12.0, 13.0], [24.0, 25.0, 26.0]).ToString(), (m + column).ToString());
        Assert.Equal((m + column).ToString(), (column + m).ToString());
        Assert.Equal(Matrix.FromRows([-9.0, -8.0, -7.0], [-16.0, -15.0, -14.0]).ToString(), (m - column).ToString());
        Assert.Equal(Matrix.FromRows([9.0, 8.0, 7.0], [16.0, 15.0, 14.0]).ToString(), (column - m).ToString());
        Assert.Equal(Matrix.FromRows([99.0, 198.0, 297.0], [96.0, 195.0, 294.0]).ToString(), (row - m).ToString());
        Assert.Equal(Matrix.FromRows([101.0, 202.0, 303.0], [104.0, 205.0, 306.0]).ToString(), (m + row).ToString());
    }

    [Fact]
    public void Shapes_that_do_not_fit_throw_naming_the_operation_and_both_shapes()
    {
        var e = Assert.Throws<ArgumentException>(() => X * W);
        Assert.Equal("The matrix product of a 2×1 and a 2×2 matrix is not defined.", e.Message);
        e = Assert.Throws<ArgumentException>(() => W + new Matrix(3, 1));
        Assert.Equal("Adding of a 2×2 and a 3×1 matrix is not defined.", e.Message);
        e = Assert.Throws<ArgumentException>(() => Matrix.Hadamard(W, X));
        Assert.Equal("The elementwise product of a 2×2 and a 2×1 matrix is not defined.", e.Message);
        e = Assert.Throws<ArgumentException>(() => Matrix.MseLoss(W, X));
        Assert.Contains("2×2 and a 2×1", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Matrix.FromRows([1.0, 2.0], [3.0]));
        Assert.Throws<ArgumentException>(() => new Matrix(2, 2, new double[3]));
        Assert.Throws<IndexOutOfRangeException>(() => W[2, 0]);
    }

    [Fact]
    public void Elementwise_functions_and_reductions()
    {
        var m = Matrix.FromRows([0.5, -1.0], [2.0, 0.0]);
        Assert.Equal(Math.Tanh(-1.0), Matrix.Tanh(m)[0, 1], 15);
        Assert.Equal(1 / (1 + Math.Exp(-2.0)), Matrix.Sigmoid(m)[1, 0], 15);
        Assert.Equal(0.0, Matrix.Relu(m)[0, 1]);
        Assert.Equal(Math.Exp(0.5), Matrix.Exp(m)[0, 0], 15);
        Assert.Equal(1.5, Matrix.Sum(m));
        Assert.Equal(0.375, Matrix.Mean(m));
        var softmax = Matrix.Softmax(m);
        Assert.Equal(1.0, softmax[0, 0] + softmax[1, 0], 15);
        Assert.Equal(Math.Exp(2) / (Math.Exp(2) + Math.Exp(0.5)), softmax[1, 0], 15);
        Assert.Equal(Matrix.FromRows([1.0, -2.0], [4.0, 0.0]).ToString(), (2 * m).ToString());
        Assert.Equal(Matrix.FromRows([0.25, 1.0], [4.0, 0.0]).ToString(), Matrix.Hadamard(m, m).ToString());
    }

    [Fact]
    public void Softmax_is_per_column_one_sample_a_column_and_does_not_overflow()
    {
        // Three classes (rows), two samples (columns); the second column is the first shifted by 1000.
        var logits = Matrix.FromRows([1.0, 1001.0], [2.0, 1002.0], [-1.0, 999.0]);
        var p = Matrix.Softmax(logits);
        double sum = Math.Exp(1) + Math.Exp(2) + Math.Exp(-1);
        for (int j = 0; j < 2; j++)
        {
            Assert.Equal(1.0, p[0, j] + p[1, j] + p[2, j], 14);
            Assert.Equal(Math.Exp(2) / sum, p[1, j], 14);
        }

        Assert.Equal(0, Matrix.Softmax(new Matrix(0, 3)).Rows);
        Assert.True(double.IsNaN(Matrix.Softmax(Matrix.FromRows([double.NaN], [1.0]))[1, 0]));
    }

    private static double[] Values(Random random, int count)
    {
        var values = new double[count];
        for (int i = 0; i < count; i++) values[i] = random.NextDouble() * 2 - 1;
        return values;
    }
}
