using System.Linq;
using Xunit;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// A [Differentiable] method that does not compile (the user is typing) gets no derivatives and no AutoDiffGen
/// diagnostics: the compiler's own error is the one to read. The generator finds such errors without asking the
/// compiler for its diagnostics (<c>CompilerErrors</c>); each case names the error the compiler reports, so a case that
/// stops being an error fails here instead of testing nothing.
/// </summary>
public sealed class CompilerErrorTests
{
    private static string InClass(string members) => GeneratorHarness.InClass("""
            public static double Field;
            public static double Helper(double a, double b) => a * b;
        """ + "\n" + members);

    private static GeneratorRun Run(string members, string expectedError)
    {
        var run = GeneratorHarness.Run(InClass(members));
        Assert.True(run.Result.Exception is null, $"The generator threw: {run.Result.Exception}");
        var errors = run.InputCompilation.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).Select(d => d.Id).ToList();
        Assert.Contains(expectedError, errors);
        Assert.True(run.AutoDiffDiagnostics.IsEmpty, "AutoDiffGen reported on code that does not compile:\n" + GeneratorRun.Format(run.AutoDiffDiagnostics));
        return run;
    }

    [Theory]
    [InlineData("[Differentiable] public static double F(double x) { return x * ; }", "CS1525")]
    [InlineData("[Differentiable] public static double F(double x) => x * undefined;", "CS0103")]
    [InlineData("[Differentiable] public static double F(double x) => Undefined(x);", "CS0103")]
    [InlineData("[Differentiable] public static double F(double x) => Math.NoSuchFunction(x);", "CS0117")]
    [InlineData("[Differentiable] public static double F(double x) => Helper(x);", "CS7036")]
    [InlineData("[Differentiable] public static double F(double x) => Helper(x, \"two\");", "CS1503")]
    [InlineData("[Differentiable] public static double F(double x) => x.Length;", "CS1061")]
    [InlineData("[Differentiable] public static double F(double x) => x + \"s\" * 2;", "CS0019")]
    [InlineData("[Differentiable] public static double F(double x) { return \"text\"; }", "CS0029")]
    [InlineData("[Differentiable] public static double F(double x) { int i = x; return i; }", "CS0266")]
    [InlineData("[Differentiable] public static double F(double x) { return y; double y = x; }", "CS0841")]
    [InlineData("[Differentiable] public static double F(double x) { }", "CS0161")]
    [InlineData("[Differentiable] public static double F(double x) { if (x > 0) return x; }", "CS0161")]
    [InlineData("[Differentiable] public static double F(double x) { for (int i = 0; i < 3; i++) x *= 2; }", "CS0161")]
    [InlineData("[Differentiable] public static double F(double x) => x; [Differentiable] public static double F(double x) => x * x;", "CS0111")]
    [InlineData("[Differentiable] public static double F(double x) { UnknownType t = default; return x; }", "CS0246")]
    public void NoDerivativesAndNoDiagnostics(string members, string expectedError)
    {
        var run = Run(members, expectedError);
        Assert.True(run.GeneratedSources.Count == 0, "Derivatives were generated for code that does not compile:\n" + run.AllGeneratedText());
    }

    /// <summary>
    /// Errors that do not show in the operation tree: the derivatives are generated, they compile, and the compiler's
    /// error is the only one.
    /// </summary>
    [Theory]
    [InlineData("[Differentiable] public static double F(double x) { double y; if (x > 0) y = x; return y * x; }", "CS0165")]
    [InlineData("[Differentiable] public static double F(double x) { { double x = 2; } return x * x; }", "CS0136")]
    [InlineData("[Differentiable] public static double F(double x) { double y = 1; double y = 2; return x * y; }", "CS0128")]
    public void ErrorsTheGeneratorDoesNotSeeLeaveTheGeneratedCodeClean(string members, string expectedError)
    {
        var run = Run(members, expectedError);
        Assert.True(run.GeneratedCodeProblems.IsEmpty, "The generated code has problems:\n" + GeneratorRun.Format(run.GeneratedCodeProblems) + "\n" + run.AllGeneratedText());
    }

    /// <summary>Code that looks like the errors above but compiles: it gets its derivatives.</summary>
    [Theory]
    [InlineData("[Differentiable] public static double F(double x) { if (x > 0) return x; else return -x; }")]
    [InlineData("[Differentiable] public static double F(double x) { if (x > 0) return x; return -x; }")]
    [InlineData("[Differentiable] public static double F(double x) { for (int i = 0; i < 3; i++) x *= 2; for (int i = 0; i < 2; i++) x += 1; return x; }")]
    [InlineData("[Differentiable] public static double F(double x) { int n = 3; double y = n; return x * y; }")]
    [InlineData("[Differentiable] public static double F(double x) { int i = (int)x; return i * x; }")]
    [InlineData("[Differentiable] public static double F(double x) => x; [Differentiable] public static double F(float x) => x * x;")]
    public void ValidLookalikesAreGenerated(string members)
    {
        var run = GeneratorHarness.Run(InClass(members));
        Assert.Empty(run.InputCompilation.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
        Assert.NotEmpty(run.GeneratedSources);
        run.AssertGeneratedCodeCompiles(allowAutoDiffWarnings: true); // (int)x is ADG0301, a warning
    }

    /// <summary>
    /// Valid code with conversions the compiler inserts itself (explicit ones, where an explicit conversion in the source
    /// would be an error): never taken for code with errors, so never skipped in silence. It gets derivatives, or an
    /// AutoDiffGen diagnostic that says what is not supported.
    /// </summary>
    [Theory]
    [InlineData("[Differentiable] public static double F(double x) { byte b = 1; b += 2; return b * x; }")]
    [InlineData("[Differentiable] public static double F(double[] v) { double s = 0; foreach (int k in v) s += k * v[0]; return s; }")]
    [InlineData("[Differentiable] public static double F(double x) { int n = 3; n *= 2; return n * x; }")]
    public void ValidCodeIsNeverSkippedInSilence(string members)
    {
        var run = GeneratorHarness.Run(InClass(members));
        Assert.Empty(run.InputCompilation.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
        Assert.True(run.GeneratedSources.Count > 0 || !run.AutoDiffDiagnostics.IsEmpty, "Valid code got neither derivatives nor a diagnostic");
    }
}
