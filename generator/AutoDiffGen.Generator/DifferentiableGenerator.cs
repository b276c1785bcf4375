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
/// the derivative transforms and emits the derivative members into a partial declaration of its type.
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
                static (ctx, ct) => MethodAnalysis.Analyze(ctx, ct))
            .WithTrackingName(TrackingNames.Lowered);

        var registrations = context.SyntaxProvider.ForAttributeWithMetadataName(
                SymbolNames.DerivativeOfAttribute,
                static (node, _) => node is MethodDeclarationSyntax,
                static (ctx, ct) => ReadRegistrations(ctx))
            .WithTrackingName(TrackingNames.Registrations);

        var registry = registrations.Collect()
            .Select(static (all, _) => all.SelectMany(r => r).Where(r => r.Registration is not null).Select(r => r.Registration!).ToEquatableArray())
            .WithTrackingName(TrackingNames.CollectedRegistrations);

        var generated = methods.Combine(registry)
            .Select(static (pair, ct) => Generation.Generate(pair.Left, pair.Right, ct))
            .WithTrackingName(TrackingNames.Generated);

        context.RegisterSourceOutput(generated, static (spc, file) =>
        {
            foreach (var diagnostic in file.Diagnostics) spc.ReportDiagnostic(diagnostic.ToDiagnostic());
            if (file.Text is not null) spc.AddSource(file.HintName, file.Text);
        });

        var registrationDiagnostics = registrations
            .Select(static (results, _) => results.SelectMany(r => r.Diagnostics).ToEquatableArray())
            .WithTrackingName(TrackingNames.RegistrationDiagnostics);
        context.RegisterSourceOutput(registrationDiagnostics, static (spc, diagnostics) =>
        {
            foreach (var diagnostic in diagnostics) spc.ReportDiagnostic(diagnostic.ToDiagnostic());
        });
    }

    private static EquatableArray<RegistrationResult> ReadRegistrations(GeneratorAttributeSyntaxContext context)
    {
        if (context.TargetSymbol is not IMethodSymbol derivative) return EquatableArray<RegistrationResult>.Empty;
        var results = ImmutableArray.CreateBuilder<RegistrationResult>();
        foreach (var attribute in context.Attributes)
        {
            foreach (var entry in Registrations.Read(derivative, attribute))
            {
                var registration = entry.Target is null || entry.Problem is not null
                    ? null
                    : new Registration(SymbolNames.Key(entry.Target), entry.Kind, Registrations.Qualified(derivative), SymbolNames.Key(derivative));
                var diagnostics = entry.Problem is null ? EquatableArray<DiagnosticInfo>.Empty : EquatableArray.Of(entry.Problem);
                results.Add(new RegistrationResult(registration, diagnostics));
            }
        }
        return results.ToImmutable();
    }
}
