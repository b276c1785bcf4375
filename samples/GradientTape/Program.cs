using System;

namespace AutoDiffGen.Samples.GradientTape;

internal static class Program
{
    private static void Main() => Notebook.Run(Console.Out);
}
