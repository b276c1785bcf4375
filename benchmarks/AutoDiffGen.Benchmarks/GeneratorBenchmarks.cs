using System.Collections.Generic;
using System.Linq;
using System.Threading;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AutoDiffGen.Benchmarks;

/// <summary>
/// The generator's own cost, as the compiler pays it: one run of the incremental generator over a project of 500
/// [Differentiable] methods (a mix of the forms the tests use: scalar expressions, branches, loops over spans), from
/// scratch (<see cref="AllMethods"/>), and again after an edit inside one method (<see cref="EditOneMethod"/>) or in an
/// unrelated file (<see cref="EditUnrelatedFile"/>). Divide by 500 for the time per method. Every iteration parses the
/// files it changes afresh, as an editor or a build does, so the generator's caches see what they would see there (from
/// scratch, in a namespace of its own, so that no cache holds what an earlier iteration made).
/// <see cref="AttributeLookupOnly"/> and <see cref="AttributeLookupOnlyFromScratch"/> are the floor: a generator that
/// only finds the same 500 attributed methods, after the same unrelated edit and from scratch (where it also pays for
/// what the compiler's first look at a new compilation costs).
/// The diagnostics come from <c>DifferentiableAnalyzer</c>, which runs after the generator, as in a build:
/// <see cref="AllMethodsThenAnalyzer"/> reports every method's diagnostics on the generator's output compilation, and
/// <see cref="EditOneMethodThenAnalyzeItsFile"/> is a keystroke in the IDE (the generator after an edit, then the analyzer
/// on the edited file). Their floors, <see cref="AllMethodsThenEmptyAnalyzer"/> and
/// <see cref="EditOneMethodThenEmptyAnalyzerOnItsFile"/>, run an analyzer that looks at the same method declarations and
/// does nothing: what the compiler's analyzer driver (and the binding it asks for) costs any analyzer.
/// <see cref="MoveTenMethods"/> and <see cref="MoveTenMethodsThenAnalyzeTheirFile"/> are a line added above the ten methods
/// of a file: each is lowered again (its positions changed) and, its model being the same, not generated again.
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private const int Methods = 500;
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Preview);
    private List<MetadataReference> references = null!;
    private List<(string Path, string Text)> files = null!;
    private GeneratorDriver warm = null!;
    private GeneratorDriver warmLookup = null!;
    private CSharpCompilation compilation = null!;
    private CSharpCompilation next = null!;

    [GlobalSetup]
    public void Setup()
    {
        references = Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(DifferentiableAttribute).Assembly.Location)).ToList();
        files = Enumerable.Range(0, Methods / 10).Select(file => ($"/src/Methods{file}.cs", Source(file))).ToList();
        files.Add(("/src/Unrelated.cs", "namespace Other; public static class Unrelated { public static int N() { return 1; } }"));
        compilation = Compile(files.Select(f => Parse(f.Text, f.Path)));
        warm = NewDriver().RunGenerators(compilation);
        warmLookup = NewLookupDriver().RunGenerators(compilation);
        var generated = warm.GetRunResult();
        if (generated.GeneratedTrees.Length != Methods || generated.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            throw new System.InvalidOperationException($"Expected {Methods} generated files and no errors, got {generated.GeneratedTrees.Length} files and {string.Join("; ", generated.Diagnostics)}");
        }
    }

    private static SyntaxTree Parse(string text, string path) => CSharpSyntaxTree.ParseText(text, ParseOptions, path);

    private CSharpCompilation Compile(IEnumerable<SyntaxTree> trees)
        => CSharpCompilation.Create("Bench", trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));

    /// <summary>The project with <paramref name="file"/> parsed again from a text edited by <paramref name="edit"/>.</summary>
    private CSharpCompilation Edited(int file, System.Func<string, string> edit)
    {
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == files[file].Path);
        return compilation.ReplaceSyntaxTree(tree, Parse(edit(files[file].Text), files[file].Path));
    }

    [IterationSetup(Targets = [nameof(AllMethods), nameof(AttributeLookupOnlyFromScratch), nameof(AllMethodsThenAnalyzer), nameof(AllMethodsThenEmptyAnalyzer)])]
    public void FreshProject()
    {
        // Another namespace each time: the same work, but models that equal no earlier one, so that nothing kept in the
        // generator's caches from an earlier iteration (GenerationCache also finds an equal model's file) is reused.
        fresh++;
        next = Compile(files.Select(f => Parse(f.Text.Replace("namespace Bench;", $"namespace Bench{fresh};"), f.Path)));
    }

    private int fresh;

    [IterationSetup(Targets = [nameof(EditOneMethod), nameof(EditOneMethodThenAnalyzeItsFile), nameof(EditOneMethodThenEmptyAnalyzerOnItsFile)])]
    public void EditInsideAMethod() => next = Edited(0, text => text.Remove(text.LastIndexOf("x * y", System.StringComparison.Ordinal), 5).Insert(text.LastIndexOf("x * y", System.StringComparison.Ordinal), "y * x"));

    [IterationSetup(Targets = [nameof(MoveTenMethods), nameof(MoveTenMethodsThenAnalyzeTheirFile)])]
    public void AddALineAboveTheMethods() => next = Edited(0, text => text.Replace("{\n    [Differentiable]", "{\n\n    [Differentiable]"));

    [IterationSetup(Targets = [nameof(EditUnrelatedFile), nameof(AttributeLookupOnly)])]
    public void EditElsewhere() => next = Edited(files.Count - 1, text => text.Replace("return 1;", "return 2;"));

    private static GeneratorDriver NewLookupDriver() =>
        CSharpGeneratorDriver.Create([new LookupOnlyGenerator().AsSourceGenerator()], parseOptions: ParseOptions);

    private static GeneratorDriver NewDriver() =>
        CSharpGeneratorDriver.Create([new AutoDiffGen.Generator.DifferentiableGenerator().AsSourceGenerator()], parseOptions: ParseOptions);

    [Benchmark(Baseline = true)]
    public GeneratorDriver AllMethods() => NewDriver().RunGenerators(next);

    [Benchmark]
    public GeneratorDriver EditOneMethod() => warm.RunGenerators(next);

    [Benchmark]
    public GeneratorDriver EditUnrelatedFile() => warm.RunGenerators(next);

    [Benchmark]
    public GeneratorDriver MoveTenMethods() => warm.RunGenerators(next);

    [Benchmark]
    public GeneratorDriver AttributeLookupOnly() => warmLookup.RunGenerators(next);

    [Benchmark]
    public GeneratorDriver AttributeLookupOnlyFromScratch() => NewLookupDriver().RunGenerators(next);

    /// <summary>Finds the [Differentiable] methods as the real generator does, and does nothing with them.</summary>
    [Benchmark]
    public int AllMethodsThenAnalyzer() => Analyze(NewDriver(), new AutoDiffGen.Generator.Diagnostics.DifferentiableAnalyzer(), file: false);

    [Benchmark]
    public int AllMethodsThenEmptyAnalyzer() => Analyze(NewDriver(), new EmptyAnalyzer(), file: false);

    [Benchmark]
    public int EditOneMethodThenAnalyzeItsFile() => Analyze(warm, new AutoDiffGen.Generator.Diagnostics.DifferentiableAnalyzer(), file: true);

    [Benchmark]
    public int EditOneMethodThenEmptyAnalyzerOnItsFile() => Analyze(warm, new EmptyAnalyzer(), file: true);

    [Benchmark]
    public int MoveTenMethodsThenAnalyzeTheirFile() => Analyze(warm, new AutoDiffGen.Generator.Diagnostics.DifferentiableAnalyzer(), file: true);

    /// <summary>Runs the generator, then <paramref name="analyzer"/> on its output: on the whole compilation, or on the first file only (as the IDE does for the open document).</summary>
    private int Analyze(GeneratorDriver driver, DiagnosticAnalyzer analyzer, bool file)
    {
        driver.RunGeneratorsAndUpdateCompilation(next, out var output, out _);
        var withAnalyzer = output.WithAnalyzers([analyzer]);
        var diagnostics = file
            ? withAnalyzer.GetAnalyzerSemanticDiagnosticsAsync(output.GetSemanticModel(output.SyntaxTrees.First()), null, CancellationToken.None).GetAwaiter().GetResult()
            : withAnalyzer.GetAnalyzerDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();
        return diagnostics.Length;
    }

    /// <summary>Looks at every method declaration and reports nothing (it claims AutoDiffGen's diagnostics, so that the driver runs it).</summary>
#pragma warning disable RS1001 // Never loaded by a compiler (no [DiagnosticAnalyzer], which would make this a project of analyzers): handed to WithAnalyzers.
    private sealed class EmptyAnalyzer : DiagnosticAnalyzer
#pragma warning restore RS1001
    {
        public override System.Collections.Immutable.ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            new AutoDiffGen.Generator.Diagnostics.DifferentiableAnalyzer().SupportedDiagnostics;

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterSyntaxNodeAction(static node => _ = node.SemanticModel.GetDeclaredSymbol(node.Node), Microsoft.CodeAnalysis.CSharp.SyntaxKind.MethodDeclaration);
        }
    }

    private sealed class LookupOnlyGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var methods = context.SyntaxProvider.ForAttributeWithMetadataName(
                "AutoDiffGen.DifferentiableAttribute",
                static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax,
                static (ctx, _) => ctx.TargetSymbol.Name);
            context.RegisterSourceOutput(methods, static (_, _) => { });
        }
    }

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
