using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiffGen.CodeFixes;

/// <summary>
/// ADG0002 (a type holding a [Differentiable] method, or one enclosing it, is not partial): "Make 'C' partial" adds
/// <c>partial</c> to the type at the diagnostic and to every enclosing type declaration that lacks it.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeTypePartialCodeFixProvider))]
[Shared]
public sealed class MakeTypePartialCodeFixProvider : CodeFixProvider
{
    /// <summary>The id of the diagnostic this provider fixes.</summary>
    public const string DiagnosticId = "ADG0002";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticId);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <summary>The title of the fix for a type named <paramref name="typeName"/>.</summary>
    public static string Title(string typeName) => $"Make '{typeName}' partial";

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (diagnostic.Id != DiagnosticId) continue;
            var type = FindType(root, diagnostic.Location.SourceSpan);
            if (type is null) continue;
            var title = Title(type.Identifier.ValueText);
            context.RegisterCodeFix(
                CodeAction.Create(
                    title,
                    ct => FixAsync(context.Document, diagnostic.Location.SourceSpan, ct),
                    equivalenceKey: nameof(MakeTypePartialCodeFixProvider)),
                diagnostic);
        }
    }

    private static TypeDeclarationSyntax? FindType(SyntaxNode root, Microsoft.CodeAnalysis.Text.TextSpan span)
    {
        if (!root.FullSpan.Contains(span)) return null;
        var token = root.FindToken(span.Start);
        return token.Parent?.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().FirstOrDefault();
    }

    private static async Task<Document> FixAsync(Document document, Microsoft.CodeAnalysis.Text.TextSpan span, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var type = root is null ? null : FindType(root, span);
        if (root is null || type is null) return document;
        var targets = type.AncestorsAndSelf().OfType<TypeDeclarationSyntax>()
            .Where(t => !t.Modifiers.Any(SyntaxKind.PartialKeyword))
            .ToList();
        if (targets.Count == 0) return document;
        var newRoot = root.ReplaceNodes(targets, (original, rewritten) => AddPartial((TypeDeclarationSyntax)rewritten));
        return document.WithSyntaxRoot(newRoot);
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
