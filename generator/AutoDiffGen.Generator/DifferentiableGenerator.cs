using System.Collections.Immutable;
using System.Linq;
using AutoDiffGen.Generator.Emit;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Lowering;
using AutoDiffGen.Generator.Models;
using AutoDiffGen.Generator.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiffGen.Generator;

/// <summary>
/// The AutoDiffGen incremental generator: for each [Differentiable] method, lowers its body to IR, runs
/// the derivative transforms and emits the derivative members into a partial declaration of its type. It reports
/// nothing: <see cref="Diagnostics.DifferentiableAnalyzer"/> does.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class DifferentiableGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var methods = context.SyntaxProvider.ForAttributeWithMetadataName(
                SymbolNames.DifferentiableAttribute,
                static (node, _) => node is MethodDeclarationSyntax,
                static (ctx, ct) => LoweringCache.GetOrLower((MethodDeclarationSyntax)ctx.TargetNode, ctx.SemanticModel.Compilation, () => MethodAnalysis.Analyze((MethodDeclarationSyntax)ctx.TargetNode, (IMethodSymbol)ctx.TargetSymbol, ctx.SemanticModel, ct)))
            .WithTrackingName(TrackingNames.Lowered)
            // Generation needs no positions (they are in the SourceMap, for the analyzer): a method that only moved is not generated again.
            .Select(static (lowered, _) => lowered.Model)
            .WithTrackingName(TrackingNames.Modeled);

        var registrations = context.SyntaxProvider.ForAttributeWithMetadataName(
                SymbolNames.DerivativeOfAttribute,
                static (node, _) => node is MethodDeclarationSyntax,
                static (ctx, _) => ctx.TargetSymbol is IMethodSymbol derivative ? Registrations.Results(derivative, ctx.Attributes) : EquatableArray<RegistrationResult>.Empty)
            .WithTrackingName(TrackingNames.Registrations);

        var registry = registrations.Collect()
            .Select(static (all, _) => all.SelectMany(r => r).Where(r => r.Registration is not null).Select(r => r.Registration!).ToEquatableArray())
            .WithTrackingName(TrackingNames.CollectedRegistrations);

        // A method inlines the [Differentiable] methods it calls: its generation depends on their models too, and only on those.
        var library = methods.Collect()
            .Select(static (all, _) => all.Where(m => m.Ir is not null).ToEquatableArray())
            .WithTrackingName(TrackingNames.Library);
        var withCallees = methods.Combine(library)
            .Select(static (pair, _) => (Model: pair.Left, Callees: Generation.Callees(pair.Left, pair.Right)))
            .WithTrackingName(TrackingNames.WithCallees);

        var files = withCallees.Combine(registry)
            .Select(static (pair, ct) => GenerationCache.Generate(pair.Left.Model, pair.Left.Callees, pair.Right, ct))
            .WithTrackingName(TrackingNames.Generated);

        // A file that calls the members of a method that has none (or not those) is dropped (the analyzer reports the call).
        var unavailable = files.Collect()
            .Select(static (all, _) => Callees.Unavailable(all))
            .WithTrackingName(TrackingNames.UnavailableCallees);
        var generated = files.Combine(unavailable)
            .Select(static (pair, _) => Callees.Check(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.CheckedCalls);

        context.RegisterSourceOutput(generated, static (spc, file) =>
        {
            if (file.Text is not null) spc.AddSource(file.HintName, file.Text);
        });

        // Diagnostics come from DifferentiableAnalyzer, which shares the lowered models and generated files (LoweringCache,
        // GenerationCache): reported by an analyzer, they take #pragma, [SuppressMessage], .editorconfig severities and code
        // fixes, and this pipeline has no step that runs on every compilation.
    }
}
