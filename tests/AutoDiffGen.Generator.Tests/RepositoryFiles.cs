using System;
using System.IO;

namespace AutoDiffGen.Generator.Tests;

/// <summary>Files of the repository these tests are built from: found from the test binaries upwards, by <c>AutoDiffGen.sln</c>.</summary>
internal static class RepositoryFiles
{
    private static readonly Lazy<string> root = new(() =>
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "AutoDiffGen.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("AutoDiffGen.sln not found above " + AppContext.BaseDirectory);
    });

    /// <summary>The repository's root directory (the one holding <c>AutoDiffGen.sln</c>).</summary>
    public static string Root => root.Value;

    /// <summary>The full path of <paramref name="relativePath"/> (with '/' separators) in the repository.</summary>
    public static string PathOf(string relativePath) => Path.Combine(Root, relativePath);

    /// <summary>The text of <paramref name="relativePath"/>, line endings normalized to <c>\n</c>.</summary>
    public static string Read(string relativePath) => File.ReadAllText(PathOf(relativePath)).Replace("\r\n", "\n");
}
