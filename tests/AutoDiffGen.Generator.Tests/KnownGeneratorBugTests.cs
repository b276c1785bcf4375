using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Abstractions;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// Keeps <see cref="KnownGeneratorBugs"/> honest: each open bug's program still comes out wrong (else the bug is fixed and
/// the random programs should check its construct again), and each fixed one's comes out right.
/// </summary>
public sealed class KnownGeneratorBugTests
{
    private readonly ITestOutputHelper output;

    public KnownGeneratorBugTests(ITestOutputHelper output) => this.output = output;

    [Fact]
    public void OpenBugsStillShowAndFixedOnesDoNot()
    {
        var wrong = new List<string>();
        foreach (var (name, bug) in KnownGeneratorBugs.All)
        {
            string? outcome = Outcome(bug);
            output.WriteLine($"{name} ({(bug.Open ? "open" : "fixed")}): {outcome ?? "right"}");
            if (bug.Open && outcome is null)
            {
                wrong.Add($"{name} comes out right now: set Open: false in KnownGeneratorBugs.{name}, so that the random programs check its construct again.");
            }
            else if (!bug.Open && outcome is not null)
            {
                wrong.Add($"{name} is marked fixed but its program still fails: {outcome}");
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    /// <summary>What goes wrong with the bug's program (F's derivatives at the bug's point by Gradient, Pushforward and HessianVectorProduct), or null.</summary>
    private static string? Outcome(KnownBug bug)
    {
        var run = GeneratorHarness.Run(GeneratorHarness.InClass(bug.Program));
        if (run.Result.Exception is not null) return "the generator threw " + run.Result.Exception.GetType().Name;
        var errors = run.AutoDiffDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        if (errors.Length > 0) return "the generator reports " + string.Join(", ", errors.Select(d => d.Id).Distinct());
        if (!run.OutputErrors.IsEmpty) return "the generated code does not compile: " + string.Join(", ", run.OutputErrors.Select(d => d.Id).Distinct());

        using var assembly = LoadedAssembly.Emit(run.OutputCompilation);
        double value = (double)assembly.Invoke("Samples.C", "F", new object?[] { bug.At })!;
        string at = bug.At.ToString("R", CultureInfo.InvariantCulture);
        var problems = new List<string>();
        void Expect(double actual, double expected, string what)
        {
            if (!(Math.Abs(actual - expected) <= 1e-12 * (1 + Math.Abs(expected))))
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{what} is {actual:R}, not {expected:R}"));
            }
        }

        // Each member at the bug's point: its value against F's, and the derivative it gives (args[^1], an out parameter).
        void Check(string member, object?[] args, double expected, string derivative)
        {
            try
            {
                Expect((double)assembly.Invoke("Samples.C", member, args)!, value, $"{member}({at})'s value");
                Expect((double)args[^1]!, expected, $"{member}({at})'s {derivative}");
            }
            catch (Exception e)
            {
                problems.Add($"{member}({at}) throws {e.GetType().Name}");
            }
        }

        Check("FGradient", new object?[] { bug.At, 0.0 }, bug.Derivative, "derivative");
        Check("FPushforward", new object?[] { bug.At, 1.0, 0.0 }, bug.Derivative, "tangent");
        Check("FHessianVectorProduct", new object?[] { bug.At, 1.0, 0.0 }, bug.SecondDerivative, "second derivative");
        return problems.Count == 0 ? null : string.Join("; ", problems);
    }
}
