using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using static AutoDiffGen.Generator.Tests.GeneratedMembers;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// Derivative loops run on <see cref="Vector{T}"/> (<c>Transforms/Vectorization</c>): each function's members are run twice on
/// the same inputs, as generated (vectors where the hardware has them, then one iteration at a time) and with the vectors
/// switched off (every iteration one at a time, as before), and must agree to 1e-12 relative (sums are added in another
/// order); the loops that must stay scalar (a loop that reads what it writes, a product carried from iteration to iteration,
/// the counter used as a number) are checked both ways too, and their members must have no vector code.
/// </summary>
public class VectorizationTests
{
    private const string Functions = """
        using System;
        using System.Collections.Generic;
        using AutoDiffGen;

        namespace Samples;

        public static partial class V
        {
            [Differentiable]
            public static double Rosenbrock(ReadOnlySpan<double> x)
            {
                double f = 0;
                for (int i = 0; i < x.Length - 1; i++)
                {
                    double a = x[i + 1] - x[i] * x[i];
                    double b = 1 - x[i];
                    f += 100 * a * a + b * b;
                }
                return f;
            }

            [Differentiable]
            public static float RosenbrockF(ReadOnlySpan<float> x)
            {
                float f = 0;
                for (int i = 0; i < x.Length - 1; i++)
                {
                    float a = x[i + 1] - x[i] * x[i];
                    float b = 1 - x[i];
                    f += 100 * a * a + b * b;
                }
                return f;
            }

            // Its adjoint adds into dx[i - 1], dx[i] and dx[i + 1]: moved by up to two lanes.
            [Differentiable]
            public static double Laplacian(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 1; i < x.Length - 1; i++)
                {
                    double d = x[i - 1] - 2 * x[i] + x[i + 1];
                    s += d * d;
                }
                return s;
            }

            // Rows of a matrix laid out row after row: indices with a base the same in each lane (r * w + j).
            [Differentiable]
            public static double Rows(ReadOnlySpan<double> x)
            {
                int w = x.Length / 3;
                double s = 0;
                for (int r = 0; r < 3; r++)
                {
                    for (int j = 0; j < w - 1; j++)
                    {
                        double d = x[r * w + j + 1] - 2 * x[r * w + j];
                        s += d * d;
                    }
                }
                return s;
            }

            [Differentiable]
            public static double Roots(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    s += Math.Sqrt(1 + x[i] * x[i]) + Math.Abs(x[i]) / (2 + x[i] * x[i]) + x[i] / x.Length;
                }
                return s;
            }

            [Differentiable]
            public static double Logistic(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 0; i < x.Length; i++) s += Math.Log(1 + Math.Exp(-3 * x[i]));
                return s;
            }

            // Stores into a buffer of its own (in the pushforward), then a sum that reads it.
            [Differentiable]
            public static double Scratch(ReadOnlySpan<double> x)
            {
                Span<double> u = stackalloc double[x.Length];
                for (int i = 0; i < x.Length; i++) u[i] = 2 * x[i] - 1;
                double s = 0;
                for (int i = 0; i < x.Length; i++) s -= u[i] * u[i] * x[i];
                return s;
            }

            // Each element reads the one before, which the same loop wrote: one at a time, forward and in reverse.
            [Differentiable]
            public static double Recurrence(ReadOnlySpan<double> x)
            {
                Span<double> u = stackalloc double[x.Length + 1];
                for (int i = 1; i < u.Length; i++) u[i] = 0.5 * u[i - 1] + x[i - 1] * x[i - 1];
                double s = 0;
                for (int i = 0; i < u.Length; i++) s += u[i];
                return s;
            }

            // A packed triangle after m values, walked with a running index: the backward inner loop takes the index from
            // its counter, inlined into its spans' indices, and runs on vectors.
            [Differentiable]
            public static double Packed(ReadOnlySpan<double> x)
            {
                int m = 0;
                while (m + 1 + (m + 1) * m / 2 <= x.Length) m++;
                double s = 0;
                int l = 0;
                for (int i = 0; i < m; i++)
                {
                    for (int j = i + 1; j < m; j++)
                    {
                        s += Math.Sin(x[i]) * x[m + l] * x[m + l];
                        l++;
                    }
                }
                return s;
            }

            [Differentiable]
            public static double Product(ReadOnlySpan<double> x)
            {
                double p = 1;
                for (int i = 0; i < x.Length; i++) p *= 1 + x[i] * x[i] / 10;
                return p;
            }

            [Differentiable]
            public static double Weighted(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 0; i < x.Length; i++) s += i * x[i] * x[i];
                return s;
            }

            [Differentiable]
            public static double Alternating(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 0; i < x.Length; i++) s = x[i] * x[i] - s;
                return s;
            }
        }
        """;

