using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using System.Text;
using System.Threading.Tasks;
using AutoDiffGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// The analyzer and the generator through Roslyn's test framework (<c>Microsoft.CodeAnalysis.*.Testing</c>), as Roslyn's
/// own are tested: each expected diagnostic is markup around its exact span in the source, and the framework also fails on
/// any diagnostic not marked (the compiler's included); the generator's expected output is a file. It runs offline: the
/// reference assemblies are those of <c>Basic.Reference.Assemblies</c>, not a package it would download.
/// </summary>
public sealed class FrameworkTests
{
    private static Task Verify(string source)
    {
        var test = new CSharpAnalyzerTest<DifferentiableAnalyzer, DefaultVerifier>
        {
            TestCode = source,
            ReferenceAssemblies = new ReferenceAssemblies("net10.0"),
        };
        test.TestState.AdditionalReferences.AddRange(GeneratorHarness.References);
        return test.RunAsync();
    }

    [Fact]
    public Task A_goto_its_label_and_a_call_to_their_method_are_each_reported_where_they_are()
        => Verify("""
            using AutoDiffGen;

            public static partial class C
            {
                [Differentiable]
                public static double G(double x)
                {
                    {|ADG0101:goto end;|}
                    {|ADG0101:end: return x;|}
                }

                [Differentiable]
                public static double F(double x) => {|ADG0205:G(x)|} * 2;
            }
            """);

    [Fact]
    public Task A_piecewise_constant_function_is_a_warning_at_its_call()
        => Verify("""
            using System;
            using AutoDiffGen;

            public static partial class C
            {
                [Differentiable]
                public static double H(double x) => {|ADG0301:Math.Floor(x)|} * x;
            }
            """);

    [Fact]
    public Task Code_the_generator_differentiates_gets_no_diagnostic()
        => Verify("""
            using System;
            using AutoDiffGen;

            public static partial class C
            {
                [Differentiable]
                public static double F(double x, double y) => x * Math.Sin(y);
            }
            """);

    [Fact]
    public async Task The_generator_emits_its_snapshot_and_nothing_else()
    {
        var test = new CSharpSourceGeneratorTest<DifferentiableGenerator, DefaultVerifier>
        {
            TestCode = """
                using System;
                using AutoDiffGen;

                namespace Samples;

                public static partial class C
                {
                    [Differentiable]
                    public static double F(double x, double y) => x * y + Math.Sin(x);
                }
                """,
            ReferenceAssemblies = new ReferenceAssemblies("net10.0"),
        };
        test.TestState.AdditionalReferences.AddRange(GeneratorHarness.References);
        var snapshot = File.ReadAllText(Snapshot.PathOf("ScalarDouble.Samples.C.F_Double_Double", ThisFile()));
        test.TestState.GeneratedSources.Add((typeof(DifferentiableGenerator), "Samples.C.F_Double_Double.g.cs", SourceText.From(snapshot, Encoding.UTF8)));
        await test.RunAsync();
    }

    [Fact]
    public void The_diagnostics_tests_framework_check_fails_on_a_wrong_span_message_or_missing_diagnostic()
    {
        const string Right = "using AutoDiffGen;\n\npublic static partial class C\n{\n    [Differentiable]\n    public static double F(double x) => System.Math.Floor(x) * x;\n}\n";
        var floor = DiagnosticDescriptors.ById("ADG0301");
        string message = GeneratorHarness.Run(Right).AutoDiffDiagnostics.Single().GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        FrameworkVerification.Verify(Right.Replace("System.Math.Floor(x)", "[|System.Math.Floor(x)|]"), (floor, DiagnosticSeverity.Warning, message));
        Assert.ThrowsAny<System.Exception>(() => FrameworkVerification.Verify(Right.Replace("System.Math.Floor(x) * x", "[|System.Math.Floor(x) * x|]"), (floor, DiagnosticSeverity.Warning, message)));
        Assert.ThrowsAny<System.Exception>(() => FrameworkVerification.Verify(Right.Replace("System.Math.Floor(x)", "[|System.Math.Floor(x)|]"), (floor, DiagnosticSeverity.Warning, message + ".")));
        Assert.ThrowsAny<System.Exception>(() => FrameworkVerification.Verify(Right));
    }

    private static string ThisFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;
}
