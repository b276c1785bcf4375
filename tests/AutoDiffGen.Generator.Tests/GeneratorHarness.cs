using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// Runs <see cref="DifferentiableGenerator"/> in memory: builds a compilation from source strings
/// (reference assemblies of .NET 10 + the AutoDiffGen runtime), runs the generator through a
/// <see cref="CSharpGeneratorDriver"/> with step tracking on, and collects what came out.
/// </summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions =
        new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Parse);

    public static readonly CSharpCompilationOptions CompilationOptions =
        new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Enable,
            // Every warning wave, as a new SDK project gets: generated code must not warn.
            warningLevel: 9999,
            deterministic: true,
            allowUnsafe: true);

    /// <summary>The runtime assembly (attributes, primitives) as a metadata reference.</summary>
    public static readonly MetadataReference RuntimeReference =
        MetadataReference.CreateFromFile(typeof(AutoDiffGen.DifferentiableAttribute).Assembly.Location);

    /// <summary>.NET 10 reference assemblies plus the AutoDiffGen runtime.</summary>
    public static readonly ImmutableArray<MetadataReference> References =
        Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>()
            .Append(RuntimeReference)
            .ToImmutableArray();

    /// <summary>.NET 10 reference assemblies only (no AutoDiffGen runtime).</summary>
    public static readonly ImmutableArray<MetadataReference> ReferencesWithoutRuntime =
        Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>().ToImmutableArray();

    /// <summary>A source file in namespace <c>Samples</c> that declares <paramref name="members"/> in one type (by default <c>public static partial class C</c>).</summary>
    public static string InClass(string members, string typeDeclaration = "public static partial class C") => $$"""
        using System;
        using AutoDiffGen;

        namespace Samples;

        {{typeDeclaration}}
        {
        {{members}}
        }
        """;

    /// <summary>The file path given to the <paramref name="index"/>-th source.</summary>
    public static string PathOf(int index) => $"/src/Test{index}.cs";

    public static SyntaxTree Parse(string source, string path)
        => CSharpSyntaxTree.ParseText(SourceText.From(source, System.Text.Encoding.UTF8), ParseOptions, path);

    /// <summary>A compilation of <paramref name="sources"/>, named <c>/src/Test0.cs</c>, <c>/src/Test1.cs</c>, ….</summary>
    public static CSharpCompilation CreateCompilation(params string[] sources)
        => CreateCompilation(sources.Select((s, i) => (PathOf(i), s)), References);

    public static CSharpCompilation CreateCompilation(IEnumerable<(string Path, string Source)> sources, IEnumerable<MetadataReference>? references = null)
        => CSharpCompilation.Create(
            "TestAssembly",
            sources.Select(s => Parse(s.Source, s.Path)),
            references ?? References,
            CompilationOptions);

    public static GeneratorDriverOptions DriverOptions =>
        new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true);

    /// <summary>A fresh driver holding one new <see cref="DifferentiableGenerator"/>.</summary>
    public static GeneratorDriver CreateDriver()
        => CSharpGeneratorDriver.Create(
            new[] { new DifferentiableGenerator().AsSourceGenerator() },
            additionalTexts: null,
            parseOptions: ParseOptions,
            optionsProvider: null,
            driverOptions: DriverOptions);

    /// <summary>Compiles <paramref name="sources"/> and runs the generator once.</summary>
    public static GeneratorRun Run(params string[] sources) => Run(CreateCompilation(sources));

    public static GeneratorRun Run(CSharpCompilation compilation) => Run(CreateDriver(), compilation);

    /// <summary>Runs <paramref name="driver"/> (which may hold state from earlier runs) on <paramref name="compilation"/>.</summary>
    public static GeneratorRun Run(GeneratorDriver driver, CSharpCompilation compilation)
    {
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var driverDiagnostics);
        return new GeneratorRun(compilation, output, driverDiagnostics, driver);
    }

    /// <summary>The <see cref="DiagnosticAnalyzer"/>s shipped in the generator assembly: <c>DifferentiableAnalyzer</c>, which reports every AutoDiffGen diagnostic.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } =
        typeof(DifferentiableGenerator).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t)
                && t.GetCustomAttributes<DiagnosticAnalyzerAttribute>().Any(a => a.Languages.Contains(LanguageNames.CSharp)))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();
}

