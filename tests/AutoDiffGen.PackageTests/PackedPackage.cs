using System;
using System.IO;
using System.Linq;
using System.Xml.Linq;

namespace AutoDiffGen.PackageTests;

/// <summary>
/// `dotnet pack runtime/AutoDiffGen -c Release` into a folder feed in a new temporary folder, once for the test class,
/// and a NuGet.config beside it from which projects in that folder restore: AutoDiffGen from the feed only, everything
/// else from the sources this machine restores from, into a packages folder of their own (never a stale AutoDiffGen
/// from the global packages folder). The folder is deleted afterwards.
/// </summary>
/// <remarks>
/// The pack builds into its own artifacts folder (<c>ArtifactsPath</c>), not the projects' bin/ and obj/: the other
/// test projects of the solution build the same projects in Debug at the same time, and a second process restoring
/// or writing in their obj/ would race with them. The sources are only read.
/// </remarks>
public sealed class PackedPackage : IDisposable
{
    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(8);

    public PackedPackage()
    {
        RepositoryRoot = FindRepositoryRoot();
        Root = Path.Combine(Path.GetTempPath(), "autodiffgen-package-tests", Guid.NewGuid().ToString("N")[..12]);
        Feed = Path.Combine(Root, "feed");
        Directory.CreateDirectory(Feed);
        try
        {
            Pack = DotNet.Run(Root, PackTimeout,
                "pack", Path.Combine(RepositoryRoot, "runtime", "AutoDiffGen", "AutoDiffGen.csproj"),
                "-c", "Release", "-o", Feed, "-p:ArtifactsPath=" + Path.Combine(Root, "artifacts") + Path.DirectorySeparatorChar,
                "-nodeReuse:false",
                // Analyzers only report (the solution's own build runs them); the assemblies are the same without them.
                "-p:RunAnalyzers=false").EnsureSuccess();

            string[] packages = Directory.GetFiles(Feed, "AutoDiffGen.*.nupkg");
            if (packages.Length != 1)
                throw new InvalidOperationException($"Expected one AutoDiffGen package in {Feed}, found: {string.Join(", ", packages)}\n{Pack.Describe()}");
            PackagePath = packages[0];
            Version = Path.GetFileNameWithoutExtension(PackagePath)["AutoDiffGen.".Length..];
            SymbolsPath = Path.ChangeExtension(PackagePath, ".snupkg");

            WriteConsumerRoot();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The folder with AutoDiffGen.sln.</summary>
    public string RepositoryRoot { get; }

    /// <summary>The temporary folder: feed/, artifacts/, packages/, NuGet.config and the consumer projects.</summary>
    public string Root { get; }

    public string Feed { get; }

    public CommandResult Pack { get; }

    public string PackagePath { get; } = "";

    public string SymbolsPath { get; } = "";

    /// <summary>The package's version, from its file name.</summary>
    public string Version { get; } = "";

    /// <summary>
    /// Creates the project <paramref name="name"/>/<paramref name="name"/>.csproj under <see cref="Root"/>: net10.0, a
    /// PackageReference to this AutoDiffGen and nothing else but <paramref name="properties"/> and <paramref name="items"/>
    /// (MSBuild XML). Returns its folder.
    /// </summary>
    public string WriteConsumer(string name, string properties, string items = "")
    {
        string folder = Path.Combine(Root, name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                {properties}
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="AutoDiffGen" Version="{Version}" />
                {items}
              </ItemGroup>
            </Project>
            """);
        return folder;
    }

    public void Dispose()
    {
        try
        {
            if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A build server may still hold a file open; the folder is under the temporary folder anyway.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "AutoDiffGen.sln"))) return folder.FullName;
        }
        throw new InvalidOperationException("AutoDiffGen.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>
    /// NuGet.config, global.json (the repository's SDK) and empty Directory.Build.props/.targets (nothing from the
    /// folders above leaks into the consumers) at <see cref="Root"/>.
    /// </summary>
    private void WriteConsumerRoot()
    {
        // The sources this machine restores from (its NuGet.config files, read before this folder has one of its own).
        var list = DotNet.Run(Root, TimeSpan.FromMinutes(1), "nuget", "list", "source", "--format", "short").EnsureSuccess();
        string[] sources = list.Output.Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.StartsWith("E ", StringComparison.Ordinal))
            .Select(line => line[2..].Trim())
            .ToArray();
        if (sources.Length == 0) throw new InvalidOperationException("This machine has no enabled NuGet source: " + list.Describe());

        var packageSources = new XElement("packageSources", new XElement("clear"), Add("feed", Feed));
        var mapping = new XElement("packageSourceMapping",
            new XElement("packageSource", new XAttribute("key", "feed"), new XElement("package", new XAttribute("pattern", "AutoDiffGen"))));
        for (int i = 0; i < sources.Length; i++)
        {
            packageSources.Add(Add($"machine{i}", sources[i]));
            mapping.Add(new XElement("packageSource", new XAttribute("key", $"machine{i}"), new XElement("package", new XAttribute("pattern", "*"))));
        }
        var config = new XDocument(new XElement("configuration",
            new XElement("config", Add("globalPackagesFolder", Path.Combine(Root, "packages"))),
            packageSources,
            mapping));
        config.Save(Path.Combine(Root, "NuGet.config"));

        File.Copy(Path.Combine(RepositoryRoot, "global.json"), Path.Combine(Root, "global.json"));
        File.WriteAllText(Path.Combine(Root, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(Root, "Directory.Build.targets"), "<Project />\n");

        static XElement Add(string key, string value) => new("add", new XAttribute("key", key), new XAttribute("value", value));
    }
}
