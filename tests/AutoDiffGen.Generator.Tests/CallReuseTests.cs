using System;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;
using static AutoDiffGen.Generator.Tests.GeneratedMembers;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// <c>CallReuse</c>: a derivative reads a Math call from the local the method already holds it in (a sine's derivative is
/// the cosine a rotation computed), and calls it again where that local may hold another value.
/// </summary>
public class CallReuseTests
{
    [Fact]
    public void A_call_held_in_a_local_is_read_from_it_and_one_whose_argument_changed_is_made_again()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.InClass("""
            [Differentiable]
            public static double Rotate(double x, double y, double t)
            {
                double c = Math.Cos(t);
                double s = Math.Sin(t);
                return x * c - y * s;
            }

            [Differentiable]
            public static double Spiral(double a, int n)
            {
                double r = 0;
                for (int k = 0; k < n; k++)
                {
                    double c = Math.Cos(a);
                    r += c;
                    a = a * 0.5 + 1;
                }
                return r + Math.Sin(a);
            }
            """)).AssertGeneratedCodeCompiles();
        var rotate = FileOf(run, "Rotate");
        var pullback = Code(Member(rotate, "RotatePullback"));
        // Once each, in the forward sweep: the derivatives read c and s.
        Assert.Single(Regex.Matches(pullback, @"Math\.Cos\(t\)"));
        Assert.Single(Regex.Matches(pullback, @"Math\.Sin\(t\)"));

        // a changes from iteration to iteration: the reverse sweep takes each iteration's sine of it again.
        var spiral = Code(Member(FileOf(run, "Spiral"), "SpiralPullback"));
        Assert.Matches(@"Math\.Sin\(a", spiral);
    }
}
