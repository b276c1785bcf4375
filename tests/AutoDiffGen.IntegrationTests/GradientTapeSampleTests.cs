using System;
using System.IO;
using AutoDiffGen.Samples.GradientTape;
using Xunit;

namespace AutoDiffGen.IntegrationTests;

/// <summary>The GradientTape sample prints the seed notebook's numbers.</summary>
public class GradientTapeSampleTests
{
    [Fact]
    public void Cell3_first_derivative()
    {
        Assert.Equal(10.0f, Notebook.Cell3());
        Assert.Equal("10.0", Python.Format(Notebook.Cell3()));
    }

    [Fact]
    public void Cell4_first_and_second_derivative()
    {
        Assert.Equal((6.0f, 2.0f), Notebook.Cell4());
    }

    [Fact]
    public void Cell7_two_gradients_from_one_persistent_tape()
    {
        Assert.Equal((6.0f, 108.0f), Notebook.Cell7());
    }

    [Fact]
    public void Cell8_the_linear_map()
    {
        var yP = Notebook.Cell8();
        Assert.Equal((2, 1), (yP.Rows, yP.Columns));
        Assert.Equal([19.0, 9.0], yP.AsSpan().ToArray());
        Assert.Equal("array([[19.],\n       [ 9.]])", Python.Repr(yP));
    }

    [Fact]
    public void Cell9_the_loss() => Assert.Equal(2.5, Notebook.Cell9());

    [Fact]
    public void Cell10_gradients_of_the_linear_map_with_the_seed_of_ones()
    {
        var (dW, db, dX) = Notebook.Cell10();
        Assert.Equal([2.0, 3.0, 2.0, 3.0], dW.AsSpan().ToArray());
        Assert.Equal([1.0, 1.0], db.AsSpan().ToArray());
        Assert.Equal([6.0, 3.0], dX.AsSpan().ToArray());
    }

    [Fact]
    public void Cell11_and_Cell14_gradients_of_the_loss()
    {
        foreach (var (dW, db, dX) in new[] { Notebook.Cell11(), Notebook.Cell14() })
        {
            Assert.Equal([-2.0, -3.0, 4.0, 6.0], dW.AsSpan().ToArray());
            Assert.Equal([-1.0, 2.0], db.AsSpan().ToArray());
            Assert.Equal([0.0, 0.0], dX.AsSpan().ToArray());
            Assert.False(double.IsNegative(dX[0, 0]) || double.IsNegative(dX[1, 0]), "dX prints as 0., not -0.");
        }
    }

    [Fact]
    public void Prints_the_notebook_output_lines()
    {
        var output = new StringWriter { NewLine = "\n" };
        Notebook.Run(output);
        const string gradients = "dW:\n[[-2. -3.]\n [ 4.  6.]]\ndb:\n[[-1.]\n [ 2.]]\ndX:\n[[0.]\n [0.]]\n";
        Assert.Equal(
            "In [3]:\n10.0\n\nIn [4]:\n(6.0, 2.0)\n\nIn [7]:\n(6.0, 108.0)\n\n"
            + "In [8]:\narray([[19.],\n       [ 9.]])\n\n"
            + "In [9]:\n2.5\n\n"
            + "In [10]:\ndW:\n[[2. 3.]\n [2. 3.]]\ndb:\n[[1.]\n [1.]]\ndX:\n[[6.]\n [3.]]\n\n"
            + "In [11]:\n" + gradients + "\n"
            + "In [14]:\n" + gradients,
            output.ToString());
    }

    [Theory]
    [InlineData(10f, "10.0")]
    [InlineData(2.5f, "2.5")]
    [InlineData(-3f, "-3.0")]
    [InlineData(108f, "108.0")]
    public void Numbers_print_as_Python_prints_them(float value, string expected) =>
        Assert.Equal(expected, Python.Format(value));
}
