using System.Collections.Generic;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Emit;

/// <summary>
/// Lines the wrapper members (Jacobian, Hessian over spans) and the pooled local spans of a member have in
/// common: renting a span from <c>ArrayPool</c>, laying inputs end to end, and setting one entry of a unit vector.
/// </summary>
internal static class SpanCode
{
    public static string Pool(string type) => $"global::System.Buffers.ArrayPool<{type}>.Shared";

    /// <summary><c>var buffer = ArrayPool&lt;T&gt;.Shared.Rent(length); var span = new Span&lt;T&gt;(buffer, 0, length);</c></summary>
    public static void Rent(IndentedWriter w, string type, string buffer, string span, string length)
    {
        w.Line($"var {buffer} = {Pool(type)}.Rent({length});");
        w.Line($"var {span} = new global::System.Span<{type}>({buffer}, 0, {length});");
    }

    /// <summary>Elements up to which <see cref="Scratch"/> puts a span on the stack.</summary>
    public const int StackElements = 32;

    /// <summary>
    /// A scratch span of <paramref name="length"/> elements: on the stack when it is short (a small Jacobian's seeds and
    /// tangents), else rented from <c>ArrayPool</c> into <paramref name="buffer"/>, which <see cref="Release"/> gives back. A
    /// generic <c>T</c> is always rented (it cannot be stack-allocated). Declare it outside loops: a stack allocation lasts
    /// until the method returns.
    /// </summary>
    public static void Scratch(IndentedWriter w, string type, string buffer, string span, string length)
    {
        w.Line($"{type}[]? {buffer} = null;");
        if (type == IrTypeExtensions.TypeParameter)
        {
            w.Line($"var {span} = new global::System.Span<{type}>({buffer} = {Pool(type)}.Rent({length}), 0, {length});");
            return;
        }
        w.Line($"global::System.Span<{type}> {span} = {length} <= {StackElements} ? stackalloc {type}[{StackElements}] : ({buffer} = {Pool(type)}.Rent({length}));");
        w.Line($"{span} = {span}.Slice(0, {length});");
    }

    /// <summary>Gives a <see cref="Scratch"/> span's buffer back to the pool, if it rented one.</summary>
    public static void Release(IndentedWriter w, string type, string buffer)
        => w.Line($"if ({buffer} is not null) {Pool(type)}.Return({buffer});");

    /// <summary><c>int x_at = 0; int a_at = x_at + x.Length; int n = a_at + 1;</c>: where each part starts (a span has its length, a scalar 1), and the total.</summary>
    public static void Offsets(IndentedWriter w, IEnumerable<Param> parts, IReadOnlyDictionary<string, string> at, string total)
    {
        string previous = "0";
        foreach (var p in parts)
        {
            w.Line($"int {at[p.Name]} = {previous};");
            previous = at[p.Name] + " + " + (p.IsContainer ? CSharpEmitter.Identifier(p.Name) + ".Length" : "1");
        }
        w.Line($"int {total} = {previous};");
    }

    /// <summary><c>if (k &gt;= at &amp;&amp; k &lt; at + x.Length) span[k - at] = value;</c>: the part of a unit vector that falls in one span.</summary>
    public static void UnitEntry(IndentedWriter w, string k, string at, Param part, string span, int value)
        => w.Line($"if ({k} >= {at} && {k} < {at} + {CSharpEmitter.Identifier(part.Name)}.Length) {span}[{k} - {at}] = {CSharpEmitter.Number(part.Type, value)};");
}