/// <summary>The result of one generator run.</summary>
internal sealed class GeneratorRun
{
    private readonly Lazy<ImmutableArray<Diagnostic>> outputDiagnostics;
    private readonly Lazy<AnalyzerRun> analyzerRun;
    private readonly Lazy<AnalyzerRun> inputAnalyzerRun;

    public GeneratorRun(CSharpCompilation input, Compilation output, ImmutableArray<Diagnostic> driverDiagnostics, GeneratorDriver driver)
    {
        InputCompilation = input;
        OutputCompilation = output;
        DriverDiagnostics = driverDiagnostics;
        Driver = driver;
        RunResult = driver.GetRunResult();
        Result = RunResult.Results.Single();
        GeneratedSources = new SortedDictionary<string, string>(
            Result.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString()),
            StringComparer.Ordinal);
        outputDiagnostics = new Lazy<ImmutableArray<Diagnostic>>(() => OutputCompilation.GetDiagnostics());
        analyzerRun = new Lazy<AnalyzerRun>(() => AnalyzerRun.Run(OutputCompilation));
        inputAnalyzerRun = new Lazy<AnalyzerRun>(() => AnalyzerRun.Run(InputCompilation));
    }

    public CSharpCompilation InputCompilation { get; }

    /// <summary>The input compilation plus the generated trees.</summary>
    public Compilation OutputCompilation { get; }

    /// <summary>The driver after the run (holds the incremental state for the next run).</summary>
    public GeneratorDriver Driver { get; }

    public GeneratorDriverRunResult RunResult { get; }

    /// <summary>The result of <see cref="DifferentiableGenerator"/>.</summary>
    public GeneratorRunResult Result { get; }

    /// <summary>Hint name → generated text, ordered by hint name.</summary>
    public IReadOnlyDictionary<string, string> GeneratedSources { get; }

    /// <summary>
    /// What the driver reported (<c>RunGeneratorsAndUpdateCompilation</c>'s out parameter): the generator's
    /// diagnostics after the compilation's options (<c>#pragma</c>, severities) were applied, plus driver
    /// errors such as CS8785 (generator threw).
    /// </summary>
    public ImmutableArray<Diagnostic> DriverDiagnostics { get; }

    /// <summary>The diagnostics the generator reported (as filtered by the driver).</summary>
    public ImmutableArray<Diagnostic> GeneratorDiagnostics => Result.Diagnostics;

    /// <summary>Diagnostics of the output compilation (compiler diagnostics of user code and generated code).</summary>
    public ImmutableArray<Diagnostic> OutputCompilationDiagnostics => outputDiagnostics.Value;

    /// <summary>Diagnostics of the analyzers in the generator assembly, run on the output compilation (suppressed ones excluded).</summary>
    public ImmutableArray<Diagnostic> AnalyzerDiagnostics => analyzerRun.Value.Diagnostics;

    /// <summary>Exceptions thrown by analyzers in the generator assembly.</summary>
    public ImmutableArray<Exception> AnalyzerExceptions => analyzerRun.Value.Exceptions;

    /// <summary>
    /// The analyzers' diagnostics on the input compilation, without the generated files: as the IDE asks for a user's
    /// document, and without compiling the generated code (for inputs whose derivatives are tens of megabytes).
    /// </summary>
    public ImmutableArray<Diagnostic> InputAnalyzerDiagnostics => inputAnalyzerRun.Value.Diagnostics;

    /// <summary>Exceptions thrown by analyzers in the generator assembly on the input compilation.</summary>
    public ImmutableArray<Exception> InputAnalyzerExceptions => inputAnalyzerRun.Value.Exceptions;

    /// <summary>
    /// Every AutoDiffGen (<c>ADG…</c>) diagnostic a user would see, from the generator and from the analyzers,
    /// without the suppressed ones, ordered by position.
    /// </summary>
    public ImmutableArray<Diagnostic> AutoDiffDiagnostics =>
        GeneratorDiagnostics.Concat(AnalyzerDiagnostics)
            .Where(d => d.Id.StartsWith("ADG", StringComparison.Ordinal) && !d.IsSuppressed)
            .Distinct(DiagnosticIdentity.Instance)
            .OrderBy(d => d.Location.GetLineSpan().Path, StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start)
            .ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToImmutableArray();

    /// <summary>Errors in the output compilation.</summary>
    public ImmutableArray<Diagnostic> OutputErrors =>
        OutputCompilationDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();

    /// <summary>Errors and warnings of the output compilation that are located in generated files.</summary>
    public ImmutableArray<Diagnostic> GeneratedCodeProblems
    {
        get
        {
            var generatedTrees = Result.GeneratedSources.Select(s => s.SyntaxTree).ToImmutableHashSet();
            return OutputCompilationDiagnostics
                .Where(d => d.Severity >= DiagnosticSeverity.Warning && !d.IsSuppressed
                    && d.Location.SourceTree is { } tree && generatedTrees.Contains(tree))
                .ToImmutableArray();
        }
    }

    /// <summary>The generated text of the file whose hint name is <paramref name="hintName"/> (with or without the <c>.g.cs</c>/<c>.cs</c> suffix).</summary>
    public string Source(string hintName)
    {
        foreach (var candidate in new[] { hintName, hintName + ".g.cs", hintName + ".cs" })
        {
            if (GeneratedSources.TryGetValue(candidate, out var text)) return text;
        }
        throw new Xunit.Sdk.XunitException(
            $"No generated file '{hintName}'. Generated: {string.Join(", ", GeneratedSources.Keys)}");
    }

    /// <summary>All generated text, each file preceded by a line with its hint name (for assertion messages).</summary>
    public string AllGeneratedText()
        => string.Join("\n", GeneratedSources.Select(kv => $"// ===== {kv.Key} =====\n{kv.Value}"));

    /// <summary>Fails unless the generator neither threw nor reported errors, and the output compiles with no errors or warnings in generated code.</summary>
    public GeneratorRun AssertGeneratedCodeCompiles(bool allowAutoDiffWarnings = false)
    {
        Assert.True(Result.Exception is null, $"The generator threw: {Result.Exception}");
        var generatorProblems = AutoDiffDiagnostics
            .Where(d => d.Severity == DiagnosticSeverity.Error || (!allowAutoDiffWarnings && d.Severity == DiagnosticSeverity.Warning))
            .ToImmutableArray();
        Assert.True(generatorProblems.IsEmpty, "AutoDiffGen reported:\n" + Format(generatorProblems));
        Assert.True(AnalyzerExceptions.IsEmpty, "The analyzer threw:\n" + string.Join("\n", AnalyzerExceptions));
        Assert.True(GeneratedSources.Count > 0, "The generator produced no source.");
        var errors = OutputErrors;
        Assert.True(errors.IsEmpty, "The output compilation has errors:\n" + Format(errors) + "\n\n" + AllGeneratedText());
        var generatedProblems = GeneratedCodeProblems;
        Assert.True(generatedProblems.IsEmpty, "The generated code has warnings:\n" + Format(generatedProblems) + "\n\n" + AllGeneratedText());
        return this;
    }

    /// <summary>Emits the output compilation and loads it into a collectible context.</summary>
    public LoadedAssembly Load()
    {
        AssertGeneratedCodeCompiles(allowAutoDiffWarnings: true);
        return LoadedAssembly.Emit(OutputCompilation);
    }

    public static string Format(IEnumerable<Diagnostic> diagnostics)
        => string.Join("\n", diagnostics.Select(d => "  " + d.ToString()));

    private sealed class DiagnosticIdentity : IEqualityComparer<Diagnostic>
    {
        public static readonly DiagnosticIdentity Instance = new();

        public bool Equals(Diagnostic? x, Diagnostic? y)
            => x is not null && y is not null && x.Id == y.Id
                && x.Location.GetLineSpan().Equals(y.Location.GetLineSpan())
                && x.GetMessage() == y.GetMessage();

        public int GetHashCode(Diagnostic obj) => HashCode.Combine(obj.Id, obj.Location.SourceSpan);
    }
}

