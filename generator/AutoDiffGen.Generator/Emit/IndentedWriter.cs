using System.Text;

namespace AutoDiffGen.Generator.Emit;

/// <summary>Writes lines of C# with four-space indentation and \n line endings.</summary>
internal sealed class IndentedWriter
{
    private readonly StringBuilder builder = new(16 * 1024); // a method's derivatives run to a few thousand characters
    private int indent;

    /// <summary>How many characters have been written: compare two readings to see whether anything was written in between.</summary>
    public int Length => builder.Length;

    public void Line(string text = "")
    {
        if (text.Length > 0) builder.Append(' ', indent * 4).Append(text);
        builder.Append('\n');
    }

    public void Open(string? header = null)
    {
        if (header is not null) Line(header);
        Line("{");
        indent++;
    }

    public void Close(string suffix = "")
    {
        indent--;
        Line("}" + suffix);
    }

    public override string ToString() => builder.ToString();
}
