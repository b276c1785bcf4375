using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// The generated code is for reading (DESIGN.md): over every snapshot source and a few more shapes (arrays, overloads,
/// a generic type, two files, a callee without second order), each generated file is parsed and checked: the
/// <c>// &lt;auto-generated/&gt;</c> header; on every member <c>[GeneratedCode]</c>, <c>[ExcludeFromCodeCoverage]</c> and an
/// XML summary that names the original method as <c>F(x, y)</c>; each derivative block headed by a comment that is
/// the source statement it comes from; hint names <c>Namespace.Type.Method_ParameterTypes.g.cs</c>, the same in a
/// second run and whatever the order of the declarations.
/// </summary>
public sealed class GeneratedCodeTests
{
    /// <summary>Sources beyond the snapshot tests', for shapes those do not have.</summary>
    private static readonly IReadOnlyDictionary<string, string[]> ExtraCases = new Dictionary<string, string[]>
    {
        ["Arrays"] = new[]
        {
            """
            using System;
            using AutoDiffGen;

            namespace Samples;

            public static partial class C
            {
                [Differentiable]
                public static double Dot(double[] x, double[] y)
                {
                    double s = 0;
                    for (int i = 0; i < x.Length; i++) s += x[i] * y[i];
                    return s;
                }

                [Differentiable]
                public static void Scale(double a, double[] x, double[] y)
                {
                    for (int i = 0; i < x.Length; i++) y[i] = a * Math.Exp(x[i]);
                }
            }
            """,
        },
        ["Recursion"] = new[]
        {
            """
            using System;
            using AutoDiffGen;

            namespace Samples;

            public static partial class C
            {
                [Differentiable]
                public static double Power(double x, int n) => n == 0 ? 1.0 : x * Power(x, n - 1);

                [Differentiable]
                public static double Fraction(double x, double y, int n)
                {
                    double d = x * y;
                    if (n == 0) return d;
                    double below = Fraction(x, y, n - 1);
                    return 1.0 / (d + below);
                }
            }
            """,
        },
        ["OverloadsAndAGenericType"] = new[]
        {
            """
            using System;
            using AutoDiffGen;

            namespace Samples.Overloads;

            public static partial class C
            {
                [Differentiable]
                public static double F(double x) => Math.Sin(x) * x;

                [Differentiable]
                public static float F(float x) => MathF.Sin(x) * x;

                [Differentiable]
                public static double F(double x, [NoDerivative] int n) => Math.Pow(x, n);
            }

            public partial class Box<T>
            {
                [Differentiable]
                public static double G(double @base, double @double) => @base * @double + Math.Cosh(@base);
            }

            // Names that once mapped to one file (Box<T>, Box<T, U> and BoxT; σ and τ), which stopped the whole generator.
            public partial class Box<T, U>
            {
                [Differentiable]
                public static double G(double x) => x * x;
            }

            public partial class BoxT
            {
                [Differentiable]
                public static double G(double x) => x * x * x;

                [Differentiable]
                public static double σ(double x) => 1 / (1 + Math.Exp(-x));

                [Differentiable]
                public static double τ(double x) => Math.Tanh(x);
            }
            """,
        },
        ["TwoFiles"] = new[]
        {
            """
            using System;
            using AutoDiffGen;

            namespace Samples;

            public static partial class First
            {
                [Differentiable]
                public static double F(double x, double y) => Second.G(x) * y;
            }
            """,
            """
            using System;
            using AutoDiffGen;

            namespace Samples;

            public static partial class Second
            {
                [Differentiable]
                public static double G(double x) => Math.Atan(x) + x * x;
            }
            """,
        },
        ["ParameterNamesLikeDerivativeNames"] = new[]
        {
            """
            using System;
            using AutoDiffGen;

            namespace Samples;

            public static partial class C
            {
                [Differentiable]
                public static double Step(double x, double dx, double tx, double vx, double seed) => x * dx + Math.Sin(tx) * vx - seed;

                [Differentiable]
                public static void Move(double x, double dx, Span<double> dy) => dy[0] = x + dx * dx;
            }
            """,
        },
        ["CalleeWithoutSecondOrder"] = new[]
        {
            """
            using System;
            using AutoDiffGen;

            namespace Samples;

            public static partial class C
            {
                [Differentiable]
                public static double H(double x) => Helpers.Soft(x) * x;

                [Differentiable]
                public static double F(double x) => Math.Sin(H(x));
            }

            public static class Helpers
            {
                public static double Soft(double x) => x / (1 + Math.Abs(x));

                [DerivativeOf(typeof(Helpers), nameof(Helpers.Soft), DerivativeKind.Pullback)]
                public static void SoftPullback(double x, double seed, ref double dx)
                {
                    double d = 1 + Math.Abs(x);
                    dx += seed / (d * d);
                }
            }
            """,
        },
    };

