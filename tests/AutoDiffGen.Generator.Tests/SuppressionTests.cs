using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// A warning of the generator can be turned off the ordinary ways: <c>#pragma warning disable</c>, a severity in
/// <c>.editorconfig</c>, and <c>[SuppressMessage]</c>. The compiler applies them to a generator's diagnostics only in a
/// real build, so this test builds a small project with <c>dotnet build</c> (the runtime and the generator from this
/// test's output folder): four methods with the same <c>Math.Floor</c> warning (ADG0301), three suppressed, one not.
/// </summary>
public sealed class SuppressionTests
{
    private const string Method = """
            [Differentiable]
            public static double F(double x) => Math.Floor(x) + x;
        """;

    [Fact]
    public void Pragma_editorconfig_and_SuppressMessage_each_suppress_a_warning()
    {
        var folder = Directory.CreateTempSubdirectory("autodiffgen-suppression-").FullName;
        try
        {
            var bin = AppContext.BaseDirectory;
            File.WriteAllText(Path.Combine(folder, "Suppression.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <ImplicitUsings>disable</ImplicitUsings>
                    <Nullable>enable</Nullable>
                  </PropertyGroup>
                  <ItemGroup>
                    <Reference Include="{Path.Combine(bin, "AutoDiffGen.dll")}" />
                    <Analyzer Include="{Path.Combine(bin, "AutoDiffGen.Generator.dll")}" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(folder, ".editorconfig"), "root = true\n[ByEditorConfig.cs]\ndotnet_diagnostic.ADG0301.severity = none\n");
            File.WriteAllText(Path.Combine(folder, "Reported.cs"), Type("Reported", Method));
            File.WriteAllText(Path.Combine(folder, "ByPragma.cs"), Type("ByPragma", "#pragma warning disable ADG0301\n" + Method + "\n#pragma warning restore ADG0301"));
            File.WriteAllText(Path.Combine(folder, "ByEditorConfig.cs"), Type("ByEditorConfig", Method));
            File.WriteAllText(Path.Combine(folder, "BySuppressMessage.cs"), Type("BySuppressMessage",
                "    [System.Diagnostics.CodeAnalysis.SuppressMessage(\"AutoDiffGen\", \"ADG0301\", Justification = \"a staircase is intended\")]\n" + Method));

            var output = Build(folder);
            var warnings = Regex.Matches(output, @"([A-Za-z]+\.cs)\((\d+),(\d+)\): warning (ADG\d{4})").Select(m => m.Value).Distinct().ToList();
            Assert.True(warnings.SequenceEqual(["Reported.cs(7,41): warning ADG0301"]), "Expected only the unsuppressed warning, got:\n" + string.Join("\n", warnings) + "\n\n" + output);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Type(string name, string members) => $$"""
        using System;
        using AutoDiffGen;

        public static partial class {{name}}
        {
        {{members}}
        }
        """;

    private static string Build(string folder)
    {
        var start = new ProcessStartInfo("dotnet", "build --nologo -v:q -clp:NoSummary")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(3)), "dotnet build did not finish in 3 minutes");
        var output = stdout.Result + stderr.Result;
        Assert.True(process.ExitCode == 0, "dotnet build failed:\n" + output);
        return output;
    }
}
