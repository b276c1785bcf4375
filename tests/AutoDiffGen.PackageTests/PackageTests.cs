using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using System.Xml.Linq;
using Xunit;
using Xunit.Abstractions;

namespace AutoDiffGen.PackageTests;

/// <summary>
/// The AutoDiffGen package, packed from this repository (<see cref="PackedPackage"/>): what is in it, and a fresh
/// console project that restores it from a folder feed, compiles [Differentiable] code with the generator from the
/// package, runs, and prints derivatives equal to their closed forms.
/// </summary>
/// <remarks>
/// CS9057: a compiler older than the one the generator was built against does not load it and only warns, so the
/// generated members would be missing. The package's build targets make that warning an error; the test builds a
/// project that references the package and a generator assembly that no compiler can load
/// (<see cref="TooNewGenerator"/>, which references Microsoft.CodeAnalysis 99.0.0.0), and sees the build fail with
/// error CS9057 — and, with the package's rule overridden, succeed with the warning. Building the real generator
/// against a Roslyn newer than the SDK's compiler would also work, but which Roslyn is newer changes with every SDK.
/// </remarks>
public sealed class PackageTests : IClassFixture<PackedPackage>
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(5);
    private const double Tolerance = 1e-12;

    private readonly PackedPackage _package;
    private readonly ITestOutputHelper _output;

    public PackageTests(PackedPackage package, ITestOutputHelper output)
    {
        _package = package;
        _output = output;
        _output.WriteLine($"{package.Pack.CommandLine}: {package.Pack.Duration.TotalSeconds:0.0} s");
    }

    [Fact]
    public void Package_holds_the_library_the_generator_as_an_analyzer_the_readme_the_licence_and_the_build_targets()
    {
        using var zip = ZipFile.OpenRead(_package.PackagePath);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
        string[] expected =
        [
            "lib/net10.0/AutoDiffGen.dll",
            "lib/net10.0/AutoDiffGen.xml",
            "analyzers/dotnet/cs/AutoDiffGen.Generator.dll",
            "analyzers/dotnet/cs/AutoDiffGen.CodeFixes.dll",
            "build/AutoDiffGen.targets",
            "buildTransitive/AutoDiffGen.targets",
            "PACKAGE.md",
            "LICENSE",
        ];
        foreach (string entry in expected) Assert.True(entries.Contains(entry), $"{entry} is missing from the package: {string.Join(", ", entries.Order())}");

        // Three assemblies and no more: no Roslyn (the compiler and the IDE bring their own), no PolySharp (source only).
        Assert.Equal(
            ["analyzers/dotnet/cs/AutoDiffGen.CodeFixes.dll", "analyzers/dotnet/cs/AutoDiffGen.Generator.dll", "lib/net10.0/AutoDiffGen.dll"],
            entries.Where(e => e.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal));

        foreach (string targets in new[] { "build/AutoDiffGen.targets", "buildTransitive/AutoDiffGen.targets" })
        {
            var warningsAsErrors = XDocument.Parse(Read(zip, targets)).Descendants("WarningsAsErrors").Single().Value;
            Assert.Equal("$(WarningsAsErrors);CS9057", warningsAsErrors);
        }
        Assert.Contains("[Differentiable]", Read(zip, "PACKAGE.md"), StringComparison.Ordinal);
        Assert.StartsWith("MIT License", Read(zip, "LICENSE"), StringComparison.Ordinal);
    }

    [Fact]
    public void Nuspec_names_the_package_its_licence_and_readme_and_depends_only_on_System_Numerics_Tensors()
    {
        using var zip = ZipFile.OpenRead(_package.PackagePath);
        var metadata = XDocument.Parse(Read(zip, "AutoDiffGen.nuspec")).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string Field(string name) => metadata.Elements().Single(e => e.Name.LocalName == name).Value;

        Assert.Equal("AutoDiffGen", Field("id"));
        Assert.Equal(_package.Version, Field("version"));
        Assert.Equal("MIT", Field("license"));
        Assert.Equal("PACKAGE.md", Field("readme"));
        Assert.False(string.IsNullOrWhiteSpace(Field("authors")));
        Assert.Contains("automatic differentiation", Field("description"), StringComparison.OrdinalIgnoreCase);

        var dependencies = metadata.Descendants().Where(e => e.Name.LocalName == "dependency").ToList();
        var tensors = Assert.Single(dependencies);
        Assert.Equal("System.Numerics.Tensors", tensors.Attribute("id")!.Value);
        Assert.Equal("net10.0", tensors.Parent!.Attribute("targetFramework")!.Value);
    }

    [Theory]
    [InlineData("analyzers/dotnet/cs/AutoDiffGen.Generator.dll")]
    [InlineData("analyzers/dotnet/cs/AutoDiffGen.CodeFixes.dll")]
    public void Generator_and_code_fixes_in_the_package_need_no_compiler_newer_than_Roslyn_4_8(string assembly)
    {
        using var zip = ZipFile.OpenRead(_package.PackagePath);
        using var image = new MemoryStream();
        using (var stream = Open(zip, assembly)) stream.CopyTo(image);
        image.Position = 0;
        using var pe = new PEReader(image);
        var reader = pe.GetMetadataReader();
        var compilerReferences = reader.AssemblyReferences
            .Select(handle => reader.GetAssemblyReference(handle))
            .Where(reference => reader.GetString(reference.Name).StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal))
            .ToList();

        Assert.NotEmpty(compilerReferences);
        foreach (var reference in compilerReferences)
        {
            Assert.True(reference.Version <= new Version(4, 8, 0, 0),
                $"{assembly} references {reader.GetString(reference.Name)} {reference.Version}: compilers older than that would skip it (CS9057). PACKAGE.md says Roslyn 4.8.");
        }
    }

    [Fact]
    public void Symbols_package_holds_the_library_pdb()
    {
        using var zip = ZipFile.OpenRead(_package.SymbolsPath);
        Assert.Contains("lib/net10.0/AutoDiffGen.pdb", zip.Entries.Select(e => e.FullName));
    }

    [Fact]
    public void Consumer_restoring_from_a_folder_feed_compiles_Differentiable_code_and_prints_the_closed_form_derivatives()
    {
        string folder = _package.WriteConsumer("Consumer", """
            <OutputType>Exe</OutputType>
            <Nullable>enable</Nullable>
            <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
            """);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Consumer", "Program.cs"), Path.Combine(folder, "Program.cs"));

        Succeeds(Run(folder, "build", "-nodeReuse:false"));
        AssertRestoredFromTheFeed();
        var run = Succeeds(Run(folder, "run", "--no-build"));
        var printed = Parse(run);
        double Value(string name) =>
            printed.TryGetValue(name, out double value) ? value : throw new InvalidOperationException($"The consumer did not print {name}: " + run.Describe());
        void Close(double expected, string name)
        {
            double actual = Value(name);
            Assert.True(Math.Abs(actual - expected) <= Tolerance * Math.Max(1, Math.Abs(expected)), $"{name}: printed {actual:R}, closed form {expected:R}");
        }

        // f(x, y) = x·y + sin x
        double x = Value("x"), y = Value("y");
        Close(x * y + Math.Sin(x), "f");
        Close(y + Math.Cos(x), "df/dx");
        Close(x, "df/dy");
        Close(-Math.Sin(x), "H[0,0]");
        Close(1, "H[0,1]");
        Close(1, "H[1,0]");
        Close(0, "H[1,1]");

        // g(W) = Σᵢ tanh((W·v)ᵢ), ∂g/∂Wᵢⱼ = (1 − tanh²((W·v)ᵢ))·vⱼ
        double sum = 0;
        for (int i = 0; i < 2; i++)
        {
            double z = 0;
            for (int j = 0; j < 3; j++) z += Value($"w[{i},{j}]") * Value($"v[{j}]");
            double t = Math.Tanh(z);
            sum += t;
            for (int j = 0; j < 3; j++) Close((1 - t * t) * Value($"v[{j}]"), $"dg/dw[{i},{j}]");
        }
        Close(sum, "g");
    }

    [Fact]
    public void Package_makes_CS9057_an_error_so_a_generator_the_compiler_cannot_load_fails_the_build()
    {
        string analyzer = TooNewGenerator.Write(Path.Combine(_package.Root, "too-new-generator"));
        // Warnings are not errors in this project, and it sets WarningsAsErrors as if it were alone: only the package's
        // targets can make CS9057 an error.
        string folder = _package.WriteConsumer("TooNew", """
            <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
            <WarningsAsErrors>CS0618</WarningsAsErrors>
            """,
            $"""<Analyzer Include="{analyzer}" />""");
        File.WriteAllText(Path.Combine(folder, "Code.cs"), "public static class Code { }\n");

        var failed = Run(folder, "build", "-nodeReuse:false");
        Assert.True(failed.ExitCode is not null and not 0, "The build should fail: " + failed.Describe());
        Assert.True(failed.Output.Contains("error CS9057", StringComparison.Ordinal) && failed.Output.Contains(TooNewGenerator.AssemblyName + ".dll", StringComparison.Ordinal),
            "The build should fail with error CS9057 for the generator: " + failed.Describe());

        var property = Succeeds(Run(folder, "msbuild", "-getProperty:WarningsAsErrors"));
        Assert.Contains("CS9057", property.Output.Trim().Split(';'));

        // The same project with the package's rule overridden: the compiler only warns and the build succeeds —
        // without the generator, which is what the rule is there to prevent.
        var warned = Succeeds(Run(folder, "build", "--no-incremental", "-nodeReuse:false", "-p:WarningsAsErrors="));
        Assert.True(warned.Output.Contains("warning CS9057", StringComparison.Ordinal), "Without the rule CS9057 should be a warning: " + warned.Describe());
    }

    private CommandResult Run(string folder, params string[] arguments)
    {
        var result = DotNet.Run(folder, BuildTimeout, arguments);
        _output.WriteLine($"{result.CommandLine}: {result.Duration.TotalSeconds:0.0} s, exit code {result.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "none (timed out)"}");
        return result;
    }

    private static CommandResult Succeeds(CommandResult result)
    {
        Assert.True(result.ExitCode == 0, result.Describe());
        return result;
    }

    /// <summary>AutoDiffGen came from the feed into the consumers' own packages folder, not from anywhere else.</summary>
    private void AssertRestoredFromTheFeed()
    {
        string metadata = Path.Combine(_package.Root, "packages", "autodiffgen", _package.Version.ToLowerInvariant(), ".nupkg.metadata");
        Assert.True(File.Exists(metadata), metadata + " is missing");
        using var json = JsonDocument.Parse(File.ReadAllText(metadata));
        Assert.Equal(Path.TrimEndingDirectorySeparator(_package.Feed), Path.TrimEndingDirectorySeparator(json.RootElement.GetProperty("source").GetString()!));
    }

    /// <summary>The consumer's "name value" lines.</summary>
    private static Dictionary<string, double> Parse(CommandResult run)
    {
        var printed = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (string line in run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] parts = line.Split(' ');
            if (parts.Length == 2 && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
                printed[parts[0]] = value;
        }
        return printed;
    }

    private static Stream Open(ZipArchive zip, string entry) =>
        (zip.GetEntry(entry) ?? throw new InvalidOperationException(entry + " is not in the package")).Open();

    private static string Read(ZipArchive zip, string entry)
    {
        using var reader = new StreamReader(Open(zip, entry));
        return reader.ReadToEnd();
    }
}
