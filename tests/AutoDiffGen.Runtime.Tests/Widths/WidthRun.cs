using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Reflection;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using System.Threading.Tasks;
using Xunit;
using Xunit.Sdk;

namespace AutoDiffGen.Runtime.Tests;

/// <summary>
/// The test assembly as a program, for <see cref="EveryWidthTests"/>: <c>dotnet AutoDiffGen.Runtime.Tests.dll</c>
/// runs, in its own process and so at the width the runtime's switches in its environment leave, every test of the
/// classes marked <see cref="EveryWidthAttribute"/> (facts, and theories with each row of their data), and prints
/// the width, each failure and a count; the exit code is 0 if all passed. VSTest never calls this entry point (the
/// project sets GenerateProgramFile to false so that it is this one, not an empty generated one).
/// </summary>
internal static class WidthRun
{
    /// <summary>The last line of the output: the width, then the counts (parsed by <see cref="EveryWidthTests"/>).</summary>
    public const string Summary = "width: ";

    public static int Main()
    {
        var clock = Stopwatch.StartNew();
        int passed = 0, failed = 0;
        foreach ((string name, Action run) in Tests())
        {
            try
            {
                run();
                passed++;
            }
            catch (Exception exception)
            {
                failed++;
                Exception cause = exception is TargetInvocationException { InnerException: { } inner } ? inner : exception;
                Console.WriteLine($"FAILED {name}: {cause.GetType().Name}: {cause.Message}");
            }
        }

        Console.WriteLine($"{Summary}{Width()}; {passed} passed, {failed} failed, in {clock.Elapsed.TotalSeconds:F1} s");
        return failed == 0 ? 0 : 1;
    }

    /// <summary>
    /// The width this process runs the hand-written kernels and GEMM at, as <see cref="SimdWidth"/> chooses it, and
    /// whether the vector multiply-add is fused: <c>Vector256 (FMA)</c>, <c>Vector128 (no FMA)</c>, <c>scalar</c>.
    /// </summary>
    public static string Width()
    {
        string vectors = SimdWidth.Count<double>() switch
        {
            8 => "Vector512",
            4 => "Vector256",
            2 => "Vector128",
            _ => "scalar",
        };
        if (vectors == "scalar") return vectors;
        // Vector<T> (what generated loops run on) is narrower than the runtime's widest vectors unless asked to be as wide.
        string vectorT = System.Numerics.Vector<byte>.Count == 64 ? ", Vector<T> of 512 bits" : "";
        return $"{vectors} ({(Fma.IsSupported || AdvSimd.Arm64.IsSupported ? "FMA" : "no FMA")}){vectorT}";
    }

    /// <summary>Each test of the marked classes, named as xunit names it, with the action that runs it on a new instance of its class.</summary>
    private static IEnumerable<(string Name, Action Run)> Tests()
    {
        IEnumerable<Type> classes = typeof(WidthRun).Assembly.GetTypes()
            .Where(type => type.IsDefined(typeof(EveryWidthAttribute), false))
            .OrderBy(type => type.FullName, StringComparer.Ordinal);
        foreach (Type type in classes)
        {
            IEnumerable<MethodInfo> methods = type.GetMethods(BindingFlags.Public | BindingFlags.Instance)
                .Where(method => method.GetCustomAttribute<FactAttribute>() is { Skip: null })
                .OrderBy(method => method.Name, StringComparer.Ordinal);
            foreach (MethodInfo method in methods)
            {
                List<DataAttribute> data = method.GetCustomAttributes<DataAttribute>().ToList();
                IEnumerable<object[]> rows = data.Count == 0 ? [[]] : data.SelectMany(source => source.GetData(method));
                foreach (object[] row in rows)
                {
                    string arguments = row.Length == 0 ? "" : $"({string.Join(", ", row)})";
                    yield return ($"{type.Name}.{method.Name}{arguments}", () => Invoke(type, method, row));
                }
            }
        }
    }

    private static void Invoke(Type type, MethodInfo method, object[] row)
    {
        object instance = Activator.CreateInstance(type)!;
        try
        {
            if (method.Invoke(instance, row) is Task task)
            {
                task.GetAwaiter().GetResult();
            }
        }
        finally
        {
            (instance as IDisposable)?.Dispose();
        }
    }
}
