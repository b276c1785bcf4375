using Geometry;

namespace AutoDiffGen.IntegrationTests.Functions;

/// <summary>
/// Structs of a compiled library (<c>AutoDiffGen.TestLibrary</c>, referenced as an assembly): read by their public fields and
/// auto-properties, made by their constructor or an initializer, their members called through the derivatives the library
/// registers next to them.
/// </summary>
public static partial class CompiledStructs
{
    [Differentiable]
    public static double Spread(Point a, Point b, double w) => w * (a - b).Norm + a.X * b.Y;

    [Differentiable]
    public static double Energy(Charge c, Charge d) => c.Q * d.Q / (c.At - d.At).Norm;

    /// <summary>A compiled struct made by its constructor, and one set by an initializer.</summary>
    [Differentiable]
    public static double Moved(Charge c, double dx)
    {
        var at = new Point(c.At.X + dx, c.At.Y * dx);
        var moved = new Charge { Q = c.Q * 2, At = at, Id = c.Id };
        return moved.Q * moved.At.Norm;
    }

    [Differentiable]
    public static Point Midpoint(Point a, Point b) => new Point((a.X + b.X) / 2, (a.Y + b.Y) / 2);
}
