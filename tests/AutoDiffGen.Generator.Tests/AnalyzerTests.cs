using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// Where the diagnostics come from: <c>DifferentiableAnalyzer</c> reports every one and the generator none, so that they
/// take #pragma, [SuppressMessage], .editorconfig and code fixes as any analyzer's do and the generator has no step that
/// runs on every compilation. The analyzer gives the same diagnostics whether or not the generator ran first (in the IDE
/// it may run on a compilation the generator has not seen). The contract for each diagnostic's span and message is
/// <see cref="DiagnosticsTests"/>.
/// </summary>
public sealed class AnalyzerTests
{
    /// <summary>One of each path a diagnostic takes: lowering (the goto and its label), generation, a call to a method that has no derivatives, a registration, a clash of names.</summary>
    private static readonly string Source = GeneratorHarness.InClass("""
        [Differentiable]
        public static double G(double x)
        {
            goto end;
            end: return x;
        }

        [Differentiable]
        public static double F(double x) => G(x) * 2;

        [Differentiable]
        public static double H(double x) => Math.Floor(x) * x;

        [Differentiable]
        public static double K(double x) => x * x;

        public static double KGradient(double x, out double dx) { dx = 2 * x; return x * x; }

        [DerivativeOf(typeof(C), "Missing", DerivativeKind.Pullback)]
        public static void MissingPullback(double x, double seed, ref double dx) { }

        [Differentiable]
        public static double Sum(ReadOnlySpan<double> x)
        {
            double s = 0;
            for (int i = 0; i < x.Length; i++) s += x[i];
            return s;
        }

        [Differentiable]
        public static double Tail(ReadOnlySpan<double> x) => Sum(x.Slice(1)) * x[0];

        [Differentiable]
        public static double Ping(ReadOnlySpan<double> x) => x.Length < 2 ? x[0] : 0.5 * x[0] + Pong(x);

        [Differentiable]
        public static double Pong(ReadOnlySpan<double> x) => Ping(x.Slice(1)) * 2;
        """);

    // Tail's span call is inlined (nothing to report); Ping and Pong pass spans to each other (recursion): one ADG0101 each,
    // which the analyzer alone finds too, from the calls' symbols.
    private static readonly string[] Expected = { "ADG0101", "ADG0101", "ADG0205", "ADG0301", "ADG0007", "ADG0203", "ADG0101", "ADG0101" };

    [Fact]
    public void The_generator_reports_nothing_and_the_analyzer_each_diagnostic_once()
    {
        var run = GeneratorHarness.Run(Source);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.AnalyzerExceptions);
        var ids = run.AnalyzerDiagnostics.Select(d => d.Id).ToList();
        Assert.Equal(Expected.OrderBy(i => i), ids.OrderBy(i => i));
        // F's call to G, which has no derivatives, drops F's file; H and K still get theirs, and the output compiles.
        Assert.DoesNotContain(run.GeneratedSources.Keys, k => k.Contains(".F_", System.StringComparison.Ordinal));
        Assert.Contains(run.GeneratedSources.Keys, k => k.Contains(".H_", System.StringComparison.Ordinal));
        Assert.Empty(run.OutputErrors);
    }

    [Fact]
    public void The_analyzer_alone_reports_what_it_reports_after_the_generator()
    {
        var afterGenerator = GeneratorHarness.Run(Source).AnalyzerDiagnostics;

        // A compilation the generator has never seen (other trees, so none of its cached models or files apply).
        var alone = AnalyzerRun.Run(GeneratorHarness.CreateCompilation(Source));
        Assert.Empty(alone.Exceptions);

        Assert.Equal(Describe(afterGenerator), Describe(alone.Diagnostics));
    }

    [Fact]
    public async System.Threading.Tasks.Task The_analyzer_on_one_file_reports_that_files_methods()
    {
        // As the IDE asks for the open document: the call in F to G in another file still finds that G has no derivatives.
        var compilation = GeneratorHarness.CreateCompilation(
            GeneratorHarness.InClass("""
                [Differentiable]
                public static double G(double x)
                {
                    goto end;
                    end: return x;
                }
                """),
            GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x) => G(x) * 2;
                """));
        var second = compilation.SyntaxTrees.ElementAt(1);
        var diagnostics = await compilation.WithAnalyzers(GeneratorHarness.Analyzers)
            .GetAnalyzerSemanticDiagnosticsAsync(compilation.GetSemanticModel(second), null, CancellationToken.None);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("ADG0205", diagnostic.Id);
        Assert.Equal(second, diagnostic.Location.SourceTree);
        Assert.Equal("G(x)", second.GetText().ToString(diagnostic.Location.SourceSpan));
    }

    private static string[] Describe(ImmutableArray<Diagnostic> diagnostics)
        => diagnostics.Select(d => $"{d.Id} {d.Location.GetLineSpan()} {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}").OrderBy(s => s, System.StringComparer.Ordinal).ToArray();
}
