using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using AutoDiffGen.Generator.Models;
using AutoDiffGen.Generator.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace AutoDiffGen.Generator.Lowering;

/// <summary>
/// Keeps a method's lowered model from one compilation to the next while nothing it can depend on has changed, so that
/// an edit elsewhere costs no binding and no lowering.
/// </summary>
/// <remarks>
/// <para>
/// Roslyn runs the semantic transform of <c>ForAttributeWithMetadataName</c> again for every attributed method whenever
/// the compilation changes, whatever the edit. Lowering binds the method's body, and what the body binds to can only
/// change through (1) the method's own file (for a partial method, also the file of its implementing part), or (2) a
/// declaration anywhere: a signature, a type, a constant's value, an attribute such as [Differentiable] on a callee, or (3)
/// the references and options of the compilation. Statements inside other members' bodies cannot change it: nothing
/// declared in a body is visible outside it.
/// </para>
/// <para>
/// So a model is reused when the method's syntax tree is the same object (its file did not change), so is the tree of the
/// implementing part of a partial method declared without a body, and the compilation's <see cref="Declarations"/> are
/// equal: the text of every file outside the bodies of its members (but the generator's own files, see
/// <see cref="GeneratedMembers.InGeneratedFile"/>), the metadata references and the options. The declaration text is computed once per syntax tree, so after an edit only the edited file is read.
/// The comparison is exact (texts, not hashes): a reused model is the model lowering would produce.
/// </para>
/// </remarks>
internal static class LoweringCache
{
    private static readonly ConditionalWeakTable<SyntaxTree, string> declarationTexts = new();
    private static readonly ConditionalWeakTable<Compilation, Declarations> declarations = new();
    private static readonly ConditionalWeakTable<SyntaxTree, Dictionary<TextSpan, Entry>> models = new();

    /// <summary>A kept model, valid for these declarations and, for a partial method implemented in another file, that file.</summary>
    private sealed record Entry(Declarations Declarations, SyntaxTree? ImplementingTree, LoweredMethod Model);

    /// <summary>The last few distinct declaration sets seen, so that equal ones are one object and compare by reference.</summary>
    private static readonly List<Declarations> recent = new();
    private const int RecentLimit = 8;

    /// <summary>How many methods this thread lowered (not taken from the cache): what tests observe.</summary>
    [ThreadStatic]
    private static int lowerings;

    public static int Lowerings => lowerings;

    /// <summary>The model of the method declared by <paramref name="syntax"/>: reused when still valid, else made by <paramref name="lower"/> and kept.</summary>
    public static LoweredMethod GetOrLower(MethodDeclarationSyntax syntax, Compilation compilation, Func<LoweredMethod> lower)
    {
        var current = DeclarationsOf(compilation);
        var tree = syntax.SyntaxTree;
        var span = syntax.Span;
        // A partial method's body may be in another file: an edit there changes no declaration, but the body lowered.
        var implementing = MethodAnalysis.ImplementingTree(syntax, compilation);
        var byMethod = models.GetValue(tree, _ => new Dictionary<TextSpan, Entry>());
        lock (byMethod)
        {
            if (byMethod.TryGetValue(span, out var entry) && ReferenceEquals(entry.Declarations, current) && ReferenceEquals(entry.ImplementingTree, implementing)) return entry.Model;
        }
        lowerings++;
        var model = lower();
        lock (byMethod)
        {
            byMethod[span] = new Entry(current, implementing, model);
        }
        return model;
    }

    private static Declarations DeclarationsOf(Compilation compilation)
        => declarations.GetValue(compilation, c =>
        {
            var made = new Declarations(
                c.SyntaxTrees.Where(t => !GeneratedMembers.InGeneratedFile(t)).Select(t => declarationTexts.GetValue(t, DeclarationText)).ToArray(),
                c.References.ToArray(),
                c.Options,
                c.SyntaxTrees.FirstOrDefault()?.Options,
                c.AssemblyName);
            lock (recent)
            {
                foreach (var seen in recent)
                {
                    if (seen.SameAs(made)) return seen;
                }
                recent.Insert(0, made);
                if (recent.Count > RecentLimit) recent.RemoveAt(recent.Count - 1);
                return made;
            }
        });

    /// <summary>
    /// The tokens of a file outside the bodies of its members (methods, constructors, operators, accessors, expression
    /// bodies) but those of structs, each body replaced by a marker: what other files can see of it. Comments and whitespace are left out.
    /// </summary>
    internal static string DeclarationText(SyntaxTree tree)
    {
        var text = new StringBuilder();
        foreach (var item in tree.GetRoot().DescendantNodesAndTokens(descendIntoChildren: node => !IsMemberBody(node)))
        {
            if (item.IsToken)
            {
                text.Append(item.AsToken().Text).Append(' ');
            }
            else if (item.AsNode() is { } node && IsMemberBody(node))
            {
                text.Append("{…} ");
            }
        }
        return text.ToString();
    }

    /// <summary>
    /// Whether a node is the body of a member, which other files cannot see; but not in a struct, whose members' bodies
    /// lowering puts in place of their calls (Lowerer.Structs).
    /// </summary>
    private static bool IsMemberBody(SyntaxNode node)
        => node is BlockSyntax or ArrowExpressionClauseSyntax
            && node.Parent is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or PropertyDeclarationSyntax or IndexerDeclarationSyntax
            && node.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not (StructDeclarationSyntax or RecordDeclarationSyntax { ClassOrStructKeyword.ValueText: "struct" });

    /// <summary>What a method's lowering can depend on outside its own file (see <see cref="LoweringCache"/>).</summary>
    private sealed class Declarations(string[] texts, MetadataReference[] references, CompilationOptions options, ParseOptions? parseOptions, string? assemblyName)
    {
        private readonly string[] texts = texts;
        private readonly MetadataReference[] references = references;
        private readonly CompilationOptions options = options;
        private readonly ParseOptions? parseOptions = parseOptions;
        private readonly string? assemblyName = assemblyName;

        public bool SameAs(Declarations other)
            => texts.Length == other.texts.Length
                && texts.Zip(other.texts, (a, b) => ReferenceEquals(a, b) || string.Equals(a, b, StringComparison.Ordinal)).All(same => same)
                && references.Length == other.references.Length
                && references.Zip(other.references, ReferenceEquals).All(same => same)
                && options.Equals(other.options)
                && Equals(parseOptions, other.parseOptions)
                && string.Equals(assemblyName, other.assemblyName, StringComparison.Ordinal);
    }
}
