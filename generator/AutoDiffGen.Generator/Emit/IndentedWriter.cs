using System.Text;

namespace AutoDiffGen.Generator.Emit;

/// <summary>
/// Writes lines of C# with four-space indentation and \n line endings: a whole line (<see cref="Line"/>), or a line
/// in pieces written straight into the one buffer (<see cref="StartLine"/>, then <see cref="Append(string)"/>s, then
/// <see cref="EndLine"/>), so that printing an expression builds no string of its own.
/// </summary>
internal sealed class IndentedWriter
{
    private readonly StringBuilder builder;
    private int indent;

    /// <param name="capacity">Characters to reserve: a method's derivatives run to a few thousand.</param>
    public IndentedWriter(int capacity = 16 * 1024) => builder = new StringBuilder(capacity);

    /// <summary>How many characters have been written: compare two readings to see whether anything was written in between.</summary>
    public int Length => builder.Length;

    public void Line(string text = "")
    {
        if (text.Length > 0) StartLine().Append(text);
        EndLine();
    }

    /// <summary>Starts a line: writes its indentation. Append the rest, then <see cref="EndLine"/>.</summary>
    public IndentedWriter StartLine()
    {
        builder.Append(' ', indent * 4);
        return this;
    }

    public IndentedWriter Append(string text)
    {
        builder.Append(text);
        return this;
    }

    public IndentedWriter Append(char c)
    {
        builder.Append(c);
        return this;
    }

    public void EndLine() => builder.Append('\n');

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
