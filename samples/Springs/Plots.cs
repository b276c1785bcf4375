using System;
using System.IO;
using System.Numerics;
using ScottPlot;

namespace AutoDiffGen.Samples.Springs;

/// <summary>The relaxed cloth drawn with ScottPlot: its springs as lines in the x–y plane, coloured by their strain.</summary>
public static class Plots
{
    public const int Width = 520, Height = 500;

    /// <summary>Writes <c>cloth.png</c> into <paramref name="directory"/> (created if missing) and returns its path.</summary>
    public static string Write(Cloth cloth, ReadOnlySpan<Vector3> relaxed, string directory)
    {
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, "cloth.png");
        Picture(cloth, relaxed).SavePng(path, Width, Height);
        return path;
    }

    /// <summary>The cloth as woven (grey) and relaxed (each spring coloured by its strain), the pinned corners as dots.</summary>
    public static Plot Picture(Cloth cloth, ReadOnlySpan<Vector3> relaxed)
    {
        var plot = new Plot();
        Springs(plot, cloth, cloth.Rest, _ => Colors.LightGray, 1);

        float largest = 0;
        for (int s = 0; s < cloth.SpringCount; s++) largest = Math.Max(largest, Math.Abs(Strain(cloth, relaxed, s)));
        var colormap = new ScottPlot.Colormaps.Turbo();
        Vector3[] positions = relaxed.ToArray();
        Springs(plot, cloth, positions, s => colormap.GetColor(0.5 + 0.5 * Strain(cloth, positions, s) / largest), 2);

        foreach (int pinned in cloth.Pinned)
        {
            var pin = plot.Add.Marker(relaxed[pinned].X, relaxed[pinned].Y, MarkerShape.FilledCircle, 10);
            pin.Color = Colors.Black;
        }

        plot.Title($"The cloth at rest, springs coloured by strain (up to {largest:P0})", size: 15);
        plot.XLabel("x (m)");
        plot.YLabel("y (m)");
        plot.Axes.SquareUnits();
        return plot;
    }

    /// <summary>(length − rest length) / rest length of spring <paramref name="s"/>.</summary>
    public static float Strain(Cloth cloth, ReadOnlySpan<Vector3> positions, int s) =>
        Vector3.Distance(positions[cloth.Springs[2 * s]], positions[cloth.Springs[2 * s + 1]]) / cloth.RestLengths[s] - 1;

    private static void Springs(Plot plot, Cloth cloth, Vector3[] positions, Func<int, Color> color, float width)
    {
        for (int s = 0; s < cloth.SpringCount; s++)
        {
            Vector3 a = positions[cloth.Springs[2 * s]], b = positions[cloth.Springs[2 * s + 1]];
            var line = plot.Add.Line(a.X, a.Y, b.X, b.Y);
            line.Color = color(s);
            line.LineWidth = width;
        }
    }
}
