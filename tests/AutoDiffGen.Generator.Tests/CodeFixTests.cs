using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AutoDiffGen.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// The code fixes of generator/AutoDiffGen.CodeFixes: the generator reports the diagnostic on a source, the fix runs on an
/// AdhocWorkspace document holding the same text, the fixed text is compared exactly, and the generator no longer
/// reports the diagnostic on it.
/// </summary>
public sealed class CodeFixTests
{
    // ------------------------------------------------------------------ ADG0002 → Make 'C' partial

    [Fact]
    public async Task ADG0002_MakesTypePartial()
    {
        var fixedText = await ApplyFixAsync(new MakeTypePartialCodeFixProvider(), "ADG0002", """
            using System;
            using AutoDiffGen;

            namespace Samples;

            public static class C
            {
                [Differentiable]
                public static double F(double x) => x * x;
            }
            """, expectedTitle: "Make 'C' partial");
        Assert.Equal("""
            using System;
            using AutoDiffGen;

            namespace Samples;

            public static partial class C
            {
                [Differentiable]
                public static double F(double x) => x * x;
            }
            """, fixedText);
        AssertGone("ADG0002", fixedText);
    }

    [Fact]
    public async Task ADG0002_MakesInnerAndEnclosingTypesPartial()
    {
        var fixedText = await ApplyFixAsync(new MakeTypePartialCodeFixProvider(), "ADG0002", """
            using System;
            using AutoDiffGen;

            namespace Samples;

            public static class Outer
            {
                internal partial struct Middle
                {
                    /// <summary>Doc.</summary>
                    [Obsolete]
                    class Inner
                    {
                        [Differentiable]
                        public static double F(double x) => x * x;
                    }
                }
            }
            """, expectedTitle: "Make 'Inner' partial", pick: diagnostics => diagnostics.Single(d => d.GetMessage().Contains("'Inner'", StringComparison.Ordinal)));
        Assert.Equal("""
            using System;
            using AutoDiffGen;

            namespace Samples;

            public static partial class Outer
            {
                internal partial struct Middle
                {
                    /// <summary>Doc.</summary>
                    [Obsolete]
                    partial class Inner
                    {
                        [Differentiable]
                        public static double F(double x) => x * x;
                    }
                }
            }
            """, fixedText);
        AssertGone("ADG0002", fixedText);
    }

    [Fact]
    public async Task ADG0002_Title()
    {
        var (_, actions) = await RegisterAsync(new MakeTypePartialCodeFixProvider(), "ADG0002", """
            using AutoDiffGen;
            public static class Calc { [Differentiable] public static double F(double x) => x * x; }
            """);
        Assert.Equal("Make 'Calc' partial", Assert.Single(actions).Title);
        Assert.Same(WellKnownFixAllProviders.BatchFixer, new MakeTypePartialCodeFixProvider().GetFixAllProvider());
    }

    // ------------------------------------------------------------------ ADG0302 → Mark 'y' [NoDerivative]

    [Fact]
    public async Task ADG0302_MarksParameterNoDerivative()
    {
        var fixedText = await ApplyFixAsync(new MarkNoDerivativeCodeFixProvider(), "ADG0302", """
            using System;
            using AutoDiffGen;

            namespace Samples;

            public static partial class C
            {
                [Differentiable]
                public static double F(double x, double y) => x * x;
            }
            """, expectedTitle: "Mark 'y' [NoDerivative]");
        Assert.Equal("""
            using System;
            using AutoDiffGen;

            namespace Samples;

            public static partial class C
            {
                [Differentiable]
                public static double F(double x, [NoDerivative] double y) => x * x;
            }
            """, fixedText);
        AssertGone("ADG0302", fixedText);
    }

