using System;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Xunit;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// The generator never fails on bad or unusual input: no exception (CS8785 drops all its output),
/// no analyzer exception (AD0001), no internal error (ADG0901); and where the input is valid C#,
/// what it generates compiles.
/// </summary>
public sealed class RobustnessTests
{
    private static GeneratorRun AssertDoesNotFail(string source, bool withRuntime = true)
    {
        var compilation = withRuntime
            ? GeneratorHarness.CreateCompilation(source)
            : GeneratorHarness.CreateCompilation(new[] { (GeneratorHarness.PathOf(0), source) }, GeneratorHarness.ReferencesWithoutRuntime);
        var run = GeneratorHarness.Run(compilation);
        Assert.True(run.Result.Exception is null, $"The generator threw: {run.Result.Exception}");
        var failures = run.DriverDiagnostics.Concat(run.GeneratorDiagnostics).Concat(run.AnalyzerDiagnostics)
            .Where(d => d.Id is "CS8784" or "CS8785" or "AD0001" or "ADG0901")
            .ToList();
        Assert.True(failures.Count == 0, "The generator failed:\n" + GeneratorRun.Format(failures));
        Assert.True(run.AnalyzerExceptions.IsEmpty, "An analyzer threw:\n" + string.Join("\n", run.AnalyzerExceptions));
        // Whatever is generated is at least well-formed C#.
        foreach (var tree in run.Result.GeneratedSources.Select(s => s.SyntaxTree))
        {
            var syntaxErrors = tree.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(syntaxErrors.Count == 0, $"Generated {tree.FilePath} does not parse:\n{GeneratorRun.Format(syntaxErrors)}\n{tree}");
        }
        return run;
    }

    [Theory]
    [InlineData("[Differentiable] public static double F(double x) { return x * ; }")]
    [InlineData("[Differentiable] public static double F(double x) { double y = x * 2 return y; }")]
    [InlineData("[Differentiable] public static double F(double x) => x +;")]
    [InlineData("[Differentiable] public static double F(double x) { return x * undefined; }")]
    [InlineData("[Differentiable] public static double F(double x) { return Undefined(x); }")]
    [InlineData("[Differentiable] public static double F(double x) { return Math.NoSuchFunction(x); }")]
    [InlineData("[Differentiable] public static double F(double x) { return \"text\"; }")]
    [InlineData("[Differentiable] public static double F(double x) { }")]
    [InlineData("[Differentiable] public static double F(double x) { if (x > 0) return x; }")]
    [InlineData("[Differentiable] public static double F(double x)")]
    [InlineData("[Differentiable] public static double F(double x);")]
    [InlineData("[Differentiable] public static double F(")]
    [InlineData("[Differentiable] public static double F(double x, ) => x;")]
    [InlineData("[Differentiable] public static F(double x) => x;")]
    [InlineData("[Differentiable] public static double (double x) => x;")]
    [InlineData("[Differentiable] public static double F(double x) => x; [Differentiable] public static double F(double x) => x * x;")]
    [InlineData("[Differentiable] public static double F(UnknownType x) => 1.0;")]
    [InlineData("[Differentiable] public static UnknownType F(double x) => x;")]
    [InlineData("[Differentiable] public static double F(double x) { double x = 2; return x; }")]
    [InlineData("[Differentiable] public static double F(double x) { return y; double y = x; }")]
    [InlineData("[Differentiable] public static double F(double x) { goto end; end: return x; }")]
    [InlineData("[Differentiable] public static double F(double x) => F(x);")]
    [InlineData("[Differentiable(42)] public static double F(double x) => x;")]
    [InlineData("[Differentiable] [Differentiable] public static double F(double x) => x;")]
    [InlineData("[Differentiable] public static double F(double x) { return x switch { > 0 => x, _ => -x }; }")]
    [InlineData("[Differentiable] public static double F(double x) => x > 0 ? x : throw new ArgumentException();")]
    [InlineData("[Differentiable] public static double F(double x) { var (a, b) = (x, x * 2); return a * b; }")]
    [InlineData("[Differentiable] public static double F(double x) { var (a, b) = x; return a; }")]
    [InlineData("[Differentiable] public static double F(double x) { checked { return x * 2; } }")]
    [InlineData("[Differentiable] public static double F(double x) { unsafe { return x; } }")]
    [InlineData("[Differentiable] public static double F(double x) { int i = (int)x; i++; return i * x; }")]
    [InlineData("[Differentiable] public static double F(double x) { x += 1; x *= x; x -= 2; x /= 3; return x; }")]
    [InlineData("[Differentiable] public static double F(double x) { x %= 2; return x; }")]
    [InlineData("[Differentiable] public static double F(ref double x) { x = x * x; return x; }")]
    [InlineData("[Differentiable] public static double F(out double x) { x = 1; return x; }")]
    [InlineData("[Differentiable] public static double F(in double x) => x * x;")]
    [InlineData("[Differentiable] public static double F(params double[] x) => x[0];")]
    [InlineData("[Differentiable] public static double F(double x = 1.5) => x * x;")]
    [InlineData("[Differentiable] public static double F<T>(double x) => x;")]
    [InlineData("[Differentiable] public static extern double F(double x);")]
    [InlineData("[Differentiable] public static async System.Threading.Tasks.Task<double> F(double x) => x;")]
    [InlineData("[Differentiable] public static System.Collections.Generic.IEnumerable<double> F(double x) { yield return x; }")]
    [InlineData("[Differentiable] public static double F() => 1.0;")]
    [InlineData("[Differentiable] public static double F(int n, bool b) => b ? n : 0;")]
    [InlineData("[Differentiable] public static double F(double x) => x * double.NaN + double.PositiveInfinity - double.Epsilon + 1e308 * 10;")]
    [InlineData("[Differentiable] public static double F(double x) { static double Local(double t) => t * t; return Local(x); }")]
    [InlineData("public static double F(double x) { [Differentiable] static double Local(double t) => t * t; return Local(x); }")]
    [InlineData("[Differentiable] public static double P { get; }")]
    [InlineData("[Differentiable] public double F(double x) => x;")]
    [InlineData("[Differentiable] public static double operator +(C a, double b) => b;")]
    public void MalformedOrUnusualMethods(string members) => AssertDoesNotFail(GeneratorHarness.InClass(members));

