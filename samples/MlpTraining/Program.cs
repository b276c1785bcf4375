using System;
using System.Globalization;

namespace AutoDiffGen.Samples.MlpTraining;

internal static class Program
{
    private static void Main()
    {
        const int steps = 2000;
        Console.WriteLine("A 2-32-3 perceptron learns three spirals (300 points), Adam on the generated gradient.");
        Console.WriteLine();
        Console.WriteLine("  step   loss");
        var result = Training.Run(steps, progress: (step, loss) =>
        {
            if (step % 200 == 0 || step == steps - 1) Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{step,6}   {loss:F4}"));
        });
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"accuracy on the training points: {result.AccuracyBefore:P0} before, {result.AccuracyAfter:P0} after"));
    }
}
