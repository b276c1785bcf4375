using System.Collections.Immutable;
using System.Linq;
using AutoDiffGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Xunit;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// Warnings and information: ADG0301 (piecewise constant), ADG0302 (unused active parameter), ADG0303 (derivative always
/// zero), ADG0305 (a kink: not differentiable at a point), ADG0306 (an output read where it may hold its value on entry).
/// </summary>
public sealed partial class DiagnosticsTests
{
    // ------------------------------------------------------------------ ADG0301 piecewise constant

    private const string FloorMethod = """
                [Differentiable]
                public static double F(double x) => [|Math.Floor(x)|] + x;
            """;

    private const string FloorMessage =
        "'Math.Floor' is piecewise constant: its derivative is zero where defined and no gradient flows through it; if that is intended, suppress ADG0301 here, otherwise use a smooth approximation";

    [Fact]
    public void ADG0301_MathFloor()
    {
        var run = AssertSingle(GeneratorHarness.InClass(FloorMethod), DiagnosticDescriptors.NonDifferentiablePoint, DiagnosticSeverity.Warning, FloorMessage);
        // A warning: the derivatives are still generated.
        run.AssertGeneratedCodeCompiles(allowAutoDiffWarnings: true);
    }

    [Fact]
    public void ADG0301_MathFFloor()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static float F(float x) => [|MathF.Floor(x)|] * x;
            """),
            DiagnosticDescriptors.NonDifferentiablePoint, DiagnosticSeverity.Warning,
            "'MathF.Floor' is piecewise constant: its derivative is zero where defined and no gradient flows through it; if that is intended, suppress ADG0301 here, otherwise use a smooth approximation");

    [Fact]
    public void ADG0301_AGenericMathStaticNamedAsWritten()
        // double.Floor is Math.Floor under another name: the same rule, the same warning, naming it as the source does.
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x) => [|double.Floor(x)|] + double.Exp(x);
            """),
            DiagnosticDescriptors.NonDifferentiablePoint, DiagnosticSeverity.Warning,
            "'double.Floor' is piecewise constant: its derivative is zero where defined and no gradient flows through it; if that is intended, suppress ADG0301 here, otherwise use a smooth approximation");

    /// <summary>Math.Round with digits or a midpoint mode is as flat as Math.Round(x): the same warning, and the value computed as written.</summary>
    [Theory]
    [InlineData("[|Math.Round(x, 2)|] * x", "Math.Round", "global::System.Math.Round(x, 2)")]
    [InlineData("[|Math.Round(x, MidpointRounding.AwayFromZero)|] * x", "Math.Round", "global::System.Math.Round(x, global::System.MidpointRounding.AwayFromZero)")]
    [InlineData("[|Math.Round(x, 1, MidpointRounding.ToZero)|] * x", "Math.Round", "global::System.Math.Round(x, 1, global::System.MidpointRounding.ToZero)")]
    [InlineData("[|double.Round(x, n, mode)|] * x", "double.Round", "global::System.Math.Round(x, n, mode)")]
    [InlineData("[|Math.Round(x, 1, (MidpointRounding)1)|] * x", "Math.Round", "global::System.Math.Round(x, 1, (global::System.MidpointRounding)(1))")]
    public void ADG0301_RoundWithDigitsOrAMidpointMode(string body, string display, string emitted)
    {
        var run = AssertSingle(GeneratorHarness.InClass($$"""
                [Differentiable]
                public static double F(double x, int n, [NoDerivative] MidpointRounding mode) => {{body}};
            """),
            DiagnosticDescriptors.NonDifferentiablePoint, DiagnosticSeverity.Warning,
            $"'{display}' is piecewise constant: its derivative is zero where defined and no gradient flows through it; if that is intended, suppress ADG0301 here, otherwise use a smooth approximation");
        run.AssertGeneratedCodeCompiles(allowAutoDiffWarnings: true);
        Assert.Contains(emitted, run.Source("Samples.C.F_Double_Int32_MidpointRounding"));
    }

    [Fact]
    public void ADG0301_Negative_OnlyDataReachesIt()
        // Math.Floor of data loses no gradient: the bucket width comes from a [NoDerivative] parameter.
        => AssertNoDiagnostics(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x, [NoDerivative] double width) => x * Math.Floor(width / 2) + Math.Round(3.7) * x;
            """));

    [Fact]
    public void ADG0301_OnlyWhereAnActiveValueReachesIt()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x, [NoDerivative] double width) => Math.Floor(width) * x + [|Math.Ceiling(x / width)|];
            """),
            DiagnosticDescriptors.NonDifferentiablePoint, DiagnosticSeverity.Warning,
            "'Math.Ceiling' is piecewise constant: its derivative is zero where defined and no gradient flows through it; if that is intended, suppress ADG0301 here, otherwise use a smooth approximation");

    [Fact]
    public void ADG0301_CastToIntOfAnActiveValue()
    {
        // (int) truncates: (double)(int)x has derivative zero, as Math.Truncate(x) has.
        var run = AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x) => [|(int)(x * 10)|] / 10.0 + x;
            """),
            DiagnosticDescriptors.NonDifferentiablePoint, DiagnosticSeverity.Warning,
            "'(int)(x * 10)' is piecewise constant: its derivative is zero where defined and no gradient flows through it; if that is intended, suppress ADG0301 here, otherwise use a smooth approximation");
        run.AssertGeneratedCodeCompiles(allowAutoDiffWarnings: true);
    }

    [Fact]
    public void ADG0301_Negative_CastsOfDataAndCounts()
        // A cast of data, and one that only bounds a loop, lose no gradient.
        => AssertNoDiagnostics(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x, [NoDerivative] double steps)
                {
                    double s = 0;
                    int n = (int)steps;
                    for (int i = 0; i < n; i++) s += x * i;
                    return s + (int)steps * x;
                }
            """));

    [Fact]
    public void ADG0301_Negative_SmoothFunctions()
        => AssertNoDiagnostics(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x) => Math.Sin(x) * Math.Exp(x) + Math.Sqrt(x * x + 1);
            """));

    [Fact]
    public void ADG0301_SuppressedByPragma()
    {
        var markup = Markup.Parse(GeneratorHarness.InClass($"""
            #pragma warning disable ADG0301
            {FloorMethod}
            #pragma warning restore ADG0301
            """));
        var run = Run(markup);
        // #pragma applies to analyzer diagnostics: suppressed ones are dropped.
        var reported = run.AnalyzerDiagnostics.Where(d => d.Id == "ADG0301").ToList();
        Assert.True(reported.All(d => d.IsSuppressed), "ADG0301 was not suppressed by #pragma:\n" + GeneratorRun.Format(reported));
        Assert.Empty(run.AutoDiffDiagnostics);
        run.AssertGeneratedCodeCompiles();
    }

    [Fact]
    public void ADG0301_PragmaForAnotherIdDoesNotSuppress()
    {
        var markup = Markup.Parse(GeneratorHarness.InClass($"""
            #pragma warning disable ADG0302
            {FloorMethod}
            #pragma warning restore ADG0302
            """));
        var run = Run(markup);
        var reported = run.AnalyzerDiagnostics.Where(d => d.Id == "ADG0301").ToList();
        Assert.Single(reported);
        Assert.False(reported[0].IsSuppressed);
        AssertDiagnostic(reported[0], DiagnosticDescriptors.NonDifferentiablePoint, DiagnosticSeverity.Warning, markup, 0, FloorMessage);
    }

    [Fact]
    public void ADG0301_SeverityFromCompilationOptions()
    {
        // What .editorconfig (dotnet_diagnostic.ADG0301.severity) and <WarningsAsErrors>/<NoWarn> become.
        var markup = Markup.Parse(GeneratorHarness.InClass(FloorMethod));
        var compilation = GeneratorHarness.CreateCompilation(markup.Source);

        var asError = GeneratorHarness.Run(compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(
            ImmutableDictionary<string, ReportDiagnostic>.Empty.Add("ADG0301", ReportDiagnostic.Error))));
        var error = Assert.Single(asError.AnalyzerDiagnostics, d => d.Id == "ADG0301");
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);

        var suppressed = GeneratorHarness.Run(compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(
            ImmutableDictionary<string, ReportDiagnostic>.Empty.Add("ADG0301", ReportDiagnostic.Suppress))));
        Assert.DoesNotContain(suppressed.AnalyzerDiagnostics, d => d.Id == "ADG0301" && !d.IsSuppressed);
    }

    // ------------------------------------------------------------------ ADG0302 unused active parameter

    [Fact]
    public void ADG0302_UnusedActiveParameter()
    {
        var run = AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x, [|double y|]) => x * x;
            """),
            DiagnosticDescriptors.UnusedActiveParameter, DiagnosticSeverity.Warning,
            "Parameter 'y' of 'F' does not affect the result, so its derivative is always zero; mark it [NoDerivative] if that is intended");
        run.AssertGeneratedCodeCompiles(allowAutoDiffWarnings: true);
    }

    [Fact]
    public void ADG0302_ParameterUsedOnlyInADeadLocal()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x, [|double y|])
                {
                    double unused = y * 2;
                    return x * x;
                }
            """),
            DiagnosticDescriptors.UnusedActiveParameter, DiagnosticSeverity.Warning,
            "Parameter 'y' of 'F' does not affect the result, so its derivative is always zero; mark it [NoDerivative] if that is intended");

    [Fact]
    public void ADG0302_Negative_NoDerivativeParameter()
        => AssertNoDiagnostics(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x, [NoDerivative] double y) => x * x;
            """));

    [Fact]
    public void ADG0302_Negative_NoDerivativeAndIntegerParameters()
        => AssertNoDiagnostics(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x, [NoDerivative] double threshold, int n) => x > threshold ? x * n : x;
            """));

    // ------------------------------------------------------------------ ADG0303 derivative always zero

    [Fact]
    public void ADG0303_NoActiveInputReachesTheResult()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static double [|F|](double x) => 3.0;
            """),
            DiagnosticDescriptors.DerivativeAlwaysZero, DiagnosticSeverity.Warning,
            "No parameter of 'F' that carries a derivative reaches its result, so every derivative is zero; check that the result is computed from them, not only compared with them, or mark them [NoDerivative] if they are data");

    [Fact]
    public void ADG0303_AParameterOnlyCompared()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static double [|F|](double x)
                {
                    if (x > 0) return 1.0;
                    return 2.0;
                }
            """),
            DiagnosticDescriptors.DerivativeAlwaysZero, DiagnosticSeverity.Warning,
            "No parameter of 'F' that carries a derivative reaches its result, so every derivative is zero; check that the result is computed from them, not only compared with them, or mark them [NoDerivative] if they are data");

    [Fact]
    public void ADG0303_Negative_ComparedDataAndAComputedResult()
        => AssertNoDiagnostics(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x, [NoDerivative] double k) => k > 0 ? x : -x;
            """));

    // ------------------------------------------------------------------ ADG0305 a kink: not differentiable at a point

    [Fact]
    public void ADG0305_AbsAtZero()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x) => [|Math.Abs(x)|] * 2;
            """),
            DiagnosticDescriptors.Kink, DiagnosticSeverity.Info,
            "'Math.Abs' is not differentiable at 0; the derivative used there is 0");

    [Fact]
    public void ADG0305_MaxWhereTheArgumentsAreEqual()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x, double y) => [|Math.Max(x, y * y)|];
            """),
            DiagnosticDescriptors.Kink, DiagnosticSeverity.Info,
            "'Math.Max' is not differentiable where its arguments are equal; the derivative used there is that of the first argument");

    [Fact]
    public void ADG0305_AGenericMathStaticOfFloat()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static float F(float x) => [|float.Abs(x)|] * float.Sqrt(x * x + 1);
            """),
            DiagnosticDescriptors.Kink, DiagnosticSeverity.Info,
            "'float.Abs' is not differentiable at 0; the derivative used there is 0");

    [Fact]
    public void ADG0305_AMaxWrittenByHand()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x, double y) => 2 * ([|x < y ? y : x|]);
            """),
            DiagnosticDescriptors.Kink, DiagnosticSeverity.Info,
            "'x < y ? y : x' is not differentiable where its operands are equal (it selects one of the values it compares); the derivative used there is that of the branch taken");

    [Fact]
    public void ADG0305_Negative_ABranchOnAComparisonWithAConstant()
        => AssertNoDiagnostics(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x, double y) => x > 0 ? Math.Log(x) * y : y;
            """));

    [Fact]
    public void ADG0305_Negative_AbsOfANoDerivativeParameter()
    {
        // Math.Abs of data: no derivative is ever taken at its kink.
        var markup = Markup.Parse(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x, [NoDerivative] double w) => x * Math.Abs(w) + MathF.Abs((float)w);
            """));
        AssertNoDiagnostics(markup.Source);
        using var assembly = Run(markup).Load();
        var args = new object?[] { 1.5, -2.0, null };
        Assert.Equal(1.5 * 2 + 2, (double)assembly.GetMethod("Samples.C", "FGradient").Invoke(null, args)!);
        Assert.Equal(2.0, (double)args[2]!);
    }

    [Fact]
    public void ADG0305_Negative_MaxAndMinOfLoopBoundsAndConstants()
        => AssertNoDiagnostics(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x, int n, int m, [NoDerivative] double lo, [NoDerivative] double hi)
                {
                    double s = 0;
                    for (int i = Math.Min(n, m); i < Math.Max(n, m); i++) s += x * Math.Max(0.5, 2.0);
                    return s * Math.Clamp(Math.Min(lo, hi), 0.0, 1.0);
                }
            """));

    [Fact]
    public void ADG0305_Negative_ASelectionBetweenData()
        => AssertNoDiagnostics(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x, [NoDerivative] double a, [NoDerivative] double b)
                {
                    double largest = a > b ? a : b;
                    return x * largest + (a < b ? a : b);
                }
            """));

    [Fact]
    public void ADG0305_Negative_AKinkWhoseResultIsNeverUsed()
    {
        // x reaches each kink, but nothing it computes reaches the result: no derivative is taken there.
        var markup = Markup.Parse(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x, double y)
                {
                    double unused = Math.Abs(x) + Math.Max(x, y) + (x > y ? x : y);
                    return x * y;
                }
            """));
        AssertNoDiagnostics(markup.Source);
        using var assembly = Run(markup).Load();
        var args = new object?[] { 1.5, -2.0, null, null };
        Assert.Equal(-3.0, (double)assembly.GetMethod("Samples.C", "FGradient").Invoke(null, args)!);
        Assert.Equal((-2.0, 1.5), ((double)args[2]!, (double)args[3]!));
    }

    [Fact]
    public void ADG0305_Negative_AKinkThatOnlyDecidesABranch()
        // Math.Abs(x) only chooses the branch: the derivative is that of the branch, never Abs's.
        => AssertNoDiagnostics(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x) => Math.Abs(x) < 1 ? x * x : 2 * x - 1;
            """));

    [Fact]
    public void ADG0305_WhereAnActiveValueReachesItThroughALocalAndALoop()
        => AssertExactly(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x, int n, [NoDerivative] double w)
                {
                    double s = 0;
                    double y = x * x;
                    for (int i = 0; i < n; i++)
                    {
                        double t = s + y * i;
                        s = ([|t > w ? t : w|]) + Math.Abs(w);
                    }
                    double z = s - 1;
                    return [|Math.Abs(z)|];
                }
            """),
            (DiagnosticDescriptors.Kink, DiagnosticSeverity.Info,
                "'t > w ? t : w' is not differentiable where its operands are equal (it selects one of the values it compares); the derivative used there is that of the branch taken"),
            (DiagnosticDescriptors.Kink, DiagnosticSeverity.Info, "'Math.Abs' is not differentiable at 0; the derivative used there is 0"));

    [Fact]
    public void ADG0305_OncePerPlaceWhereTheStatementsAreCopied()
    {
        // An early return: the statements after the if are copied into both of its branches, the kinks with them.
        var run = AssertExactly(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x, double y)
                {
                    if (y > 0)
                    {
                        if (x > 1) return x;
                    }
                    return [|Math.Max(x, y)|] * ([|x < y ? x : y|]);
                }
            """),
            (DiagnosticDescriptors.Kink, DiagnosticSeverity.Info,
                "'Math.Max' is not differentiable where its arguments are equal; the derivative used there is that of the first argument"),
            (DiagnosticDescriptors.Kink, DiagnosticSeverity.Info,
                "'x < y ? x : y' is not differentiable where its operands are equal (it selects one of the values it compares); the derivative used there is that of the branch taken"));
        // Each once as the analyzer reports them, not only once the test harness has merged duplicates.
        Assert.Equal(2, run.AnalyzerDiagnostics.Count(d => d.Id == DiagnosticDescriptors.Kink.Id));
        run.AssertGeneratedCodeCompiles();
    }

    // ------------------------------------------------------------------ ADG0306 an output read where it may hold its value on entry

    private static string OutputReadMessage(string read, string span, string method, string type = "double")
        => $"'{read}' may read the value that '{span}' held on entry: '{span}' is an output of '{method}', so its values on entry are treated as data and no derivative flows to them; if they are an input, pass it as a separate ReadOnlySpan<{type}> parameter and write the results into '{span}'";

    [Fact]
    public void ADG0306_AnInPlaceNormalize()
    {
        var run = AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static void Normalize(Span<double> v, double s)
                {
                    for (int i = 0; i < v.Length; i++) v[i] = [|v[i]|] / s;
                }
            """),
            DiagnosticDescriptors.OutputReadBeforeWritten, DiagnosticSeverity.Warning, OutputReadMessage("v[i]", "v", "Normalize"));
        // A warning: the derivatives are generated all the same.
        run.AssertGeneratedCodeCompiles(allowAutoDiffWarnings: true);
    }

    [Theory]
    [InlineData("for (int i = 0; i < y.Length; i++) [|y[i]|] /= s;", "y[i]")]
    [InlineData("y[0] = s; for (int i = 0; i < y.Length; i++) y[i] = [|y[i + 1]|] * s;", "y[i + 1]")]
    [InlineData("y[1] = s; for (int i = 1; i < y.Length; i++) y[i] = [|y[i - 1]|] * s;", "y[i - 1]")]
    [InlineData("if ([|y[0]|] > 0) y[0] = s;", "y[0]")]
    [InlineData("if (s > 0) y[0] = s; y[1] = [|y[0]|] * s;", "y[0]")]
    [InlineData("for (int i = 0; i < y.Length - 1; i++) y[i] = s; y[0] = [|y[y.Length - 1]|];", "y[y.Length - 1]")]
    [InlineData("y[0] = s; foreach (var v in [|y|]) s += v;", "y")]
    [InlineData("y[0] += s; y[1] = [|y[0]|];", "y[0]")]
    public void ADG0306_AtTheFirstReadThatMaySeeAValueOnEntry(string body, string read)
        => AssertSingle(GeneratorHarness.InClass($$"""
                [Differentiable]
                public static void F(double s, Span<double> y)
                {
                    {{body}}
                }
            """),
            DiagnosticDescriptors.OutputReadBeforeWritten, DiagnosticSeverity.Warning, OutputReadMessage(read, "y", "F"));

    [Fact]
    public void ADG0306_InFloat()
        => AssertSingle(GeneratorHarness.InClass("""
                [Differentiable]
                public static void F(float s, float[] y) => y[0] = [|y[0]|] * s;
            """),
            DiagnosticDescriptors.OutputReadBeforeWritten, DiagnosticSeverity.Warning, OutputReadMessage("y[0]", "y", "F", "float"));

    [Fact]
    public void ADG0306_Negative_ReadsOfValuesTheMethodWrote()
        // The documented recurrence, a read right after the write in the same iteration, += into the caller's values, a
        // read after a loop assigned every element (up to the output's length, or an input's), reads from the end.
        => AssertNoDiagnostics(GeneratorHarness.InClass("""
                [Differentiable]
                public static void Recurrence(ReadOnlySpan<double> x, double c, Span<double> y)
                {
                    y[0] = x[0];
                    for (int i = 1; i < y.Length; i++) y[i] = y[i - 1] * c;
                }

                [Differentiable]
                public static void SameIteration(ReadOnlySpan<double> x, Span<double> y)
                {
                    for (int i = 0; i < x.Length; i++)
                    {
                        y[i] = x[i] * x[i];
                        y[i] = y[i] * 2 + Math.Sin(y[i]);
                        y[i] *= 3;
                    }
                }

                [Differentiable]
                public static void Accumulates(ReadOnlySpan<double> x, Span<double> y)
                {
                    for (int i = 0; i < x.Length; i++) y[i] += x[i] * x[i];
                    y[0]++;
                }

                [Differentiable]
                public static void Passes(ReadOnlySpan<double> x, double[] y)
                {
                    for (int i = 0; i < x.Length; i++) y[i] = x[i];
                    for (int pass = 0; pass < 3; pass++)
                    {
                        for (int i = 0; i < y.Length; i++) y[i] /= 1 + y[(i + 1) % y.Length] * y[i];
                    }
                }

                [Differentiable]
                public static double Branches(double a, Span<double> y)
                {
                    if (a > 0) y[0] = a; else y[0] = -a;
                    y[^1] = y[0] * a;
                    return y[^1] + y[0];
                }
            """), allowInfo: true);
}