    [Theory]
    [InlineData("partial class C { [Differentiable] static double F(double x) => x * x;")]
    [InlineData("partial class C { [Differentiable] static double F(double x) => x * x; } }")]
    [InlineData("class { [Differentiable] static double F(double x) => x; }")]
    [InlineData("[Differentiable] static double F(double x) => x * x;")]
    [InlineData("double y = 2; [Differentiable] static double F(double x) => x * y; System.Console.WriteLine(F(y));")]
    [InlineData("partial interface I { [Differentiable] static double F(double x) => x * x; }")]
    [InlineData("partial interface I { [Differentiable] static abstract double F(double x); }")]
    [InlineData("partial class G<T> where T : struct { [Differentiable] static double F(double x) => x * x; }")]
    [InlineData("partial record struct R(double A) { [Differentiable] static double F(double x) => x * x; }")]
    [InlineData("enum E { [Differentiable] A }")]
    [InlineData("delegate double D([Differentiable] double x);")]
    [InlineData("partial class C { [Differentiable] static double F(double x) => x * x; } partial class C { [Differentiable] static double F(double x, double y) => x * y; }")]
    [InlineData("file partial class C { [Differentiable] static double F(double x) => x * x; }")]
    [InlineData("partial class C { partial class C { [Differentiable] static double F(double x) => x * x; } }")]
    [InlineData("#if NEVER\npartial class C { [Differentiable] static double F(double x) => x * x; }\n#endif")]
    [InlineData("partial class C { [Differentiable]")]
    [InlineData("[Differentiable]")]
    [InlineData("")]
    public void MalformedOrUnusualTypes(string body)
        => AssertDoesNotFail("using System;\nusing AutoDiffGen;\n\n" + body);

    [Fact]
    public void AttributeFromAnotherNamespaceIsIgnored()
    {
        var run = AssertDoesNotFail("""
            using System;

            namespace Elsewhere
            {
                [AttributeUsage(AttributeTargets.Method)]
                public sealed class DifferentiableAttribute : Attribute { }
            }

            namespace Samples
            {
                using Elsewhere;

                public static partial class C
                {
                    [Differentiable]
                    public static double F(double x) => x * x;
                }
            }
            """);
        Assert.Empty(run.GeneratedSources);
        Assert.Empty(run.AutoDiffDiagnostics);
    }

