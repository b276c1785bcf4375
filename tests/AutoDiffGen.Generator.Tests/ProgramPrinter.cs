using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// Prints a <see cref="RandomProgram"/> as C#, resolving leaves against what is in scope: as the user's program (the
/// [Differentiable] methods in a partial class <c>P</c>), or for a batch compilation as that class (<c>P0123</c>) plus a
/// class of wrappers the tests call through an interface (<c>W0123</c>) and the oracle (<c>O0123</c>): the same method
/// bodies printed over <see cref="HyperDual{T}"/> (<c>HD</c>) instead of <c>double</c> or <c>float</c>.
/// </summary>
internal sealed class ProgramPrinter
{
    /// <summary>The constant bounds of <see cref="Function.Clamp"/>, by variant; the other variants clamp around the second operand.</summary>
    public static readonly (double Low, double High)[] ClampBounds = { (-0.5, 0.5), (0.0, 1.0), (-1.0, 0.2), (0.3, 0.3) };

    /// <summary>The user's program: the helpers and F in <c>public static partial class P</c>.</summary>
    public static string UserSource(RandomProgram program, Constructs constructs)
    {
        var printer = new ProgramPrinter(program, constructs, oracle: false, new StringBuilder());
        printer.Line("using System;");
        printer.Line("using AutoDiffGen;");
        printer.Line("");
        printer.Line($"namespace {RandomProgram.Namespace};");
        printer.Line("");
        printer.PrintClass("public static partial class P");
        return printer.text.ToString();
    }

    /// <summary>How many calls of span helpers the program makes as printed (some fall back where no helper fits): <c>H0(</c>, or <c>H0&lt;T&gt;(</c> in a generic program.</summary>
    public static int SpanCalls(RandomProgram program, Constructs constructs)
        => program.SpanHelpers.Length == 0 ? 0 : SpanCallPattern.Matches(UserSource(program, constructs)).Count - program.SpanHelpers.Length;

    /// <summary>
    /// How many local spans the program declares as printed, how many times it re-points one, and how many buffers it
    /// declares inside a loop or a branch.
    /// </summary>
    public static (int Views, int Repoints, int NestedBuffers) LocalViewsAndBuffers(RandomProgram program, Constructs constructs)
    {
        var printer = new ProgramPrinter(program, constructs, oracle: false, new StringBuilder());
        printer.PrintClass("public static partial class P");
        return (printer.viewsPrinted, printer.repointsPrinted, printer.nestedBuffersPrinted);
    }

    /// <summary>
    /// How many struct locals the program builds as printed (<c>t1 = new Cell { … }</c>), how many times it multiplies them with
    /// Cell's product, whose derivatives are registered (<c>t1 = t1 * new Cell { … }</c>, <c>new Cell { … } * new Cell { V = 1 }</c>), and whether F takes a struct of its scalars.
    /// </summary>
    public static (int Cells, int Products, bool Inputs) Structs(RandomProgram program, Constructs constructs)
    {
        var source = UserSource(program, constructs);
        return (CellPattern.Matches(source).Count, ProductPattern.Matches(source).Count, source.Contains("Inputs ins"));
    }

    private static readonly System.Text.RegularExpressions.Regex CellPattern = new(@"\bt\d+ = new Cell \{", System.Text.RegularExpressions.RegexOptions.Compiled);

    private static readonly System.Text.RegularExpressions.Regex ProductPattern = new(@"\* new Cell \{", System.Text.RegularExpressions.RegexOptions.Compiled);

    private static readonly System.Text.RegularExpressions.Regex SpanCallPattern = new(@"\bH\d(<T>)?\(", System.Text.RegularExpressions.RegexOptions.Compiled);

    /// <summary>
    /// One file of a batch: the program in <c>P{id}</c>, its wrappers in <c>W{id}</c> (an <see cref="IRandomScalarProgram"/>
    /// or an <see cref="IRandomVectorProgram"/>) and its oracle in <c>O{id}</c>.
    /// </summary>
    public static string BatchSource(RandomProgram program, Constructs constructs, string id)
    {
        var text = new StringBuilder();
        string keyword = program.Precision == Precision.Float ? "float" : "double";
        var printer = new ProgramPrinter(program, constructs, oracle: false, text);
        printer.Line("using System;");
        printer.Line("using AutoDiffGen;");
        printer.Line($"using HD = AutoDiffGen.Generator.Tests.HyperDual<{keyword}>;");
        printer.Line($"using S = AutoDiffGen.Generator.Tests.RandomProgramSupport<{keyword}>;");
        printer.Line("");
        printer.Line($"namespace {RandomProgram.Namespace};");
        printer.Line("");
        printer.PrintClass($"public static partial class P{id}");
        printer.Line("");
        printer.PrintWrappers(id);
        printer.Line("");
        new ProgramPrinter(program, constructs, oracle: true, text).PrintClass($"public static class O{id}");
        return text.ToString();
    }

    private readonly RandomProgram program;
    private readonly Constructs constructs;

    /// <summary>Whether this prints the oracle: <c>HD</c> for the type, <c>HD.Sin</c> for every function, no attributes.</summary>
    private readonly bool oracle;
    private readonly StringBuilder text;
    private int indent;

    // The method being printed.
    private string[] scalars = Array.Empty<string>();
    private bool isF;
    private Helper? helper;

    /// <summary>How many helpers the method may call (those before it).</summary>
    private int callable;

    /// <summary>How many span helpers the method may call (all of them in F, those before it in a span helper).</summary>
    private int spanCallable;

    /// <summary>The span helper being printed, if it is one.</summary>
    private SpanHelper? spanHelper;

    /// <summary>
    /// How many branches of <c>?:</c> and right operands of <c>&amp;&amp;</c> and <c>||</c> enclose what is being printed: the
    /// generator does not inline a call there, so a span call there is printed as its scalar argument instead.
    /// </summary>
    private int deferred;
    private readonly List<string> locals = new();
    private readonly List<string> flags = new();

    /// <summary>The buffers in scope: those at the top of the method, then those declared in the enclosing blocks.</summary>
    private readonly List<string> buffers = new();

    /// <summary>The buffers in scope that are arrays (sliced by <c>AsSpan</c>), not stackallocs.</summary>
    private readonly HashSet<string> arrayBuffers = new();

    /// <summary>The local spans in scope (<see cref="DeclareView"/>), in order of declaration.</summary>
    private readonly List<View> views = new();

    /// <summary>A local span: what it was declared from (which a re-pointing slices again) and whether it may be written.</summary>
    private sealed record View(string Name, SpanSource Source, bool Writable);

    /// <summary>Whether an early return was printed before in this method, or the loop being printed has one.</summary>
    private bool mayHaveReturned;

    /// <summary>How many blocks enclose what is being printed.</summary>
    private int blockDepth;
    private int nextBuffer, nextView;
    private int viewsPrinted, repointsPrinted, nestedBuffersPrinted;

    /// <summary>Enclosing loops, innermost last.</summary>
    private readonly List<LoopScope> loops = new();
    private int nextLocal, nextFlag, nextCounter, nextRef;

    /// <summary>
    /// A loop: its counter (null for foreach), the elements of x it can read, and the buffer it runs over with
    /// that counter or (foreach) with <see cref="Variable"/>.
    /// </summary>
    private sealed record LoopScope(string? Counter, string[] Elements, string? Buffer = null, string? Variable = null);

    private ProgramPrinter(RandomProgram program, Constructs constructs, bool oracle, StringBuilder text)
    {
        this.program = program;
        this.constructs = constructs;
        this.oracle = oracle;
        this.text = text;
    }

    private bool IsFloat => program.Precision == Precision.Float;

    /// <summary><c>double</c> or <c>float</c>, also in the oracle (for casts and <c>double.Sin</c>).</summary>
    private string Keyword => IsFloat ? "float" : "double";

    /// <summary>
    /// Whether the program's methods are printed generic in <c>T</c> (<see cref="RandomProgram.Generic"/>): constants
    /// <c>T.CreateChecked(0.5)</c>, functions <c>T.Sin</c>, called at the program's precision. The oracle never is.
    /// </summary>
    private bool Generic => program.Generic && !oracle;

