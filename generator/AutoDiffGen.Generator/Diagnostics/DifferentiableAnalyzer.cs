using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AutoDiffGen.Generator.Diagnostics;

/// <summary>
/// Reports every AutoDiffGen diagnostic (the generator reports none): at each method declaration that carries
/// [Differentiable] or [DerivativeOf], what lowering, generation and the check of its calls found. Being an analyzer, its
/// diagnostics take <c>#pragma warning disable</c>, <c>[SuppressMessage]</c>, <c>.editorconfig</c> severities and code
/// fixes (Fix All included) as the compiler's do, and the IDE runs it on the document being edited only. It shares the
/// generator's work instead of redoing it (<see cref="MethodDiagnostics"/>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DifferentiableAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.CreateRange(DiagnosticDescriptors.All);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        // As the generator: a [Differentiable] method in a file that looks generated is still differentiated, and reported on.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterCompilationStartAction(static start =>
        {
            var analysis = new MethodDiagnostics(start.Compilation);
            start.RegisterSyntaxNodeAction(analysis.Analyze, SyntaxKind.MethodDeclaration);
        });
    }
}
