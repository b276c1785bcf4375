using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;
using static AutoDiffGen.Generator.Tests.GeneratedMembers;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// The rows of a Jacobian from one forward sweep (<c>FPullbackRows</c>): made for a vector-valued method whose reverse sweep
/// can run again on what its forward sweep left, and not for one whose reverse pops a tape or undoes writes (its Jacobian
/// runs a whole pullback per row). Whether the rows are right is checked, for every vector function of the integration
/// tests and the random programs, against finite differences and both sweeps.
/// </summary>
public class JacobianRowsTests
{
    [Fact]
    public void A_method_without_tapes_gets_its_rows_from_one_forward_sweep_and_one_with_a_tape_from_pullbacks()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.InClass("""
            [Differentiable]
            public static void Polar(double r, double theta, Span<double> xy)
            {
                xy[0] = r * Math.Cos(theta);
                xy[1] = r * Math.Sin(theta);
            }

            [Differentiable]
            public static void Steps(double u0, double rate, Span<double> s)
            {
                double u = u0;
                for (int k = 0; k < s.Length; k++)
                {
                    u = u + 0.1 * rate * u * (1 - u);
                    s[k] = u;
                }
            }
            """)).AssertGeneratedCodeCompiles();
        var polar = FileOf(run, "Polar");
        var steps = FileOf(run, "Steps");
        Assert.Contains("private static void PolarPullbackRows(double r, double theta, global::System.Span<double> xy, global::System.Span<double> jacobian)", polar, StringComparison.Ordinal);
        Assert.Contains("PolarPullbackRows(r, theta, xy, jacobian);", polar, StringComparison.Ordinal);
        // Cos(theta) and Sin(theta), the partial derivatives of the sine and the cosine, are the forward sweep's own locals, read in every row.
        Assert.Contains("jacobian[row * 2 + 1] += t2_bar * t0 - t0_bar * t2;", polar, StringComparison.Ordinal);
        Assert.DoesNotContain("PullbackRows", steps, StringComparison.Ordinal);
        Assert.Contains("StepsPullbackUnchecked(", steps, StringComparison.Ordinal);
    }
}
