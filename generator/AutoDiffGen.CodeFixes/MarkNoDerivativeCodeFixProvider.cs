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
/// ADG0302 (an active parameter does not affect the result): "Mark 'x' [NoDerivative]" puts <c>[NoDerivative]</c> on
/// the parameter, and adds <c>using AutoDiffGen;</c> to the file when the attribute's short name does not bind there.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MarkNoDerivativeCodeFixProvider))]
[Shared]
public sealed class MarkNoDerivativeCodeFixProvider : NodeCodeFixProvider<ParameterSyntax>
{
    /// <summary>The id of the diagnostic this provider fixes.</summary>
    public const string DiagnosticId = "ADG0302";

    private const string Namespace = "AutoDiffGen";
    private const string AttributeMetadataName = "AutoDiffGen.NoDerivativeAttribute";

    /// <summary>A provider for <see cref="DiagnosticId"/>.</summary>
    public MarkNoDerivativeCodeFixProvider()
        : base(DiagnosticId)
    {
    }

    /// <summary>The title of the fix for a parameter named <paramref name="parameterName"/>.</summary>
    public static string Title(string parameterName) => $"Mark '{parameterName}' [NoDerivative]";

    /// <inheritdoc/>
    protected override string TitleFor(ParameterSyntax node) => Title(node.Identifier.ValueText);

    /// <inheritdoc/>
    protected override ParameterSyntax? Find(SyntaxNode root, TextSpan span)
        => root.FindNode(span, getInnermostNodeForTie: true).AncestorsAndSelf().OfType<ParameterSyntax>().FirstOrDefault();

    /// <inheritdoc/>
    protected override async Task<Document> FixAsync(Document document, SyntaxNode root, ParameterSyntax node, CancellationToken cancellationToken)
    {
        bool bindsAlready = await ShortNameBindsAsync(document, node, root, cancellationToken).ConfigureAwait(false);
        var newRoot = root.ReplaceNode(node, AddAttribute(node));
        if (!bindsAlready && newRoot is CompilationUnitSyntax unit)
            newRoot = AddUsing(unit, EndOfLine(root));
        return document.WithSyntaxRoot(newRoot);
    }

    /// <summary><c>double y</c> → <c>[NoDerivative] double y</c>; the parameter's leading trivia stays in front.</summary>
    internal static ParameterSyntax AddAttribute(ParameterSyntax parameter)
    {
        var list = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(
                SyntaxFactory.Attribute(SyntaxFactory.IdentifierName("NoDerivative"))))
            .WithTrailingTrivia(SyntaxFactory.Space);
        if (parameter.AttributeLists.Count == 0)
        {
            var leading = parameter.GetLeadingTrivia();
            return parameter.WithoutLeadingTrivia()
                .WithAttributeLists(SyntaxFactory.SingletonList(list.WithLeadingTrivia(leading)));
        }
        return parameter.WithAttributeLists(parameter.AttributeLists.Add(list));
    }

    /// <summary>Whether <c>NoDerivative</c> already means <c>AutoDiffGen.NoDerivativeAttribute</c> at the parameter (a using, a global using, the namespace).</summary>
    private static async Task<bool> ShortNameBindsAsync(Document document, ParameterSyntax parameter, SyntaxNode root, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model is not null && model.Compilation.GetTypeByMetadataName(AttributeMetadataName) is not null)
        {
            var info = model.GetSpeculativeSymbolInfo(
                parameter.SpanStart, SyntaxFactory.IdentifierName("NoDerivativeAttribute"), SpeculativeBindingOption.BindAsTypeOrNamespace);
            return info.Symbol is INamedTypeSymbol symbol && symbol.ToDisplayString() == AttributeMetadataName;
        }
        // No semantic information: look for `using AutoDiffGen;` in the file.
        return root.DescendantNodes().OfType<UsingDirectiveSyntax>()
            .Any(u => u.Alias is null && u.StaticKeyword.IsKind(SyntaxKind.None) && u.Name?.ToString() == Namespace);
    }

    private static CompilationUnitSyntax AddUsing(CompilationUnitSyntax unit, SyntaxTrivia endOfLine)
    {
        var directive = SyntaxFactory.UsingDirective(SyntaxFactory.IdentifierName(Namespace))
            .WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword).WithTrailingTrivia(SyntaxFactory.Space))
            .WithTrailingTrivia(endOfLine);
        if (unit.Usings.Count > 0)
        {
            // After the last plain (non-global, non-alias, non-static) using, or at the end of the usings.
            int index = unit.Usings.Count;
            for (int i = unit.Usings.Count - 1; i >= 0; i--)
            {
                var u = unit.Usings[i];
                if (u.GlobalKeyword.IsKind(SyntaxKind.None) && u.Alias is null && u.StaticKeyword.IsKind(SyntaxKind.None)) { index = i + 1; break; }
            }
            return unit.WithUsings(unit.Usings.Insert(index, directive));
        }
        // No usings: first line of the file, with a blank line after it; a leading comment (a license header) stays first.
        var first = unit.GetFirstToken(includeZeroWidth: true);
        var leading = first.LeadingTrivia;
        var withDirective = unit.ReplaceToken(first, first.WithLeadingTrivia(SyntaxFactory.TriviaList()));
        return withDirective.WithUsings(SyntaxFactory.SingletonList(
            directive.WithLeadingTrivia(leading).WithTrailingTrivia(endOfLine, endOfLine)));
    }

    private static SyntaxTrivia EndOfLine(SyntaxNode root)
        => root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) is var eol && eol.IsKind(SyntaxKind.EndOfLineTrivia)
            ? eol
            : SyntaxFactory.LineFeed;
}