    [Fact]
    public void MissingRuntimeReference()
    {
        // [Differentiable] does not bind: nothing to generate, and no failure.
        var run = AssertDoesNotFail(GeneratorHarness.InClass("[Differentiable] public static double F(double x) => x * x;"), withRuntime: false);
        Assert.Empty(run.GeneratedSources);
    }

    [Fact]
    public void AttributeDeclaredInSourceWithTheRuntimeName()
    {
        // The generator matches the attribute by name; a source copy of it (no runtime reference) still works.
        var run = AssertDoesNotFail("""
            using System;

            namespace AutoDiffGen
            {
                [AttributeUsage(AttributeTargets.Method)]
                public sealed class DifferentiableAttribute : Attribute { }
            }

            namespace Samples
            {
                using AutoDiffGen;

                public static partial class C
                {
                    [Differentiable]
                    public static double F(double x) => x * x;
                }
            }
            """, withRuntime: false);
        Assert.NotEmpty(run.GeneratedSources);
    }

    [Fact]
    public void DeeplyNestedExpression()
    {
        var expression = new StringBuilder("x");
        for (int i = 0; i < 1000; i++) expression.Append(i % 2 == 0 ? " + x" : " * x");
        AssertDoesNotFail(GeneratorHarness.InClass($"[Differentiable] public static double F(double x) => {expression};"));
    }

    [Fact]
    public void DeeplyNestedBlocks()
    {
        var body = new StringBuilder();
        for (int i = 0; i < 500; i++) body.Append("if (x > ").Append(i).Append(") { ");
        body.Append("x = x * 2; ");
        for (int i = 0; i < 500; i++) body.Append("} ");
        AssertDoesNotFail(GeneratorHarness.InClass($"[Differentiable] public static double F(double x) {{ {body} return x; }}"));
    }

    [Fact]
    public void ManyMethods()
    {
        var members = string.Join("\n", Enumerable.Range(0, 100).Select(i => $"[Differentiable] public static double F{i}(double x, double y) => x * y + Math.Sin(x * {i});"));
        var run = AssertDoesNotFail(GeneratorHarness.InClass(members));
        run.AssertGeneratedCodeCompiles();
    }

    [Fact]
    public void NamesThatCollideWithGeneratedNamesStillCompile()
    {
        // Parameters and locals named like the generator's own locals and parameters.
        var run = AssertDoesNotFail(GeneratorHarness.InClass("""
                [Differentiable]
                public static double F(double x, double x_bar, double dx, double seed, double tangent, double x_dot)
                {
                    double y_bar = x * x_bar;
                    double result = y_bar * dx + seed * tangent - x_dot;
                    double gradient = result * 2;
                    double hessian = gradient + x;
                    return hessian * result;
                }
            """));
        run.AssertGeneratedCodeCompiles();
    }

    [Fact]
    public void VerbatimAndKeywordIdentifiersStillCompile()
    {
        var run = AssertDoesNotFail(GeneratorHarness.InClass("""
                [Differentiable]
                public static double @double(double @in, double @return) => @in * @return;
            """));
        run.AssertGeneratedCodeCompiles();
    }

    [Fact]
    public void UnusualContainingTypesStillCompile()
    {
        var run = AssertDoesNotFail("""
            using System;
            using AutoDiffGen;

            namespace Samples;

            public partial class Generic<T> where T : class
            {
                [Differentiable]
                public static double F(double x) => x * x;
            }

            public partial struct S
            {
                [Differentiable]
                internal static double F(double x) => Math.Exp(x);
            }

            public partial record R(double Value)
            {
                [Differentiable]
                private static double F(double x) => Math.Log(x);
            }

            public partial interface I
            {
                [Differentiable]
                public static double F(double x) => Math.Tanh(x);
            }

            public sealed partial class Outer
            {
                private partial class Inner
                {
                    [Differentiable]
                    protected internal static double F(double x) => x / (1 + x * x);
                }
            }
            """);
        run.AssertGeneratedCodeCompiles();
    }
}
