using AutoDiffGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Xunit;

namespace AutoDiffGen.Generator.Tests;

/// <summary>Bodies: ADG0101 (unsupported construct), ADG0102 (outside state), ADG0103 (unsupported operator).</summary>
public sealed partial class DiagnosticsTests
{
    // ------------------------------------------------------------------ ADG0101 unsupported construct

    [Fact]
    public void ADG0101_Negative_CountedForLoop()
        => AssertNoDiagnostics(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x, int n)
                {
                    double s = 0;
                    for (int i = 0; i < n; i++)
                    {
                        s = s * x + i;
                    }
                    return s;
                }
            """));

    [Fact]
    public void ADG0101_Negative_EveryLoopForm()
        => AssertNoDiagnostics(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(ReadOnlySpan<double> x, double y)
                {
                    double s = y;
                    while (s < 10) s = s * 2;
                    do { s = s - 1; } while (s > 5);
                    for (int i = 0; i < x.Length; i += 2) s += x[i];
                    for (int i = 0; i < x.Length; i++) { s += x[i]; i = i + 1; }
                    int k = 0;
                    for (; k < 3;) k++;
                    for (int i = 0; i < x.Length; i++)
                    {
                        if (x[i] < 0) continue;
                        if (x[i] > 5) break;
                        if (x[i] == 3) return s * x[i];
                        s += x[i];
                    }
                    foreach (var v in x) { if (v > 1) break; s *= v; }
                    while (true)
                    {
                        s = s / 2;
                        if (s < 1) return s;
                    }
                }
            """), allowInfo: true);

    [Fact]
    public void ADG0101_Goto()
        => AssertReported(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x)
                {
                    if (x > 1) [|goto done;|]
                    x = x * x;
                    done:
                    return x;
                }
            """),
            DiagnosticDescriptors.UnsupportedConstruct, DiagnosticSeverity.Error,
            "'goto' is not supported in a [Differentiable] method; use 'if', 'else', loops with 'break' and 'continue', and 'return' instead");

    [Fact]
    public void ADG0101_MatrixComputedInALoop()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(Matrix a, int n)
                {
                    double s = 0;
                    for (int i = 0; i < n; i++)
                    {
                        var [|m = a * s|];
                        s += Matrix.Sum(m);
                    }
                    return s;
                }
            """),
            DiagnosticDescriptors.UnsupportedConstruct, DiagnosticSeverity.Error,
            "A matrix computed in a loop is not supported in a [Differentiable] method; compute matrices outside loops (loops over scalars and spans are supported)");

    [Fact]
    public void ADG0101_ForEachOverAField()
        => AssertSingle(GeneratorHarness.InClass("""
                private static readonly double[] Weights = { 1, 2, 3 };

                [Differentiable]
                public static double F(double x)
                {
                    double s = 0;
                    [|foreach (var w in Weights)
                    {
                        s += w * x;
                    }|]
                    return s;
                }
            """),
            DiagnosticDescriptors.UnsupportedConstruct, DiagnosticSeverity.Error,
            "A 'foreach' loop over this collection is not supported in a [Differentiable] method; walk a span or array parameter or a local array instead");

    [Fact]
    public void ADG0101_Pointer()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static unsafe double F(double x)
                {
                    double y = x;
                    double* [|p = &y|];
                    return *p * x;
                }
            """),
            DiagnosticDescriptors.UnsupportedConstruct, DiagnosticSeverity.Error,
            "A pointer ('double*') is not supported in a [Differentiable] method; unsafe code is not differentiated, use locals, local arrays or spans instead");

    [Fact]
    public void ADG0101_TryStatement()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x)
                {
                    double s = x;
                    [|try
                    {
                        s = s * x;
                    }
                    finally
                    {
                        s = s + 1;
                    }|]
                    return s;
                }
            """),
            DiagnosticDescriptors.UnsupportedConstruct, DiagnosticSeverity.Error,
            "A 'try' statement is not supported in a [Differentiable] method; handle errors in the caller");

    [Fact]
    public void ADG0101_LocalArrayDeclaredInALoop()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(ReadOnlySpan<double> x)
                {
                    double s = 0;
                    for (int i = 0; i < x.Length; i++)
                    {
                        double[] [|t = new double[i + 1]|];
                        t[0] = x[i];
                        s += t[0] * t[i];
                    }
                    return s;
                }
            """),
            DiagnosticDescriptors.UnsupportedConstruct, DiagnosticSeverity.Error,
            "A local array declared inside a loop whose length is not fixed by the parameters ('t') is not supported in a [Differentiable] method; give it a length computed from parameters and constants only (it is then allocated once, at the top), or declare it at the top of the method and reuse it");

    [Fact]
    public void ADG0101_Negative_LocalArraysAfterAnEarlyReturn()
        // Found by the random programs: an array after a return lived in the branch that normalization makes of the rest of
        // the method, where its adjoint was never declared (or two arrays broke generation); it is allocated at the top now.
        => AssertNoDiagnostics(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x)
                {
                    if (x > 0) { double[] u0 = new double[1]; u0[0] = x; if (x > 1) return u0[0]; }
                    double[] u1 = new double[1];
                    u1[0] = x * x;
                    return u1[0];
                }
            """));

    [Fact]
    public void ADG0101_LocalArrayAfterAReturnWithALengthComputedThere()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x, int n)
                {
                    if (x > 1) return x;
                    int m = n * 2;
                    double[] [|v = new double[m]|];
                    v[0] = x * x;
                    return v[0];
                }
            """),
            DiagnosticDescriptors.UnsupportedConstruct, DiagnosticSeverity.Error,
            "A local array declared after a return whose length is not fixed by the parameters ('v') is not supported in a [Differentiable] method; give it a length computed from parameters and constants only (it is then allocated once, at the top), or declare it at the top of the method and reuse it");

    [Fact]
    public void ADG0101_Negative_LocalSpanNamingAParameterOrPartOfOne()
    {
        // t names y, which is written through it (so y is an output); u names a part of x, read and measured.
        var run = GeneratorHarness.Run(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(ReadOnlySpan<double> x, Span<double> y)
                {
                    Span<double> t = y;
                    ReadOnlySpan<double> u = x[1..];
                    t[0] = x[0] * u[^1] + u.Length;
                    return t[0];
                }
            """));
        Assert.Empty(run.AutoDiffDiagnostics);
        run.AssertGeneratedCodeCompiles();
        Assert.Contains("global::System.ReadOnlySpan<double> dy", Assert.Single(run.GeneratedSources).Value, System.StringComparison.Ordinal);
    }

    [Fact]
    public void ADG0101_Negative_LocalSpanChosenAtRunTime()
        => AssertNoDiagnostics(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(ReadOnlySpan<double> x, ReadOnlySpan<double> w, bool b)
                {
                    ReadOnlySpan<double> t = b ? x : w.Slice(1);
                    return t[0] * x[0] + t[^1] * t.Length;
                }
            """));

    [Fact]
    public void ADG0101_LocalSpanChosenAtRunTimePassedToACall()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(ReadOnlySpan<double> x, ReadOnlySpan<double> w, bool b)
                {
                    ReadOnlySpan<double> t = b ? x : w;
                    return Sum([|t|]) * x[0];
                }

                [Differentiable]
                public static double Sum(ReadOnlySpan<double> a) => a[0] + a[^1];
            """),
            DiagnosticDescriptors.UnsupportedConstruct, DiagnosticSeverity.Error,
            "Passing the local span 't', chosen at run time, to a call is not supported in a [Differentiable] method; call it in each branch with the span that branch names");

    [Fact]
    public void ADG0101_LocalSpanBoundToAnotherValue()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(ReadOnlySpan<double> x, bool b)
                {
                    ReadOnlySpan<double> t = [|b ? x : new double[] { 1, 2 }|];
                    return t[0] * x[0];
                }
            """),
            DiagnosticDescriptors.UnsupportedConstruct, DiagnosticSeverity.Error,
            "A local span bound to 'b ? x : new double[] { 1, 2 }' is not supported in a [Differentiable] method; bind it to a span or array parameter, a local array, or a slice of one ('x.Slice(i, n)', 'x[a..b]'); to choose between arrays, index each in its own branch");

    [Fact]
    public void ADG0101_AnUnsupportedBoundOfALocalSpanIsReportedOnce()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(ReadOnlySpan<double> x, ReadOnlySpan<double> w, bool b, int n)
                {
                    ReadOnlySpan<double> t = b ? x.Slice([|n++|]) : w;
                    return t[0] * x[0];
                }
            """),
            DiagnosticDescriptors.UnsupportedConstruct, DiagnosticSeverity.Error,
            "An increment or decrement used as a value is not supported in a [Differentiable] method; write it as a statement of its own ('x++;')");

    [Fact]
    public void ADG0101_LocalSpanMadeToNameAnotherArray()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(ReadOnlySpan<double> x, ReadOnlySpan<double> w)
                {
                    ReadOnlySpan<double> t = x.Slice(1);
                    double s = t[0];
                    [|t = w|];
                    return s * t[0];
                }
            """),
            DiagnosticDescriptors.UnsupportedConstruct, DiagnosticSeverity.Error,
            "Making the local span 't' name another array ('w') is not supported in a [Differentiable] method; a local span names parts of one array: declare another local span for the other array");

    [Fact]
    public void ADG0101_Negative_LocalArraysAndOutputsReadBack()
        => AssertNoDiagnostics(GeneratorHarness.InClass("""
                [Differentiable]
                public static void F(ReadOnlySpan<double> x, Span<double> y)
                {
                    Span<double> t = stackalloc double[x.Length];
                    double[] u = new double[2];
                    var w = new[] { 1.0, x[0] };
                    y[0] = x[0];
                    for (int i = 1; i < x.Length; i++)
                    {
                        t[i] = x[i] * y[i - 1];
                        t[i] *= 2;
                        u[i % 2] += t[i];
                        y[i] = y[i - 1] + t[i] * u[0] * w[1];
                        y[i]++;
                    }
                    foreach (var v in t) y[0] += v;
                }
            """), allowInfo: true);

    [Fact]
    public void ADG0101_Negative_OutputSpans()
        => AssertNoDiagnostics(GeneratorHarness.InClass("""
                [Differentiable]
                public static void F(ReadOnlySpan<double> x, double a, Span<double> y, double[] z)
                {
                    for (int i = 0; i < x.Length; i++)
                    {
                        y[i] = a * x[i];
                        y[i] += Math.Sin(x[i]);
                        z[i] -= x[i] * x[i];
                    }
                }
            """), allowInfo: true);

    [Fact]
    public void ADG0101_Lambda()
        => AssertReported(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x)
                {
                    Func<double, double> f = [|t => t * x|];
                    return f(x);
                }
            """),
            DiagnosticDescriptors.UnsupportedConstruct, DiagnosticSeverity.Error,
            "A lambda expression is not supported in a [Differentiable] method; write the computation inline, or move it into a [Differentiable] method and call that");

    [Fact]
    public void ADG0101_Throw()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x)
                {
                    if (x < 0)
                    {
                        [|throw new ArgumentOutOfRangeException(nameof(x));|]
                    }
                    return Math.Sqrt(x);
                }
            """),
            DiagnosticDescriptors.UnsupportedConstruct, DiagnosticSeverity.Error,
            "'throw' is not supported in a [Differentiable] method; check the input in the caller, or return double.NaN");

    [Fact]
    public void ADG0101_ThrowExpression()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x) => x > 0 ? Math.Log(x) : [|throw new ArgumentOutOfRangeException(nameof(x))|];
            """),
            DiagnosticDescriptors.UnsupportedConstruct, DiagnosticSeverity.Error,
            "'throw' is not supported in a [Differentiable] method; check the input in the caller, or return double.NaN");

    [Fact]
    public void ADG0101_Negative_SupportedStatements()
        => AssertNoDiagnostics(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x, double y)
                {
                    double a = x * y;
                    double b;
                    b = Math.Exp(a);
                    a = a + b * x;
                    a += y;
                    a *= 2;
                    var (p, q) = (a, b);
                    if (x > 0)
                    {
                        return p * Math.Log(y);
                    }
                    else if (x < -1)
                    {
                        a = a - y;
                    }
                    return x > y ? a * q : a - q;
                }
            """));

    /// <summary>What the ADG0101 cases call and read.</summary>
    private const string Library = """

        public struct Meters
        {
            public static explicit operator double(Meters m) => 1;
        }

        public static class Library
        {
            public static Meters Height;
            public static double Half(double x) => x / 2;
            public static T Id<T>(T x) => x;
            public static double Ref(double x, ref double y) => x;
            public static double First(double x, params double[] rest) => x;
            public static double Scale(double x, string unit) => x;
            public static decimal Money(double x) => 1m;
            public static (double, int) Mixed(double x) => (x, 1);
        }
        """;

    private const string LibraryFields = """
                private static readonly double[] Weights = { 1, 2 };
                private static readonly object Gate = new();

                [Differentiable]

        """;

    /// <summary>Each ADG0101 construct alone: one diagnostic, naming it and saying what to write instead (no follow-on reports).</summary>
    [Theory]
    [InlineData("public static double F(double x, int n) { [|switch (n) { case 1: return x; default: return 2 * x; }|] }",
        "A 'switch' statement is not supported in a [Differentiable] method; use 'if' and 'else' instead")]
    [InlineData("public static double F(double x, int n) => [|n switch { 1 => x, _ => 2 * x }|];",
        "A 'switch' expression is not supported in a [Differentiable] method; use '?:' instead")]
    [InlineData("public static double F(double x) { [|using (var s = new System.IO.MemoryStream()) { }|] return x * x; }",
        "A 'using' statement is not supported in a [Differentiable] method; create and dispose of the resource in the caller")]
    [InlineData("public static double F(double x) { [|lock (Gate) { }|] return x * x; }",
        "A 'lock' statement is not supported in a [Differentiable] method; take the lock in the caller")]
    [InlineData("public static double F(double x) { [|double G(double t) => t * t;|] return G(x); }",
        "A local function is not supported in a [Differentiable] method; make it a [Differentiable] method of the type and call that")]
    [InlineData("public static double F(double x) => [|x.CompareTo(2.0)|] * x;",
        "A call to the instance method 'CompareTo' is not supported in a [Differentiable] method; call a static method instead")]
    [InlineData("public static double F(double x) => [|Library.Id(x)|];",
        "A call to the generic method 'Id' is not supported in a [Differentiable] method; call a non-generic method written for double or float, or a generic [Differentiable] method with one type parameter, called at double, float or the caller's own type parameter")]
    [InlineData("public static double F(double x) { double y = 0; return Library.Ref(x, [|ref y|]); }",
        "A 'ref' argument to 'Ref' is not supported in a [Differentiable] method; pass values in, and return several results as a tuple instead of through 'ref' or 'out'")]
    [InlineData("public static double F(double x) => [|Library.First(x, x)|];",
        "A 'params' argument list in the call to 'First' is not supported in a [Differentiable] method; give the method one parameter per value instead of 'params'")]
    [InlineData("public static double F(double x) { [|Library.Half(x)|]; return x * x; }",
        "A call whose result is discarded ('Half') is not supported in a [Differentiable] method; use its result in the computation, or remove the call")]
    [InlineData("public static double F(double x) => (double)[|Library.Money(x)|] * x;",
        "A call returning 'decimal' here is not supported in a [Differentiable] method; call methods that return double, float, int, bool, AutoDiffGen.Matrix, or a tuple of double, float or AutoDiffGen.Matrix")]
    [InlineData("public static double F(double x) { var (a, n) = [|Library.Mixed(x)|]; return a * n; }",
        "A call to 'Mixed', which returns '(double, int)', is not supported in a [Differentiable] method; call methods that return double, float, int, bool, AutoDiffGen.Matrix, or a tuple of double, float or AutoDiffGen.Matrix")]
    [InlineData("public static double F(double x) => [|(double)Library.Height|] * x;",
        "A user-defined conversion to 'double' is not supported in a [Differentiable] method; convert the value in the caller and pass the result as a parameter")]
    [InlineData("public static double F(double x) { [|_|] = x; return x * x; }",
        "Assigning to '_' is not supported in a [Differentiable] method; assign only locals, local arrays and the elements of span or array parameters")]
    [InlineData("public static double F(double x, double y) => [|x is > 0|] ? x : y;",
        "An 'is' test is not supported in a [Differentiable] method; compare with <, <=, >, >=, == or != instead")]
    [InlineData("public static double F(Matrix a) => [|a.Rows|] * Matrix.Sum(a);",
        "The property 'Rows' is not supported in a [Differentiable] method; read it in the caller and pass its value as a parameter")]
    [InlineData("public static double F(double x) => [|Weights[0]|] * x;",
        "Array element access is not supported in a [Differentiable] method; index only span or array parameters and local arrays (pass the array in as a parameter)")]
    [InlineData("public static double F(double x) { double y = [|x++|]; return y * x; }",
        "An increment or decrement used as a value is not supported in a [Differentiable] method; write it as a statement of its own ('x++;')")]
    [InlineData("public static double F(double x) { decimal [|m = 1m|]; return x * x; }",
        "A local of type 'decimal' is not supported in a [Differentiable] method; declare it as double, float, int, bool or AutoDiffGen.Matrix, or as an array or span of double or float")]
    [InlineData("public static double F(double x) { var [|t = (x, x)|]; return t.Item1 * t.Item2; }",
        "A local of type '(double, double)' is not supported in a [Differentiable] method; deconstruct it instead: 'var (a, b) = …'")]
    [InlineData("public static double F(double x) => x * [|(long)Library.Half(x)|];",
        "A value of type 'long' is not supported in a [Differentiable] method; compute with double, float, int, bool or AutoDiffGen.Matrix values")]
    public void ADG0101_NamesTheConstructAndSaysWhatToWriteInstead(string member, string message)
        => AssertSingle(GeneratorHarness.InClass(LibraryFields + member) + Library, DiagnosticDescriptors.UnsupportedConstruct, DiagnosticSeverity.Error, message);

    private const string SpanHelpers = """

        public static class Geometry
        {
            public static void Rotate(ReadOnlySpan<double> p, double w, Span<double> result) => result[0] = p[0] * w;
            public static double Sum(ReadOnlySpan<double> x) => x[0];
        }
        """;

    /// <summary>A call that takes spans or arrays: the cause named (passing them is not supported yet) and the loop to write instead.</summary>
    [Theory]
    [InlineData("public static void F(ReadOnlySpan<double> p, double w, Span<double> result) { [|Geometry.Rotate(p, w, result)|]; }",
        "Passing spans or arrays ('p', 'result') to a call ('Rotate') is not supported in a [Differentiable] method; spans and arrays can be passed only to static [Differentiable] methods of this compilation: mark 'Rotate' [Differentiable], or write its loop in this method, so that it reads and writes the elements itself")]
    [InlineData("public static double F(ReadOnlySpan<double> p, double w) { Span<double> r = stackalloc double[2]; [|Geometry.Rotate(p, w, r)|]; return r[0]; }",
        "Passing spans or arrays ('p', 'r') to a call ('Rotate') is not supported in a [Differentiable] method; spans and arrays can be passed only to static [Differentiable] methods of this compilation: mark 'Rotate' [Differentiable], or write its loop in this method, so that it reads and writes the elements itself")]
    [InlineData("public static double F(double[] x) => [|Geometry.Sum(x)|] * x[0];",
        "Passing a span or array ('x') to a call ('Sum') is not supported in a [Differentiable] method; spans and arrays can be passed only to static [Differentiable] methods of this compilation: mark 'Sum' [Differentiable], or write its loop in this method, so that it reads and writes the elements itself")]
    public void ADG0101_ASpanPassedToACall(string member, string message)
        => AssertSingle(GeneratorHarness.InClass("[Differentiable]\n" + member) + SpanHelpers, DiagnosticDescriptors.UnsupportedConstruct, DiagnosticSeverity.Error, message);

    private const string DifferentiableSpanHelpers = """

        public static partial class Helpers
        {
            [Differentiable]
            public static double Sum(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 0; i < x.Length; i++) s += x[i];
                return s;
            }

            [Differentiable]
            public static double Halving(ReadOnlySpan<double> x) => x.Length == 1 ? x[0] : Halving(x.Slice(0, x.Length / 2)) * 2;

            [Differentiable]
            public static double Scratch(ReadOnlySpan<double> x)
            {
                double[] t = new double[x.Length];
                t[0] = x[0] * x[0];
                return t[0];
            }

            [Differentiable]
            public static void Fill(double v, Span<double> y)
            {
                for (int i = 0; i < y.Length; i++) y[i] = v;
            }

            [Differentiable]
            public static double Back(ReadOnlySpan<double> x) => x.Length < 2 ? x[0] : C.F(x.Slice(1));

            private static readonly double weight = 2;

            [Differentiable]
            public static double Weighted(ReadOnlySpan<double> x) => x[0] * weight;
        }
        """;

    /// <summary>
    /// A span passed to a [Differentiable] method of the compilation that cannot be inlined: at the call, why, and what to
    /// write instead; and a span expression of another form than a parameter, a local array or a slice.
    /// </summary>
    [Theory]
    [InlineData("public static double F(ReadOnlySpan<double> x) => [|Helpers.Halving(x)|];",
        "Passing spans to 'Halving', which has errors, is not supported in a [Differentiable] method; fix them first")]
    [InlineData("public static double F(ReadOnlySpan<double> x) { double b = [|Helpers.Back(x)|]; return b * 2; }",
        "Passing spans to 'Back', which calls this method back (recursion), is not supported in a [Differentiable] method; write the recursion as a loop")]
    [InlineData("public static double F(ReadOnlySpan<double> x) => [|Helpers.Weighted(x)|] * 2;",
        "Passing spans to 'Weighted', which uses private or protected members of its type, is not supported in a [Differentiable] method; make them internal, or call it from its own type")]
    [InlineData("public static double F(ReadOnlySpan<double> x) { double s = 0; for (int i = 0; i < x.Length; i++) s += [|Helpers.Scratch(x.Slice(0, i + 1))|]; return s; }",
        "Passing spans to 'Scratch' in a loop or a branch, where the length of its local array 't' is not fixed by this method's parameters, is not supported in a [Differentiable] method; pass the scratch buffer to it as a Span<double> parameter, or call it outside loops and branches")]
    [InlineData("public static double F(ReadOnlySpan<double> x, bool b) => b ? [|Helpers.Sum(x)|] : x[0];",
        "A call to 'Sum' that passes spans in a branch of '?:' or after '&&' or '||' is not supported in a [Differentiable] method; call it in a statement of its own before, and use its result")]
    [InlineData("public static double F(ReadOnlySpan<double> x, ReadOnlySpan<double> y, bool b) => Helpers.Sum([|b ? x : y|]);",
        "Passing 'b ? x : y' to a call is not supported in a [Differentiable] method; pass a span or array parameter, a local array, or a slice of one ('x.Slice(i, n)', 'x[a..b]', 'x.AsSpan(i, n)')")]
    public void ADG0101_ASpanPassedToADifferentiableMethodThatCannotBeInlined(string member, string message)
        => AssertReported(GeneratorHarness.InClass("[Differentiable]\n" + member) + DifferentiableSpanHelpers, DiagnosticDescriptors.UnsupportedConstruct, DiagnosticSeverity.Error, message);

    [Fact]
    public void ADG0306_ASpanParameterReadAndHandedToAMethodThatWritesIt()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static void F(double v, Span<double> y)
                {
                    double first = y[0];
                    [|Filler.Fill(v * first, y)|];
                }
            """) + """

            public static partial class Filler
            {
                [Differentiable]
                public static void Fill(double v, Span<double> y)
                {
                    for (int i = 0; i < y.Length; i++) y[i] = v;
                }
            }
            """,
            DiagnosticDescriptors.OutputReadBeforeWritten, DiagnosticSeverity.Warning,
            "'y' may read the value that 'y' held on entry: 'y' is an output of 'F', so its values on entry are treated as data and no derivative flows to them; if they are an input, pass it as a separate ReadOnlySpan<double> parameter and write the results into 'y'");

    /// <summary>A slice is not supported: the message gives the loop over the same elements.</summary>
    [Theory]
    [InlineData("public static double F(ReadOnlySpan<double> x) => Sum([|x[1..]|]);",
        "A range ('x[1..]') is not supported in a [Differentiable] method; index its elements in a loop instead: 'for (int i = 1; i < x.Length; i++) … x[i] …' (a slice can be passed only to a static [Differentiable] method of this compilation)")]
    [InlineData("public static double F(ReadOnlySpan<double> x, int a, int b) => Sum([|x[a..b]|]) * 2;",
        "A range ('x[a..b]') is not supported in a [Differentiable] method; index its elements in a loop instead: 'for (int i = a; i < b; i++) … x[i] …' (a slice can be passed only to a static [Differentiable] method of this compilation)")]
    [InlineData("public static double F(double[] x) => [|x[..^1]|][0] * x.Length;",
        "A range of an array ('x[..^1]'), which copies it, is not supported in a [Differentiable] method; to pass part of the array itself, take a span of it: 'x.AsSpan(i, n)' or 'x.AsSpan(i)'; to read its elements, index them in a loop")]
    [InlineData("public static double F(double[] u) { Sum2([|u[1..]|], u); return u[0]; }\n[Differentiable] public static void Sum2(ReadOnlySpan<double> a, Span<double> y) { for (int i = 0; i < a.Length; i++) y[i] += a[i]; }",
        "A range of an array ('u[1..]'), which copies it, is not supported in a [Differentiable] method; to pass part of the array itself, take a span of it: 'u.AsSpan(i, n)' or 'u.AsSpan(i)'; to read its elements, index them in a loop")]
    [InlineData("public static double F(ReadOnlySpan<double> x) { double s = 0; foreach (var v in [|x[2..^1]|]) s += v; return s; }",
        "A range ('x[2..^1]') is not supported in a [Differentiable] method; index its elements in a loop instead: 'for (int i = 2; i < x.Length - 1; i++) … x[i] …' (a slice can be passed only to a static [Differentiable] method of this compilation)")]
    public void ADG0101_ARangeWithTheLoopToWriteInstead(string member, string message)
        => AssertSingle(GeneratorHarness.InClass("[Differentiable]\n" + member + "\npublic static double Sum(ReadOnlySpan<double> x) => x[0];"),
            DiagnosticDescriptors.UnsupportedConstruct, DiagnosticSeverity.Error, message);

    [Fact]
    public void ADG0101_Negative_IndicesFromTheEnd()
    {
        // x[^k] is x[x.Length - k]: read from span and array parameters, written into outputs and local buffers.
        var run = GeneratorHarness.Run(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(ReadOnlySpan<double> x, double[] w, int k)
                {
                    Span<double> t = stackalloc double[2];
                    t[^1] = x[^1] * w[^k];
                    t[^2] += t[^1];
                    return t[0] * x[^x.Length];
                }

                [Differentiable]
                public static void G(ReadOnlySpan<double> x, Span<double> y)
                {
                    y[^1] = x[0];
                    y[^2] += x[^1];
                    y[^2]++;
                }
            """));
        Assert.True(run.AutoDiffDiagnostics.IsEmpty, "Expected no diagnostics, got:\n" + GeneratorRun.Format(run.AutoDiffDiagnostics));
        run.AssertGeneratedCodeCompiles();
        Assert.Contains("double t0 = x[x.Length - 1];", run.Source("Samples.C.F_ReadOnlySpanDouble_DoubleArray_Int32"));
        Assert.Contains("y[y.Length - 1] = t0;", run.Source("Samples.C.G_ReadOnlySpanDouble_SpanDouble"));
    }

    private const string SettingsType = """

        public struct Settings
        {
            public double Rate;
            public string Name;
            public int[] Offsets;
        }

        public enum Mode { Fast, Exact }

        public static class Use
        {
            public static double Settings(Settings s) => s.Rate;
        }
        """;

    /// <summary>A [NoDerivative] parameter of another type is data: anything but reading values of supported types out of it is reported where it is done.</summary>
    [Theory]
    [InlineData("public static double F(double x, [NoDerivative] Mode mode) => [|mode|] == Mode.Fast ? x : 2 * x;",
        "Using the [NoDerivative] parameter 'mode' as a value is not supported in a [Differentiable] method; a data parameter ([NoDerivative], or an array or span of integers or bools) is only read: its fields, properties, elements and Length of type double, float, int, bool or AutoDiffGen.Matrix (short, ushort, byte and sbyte are read as int), or passed on whole to a call")]
    [InlineData("public static double F(double x, [NoDerivative] Settings s) => x * s.Name.Length * [|s.Name[0]|];",
        "Reading 's.Name[0]', a 'char', from the [NoDerivative] parameter 's' is not supported in a [Differentiable] method; a data parameter ([NoDerivative], or an array or span of integers or bools) is only read: its fields, properties, elements and Length of type double, float, int, bool or AutoDiffGen.Matrix (short, ushort, byte and sbyte are read as int), or passed on whole to a call")]
    [InlineData("public static double F(double x, [NoDerivative] Settings s) { [|s.Rate|] = 2; return x * s.Rate; }",
        "Assigning to 's.Rate', of the [NoDerivative] parameter 's', is not supported in a [Differentiable] method; a data parameter ([NoDerivative], or an array or span of integers or bools) is only read: copy a value the method changes into a local, or compute the data in the caller")]
    [InlineData("public static double F(double x, [NoDerivative] int[] indices) { [|indices[0]|]++; return x * indices[0]; }",
        "Assigning to 'indices[0]', of the [NoDerivative] parameter 'indices', is not supported in a [Differentiable] method; a data parameter ([NoDerivative], or an array or span of integers or bools) is only read: copy a value the method changes into a local, or compute the data in the caller")]
    [InlineData("public static double F(double x, [NoDerivative] Settings s) => x * [|s.Offsets[1..]|].Length;",
        "A range ('s.Offsets[1..]') is not supported in a [Differentiable] method; index its elements in a loop instead: 'for (int i = 1; i < s.Offsets.Length; i++) … s.Offsets[i] …' (a slice can be passed only to a static [Differentiable] method of this compilation)")]
    [InlineData("public static double F(double x, [NoDerivative] Settings s) => x * [|Use.Settings(s)|];",
        "A call to 'Settings', which takes a 'Samples.Settings', is not supported in a [Differentiable] method; call methods whose parameters are double, float, int, bool or AutoDiffGen.Matrix")]
    public void ADG0101_DataParameterUsedOtherwiseThanRead(string member, string message)
        => AssertSingle(GeneratorHarness.InClass("[Differentiable]\n" + member) + SettingsType, DiagnosticDescriptors.UnsupportedConstruct, DiagnosticSeverity.Error, message);

    private const string IntegerHelpers = """

        public static class Indices
        {
            public static int First(int[] indices) => indices[0];
        }
        """;

    /// <summary>
    /// Arrays and spans of integers are data without [NoDerivative]: what the method may not do with them (write them, read a
    /// long, hand them to a call that could change them, give a callee's data parameter something else) is reported where it
    /// is done, and so are a delegate called and a local array of integers.
    /// </summary>
    [Theory]
    [InlineData("public static double F(double x, long[] offsets) => x * offsets.Length * [|offsets[0]|];",
        "Reading 'offsets[0]', a 'long', from the data parameter 'offsets' is not supported in a [Differentiable] method; long, uint and ulong values do not fit the int the method computes with: pass the indices as an int[] or a ReadOnlySpan<int>")]
    [InlineData("public static double F(double x, Span<int> indices) { [|indices[0]|] = 1; return x * indices[0]; }",
        "Assigning to 'indices[0]', of the data parameter 'indices', is not supported in a [Differentiable] method; a data parameter ([NoDerivative], or an array or span of integers or bools) is only read: copy a value the method changes into a local, or compute the data in the caller")]
    [InlineData("public static double F(double x, int[] indices) => x * Indices.First([|indices|]);",
        "Passing 'indices' to 'First', which has no derivatives and takes a 'int[]' that it could change, is not supported in a [Differentiable] method; declare that parameter of the called method 'ReadOnlySpan<int>', which it cannot change, or make the method [Differentiable]")]
    [InlineData("public static double F(double x) => G(x, [|new[] { 1, 2 }|]);\n[Differentiable]\npublic static double G(double x, ReadOnlySpan<int> indices) => x * indices[^1];",
        "Passing 'new[] { 1, 2 }' for the data parameter 'indices' of 'G' is not supported in a [Differentiable] method; pass a data parameter of this method as it is (create the data in the caller), or an enum constant")]
    [InlineData("public static double F(double x, [NoDerivative] Func<double, double> f) => [|f(x)|] * x;",
        "Calling the delegate 'f' is not supported in a [Differentiable] method; its derivative is unknown: call a [Differentiable] method (or one with a registered derivative) instead, or compute the delegate's value in the caller and pass it as a parameter")]
    [InlineData("public static double F(ReadOnlySpan<double> x) { int[] [|order = new int[x.Length]|]; for (int i = 0; i < order.Length; i++) order[i] = x.Length - 1 - i; return x[order[0]]; }",
        "A local array of 'int' ('order') is not supported in a [Differentiable] method; compute the indices in the caller and pass them as a ReadOnlySpan<int> parameter (data: the method reads its elements and Length, loops over it and passes it on)")]
    [InlineData("public static double F(ReadOnlySpan<double> x, int n) { Span<int> [|order = stackalloc int[n]|]; order[0] = 1; return x[order[0]] * order.Length; }",
        "A local array of 'int' ('order') is not supported in a [Differentiable] method; compute the indices in the caller and pass them as a ReadOnlySpan<int> parameter (data: the method reads its elements and Length, loops over it and passes it on)")]
    public void ADG0101_IntegerDataUsedOtherwiseThanRead(string member, string message)
        => AssertSingle(GeneratorHarness.InClass("[Differentiable]\n" + member) + IntegerHelpers, DiagnosticDescriptors.UnsupportedConstruct, DiagnosticSeverity.Error, message);

    [Fact]
    public void ADG0101_GotoAndItsLabel()
        => AssertExactly(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x)
                {
                    if (x > 1) [|goto done;|]
                    x = x * x;
                    [|done: return x;|]
                }
            """),
            (DiagnosticDescriptors.UnsupportedConstruct, DiagnosticSeverity.Error,
                "'goto' is not supported in a [Differentiable] method; use 'if', 'else', loops with 'break' and 'continue', and 'return' instead"),
            (DiagnosticDescriptors.UnsupportedConstruct, DiagnosticSeverity.Error,
                "A labeled statement is not supported in a [Differentiable] method; use 'if', 'else', loops with 'break' and 'continue', and 'return' instead"));

    [Fact]
    public void ADG0101_ALocalDeclaredInAPattern()
        => AssertExactly(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x) => [|x is double d|] ? [|d|] * x : x;
            """),
            (DiagnosticDescriptors.UnsupportedConstruct, DiagnosticSeverity.Error,
                "An 'is' test is not supported in a [Differentiable] method; compare with <, <=, >, >=, == or != instead"),
            (DiagnosticDescriptors.UnsupportedConstruct, DiagnosticSeverity.Error,
                "The local 'd' is not supported in a [Differentiable] method; declare it in a statement of its own ('double d = …;')"));

    // ------------------------------------------------------------------ ADG0102 outside state

    [Fact]
    public void ADG0102_AssignmentToStaticField()
        => AssertSingle(GeneratorHarness.InClass("""
                private static double counter;

                [Differentiable]
                public static double F(double x)
                {
                    [|counter|] = x;
                    return x * x;
                }
            """),
            DiagnosticDescriptors.OutsideStateMutation, DiagnosticSeverity.Error,
            "Assignment to 'counter' changes state outside the method; a [Differentiable] method may only assign its own locals and parameters, so assign a local and return its value if the caller needs it");

    [Fact]
    public void ADG0102_CompoundAssignmentToStaticField()
        => AssertSingle(GeneratorHarness.InClass("""
                private static double total;

                [Differentiable]
                public static double F(double x)
                {
                    [|total|] += x;
                    return x * x;
                }
            """),
            DiagnosticDescriptors.OutsideStateMutation, DiagnosticSeverity.Error,
            "Assignment to 'total' changes state outside the method; a [Differentiable] method may only assign its own locals and parameters, so assign a local and return its value if the caller needs it");

    [Fact]
    public void ADG0102_AssignmentToAnElementOfAStaticArray()
        => AssertSingle(GeneratorHarness.InClass("""
                private static readonly double[] history = new double[4];

                [Differentiable]
                public static double F(double x)
                {
                    [|history[0]|] += x;
                    return x * x;
                }
            """),
            DiagnosticDescriptors.OutsideStateMutation, DiagnosticSeverity.Error,
            "Assignment to 'history[0]' changes state outside the method; a [Differentiable] method may only assign its own locals and parameters, so assign a local and return its value if the caller needs it");

    [Fact]
    public void ADG0102_Negative_ReadingStaticStateAndAssigningParameters()
        => AssertNoDiagnostics(GeneratorHarness.InClass("""
                private static readonly double scale = 2.5;
                private const double Offset = 1.0;

                [Differentiable]
                public static double F(double x)
                {
                    x = x * scale + Offset;
                    double y = x * Math.PI;
                    return y * x;
                }
            """));

    // ------------------------------------------------------------------ ADG0103 unsupported operator

    [Fact]
    public void ADG0103_RemainderOnDouble()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x) => [|x % 2|];
            """),
            DiagnosticDescriptors.UnsupportedOperator, DiagnosticSeverity.Error,
            "Operator '%' on 'double' is not supported in a [Differentiable] method; write 'a - b * Math.Truncate(a / b)' instead");

    [Fact]
    public void ADG0103_RemainderIntoAnElement()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x)
                {
                    var t = new double[] { x, 2 * x };
                    [|t[0] %= x|];
                    return t[0] + t[1];
                }
            """),
            DiagnosticDescriptors.UnsupportedOperator, DiagnosticSeverity.Error,
            "Operator '%=' on 'double' is not supported in a [Differentiable] method; write 'a - b * Math.Truncate(a / b)' instead");

    [Theory]
    [InlineData("public static double F(double x) { double s = x; [|s %= 2|]; return s; }",
        "Operator '%=' on 'double' is not supported in a [Differentiable] method; write 'a - b * Math.Truncate(a / b)' instead")]
    [InlineData("public static double F(double x, int n) => ([|n & 1|]) == 0 ? x : -x;",
        "Operator '&' on 'int' is not supported in a [Differentiable] method; on int, use +, -, *, / and % ('n % 2' for 'n & 1', 'n * 2' for 'n << 1'), or compute it in the caller and pass the result as a parameter")]
    [InlineData("public static double F(double x, int n) { int k = n; [|k |= 1|]; return k * x; }",
        "Operator '|=' on 'int' is not supported in a [Differentiable] method; on int, use +, -, *, / and % ('n % 2' for 'n & 1', 'n * 2' for 'n << 1'), or compute it in the caller and pass the result as a parameter")]
    [InlineData("public static double F(double x, int n) => [|~n|] * x;",
        "Operator '~' on 'int' is not supported in a [Differentiable] method; on int, use +, -, *, / and % ('n % 2' for 'n & 1', 'n * 2' for 'n << 1'), or compute it in the caller and pass the result as a parameter")]
    [InlineData("public static double F(double x, bool a, bool b) => [|a ^ b|] ? x : 2 * x;",
        "Operator '^' on 'bool' is not supported in a [Differentiable] method; write 'a != b' instead")]
    public void ADG0103_SaysWhatToWriteInstead(string member, string message)
        => AssertSingle(GeneratorHarness.InClass("[Differentiable]\n" + member), DiagnosticDescriptors.UnsupportedOperator, DiagnosticSeverity.Error, message);

    [Fact]
    public void ADG0103_Negative_IntegerArithmeticAndBooleanOperators()
    {
        var markup = Markup.Parse(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x, int n, bool a, bool b)
                    => (n % 2 == 1) & (a | b) && !(a & b) ? x * (n / 2) : x - n;
            """));
        AssertNoDiagnostics(markup.Source);
        using var assembly = Run(markup).Load();
        var gradient = assembly.GetMethod("Samples.C", "FGradient");
        foreach (var (n, a, b, value, dx) in new[] { (5, true, false, 3.0, 2.0), (5, true, true, -3.5, 1.0), (4, true, false, -2.5, 1.0), (5, false, false, -3.5, 1.0) })
        {
            var args = new object?[] { 1.5, n, a, b, null };
            Assert.Equal(value, (double)gradient.Invoke(null, args)!);
            Assert.Equal(dx, (double)args[4]!);
        }
    }
}