    /// <summary>The type of values: the keyword, <c>T</c> in a generic program, or <c>HD</c> in the oracle.</summary>
    private string Real => oracle ? "HD" : Generic ? "T" : Keyword;

    /// <summary>What follows a method's name: <c>&lt;T&gt;</c> in a generic program.</summary>
    private string TypeParameters => Generic ? "<T>" : "";

    /// <summary>What follows a method's parameters: the constraint of <c>T</c> in a generic program.</summary>
    private string Constraint => Generic ? " where T : System.Numerics.IFloatingPointIeee754<T>" : "";

    /// <summary>An int (a literal or a counter) where a value is needed: as it is, or converted to <c>T</c> in a generic program.</summary>
    private string Whole(string value) => Generic ? $"T.CreateChecked({value})" : value;

    private bool IsVector => isF && program.Kind == ProgramKind.ArrayToVector;

    private bool HasArray => isF && program.Kind != ProgramKind.ScalarToScalar;

    /// <summary>Whether F takes its scalars as the fields of a record struct <c>Inputs ins</c> (the user's program; the oracle keeps them).</summary>
    private bool StructInputs => HasStructs && !oracle && program.Kind == ProgramKind.ScalarToScalar && program.ScalarCount >= 2;

    /// <summary>Whether the program has struct locals (<see cref="Constructs.Structs"/>): not a generic one, whose struct would hold a <c>T</c>.</summary>
    private bool HasStructs => constructs.Structs && !program.Generic;

    private void Line(string line)
    {
        if (line.Length > 0) text.Append(' ', 4 * indent);
        text.Append(line).Append('\n');
    }

    // -------------------------------------------------------------------------------------------- methods

    private void PrintClass(string declaration)
    {
        Line(declaration);
        Line("{");
        indent++;
        if (HasStructs)
        {
            // Cell's product has derivatives registered next to it, to second order: the calls go through them.
            Line("public struct Cell");
            Line("{");
            indent++;
            Line($"public {Real} V;");
            Line("public static Cell operator *(Cell a, Cell b) => new Cell { V = a.V * b.V };");
            if (!oracle) PrintCellDerivatives();
            indent--;
            Line("}");
            if (StructInputs) Line($"public record struct Inputs({string.Join(", ", RandomProgram.ScalarNames.Take(program.ScalarCount).Select(n => $"{Real} {n}"))});");
            Line("");
        }
        for (int k = 0; k < program.Helpers.Length; k++)
        {
            PrintHelper(k);
            Line("");
        }

        for (int k = 0; k < program.SpanHelpers.Length; k++)
        {
            PrintSpanHelper(k);
            Line("");
        }

        PrintF();
        indent--;
        Line("}");
    }

    private string Attribute(string attribute) => oracle ? "" : attribute;

    /// <summary>The effective shape of a helper: named tuples become plain ones while their elements are a known bug.</summary>
    private HelperShape ShapeOf(Helper h) => h.Shape == HelperShape.NamedTuple && !constructs.NamedTupleElements ? HelperShape.Tuple : h.Shape;

    private void PrintHelper(int k)
    {
        var h = program.Helpers[k];
        StartMethod(Helper.ParameterNames.Take(h.Arity).ToArray(), isMain: false, h, callableHelpers: k, callableSpanHelpers: 0);
        string returns = ShapeOf(h) switch
        {
            HelperShape.Scalar => Real,
            HelperShape.Tuple => $"({Real}, {Real})",
            _ => $"({Real} {Helper.ElementNames[0]}, {Real} {Helper.ElementNames[1]})",
        };
        var parameters = scalars.Select((s, i) => (h.NoDerivative[i] ? Attribute("[NoDerivative] ") : "") + $"{Real} {s}");
        if (!oracle) Line("[Differentiable]");
        Line($"public static {returns} G{k}{TypeParameters}({string.Join(", ", parameters)}){Constraint}");
        Line("{");
        indent++;
        foreach (var declaration in h.Declarations) Print(new DeclareLocal(declaration));
        foreach (var statement in h.Body) Print(statement);
        Line($"return {ReturnValue(h.Result, h.Second)};");
        indent--;
        Line("}");
    }

    /// <summary>
    /// <c>Hk</c>: a sum over its span a, or a loop writing each element of its span y (see <see cref="SpanHelper"/>), after
    /// the call of an earlier one if it makes one. Its term reads the elements of the loop's iteration (the leaves that
    /// would be x's elements, and p's when it has no p).
    /// </summary>
    private void PrintSpanHelper(int k)
    {
        var h = program.SpanHelpers[k];
        bool write = h.Kind == SpanHelperKind.Write;
        var elements = write
            ? new[] { "a[i % a.Length]", "y[i]", "a[a.Length - 1 - i % a.Length]" }
            : h.SecondSpan ? new[] { "a[i]", "b[i % b.Length]", "a[a.Length - 1 - i]" } : new[] { "a[i]", "a[a.Length - 1 - i]" };
        StartMethod(h.Scalar ? new[] { "p" } : elements, isMain: false, null, callableHelpers: program.Helpers.Length, callableSpanHelpers: k);
        spanHelper = h;
        var parameters = h.SpanNames.Select((name, slot) => $"{(h.Writes(slot) ? "Span" : "ReadOnlySpan")}<{Real}> {name}").ToList();
        if (h.Scalar) parameters.Insert(write ? 1 : parameters.Count, $"{Real} p");
        if (!oracle) Line("[Differentiable]");
        Line($"public static {(write ? "void" : Real)} H{k}{TypeParameters}({string.Join(", ", parameters)}){Constraint}");
        Line("{");
        indent++;
        var nested = h.Nested is { } n ? SpanCallText(n, _ => true) : null;
        if (write && nested is { } first)
        {
            if (first.Helper.Kind == SpanHelperKind.Write)
            {
                Line($"{first.Call};");
            }
            else
            {
                Line($"{Real} t0 = {first.Call};");
                locals.Add("t0");
            }
        }

        if (!write) Line($"{Real} s = {(nested is { } call ? call.Call : Literal(0))};");
        Line($"for (int i = 0; i < {(write ? "y" : "a")}.Length; i++)");
        Line("{");
        indent++;
        loops.Add(new LoopScope("i", elements));
        string term = write ? Squashed(h.Squash, h.Term) : Print(h.Term);
        Line(write ? $"y[i] {Operator(h.Op)} {term};" : $"s += {(h.Product ? $"a[i] * ({term})" : term)};");
        indent--;
        Line("}");
        if (!write) Line("return s;");
        indent--;
        Line("}");
    }

    private void PrintF()
    {
        StartMethod(RandomProgram.ScalarNames.Take(program.ScalarCount).ToArray(), isMain: true, null, program.Helpers.Length, program.SpanHelpers.Length);
        var parameters = new List<string>();
        if (HasArray) parameters.Add(program.SpanParameters ? $"ReadOnlySpan<{Real}> x" : $"{Real}[] x");
        if (StructInputs)
        {
            parameters.Add("Inputs ins");
            scalars = scalars.Select(s => "ins." + s).ToArray();
        }
        else
        {
            parameters.AddRange(scalars.Select(s => $"{Real} {s}"));
        }
        parameters.Add("int n");
        if (IsVector) parameters.Add(program.SpanParameters ? $"Span<{Real}> y" : $"{Real}[] y");
        if (!oracle) Line("[Differentiable]");
        Line($"public static {(IsVector ? "void" : Real)} {RandomProgram.MethodName}{TypeParameters}({string.Join(", ", parameters)}){Constraint}");
        Line("{");
        indent++;
        foreach (var declaration in program.Declarations) Print(new DeclareLocal(declaration));
        foreach (var buffer in program.Buffers) Declare(buffer);
        foreach (var view in program.Views) PrintDeclareView(view);
        foreach (var statement in program.Body) Print(statement);
        foreach (var output in program.Outputs) Print(output);
        // While loops the reverse sweep leaves out are a known bug, the result reads every buffer, so none is dead.
        string read = buffers.Count == 0 || constructs.LoopsWithoutBackwardSweep
            ? ""
            : $"{Literal(0.001)} * ({string.Join(" + ", buffers.Select(u => $"{u}[0] + {u}[{u}.Length - 1]"))})";
        if (IsVector && read.Length > 0) Line($"y[0] += {read};");
        if (program.Result is not null) Line($"return {Print(program.Result)}{(read.Length > 0 ? " + " + read : "")};");
        indent--;
        Line("}");
    }

