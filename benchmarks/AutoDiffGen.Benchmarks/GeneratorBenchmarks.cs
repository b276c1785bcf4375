using System.Linq;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AutoDiffGen.Benchmarks;

/// <summary>
/// The generator's own cost, as the compiler pays it: one run of the incremental generator over a project of 500
/// [Differentiable] methods (a mix of the forms the tests use: scalar expressions, branches, loops over spans), from
/// scratch (<see cref="AllMethods"/>), and again after an edit inside one method (<see cref="EditOneMethod"/>) or in an
/// unrelated file (<see cref="EditUnrelatedFile"/>). Divide by 500 for the time per method.
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private const int Methods = 500;
    private CSharpCompilation compilation = null!;
    private CSharpCompilation editedMethod = null!;
    private CSharpCompilation editedElsewhere = null!;
    private GeneratorDriver warm = null!;

    [GlobalSetup]
    public void Setup()
    {
        var references = Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(DifferentiableAttribute).Assembly.Location));
        var options = new CSharpParseOptions(LanguageVersion.Preview);
        var trees = Enumerable.Range(0, Methods / 10).Select(file => CSharpSyntaxTree.ParseText(Source(file), options, $"/src/Methods{file}.cs")).ToList();
        trees.Add(CSharpSyntaxTree.ParseText("namespace Other; public static class Unrelated { public static int N => 1; }", options, "/src/Unrelated.cs"));
        compilation = CSharpCompilation.Create("Bench", trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));
        warm = NewDriver().RunGenerators(compilation);
        var first = trees[0];
        editedMethod = compilation.ReplaceSyntaxTree(first, first.WithChangedText(first.GetText().Replace(first.GetText().ToString().LastIndexOf("x * y", System.StringComparison.Ordinal), 5, "y * x")));
        var unrelated = trees[^1];
        editedElsewhere = compilation.ReplaceSyntaxTree(unrelated, unrelated.WithChangedText(unrelated.GetText().Replace(unrelated.GetText().Length - 1, 1, "} // edited")));
        var generated = warm.GetRunResult();
        if (generated.GeneratedTrees.Length != Methods || generated.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            throw new System.InvalidOperationException($"Expected {Methods} generated files and no errors, got {generated.GeneratedTrees.Length} files and {string.Join("; ", generated.Diagnostics)}");
        }
    }

    private static GeneratorDriver NewDriver() =>
        CSharpGeneratorDriver.Create([new AutoDiffGen.Generator.DifferentiableGenerator().AsSourceGenerator()], parseOptions: new CSharpParseOptions(LanguageVersion.Preview));

    [Benchmark(Baseline = true)]
    public GeneratorDriver AllMethods() => NewDriver().RunGenerators(compilation);

    [Benchmark]
    public GeneratorDriver EditOneMethod() => warm.RunGenerators(editedMethod);

    [Benchmark]
    public GeneratorDriver EditUnrelatedFile() => warm.RunGenerators(editedElsewhere);

    private static string Source(int file)
    {
        var methods = Enumerable.Range(0, 10).Select(i => (i % 5) switch
        {
            0 => $"[Differentiable] public static double M{i}(double x, double y) => x * y + Math.Sin(x) * Math.Exp(y / (1 + x * x));",
            1 => $"[Differentiable] public static double M{i}(double x, double y) {{ double z = x * x - y; if (z > 0) z = Math.Sqrt(z) * y; else z = -z * x; return z * Math.Cos(y); }}",
            2 => $"[Differentiable] public static double M{i}(ReadOnlySpan<double> v, double a) {{ double s = 0; for (int k = 0; k < v.Length; k++) s += Math.Tanh(a * v[k]) * v[k]; return s; }}",
            3 => $"[Differentiable] public static (double, double) M{i}(double x, double y) {{ double r = Math.Sqrt(x * x + y * y); return (r, Math.Atan2(y, x)); }}",
            _ => $"[Differentiable] public static float M{i}(float x, float y) => x * y * MathF.Log(1 + x * x) - y / (1 + y * y);",
        });
        return $$"""
            using System;
            using AutoDiffGen;

            namespace Bench;

            public static partial class File{{file}}
            {
                {{string.Join("\n    ", methods)}}
            }
            """;
    }
}
