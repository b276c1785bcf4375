using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// The annotated example under "Seeing the generated code" in README.md is what the generator emits: the method of the
/// README's first code block is run through the generator, and the member the second block shows is compared with it
/// line by line, without the "← …" annotations and with the attributes and XML documentation trimmed as the README says.
/// </summary>
public sealed class ReadmeExampleTests
{
    private const string Section = "### Seeing the generated code";

    [Fact]
    public void The_annotated_example_is_the_generated_code()
    {
        var (source, annotated) = ExampleBlocks(RepositoryFiles.Read("README.md"));
        var expected = annotated.Select(StripAnnotation).ToList();
        Assert.Contains(annotated, line => line.Contains('←', StringComparison.Ordinal));

        var run = GeneratorHarness.Run($$"""
            using System;
            using AutoDiffGen;

            namespace Readme;

            public static partial class Example
            {
            {{string.Join("\n", source)}}
            }
            """).AssertGeneratedCodeCompiles();

        var name = ((MethodDeclarationSyntax)SyntaxFactory.ParseMemberDeclaration(string.Join("\n", expected))!).Identifier.Text;
        var generated = run.GeneratedSources.Values
            .SelectMany(text => CSharpSyntaxTree.ParseText(text).GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
            .Where(m => m.Identifier.Text == name)
            .ToList();
        Assert.True(generated.Count == 1, $"The README shows {name}; the generator emitted {generated.Count} members of that name:\n{run.AllGeneratedText()}");

        var actual = Trimmed(generated[0]);
        Assert.True(expected.SequenceEqual(actual, StringComparer.Ordinal),
            $"README.md ({Section}) shows\n\n{string.Join("\n", expected)}\n\nbut the generator emits\n\n{string.Join("\n", actual)}");
    }

    [Theory]
    [InlineData("    dy = x;                 ← the adjoint of y", "    dy = x;")]
    [InlineData("    dy = x;", "    dy = x;")]
    [InlineData("", "")]
    public void Annotations_are_stripped(string line, string expected) => Assert.Equal(expected, StripAnnotation(line));

    /// <summary>The first two <c>```csharp</c> blocks of the section: the [Differentiable] method, and the annotated generated member.</summary>
    private static (List<string> Source, List<string> Annotated) ExampleBlocks(string readme)
    {
        var lines = readme.Split('\n');
        int start = Array.IndexOf(lines, Section);
        Assert.True(start >= 0, $"README.md has no line '{Section}'.");
        var blocks = new List<List<string>>();
        List<string>? block = null;
        for (int i = start + 1; i < lines.Length && blocks.Count < 2 && !lines[i].StartsWith("#", StringComparison.Ordinal); i++)
        {
            if (block is null && lines[i] == "```csharp") block = new List<string>();
            else if (block is not null && lines[i] == "```") { blocks.Add(block); block = null; }
            else block?.Add(lines[i]);
        }
        Assert.True(blocks.Count == 2, $"README.md ({Section}) should have two csharp blocks, the method and its annotated gradient; it has {blocks.Count}.");
        Assert.Contains(blocks[0], line => line.Contains("[Differentiable]", StringComparison.Ordinal));
        return (blocks[0], blocks[1]);
    }

    private static string StripAnnotation(string line) => Regex.Replace(line, @"\s*←.*$", "").TrimEnd();

    /// <summary>The member as the README shows it: from its modifiers to its closing brace (no attributes, no XML documentation), dedented.</summary>
    private static List<string> Trimmed(MethodDeclarationSyntax method)
    {
        var text = method.SyntaxTree.GetText();
        int from = method.Modifiers.Count > 0 ? method.Modifiers[0].SpanStart : method.ReturnType.SpanStart;
        int lineStart = text.Lines.GetLineFromPosition(from).Start;
        var lines = text.ToString(Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(lineStart, method.Span.End)).Replace("\r\n", "\n").Split('\n');
        int indent = lines.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return lines.Select(l => l.Trim().Length == 0 ? "" : l.Substring(indent).TrimEnd()).ToList();
    }
}
