using System;
using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// Source text with expected spans marked <c>[|…|]</c> (not nested). <see cref="Source"/> is the text
/// without the marks; <see cref="Spans"/> the marked spans, in order.
/// </summary>
internal sealed class Markup
{
    private Markup(string source, ImmutableArray<TextSpan> spans)
    {
        Source = source;
        Spans = spans;
    }

    public string Source { get; }

    public ImmutableArray<TextSpan> Spans { get; }

    /// <summary>The one marked span.</summary>
    public TextSpan Span => Spans.Length == 1
        ? Spans[0]
        : throw new InvalidOperationException($"The markup has {Spans.Length} spans, not one.");

    /// <summary>Line/column (0-based) of a span in <see cref="Source"/>.</summary>
    public LinePositionSpan LineSpan(TextSpan span) => SourceText.From(Source).Lines.GetLinePositionSpan(span);

    public static Markup Parse(string markup)
    {
        var text = new StringBuilder(markup.Length);
        var spans = ImmutableArray.CreateBuilder<TextSpan>();
        int? start = null;
        for (int i = 0; i < markup.Length; i++)
        {
            if (string.CompareOrdinal(markup, i, "[|", 0, 2) == 0)
            {
                if (start is not null) throw new FormatException("Nested [| in markup.");
                start = text.Length;
                i++;
            }
            else if (string.CompareOrdinal(markup, i, "|]", 0, 2) == 0)
            {
                if (start is null) throw new FormatException("|] without [| in markup.");
                spans.Add(TextSpan.FromBounds(start.Value, text.Length));
                start = null;
                i++;
            }
            else
            {
                text.Append(markup[i]);
            }
        }
        if (start is not null) throw new FormatException("[| without |] in markup.");
        return new Markup(text.ToString(), spans.ToImmutable());
    }
}
