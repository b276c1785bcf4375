using BenchmarkDotNet.Running;

namespace AutoDiffGen.Benchmarks;

internal static class Program
{
    /// <summary>
    /// BenchmarkDotNet's command line: <c>--filter '*'</c> runs everything, <c>--job short</c> is the quick mode,
    /// <c>--job dry</c> a smoke test that runs each benchmark once.
    /// </summary>
    private static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
