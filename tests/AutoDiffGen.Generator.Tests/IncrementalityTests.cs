using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// The pipeline is incremental: edits that cannot change the output leave every tracked step
/// <c>Cached</c>/<c>Unchanged</c>, edits that can change it do, and no step output holds Roslyn
/// objects (symbols, syntax, semantic models, compilations) that would defeat caching or keep
/// compilations alive.
/// </summary>
public sealed class IncrementalityTests
{
    private const string MethodsSource = """
        using System;
        using AutoDiffGen;

        namespace Samples;

        public static partial class Model
        {
            [Differentiable]
            public static double F(double x, double y) => x * y + Math.Sin(x);

            [Differentiable]
            public static double G(double x, [NoDerivative] double scale)
            {
                double s = Special.Cube(x);
                if (x > 1)
                {
                    return scale * s;
                }
                return F(x, s) * scale;
            }
        }

        public static partial class Other
        {
            [Differentiable]
            public static float H(float a) => MathF.Exp(a) * a;
        }
        """;

    private const string RegistrationsSource = """
        using AutoDiffGen;

        namespace Samples;

        public static class Special
        {
            public static double Cube(double x) => x * x * x;

            [DerivativeOf(typeof(Special), nameof(Cube), DerivativeKind.Pullback)]
            public static void CubePullback(double x, double seed, ref double dx) => dx += seed * 3 * x * x;

            [DerivativeOf(typeof(Special), nameof(Cube), DerivativeKind.Pushforward)]
            public static double CubePushforward(double x, double tx, out double tangent)
            {
                tangent = 3 * x * x * tx;
                return x * x * x;
            }
        }
        """;

    /// <summary>The names of the tracked steps: the constants of <see cref="TrackingNames"/>.</summary>
    public static IReadOnlyList<string> TrackedStepNames { get; } =
        typeof(TrackingNames).GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToArray();

    private static GeneratorRun FirstRun()
    {
        var compilation = GeneratorHarness.CreateCompilation(MethodsSource, RegistrationsSource);
        var run = GeneratorHarness.Run(compilation);
        Assert.True(run.Result.Exception is null, $"The generator threw: {run.Result.Exception}");
        Assert.NotEmpty(run.GeneratedSources);
        return run;
    }

    private static GeneratorRun Rerun(GeneratorRun previous, CSharpCompilation compilation)
        => GeneratorHarness.Run(previous.Driver, compilation);

