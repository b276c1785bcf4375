using Xunit;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// Int counters a loop steps by a constant: the backward loop computes them from its own counter instead of taping
/// them, and a recomputation that only needs a counter's final value gets it without looping.
/// </summary>
public sealed class InductionTests
{
    private const string Source = """
        using System;
        using AutoDiffGen;

        namespace Samples;

        public static partial class C
        {
            // A packed lower triangle, walked with a running index as ADBench's GMM walks its factors.
            [Differentiable]
            public static double F(ReadOnlySpan<double> x, ReadOnlySpan<double> packed, int d)
            {
                double s = 0;
                int l = 0;
                for (int i = 0; i < d; i++)
                {
                    for (int j = i + 1; j < d; j++)
                    {
                        s += packed[l] * x[i] * x[j];
                        l++;
                    }
                }
                return s;
            }
        }
        """;

    [Fact]
    public void A_counter_stepped_by_a_constant_is_computed_not_taped_and_counting_loops_close()
    {
        var text = GeneratorHarness.Run(Source).AssertGeneratedCodeCompiles().AllGeneratedText();
        // In the backward inner loop, l comes from the loop counter (and indexes the vector loop's spans directly).
        Assert.Contains("l_3_start = l_3;", text);
        Assert.Contains("double t0 = packed[l_3_start + (j - j_start)];", text);
        // The recomputation of the outer iteration needs l after the inner loop: one assignment, no loop.
        Assert.Contains("l_3 += d > j_start ? d - j_start : 0;", text);
        // The outer loop's l, stepped by d - i - 1, is rewound by the backward loop (RewoundCounters), not taped.
        Assert.Contains("l_2 -= d > i + 1 ? d - (i + 1) : 0;", text);
        Assert.DoesNotContain("tape_int", text);
    }

    [Fact]
    public void An_adjoint_added_into_the_same_element_by_every_iteration_is_summed_in_a_local()
    {
        var text = GeneratorHarness.Run(Source.Replace("s += packed[l] * x[i] * x[j];", "s += packed[l] * x[i] * Math.Sin(packed[l]);", System.StringComparison.Ordinal))
            .AssertGeneratedCodeCompiles().AllGeneratedText();
        // dx[i] in the backward j loop: i is the outer loop's counter, the same in every iteration of the inner one.
        Assert.Contains("double dx_sum = 0.0;", text);
        Assert.Contains("dx[i] += dx_sum;", text);
    }

    [Fact]
    public void The_derivatives_are_right()
    {
        using var assembly = GeneratorHarness.Run(Source.Replace("public static partial class C\n{", "public static partial class C\n{\n    public static double Gradient(double[] x, double[] p, int d, double[] dx, double[] dp) => FGradient(x, p, d, dx, dp);\n", System.StringComparison.Ordinal)).Load();
        var gradient = assembly.GetMethod("Samples.C", "Gradient");
        double[] x = { 0.5, -1.0, 2.0 }, p = { 0.3, -0.7, 1.1 }, dx = new double[3], dp = new double[3];
        double value = (double)gradient.Invoke(null, new object[] { x, p, 3, dx, dp })!;
        // s = p0 x0 x1 + p1 x0 x2 + p2 x1 x2
        Assert.Equal(0.3 * 0.5 * -1.0 + -0.7 * 0.5 * 2.0 + 1.1 * -1.0 * 2.0, value, 14);
        Assert.Equal(new[] { 0.3 * -1.0 + -0.7 * 2.0, 0.3 * 0.5 + 1.1 * 2.0, -0.7 * 0.5 + 1.1 * -1.0 }, dx, new ToleranceComparer(1e-14));
        Assert.Equal(new[] { 0.5 * -1.0, 0.5 * 2.0, -1.0 * 2.0 }, dp, new ToleranceComparer(1e-14));
    }

    private sealed class ToleranceComparer(double tolerance) : System.Collections.Generic.IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => System.Math.Abs(a - b) <= tolerance;

        public int GetHashCode(double value) => 0;
    }
}
