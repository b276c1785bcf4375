using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// A method is lowered again only when something it can depend on changed: its own file, or a declaration anywhere
/// (<c>LoweringCache</c>). The cache counts the methods lowered on the calling thread, which is the thread that runs
/// the generator here, so tests running in parallel do not disturb the count. They would disturb the cache itself: it
/// keeps the last few declaration sets of the process (one compilation after another, in an IDE or a build), and many
/// compilations made by other tests at the same time can push this test's set out between its two runs. So these tests
/// run alone (<see cref="AloneCollection"/>).
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class LoweringCacheTests
{
    private const string Methods = """
        using System;
        using AutoDiffGen;

        namespace Samples;

        public static partial class Model
        {
            [Differentiable]
            public static double F(double x) => Constants.K * x * x;

            [Differentiable]
            public static double G(double x) => Math.Sin(x) + x;

            [Differentiable]
            public static double U(double x) => Helpers.Twice(x) * x;
        }
        """;

    private const string Others = """
        namespace Samples;

        public static class Constants
        {
            public const double K = 2.0;

            public static double Unrelated(double x)
            {
                return x + 1;
            }
        }

        public static partial class Helpers
        {
            public static double Twice(double x) => 2 * x;
        }
        """;

    private static readonly string OthersPath = GeneratorHarness.PathOf(1);

    private static (GeneratorRun Run, int Lowered) Run(GeneratorDriver driver, CSharpCompilation compilation)
    {
        int before = Lowering.LoweringCache.Lowerings;
        var run = GeneratorHarness.Run(driver, compilation);
        Assert.True(run.Result.Exception is null, $"The generator threw: {run.Result.Exception}");
        return (run, Lowering.LoweringCache.Lowerings - before);
    }

    private static CSharpCompilation Edit(CSharpCompilation compilation, string path, string oldText, string newText)
    {
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == path);
        var text = tree.GetText().ToString();
        Assert.Contains(oldText, text);
        return compilation.ReplaceSyntaxTree(tree, GeneratorHarness.Parse(text.Replace(oldText, newText), path));
    }

    private static (GeneratorRun Before, GeneratorRun After, int Lowered) EditAndRun(string path, string oldText, string newText)
    {
        var compilation = GeneratorHarness.CreateCompilation(Methods, Others);
        var (first, loweredFirst) = Run(GeneratorHarness.CreateDriver(), compilation);
        Assert.Equal(3, loweredFirst);
        var (second, lowered) = Run(first.Driver, Edit(compilation, path, oldText, newText));
        return (first, second, lowered);
    }

    [Theory]
    [InlineData("return x + 1;", "return x + 2;")]
    [InlineData("public static double Unrelated(double x)", "// a comment\n    public static double Unrelated(double x)")]
    public void AnEditInsideAnotherFilesBodiesOrCommentsLowersNothing(string oldText, string newText)
    {
        var (before, after, lowered) = EditAndRun(OthersPath, oldText, newText);
        Assert.Equal(0, lowered);
        Assert.Equal(before.GeneratedSources, after.GeneratedSources);
    }

    [Fact]
    public void AnEditInsideAMethodBodyLowersTheMethodsOfThatFileOnly()
    {
        var compilation = GeneratorHarness.CreateCompilation(Methods, Others, """
            using AutoDiffGen;

            namespace Samples;

            public static partial class Third
            {
                [Differentiable]
                public static double H(double x) => x * x * x;
            }
            """);
        var (first, loweredFirst) = Run(GeneratorHarness.CreateDriver(), compilation);
        Assert.Equal(4, loweredFirst);
        var (second, lowered) = Run(first.Driver, Edit(compilation, GeneratorHarness.PathOf(0), "Math.Sin(x) + x", "Math.Sin(x) - x"));
        Assert.Equal(3, lowered); // F, G and U, not H
        Assert.Contains("- x", second.Source("Samples.Model.G_Double"));
        Assert.Equal(first.Source("Samples.Third.H_Double"), second.Source("Samples.Third.H_Double"));
    }

    [Fact]
    public void ChangingAConstantInAnotherFileChangesTheDerivative()
    {
        var (before, after, lowered) = EditAndRun(OthersPath, "public const double K = 2.0;", "public const double K = 3.0;");
        Assert.Equal(3, lowered);
        Assert.Contains("2.0", before.Source("Samples.Model.F_Double"));
        Assert.DoesNotContain("3.0", before.Source("Samples.Model.F_Double"));
        Assert.Contains("3.0", after.Source("Samples.Model.F_Double"));
        Assert.Empty(after.GeneratedCodeProblems);
    }

    [Fact]
    public void MakingACalleeDifferentiableInAnotherFileChangesTheCaller()
    {
        var (before, after, lowered) = EditAndRun(OthersPath, "public static double Twice(double x) => 2 * x;", "[AutoDiffGen.Differentiable] public static double Twice(double x) => 2 * x;");
        Assert.Equal(4, lowered); // F, G, U and the new Twice
        Assert.Contains(before.AutoDiffDiagnostics, d => d.Id == "ADG0201");
        Assert.DoesNotContain(after.AutoDiffDiagnostics, d => d.Id == "ADG0201");
        after.AssertGeneratedCodeCompiles();
        // U = Twice(x)·x, with Twice's body in place of the call: dU/dx = 4x.
        Assert.DoesNotContain("TwicePullback", after.Source("Samples.Model.U_Double"), System.StringComparison.Ordinal);
        using var assembly = after.Load();
        var args = new object?[] { 1.5, null };
        Assert.Equal(4.5, (double)assembly.GetMethod("Samples.Model", "UGradient").Invoke(null, args)!);
        Assert.Equal(6.0, (double)args[1]!);
    }

    [Fact]
    public void AnEditInTheBodyOfAPartialMethodImplementedInAnotherFileLowersItAgain()
    {
        // The defining part (with [Differentiable]) in one file, the implementing part in another: an edit in the body changes
        // no declaration, and the method must be lowered again all the same.
        const string definition = """
            using AutoDiffGen;

            namespace Samples;

            public static partial class Parts
            {
                [Differentiable]
                public static partial double P(double x);
            }
            """;
        const string implementation = """
            namespace Samples;

            public static partial class Parts
            {
                public static partial double P(double x) => x * x * 2.0;
            }
            """;
        var compilation = GeneratorHarness.CreateCompilation(Methods, Others, definition, implementation);
        var edited = Edit(compilation, GeneratorHarness.PathOf(3), "x * x * 2.0", "x * x * 3.0");
        // The runs one after the other, the checks after them (the cache keeps a few declaration sets, which other tests use too).
        var (first, loweredFirst) = Run(GeneratorHarness.CreateDriver(), compilation);
        var (second, lowered) = Run(first.Driver, edited);
        var (_, unrelated) = Run(second.Driver, Edit(edited, OthersPath, "return x + 1;", "return x + 2;"));

        Assert.Equal(4, loweredFirst);
        Assert.Contains("x * x * 2.0", first.Source("Samples.Parts.P_Double"));
        Assert.Equal(1, lowered); // P alone
        Assert.Contains("x * x * 3.0", second.Source("Samples.Parts.P_Double"));
        Assert.DoesNotContain("x * x * 2.0", second.Source("Samples.Parts.P_Double"));
        Assert.Empty(second.GeneratedCodeProblems);
        Assert.Equal(0, unrelated); // an edit elsewhere still lowers nothing
    }

    [Fact]
    public void NewOptionsOrReferencesLowerAgain()
    {
        var compilation = GeneratorHarness.CreateCompilation(Methods, Others);
        var (first, _) = Run(GeneratorHarness.CreateDriver(), compilation);
        Assert.Equal(0, Run(first.Driver, compilation.AddSyntaxTrees()).Lowered); // the same compilation again
        Assert.Equal(3, Run(first.Driver, compilation.WithOptions(compilation.Options.WithOverflowChecks(!compilation.Options.CheckOverflow))).Lowered);
        var runtime = compilation.References.Last();
        Assert.Equal(3, Run(first.Driver, compilation.ReplaceReference(runtime, MetadataReference.CreateFromFile(runtime.Display!))).Lowered);
        Assert.Equal(3, Run(first.Driver, compilation.WithAssemblyName("Other")).Lowered);
    }
}

/// <summary>Tests that must not run while others do: xunit runs this collection after the parallel ones, by itself.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    public const string Name = "Alone";
}
