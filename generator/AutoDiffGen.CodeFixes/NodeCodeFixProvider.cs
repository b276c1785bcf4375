using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;

namespace AutoDiffGen.CodeFixes;

/// <summary>
/// A fix for one diagnostic that rewrites one syntax node found at the diagnostic's span (a type declaration, a
/// parameter): the registration, the lookup of the node and Fix All are the same for every such fix.
/// </summary>
/// <typeparam name="TNode">The kind of node the fix rewrites.</typeparam>
public abstract class NodeCodeFixProvider<TNode> : CodeFixProvider
    where TNode : SyntaxNode
{
    private readonly string diagnosticId;

    /// <param name="diagnosticId">The diagnostic this provider fixes.</param>
    protected NodeCodeFixProvider(string diagnosticId)
    {
        this.diagnosticId = diagnosticId;
        FixableDiagnosticIds = ImmutableArray.Create(diagnosticId);
    }

    /// <inheritdoc/>
    public sealed override ImmutableArray<string> FixableDiagnosticIds { get; }

    /// <inheritdoc/>
    public sealed override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (diagnostic.Id != diagnosticId) continue;
            var span = diagnostic.Location.SourceSpan;
            if (!root.FullSpan.Contains(span) || Find(root, span) is not { } node) continue;
            context.RegisterCodeFix(
                CodeAction.Create(TitleFor(node), ct => FixAsync(context.Document, span, ct), equivalenceKey: GetType().Name),
                diagnostic);
        }
    }

    /// <summary>The node the diagnostic at <paramref name="span"/> is about, or null if there is none to fix.</summary>
    protected abstract TNode? Find(SyntaxNode root, TextSpan span);

    /// <summary>The title of the fix for <paramref name="node"/>.</summary>
    protected abstract string TitleFor(TNode node);

    /// <summary>The document with <paramref name="node"/> fixed.</summary>
    protected abstract Task<Document> FixAsync(Document document, SyntaxNode root, TNode node, CancellationToken cancellationToken);

    private async Task<Document> FixAsync(Document document, TextSpan span, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || !root.FullSpan.Contains(span) || Find(root, span) is not { } node) return document;
        return await FixAsync(document, root, node, cancellationToken).ConfigureAwait(false);
    }
}
