using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// The generator runs on every keystroke: it must finish within a bound, never overflow the stack and never throw into
/// the compiler, whatever the input — code as it looks while being typed, very deep expressions, very long methods —
/// and it must stop when the compiler cancels it. <c>AUTODIFFGEN_ROBUSTNESS=long</c> runs every prefix of every file
/// instead of a sample of them.
/// </summary>
public sealed class ExtremeInputTests
{
    private static readonly bool Long = string.Equals(Environment.GetEnvironmentVariable("AUTODIFFGEN_ROBUSTNESS"), "long", StringComparison.OrdinalIgnoreCase);

    /// <summary>Runs the generator on a thread with a 1 MB stack (less than a thread-pool thread has) within a time bound.</summary>
    private static GeneratorRun RunBounded(string source, TimeSpan bound)
    {
        GeneratorRun? run = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try { run = GeneratorHarness.Run(source); }
            catch (Exception e) { failure = e; }
        }, 1024 * 1024);
        thread.Start();
        Assert.True(thread.Join(bound), $"The generator did not finish within {bound.TotalSeconds} s");
        Assert.Null(failure);
        Assert.True(run!.Result.Exception is null, $"The generator threw: {run.Result.Exception}");
        // The analyzer on the input (the IDE's view of the user's file): compiling these inputs' generated code is not the point.
        var failures = run.DriverDiagnostics.Concat(run.InputAnalyzerDiagnostics).Where(d => d.Id is "CS8784" or "CS8785" or "ADG0901").ToList();
        Assert.True(failures.Count == 0, "The generator failed:\n" + GeneratorRun.Format(failures));
        Assert.True(run.InputAnalyzerExceptions.IsEmpty, "The analyzer threw:\n" + string.Join("\n", run.InputAnalyzerExceptions));
        return run;
    }

    [Fact]
    public void An_expression_5000_operations_deep_is_reported_not_a_stack_overflow()
    {
        // x * (x + (x * (x + …))): every operation nests the next, 5,000 deep.
        var expression = new StringBuilder();
        for (int i = 0; i < 5000; i++) expression.Append(i % 2 == 0 ? "x * (" : "x + (");
        expression.Append('x').Append(')', 5000);
        var run = RunBounded(GeneratorHarness.InClass($"[Differentiable] public static double F(double x) => {expression};"), TimeSpan.FromSeconds(60));
        // Either the compiler rejects it (too deep to compile: then the generator stays quiet) or the generator says why it stops.
        var compilerErrors = run.InputCompilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(compilerErrors.Count > 0 || run.AutoDiffDiagnostics.Any(d => d.Id == "ADG0101"),
            "Expected the compiler or the generator to reject the expression:\n" + GeneratorRun.Format(run.AutoDiffDiagnostics));
    }

    [Fact]
    public void A_chain_of_5000_operations_is_reported_as_too_deep()
    {
        // x + x * x + x … : a left-leaning chain 5,000 operations long. The compiler takes it; the generator, which
        // lowers expressions recursively, stops at a depth it can always afford and says so.
        var expression = new StringBuilder("x");
        for (int i = 0; i < 5000; i++) expression.Append(i % 3 == 0 ? " * x" : " + x");
        var run = RunBounded(GeneratorHarness.InClass($"[Differentiable] public static double F(double x) => {expression};"), TimeSpan.FromSeconds(60));
        Assert.Empty(run.InputCompilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.NotEmpty(run.AutoDiffDiagnostics);
        Assert.All(run.AutoDiffDiagnostics, reported =>
        {
            Assert.Equal("ADG0101", reported.Id);
            Assert.Equal("An expression nested this deep is not supported in a [Differentiable] method; split it into locals",
                reported.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        });
    }

    [Fact]
    public void A_method_of_20000_statements_is_differentiated_within_a_bound()
    {
        var body = new StringBuilder();
        for (int i = 0; i < 20000; i++) body.Append(i % 2 == 0 ? "y = y * 0.999 + x;\n" : "y = Math.Sin(y) + 0.5 * x;\n");
        var run = RunBounded(GeneratorHarness.InClass($"[Differentiable] public static double F(double x) {{ double y = x;\n{body} return y; }}"), TimeSpan.FromSeconds(120));
        Assert.Empty(run.InputAnalyzerDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Contains("FGradient", run.AllGeneratedText(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_method_of_2000_branches_is_differentiated_within_a_bound()
    {
        // Each if leaves versions to join and flags to declare: the passes that clean them up must not go quadratic
        // (a first JoinCopies took 22 s for 400 of them).
        var body = new StringBuilder();
        for (int i = 0; i < 2000; i++) body.Append($"if (x > {i % 7} * 0.1) y = y * 1.001 + x; else y = Math.Sin(y) + x;\n");
        var run = RunBounded(GeneratorHarness.InClass($"[Differentiable] public static double F(double x) {{ double y = x;\n{body} return y; }}"), TimeSpan.FromSeconds(60));
        Assert.Empty(run.InputAnalyzerDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Contains("FGradient", run.AllGeneratedText(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_loop_of_10000_constant_iterations_stays_a_loop()
    {
        var run = RunBounded(GeneratorHarness.InClass("""
            [Differentiable]
            public static double F(double x)
            {
                double s = 0;
                for (int i = 0; i < 10000; i++) s = s * 0.5 + x * i;
                return s;
            }
            """), TimeSpan.FromSeconds(30));
        run.AssertGeneratedCodeCompiles();
        Assert.True(run.AllGeneratedText().Length < 100_000, "The loop was unrolled");
    }

    [Fact]
    public void Cancellation_stops_the_generator_and_a_later_run_succeeds()
    {
        var body = new StringBuilder();
        for (int i = 0; i < 4000; i++) body.Append("y = Math.Sin(y) * x + y;\n");
        var compilation = GeneratorHarness.CreateCompilation(GeneratorHarness.InClass($"[Differentiable] public static double F(double x) {{ double y = x;\n{body} return y; }}"));
        var driver = GeneratorHarness.CreateDriver();
        using (var cancellation = new CancellationTokenSource())
        {
            // Cancelled from a thread of its own: a timer's callback waits for the thread pool, which a loaded test run
            // can keep busy until the generator has finished.
            var canceller = new Thread(() =>
            {
                Thread.Sleep(20);
                cancellation.Cancel();
            });
            canceller.Start();
            Assert.ThrowsAny<OperationCanceledException>(() => driver.RunGenerators(compilation, cancellation.Token));
            canceller.Join();
        }

        var run = GeneratorHarness.Run(driver, compilation);
        Assert.True(run.Result.Exception is null, $"The generator threw: {run.Result.Exception}");
        Assert.Contains("FGradient", run.AllGeneratedText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_prefix_of_real_files_as_they_are_typed()
    {
        // Real [Differentiable] code from the integration tests and samples, cut at every position (long mode) or at a
        // sample of them, as an editor sees it while the file is typed from the top.
        string[] files =
        [
            RepositoryFiles.PathOf("tests/AutoDiffGen.IntegrationTests/Functions/LoopFunctions.cs"),
            RepositoryFiles.PathOf("tests/AutoDiffGen.IntegrationTests/Functions/MatrixFunctions.cs"),
            RepositoryFiles.PathOf("samples/GradientTape/Notebook.cs"),
        ];
        var driver = GeneratorHarness.CreateDriver();
        int runs = 0;
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            int step = Long ? 1 : Math.Max(1, text.Length / 150);
            for (int end = 0; end <= text.Length; end += step)
            {
                var compilation = GeneratorHarness.CreateCompilation(text.Substring(0, end));
                var run = GeneratorHarness.Run(driver, compilation);
                driver = run.Driver;
                Assert.True(run.Result.Exception is null, $"{Path.GetFileName(file)} cut at {end}: the generator threw {run.Result.Exception}");
                var failures = run.DriverDiagnostics.Concat(run.InputAnalyzerDiagnostics).Where(d => d.Id is "CS8784" or "CS8785" or "ADG0901").ToList();
                Assert.True(failures.Count == 0, $"{Path.GetFileName(file)} cut at {end}:\n" + GeneratorRun.Format(failures));
                Assert.True(run.InputAnalyzerExceptions.IsEmpty, $"{Path.GetFileName(file)} cut at {end}: the analyzer threw\n" + string.Join("\n", run.InputAnalyzerExceptions));
                runs++;
            }
        }

        Assert.True(runs > 300);
    }
}
