using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace AutoDiffGen.CodeFixes;

/// <summary>
/// ADG0002 (a type holding a [Differentiable] method, or one enclosing it, is not partial): "Make 'C' partial" adds
/// <c>partial</c> to the type at the diagnostic and to every enclosing type declaration that lacks it.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeTypePartialCodeFixProvider))]
[Shared]
public sealed class MakeTypePartialCodeFixProvider : NodeCodeFixProvider<TypeDeclarationSyntax>
{
    /// <summary>The id of the diagnostic this provider fixes.</summary>
    public const string DiagnosticId = "ADG0002";

    /// <summary>A provider for <see cref="DiagnosticId"/>.</summary>
    public MakeTypePartialCodeFixProvider()
        : base(DiagnosticId)
    {
    }

    /// <summary>The title of the fix for a type named <paramref name="typeName"/>.</summary>
    public static string Title(string typeName) => $"Make '{typeName}' partial";

    /// <inheritdoc/>
    protected override string TitleFor(TypeDeclarationSyntax node) => Title(node.Identifier.ValueText);

    /// <inheritdoc/>
    protected override TypeDeclarationSyntax? Find(SyntaxNode root, TextSpan span)
        => root.FindToken(span.Start).Parent?.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().FirstOrDefault();

    /// <inheritdoc/>
    protected override Task<Document> FixAsync(Document document, SyntaxNode root, TypeDeclarationSyntax node, CancellationToken cancellationToken)
    {
        var targets = node.AncestorsAndSelf().OfType<TypeDeclarationSyntax>()
            .Where(t => !t.Modifiers.Any(SyntaxKind.PartialKeyword))
            .ToList();
        if (targets.Count == 0) return Task.FromResult(document);
        var newRoot = root.ReplaceNodes(targets, (original, rewritten) => AddPartial((TypeDeclarationSyntax)rewritten));
        return Task.FromResult(document.WithSyntaxRoot(newRoot));
    }

    /// <summary>
    /// <c>partial</c> goes last among the modifiers (right before <c>class</c>/<c>struct</c>/<c>record</c>/<c>interface</c>),
    /// with the trivia of whatever token it now precedes kept where it was.
    /// </summary>
    internal static TypeDeclarationSyntax AddPartial(TypeDeclarationSyntax type)
    {
        var modifiers = type.Modifiers;
        if (modifiers.Any(SyntaxKind.PartialKeyword)) return type;
        if (modifiers.Count == 0)
        {
            // `class C` → `partial class C`: the keyword's leading trivia (indentation, comments, attributes' line break) moves to `partial`.
            var keyword = type.Keyword;
            var partial = SyntaxFactory.Token(keyword.LeadingTrivia, SyntaxKind.PartialKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space));
            return type
                .WithKeyword(keyword.WithLeadingTrivia(SyntaxFactory.TriviaList()))
                .WithModifiers(SyntaxFactory.TokenList(partial));
        }
        // `public static class C` → `public static partial class C`.
        var last = modifiers.Last();
        var newPartial = SyntaxFactory.Token(SyntaxFactory.TriviaList(), SyntaxKind.PartialKeyword, last.TrailingTrivia);
        var lastWithSpace = last.WithTrailingTrivia(SyntaxFactory.Space);
        var newModifiers = modifiers.Replace(last, lastWithSpace).Add(newPartial);
        return type.WithModifiers(newModifiers);
    }
}
