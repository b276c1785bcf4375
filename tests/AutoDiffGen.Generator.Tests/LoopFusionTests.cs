using System;
using System.Text.RegularExpressions;
using Xunit;
using static AutoDiffGen.Generator.Tests.GeneratedMembers;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// Loop fusion in place (<c>LoopFusion.ApplyInPlace</c>): a loop that only sums runs fused with its reverse where the
/// forward sweep has it, when its sums' adjoints are known before it, and keeps a loop of the reverse sweep otherwise.
/// Whether the fused derivatives are right is checked by the integration tests (<c>Loops.Mixture</c>,
/// <c>Loops.SumThenMore</c>, <c>Loops.SumThenOverwrite</c>) and the random programs.
/// </summary>
public class LoopFusionTests
{
    [Fact]
    public void A_loop_over_points_runs_once_with_its_reverse_and_keeps_nothing_on_the_tape()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.InClass("""
            [Differentiable]
            public static double PerPoint(ReadOnlySpan<double> mu, [NoDerivative] ReadOnlySpan<double> x)
            {
                Span<double> d = stackalloc double[mu.Length];
                double total = 0;
                for (int p = 0; p < x.Length; p++)
                {
                    for (int j = 0; j < mu.Length; j++) d[j] = x[p] - mu[j];
                    double sq = 0;
                    for (int j = 0; j < mu.Length; j++) sq += d[j] * d[j];
                    total += Math.Sqrt(1 + sq);
                }
                double prior = 0;
                for (int j = 0; j < mu.Length; j++) prior += mu[j] * mu[j];
                return total / x.Length + prior;
            }
            """)).AssertGeneratedCodeCompiles();
        var gradient = Code(Member(FileOf(run, "PerPoint"), "PerPointGradient"));
        // One pass over the points, forwards: each iteration's values are used by its own reverse at once.
        Assert.Single(Regex.Matches(gradient, @"for \(int p = 0; p < p_end; p\+\+\)"));
        Assert.DoesNotContain("p--", gradient, StringComparison.Ordinal);
        // The sum's adjoint, 1/n, is computed before the loop; the centred vector is not kept for a later reverse.
        Assert.Matches(@"double total_2_bar_\d+ = 1\.0 / t\d+_\d+;", gradient);
        Assert.DoesNotContain("Tape<double>", gradient, StringComparison.Ordinal);
    }

    [Fact]
    public void A_loop_whose_sums_adjoint_needs_a_value_computed_after_it_is_reversed_as_a_loop()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.InClass("""
            [Differentiable]
            public static double Squared(ReadOnlySpan<double> x, double c)
            {
                double s = 0;
                for (int i = 0; i < x.Length; i++) s += Math.Sin(x[i] * c);
                return s * s + c;
            }
            """)).AssertGeneratedCodeCompiles();
        var gradient = Code(Member(FileOf(run, "Squared"), "SquaredGradient"));
        // s̄ = 2s: known only once the loop has run, so its reverse runs after it, last to first.
        Assert.Contains("i--", gradient, StringComparison.Ordinal);
        Assert.DoesNotContain("_part", gradient, StringComparison.Ordinal);
    }

    [Fact]
    public void A_loop_whose_buffer_is_overwritten_after_it_is_reversed_after_the_overwrite()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.InClass("""
            [Differentiable]
            public static double Overwritten(ReadOnlySpan<double> x)
            {
                Span<double> b = stackalloc double[x.Length];
                for (int i = 0; i < x.Length; i++) b[i] = Math.Exp(x[i]);
                double s = 0;
                for (int i = 0; i < b.Length; i++) s += b[i];
                b[0] = 3 * x[0];
                return s + b[0] * b[1];
            }
            """)).AssertGeneratedCodeCompiles();
        var gradient = Member(FileOf(run, "Overwritten"), "OverwrittenGradient");
        // s̄ = 1 is known before the loop, but b̄[0] is taken by the overwrite's reverse before the summing loop's reverse
        // adds to it (the loop read the value the overwrite replaced).
        int overwrite = gradient.IndexOf("// adjoint of: b[0] = 3 * x[0];", StringComparison.Ordinal);
        int sum = gradient.IndexOf("// adjoint of: s += b[i];", StringComparison.Ordinal);
        Assert.True(overwrite >= 0 && sum > overwrite, gradient);
    }
}