    /// <summary>The functions with a loop that must run on vectors in every member, and those with none that may.</summary>
    private static readonly string[] Vectorized = { "Rosenbrock", "RosenbrockF", "Laplacian", "Rows", "Roots", "Logistic", "Scratch" };

    private static readonly string[] Scalar = { "Product", "Weighted", "Alternating" };

    private static readonly int[] Lengths = { 0, 1, 2, 3, 5, 8, 13, 31, 64, 101 };

    private static string Runner(string name, string type) => $$"""
        public static partial class V
        {
            public static double[] Run_{{name}}({{type}}[] x, {{type}}[] v)
            {
                var g = new {{type}}[x.Length];
                var f1 = {{name}}Gradient(x, g);
                var pb = ({{type}}[])v.Clone();
                {{name}}Pullback(x, 0.75{{(type == "float" ? "f" : "")}}, pb);
                var f2 = {{name}}Pushforward(x, v, out var t);
                var hv = new {{type}}[x.Length];
                var f3 = {{name}}HessianVectorProduct(x, v, hv);
                var all = new List<double> { {{name}}(x), f1, f2, t, f3 };
                foreach (var e in g) all.Add(e);
                foreach (var e in pb) all.Add(e);
                foreach (var e in hv) all.Add(e);
                return all.ToArray();
            }
        }
        """;

    private static string Source(IEnumerable<string> names)
        => Functions + "\n" + string.Join("\n", names.Select(n => Runner(n, n.EndsWith('F') ? "float" : "double"))) + "\n";

