using System;
using System.Globalization;
using System.IO;

namespace AutoDiffGen.Samples.CurveFitting;

internal static class Program
{
    private static void Main()
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        const int points = 1_000, steps = 2_000;
        var data = Fitting.Generate(points);
        var (truth, start) = (Fitting.Truth, Fitting.Start);
        Console.WriteLine($"Fitting y = a·exp(-b·x) + c to {points:N0} points drawn from a = {truth.A}, b = {truth.B}, c = {truth.C} with noise {data.Noise}");
        Console.WriteLine($"Adam on Curve.LossGradient (generated), {steps:N0} steps from a = {start.A}, b = {start.B}, c = {start.C}");
        Console.WriteLine();

        var progress = ConsoleProgress.ForConsole(steps);
        var fit = Fitting.Run(data, steps, progress: (step, loss) => progress.Report(step + 1, $"loss {loss:F6}"));
        Console.WriteLine();

        var p = fit.Fitted;
        Console.WriteLine("            true     fitted");
        Console.WriteLine($"a     {truth.A,10:F4} {p.A,10:F4}");
        Console.WriteLine($"b     {truth.B,10:F4} {p.B,10:F4}");
        Console.WriteLine($"c     {truth.C,10:F4} {p.C,10:F4}");
        double trueLoss = Curve.Loss(truth.A, truth.B, truth.C, data.X, data.Y), fittedLoss = Curve.Loss(p.A, p.B, p.C, data.X, data.Y);
        Console.WriteLine($"loss  {trueLoss,10:F6} {fittedLoss,10:F6}   (mean squared error on these points; the noise variance is {data.Noise * data.Noise:0.####})");
        Console.WriteLine();
        Console.WriteLine("Slope of the fitted curve, from the generated Curve.ValuePushforward (tangent 1 in x), against -a·b·exp(-b·x):");
        foreach (double x in new[] { 0.0, 1.0, 2.5, 5.0 })
        {
            Console.WriteLine($"  x = {x,3:0.0}   dy/dx = {Curve.Slope(p, x),10:F6}   by hand {-p.A * p.B * Math.Exp(-p.B * x),10:F6}");
        }

        Console.WriteLine();
        var (loss, curve) = Plots.Write(fit, Path.Combine(Environment.CurrentDirectory, "output"));
        Console.WriteLine($"Wrote {Path.GetRelativePath(Environment.CurrentDirectory, loss)} and {Path.GetRelativePath(Environment.CurrentDirectory, curve)}");
    }
}
