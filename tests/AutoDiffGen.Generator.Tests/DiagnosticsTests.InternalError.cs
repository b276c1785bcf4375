using System.Linq;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Models;
using Microsoft.CodeAnalysis;
using Xunit;

namespace AutoDiffGen.Generator.Tests;

/// <summary>ADG0901 (internal error): an exception while generating a method's derivatives is reported at the method.</summary>
public sealed partial class DiagnosticsTests
{
    // ------------------------------------------------------------------ ADG0901 internal error

    /// <summary>The lowered model of the one [Differentiable] method in <paramref name="run"/>.</summary>
    private static MethodModel Lowered(GeneratorRun run) => LoweredMethod(run).Model;

    /// <summary>The one [Differentiable] method in <paramref name="run"/>, lowered, with where its parts are.</summary>
    private static LoweredMethod LoweredMethod(GeneratorRun run)
        => (LoweredMethod)Assert.Single(Assert.Single(run.Result.TrackedSteps[TrackingNames.Lowered]).Outputs).Value;

    [Fact]
    public void ADG0901_AnExceptionInATransformIsReportedAtTheMethod()
    {
        var markup = Markup.Parse(GeneratorHarness.InClass("""
                [Differentiable]
                public static double [|F|](double x) => x * x;
            """));
        var run = Run(markup);
        var model = Lowered(run);
        // A body without its return breaks what every transform relies on: the exception becomes ADG0901, not CS8785.
        var broken = model with { Ir = model.Ir! with { Body = Block.Empty } };
        var file = Emit.Generation.Generate(broken, EquatableArray<Models.MethodModel>.Empty, EquatableArray<Registration>.Empty, System.Threading.CancellationToken.None);
        Assert.Null(file.Text);
        var info = Assert.Single(file.Diagnostics);
        Assert.Equal("F", info.Arguments[0]);
        Assert.Matches("^[A-Za-z]+Exception: ", info.Arguments[1]);
        var tree = run.InputCompilation.SyntaxTrees.Single();
        Assert.Equal(SourceRef.Method, info.At);
        var diagnostic = LoweredMethod(run).Sources.Locate(info).ToDiagnostic(new System.Collections.Generic.Dictionary<string, SyntaxTree> { [tree.FilePath] = tree });
        AssertDiagnostic(diagnostic, DiagnosticDescriptors.InternalError, DiagnosticSeverity.Error, markup, 0,
            $"AutoDiffGen could not generate derivatives for 'F' ({info.Arguments[1]}): this is a bug in AutoDiffGen; please report it with the method's source");
    }

    [Fact]
    public void ADG0901_Negative_TheSameModelUnbroken()
    {
        var run = Run(Markup.Parse(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x) => x * x;
            """)));
        var file = Emit.Generation.Generate(Lowered(run), EquatableArray<Models.MethodModel>.Empty, EquatableArray<Registration>.Empty, System.Threading.CancellationToken.None);
        Assert.Empty(file.Diagnostics);
        Assert.Contains("FGradient(", file.Text, System.StringComparison.Ordinal);
    }
}