    private void StartMethod(string[] parameterNames, bool isMain, Helper? h, int callableHelpers, int callableSpanHelpers)
    {
        scalars = parameterNames;
        isF = isMain;
        helper = h;
        callable = callableHelpers;
        spanCallable = callableSpanHelpers;
        spanHelper = null;
        deferred = 0;
        locals.Clear();
        flags.Clear();
        buffers.Clear();
        arrayBuffers.Clear();
        views.Clear();
        loops.Clear();
        blockDepth = 0;
        mayHaveReturned = false;
        nextLocal = nextFlag = nextCounter = nextRef = nextBuffer = nextView = 0;
    }

    /// <summary>What a return statement of the method returns: <paramref name="value"/>, or a tuple of a helper's shape.</summary>
    private string ReturnValue(Expr value, Expr second)
    {
        string first = Print(value);
        return helper is null || ShapeOf(helper) == HelperShape.Scalar ? first : $"({first}, {Print(second)})";
    }

    // -------------------------------------------------------------------------------------------- wrappers

    /// <summary>
    /// <c>W{id}</c>: the program's members over the flat vector z of active inputs (the elements of x, then the scalars),
    /// with arrays of doubles in place of spans, outs and refs, so that the tests treat every kind and precision alike.
    /// </summary>
    private void PrintWrappers(string id)
    {
        string p = "P" + id, o = "O" + id, t = Keyword;
        // A generic program's members are called at the program's precision.
        string at = Generic ? $"<{t}>" : "";
        string Narrow(string e) => IsFloat ? $"({t}){e}" : e;
        bool vector = program.Kind == ProgramKind.ArrayToVector;
        Line($"public sealed class W{id} : AutoDiffGen.Generator.Tests.{(vector ? "IRandomVectorProgram" : "IRandomScalarProgram")}");
        Line("{");
        indent++;
        Line("public int N { get; set; }");
        if (program.Kind == ProgramKind.ScalarToScalar)
        {
            int k = program.ScalarCount;
            string Each(Func<int, string> f) => string.Join(", ", Enumerable.Range(0, k).Select(f));
            string z = Each(i => Narrow($"z[{i}]")), v = Each(i => Narrow($"v[{i}]"));
            string Store(string array, string prefix) => string.Join(" ", Enumerable.Range(0, k).Select(i => $"{array}[{i}] = {prefix}{i};"));
            string Load(string array, string prefix) => string.Join(" ", Enumerable.Range(0, k).Select(i => $"var {prefix}{i} = {Narrow($"{array}[{i}]")};"));
            if (StructInputs)
            {
                // F takes Inputs: its public members take and give Inputs, the hidden ones (called below) its fields.
                string fields = string.Join(" ", RandomProgram.ScalarNames.Take(k).Select((n, i) => $"g[{i}] = gs.{n};"));
                Line($"public double Value(double[] z) => {p}.F{at}(new {p}.Inputs({z}), N);");
                Line($"public double Gradient(double[] z, double[] g) {{ double value = {p}.FGradient{at}(new {p}.Inputs({z}), N, out var gs); {fields} return value; }}");
            }
            else
            {
                Line($"public double Value(double[] z) => {p}.F{at}({z}, N);");
                Line($"public double Gradient(double[] z, double[] g) {{ double value = {p}.FGradient{at}({z}, N, {Each(i => $"out var g{i}")}); {Store("g", "g")} return value; }}");
            }
            Line($"public void Pullback(double[] z, double seed, double[] g) {{ {Load("g", "g")} {p}.FPullback{at}({z}, N, {Narrow("seed")}, {Each(i => $"ref g{i}")}); {Store("g", "g")} }}");
            Line($"public double Pushforward(double[] z, double[] v, out double tangent) {{ double value = {p}.FPushforward{at}({z}, N, {v}, out var t); tangent = t; return value; }}");
            Line($"public double HessianVectorProduct(double[] z, double[] v, double[] hv) {{ double value = {p}.FHessianVectorProduct{at}({z}, N, {v}, {Each(i => $"out var h{i}")}); {Store("hv", "h")} return value; }}");
            Line($"public double Hessian(double[] z, double[] g, double[] h) {{ var gs = S.NaNs({k}); var hs = S.NaNs({k * k}); double value = {p}.FHessian{at}({z}, N, gs, hs); S.Store(gs, g); S.Store(hs, h); return value; }}");
            Line("public bool PullbackPushforward(double[] z, double seed, double[] g, double[] v, double tseed, double[] tg)");
            Line("{");
            Line($"    {Load("g", "g")} {Load("tg", "t")}");
            Line($"    {p}.FPullbackPushforward{at}({z}, N, {Narrow("seed")}, {Each(i => $"ref g{i}")}, {v}, {Narrow("tseed")}, {Each(i => $"ref t{i}")});");
            Line($"    {Store("g", "g")} {Store("tg", "t")}");
            Line("    return true;");
            Line("}");
            Line($"public AutoDiffGen.Generator.Tests.HyperDual<double> Oracle(double[] z, double[] v, double[] w) => {o}.F({Each(i => $"S.Input(z, v, w, {i})")}, N).ToDouble();");
        }
        else if (program.Kind == ProgramKind.ArrayToScalar)
        {
            const string x = "S.Elements(z), S.Last(z)", tx = "S.Elements(v), S.Last(v)";
            Line($"public double Value(double[] z) => {p}.F{at}({x}, N);");
            Line($"public double Gradient(double[] z, double[] g) {{ var dx = S.NaNs(z.Length - 1); double value = {p}.FGradient{at}({x}, N, dx, out var da); S.Store(dx, da, g); return value; }}");
            Line($"public void Pullback(double[] z, double seed, double[] g) {{ var dx = S.Elements(g); var da = S.Last(g); {p}.FPullback{at}({x}, N, {Narrow("seed")}, dx, ref da); S.Store(dx, da, g); }}");
            Line($"public double Pushforward(double[] z, double[] v, out double tangent) {{ double value = {p}.FPushforward{at}({x}, N, {tx}, out var t); tangent = t; return value; }}");
            Line($"public double HessianVectorProduct(double[] z, double[] v, double[] hv) {{ var hx = S.NaNs(z.Length - 1); double value = {p}.FHessianVectorProduct{at}({x}, N, {tx}, hx, out var ha); S.Store(hx, ha, hv); return value; }}");
            Line($"public double Hessian(double[] z, double[] g, double[] h) {{ var gs = S.NaNs(z.Length); var hs = S.NaNs(z.Length * z.Length); double value = {p}.FHessian{at}({x}, N, gs, hs); S.Store(gs, g); S.Store(hs, h); return value; }}");
            Line("public bool PullbackPushforward(double[] z, double seed, double[] g, double[] v, double tseed, double[] tg) => false;");
            Line($"public AutoDiffGen.Generator.Tests.HyperDual<double> Oracle(double[] z, double[] v, double[] w) => {o}.F(S.InputElements(z, v, w), S.Input(z, v, w, z.Length - 1), N).ToDouble();");
        }
        else
        {
            const string x = "S.Elements(z), S.Last(z)", tx = "S.Elements(v), S.Last(v)";
            Line($"public void Value(double[] z, double[] y) {{ var ys = S.All(y); {p}.F{at}({x}, N, ys); S.Store(ys, y); }}");
            Line($"public void Pushforward(double[] z, double[] v, double[] y, double[] ty) {{ var ys = S.All(y); var tys = S.All(ty); {p}.FPushforward{at}({x}, N, ys, {tx}, tys); S.Store(ys, y); S.Store(tys, ty); }}");
            Line($"public void Pullback(double[] z, double[] y, double[] dy, double[] g) {{ var ys = S.All(y); var dys = S.All(dy); var dx = S.Elements(g); var da = S.Last(g); {p}.FPullback{at}({x}, N, ys, dys, dx, ref da); S.Store(ys, y); S.Store(dys, dy); S.Store(dx, da, g); }}");
            Line($"public void Jacobian(double[] z, double[] y, double[] j) {{ var ys = S.All(y); var js = S.NaNs(j.Length); {p}.FJacobian{at}({x}, N, ys, js); S.Store(ys, y); S.Store(js, j); }}");
            Line($"public void Oracle(double[] z, double[] v, double[] w, double[] y, AutoDiffGen.Generator.Tests.HyperDual<double>[] result) {{ var ys = S.Constants(y); {o}.F(S.InputElements(z, v, w), S.Input(z, v, w, z.Length - 1), N, ys); S.Store(ys, result); }}");
        }

        indent--;
        Line("}");
    }

