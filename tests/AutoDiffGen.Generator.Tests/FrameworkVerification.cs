using System.Collections.Generic;
using System.Linq;
using System.Text;
using AutoDiffGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// Checks expected diagnostics a second way, through Roslyn's test framework (<c>Microsoft.CodeAnalysis.*.Testing</c>):
/// the generator runs, then the analyzer on the compilation with the generated files, as in a build, and the framework
/// compares every AutoDiffGen diagnostic, with its id, span, severity and message, against markup <c>{|#0:…|}</c>. The
/// diagnostics tests' own markup (<c>[|…|]</c>) is turned into the framework's, so each test states its expectation once
/// and both the framework and the harness (which also compiles the generated code) check it. The compiler's own
/// diagnostics are the harness's to check: the framework ignores them here.
/// </summary>
internal static class FrameworkVerification
{
    /// <summary>The generator and the analyzer together: the framework's generator test runs no analyzer by itself.</summary>
    private sealed class GeneratorAndAnalyzerTest : CSharpSourceGeneratorTest<DifferentiableGenerator, DefaultVerifier>
    {
        protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => GeneratorHarness.Analyzers;

        protected override ParseOptions CreateParseOptions() => GeneratorHarness.ParseOptions;

        protected override CompilationOptions CreateCompilationOptions()
            => ((CSharpCompilationOptions)base.CreateCompilationOptions()).WithNullableContextOptions(NullableContextOptions.Enable);
    }

    /// <summary>
    /// Fails unless the AutoDiffGen diagnostics of <paramref name="markupSource"/> (spans marked <c>[|…|]</c>, one per
    /// expected diagnostic, in order) are exactly <paramref name="expected"/>.
    /// </summary>
    public static void Verify(string markupSource, params (DiagnosticDescriptor Descriptor, DiagnosticSeverity Severity, string Message)[] expected)
    {
        var test = new GeneratorAndAnalyzerTest
        {
            TestCode = FrameworkMarkup(markupSource),
            ReferenceAssemblies = new ReferenceAssemblies("net10.0"),
            CompilerDiagnostics = CompilerDiagnostics.None,
            TestBehaviors = TestBehaviors.SkipGeneratedSourcesCheck,
        };
        test.TestState.AdditionalReferences.AddRange(GeneratorHarness.References);
        test.ExpectedDiagnostics.AddRange(expected.Select((e, i) => new DiagnosticResult(e.Descriptor).WithLocation(i).WithSeverity(e.Severity).WithMessage(e.Message)));
        test.RunAsync().GetAwaiter().GetResult();
    }

    /// <summary>The diagnostics tests' markup as the framework's: the n-th <c>[|…|]</c> becomes <c>{|#n:…|}</c>.</summary>
    private static string FrameworkMarkup(string markupSource)
    {
        var text = new StringBuilder(markupSource.Length + 16);
        int next = 0;
        for (int i = 0; i < markupSource.Length; i++)
        {
            if (string.CompareOrdinal(markupSource, i, "[|", 0, 2) == 0)
            {
                text.Append("{|#").Append(next++).Append(':');
                i++;
            }
            else if (string.CompareOrdinal(markupSource, i, "|]", 0, 2) == 0)
            {
                text.Append("|}");
                i++;
            }
            else
            {
                text.Append(markupSource[i]);
            }
        }
        return text.ToString();
    }
}
