using System.Collections.Immutable;
using System.Linq;
using AutoDiffGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Xunit;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// Every diagnostic with its exact ID, severity, location (span and line/column) and message, and
/// valid code that produces none. Expected spans are marked <c>[|…|]</c> in the sources; each expectation is checked by
/// the harness (which also compiles the generated code) and by Roslyn's test framework (<see cref="FrameworkVerification"/>).
/// This file has the helpers and the catalog: tests over all descriptors (ID, category, help link, README row and
/// release entry) and valid code. Each diagnostic's own tests are in the other parts: DiagnosticsTests.Declarations.cs
/// (ADG0001–ADG0007), .Constructs.cs (ADG0101–ADG0103), .RefLocals.cs (ADG0101 for ref locals), .Calls.cs (ADG0201–ADG0205,
/// ADG0304), .Warnings.cs (ADG0301–ADG0303, ADG0305, ADG0306) and .InternalError.cs (ADG0901).
/// </summary>
public sealed partial class DiagnosticsTests
{
    // ------------------------------------------------------------------ helpers

    private static GeneratorRun Run(Markup markup)
    {
        var run = GeneratorHarness.Run(markup.Source);
        Assert.True(run.Result.Exception is null, $"The generator threw: {run.Result.Exception}");
        return run;
    }

