using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using AutoDiffGen.Samples.CurveFitting;
using Xunit;

namespace AutoDiffGen.IntegrationTests;

/// <summary>The curve-fitting sample: Adam on the generated gradient recovers the curve, and the plots are PNG files.</summary>
public class CurveFittingSampleTests
{
    private static readonly Lazy<Fit> Fitted = new(() => Fitting.Run(Fitting.Generate(count: 200), steps: 2_000));

    [Fact]
    public void The_fit_recovers_the_parameters_the_data_was_drawn_from()
    {
        var fit = Fitted.Value;
        var (truth, p) = (fit.Data.Truth, fit.Fitted);
        Assert.True(Math.Abs(p.A - truth.A) < 0.05, $"a = {p.A}");
        Assert.True(Math.Abs(p.B - truth.B) < 0.05, $"b = {p.B}");
        Assert.True(Math.Abs(p.C - truth.C) < 0.03, $"c = {p.C}");

        // Least squares: on its own data the fit scores at least as well as the truth, and both near the noise variance.
        double fitted = Curve.Loss(p.A, p.B, p.C, fit.Data.X, fit.Data.Y);
        double atTruth = Curve.Loss(truth.A, truth.B, truth.C, fit.Data.X, fit.Data.Y);
        Assert.True(fitted <= atTruth, $"fitted {fitted}, truth {atTruth}");
        Assert.InRange(fitted, 0.5 * fit.Data.Noise * fit.Data.Noise, 1.5 * fit.Data.Noise * fit.Data.Noise);
        Assert.True(fit.Losses[^1] < fit.Losses[0] / 50, $"{fit.Losses[0]} → {fit.Losses[^1]}");
    }

    [Fact]
    public void The_fit_stops_where_the_generated_gradient_vanishes()
    {
        var fit = Fitted.Value;
        var p = fit.Fitted;
        Curve.LossGradient(p.A, p.B, p.C, fit.Data.X, fit.Data.Y, out double da, out double db, out double dc);
        Assert.True(Math.Sqrt(da * da + db * db + dc * dc) < 1e-4, $"gradient ({da}, {db}, {dc})");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.7)]
    [InlineData(3.0)]
    public void The_slope_from_the_generated_pushforward_is_the_derivative(double x)
    {
        var p = new Parameters(2.5, 1.3, 0.5);
        Assert.Equal(-p.A * p.B * Math.Exp(-p.B * x), Curve.Slope(p, x), 14);
    }

    [Fact]
    public void Writes_two_PNG_files()
    {
        string directory = Path.Combine(Path.GetTempPath(), "autodiffgen-curvefitting-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (loss, curve) = Plots.Write(Fitted.Value, directory);
            Assert.Equal(["fit.png", "loss.png"], Directory.GetFiles(directory).Select(f => Path.GetFileName(f)).Order().ToArray());
            foreach (string path in new[] { loss, curve })
            {
                byte[] png = File.ReadAllBytes(path);
                Assert.True(png.Length > 10_000, $"{path}: {png.Length} bytes");
                Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
                Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
                Assert.Equal(Plots.Width, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
                Assert.Equal(Plots.Height, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
                Assert.Equal("IEND", System.Text.Encoding.ASCII.GetString(png, png.Length - 8, 4));
            }
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Progress_redirected_is_a_plain_line_every_tenth()
    {
        string text = ReportEveryStep(interactive: false, total: 200);
        Assert.DoesNotContain('\r', text);
        string[] lines = text.TrimEnd('\n').Split('\n');
        Assert.Equal(11, lines.Length); // 0%, 10%, …, 100%
        Assert.Equal("100%      200/200  loss 1", lines[^1]);
    }

    [Fact]
    public void Progress_on_a_terminal_redraws_one_line()
    {
        string text = ReportEveryStep(interactive: true, total: 200);
        Assert.StartsWith("\r[", text);
        Assert.EndsWith("[##############################] 100%      200/200  loss 1\n", text);
        Assert.Single(text, '\n');
    }

    private static string ReportEveryStep(bool interactive, int total)
    {
        var output = new StringWriter { NewLine = "\n" };
        var progress = new ConsoleProgress(output, interactive, total);
        for (int done = 1; done <= total; done++) progress.Report(done, "loss 1");
        return output.ToString();
    }
}