    private static readonly Lazy<IReadOnlyDictionary<string, string[]>> cases = new(() =>
    {
        var all = SnapshotSources().ToDictionary(kv => kv.Key, kv => new[] { kv.Value });
        foreach (var (name, sources) in ExtraCases) all.Add(name, sources);
        return all;
    });

    private static readonly ConcurrentDictionary<string, GeneratorRun> runs = new();

    public static TheoryData<string> Cases => new(cases.Value.Keys.OrderBy(k => k, StringComparer.Ordinal));

    [Fact]
    public void The_cases_cover_the_snapshot_tests_and_every_shape()
    {
        var names = cases.Value.Keys.ToHashSet();
        foreach (var name in new[] { "ScalarDouble", "ScalarFloat", "LoopOverSpan", "TupleReturn", "VectorOutputAndJacobian", "MatricesOfTheSeed", "LoopCarriedState", "CallToAnotherDifferentiableMethod", "Arrays", "TwoFiles" })
        {
            Assert.Contains(name, names);
        }
        Assert.True(SnapshotSources().Count >= 15, "SnapshotTests.cs has fewer Verify(nameof(…), \"\"\"…\"\"\") calls than expected: " + string.Join(", ", SnapshotSources().Keys));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Files_start_with_the_auto_generated_header_and_name_the_method(string name)
    {
        var run = Run(name);
        foreach (var (hint, method) in ExpectedFiles(run))
        {
            var lines = run.Source(hint).Split('\n');
            Assert.Equal("// <auto-generated/>", lines[0]);
            Assert.Equal($"// Derivatives of {method.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)}, generated by AutoDiffGen.", lines[1]);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_member_has_the_attributes_and_a_summary_in_the_notation_of_the_method(string name)
    {
        var run = Run(name);
        foreach (var (hint, primal) in ExpectedFiles(run))
        {
            var notation = Notation(primal);
            var members = Members(run, hint).ToList();
            Assert.True(members.Count >= 2, $"{hint}: {members.Count} members");
            foreach (var (_, member) in members)
            {
                var where = $"{hint}: {member.Name}";
                Assert.StartsWith(primal.Name, member.Name, StringComparison.Ordinal);
                var attributes = member.GetAttributes().Select(a => a.AttributeClass!.ToDisplayString()).ToList();
                Assert.True(attributes.Contains("System.CodeDom.Compiler.GeneratedCodeAttribute"), $"{where} has no [GeneratedCode]: {string.Join(", ", attributes)}");
                Assert.True(attributes.Contains("System.Diagnostics.CodeAnalysis.ExcludeFromCodeCoverageAttribute"), $"{where} has no [ExcludeFromCodeCoverage]: {string.Join(", ", attributes)}");
                Assert.False(attributes.Contains("System.Diagnostics.DebuggerNonUserCodeAttribute"), $"{where} is [DebuggerNonUserCode]: users step into it");
                var generatedCode = member.GetAttributes().Single(a => a.AttributeClass!.Name == "GeneratedCodeAttribute");
                Assert.Equal("AutoDiffGen", generatedCode.ConstructorArguments[0].Value);

                var xml = member.GetDocumentationCommentXml();
                Assert.False(string.IsNullOrWhiteSpace(xml), $"{where} has no XML documentation");
                var doc = XElement.Parse(xml!);
                var summary = doc.Element("summary");
                Assert.True(summary is not null && summary.Value.Trim().Length > 0, $"{where}: no <summary> (badly formed XML?)\n{xml}");
                Assert.True(summary!.Value.Contains(notation, StringComparison.Ordinal), $"{where}: the summary does not name {notation}:\n{summary.Value}");
                foreach (var reference in doc.Descendants().Where(e => e.Name == "paramref" || e.Name == "param"))
                {
                    var parameter = (string?)reference.Attribute("name");
                    Assert.True(member.Parameters.Any(p => p.Name == parameter), $"{where}: <{reference.Name} name=\"{parameter}\"/> names no parameter");
                }
                Assert.DoesNotContain("cref=\"!:", xml, StringComparison.Ordinal);
                // A name in code is one of the member's parameters (dx = ∂F/∂x: dx), the method, or H (the Hessian).
                foreach (var code in doc.Descendants("c").Select(c => Regex.Match(c.Value, @"^(\w+)( = ∂|$)")).Where(m => m.Success).Select(m => m.Groups[1].Value))
                {
                    Assert.True(member.Parameters.Any(p => p.Name == code) || code == primal.Name || code == "H", $"{where}: <c>{code}</c> is not a parameter of {member.Name}:\n{summary.Value}");
                }
                // A list of names, (<c>dx</c>, <c>dy</c>), is of the method's own parameters or of those the member adds, never both:
                // the adjoint of x is not called dx where the method has a parameter dx.
                foreach (Match list in Regex.Matches(summary.ToString(), @"\((<c>\w+</c>(, )?)+\)"))
                {
                    var listed = Regex.Matches(list.Value, @"<c>(\w+)</c>").Select(m => m.Groups[1].Value).ToList();
                    var own = listed.Where(n => primal.Parameters.Any(p => p.Name == n)).ToList();
                    Assert.True(own.Count == 0 || own.Count == listed.Count, $"{where}: {list.Value} mixes parameters of {primal.Name} ({string.Join(", ", own)}) with others");
                    Assert.All(listed, n => Assert.Contains(n, member.Parameters.Select(p => p.Name)));
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_derivative_block_is_headed_by_its_source_statement(string name)
    {
        var run = Run(name);
        foreach (var (hint, primal) in ExpectedFiles(run))
        {
            var declaration = (MethodDeclarationSyntax)primal.DeclaringSyntaxReferences[0].GetSyntax();
            var source = Regex.Replace(declaration.ToString(), @"\s+", " ");
            var expressionBodied = declaration.ExpressionBody is not null;
            foreach (var (syntax, member) in Members(run, hint))
            {
                // The Hessian and the Jacobian call the other members: they have no blocks of their own.
                if (member.Name == primal.Name + "Hessian" || member.Name == primal.Name + "Jacobian") continue;
                var where = $"{hint}: {member.Name}";
                var body = BodyLines(syntax);
                if (body.Count == 1 && body[0].StartsWith("throw new global::System.NotSupportedException(", StringComparison.Ordinal)) continue;
                // The adapters of struct members' calls end the body, each a static local function under a comment of its own.
                int adapters = body.FindIndex(line => line.StartsWith("static ", StringComparison.Ordinal));
                if (adapters > 1)
                {
                    Assert.True(IsComment(body[adapters - 1]) && body[adapters - 2].Length == 0, $"{where}: the local function at '{body[adapters]}' is not headed by a comment after a blank line");
                    body = body.Take(adapters - 2).ToList();
                }
                // An overload that takes structs calls the member of its name with their fields: it has no blocks either.
                if (body.Any(line => Regex.IsMatch(line, $@"\b{member.Name}\("))) continue;
                // Nor has a member that checks its arguments and calls its body without the checks (FPullbackUnchecked).
                if (body.Any(line => Regex.IsMatch(line, $@"\b{member.Name}Unchecked(<T>)?\("))) continue;
                var comments = body.Where(IsComment).ToList();
                Assert.True(comments.Count > 0, $"{where} has no comment:\n{string.Join("\n", body)}");
                foreach (var comment in comments)
                {
                    Assert.True(IsSourceStatement(comment, source, expressionBodied), $"{where}: '{comment}' is not a statement of {primal.Name}:\n{source}");
                }
                // Blocks are separated by blank lines, and each begins with its comment. Before the first one, only the
                // checks of the arguments, the setup of buffers and the declarations of locals the blocks share.
                for (int i = 0; i < body.Count; i++)
                {
                    if (i > 0 && body[i - 1].Length == 0) Assert.True(IsComment(body[i]), $"{where}: the block at '{body[i]}' has no heading comment:\n{string.Join("\n", body)}");
                    if (IsComment(body[i])) Assert.True(i == 0 || body[i - 1].Length == 0 || body[i - 1] == "{", $"{where}: '{body[i]}' does not start a block (no blank line above it):\n{string.Join("\n", body)}");
                }
                foreach (var line in body.TakeWhile(l => !IsComment(l)))
                {
                    Assert.True(line.Length == 0 || IsSetup(line), $"{where}: '{line}' comes before the first block's heading comment:\n{string.Join("\n", body)}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Hint_names_are_namespace_type_method_and_parameter_types_and_stable(string name)
    {
        var run = Run(name);
        var expected = ExpectedFiles(run).Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
        Assert.Equal(expected, run.GeneratedSources.Keys.ToList());

        // A second run from scratch, and one with every declaration list (and the files) in reverse order: the same files.
        var again = GeneratorHarness.Run(cases.Value[name]);
        Assert.Equal(run.GeneratedSources, again.GeneratedSources);
        var reversed = GeneratorHarness.Run(cases.Value[name].Reverse().Select(ReverseDeclarations).ToArray());
        Assert.Equal(run.GeneratedSources, reversed.GeneratedSources);
    }

    // ------------------------------------------------------------------ helpers

    private static GeneratorRun Run(string name)
        => runs.GetOrAdd(name, n => GeneratorHarness.Run(cases.Value[n]).AssertGeneratedCodeCompiles(allowAutoDiffWarnings: true));

    /// <summary>The sources of the snapshot tests: the raw string passed to each <c>Verify(nameof(Name), """…""")</c> in SnapshotTests.cs.</summary>
    private static Dictionary<string, string> SnapshotSources()
    {
        var root = CSharpSyntaxTree.ParseText(RepositoryFiles.Read("tests/AutoDiffGen.Generator.Tests/SnapshotTests.cs")).GetRoot();
        return root.DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Where(i => i.Expression is IdentifierNameSyntax { Identifier.Text: "Verify" } && i.ArgumentList.Arguments.Count == 2)
            .Select(i => (Name: i.ArgumentList.Arguments[0].Expression, Source: i.ArgumentList.Arguments[1].Expression))
            .Where(a => a.Name is InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.Text: "nameof" } } && a.Source is LiteralExpressionSyntax)
            .ToDictionary(
                a => ((InvocationExpressionSyntax)a.Name).ArgumentList.Arguments[0].Expression.ToString(),
                a => ((LiteralExpressionSyntax)a.Source).Token.ValueText);
    }

    /// <summary>Each [Differentiable] method of the input, by the hint name of its file: <c>Namespace.Type.Method_ParameterTypes.g.cs</c>.</summary>
    private static Dictionary<string, IMethodSymbol> ExpectedFiles(GeneratorRun run)
    {
        var files = new Dictionary<string, IMethodSymbol>();
        foreach (var tree in run.InputCompilation.SyntaxTrees)
        {
            var model = run.OutputCompilation.GetSemanticModel(tree);
            foreach (var declaration in model.SyntaxTree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
            {
                var method = model.GetDeclaredSymbol(declaration)!;
                if (method.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "AutoDiffGen.DifferentiableAttribute"))
                {
                    files.Add(HintName(method), method);
                }
            }
        }
        return files;
    }

    private static string HintName(IMethodSymbol method)
    {
        var parts = new List<string>();
        for (var type = method.ContainingType; type is not null; type = type.ContainingType) parts.Insert(0, type.Arity > 0 ? $"{type.Name}`{type.Arity}" : type.Name);
        if (!method.ContainingNamespace.IsGlobalNamespace) parts.Insert(0, method.ContainingNamespace.ToDisplayString());
        var types = method.Parameters.Select(p => p.Type switch
        {
            IArrayTypeSymbol array => array.ElementType.Name + "Array",
            INamedTypeSymbol { IsGenericType: true } generic => generic.Name + string.Concat(generic.TypeArguments.Select(t => t.Name)),
            var type => type.Name,
        });
        return string.Join(".", parts) + "." + method.Name + string.Concat(types.Select(t => "_" + t)) + ".g.cs";
    }

    /// <summary>The method declarations of a generated file, with their symbols.</summary>
    private static IEnumerable<(MethodDeclarationSyntax Syntax, IMethodSymbol Symbol)> Members(GeneratorRun run, string hint)
    {
        var tree = run.Result.GeneratedSources.Single(s => s.HintName == hint).SyntaxTree;
        var model = run.OutputCompilation.GetSemanticModel(tree);
        return tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Select(m => (m, model.GetDeclaredSymbol(m)!));
    }

    /// <summary>The C# of <c>F(x, y)</c>: how the documentation names the method.</summary>
    private static string Notation(IMethodSymbol method) => $"{method.Name}({string.Join(", ", method.Parameters.Select(p => p.Name))})";

    /// <summary>The lines between the braces of a member's body, trimmed.</summary>
    private static List<string> BodyLines(MethodDeclarationSyntax member)
    {
        var body = member.Body!;
        var text = body.SyntaxTree.GetText().ToString(Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(body.OpenBraceToken.Span.End, body.CloseBraceToken.SpanStart));
        return text.Split('\n').Select(l => l.Trim()).Skip(1).SkipLast(1).ToList();
    }

    private static bool IsComment(string line) => line.StartsWith("// ", StringComparison.Ordinal);

    private const string Adjoint = "adjoint of: ";

    /// <summary>Whether a heading is one of the method's statements (as the source has it, whitespace collapsed) or the adjoint of one.</summary>
    private static bool IsSourceStatement(string comment, string source, bool expressionBodied)
    {
        var text = comment.Substring("// ".Length);
        if (text.StartsWith(Adjoint, StringComparison.Ordinal)) text = text.Substring(Adjoint.Length);
        // The two headings of the generator's own: the start of the reverse sweep, and the loop over the rows of a Jacobian (FPullbackRows).
        if (text is "Reverse sweep: adjoints flow from the result back to the inputs." or "Each row of the Jacobian: a reverse sweep seeded with its output element alone.") return true;
        if (text.EndsWith("…", StringComparison.Ordinal)) text = text[..^1];
        if (source.Contains(text, StringComparison.Ordinal)) return true;
        // An expression body is the statement 'return …;'.
        return expressionBodied && text.StartsWith("return ", StringComparison.Ordinal) && source.Contains("=> " + text.Substring("return ".Length), StringComparison.Ordinal);
    }

    /// <summary>What a member does before its first block: checks its arguments, returns at once when its seeds are 0, rents and clears buffers, declares locals.</summary>
    private static bool IsSetup(string line)
        => Regex.IsMatch(line, @"^if \(.*\) throw new global::System\.ArgumentException\(")
            || Regex.IsMatch(line, @"^if \((\w+ == 0|T\.IsZero\(\w+\))( && (\w+ == 0|T\.IsZero\(\w+\)))*\) return;$")
            || Regex.IsMatch(line, @"^[\w.]+\.Clear\(\);$")
            || line.Contains(".Rent(", StringComparison.Ordinal)
            || line.StartsWith("using var ", StringComparison.Ordinal)
            || Regex.IsMatch(line, @"^var \w+ = new global::System\.Span<\w+>\(")
            || Regex.IsMatch(line, @"^\w+\[\]\? \w+_buffer = null;$")
            || Regex.IsMatch(line, @"^\w+ = \w+\.Slice\(0, [\w.]+\);$")
            || Regex.IsMatch(line, @"^\w+\.CopyTo\(\w+\);$")
            || line.StartsWith("global::AutoDiffGen.Matrix.BeginGradient(", StringComparison.Ordinal)
            || Regex.IsMatch(line, @"^(?!return )((ref )?[\w.:<>]+ )?\w+( = (ref )?" + Value + ")?;$");

    /// <summary>What a local starts as: a constant, a copy, an adjoint taken over from the caller, a null reference.</summary>
    private const string Value = @"(-?[0-9.]+|-?T\.(Zero|One)|true|false|null|\w+|global::AutoDiffGen\.Matrix\.AdjointOrNull\(ref \w+\)|global::System\.Runtime\.CompilerServices\.Unsafe\.NullRef<[\w.:]+>\(\))";

    /// <summary>The source with the members of every type, namespace and file in reverse order.</summary>
    private static string ReverseDeclarations(string source)
        => new Reverser().Visit(CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions).GetRoot()).ToFullString();

    private sealed class Reverser : CSharpSyntaxRewriter
    {
        public override SyntaxNode? VisitCompilationUnit(CompilationUnitSyntax node)
            => ((CompilationUnitSyntax)base.VisitCompilationUnit(node)!) is var n ? n.WithMembers(Reversed(n.Members)) : null;

        public override SyntaxNode? VisitFileScopedNamespaceDeclaration(FileScopedNamespaceDeclarationSyntax node)
            => ((FileScopedNamespaceDeclarationSyntax)base.VisitFileScopedNamespaceDeclaration(node)!) is var n ? n.WithMembers(Reversed(n.Members)) : null;

        public override SyntaxNode? VisitNamespaceDeclaration(NamespaceDeclarationSyntax node)
            => ((NamespaceDeclarationSyntax)base.VisitNamespaceDeclaration(node)!) is var n ? n.WithMembers(Reversed(n.Members)) : null;

        public override SyntaxNode? VisitClassDeclaration(ClassDeclarationSyntax node) => Reverse(base.VisitClassDeclaration(node));

        public override SyntaxNode? VisitStructDeclaration(StructDeclarationSyntax node) => Reverse(base.VisitStructDeclaration(node));

        public override SyntaxNode? VisitRecordDeclaration(RecordDeclarationSyntax node) => Reverse(base.VisitRecordDeclaration(node));

        private static SyntaxNode Reverse(SyntaxNode? visited) => ((TypeDeclarationSyntax)visited!) is var n ? n.WithMembers(Reversed(n.Members)) : visited!;

        private static SyntaxList<MemberDeclarationSyntax> Reversed(SyntaxList<MemberDeclarationSyntax> members) => SyntaxFactory.List(members.Reverse());
    }
}