/// <summary>The diagnostics (suppressed ones left out) and exceptions of the analyzers in the generator assembly, run on a compilation.</summary>
internal sealed record AnalyzerRun(ImmutableArray<Diagnostic> Diagnostics, ImmutableArray<Exception> Exceptions)
{
    public static AnalyzerRun Run(Compilation compilation)
    {
        if (GeneratorHarness.Analyzers.IsEmpty)
            return new AnalyzerRun(ImmutableArray<Diagnostic>.Empty, ImmutableArray<Exception>.Empty);
        var exceptions = new List<Exception>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (e, _, _) => { lock (exceptions) exceptions.Add(e); },
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: false);
        var withAnalyzers = compilation.WithAnalyzers(GeneratorHarness.Analyzers, options);
        var diagnostics = withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();
        lock (exceptions) return new AnalyzerRun(diagnostics, exceptions.ToImmutableArray());
    }
}

/// <summary>An emitted in-memory assembly in a collectible <see cref="AssemblyLoadContext"/>.</summary>
internal sealed class LoadedAssembly : IDisposable
{
    private readonly AssemblyLoadContext context;

    private LoadedAssembly(AssemblyLoadContext context, Assembly assembly)
    {
        this.context = context;
        Assembly = assembly;
    }

    public Assembly Assembly { get; }

