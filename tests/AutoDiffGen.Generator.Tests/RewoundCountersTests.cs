using System;
using Xunit;
using static AutoDiffGen.Generator.Tests.GeneratedMembers;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// <c>RewoundCounters</c>: an int that a loop advances by a step computed from its counter is taken back by the backward
/// loop (<c>start -= i + 1</c>) instead of being kept on the tape; one whose step reads its own value stays on the tape.
/// Whether the derivatives are right is checked by the integration tests (<c>Loops.PackedRows</c>, ADBench's GMM).
/// </summary>
public class RewoundCountersTests
{
    [Fact]
    public void A_row_start_advanced_by_the_rows_length_is_rewound_and_one_that_reads_itself_is_taped()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.InClass("""
            [Differentiable]
            public static double Rows(ReadOnlySpan<double> packed, double c)
            {
                double s = 0;
                int start = 0;
                for (int i = 0; i < 5; i++)
                {
                    s = Math.Sin(s + c * packed[start]);
                    start += 2 * i + 1;
                }
                return s;
            }

            [Differentiable]
            public static double Hops(ReadOnlySpan<double> x, double c)
            {
                double s = 0;
                int at = 0;
                for (int i = 0; i < 5; i++)
                {
                    s = Math.Sin(s + c * x[at]);
                    at = (at * 3 + 1) % x.Length;
                }
                return s;
            }
            """)).AssertGeneratedCodeCompiles();
        var rows = Code(Member(FileOf(run, "Rows"), "RowsGradient"));
        Assert.True(rows.Contains("start_2 -= 2 * i + 1;", StringComparison.Ordinal), rows);
        Assert.DoesNotContain("Tape<int>", rows, StringComparison.Ordinal);
        var hops = Code(Member(FileOf(run, "Hops"), "HopsGradient"));
        Assert.Contains("tape_int.Pop()", hops, StringComparison.Ordinal);
    }

    [Fact]
    public void A_triangle_index_stepped_in_the_rows_loop_is_rewound_past_another_loop_over_the_same_range()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.InClass("""
            [Differentiable]
            public static double Packed(ReadOnlySpan<double> a, ReadOnlySpan<double> x, int d)
            {
                Span<double> q = stackalloc double[d];
                double s = 0;
                for (int k = 0; k < 3; k++)
                {
                    for (int id = 0; id < d; id++) q[id] = x[id];
                    int l = k * d * d;
                    for (int i = 0; i < d; i++)
                    {
                        for (int j = i + 1; j < d; j++)
                        {
                            q[j] += a[l] * x[i];
                            l++;
                        }
                    }
                    double n = 0;
                    for (int id = 0; id < d; id++) n += q[id] * q[id];
                    s += Math.Exp(n);
                }
                return s;
            }
            """)).AssertGeneratedCodeCompiles();
        // The loop over k runs fused with its reverse; in it, the rows' loop pushed l at each row, and the norm's backward loop
        // over the same range comes before the rows' backward loop.
        var packed = Code(Member(FileOf(run, "Packed"), "PackedGradient"));
        Assert.True(packed.Contains("l_2 -= d > i + 1 ? d - (i + 1) : 0;", StringComparison.Ordinal), packed);
        Assert.DoesNotContain("Tape<int>", packed, StringComparison.Ordinal);
    }
}
