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
                static (ctx, ct) => LoweringCache.GetOrLower((MethodDeclarationSyntax)ctx.TargetNode, ctx.SemanticModel.Compilation, () => MethodAnalysis.Analyze(ctx, ct)))
            .WithTrackingName(TrackingNames.Lowered);

        var registrations = context.SyntaxProvider.ForAttributeWithMetadataName(
                SymbolNames.DerivativeOfAttribute,
                static (node, _) => node is MethodDeclarationSyntax,
                static (ctx, ct) => ReadRegistrations(ctx))
            .WithTrackingName(TrackingNames.Registrations);

        var registry = registrations.Collect()
            .Select(static (all, _) => all.SelectMany(r => r).Where(r => r.Registration is not null).Select(r => r.Registration!).ToEquatableArray())
            .WithTrackingName(TrackingNames.CollectedRegistrations);

        var files = methods.Combine(registry)
            .Select(static (pair, ct) => Generation.Generate(pair.Left, pair.Right, ct))
            .WithTrackingName(TrackingNames.Generated);

        // A file that calls the members of a method that has none (or not those) is dropped, with an error at the call.
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

        var registrationDiagnostics = registrations
            .Select(static (results, _) => results.SelectMany(r => r.Diagnostics).ToEquatableArray())
            .WithTrackingName(TrackingNames.RegistrationDiagnostics);

        // Diagnostics are reported against the real syntax trees so that #pragma warning disable and
        // [SuppressMessage] apply to them (a location made from a path and a span is not in any tree).
        var diagnostics = generated.Select(static (file, _) => file.Diagnostics).Collect()
            .Combine(registrationDiagnostics.Collect())
            .Combine(context.CompilationProvider);
        context.RegisterSourceOutput(diagnostics, static (spc, input) =>
        {
            var ((methods, registrations), compilation) = input;
            var all = methods.SelectMany(d => d).Concat(registrations.SelectMany(d => d)).ToList();
            if (all.Count == 0) return;
            var trees = compilation.SyntaxTrees.GroupBy(t => t.FilePath).ToDictionary(g => g.Key, g => g.First());
            foreach (var diagnostic in all)
            {
                spc.ReportDiagnostic(diagnostic.ToDiagnostic(trees));
            }
        });
    }

    private static EquatableArray<RegistrationResult> ReadRegistrations(GeneratorAttributeSyntaxContext context)
    {
        if (context.TargetSymbol is not IMethodSymbol derivative) return EquatableArray<RegistrationResult>.Empty;
        var results = ImmutableArray.CreateBuilder<RegistrationResult>();
        try
        {
            ReadRegistrations(derivative, context, results);
        }
        catch (System.Exception exception) when (exception is not System.OperationCanceledException)
        {
            var location = LocationInfo.From(derivative.Locations.FirstOrDefault());
            results.Add(new RegistrationResult(null, EquatableArray.Of(DiagnosticInfo.Create(
                Diagnostics.DiagnosticDescriptors.InternalError, location, derivative.Name, exception.GetType().Name + ": " + exception.Message))));
        }
        return results.ToImmutable();
    }

    private static void ReadRegistrations(IMethodSymbol derivative, GeneratorAttributeSyntaxContext context, ImmutableArray<RegistrationResult>.Builder results)
    {
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
    }
}