    /// <summary>The derivatives of Cell's product, registered next to it (not in the oracle, which has no attributes).</summary>
    private void PrintCellDerivatives()
    {
        Line("[DerivativeOf(typeof(Cell), \"op_Multiply\", DerivativeKind.Pullback)]");
        Line("public static void TimesPullback(Cell a, Cell b, Cell seed, ref Cell da, ref Cell db) { da.V += seed.V * b.V; db.V += seed.V * a.V; }");
        Line("[DerivativeOf(typeof(Cell), \"op_Multiply\", DerivativeKind.Pushforward)]");
        Line("public static Cell TimesPushforward(Cell a, Cell b, Cell ta, Cell tb, out Cell tangent) { tangent = new Cell { V = ta.V * b.V + a.V * tb.V }; return a * b; }");
        Line("[DerivativeOf(typeof(Cell), nameof(TimesPullback), DerivativeKind.Pushforward)]");
        Line("public static void TimesPullbackPushforward(Cell a, Cell b, Cell seed, ref Cell da, ref Cell db, Cell ta, Cell tb, Cell tseed, ref Cell tda, ref Cell tdb)");
        Line("{");
        Line("    TimesPullback(a, b, seed, ref da, ref db);");
        Line("    tda.V += tseed.V * b.V + seed.V * tb.V;");
        Line("    tdb.V += tseed.V * a.V + seed.V * ta.V;");
        Line("}");
    }

    // -------------------------------------------------------------------------------------------- statements

    private void Print(Statement statement)
    {
        switch (statement)
        {
            case DeclareLocal d:
            {
                string value = Print(d.Value);
                string name = "t" + nextLocal++;
                if (HasStructs && nextLocal % 2 == 0)
                {
                    // Half of them through Cell's registered product, by one (the same value, and the same derivatives).
                    Line(nextLocal % 4 == 0 ? $"var {name} = new Cell {{ V = {value} }} * new Cell {{ V = 1 }};" : $"var {name} = new Cell {{ V = {value} }};");
                    locals.Add(name + ".V");
                    break;
                }
                Line($"{Real} {name} = {value};");
                locals.Add(name);
                break;
            }
            case DeclareFlag d:
            {
                string value = Print(d.Value);
                string name = "f" + nextFlag++;
                Line($"bool {name} = {value};");
                flags.Add(name);
                break;
            }
            case Assign a when a.Op == AssignOp.Set && a.Pick % 2 == 0 && locals[a.Pick % locals.Count] is var cell && cell.EndsWith(".V", StringComparison.Ordinal):
                Line($"{cell.Substring(0, cell.Length - 2)} = new Cell {{ V = {Squashed(a.Squash, a.Value)} }};");
                break;
            case Assign { Op: AssignOp.Multiply } a when locals[a.Pick % locals.Count] is var factor && factor.EndsWith(".V", StringComparison.Ordinal):
                // t1.V *= v as Cell's registered product: t1 = t1 * new Cell { V = v }.
                var product = factor.Substring(0, factor.Length - 2);
                Line($"{product} = {product} * new Cell {{ V = {Squashed(a.Squash, a.Value)} }};");
                break;
            case Assign a:
                Line($"{locals[a.Pick % locals.Count]} {Operator(a.Op)} {Squashed(a.Squash, a.Value)};");
                break;
            case BufferWrite w when buffers.Count == 0:
                Print(new Assign(w.Index, w.Op, w.Squash, w.Value));
                break;
            case BufferWrite w:
                Line($"{BufferTarget(w.Buffer, w.Index)} {Operator(w.Op)} {Squashed(w.Squash, w.Value)};");
                break;
            case DeclareView d:
                PrintDeclareView(d);
                break;
            case Repoint r:
                PrintRepoint(r);
                break;
            case ViewWrite w when !constructs.LocalViews || !views.Any(v => v.Writable):
                Print(new BufferWrite(w.View, w.Index, w.Op, w.Squash, w.Value));
                break;
            case ViewWrite w:
            {
                var writable = views.Where(v => v.Writable).ToArray();
                string view = writable[w.View % writable.Length].Name;
                var indices = BufferIndices(view).ToArray();
                Line($"{view}[{indices[w.Index % indices.Length]}] {Operator(w.Op)} {Squashed(w.Squash, w.Value)};");
                break;
            }
            case DeclareBuffer d:
                if (!isF || !constructs.NestedBuffers || (mayHaveReturned && !constructs.ArraysAfterReturns)) break;
                if (blockDepth > 0) nestedBuffersPrinted++;
                Declare(d.Buffer);
                break;
            case RefWrite r:
                PrintRefWrite(r);
                break;
            case DeclareFromCall d:
                PrintDeclareFromCall(d);
                break;
            case SpanCallStatement c:
                PrintSpanCallStatement(c.Call);
                break;
            case GuardedSqrt g:
            {
                string value = Print(g.Value), fallback = Print(g.Fallback);
                string name = "t" + nextLocal++;
                Line($"{Real} {name} = {Fn("Sqrt", false)}({value});");
                Line($"if ({IsNaN}({name})) {(g.Return ? Return(g.Fallback) : $"{name} = {fallback};")}");
                mayHaveReturned |= g.Return;
                locals.Add(name);
                break;
            }
            case IfElse i:
                Line($"if ({Print(i.Test)})");
                Block(i.Then);
                if (i.Else.Length > 0)
                {
                    Line("else");
                    Block(i.Else);
                }

                break;
            case Loop l:
                PrintLoop(l);
                break;
            case Jump j:
                Line($"if ({Print(j.Test)}) {(j.Kind == JumpKind.Break ? "break" : "continue")};");
                break;
            case EarlyReturn r:
                Line($"if ({Print(r.Test)}) {Return(r.Value)}");
                mayHaveReturned = true;
                break;
            case Output o:
            {
                Line($"{OutputAt(o.Pick)} {Operator(o.Op)} {(o.Squash is { } squash ? Squashed(squash, o.Value) : Print(o.Value))};");
                break;
            }
            default:
                throw new InvalidOperationException("Unknown statement " + statement);
        }
    }

    /// <summary>An early <c>return</c> of the method: of <paramref name="value"/> (and a tuple of it in a tuple helper), or bare in F of a vector.</summary>
    private string Return(Expr? value)
    {
        if (IsVector) return "return;";
        value ??= new Local(0);
        return $"return {ReturnValue(value, value)};";
    }

    private string IsNaN => oracle ? "HD.IsNaN" : $"{(Generic ? "T" : Keyword)}.IsNaN";

    private void PrintRefWrite(RefWrite r)
    {
        bool toBuffer = buffers.Count > 0 && r.Target % 2 == 1;
        if (!constructs.RefLocals)
        {
            Print(toBuffer ? new BufferWrite(r.Target / 2, r.Index, r.Op, r.Squash, r.Value) : new Assign(r.Target, r.Op, r.Squash, r.Value));
            return;
        }

        string target = toBuffer ? BufferTarget(r.Target / 2, r.Index) : locals[r.Target % locals.Count];
        string name = "r" + nextRef++;
        Line($"ref {Real} {name} = ref {target};");
        Line($"{name} {Operator(r.Op)} {Squashed(r.Squash, r.Value)};");
        locals.Add(name);
    }

    private void PrintDeclareFromCall(DeclareFromCall d)
    {
        if (callable == 0)
        {
            Print(new DeclareLocal(d.Args[0]));
            return;
        }

        var (call, h) = Call(d.Helper, d.Style, d.Args);
        if (ShapeOf(h) == HelperShape.Scalar)
        {
            string name = "t" + nextLocal++;
            Line($"{Real} {name} = {call};");
            locals.Add(name);
        }
        else
        {
            string first = "t" + nextLocal++, second = "t" + nextLocal++;
            Line($"var ({first}, {second}) = {call};");
            locals.Add(first);
            locals.Add(second);
        }
    }