    public static LoadedAssembly Emit(Compilation compilation)
    {
        using var stream = new MemoryStream();
        var emit = compilation.Emit(stream);
        Assert.True(emit.Success, "Emit failed:\n" + GeneratorRun.Format(emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        stream.Position = 0;
        // References (the AutoDiffGen runtime, the framework) resolve from the default context.
        var context = new AssemblyLoadContext("AutoDiffGen.Generator.Tests." + Guid.NewGuid().ToString("N"), isCollectible: true);
        return new LoadedAssembly(context, context.LoadFromStream(stream));
    }

    /// <summary>The type with metadata name <paramref name="typeName"/> (<c>Ns.Outer+Inner</c>).</summary>
    public Type GetType(string typeName)
        => Assembly.GetType(typeName, throwOnError: false)
            ?? throw new Xunit.Sdk.XunitException(
                $"No type '{typeName}' in the emitted assembly. Types: {string.Join(", ", Assembly.GetTypes().Select(t => t.FullName))}");

    /// <summary>The static method <paramref name="methodName"/> of <paramref name="typeName"/> (the only one of that name, or the one with <paramref name="parameterCount"/> parameters).</summary>
    public MethodInfo GetMethod(string typeName, string methodName, int? parameterCount = null)
    {
        var candidates = GetType(typeName)
            .GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
            .Where(m => m.Name == methodName && (parameterCount is null || m.GetParameters().Length == parameterCount))
            .ToArray();
        return candidates.Length switch
        {
            1 => candidates[0],
            0 => throw new Xunit.Sdk.XunitException($"No static method '{typeName}.{methodName}'" + (parameterCount is null ? "" : $" with {parameterCount} parameters")),
            _ => throw new Xunit.Sdk.XunitException($"'{typeName}.{methodName}' is overloaded; pass the parameter count"),
        };
    }

    /// <summary>
    /// Invokes a static method by reflection. <paramref name="args"/> is updated in place for
    /// <c>ref</c>/<c>out</c> parameters (pass any placeholder, e.g. <c>0.0</c>, for an <c>out</c>).
    /// Span parameters cannot be passed by reflection; wrap such calls in a helper in the test source.
    /// </summary>
    public object? Invoke(string typeName, string methodName, object?[] args)
    {
        var method = GetMethod(typeName, methodName, args.Length);
        try
        {
            return method.Invoke(null, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    public void Dispose() => context.Unload();
}