    private static CSharpCompilation AppendToTree(CSharpCompilation compilation, int index, string text)
    {
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == GeneratorHarness.PathOf(index));
        var newTree = GeneratorHarness.Parse(tree.GetText().ToString() + text, tree.FilePath);
        return compilation.ReplaceSyntaxTree(tree, newTree);
    }

    private static CSharpCompilation ReplaceInTree(CSharpCompilation compilation, int index, string oldText, string newText)
    {
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == GeneratorHarness.PathOf(index));
        var text = tree.GetText().ToString();
        Assert.Contains(oldText, text);
        return compilation.ReplaceSyntaxTree(tree, GeneratorHarness.Parse(text.Replace(oldText, newText), tree.FilePath));
    }

    [Fact]
    public void TrackingNamesAreDeclared()
    {
        Assert.NotEmpty(TrackedStepNames);
        Assert.Contains(TrackingNames.Lowered, TrackedStepNames);
    }

    [Fact]
    public void EveryTrackedStepRunsOnTheTestInput()
    {
        // Guards the other tests against passing vacuously: every named step must have run.
        var run = FirstRun();
        var missing = TrackedStepNames.Where(n => !run.Result.TrackedSteps.ContainsKey(n)).ToList();
        Assert.True(missing.Count == 0,
            $"Tracked steps that did not run: {string.Join(", ", missing)}. Steps that ran: {string.Join(", ", run.Result.TrackedSteps.Keys.OrderBy(k => k, StringComparer.Ordinal))}");
    }

    [Fact]
    public void CommentEditInTheMethodsFileLeavesEveryStepCachedOrUnchanged()
    {
        var first = FirstRun();
        var second = Rerun(first, AppendToTree(first.InputCompilation, 0, "\n// edited\n"));
        AssertAllTrackedStepsCachedOrUnchanged(second);
        Assert.Equal(first.GeneratedSources, second.GeneratedSources);
    }

    [Fact]
    public void CommentEditInTheRegistrationsFileLeavesEveryStepCachedOrUnchanged()
    {
        var first = FirstRun();
        var second = Rerun(first, AppendToTree(first.InputCompilation, 1, "\n// edited\n"));
        AssertAllTrackedStepsCachedOrUnchanged(second);
        Assert.Equal(first.GeneratedSources, second.GeneratedSources);
    }

    [Fact]
    public void AddingAnUnrelatedFileLeavesEveryStepCachedOrUnchanged()
    {
        var first = FirstRun();
        var unrelated = GeneratorHarness.Parse("""
            namespace Samples;

            public static class Unrelated
            {
                public static int Answer() => 42;
            }
            """, "/src/Unrelated.cs");
        var second = Rerun(first, first.InputCompilation.AddSyntaxTrees(unrelated));
        AssertAllTrackedStepsCachedOrUnchanged(second);
        Assert.Equal(first.GeneratedSources, second.GeneratedSources);
    }

    [Fact]
    public void EditingTheMethodBodyChangesTheOutput()
    {
        var first = FirstRun();
        var second = Rerun(first, ReplaceInTree(first.InputCompilation, 0, "=> MathF.Exp(a) * a;", "=> MathF.Exp(a) * a * a;"));
        Assert.True(second.Result.Exception is null, $"The generator threw: {second.Result.Exception}");

        var lowered = second.Result.TrackedSteps[TrackingNames.Lowered];
        var reasons = lowered.SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        // Only H changed: the lowering of F and G is the same as before.
        Assert.Equal(1, reasons.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Equal(2, reasons.Count(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));

        var generated = second.Result.TrackedSteps[TrackingNames.Generated];
        Assert.Contains(IncrementalStepRunReason.Modified, generated.SelectMany(s => s.Outputs).Select(o => o.Reason));

        Assert.NotEqual(first.GeneratedSources, second.GeneratedSources);
        var changed = first.GeneratedSources.Keys.Where(k => !second.GeneratedSources.TryGetValue(k, out var text) || text != first.GeneratedSources[k]).ToList();
        Assert.NotEmpty(changed);
        // The files of F and G are the same.
        var unchanged = first.GeneratedSources.Keys.Except(changed).ToList();
        Assert.NotEmpty(unchanged);
        second.AssertGeneratedCodeCompiles();
    }

    private const string SpanHelperSource = """
        using System;
        using AutoDiffGen;

        namespace Samples;

        public static partial class Rows
        {
            [Differentiable]
            public static double Sum(ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 0; i < x.Length; i++) s += x[i] * x[i];
                return s;
            }

            [Differentiable]
            public static double Tail(ReadOnlySpan<double> x) => Sum(x.Slice(1)) * x[0];

            [Differentiable]
            public static double Unrelated(double x) => x * x;

            [Differentiable]
            public static double Twice(double x) => Unrelated(x) * 2;
        }
        """;

    [Fact]
    public void EditingAHelperRegeneratesTheMethodsThatInlineItAndOnlyThem()
    {
        var first = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(SpanHelperSource));
        Assert.Contains("x[1 + i]", first.GeneratedSources.Single(s => s.Key.Contains(".Tail_", StringComparison.Ordinal)).Value, StringComparison.Ordinal);
        IncrementalStepRunReason[] Reasons(GeneratorRun run, string step) => run.Result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();

        // The helper's body changes: its own file and Tail's, which inlines it, are generated again; Unrelated's is not.
        var second = Rerun(first, ReplaceInTree(first.InputCompilation, 0, "s += x[i] * x[i];", "s += x[i] * x[i] * x[i];"));
        Assert.Equal(2, Reasons(second, TrackingNames.Generated).Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Contains("x[1 + i]", second.GeneratedSources.Single(s => s.Key.Contains(".Tail_", StringComparison.Ordinal)).Value, StringComparison.Ordinal);
        Assert.NotEqual(first.GeneratedSources.Single(s => s.Key.Contains(".Tail_", StringComparison.Ordinal)).Value,
            second.GeneratedSources.Single(s => s.Key.Contains(".Tail_", StringComparison.Ordinal)).Value);
        second.AssertGeneratedCodeCompiles();

        // Another method changes: Tail's callees are the same, so its file is not generated again; Twice's is, which calls
        // it with scalars (and so inlines it too).
        var third = Rerun(second, ReplaceInTree(second.InputCompilation, 0, "=> x * x;", "=> x * x * 2;"));
        Assert.Equal(2, Reasons(third, TrackingNames.Generated).Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Equal(2, Reasons(third, TrackingNames.Generated).Count(r => r == IncrementalStepRunReason.Cached));
        Assert.Equal(second.GeneratedSources.Single(s => s.Key.Contains(".Tail_", StringComparison.Ordinal)).Value,
            third.GeneratedSources.Single(s => s.Key.Contains(".Tail_", StringComparison.Ordinal)).Value);
        string Twice(GeneratorRun run) => run.GeneratedSources.Single(s => s.Key.Contains(".Twice_", StringComparison.Ordinal)).Value;
        Assert.NotEqual(Twice(second), Twice(third));
        Assert.DoesNotContain("UnrelatedPullback", Twice(third), StringComparison.Ordinal);
        third.AssertGeneratedCodeCompiles();
    }

    [Fact]
    public void ABlankLineAboveTheMethodsRegeneratesNoFileAndRerunsNoTransform()
    {
        var first = FirstRun();
        var second = Rerun(first, ReplaceInTree(first.InputCompilation, 0, "public static partial class Model\n{\n", "public static partial class Model\n{\n\n"));
        Assert.True(second.Result.Exception is null, $"The generator threw: {second.Result.Exception}");
        IncrementalStepRunReason[] Reasons(string step) => second.Result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();

        // Every method was lowered again (its positions changed: F and G moved, H's file changed) …
        Assert.Equal(3, Reasons(TrackingNames.Lowered).Count(r => r == IncrementalStepRunReason.Modified));
        // … to the same model without positions, so nothing after lowering ran: no transform, no emission.
        Assert.All(Reasons(TrackingNames.Modeled), r => Assert.Equal(IncrementalStepRunReason.Unchanged, r));
        Assert.All(Reasons(TrackingNames.Generated), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
        Assert.All(Reasons(TrackingNames.CheckedCalls), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
        Assert.Equal(first.GeneratedSources, second.GeneratedSources);
    }

    [Fact]
    public void AMovedMethodsDiagnosticsMoveWithItWithoutGeneratingAgain()
    {
        const string source = """
            using System;
            using AutoDiffGen;

            namespace Samples;

            public static partial class Model
            {
                [Differentiable]
                public static double F(double x) => Math.Floor(x) * x;
            }
            """;
        var first = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(source));
        var second = Rerun(first, ReplaceInTree(first.InputCompilation, 0, "{\n    [Differentiable]", "{\n\n\n    [Differentiable]"));
        static Models.LoweredMethod Lowered(GeneratorRun run)
            => (Models.LoweredMethod)Assert.Single(Assert.Single(run.Result.TrackedSteps[TrackingNames.Lowered]).Outputs).Value;
        var (before, after) = (Lowered(first), Lowered(second));
        Assert.NotEqual(before, after);
        Assert.Equal(before.Model, after.Model);
        Assert.NotSame(before.Model, after.Model);

        // The analyzer finds the file generated for the model before the move (equal by value): it does not generate it again.
        var registry = Helpers.EquatableArray<Models.Registration>.Empty;
        var file = Emit.GenerationCache.Generate(before.Model, Helpers.EquatableArray<Models.MethodModel>.Empty, registry, System.Threading.CancellationToken.None);
        Assert.Same(file, Emit.GenerationCache.Generate(after.Model, Helpers.EquatableArray<Models.MethodModel>.Empty, registry, System.Threading.CancellationToken.None));

        // The file's diagnostics name a site of the method, which each run's positions locate: the warning moved two lines.
        var floor = Assert.Single(first.AnalyzerDiagnostics, d => d.Id == "ADG0301").Location.GetLineSpan();
        var moved = Assert.Single(second.AnalyzerDiagnostics, d => d.Id == "ADG0301").Location.GetLineSpan();
        Assert.Equal(floor.StartLinePosition.Line + 2, moved.StartLinePosition.Line);
        Assert.Equal(floor.StartLinePosition.Character, moved.StartLinePosition.Character);
        Assert.Equal("Math.Floor(x)", second.InputCompilation.SyntaxTrees.Single().GetText().ToString(Assert.Single(second.AnalyzerDiagnostics, d => d.Id == "ADG0301").Location.SourceSpan));
    }

    [Fact]
    public void StepOutputsHoldNoRoslynObjects()
    {
        var first = FirstRun();
        var second = Rerun(first, AppendToTree(first.InputCompilation, 0, "\n// edited\n"));
        var third = Rerun(second, ReplaceInTree(second.InputCompilation, 0, "=> MathF.Exp(a) * a;", "=> MathF.Exp(a) * a * a;"));
        var problems = new List<string>();
        int walked = 0;
        foreach (var run in new[] { first, second, third })
        {
            // Named steps: the generator's own models, which must be plain equatable data.
            foreach (var (name, runSteps) in run.Result.TrackedSteps.Where(kv => TrackedStepNames.Contains(kv.Key)))
            {
                foreach (var step in runSteps)
                {
                    foreach (var (value, _) in step.Outputs)
                    {
                        walked++;
                        new ObjectGraphWalker(problems, strict: true).Walk(value, name);
                    }
                }
            }
            // Output steps: Roslyn's (generated sources, diagnostics) pairs. Reported Diagnostics are
            // Roslyn's own objects (their locations may rightly point into syntax trees), so they are
            // not walked; everything else must be free of Roslyn objects too.
            foreach (var (name, runSteps) in run.Result.TrackedOutputSteps)
            {
                foreach (var step in runSteps)
                {
                    foreach (var (value, _) in step.Outputs)
                    {
                        walked++;
                        new ObjectGraphWalker(problems, strict: false).Walk(value, name);
                    }
                }
            }
        }
        Assert.True(walked > 0, "No step output was walked.");
        Assert.True(problems.Count == 0, "Step outputs hold Roslyn objects:\n" + string.Join("\n", problems.Distinct().Take(50)));
    }

    [Fact]
    public void ObjectGraphWalkerFindsForbiddenObjects()
    {
        // The walker itself: it must see through records, tuples, arrays and immutable arrays.
        var tree = CSharpSyntaxTree.ParseText("class C { }");
        var compilation = CSharpCompilation.Create("X", new[] { tree });
        var cases = new (object Value, string Expected)[]
        {
            (tree, "SyntaxTree"),
            (tree.GetRoot(), "SyntaxNode"),
            (compilation, "Compilation"),
            (compilation.GetSemanticModel(tree), "SemanticModel"),
            (compilation.GetTypeByMetadataName("C")!, "ISymbol"),
            (new Holder(ImmutableArray.Create<object>(1, (2, tree.GetRoot()))), "SyntaxNode"),
            (new object[] { "a", new[] { new Holder(compilation) } }, "Compilation"),
            (new List<object> { new KeyValuePair<string, object>("k", tree) }, "SyntaxTree"),
            (tree.GetRoot().GetLocation(), "Location"),
        };
        foreach (var (value, expected) in cases)
        {
            var problems = new List<string>();
            new ObjectGraphWalker(problems, strict: true).Walk(value, "test");
            Assert.True(problems.Any(p => p.Contains(expected, StringComparison.Ordinal)), $"Not found in {value.GetType()}: {expected}; found: {string.Join("; ", problems)}");
        }
        var clean = new List<string>();
        new ObjectGraphWalker(clean, strict: true).Walk(new Holder(ImmutableArray.Create<object>("x", 1.5, (3, "y"), new[] { 1, 2 })), "test");
        Assert.Empty(clean);
    }

    private sealed record Holder(object Value);

    private static void AssertAllTrackedStepsCachedOrUnchanged(GeneratorRun run)
    {
        Assert.True(run.Result.Exception is null, $"The generator threw: {run.Result.Exception}");
        var problems = new StringBuilder();
        int outputs = 0;
        foreach (var name in TrackedStepNames)
        {
            if (!run.Result.TrackedSteps.TryGetValue(name, out var steps)) continue;
            foreach (var step in steps)
            {
                foreach (var (value, reason) in step.Outputs)
                {
                    outputs++;
                    if (reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged))
                        problems.AppendLine($"  {name}: {reason} ({Describe(value)})");
                }
            }
        }
        Assert.True(outputs > 0, "No tracked step had outputs.");
        Assert.True(problems.Length == 0, "Tracked steps whose outputs changed:\n" + problems);
    }

    private static string Describe(object? value)
    {
        var text = value?.ToString() ?? "null";
        return text.Length <= 200 ? text : text[..200] + "…";
    }

    /// <summary>
    /// Walks an object graph through fields (so records, tuples, structs, arrays, immutable and equatable
    /// arrays, collections) looking for Roslyn objects. Strict mode (the generator's own models) also
    /// forbids locations and diagnostics; otherwise <see cref="Diagnostic"/>s are opaque.
    /// </summary>
    private sealed class ObjectGraphWalker
    {
        private static readonly (Type Type, string Name)[] AlwaysForbidden =
        {
            (typeof(ISymbol), "ISymbol"),
            (typeof(SyntaxNode), "SyntaxNode"),
            (typeof(SyntaxTree), "SyntaxTree"),
            (typeof(SemanticModel), "SemanticModel"),
            (typeof(Compilation), "Compilation"),
            (typeof(IOperation), "IOperation"),
            (typeof(SyntaxToken), "SyntaxToken"),
            (typeof(SyntaxTrivia), "SyntaxTrivia"),
            (typeof(SyntaxReference), "SyntaxReference"),
            (typeof(AttributeData), "AttributeData"),
        };

        private static readonly (Type Type, string Name)[] ForbiddenInModels =
        {
            (typeof(Location), "Location"),
            (typeof(Diagnostic), "Diagnostic"),
        };

        private readonly List<string> problems;
        private readonly bool strict;
        private readonly HashSet<object> visited = new(ReferenceEqualityComparer.Instance);

        public ObjectGraphWalker(List<string> problems, bool strict)
        {
            this.problems = problems;
            this.strict = strict;
        }

        public void Walk(object? value, string path)
        {
            if (value is null) return;
            var type = value.GetType();
            if (type.IsPrimitive || type.IsEnum || value is string or decimal or Type) return;
            if (!type.IsValueType && !visited.Add(value)) return;

            foreach (var (forbiddenType, name) in strict ? AlwaysForbidden.Concat(ForbiddenInModels) : AlwaysForbidden)
            {
                if (forbiddenType.IsInstanceOfType(value))
                {
                    problems.Add($"{path}: {name} ({type.FullName})");
                    return;
                }
            }
            if (!strict && value is Diagnostic) return;
            if (value is Delegate)
            {
                problems.Add($"{path}: a delegate ({type.FullName})");
                return;
            }
            if (value is Array array)
            {
                int i = 0;
                foreach (var item in array) Walk(item, $"{path}[{i++}]");
                return;
            }
            for (var t = type; t is not null && t != typeof(object) && t != typeof(ValueType); t = t.BaseType)
            {
                foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    if (field.FieldType.IsPointer || field.FieldType.IsByRefLike) continue;
                    Walk(field.GetValue(value), $"{path}.{FieldName(field)}");
                }
            }
        }

        private static string FieldName(FieldInfo field)
        {
            // <Name>k__BackingField → Name
            var name = field.Name;
            if (name.StartsWith('<') && name.IndexOf('>') is > 1 and var end) return name[1..end];
            return name;
        }
    }
}