    /// <summary>
    /// A call of the <paramref name="pick"/>-th helper the method may call, with its arguments (named, in reverse order,
    /// with bit 0 of <paramref name="style"/>); a [NoDerivative] parameter gets a constant while active arguments to one are
    /// a known bug, and so does an argument that repeats an earlier one while that is.
    /// </summary>
    private (string Call, Helper Helper) Call(int pick, int style, Expr[] args)
    {
        int k = pick % callable;
        var h = program.Helpers[k];
        var values = new string[h.Arity];
        bool varies = false;
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = h.NoDerivative[i] && !constructs.ActiveNoDerivativeArguments ? Literal((i + 3) / 10.0) : Print(args[i]);
            if (constructs.RepeatedArguments) continue;
            // The same value in two arguments is a known bug, and the generator finds equal values in different text (a
            // copy, a common subexpression): an argument that repeats another's text becomes a constant, and each one
            // after the first that varies is scaled by a factor of its own.
            if (values.Take(i).Contains(values[i]))
            {
                values[i] = Literal((i + 3) / 10.0);
            }
            else if (!IsConstant(args[i]))
            {
                if (varies) values[i] = $"({values[i]} * {Literal((i + 4) / 10.0)})";
                varies = true;
            }
        }

        var arguments = (style & 1) == 0
            ? values
            : values.Select((v, i) => $"{Helper.ParameterNames[i]}: {v}").Reverse().ToArray();
        return ($"G{k}{TypeParameters}({string.Join(", ", arguments)})", h);
    }

    private string PrintCall(HelperCall c)
    {
        if (callable == 0) return Print(c.Args[0]);
        var (call, h) = Call(c.Helper, c.Style, c.Args);
        int element = (c.Style >> 1) & 1;
        return ShapeOf(h) switch
        {
            HelperShape.Scalar => call,
            HelperShape.NamedTuple when (c.Style & 4) != 0 => $"{call}.{Helper.ElementNames[element]}",
            _ => $"{call}.Item{element + 1}",
        };
    }

    /// <summary>
    /// A span call as a statement: of a helper that writes a span, the call; of one that returns a value, a local holding
    /// it; a local of the scalar argument when no span helper can be called here.
    /// </summary>
    private void PrintSpanCallStatement(SpanCall c)
    {
        if (SpanCallText(c, _ => true) is not { } call)
        {
            Print(new DeclareLocal(c.Scalar));
            return;
        }

        if (call.Helper.Kind == SpanHelperKind.Write)
        {
            Line($"{call.Call};");
            return;
        }

        string name = "t" + nextLocal++;
        Line($"{Real} {name} = {call.Call};");
        locals.Add(name);
    }

    /// <summary>A span call in an expression: of a helper that returns a value; its scalar argument where there is none or the call would not be inlined.</summary>
    private string PrintSpanCall(SpanCall c)
        => deferred == 0 && SpanCallText(c, h => h.Kind == SpanHelperKind.Reduce) is { } call ? call.Call : Print(c.Scalar);

    /// <summary>
    /// A span in scope that a call may pass: whether it is an array (sliced by <c>AsSpan</c> and ranges) or a span (by
    /// <c>Slice</c> and ranges), whether it is never empty, and whether a helper may write it (a buffer, y, a helper's y).
    /// </summary>
    private sealed record SpanSource(string Name, bool IsArray, bool NonEmpty, bool Writable);

    /// <summary>The spans a call may pass here: x, the buffers and y in F; a span helper's own parameters.</summary>
    private IEnumerable<SpanSource> SpanSources()
    {
        if (spanHelper is { } h)
        {
            for (int slot = 0; slot < h.SpanNames.Length; slot++) yield return new(h.SpanNames[slot], false, h.NeedsElements(slot), h.Writes(slot));
            yield break;
        }

        if (!isF) yield break;
        if (HasArray) yield return new("x", !program.SpanParameters, true, false);
        foreach (var u in buffers) yield return new(u, arrayBuffers.Contains(u), true, true);
        if (IsVector) yield return new("y", !program.SpanParameters, true, true);
        foreach (var view in views) yield return new(view.Name, false, true, view.Writable);
    }

    /// <summary>
    /// <c>Span&lt;double&gt; wN = slice;</c>, or <c>ReadOnlySpan</c> of x, read-only ones and where nothing may be written:
    /// of a span in scope (y only where the program reads it back, see <see cref="RandomProgramGen"/>), by a slice never
    /// empty whatever its length. Nothing where there is no span (or local spans are left out).
    /// </summary>
    private void PrintDeclareView(DeclareView d)
    {
        var sources = SpanSources().Where(s => s.Name != "y" || program.Buffers.Length > 0).ToArray();
        if (!constructs.LocalViews || spanHelper is not null || sources.Length == 0) return;
        var source = sources[d.Source % sources.Length];
        bool writable = source.Writable && !d.ReadOnly;
        string name = "w" + nextView++;
        Line($"{(writable ? "Span" : "ReadOnlySpan")}<{Real}> {name} = {ViewSlice(source, writable, d.Slice)};");
        views.Add(new View(name, source, writable));
        viewsPrinted++;
    }

    /// <summary>The <paramref name="pick"/>-th slice of <paramref name="source"/> that is never empty (the whole span first).</summary>
    private string ViewSlice(SpanSource source, bool write, int pick)
    {
        var forms = SliceForms(source, write).Where(f => f.NonEmpty).ToArray();
        return forms[pick % forms.Length].Text;
    }

    /// <summary><c>wN = slice;</c>: a local span made to name another slice of what it was declared from (not one a loop runs over).</summary>
    private void PrintRepoint(Repoint r)
    {
        if (!constructs.LocalViews || spanHelper is not null) return;
        var movable = views.Where(v => !loops.Any(l => l.Buffer == v.Name)).ToArray();
        if (movable.Length == 0)
        {
            PrintDeclareView(new DeclareView(r.View, r.Slice, ReadOnly: false));
            return;
        }

        var view = movable[r.View % movable.Length];
        Line($"{view.Name} = {ViewSlice(view.Source, view.Writable, r.Slice)};");
        repointsPrinted++;
    }

    /// <summary>
    /// The slices of <paramref name="source"/> an argument may be, with whether each is never empty: only those in range
    /// whatever its length (at least 1 when it is never empty, else 0 too), the whole span first; ranges of an array only to
    /// read (they copy it), and not at all while that is a known bug; with the counters of the enclosing loops, slices that
    /// move with them.
    /// </summary>
    private List<(string Text, bool NonEmpty)> SliceForms(SpanSource source, bool write)
    {
        string u = source.Name, length = $"{u}.Length";
        bool nonEmpty = source.NonEmpty, ranges = !source.IsArray || (!write && constructs.ArrayRanges);
        string Sub(string start, string? count = null)
            => $"{u}.{(source.IsArray ? "AsSpan" : "Slice")}({start}{(count is null ? "" : ", " + count)})";
        var forms = new List<(string, bool)> { (u, nonEmpty) };
        if (ranges)
        {
            forms.Add(($"{u}[({length} / 2)..]", nonEmpty));
            forms.Add(($"{u}[..(({length} + 1) / 2)]", nonEmpty));
        }

        forms.Add((Sub($"{length} / 2"), nonEmpty));
        forms.Add((Sub("0", $"{length} / 2"), false));
        if (!nonEmpty) return forms;
        if (ranges)
        {
            forms.Add(($"{u}[1..]", false));
            if (constructs.FromEndIndices) forms.Add(($"{u}[..^1]", false));
        }

        forms.Add((Sub("1"), false));
        forms.Add((Sub($"{length} - 1", "1"), true));
        forms.Add(($"{Sub($"{length} / 2")}.Slice(0, 1)", true));
        foreach (var counter in Counters)
        {
            string at = $"{counter} % {length}";
            forms.Add((Sub(at), true));
            forms.Add((Sub("0", at), false));
            forms.Add((Sub(at, "1"), true));
            if (ranges) forms.Add(($"{u}[({at})..]", true));
        }

        return forms;
    }

    /// <summary>
    /// The call of the span helper <paramref name="c"/> picks among those callable here that <paramref name="fits"/> and
    /// whose every span parameter can be given a span in scope (one it may write, one never empty where it needs
    /// elements); null when there is none.
    /// </summary>
    private (string Call, SpanHelper Helper)? SpanCallText(SpanCall c, Func<SpanHelper, bool> fits)
    {
        var sources = SpanSources().ToArray();
        var calls = new List<(string, SpanHelper)>();
        for (int k = 0; k < spanCallable; k++)
        {
            var h = program.SpanHelpers[k];
            if (!fits(h)) continue;
            var arguments = new List<string>();
            for (int slot = 0; slot < h.SpanNames.Length; slot++)
            {
                bool write = h.Writes(slot), needed = h.NeedsElements(slot);
                var candidates = sources.Where(s => (!write || s.Writable) && (!needed || s.NonEmpty)).ToArray();
                if (candidates.Length == 0) break;
                var source = candidates[c.Spans[slot % c.Spans.Length] % candidates.Length];
                var forms = SliceForms(source, write).Where(f => !needed || f.NonEmpty).ToArray();
                arguments.Add(forms[c.Slices[slot % c.Slices.Length] % forms.Length].Text);
            }

            if (arguments.Count < h.SpanNames.Length) continue;
            if (h.Scalar)
            {
                // A helper passes on its own p (or a constant); F passes any value.
                string scalar = spanHelper is null ? Print(c.Scalar) : spanHelper.Scalar ? "p" : Literal(0.5);
                arguments.Insert(h.Kind == SpanHelperKind.Write ? 1 : arguments.Count, scalar);
            }

            calls.Add(($"H{k}{TypeParameters}({string.Join(", ", arguments)})", h));
        }

        return calls.Count == 0 ? null : calls[c.Helper % calls.Count];
    }

    private static string Operator(AssignOp op) => op switch
    {
        AssignOp.Set => "=",
        AssignOp.Add => "+=",
        AssignOp.Subtract => "-=",
        _ => "*=",
    };

    /// <summary>
    /// <c>y[0]</c>, <c>y[y.Length - 1]</c> (or <c>y[^1]</c>), then the counters of the enclosing loops modulo
    /// <c>y.Length</c>, innermost first.
    /// </summary>
    private string OutputAt(int pick)
    {
        var counters = loops.Where(l => l.Counter is not null).Select(l => $"y[{l.Counter} % y.Length]").Reverse();
        var targets = new[] { "y[0]", constructs.FromEndIndices && pick % 2 == 1 ? "y[^1]" : "y[y.Length - 1]" }.Concat(counters).ToArray();
        return targets[pick % targets.Length];
    }

    /// <summary><c>double[] uN = new double[k];</c>, <c>Span&lt;double&gt; uN = stackalloc double[k];</c> or <c>var uN = new[] { … };</c>.</summary>
    private void Declare(Buffer buffer)
    {
        string name = "u" + nextBuffer++;
        string length = buffer.Length == 0 && HasArray ? "x.Length"
            : buffer.Length < 0 && isF ? "n + 1"
            : Math.Max(1, buffer.Length).ToString(CultureInfo.InvariantCulture);
        var elements = buffer.Elements.Length == 0 ? new[] { Literal(0) } : buffer.Elements.Select(Print);
        Line(buffer.Kind switch
        {
            BufferKind.NewArray => $"{Real}[] {name} = new {Real}[{length}];",
            // A type parameter has no stackalloc (T need not be unmanaged): a generic program allocates the buffer, and so does
            // its oracle, whose views of it must slice an array as the program's do.
            BufferKind.Stackalloc when program.Generic => $"{Real}[] {name} = new {Real}[{length}];",
            BufferKind.Stackalloc => $"Span<{Real}> {name} = stackalloc {Real}[{length}];",
            _ => $"var {name} = new{(oracle ? " HD" : "")}[] {{ {string.Join(", ", elements)} }};",
        });
        buffers.Add(name);
        if (buffer.Kind != BufferKind.Stackalloc || program.Generic) arrayBuffers.Add(name);
    }

    private string BufferTarget(int pick, int index)
    {
        string buffer = buffers[pick % buffers.Count];
        var indices = BufferIndices(buffer).ToArray();
        return $"{buffer}[{indices[index % indices.Length]}]";
    }

    /// <summary>
    /// The indices of <paramref name="buffer"/> in range here: for the counters of the enclosing loops, innermost
    /// first, <c>i</c>, <c>(i + 1) % u.Length</c> and <c>u.Length - 1 - i</c> in a loop over the buffer itself, else
    /// <c>i % u.Length</c> (counters are never negative); then <c>0</c>, <c>u.Length - 1</c> and <c>^1</c>.
    /// </summary>
    private IEnumerable<string> BufferIndices(string buffer)
    {
        foreach (var loop in Enumerable.Reverse(loops))
        {
            if (loop.Counter is not { } i) continue;
            if (loop.Buffer == buffer)
            {
                yield return i;
                yield return $"({i} + 1) % {buffer}.Length";
                yield return $"{buffer}.Length - 1 - {i}";
            }
            else
            {
                yield return $"{i} % {buffer}.Length";
            }
        }

        yield return "0";
        yield return $"{buffer}.Length - 1";
        if (constructs.FromEndIndices) yield return "^1";
    }

    /// <summary>An element of a buffer: the variables of the foreach loops over it, innermost first, then those at <see cref="BufferIndices"/>.</summary>
    private string BufferElementAt(BufferElement element)
    {
        string buffer = buffers[element.Buffer % buffers.Count];
        var options = Enumerable.Reverse(loops).Where(l => l.Buffer == buffer && l.Variable is not null).Select(l => l.Variable!)
            .Concat(BufferIndices(buffer).Select(i => $"{buffer}[{i}]"))
            .ToArray();
        return options[element.Index % options.Length];
    }

    /// <summary>An element of a local span in scope, at one of its <see cref="BufferIndices"/> (it is never empty).</summary>
    private string ViewElementAt(ViewElement element)
    {
        string view = views[element.View % views.Count].Name;
        var indices = BufferIndices(view).ToArray();
        return $"{view}[{indices[element.Index % indices.Length]}]";
    }

    /// <summary>
    /// <paramref name="value"/> squashed into [-1, 1]; <c>v / (1 + v * v)</c> only of a leaf (it writes v three times,
    /// which for a larger expression makes a lot more code to compile), else with <c>Tanh</c>.
    /// </summary>
    private string Squashed(Squash squash, Expr value)
    {
        string v = Print(value);
        return squash switch
        {
            Squash.Sin => $"{Fn("Sin", false)}({v})",
            Squash.Cos => $"{Fn("Cos", false)}({v})",
            Squash.Rational when IsLeaf(value) => $"{v} / ({Whole("1")} + {v} * {v})",
            _ => $"{Fn("Tanh", false)}({v})",
        };
    }

    /// <summary>A leaf, short to write more than once.</summary>
    private static bool IsLeaf(Expr expr) => expr is Constant or Input or Local or Element or BufferElement or ViewElement or OutputElement or Counter;

    private void PrintLoop(Loop loop)
    {
        mayHaveReturned |= Returns(loop.Body);
        string bound = loop.Bound.ToString(CultureInfo.InvariantCulture);
        switch (loop.Kind)
        {
            case LoopKind.ForEachBuffer when buffers.Count > 0 && !constructs.LoopsWithoutBackwardSweep:
                PrintLoop(loop with { Kind = LoopKind.OverBuffer });
                break;
            case LoopKind.OverView when views.Count == 0 || !constructs.LocalViews:
                PrintLoop(loop with { Kind = LoopKind.OverBuffer });
                break;
            case LoopKind.OverBuffer or LoopKind.ForEachBuffer when buffers.Count == 0:
            case LoopKind.UpToN when !isF:
            case LoopKind.ForUp or LoopKind.ForDown or LoopKind.ForStride or LoopKind.ForEach when !HasArray:
                PrintLoop(loop with { Kind = LoopKind.CountedFor });
                break;
            case LoopKind.CountedFor or LoopKind.UpToN:
            {
                string i = "i" + nextCounter++;
                Line($"for (int {i} = 0; {i} < {(loop.Kind == LoopKind.UpToN ? "n" : bound)}; {i}++)");
                LoopBody(loop.Body, new(i, ElementsModulo(i)));
                break;
            }
            case LoopKind.OverBuffer:
            {
                string buffer = buffers[loop.Bound % buffers.Count];
                string i = "i" + nextCounter++;
                Line($"for (int {i} = 0; {i} < {buffer}.Length; {i}++)");
                LoopBody(loop.Body, new(i, ElementsModulo(i), buffer));
                break;
            }
            case LoopKind.OverView:
            {
                string view = views[loop.Bound % views.Count].Name;
                string i = "i" + nextCounter++;
                Line($"for (int {i} = 0; {i} < {view}.Length; {i}++)");
                LoopBody(loop.Body, new(i, ElementsModulo(i), view));
                break;
            }
            case LoopKind.ForEachBuffer:
            {
                string buffer = buffers[loop.Bound % buffers.Count];
                string v = "v" + nextCounter++;
                Line($"foreach (var {v} in {buffer})");
                LoopBody(loop.Body, new(null, Array.Empty<string>(), buffer, v));
                break;
            }
            case LoopKind.While or LoopKind.DoWhile:
            {
                string k = "k" + nextCounter++;
                string test = $"{k} < {bound}" + (loop.Test is null ? "" : $" && {Deferred(() => Print(loop.Test))}");
                Line($"int {k} = 0;");
                Line(loop.Kind == LoopKind.While ? $"while ({test})" : "do");
                // The counter goes up first, so that continue cannot skip it.
                LoopBody(loop.Body, new(k, ElementsModulo(k)), $"{k}++;");
                if (loop.Kind == LoopKind.DoWhile) Line($"while ({test});");
                break;
            }
            case LoopKind.ForUp or LoopKind.ForDown or LoopKind.ForStride:
            {
                string i = "i" + nextCounter++;
                Line(loop.Kind switch
                {
                    LoopKind.ForUp => $"for (int {i} = 0; {i} < x.Length; {i}++)",
                    LoopKind.ForDown => $"for (int {i} = x.Length - 1; {i} >= 0; {i}--)",
                    _ => $"for (int {i} = 1; {i} < x.Length; {i} += 2)",
                });
                LoopBody(loop.Body, new(i, new[] { $"x[{i}]", $"x[({i} + 1) % x.Length]", $"x[x.Length - 1 - {i}]" }));
                break;
            }
            case LoopKind.Triangular:
            {
                string limit = loops.Select(l => l.Counter).LastOrDefault(c => c is not null) ?? bound;
                string j = "i" + nextCounter++;
                Line($"for (int {j} = 0; {j} <= {limit}; {j}++)");
                LoopBody(loop.Body, new(j, ElementsModulo(j)));
                break;
            }
            case LoopKind.ForEach:
            {
                string v = "v" + nextCounter++;
                Line($"foreach (var {v} in x)");
                LoopBody(loop.Body, new(null, new[] { v }));
                break;
            }
        }
    }

    /// <summary>Whether <paramref name="block"/> may return early.</summary>
    private static bool Returns(IEnumerable<Statement> block) => block.Any(s => s switch
    {
        EarlyReturn => true,
        GuardedSqrt g => g.Return,
        IfElse i => Returns(i.Then) || Returns(i.Else),
        Loop l => Returns(l.Body),
        _ => false,
    });

    /// <summary><c>x[counter % x.Length]</c>, if there is an x.</summary>
    private string[] ElementsModulo(string counter) => HasArray ? new[] { $"x[{counter} % x.Length]" } : Array.Empty<string>();

    private void LoopBody(Statement[] body, LoopScope scope, string? first = null)
    {
        loops.Add(scope);
        Block(body, first);
        loops.RemoveAt(loops.Count - 1);
    }

    /// <summary>A braced block; locals, flags, buffers and local spans declared in it go out of scope at its end.</summary>
    private void Block(Statement[] statements, string? first = null)
    {
        int localCount = locals.Count, flagCount = flags.Count, bufferCount = buffers.Count, viewCount = views.Count;
        Line("{");
        indent++;
        blockDepth++;
        if (first is not null) Line(first);
        foreach (var statement in statements) Print(statement);
        blockDepth--;
        indent--;
        Line("}");
        locals.RemoveRange(localCount, locals.Count - localCount);
        flags.RemoveRange(flagCount, flags.Count - flagCount);
        foreach (var u in buffers.Skip(bufferCount)) arrayBuffers.Remove(u);
        buffers.RemoveRange(bufferCount, buffers.Count - bufferCount);
        views.RemoveRange(viewCount, views.Count - viewCount);
    }

    // -------------------------------------------------------------------------------------------- expressions

    private string Scalar(int pick) => scalars[pick % scalars.Length];

    /// <summary>A literal of the program's type: <c>0.5</c>, <c>0.5f</c>, <c>(-0.3)</c>.</summary>
    private string Literal(double value)
    {
        string s = value.ToString("R", CultureInfo.InvariantCulture);
        if (!s.Contains('.') && !s.Contains('E')) s += ".0";
        if (Generic) return $"T.CreateChecked({s})";
        if (IsFloat) s += "f";
        return value < 0 || (value == 0 && double.IsNegative(value)) ? $"({s})" : s;
    }

    /// <summary>
    /// The name to call a <c>Math</c> function by: <c>HD.Sin</c> in the oracle, else <c>double.Sin</c> when spelled
    /// generically (and that is not a known bug), else <c>Math.Sin</c> or (float) <c>MathF.Sin</c> (<c>Math.Clamp</c>: MathF has none).
    /// </summary>
    private string Fn(string name, bool generic)
        => oracle ? $"HD.{name}"
            : Generic ? $"T.{name}"
            : generic && constructs.GenericMathNames ? $"{Keyword}.{name}"
            : IsFloat && name != "Clamp" ? $"MathF.{name}"
            : $"Math.{name}";

    private string Print(Expr expr) => expr switch
    {
        // A literal 0 in arithmetic loses the sign of zero in generated code while that is a known bug.
        Constant c => Literal(c.Tenths == 0 && !constructs.SignedZeros ? 0.1 : c.Tenths / 10.0),
        Input i => Scalar(i.Pick),
        Local l => locals.Count == 0 ? Scalar(l.Pick) : locals[l.Pick % locals.Count],
        Element e => HasArray ? ElementAt(e.Pick)
            : spanHelper is not null && loops.Count > 0 ? loops[^1].Elements[e.Pick % loops[^1].Elements.Length]
            : Print(new Local(e.Pick)),
        BufferElement b => buffers.Count == 0 ? Print(new Local(b.Index)) : BufferElementAt(b),
        ViewElement v => views.Count == 0 || !constructs.LocalViews ? Print(new Element(v.Index)) : ViewElementAt(v),
        OutputElement o => IsVector ? OutputAt(o.Pick) : Print(new Local(o.Pick)),
        Counter c => CounterAt(c.Pick),
        Apply a => PrintApply(a),
        HelperCall h => PrintCall(h),
        SpanCall s => PrintSpanCall(s),
        Conditional c => $"({Print(c.Test)} ? {Deferred(() => Print(c.WhenTrue))} : {Deferred(() => Print(c.WhenFalse))})",
        _ => throw new InvalidOperationException("Unknown expression " + expr),
    };

    /// <summary>Elements of the innermost loop first, then of the enclosing ones, then <c>x[0]</c> and <c>x[x.Length - 1]</c> (or <c>x[^1]</c>).</summary>
    private string ElementAt(int pick)
    {
        var options = Enumerable.Range(0, loops.Count).Reverse().SelectMany(i => loops[i].Elements)
            .Concat(new[] { "x[0]", constructs.FromEndIndices && pick % 2 == 1 ? "x[^1]" : "x[x.Length - 1]" }).ToArray();
        return options[pick % options.Length];
    }

    private string[] Counters => loops.Select(l => l.Counter).OfType<string>().Reverse().ToArray();

    private string CounterAt(int pick)
    {
        var counters = Counters;
        return counters.Length == 0 ? Scalar(pick) : Generic ? Whole(counters[pick % counters.Length]) : $"({Keyword}){counters[pick % counters.Length]}";
    }

    private string PrintApply(Apply a)
    {
        var args = a.Args.Select(Print).ToArray();
        string e = args[0];
        string F(string name) => Fn(name, a.Generic);
        string Call(string name, params string[] operands) => $"{F(name)}({string.Join(", ", operands)})";
        // Forms that write an operand more than once do so only for a leaf (see Squashed); else a form that writes it once.
        string Rational(int i, string otherwise) => IsLeaf(a.Args[i]) ? $"{args[i]} / ({Whole("1")} + {args[i]} * {args[i]})" : otherwise;
        string OnePlusSquare(int i) => IsLeaf(a.Args[i]) ? $"{Whole("1")} + {args[i]} * {args[i]}" : $"{Whole("2")} + {Call("Sin", args[i])}";
        switch (a.Function)
        {
            case Function.Negate:
                return $"-({e})";
            case Function.Sin or Function.Cos or Function.Atan or Function.Tanh or Function.Abs or Function.Cbrt
                or Function.Floor or Function.Ceiling or Function.Round or Function.Truncate:
                return Call(a.Function.ToString(), e);
            case Function.Sign:
                return Generic ? Whole(Call("Sign", e)) : $"({Keyword}){Call("Sign", e)}";
            case Function.IntCast:
                return Generic ? Whole($"int.CreateTruncating({e})") : $"({Keyword})(int)({e})";
            case Function.Tan or Function.Asin or Function.Acos:
            {
                // |argument| ≤ 1/2, or sin's or tanh's (±1 for large arguments, where Asin's partial is infinite and tanh's tangent 0).
                string bounded = Call(a.Function == Function.Tan ? "Sin" : "Tanh", e);
                return Call(a.Function.ToString(), a.Variant % 2 == 0 ? Rational(0, bounded) : bounded);
            }
            case Function.Sinh or Function.Cosh or Function.Exp:
                return Call(a.Function.ToString(), (a.Variant % 3) switch
                {
                    0 => Call("Sin", e),
                    1 => Rational(0, Call("Cos", e)),
                    _ => a.Function == Function.Exp && IsLeaf(a.Args[0]) ? $"-({e} * {e})" : Call("Tanh", e),
                });
            case Function.Log or Function.Log10 or Function.Log2 or Function.Sqrt:
                return Call(a.Function.ToString(), a.Variant % 2 == 0 ? OnePlusSquare(0) : $"{Whole("2")} + {Call("Cos", e)}");
            case Function.PowConstant:
                return PowConstant(a.Variant, e, F);
            case Function.PowInteger:
            {
                if (!constructs.VariableIntegerExponents) return PowConstant(a.Variant % 4, e, F);
                var exponents = Counters.Concat(isF ? new[] { "n" } : Array.Empty<string>()).ToArray();
                return exponents.Length == 0 ? PowConstant(a.Variant % 4, e, F) : Call("Pow", e, Whole(exponents[a.Variant % exponents.Length]));
            }
            // Their operand, a second time in a branch of ?:, would be a span call there, which the generator does not inline.
            case Function.SqrtIfPositive when CallsSpanHelper(a.Args[0]):
                return Call("Sqrt", Call("Max", e, Literal(0)));
            case Function.LogIfPositive when CallsSpanHelper(a.Args[0]):
                return Call("Log", $"{Whole("2")} + {Call("Cos", e)}");
            case Function.SqrtIfPositive:
                return $"({e} > {Whole("0")} ? {Call("Sqrt", e)} : {Literal(0)})";
            case Function.SqrtOfMax:
                return Call("Sqrt", Call("Max", e, Literal(0)));
            case Function.LogIfPositive:
                return $"({e} > {Whole("0")} ? {Call("Log", e)} : {Literal(0)})";
            case Function.Add:
                return $"({e} + {args[1]})";
            case Function.Subtract:
                return $"({e} - {args[1]})";
            case Function.Multiply:
                return $"({e} * {args[1]})";
            case Function.DivideByOnePlusSquare:
                return $"({e} / ({OnePlusSquare(1)}))";
            case Function.Max or Function.Min or Function.Atan2:
                return Call(a.Function.ToString(), e, args[1]);
            case Function.LogBase:
                return Call("Log", OnePlusSquare(0), a.Variant % 2 == 0 ? $"{Whole("1")} + {OnePlusSquare(1)}" : Literal(10));
            case Function.PowReal:
                return a.Variant % 2 == 0 ? Call("Pow", OnePlusSquare(0), args[1]) : Call("Pow", Call("Abs", e), OnePlusSquare(1));
            case Function.Clamp:
                return a.Variant < ClampBounds.Length
                    ? Call("Clamp", e, Literal(ClampBounds[a.Variant].Low), Literal(ClampBounds[a.Variant].High))
                    : Call("Clamp", e, $"{args[1]} - {Literal(0.5)}", $"{args[1]} + {Literal(0.5)}");
            case Function.FusedMultiplyAdd:
                return Call("FusedMultiplyAdd", e, args[1], args[2]);
            default:
                throw new InvalidOperationException("Unknown function " + a.Function);
        }
    }

    /// <summary><c>Pow(e, k)</c>: variants 0–3 an int exponent k, 4–7 a double one, 8 and 9 <c>Pow(Abs(e), 1.5)</c> and <c>0.5</c>.</summary>
    private string PowConstant(int variant, string e, Func<string, string> f) => variant switch
    {
        < 4 => $"{f("Pow")}({e}, {Whole(variant.ToString(CultureInfo.InvariantCulture))})",
        < 8 => $"{f("Pow")}({e}, {Literal(variant - 4)})",
        8 => $"{f("Pow")}({f("Abs")}({e}), {Literal(1.5)})",
        _ => $"{f("Pow")}({f("Abs")}({e}), {Literal(0.5)})",
    };

    /// <summary>Whether <paramref name="expr"/> may print a call of a span helper.</summary>
    private bool CallsSpanHelper(Expr expr) => spanCallable > 0 && expr switch
    {
        SpanCall => true,
        Apply a => a.Args.Any(CallsSpanHelper),
        HelperCall h => h.Args.Any(CallsSpanHelper),
        Conditional c => CallsSpanHelper(c.WhenTrue) || CallsSpanHelper(c.WhenFalse) || CallsSpanHelper(c.Test),
        _ => false,
    };

    private bool CallsSpanHelper(Condition condition) => condition switch
    {
        Comparison c => CallsSpanHelper(c.Left),
        Logical l => CallsSpanHelper(l.Left) || CallsSpanHelper(l.Right),
        Not n => CallsSpanHelper(n.Operand),
        _ => false,
    };

    /// <summary>
    /// Whether <paramref name="expr"/> is made of constants only. A comparison of one is printed with a parameter
    /// instead: the compiler would decide it and warn about unreachable code (CS0162), in generated code too.
    /// </summary>
    private static bool IsConstant(Expr expr) => expr switch
    {
        Constant => true,
        Apply { Function: Function.Negate or Function.Add or Function.Subtract or Function.Multiply or Function.DivideByOnePlusSquare or Function.IntCast } a
            => a.Args.All(IsConstant),
        _ => false,
    };

    /// <summary>What <paramref name="print"/> prints where the generator does not inline calls (see <see cref="deferred"/>).</summary>
    private string Deferred(Func<string> print)
    {
        deferred++;
        try
        {
            return print();
        }
        finally
        {
            deferred--;
        }
    }

    private string Print(Condition condition) => condition switch
    {
        Comparison c => $"{(IsConstant(c.Left) ? Scalar(0) : Print(c.Left))} {(c.Greater ? ">" : "<")} {Literal(c.Tenths / 10.0)}",
        Flag f => flags.Count == 0 ? $"{Scalar(f.Pick)} > {Literal(0)}" : flags[f.Pick % flags.Count],
        Logical l => $"({Print(l.Left)} {(l.And ? "&&" : "||")} {Deferred(() => Print(l.Right))})",
        Not n => $"!({Print(n.Operand)})",
        _ => throw new InvalidOperationException("Unknown condition " + condition),
    };
}
