using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace AutoDiffGen.Runtime.Tests;

/// <summary>
/// Reaches every vector width the machine has through the runtime's own switches: each theory row starts this test
/// assembly as a program (<see cref="WidthRun"/>) with one switch set in its environment, so that
/// <see cref="SimdWidth"/> and TensorPrimitives choose a narrower width there, and the tests of the classes marked
/// <see cref="EveryWidthAttribute"/> run again at it. This process runs them at the widest width. A row whose width
/// the machine cannot reach, or has already reached by another row (no AVX-512: the default is Vector256), passes
/// at once and says so in its output. The first row to run starts all the children, so that they run side by side
/// with each other and with the rest of the suite (each takes a few seconds, most of it compiling).
/// </summary>
public sealed class EveryWidthTests(ITestOutputHelper output)
{
    /// <summary>The switch, the width it leaves, and whether that is a width this process and no earlier row runs.</summary>
    private sealed record Switch(string Variable, string Width, Func<bool> Reaches);

    /// <summary>
    /// From the widest to none. The first widens instead, on the processors where the runtime has AVX-512 but does not
    /// accelerate Vector512 by default (those that slow their clock for it). .NET 10 reads <c>DOTNET_EnableAVX512</c>
    /// (AVX-512 F, BW, CD, DQ and VL as one group); <c>DOTNET_EnableAVX512F</c>, the name .NET 8 and 9 read, no longer
    /// narrows anything. <c>DOTNET_EnableAVX2</c> turns off FMA3 with it (one group too), so the Vector128 rows are
    /// one with fused multiply-add and one without. <c>DOTNET_MaxVectorTBitWidth</c> sizes <see cref="System.Numerics.Vector{T}"/>
    /// alone.
    /// </summary>
    private static readonly Switch[] s_switches =
    [
        new("DOTNET_PreferredVectorBitWidth=512", "Vector512 (FMA)", () => Avx512F.IsSupported && !Vector512.IsHardwareAccelerated),
        // Vector<T>, which generated loops run on (AutoDiffGen.Vectorized), is 256 bits unless asked for 512.
        new("DOTNET_MaxVectorTBitWidth=512", "Vector512 (FMA), Vector<T> of 512 bits", () => Vector512.IsHardwareAccelerated && System.Numerics.Vector<byte>.Count < 64),
        new("DOTNET_EnableAVX512=0", "Vector256 (FMA)", () => Vector512.IsHardwareAccelerated),
        new("DOTNET_PreferredVectorBitWidth=128", "Vector128 (FMA)", () => Vector256.IsHardwareAccelerated && Fma.IsSupported),
        new("DOTNET_EnableAVX2=0", "Vector128 (no FMA)", () => Fma.IsSupported),
        new("DOTNET_EnableHWIntrinsic=0", "scalar", () => Vector128.IsHardwareAccelerated),
    ];

    /// <summary>The child of each switch that reaches a width of its own, started together on first use.</summary>
    private static readonly Lazy<Dictionary<string, Task<(int ExitCode, string Output)>>> s_children = new(() =>
        s_switches.Where(s => s.Reaches()).ToDictionary(s => s.Variable, s => Task.Run(() => RunChild(s.Variable))));

    public static TheoryData<string> Switches => new(s_switches.Select(s => s.Variable));

    [Theory]
    [MemberData(nameof(Switches))]
    public async Task The_width_dependent_tests_pass_with(string variable)
    {
        Switch chosen = s_switches.Single(s => s.Variable == variable);
        output.WriteLine($"This process: {WidthRun.Width()}.");
        if (!s_children.Value.TryGetValue(variable, out Task<(int ExitCode, string Output)>? child))
        {
            output.WriteLine($"{variable}: not run; this machine has no width it would reach that another run does not.");
            return;
        }

        (int exitCode, string text) = await child;
        output.WriteLine($"{variable}:");
        output.WriteLine(text);
        string summary = text.Split('\n').LastOrDefault(line => line.StartsWith(WidthRun.Summary, StringComparison.Ordinal)) ?? "";
        Assert.True(exitCode == 0, $"The child with {variable} exited with {exitCode}:\n{text}");
        Assert.StartsWith($"{WidthRun.Summary}{chosen.Width};", summary);
    }

    /// <summary>Runs <see cref="WidthRun"/> with <paramref name="variable"/> (NAME=value) in its environment; its exit code, and its output and errors.</summary>
    private static (int ExitCode, string Output) RunChild(string variable)
    {
        string[] parts = variable.Split('=');
        var start = new ProcessStartInfo(Host(), ["exec", typeof(WidthRun).Assembly.Location])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment[parts[0]] = parts[1];
        using Process child = Process.Start(start)!;
        var errors = child.StandardError.ReadToEndAsync();
        string text = child.StandardOutput.ReadToEnd();
        if (!child.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            child.Kill();
            return (-1, text + "\n(killed after 10 minutes)");
        }

        return (child.ExitCode, (text + errors.Result).TrimEnd());
    }

    /// <summary>The dotnet host of the runtime this process runs on: the one that started it, or the one above its runtime folder.</summary>
    private static string Host()
    {
        string executable = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (Path.GetFileName(Environment.ProcessPath) == executable)
        {
            return Environment.ProcessPath!;
        }

        // The runtime folder is <root>/shared/Microsoft.NETCore.App/<version>/.
        string root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        string beside = Path.Combine(root, executable);
        return File.Exists(beside) ? beside : executable;
    }
}