    [Fact]
    public async Task ADG0302_AddsUsingWhenMissing()
    {
        var fixedText = await ApplyFixAsync(new MarkNoDerivativeCodeFixProvider(), "ADG0302", """
            using System;

            namespace Samples;

            public static partial class C
            {
                [AutoDiffGen.Differentiable]
                public static double F(
                    double x,
                    double scale) => Math.Sin(x);
            }
            """, expectedTitle: "Mark 'scale' [NoDerivative]");
        Assert.Equal("""
            using System;
            using AutoDiffGen;

            namespace Samples;

            public static partial class C
            {
                [AutoDiffGen.Differentiable]
                public static double F(
                    double x,
                    [NoDerivative] double scale) => Math.Sin(x);
            }
            """, fixedText);
        AssertGone("ADG0302", fixedText);
    }

    [Fact]
    public async Task ADG0302_Title()
    {
        var (_, actions) = await RegisterAsync(new MarkNoDerivativeCodeFixProvider(), "ADG0302", """
            using AutoDiffGen;
            public static partial class C { [Differentiable] public static double F(double x, double unused) => x; }
            """);
        Assert.Equal("Mark 'unused' [NoDerivative]", Assert.Single(actions).Title);
        Assert.Same(WellKnownFixAllProviders.BatchFixer, new MarkNoDerivativeCodeFixProvider().GetFixAllProvider());
    }

    // ------------------------------------------------------------------ helpers

    /// <summary>Runs the generator on <paramref name="source"/>, fixes the chosen <paramref name="id"/> diagnostic, and returns the fixed text.</summary>
    private static async Task<string> ApplyFixAsync(
        CodeFixProvider provider, string id, string source, string expectedTitle, Func<IReadOnlyList<Diagnostic>, Diagnostic>? pick = null)
    {
        var (document, actions) = await RegisterAsync(provider, id, source, pick);
        var action = Assert.Single(actions);
        Assert.Equal(expectedTitle, action.Title);
        var operations = await action.GetOperationsAsync(CancellationToken.None);
        var apply = Assert.Single(operations.OfType<ApplyChangesOperation>());
        var changed = apply.ChangedSolution.GetDocument(document.Id)!;
        return (await changed.GetTextAsync()).ToString();
    }

    private static async Task<(Document Document, ImmutableArray<CodeAction> Actions)> RegisterAsync(
        CodeFixProvider provider, string id, string source, Func<IReadOnlyList<Diagnostic>, Diagnostic>? pick = null)
    {
        var reported = GeneratorHarness.Run(source).AutoDiffDiagnostics.Where(d => d.Id == id).ToList();
        Assert.NotEmpty(reported);
        var diagnostic = pick is null ? Assert.Single(reported) : pick(reported);

        var document = CreateDocument(source);
        var tree = (await document.GetSyntaxTreeAsync())!;
        // The same descriptor, located by span in the workspace document's tree (the fixes read the location only).
        var mapped = Diagnostic.Create(
            diagnostic.Descriptor, Location.Create(tree, diagnostic.Location.SourceSpan),
            diagnostic.Severity, additionalLocations: null, properties: null);
        Assert.Equal(diagnostic.Location.SourceSpan, mapped.Location.SourceSpan);

        var actions = ImmutableArray.CreateBuilder<CodeAction>();
        var context = new CodeFixContext(document, mapped, (a, _) => actions.Add(a), CancellationToken.None);
        Assert.Contains(id, provider.FixableDiagnosticIds);
        await provider.RegisterCodeFixesAsync(context);
        return (document, actions.ToImmutable());
    }

    private static Document CreateDocument(string source)
    {
        var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(projectId, VersionStamp.Default, "Test", "Test", LanguageNames.CSharp,
                compilationOptions: GeneratorHarness.CompilationOptions,
                parseOptions: GeneratorHarness.ParseOptions,
                metadataReferences: GeneratorHarness.References));
        var documentId = DocumentId.CreateNewId(projectId);
        solution = solution.AddDocument(documentId, "Test0.cs", SourceText.From(source), filePath: GeneratorHarness.PathOf(0));
        return solution.GetDocument(documentId)!;
    }

    private static void AssertGone(string id, string fixedText)
    {
        var after = GeneratorHarness.Run(fixedText);
        Assert.DoesNotContain(after.AutoDiffDiagnostics, d => d.Id == id);
        after.AssertGeneratedCodeCompiles();
    }
}