    /// <summary>Fails unless <paramref name="diagnostic"/> is exactly the expected one.</summary>
    private static void AssertDiagnostic(Diagnostic diagnostic, DiagnosticDescriptor descriptor, DiagnosticSeverity severity, Markup markup, int spanIndex, string message)
    {
        var span = markup.Spans[spanIndex];
        Assert.Equal(descriptor.Id, diagnostic.Id);
        Assert.Equal(severity, descriptor.DefaultSeverity);
        Assert.Equal(severity, diagnostic.Severity);
        Assert.Equal(message, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(descriptor.HelpLinkUri, diagnostic.Descriptor.HelpLinkUri);
        Assert.Equal(DiagnosticDescriptors.Category, diagnostic.Descriptor.Category);
        var lineSpan = diagnostic.Location.GetLineSpan();
        Assert.Equal(GeneratorHarness.PathOf(0), lineSpan.Path);
        Assert.Equal((span, markup.LineSpan(span)), (diagnostic.Location.SourceSpan, lineSpan.Span));
    }

    /// <summary>Runs the generator and fails unless it reports exactly one diagnostic, the expected one.</summary>
    private static GeneratorRun AssertSingle(string markupSource, DiagnosticDescriptor descriptor, DiagnosticSeverity severity, string message)
    {
        var markup = Markup.Parse(markupSource);
        var run = Run(markup);
        var diagnostics = run.AutoDiffDiagnostics;
        Assert.True(diagnostics.Length == 1, $"Expected exactly one diagnostic ({descriptor.Id}), got {diagnostics.Length}:\n{GeneratorRun.Format(diagnostics)}");
        AssertDiagnostic(diagnostics[0], descriptor, severity, markup, 0, message);
        FrameworkVerification.Verify(markupSource, (descriptor, severity, message));
        return run;
    }

    /// <summary>Fails unless the diagnostics are exactly the expected ones, in source order (one per marked span).</summary>
    private static GeneratorRun AssertExactly(string markupSource, params (DiagnosticDescriptor Descriptor, DiagnosticSeverity Severity, string Message)[] expected)
    {
        var markup = Markup.Parse(markupSource);
        var run = Run(markup);
        var diagnostics = run.AutoDiffDiagnostics;
        Assert.True(diagnostics.Length == expected.Length, $"Expected {expected.Length} diagnostics, got {diagnostics.Length}:\n{GeneratorRun.Format(diagnostics)}");
        for (int i = 0; i < expected.Length; i++)
        {
            AssertDiagnostic(diagnostics[i], expected[i].Descriptor, expected[i].Severity, markup, i, expected[i].Message);
        }
        FrameworkVerification.Verify(markupSource, expected);
        return run;
    }

    /// <summary>Fails unless, among the diagnostics, there is the expected one (for constructs whose consequences may be reported too).</summary>
    private static GeneratorRun AssertReported(string markupSource, DiagnosticDescriptor descriptor, DiagnosticSeverity severity, string message)
    {
        var markup = Markup.Parse(markupSource);
        var run = Run(markup);
        var diagnostics = run.AutoDiffDiagnostics;
        var atSpan = diagnostics.Where(d => d.Id == descriptor.Id && d.Location.SourceSpan == markup.Span).ToList();
        Assert.True(atSpan.Count == 1, $"Expected one {descriptor.Id} at {markup.Span} ('{markup.Source.Substring(markup.Span.Start, markup.Span.Length)}'), got:\n{GeneratorRun.Format(diagnostics)}");
        AssertDiagnostic(atSpan[0], descriptor, severity, markup, 0, message);
        return run;
    }

    private static void AssertNoDiagnostics(string source, bool allowInfo = false)
    {
        var run = GeneratorHarness.Run(source);
        var diagnostics = run.AutoDiffDiagnostics.Where(d => !allowInfo || d.Severity > DiagnosticSeverity.Info).ToImmutableArray();
        Assert.True(diagnostics.IsEmpty, "Expected no diagnostics, got:\n" + GeneratorRun.Format(diagnostics));
        run.AssertGeneratedCodeCompiles();
        if (!allowInfo) FrameworkVerification.Verify(source);
    }

    // ------------------------------------------------------------------ the catalog

    [Fact]
    public void EveryDescriptorHasItsIdCategoryAndHelpLink()
    {
        foreach (var descriptor in DiagnosticDescriptors.All)
        {
            Assert.Matches("^ADG[0-9]{4}$", descriptor.Id);
            Assert.Equal(DiagnosticDescriptors.Category, descriptor.Category);
            Assert.Equal(DiagnosticDescriptors.HelpBase + descriptor.Id.ToLowerInvariant(), descriptor.HelpLinkUri);
            Assert.True(descriptor.IsEnabledByDefault);
            Assert.Same(descriptor, DiagnosticDescriptors.ById(descriptor.Id));
        }
        Assert.Equal(DiagnosticDescriptors.All.Count, DiagnosticDescriptors.All.Select(d => d.Id).Distinct().Count());
    }

    [Fact]
    public void EveryDescriptorHasAReadmeRowAndSectionAndAReleaseEntryWithItsSeverity()
    {
        var root = RepositoryFiles.Root;
        var readme = System.IO.File.ReadAllText(System.IO.Path.Combine(root, "README.md"));
        var releases = System.IO.File.ReadAllText(System.IO.Path.Combine(root, "generator", "AutoDiffGen.Generator", "AnalyzerReleases.Unshipped.md"));
        foreach (var descriptor in DiagnosticDescriptors.All)
        {
            var anchor = descriptor.Id.ToLowerInvariant();
            // The help link's fragment is GitHub's anchor for the section's heading.
            Assert.EndsWith("#" + anchor, descriptor.HelpLinkUri, System.StringComparison.Ordinal);
            Assert.Matches($"(?m)^### {descriptor.Id}$", readme);
            var severity = descriptor.DefaultSeverity.ToString().ToLowerInvariant();
            Assert.Contains($"| [{descriptor.Id}](#{anchor}) | {severity} |", readme, System.StringComparison.Ordinal);
            Assert.Matches($"(?m)^{descriptor.Id} \\| {DiagnosticDescriptors.Category} \\| {descriptor.DefaultSeverity} \\|", releases);
        }
    }

    [Fact]
    public void ValidCodeProducesNoDiagnostics()
        => AssertNoDiagnostics("""
            using System;
            using AutoDiffGen;

            namespace Samples
            {
                public static partial class Model
                {
                    [Differentiable]
                    public static double F(double x, double y) => x * y + Math.Sin(x);

                    [Differentiable]
                    public static float G(float x) => MathF.Exp(x) * x;

                    [Differentiable]
                    public static double H(double x, [NoDerivative] double scale)
                    {
                        double s = F(x, scale);
                        if (s > 0)
                        {
                            return s * scale;
                        }
                        return Math.Tanh(s) + x;
                    }
                }
            }

            partial class GlobalType
            {
                [Differentiable]
                static double K(double x) => x * x;
            }
            """);
}