    [Fact]
    public void The_vector_and_the_scalar_loops_agree_in_every_member()
    {
        Assert.True(Vector.IsHardwareAccelerated, "This machine has no vectors: the vector loops cannot be compared with the scalar ones here.");
        var names = Vectorized.Concat(new[] { "Recurrence", "Packed" }).Concat(Scalar).ToArray();
        var run = GeneratorHarness.Run(Source(names)).AssertGeneratedCodeCompiles();

        foreach (var name in Vectorized)
        {
            var text = FileOf(run, name, "V");
            // Abs's derivative in the Hessian-vector product is a branch (if), which stays one lane at a time.
            foreach (var member in new[] { "Gradient", "Pullback", "Pushforward", "HessianVectorProduct" }.Where(m => !(name == "Roots" && m == "HessianVectorProduct")))
            {
                Assert.Contains("global::AutoDiffGen.Vectorized.", Member(text, name + member));
            }
        }
        var packed = FileOf(run, "Packed", "V");
        Assert.Contains("global::AutoDiffGen.Vectorized.AddTo(dx, m_2 + (l_3_start + (j - j_start)), ", Member(packed, "PackedGradient"), StringComparison.Ordinal);
        // The fill's reverse reads each element's adjoint and zeroes it, at one index: on vectors too.
        var scratch = FileOf(run, "Scratch", "V");
        Assert.Contains("global::AutoDiffGen.Vectorized.Store(u_bar, i, global::System.Numerics.Vector<double>.Zero);", Member(scratch, "ScratchGradient"), StringComparison.Ordinal);
        foreach (var name in Scalar)
        {
            var text = FileOf(run, name, "V");
            Assert.DoesNotContain("Vectorized", text, StringComparison.Ordinal);
        }

        using var vectors = LoadedAssembly.Emit(run.OutputCompilation);
        using var scalars = LoadedAssembly.Emit(WithoutVectors(run.OutputCompilation));
        var failures = new List<string>();
        foreach (var name in names)
        {
            bool single = name.EndsWith('F');
            foreach (int n in Lengths)
            {
                var random = new Random(n * 31 + name.Length);
                var x = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2 - 1).ToArray();
                var v = Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5).ToArray();
                object?[] args = single ? new object?[] { x.Select(e => (float)e).ToArray(), v.Select(e => (float)e).ToArray() } : new object?[] { x, v };
                var expected = (double[])scalars.Invoke("Samples.V", "Run_" + name, (object?[])args.Clone())!;
                var actual = (double[])vectors.Invoke("Samples.V", "Run_" + name, args)!;
                Assert.Equal(expected.Length, actual.Length);
                // Floats carry 24 bits: their sums of ~100 terms in another order agree to about 1e-5.
                double tolerance = single ? 1e-5 : 1e-12;
                for (int k = 0; k < expected.Length; k++)
                {
                    if (!(Math.Abs(expected[k] - actual[k]) <= tolerance * Math.Max(1, Math.Max(Math.Abs(expected[k]), Math.Abs(actual[k])))))
                    {
                        failures.Add($"{name}, n = {n}, output {k}: one at a time {expected[k]:R}, in vectors {actual[k]:R}");
                    }
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void A_loop_that_adds_at_offsets_too_far_apart_stays_scalar_and_a_read_of_a_written_span_too()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.InClass("""
            [Differentiable]
            public static double Far(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 0; i < x.Length - 5; i++) s += x[i] * x[i + 5];
                return s;
            }

            [Differentiable]
            public static double Near(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 0; i < x.Length - 3; i++) s += x[i] * x[i + 3];
                return s;
            }
            """)).AssertGeneratedCodeCompiles();
        var far = FileOf(run, "Far");
        var near = FileOf(run, "Near");
        // Far's gradient adds into dx[i] and dx[i + 5]: more than 3 lanes apart, so its reverse loop is scalar; its pushforward only reads.
        Assert.DoesNotContain("Vectorized.", Member(far, "FarGradient"), StringComparison.Ordinal);
        Assert.Contains("Vectorized.Load(x, i + 5)", Member(far, "FarPushforward"), StringComparison.Ordinal);
        Assert.Contains("global::AutoDiffGen.Vectorized.AddTo(dx, i, dx_i + global::AutoDiffGen.Vectorized.Shift(dx_i_plus3, ref dx_i_plus3_previous, 3));", Member(near, "NearGradient"), StringComparison.Ordinal);
        Assert.Contains("if (global::System.Numerics.Vector.IsHardwareAccelerated && global::System.Numerics.Vector<double>.Count > 3)", Member(near, "NearGradient"), StringComparison.Ordinal);
        Assert.Contains("if (i > 0) global::AutoDiffGen.Vectorized.AddLast(dx, i, dx_i_plus3_previous, 3);", Member(near, "NearGradient"), StringComparison.Ordinal);
    }

    /// <summary>The compilation with every generated loop's vectors switched off: each loop runs one iteration at a time.</summary>
    private static Compilation WithoutVectors(Compilation compilation)
    {
        foreach (var tree in compilation.SyntaxTrees.ToList())
        {
            var text = tree.ToString();
            if (!text.Contains("global::System.Numerics.Vector.IsHardwareAccelerated", StringComparison.Ordinal)) continue;
            var scalar = CSharpSyntaxTree.ParseText(text.Replace("global::System.Numerics.Vector.IsHardwareAccelerated", "false", StringComparison.Ordinal), (CSharpParseOptions)tree.Options, tree.FilePath);
            compilation = compilation.ReplaceSyntaxTree(tree, scalar);
        }
        return compilation;
    }
}
