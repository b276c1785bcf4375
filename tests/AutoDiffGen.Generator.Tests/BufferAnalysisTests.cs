using Xunit;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// What reverse mode keeps of a buffer a loop writes and reads back: nothing for a table filled before the loops
/// that read it, the contents at the end of each iteration for a scratch buffer (pushed whole, put back), and an
/// undo log otherwise. The integration tests check the derivatives; these check the choice, in the generated text.
/// </summary>
public sealed class BufferAnalysisTests
{
    private static string Gradient(string body) => GeneratorHarness.Run($$"""
        using System;
        using AutoDiffGen;

        namespace Samples;

        public static partial class C
        {
            [Differentiable]
            public static double F(ReadOnlySpan<double> x, int steps)
            {
        {{body}}
            }
        }
        """).AssertGeneratedCodeCompiles().AllGeneratedText();

    [Fact]
    public void A_table_filled_before_the_loops_that_read_it_is_neither_logged_nor_kept()
    {
        var text = Gradient("""
                double[] t = new double[x.Length];
                for (int i = 0; i < x.Length; i++) t[i] = Math.Exp(x[i]);
                double s = 0;
                for (int k = 0; k < steps; k++)
                    for (int i = 0; i < t.Length; i++) s += t[i] * Math.Sin(s);
                return s;
        """);
        Assert.DoesNotContain("UndoLog", text);
        Assert.DoesNotContain("PushRange", text);
    }

    [Theory]
    [InlineData("x.Length")] // the bound through a local that holds x.Length
    [InlineData("t.Length")]
    [InlineData("n")]
    public void A_scratch_buffer_filled_whole_by_each_iteration_is_kept_at_the_end_of_it(string bound)
    {
        var text = Gradient($$"""
                int n = x.Length;
                Span<double> t = stackalloc double[n];
                double s = 0;
                for (int k = 0; k < steps; k++)
                {
                    for (int i = 0; i < {{bound}}; i++) t[i] = x[i] * (k + s);
                    for (int i = 1; i < n; i++) t[i] += x[i - 1];
                    for (int i = 0; i < n; i++) s += Math.Sin(t[i]);
                }
                return s;
        """);
        Assert.DoesNotContain("UndoLog", text);
        Assert.Contains("tape_double.PushRange(t);", text);
        Assert.Contains("tape_double.PopRange(t);", text);
    }

    [Theory]
    [InlineData("n - 1", "t[i] += x[i - 1]")] // not filled whole: the last element carries over from the iteration before
    [InlineData("n", "t[i] += t[i - 1]")] // read while written
    public void A_buffer_an_iteration_does_not_fill_whole_before_reading_is_logged(string bound, string update)
    {
        var text = Gradient($$"""
                int n = x.Length;
                Span<double> t = stackalloc double[n];
                double s = 0;
                for (int k = 0; k < steps; k++)
                {
                    for (int i = 0; i < {{bound}}; i++) t[i] = x[i] * (k + s);
                    for (int i = 1; i < n; i++) {{update}};
                    for (int i = 0; i < n; i++) s += Math.Sin(t[i]);
                }
                return s;
        """);
        Assert.Contains("t_log.Save(t, ", text);
        Assert.DoesNotContain("PushRange", text);
    }
}
