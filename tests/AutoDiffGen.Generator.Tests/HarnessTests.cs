using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// Checks of the test infrastructure itself, and of the Roslyn behaviour the diagnostics tests rely on:
/// how <c>#pragma warning disable</c> and compilation options reach diagnostics reported by a generator.
/// </summary>
public sealed class HarnessTests
{
    [Fact]
    public void MarkupGivesSourceAndSpans()
    {
        var markup = Markup.Parse("class [|C|] { int [|x|]; }");
        Assert.Equal("class C { int x; }", markup.Source);
        Assert.Equal(new[] { new TextSpan(6, 1), new TextSpan(14, 1) }, markup.Spans);
        Assert.Equal(new LinePositionSpan(new LinePosition(0, 6), new LinePosition(0, 7)), markup.LineSpan(markup.Spans[0]));
    }

    [Fact]
    public void SnapshotHintNamesAreSanitized()
    {
        Assert.Equal("Samples.C.F_Double", Snapshot.SanitizeHintName("Samples.C.F_Double.g.cs"));
        Assert.Equal("N.G_T_", Snapshot.SanitizeHintName("N.G<T>.cs"));
    }

    [Fact]
    public void ReferencesIncludeTheRuntime()
    {
        var compilation = GeneratorHarness.CreateCompilation("class X { [AutoDiffGen.Differentiable] static double F(double x) => System.Math.Sin(x); }");
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.NotNull(compilation.GetTypeByMetadataName("AutoDiffGen.DifferentiableAttribute"));
    }

    [Fact]
    public void LoadedAssemblyInvokesStaticMethodsWithOutParameters()
    {
        var compilation = GeneratorHarness.CreateCompilation("""
            namespace N;
            public static class K
            {
                public static double Twice(double x, out double y) { y = 2 * x; return x + 1; }
                public static class Nested { public static int One() => 1; }
            }
            """);
        using var assembly = LoadedAssembly.Emit(compilation);
        var args = new object?[] { 3.0, 0.0 };
        Assert.Equal(4.0, assembly.Invoke("N.K", "Twice", args));
        Assert.Equal(6.0, args[1]);
        Assert.Equal(1, assembly.Invoke("N.K+Nested", "One", new object?[0]));
    }

    // ------------------------------------------------------------------ Roslyn behaviour

    private const string PragmaSource = """
        class X
        {
        #pragma warning disable TEST001
            static double Suppressed(double x) => x;
        #pragma warning restore TEST001
            static double Reported(double x) => x;
        }
        """;

#pragma warning disable RS2008 // Release tracking is for shipped analyzers, not for this test-only descriptor.
    private static readonly DiagnosticDescriptor TestWarning = new(
        "TEST001", "Test", "Test warning on '{0}'", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);
#pragma warning restore RS2008

    /// <summary>Reports TEST001 on every method, with a tree location or with a path-only (external) one.</summary>
    private sealed class ReportingGenerator : IIncrementalGenerator
    {
        private readonly bool pathOnlyLocations;

        public ReportingGenerator(bool pathOnlyLocations) => this.pathOnlyLocations = pathOnlyLocations;

        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var methods = context.SyntaxProvider.CreateSyntaxProvider(
                static (node, _) => node is MethodDeclarationSyntax,
                (ctx, _) =>
                {
                    var method = (MethodDeclarationSyntax)ctx.Node;
                    var location = method.Identifier.GetLocation();
                    return pathOnlyLocations
                        ? Location.Create(location.SourceTree!.FilePath, location.SourceSpan, location.GetLineSpan().Span)
                        : location;
                });
            context.RegisterSourceOutput(methods, static (spc, location) =>
                spc.ReportDiagnostic(Diagnostic.Create(TestWarning, location, location.SourceSpan.ToString())));
        }
    }

    private static (ImmutableArray<Diagnostic> Driver, ImmutableArray<Diagnostic> Result) RunReporting(bool pathOnlyLocations, CSharpCompilationOptions? options = null)
    {
        var compilation = GeneratorHarness.CreateCompilation(PragmaSource);
        if (options is not null) compilation = compilation.WithOptions(options);
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new ReportingGenerator(pathOnlyLocations).AsSourceGenerator() },
            parseOptions: GeneratorHarness.ParseOptions,
            driverOptions: GeneratorHarness.DriverOptions);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out _, out var diagnostics);
        return (diagnostics, driver.GetRunResult().Results.Single().Diagnostics);
    }

    private static bool IsOn(Diagnostic d, string method)
        => d.Location.GetLineSpan().StartLinePosition.Line == (method == "Suppressed" ? 3 : 5);

    [Fact]
    public void PragmaSuppressesGeneratorDiagnosticsWithSourceLocations()
    {
        // The driver filters generator diagnostics through the compilation's options and #pragma
        // directives: a suppressed one is either dropped or comes back with IsSuppressed set.
        var (driver, result) = RunReporting(pathOnlyLocations: false);
        foreach (var diagnostics in new[] { driver, result })
        {
            Assert.Equal(2, diagnostics.Length);
            Assert.True(diagnostics.Single(d => IsOn(d, "Suppressed")).IsSuppressed);
            Assert.False(diagnostics.Single(d => IsOn(d, "Reported")).IsSuppressed);
        }
    }

    [Fact]
    public void PragmaDoesNotReachGeneratorDiagnosticsWithPathOnlyLocations()
    {
        // Location.Create(path, span, lineSpan) has no syntax tree, so no #pragma applies to it: a
        // generator must report diagnostics at locations in the compilation's trees for #pragma to work.
        var (driver, _) = RunReporting(pathOnlyLocations: true);
        Assert.Equal(2, driver.Length);
        Assert.All(driver, d => Assert.False(d.IsSuppressed));
    }

    [Fact]
    public void CompilationOptionsChangeSeverityOfGeneratorDiagnostics()
    {
        // .editorconfig / <WarningsAsErrors> / <NoWarn> reach generator diagnostics through the compilation options,
        // whatever their location.
        foreach (var pathOnly in new[] { false, true })
        {
            var asError = GeneratorHarness.CompilationOptions.WithSpecificDiagnosticOptions(
                ImmutableDictionary<string, ReportDiagnostic>.Empty.Add("TEST001", ReportDiagnostic.Error));
            var (errors, _) = RunReporting(pathOnly, asError);
            Assert.Contains(errors, d => IsOn(d, "Reported") && d.Severity == DiagnosticSeverity.Error);

            var suppressed = GeneratorHarness.CompilationOptions.WithSpecificDiagnosticOptions(
                ImmutableDictionary<string, ReportDiagnostic>.Empty.Add("TEST001", ReportDiagnostic.Suppress));
            var (none, _) = RunReporting(pathOnly, suppressed);
            Assert.DoesNotContain(none, d => !d.IsSuppressed);
        }
    }
}
