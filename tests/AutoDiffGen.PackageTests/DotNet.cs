using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace AutoDiffGen.PackageTests;

/// <summary>What a dotnet CLI command printed and how it ended.</summary>
public sealed record CommandResult(string CommandLine, string WorkingDirectory, int? ExitCode, TimeSpan Duration, string Output)
{
    public bool TimedOut => ExitCode is null;

    /// <summary>The command, how it ended and everything it printed: the message of a failed assertion.</summary>
    public string Describe() =>
        $"`{CommandLine}` in {WorkingDirectory}: {(TimedOut ? "timed out" : $"exit code {ExitCode}")} after {Duration.TotalSeconds:0.0} s\n{Output}";

    public CommandResult EnsureSuccess() =>
        ExitCode == 0 ? this : throw new InvalidOperationException("A dotnet command failed: " + Describe());
}

/// <summary>
/// Runs the dotnet CLI as a user would from a shell: without the MSBuild variables that the test host inherits
/// from `dotnet test`, without telemetry or banners, without leaving MSBuild nodes behind, and with a timeout
/// after which the command and the processes it started are killed.
/// </summary>
internal static class DotNet
{
    /// <summary>The dotnet that runs these tests (the SDK sets DOTNET_HOST_PATH for the processes it starts).</summary>
    private static string Host =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";

    public static CommandResult Run(string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo(Host)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);

        // MSBuildExtensionsPath, MSBuildSDKsPath, MSBUILD_EXE_PATH, … belong to the build that started the tests.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(key);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";

        string commandLine = "dotnet " + string.Join(' ', arguments.Select(a => a.Contains(' ') ? $"\"{a}\"" : a));
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + commandLine);
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        bool exited = process.WaitForExit(timeout);
        if (!exited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        // A process that outlives the command (a build server) may hold the pipes open: do not wait on it for long.
        Task.WaitAll([stdout, stderr], TimeSpan.FromSeconds(10));
        string output = Completed(stdout) + Completed(stderr);
        return new CommandResult(commandLine, workingDirectory, exited ? process.ExitCode : null, clock.Elapsed, output);
    }

    private static string Completed(Task<string> text) => text.IsCompletedSuccessfully ? text.Result : "";
}
