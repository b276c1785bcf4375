using System;
using System.IO;
using System.Linq;
using ScottPlot;

namespace AutoDiffGen.Samples.CurveFitting;

/// <summary>The fit's two pictures, drawn with ScottPlot and saved as PNG files.</summary>
public static class Plots
{
    public const int Width = 900, Height = 540;

    /// <summary>Writes <c>loss.png</c> and <c>fit.png</c> into <paramref name="directory"/> (created if missing) and returns their paths.</summary>
    public static (string Loss, string Fit) Write(Fit fit, string directory)
    {
        Directory.CreateDirectory(directory);
        string loss = Path.Combine(directory, "loss.png"), curve = Path.Combine(directory, "fit.png");
        LossCurve(fit).SavePng(loss, Width, Height);
        FittedCurve(fit).SavePng(curve, Width, Height);
        return (loss, curve);
    }

    /// <summary>The loss at every step on a logarithmic axis, above the noise variance it cannot go much below.</summary>
    public static Plot LossCurve(Fit fit)
    {
        var plot = new Plot();
        double[] steps = Enumerable.Range(1, fit.Losses.Length).Select(s => (double)s).ToArray();
        var loss = plot.Add.ScatterLine(steps, fit.Losses.Select(Math.Log10).ToArray());
        loss.LegendText = "mean squared error";
        loss.LineWidth = 2;
        var floor = plot.Add.HorizontalLine(Math.Log10(fit.Data.Noise * fit.Data.Noise));
        floor.LegendText = $"noise variance σ² = {fit.Data.Noise * fit.Data.Noise:0.####}";
        floor.LinePattern = LinePattern.Dashed;
        floor.Color = Colors.Gray;

        // Log scale: the data is log10(loss); ticks at whole powers of ten, labelled with the loss itself.
        var ticks = new ScottPlot.TickGenerators.NumericAutomatic
        {
            IntegerTicksOnly = true,
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            LabelFormatter = y => Math.Pow(10, y).ToString("0.####", System.Globalization.CultureInfo.InvariantCulture),
        };
        plot.Axes.Left.TickGenerator = ticks;
        plot.Title("Loss during the fit (Adam on the generated gradient)");
        plot.XLabel("step");
        plot.YLabel("loss (log scale)");
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    /// <summary>The data, the true and the fitted curve, and the fitted curve's slope from the generated pushforward (right axis).</summary>
    public static Plot FittedCurve(Fit fit)
    {
        var plot = new Plot();
        var data = plot.Add.ScatterPoints(fit.Data.X, fit.Data.Y);
        data.LegendText = $"data ({fit.Data.X.Length:N0} points, noise {fit.Data.Noise})";
        data.MarkerSize = 3;
        data.Color = Colors.Gray.WithAlpha(0.6);

        double[] x = Enumerable.Range(0, 201).Select(i => fit.Data.X[0] + (fit.Data.X[^1] - fit.Data.X[0]) * i / 200).ToArray();
        var (t, p) = (fit.Data.Truth, fit.Fitted);
        var fitted = plot.Add.ScatterLine(x, x.Select(v => Curve.Value(p.A, p.B, p.C, v)).ToArray());
        fitted.LegendText = $"fitted y = {p.A:0.###}·exp(−{p.B:0.###}·x) + {p.C:0.###}";
        fitted.LineWidth = 2;
        fitted.Color = Colors.C0;

        var truth = plot.Add.ScatterLine(x, x.Select(v => Curve.Value(t.A, t.B, t.C, v)).ToArray());
        truth.LegendText = $"true   y = {t.A:0.###}·exp(−{t.B:0.###}·x) + {t.C:0.###}";
        truth.LinePattern = LinePattern.Dashed;
        truth.LineWidth = 2;
        truth.Color = Colors.Black;
        var slope = plot.Add.ScatterLine(x, x.Select(v => Curve.Slope(p, v)).ToArray());
        slope.LegendText = "fitted dy/dx (generated pushforward), right axis";
        slope.LineWidth = 2;
        slope.Color = Colors.C1;
        slope.Axes.YAxis = plot.Axes.Right;

        plot.Title("y = a·exp(−b·x) + c fitted by least squares");
        plot.XLabel("x");
        plot.YLabel("y");
        plot.Axes.Right.Label.Text = "dy/dx";
        plot.ShowLegend(Alignment.MiddleRight);
        return plot;
    }
}
