using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using AutoDiffGen.Generator.Emit;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Lowering;
using AutoDiffGen.Generator.Models;
using AutoDiffGen.Generator.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AutoDiffGen.Generator.Diagnostics;

/// <summary>
/// The diagnostics of one compilation's methods, for <see cref="DifferentiableAnalyzer"/>: the same lowering
/// (<see cref="LoweringCache"/>) and generation (<see cref="GenerationCache"/>) as the generator's, so that in a build,
/// where the analyzer runs after the generator in the same process, each method costs two cache lookups; the custom
/// derivatives registered in the compilation, read as the generator reads them; and the status of each callee a
/// generated file calls, found from the call.
/// </summary>
internal sealed class MethodDiagnostics
{
    private readonly Compilation compilation;
    private readonly Lazy<EquatableArray<Registration>> registry;
    private readonly Lazy<Dictionary<string, SyntaxTree>> trees;

    public MethodDiagnostics(Compilation compilation)
    {
        this.compilation = compilation;
        registry = new Lazy<EquatableArray<Registration>>(ReadRegistry, LazyThreadSafetyMode.ExecutionAndPublication);
        trees = new Lazy<Dictionary<string, SyntaxTree>>(
            () => compilation.SyntaxTrees.GroupBy(t => t.FilePath).ToDictionary(g => g.Key, g => g.First()),
            LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public void Analyze(SyntaxNodeAnalysisContext context)
    {
        var syntax = (MethodDeclarationSyntax)context.Node;
        if (syntax.AttributeLists.Count == 0) return;
        var cancellationToken = context.CancellationToken;
        if (context.SemanticModel.GetDeclaredSymbol(syntax, cancellationToken) is not IMethodSymbol method) return;

        var registrations = AppliedHere(method, syntax, SymbolNames.DerivativeOfAttribute);
        if (registrations.Count > 0)
        {
            foreach (var result in Registrations.Results(method, registrations)) Report(context, result.Diagnostics);
        }
        if (AppliedHere(method, syntax, SymbolNames.DifferentiableAttribute).Count == 0) return;

        var (lowered, file) = FileOf(syntax, method, context.SemanticModel, cancellationToken);
        Report(context, lowered.Diagnostics);
        Report(context, file.Diagnostics.Select(lowered.Sources.Locate));
        if (file.Calls.Count > 0)
        {
            var problems = Callees.Problems(file, call => StatusOf(lowered.Sources.Locate(SourceRef.Site(call.Site)), call, context.SemanticModel, cancellationToken));
            Report(context, problems.Select(lowered.Sources.Locate));
        }
    }

    /// <summary>The method that <paramref name="syntax"/> declares with [Differentiable], lowered, and its generated file, as the generator makes them.</summary>
    private (LoweredMethod Lowered, GeneratedFile File) FileOf(MethodDeclarationSyntax syntax, IMethodSymbol method, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        var lowered = LoweringCache.GetOrLower(syntax, compilation, () => MethodAnalysis.Analyze(syntax, method, semanticModel, cancellationToken));
        return (lowered, GenerationCache.Generate(lowered.Model, CalleesOf(lowered, semanticModel, cancellationToken), registry.Value, cancellationToken));
    }

    /// <summary>
    /// The [Differentiable] methods a method calls, directly or through others, as the generator's pipeline finds them
    /// (<see cref="Generation.Callees(MethodModel, IReadOnlyDictionary{string, MethodModel})"/>, the same order): each
    /// found from its call (where the caller's map puts it) and lowered as the generator lowers it.
    /// </summary>
    private EquatableArray<MethodModel> CalleesOf(LoweredMethod lowered, SemanticModel callerModel, CancellationToken cancellationToken)
    {
        if (lowered.Model.Ir is null || lowered.Model.CalleeKeys.Count == 0) return EquatableArray<MethodModel>.Empty;
        var library = new Dictionary<string, MethodModel>();
        var pending = new Queue<LoweredMethod>();
        var seen = new HashSet<string> { lowered.Model.Key };
        pending.Enqueue(lowered);
        while (pending.Count > 0)
        {
            var caller = pending.Dequeue();
            foreach (var s in IrWalker.All(caller.Model.Ir!.Body))
            {
                IrWalker.Evaluates(s, e =>
                {
                    if (e is Call { Target.Kind: CallKind.Differentiable } call && seen.Add(call.Target.Key)
                        && LoweredCallee(caller.Sources.Locate(SourceRef.Site(call.Target.Site)), call.Target.Key, callerModel, cancellationToken) is { Model.Ir: not null } callee)
                    {
                        library[callee.Model.Key] = callee.Model;
                        pending.Enqueue(callee);
                    }
                    return false;
                });
            }
        }
        return Generation.Callees(lowered.Model, library);
    }

    /// <summary>The [Differentiable] method called at <paramref name="at"/>, lowered, if its key is <paramref name="key"/>; else null.</summary>
    private LoweredMethod? LoweredCallee(LocationInfo? at, string key, SemanticModel callerModel, CancellationToken cancellationToken)
    {
        if (Declaration(at, callerModel, cancellationToken) is not { } found) return null;
        var lowered = LoweringCache.GetOrLower(found.Syntax, compilation, () => MethodAnalysis.Analyze(found.Syntax, found.Symbol, found.Model, cancellationToken));
        return lowered.Model.Key == key ? lowered : null;
    }

    /// <summary>The declaration with [Differentiable] of the method called at <paramref name="at"/> (of either part of a partial method), or null.</summary>
    private (MethodDeclarationSyntax Syntax, IMethodSymbol Symbol, SemanticModel Model)? Declaration(LocationInfo? at, SemanticModel callerModel, CancellationToken cancellationToken)
    {
        if (at is null || !trees.Value.TryGetValue(at.FilePath, out var tree)) return null;
        var node = tree.GetRoot(cancellationToken).FindNode(at.TextSpan, getInnermostNodeForTie: true);
        var model = tree == callerModel.SyntaxTree ? callerModel : SemanticModelOf(tree);
        var callee = node.AncestorsAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault() is { } invocation
            ? model.GetSymbolInfo(invocation, cancellationToken).Symbol as IMethodSymbol
            : null;
        if (callee is null) return null;
        callee = callee.OriginalDefinition;
        foreach (var part in new[] { callee, callee.PartialDefinitionPart, callee.PartialImplementationPart })
        {
            if (part is null) continue;
            foreach (var reference in part.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is not MethodDeclarationSyntax declaration || AppliedHere(part, declaration, SymbolNames.DifferentiableAttribute).Count == 0) continue;
                var declarationModel = declaration.SyntaxTree == callerModel.SyntaxTree ? callerModel : SemanticModelOf(declaration.SyntaxTree);
                return (declaration, part, declarationModel);
            }
        }
        return null;
    }

    /// <summary>
    /// What the [Differentiable] method a generated file calls at <paramref name="call"/> (found <paramref name="at"/>) cannot
    /// offer (null: everything, or not found), and where its first error is.
    /// </summary>
    private (CalleeStatus Status, string? FirstError)? StatusOf(LocationInfo? at, CallSite call, SemanticModel callerModel, CancellationToken cancellationToken)
    {
        if (Declaration(at, callerModel, cancellationToken) is not { } found) return null;
        var (lowered, file) = FileOf(found.Syntax, found.Symbol, found.Model, cancellationToken);
        return file.Status is { } status && status.Key == call.CalleeKey ? (status, FirstError(lowered, file)) : null;
    }

    private SemanticModel SemanticModelOf(SyntaxTree tree) => compilation.GetSemanticModel(tree);

    /// <summary>Where the first error of a method is reported, and which (<c>ADG0101 at File.cs(12,9)</c>), or null.</summary>
    private static string? FirstError(LoweredMethod lowered, GeneratedFile file)
    {
        var error = lowered.Diagnostics.Concat(file.Diagnostics.Select(lowered.Sources.Locate))
            .FirstOrDefault(d => DiagnosticDescriptors.ById(d.DescriptorId).DefaultSeverity == DiagnosticSeverity.Error);
        return error is null ? null
            : error.Location is { } at ? $"{error.DescriptorId} at {System.IO.Path.GetFileName(at.FilePath)}({at.LineSpan.Start.Line + 1},{at.LineSpan.Start.Character + 1})"
            : error.DescriptorId;
    }

    /// <summary>
    /// The attributes of class <paramref name="attributeName"/> written on <paramref name="declaration"/> itself (a partial
    /// method's symbol has the attributes of both its parts): those the generator's ForAttributeWithMetadataName sees there.
    /// </summary>
    private static List<AttributeData> AppliedHere(IMethodSymbol method, MethodDeclarationSyntax declaration, string attributeName)
    {
        var found = new List<AttributeData>();
        foreach (var attribute in method.GetAttributes())
        {
            if (attribute.ApplicationSyntaxReference is not { } reference || reference.SyntaxTree != declaration.SyntaxTree) continue;
            if (!declaration.AttributeLists.Any(list => list.Span.Contains(reference.Span))) continue;
            if (attribute.AttributeClass?.ToDisplayString() == attributeName) found.Add(attribute);
        }
        return found;
    }

    /// <summary>
    /// The registrations of every [DerivativeOf] in the compilation, in the generator's order (file by file, in source
    /// order), so that the registry equals the generator's and its generated files are found in <see cref="GenerationCache"/>.
    /// </summary>
    private EquatableArray<Registration> ReadRegistry()
    {
        var all = new List<Registration>();
        bool aliases = compilation.SyntaxTrees.Any(t => RegistrationCandidates.Of(t).HasAlias);
        foreach (var tree in compilation.SyntaxTrees)
        {
            var candidates = RegistrationCandidates.Of(tree);
            var declarations = aliases ? candidates.Attributed : candidates.Named;
            if (declarations.Length == 0) continue;
            var model = SemanticModelOf(tree);
            foreach (var declaration in declarations)
            {
                if (model.GetDeclaredSymbol(declaration) is not IMethodSymbol method) continue;
                var attributes = AppliedHere(method, declaration, SymbolNames.DerivativeOfAttribute);
                if (attributes.Count == 0) continue;
                foreach (var result in Registrations.Results(method, attributes))
                {
                    if (result.Registration is { } registration) all.Add(registration);
                }
            }
        }
        return all.ToEquatableArray();
    }

    private void Report(SyntaxNodeAnalysisContext context, IEnumerable<DiagnosticInfo> diagnostics)
    {
        foreach (var diagnostic in diagnostics) context.ReportDiagnostic(diagnostic.ToDiagnostic(trees.Value));
    }

    /// <summary>
    /// The method declarations of a file that may carry [DerivativeOf], found from syntax alone and kept per tree, so that
    /// after an edit only the edited file is read again: those with an attribute named <c>DerivativeOf</c>, and, in case a
    /// <c>using</c> alias renames it, every one with an attribute.
    /// </summary>
    private sealed class RegistrationCandidates
    {
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SyntaxTree, RegistrationCandidates> byTree = new();

        private RegistrationCandidates(MethodDeclarationSyntax[] named, MethodDeclarationSyntax[] attributed, bool hasAlias)
        {
            Named = named;
            Attributed = attributed;
            HasAlias = hasAlias;
        }

        public MethodDeclarationSyntax[] Named { get; }

        public MethodDeclarationSyntax[] Attributed { get; }

        public bool HasAlias { get; }

        public static RegistrationCandidates Of(SyntaxTree tree) => byTree.GetValue(tree, Read);

        private static RegistrationCandidates Read(SyntaxTree tree)
        {
            if (GeneratedMembers.InGeneratedFile(tree)) return new RegistrationCandidates(Array.Empty<MethodDeclarationSyntax>(), Array.Empty<MethodDeclarationSyntax>(), false);
            var root = tree.GetRoot();
            var attributed = root.DescendantNodes(n => n is not BlockSyntax and not ArrowExpressionClauseSyntax)
                .OfType<MethodDeclarationSyntax>().Where(m => m.AttributeLists.Count > 0).ToArray();
            var named = attributed.Where(m => m.AttributeLists.SelectMany(l => l.Attributes).Any(a => IsDerivativeOf(a.Name))).ToArray();
            bool hasAlias = root.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax).OfType<UsingDirectiveSyntax>().Any(u => u.Alias is not null);
            return new RegistrationCandidates(named, attributed, hasAlias);
        }

        private static bool IsDerivativeOf(NameSyntax name)
        {
            var simple = name switch
            {
                QualifiedNameSyntax q => q.Right.Identifier.ValueText,
                AliasQualifiedNameSyntax a => a.Name.Identifier.ValueText,
                SimpleNameSyntax s => s.Identifier.ValueText,
                _ => "",
            };
            return simple is "DerivativeOf" or "DerivativeOfAttribute";
        }
    }
}
