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
    public void Prints_the_notebook_output_lines()
    {
        var output = new StringWriter { NewLine = "\n" };
        Notebook.Run(output);
        Assert.Equal(
            "In [3]:\n10.0\n\nIn [4]:\n(6.0, 2.0)\n\nIn [7]:\n(6.0, 108.0)\n",
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
