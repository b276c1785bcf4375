using System;
using System.Linq;
using Xunit;

namespace AutoDiffGen.Generator.Tests;

/// <summary>Pieces of a generated file, for tests that assert on one member's code.</summary>
internal static class GeneratedMembers
{
    /// <summary>The generated file of the method <paramref name="method"/> of the class <paramref name="type"/>.</summary>
    public static string FileOf(GeneratorRun run, string method, string type = "C")
        => run.GeneratedSources.Single(s => s.Key.Contains("." + type + "." + method + "_", StringComparison.Ordinal)).Value;

    /// <summary>The text of the member <paramref name="name"/>, from its name to the next member's documentation.</summary>
    public static string Member(string text, string name)
    {
        int start = text.IndexOf(" " + name + "(", StringComparison.Ordinal);
        Assert.True(start >= 0, $"No member {name} in:\n{text}");
        int end = text.IndexOf("/// <summary>", start, StringComparison.Ordinal);
        return end < 0 ? text.Substring(start) : text.Substring(start, end - start);
    }

    /// <summary>The lines of code, not the comments that quote the source.</summary>
    public static string Code(string member)
        => string.Join("\n", member.Split('\n').Where(line => !line.TrimStart().StartsWith("//", StringComparison.Ordinal)));
}
