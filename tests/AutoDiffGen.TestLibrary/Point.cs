using System;
using AutoDiffGen;

namespace Geometry;

/// <summary>
/// A point as a compiled library ships it: readonly, get-only auto-properties, a constructor that takes them in order, and
/// the derivatives of its operator and its property registered next to them.
/// </summary>
public readonly struct Point
{
    public Point(double x, double y)
    {
        X = x;
        Y = y;
    }

    public double X { get; }

    public double Y { get; }

    public double Norm => Math.Sqrt(X * X + Y * Y);

    public static Point operator -(Point a, Point b) => new(a.X - b.X, a.Y - b.Y);

    private static Point Add(Point a, Point b, double s) => new(a.X + s * b.X, a.Y + s * b.Y);

    [DerivativeOf(typeof(Point), "op_Subtraction", DerivativeKind.Pullback)]
    public static void SubtractPullback(Point a, Point b, Point seed, ref Point da, ref Point db)
    {
        da = Add(da, seed, 1);
        db = Add(db, seed, -1);
    }

    [DerivativeOf(typeof(Point), "op_Subtraction", DerivativeKind.Pushforward)]
    public static Point SubtractPushforward(Point a, Point b, Point ta, Point tb, out Point tangent)
    {
        tangent = ta - tb;
        return a - b;
    }

    [DerivativeOf(typeof(Point), nameof(SubtractPullback), DerivativeKind.Pushforward)]
    public static void SubtractPullbackPushforward(Point a, Point b, Point seed, ref Point da, ref Point db, Point ta, Point tb, Point tseed, ref Point tda, ref Point tdb)
    {
        SubtractPullback(a, b, seed, ref da, ref db);
        tda = Add(tda, tseed, 1);
        tdb = Add(tdb, tseed, -1);
    }

    [DerivativeOf(typeof(Point), nameof(Norm), DerivativeKind.Pullback)]
    public static void NormPullback(Point self, double seed, ref Point dself) => dself = Add(dself, self, seed / self.Norm);

    [DerivativeOf(typeof(Point), nameof(Norm), DerivativeKind.Pushforward)]
    public static double NormPushforward(Point self, Point tself, out double tangent)
    {
        double norm = self.Norm;
        tangent = (self.X * tself.X + self.Y * tself.Y) / norm;
        return norm;
    }

    [DerivativeOf(typeof(Point), nameof(NormPullback), DerivativeKind.Pushforward)]
    public static void NormPullbackPushforward(Point self, double seed, ref Point dself, Point tself, double tseed, ref Point tdself)
    {
        NormPullback(self, seed, ref dself);
        double norm = self.Norm;
        double along = (self.X * tself.X + self.Y * tself.Y) / (norm * norm);
        // d(seed · self / |self|) = tseed · self / |self| + seed · (tself − self (self·tself) / |self|²) / |self|
        tdself = Add(Add(tdself, self, tseed / norm - seed * along / norm), tself, seed / norm);
    }
}

/// <summary>A mutable struct with public fields (set by an initializer), one a compiled struct of its own and one data.</summary>
public struct Charge
{
    public double Q;
    public Point At;
    public int Id;
}

/// <summary>A struct whose field is private: generated code cannot read it, so it is not differentiated (ADG0003 says why).</summary>
public struct Sealed
{
    private double value;

    public Sealed(double value) => this.value = value;

    public readonly double Value => value;
}
