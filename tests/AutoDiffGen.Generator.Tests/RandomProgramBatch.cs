using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// Many random programs in one compilation: the generator runs once over all of them, the output is emitted and loaded
/// once, and each program's wrappers (<c>W0123</c>, see <see cref="ProgramPrinter.BatchSource"/>) are handed out. A
/// program the generator throws on or reports an error for, or whose code (generated or not) does not compile or whose
/// generated code warns, is taken out with the reason, and the others are compiled again without it.
/// </summary>
internal sealed class RandomProgramBatch : IDisposable
{
    /// <summary>The references of a batch: .NET, the AutoDiffGen runtime, and this assembly (HyperDual, the wrapper interfaces).</summary>
    private static readonly ImmutableArray<MetadataReference> References =
        GeneratorHarness.References.Add(MetadataReference.CreateFromFile(typeof(HyperDual<>).Assembly.Location));

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.None);

    /// <summary>One thread per batch: the tests run batches in parallel.</summary>
    private static readonly CSharpCompilationOptions Options = GeneratorHarness.CompilationOptions.WithConcurrentBuild(false);

    private static readonly Regex ProgramIndex = new(@"(?:^|[/\\.])P(\d+)\.", RegexOptions.Compiled);

    private readonly AssemblyLoadContext? context;
    private readonly Assembly? assembly;

    private RandomProgramBatch(string?[] failures, AssemblyLoadContext? context, Assembly? assembly)
    {
        Failures = failures;
        this.context = context;
        this.assembly = assembly;
    }

    /// <summary>Why each program could not be compiled, or null for those that were.</summary>
    public string?[] Failures { get; }

    /// <summary>The time the generator took (all runs, when some programs had to be taken out), and the compiler's emit.</summary>
    public TimeSpan GeneratorTime { get; private set; }

    public TimeSpan EmitTime { get; private set; }

    /// <summary>The class name suffix of the <paramref name="index"/>-th program.</summary>
    public static string Id(int index) => index.ToString("0000", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Compiles the sources (each printed with <see cref="ProgramPrinter.BatchSource"/> and the <see cref="Id"/> of its
    /// index; null ones are left out).
    /// </summary>
    public static RandomProgramBatch Compile(IReadOnlyList<string?> sources)
    {
        var failures = new string?[sources.Count];
        TimeSpan generatorTime = TimeSpan.Zero, emitTime = TimeSpan.Zero;
        var stopwatch = new System.Diagnostics.Stopwatch();
        var trees = sources.Select((s, i) => s is null ? null : CSharpSyntaxTree.ParseText(s, ParseOptions, $"/src/P{Id(i)}.cs")).ToArray();
        while (true)
        {
            var included = Enumerable.Range(0, trees.Length).Where(i => trees[i] is not null && failures[i] is null).ToArray();
            if (included.Length == 0) return new RandomProgramBatch(failures, null, null) { GeneratorTime = generatorTime, EmitTime = emitTime };

            var compilation = CSharpCompilation.Create("RandomPrograms" + Guid.NewGuid().ToString("N"), included.Select(i => trees[i]!), References, Options);
            GeneratorDriver driver = CSharpGeneratorDriver.Create(
                new[] { new DifferentiableGenerator().AsSourceGenerator() }, parseOptions: ParseOptions,
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false));
            stopwatch.Restart();
            driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
            generatorTime += stopwatch.Elapsed;
            var result = driver.GetRunResult().Results.Single();
            if (result.Exception is not null)
            {
                // The whole run failed: find the programs it fails on one by one.
                if (included.Length == 1)
                {
                    failures[included[0]] = $"The generator threw: {result.Exception}";
                    continue;
                }

                foreach (int i in included)
                {
                    using var alone = Compile(sources.Select((source, j) => j == i ? source : null).ToArray());
                    failures[i] = alone.Failures[i];
                }

                if (included.All(i => failures[i] is null)) throw new InvalidOperationException($"The generator threw on the batch but on none of its programs alone: {result.Exception}");
                continue;
            }

            using var stream = new MemoryStream();
            stopwatch.Restart();
            var emit = output.Emit(stream);
            emitTime += stopwatch.Elapsed;
            var generatedTrees = result.GeneratedSources.Select(s => s.SyntaxTree).ToHashSet();
            var problems = emit.Diagnostics
                .Where(d => !d.IsSuppressed && (d.Severity == DiagnosticSeverity.Error
                    || (d.Severity == DiagnosticSeverity.Warning && d.Location.SourceTree is { } tree && generatedTrees.Contains(tree))))
                .ToArray();
            if (problems.Length > 0 || !emit.Success)
            {
                if (problems.Length == 0) throw new InvalidOperationException("Emit failed without an error.");
                // A method the generator could not differentiate has no members: the analyzer says why (run only when a batch
                // does not compile: it binds every method again).
                var reported = AnalyzerRun.Run(output).Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
                if (reported.Length > 0)
                {
                    Blame(reported, failures, "AutoDiffGen reported:", null);
                    continue;
                }
                Blame(problems, failures, "The compilation of the program and its generated code has errors or warnings in generated code:",
                    index => string.Join("\n", result.GeneratedSources.Where(s => ProgramIndex.Match(s.HintName) is { Success: true } m && Index(m) == index)
                        .Select(s => $"// ===== {s.HintName} =====\n{s.SourceText}")));
                continue;
            }

            stream.Position = 0;
            var context = new AssemblyLoadContext("RandomPrograms." + Guid.NewGuid().ToString("N"), isCollectible: true);
            return new RandomProgramBatch(failures, context, context.LoadFromStream(stream)) { GeneratorTime = generatorTime, EmitTime = emitTime };
        }
    }

    private static int Index(Match match) => int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Marks the programs the diagnostics are in as failed, with them (and what <paramref name="details"/> adds).</summary>
    private static void Blame(IEnumerable<Diagnostic> diagnostics, string?[] failures, string heading, Func<int, string>? details)
    {
        var byProgram = diagnostics.GroupBy(d => ProgramIndex.Match(d.Location.SourceTree?.FilePath ?? "") is { Success: true } m ? Index(m) : -1).ToArray();
        if (byProgram.Any(g => g.Key < 0 || failures[g.Key] is not null))
        {
            throw new InvalidOperationException("Diagnostics outside the programs of the batch:\n" + GeneratorRun.Format(byProgram.SelectMany(g => g)));
        }

        foreach (var group in byProgram)
        {
            failures[group.Key] = $"{heading}\n{GeneratorRun.Format(group)}" + (details is null ? "" : "\n\n" + details(group.Key));
        }
    }

    /// <summary>The wrappers of the <paramref name="index"/>-th program (which compiled).</summary>
    public T Program<T>(int index) where T : class
        => (T)Activator.CreateInstance(assembly!.GetType($"{RandomProgram.Namespace}.W{Id(index)}", throwOnError: true)!)!;

    public void Dispose() => context?.Unload();
}
