using System;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace AutoDiffGen.Generator.Emit;

/// <summary>
/// Writes lines of C# with four-space indentation and \n line endings: a whole line (<see cref="Line"/>), or a line
/// in pieces written straight into the one buffer (<see cref="StartLine"/>, then <see cref="Append(string)"/>s, then
/// <see cref="EndLine"/>), so that printing an expression builds no string of its own.
/// </summary>
internal sealed class IndentedWriter
{
    /// <summary>The most characters a builder may hold and still be kept for the next file (see <see cref="ForFile"/>).</summary>
    private const int KeptCapacity = 64 * 1024;

    /// <summary>The builder of the last file written on this thread, free for the next one (see <see cref="ForFile"/>).</summary>
    [ThreadStatic]
    private static StringBuilder? spare;

    private readonly StringBuilder builder;
    private int indent;

    /// <param name="capacity">Characters to reserve.</param>
    public IndentedWriter(int capacity) => builder = new StringBuilder(capacity);

    private IndentedWriter(StringBuilder builder) => this.builder = builder;

    /// <summary>
    /// A writer for a whole generated file, on the builder the previous file left on this thread if any: a method's
    /// derivatives run to some ten thousand characters, and a new builder for each would be about as much again as
    /// everything else emitting them allocates, the text included. <see cref="Finish"/> gives the text and leaves the
    /// builder for the next file; if writing a file throws, its builder is dropped and the next file starts a new one.
    /// </summary>
    public static IndentedWriter ForFile()
    {
        var builder = spare ?? new StringBuilder(16 * 1024);
        spare = null;
        return new IndentedWriter(builder.Clear());
    }

    /// <summary>The text written; the writer is not to be used after this (its builder may be writing the next file).</summary>
    public string Finish()
    {
        var text = builder.ToString();
        if (builder.Capacity <= KeptCapacity) spare = builder;
        return text;
    }

    /// <summary>How many characters have been written: compare two readings to see whether anything was written in between.</summary>
    public int Length => builder.Length;

    public void Line(string text = "")
    {
        if (text.Length > 0) StartLine().Append(text);
        EndLine();
    }

    /// <summary>
    /// Writes a line given as an interpolated string (<c>w.Line($"return {value};")</c>) piece by piece: the compiler
    /// hands each literal part and each value to a <see cref="LineBuilder"/>, which appends it to the buffer, so the
    /// line is never built as a string of its own. A plain string goes to <see cref="Line(string)"/>. The values are
    /// computed while the line is being written: none of them may write to this writer itself.
    /// </summary>
    public void Line([InterpolatedStringHandlerArgument("")] LineBuilder line) => EndLine();

    /// <summary>How the compiler writes an interpolated string passed to <see cref="Line(LineBuilder)"/> (an interpolated string handler, C# 10): it starts the line, then appends each part in order.</summary>
    [InterpolatedStringHandler]
    public readonly struct LineBuilder
    {
        private readonly IndentedWriter writer;

        public LineBuilder(int literalLength, int formattedCount, IndentedWriter writer)
        {
            this.writer = writer;
            writer.StartLine();
        }

        public void AppendLiteral(string text) => writer.Append(text);

        public void AppendFormatted(string? text) => writer.Append(text ?? "");

        /// <summary>A count or an index (culture-invariant: C# reads it back whatever the machine's culture).</summary>
        public void AppendFormatted(int value) => writer.Append(value.ToString(CultureInfo.InvariantCulture));

        /// <summary>A character as itself (without this overload, a char would go to the int one and print its code).</summary>
        public void AppendFormatted(char c) => writer.Append(c);
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
