using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using Xunit.Sdk;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// Snapshot tests of generated text against checked-in files <c>Snapshots/{name}.g.cs</c> next to this
/// project's sources. With <c>AUTODIFFGEN_UPDATE_SNAPSHOTS=1</c> the files are (re)written and the
/// check passes (never under <c>CI=true</c>); otherwise a missing or different file fails the test.
/// Line endings are normalized to <c>\n</c> on both sides.
/// </summary>
internal static class Snapshot
{
    public const string UpdateVariable = "AUTODIFFGEN_UPDATE_SNAPSHOTS";

    public static bool Updating =>
        Environment.GetEnvironmentVariable(UpdateVariable) == "1"
        && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Compares <paramref name="actual"/> with <c>Snapshots/{name}.g.cs</c> (or writes it when updating).</summary>
    public static void Verify(string name, string actual, [CallerFilePath] string callerFilePath = "")
    {
        var path = PathOf(name, callerFilePath);
        var normalized = Normalize(actual);
        if (Updating)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, normalized, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            return;
        }
        if (!File.Exists(path))
        {
            throw new XunitException(
                $"Snapshot '{name}' does not exist: {path}\n" +
                $"Create it by running the tests with {UpdateVariable}=1, e.g.\n" +
                $"  {UpdateVariable}=1 dotnet test tests/AutoDiffGen.Generator.Tests --filter \"FullyQualifiedName~Snapshot\"\n" +
                "then review the new file and commit it.\n\nActual text:\n" + normalized);
        }
        var expected = Normalize(File.ReadAllText(path));
        if (expected != normalized)
        {
            throw new XunitException(
                $"Snapshot '{name}' differs from {path}.\n{Diff(expected, normalized)}\n" +
                $"If the change is intended, run the tests with {UpdateVariable}=1 and review the diff of the snapshot files.");
        }
    }

    /// <summary>
    /// Verifies every generated file of a run as <c>{testName}.{hint name}</c>, and that no other snapshot of
    /// that test exists (a file that is no longer generated fails the test; updating deletes it).
    /// </summary>
    public static void VerifyGenerated(string testName, IReadOnlyDictionary<string, string> generatedSources, [CallerFilePath] string callerFilePath = "")
    {
        if (generatedSources.Count == 0) throw new XunitException($"Snapshot '{testName}': the generator produced no file.");
        var expectedNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (hintName, text) in generatedSources)
        {
            var name = testName + "." + SanitizeHintName(hintName);
            expectedNames.Add(name);
            Verify(name, text, callerFilePath);
        }
        var directory = Path.GetDirectoryName(PathOf(testName, callerFilePath))!;
        if (!Directory.Exists(directory)) return;
        var stale = Directory.EnumerateFiles(directory, testName + ".*.g.cs")
            .Select(f => Path.GetFileName(f)[..^".g.cs".Length])
            .Where(n => !expectedNames.Contains(n))
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList();
        if (stale.Count == 0) return;
        if (Updating)
        {
            foreach (var name in stale) File.Delete(PathOf(name, callerFilePath));
            return;
        }
        throw new XunitException(
            $"Snapshot '{testName}': these snapshot files are no longer generated: {string.Join(", ", stale)}. " +
            $"Run the tests with {UpdateVariable}=1 to delete them.");
    }

    /// <summary>A hint name as part of a file name: without <c>.g.cs</c>/<c>.cs</c>, characters not allowed in file names replaced by '_'.</summary>
    public static string SanitizeHintName(string hintName)
    {
        var name = hintName.EndsWith(".g.cs", StringComparison.Ordinal) ? hintName[..^".g.cs".Length]
            : hintName.EndsWith(".cs", StringComparison.Ordinal) ? hintName[..^".cs".Length]
            : hintName;
        var invalid = Path.GetInvalidFileNameChars().Concat(new[] { '<', '>', ':', '"', '/', '\\', '|', '?', '*' }).ToHashSet();
        return new string(name.Select(c => invalid.Contains(c) ? '_' : c).ToArray());
    }

    public static string Normalize(string text) => text.Replace("\r\n", "\n").Replace('\r', '\n');

    /// <summary>The path of snapshot <paramref name="name"/>: <c>Snapshots/</c> in this test project's source directory.</summary>
    public static string PathOf(string name, string callerFilePath) => Path.Combine(SnapshotDirectory(callerFilePath), name + ".g.cs");

    private static string SnapshotDirectory(string callerFilePath)
    {
        // The project directory is the nearest directory above the calling source file that holds the
        // project file; if the build mapped source paths away (deterministic CI builds), search upwards
        // from the test binaries instead.
        const string projectFile = "AutoDiffGen.Generator.Tests.csproj";
        foreach (var start in new[] { Path.GetDirectoryName(callerFilePath), Path.GetDirectoryName(ThisFile()) })
        {
            for (var dir = start; !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
            {
                if (File.Exists(Path.Combine(dir, projectFile))) return Path.Combine(dir, "Snapshots");
            }
        }
        for (var dir = AppContext.BaseDirectory; !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
        {
            var candidate = Path.Combine(dir, "tests", "AutoDiffGen.Generator.Tests");
            if (File.Exists(Path.Combine(candidate, projectFile))) return Path.Combine(candidate, "Snapshots");
        }
        throw new InvalidOperationException($"Cannot find the directory of {projectFile} from '{callerFilePath}' or '{AppContext.BaseDirectory}'.");
    }

    private static string ThisFile([CallerFilePath] string path = "") => path;

    /// <summary>A short line diff around the first difference.</summary>
    private static string Diff(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        int first = 0;
        while (first < e.Length && first < a.Length && e[first] == a[first]) first++;
        // Common suffix, to show only the changed middle.
        int ie = e.Length - 1, ia = a.Length - 1;
        while (ie >= first && ia >= first && e[ie] == a[ia]) { ie--; ia--; }
        var sb = new StringBuilder();
        sb.AppendLine($"First difference at line {first + 1} (expected {e.Length} lines, actual {a.Length} lines):");
        const int context = 3;
        for (int i = Math.Max(0, first - context); i < first; i++) sb.AppendLine("  " + e[i]);
        const int maxShown = 40;
        for (int i = first; i <= ie && i < first + maxShown; i++) sb.AppendLine("- " + e[i]);
        if (ie - first + 1 > maxShown) sb.AppendLine($"- … ({ie - first + 1 - maxShown} more)");
        for (int i = first; i <= ia && i < first + maxShown; i++) sb.AppendLine("+ " + a[i]);
        if (ia - first + 1 > maxShown) sb.AppendLine($"+ … ({ia - first + 1 - maxShown} more)");
        for (int i = ie + 1; i < e.Length && i <= ie + context; i++) sb.AppendLine("  " + e[i]);
        return sb.ToString();
    }
}
