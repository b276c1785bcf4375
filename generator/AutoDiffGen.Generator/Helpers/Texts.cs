using System.Text;

namespace AutoDiffGen.Generator.Helpers;

/// <summary>Source text as messages and generated comments quote it: on one line, and cut to a length.</summary>
internal static class Texts
{
    /// <summary>The text on one line: each run of white space (line breaks included) becomes one space; none at either end.</summary>
    public static string OneLine(string text)
    {
        var builder = new StringBuilder(text.Length);
        bool pending = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pending = builder.Length > 0;
                continue;
            }
            if (pending) builder.Append(' ');
            pending = false;
            builder.Append(c);
        }
        return builder.ToString();
    }

    /// <summary>The text, or its first <paramref name="length"/> - 1 characters and an ellipsis.</summary>
    public static string Truncate(this string text, int length) => text.Length <= length ? text : text.Substring(0, length - 1) + "…";
}
