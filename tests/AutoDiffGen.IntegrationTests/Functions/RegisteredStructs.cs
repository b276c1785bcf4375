using System;
using System.Numerics;

namespace AutoDiffGen.IntegrationTests.Functions;

/// <summary>
/// A 2-vector as a library ships it: the derivatives of its operators, a constructor, a property and an instance method
/// are registered next to them with [DerivativeOf], and calls use them instead of the members' bodies. Each registered
/// derivative counts its calls on the thread (<see cref="Calls"/>), so tests see that it ran.
/// </summary>
public readonly struct Arrow
{
    public Arrow(double x, double y)
    {
        X = x;
        Y = y;
    }

    /// <summary>The unit arrow at <paramref name="angle"/>: a constructor that does not take the fields.</summary>
    public Arrow(double angle)
    {
        X = Math.Cos(angle);
        Y = Math.Sin(angle);
    }

    public double X { get; }

    public double Y { get; }

    /// <summary>How many times this thread has called a registered derivative of Arrow's.</summary>
    [ThreadStatic]
    public static int Calls;

    public double Length => Math.Sqrt(X * X + Y * Y);

    public double Dot(Arrow other) => X * other.X + Y * other.Y;

    public static Arrow operator +(Arrow a, Arrow b) => new(a.X + b.X, a.Y + b.Y);

    public static Arrow operator *(double s, Arrow a) => new(s * a.X, s * a.Y);

    private static Arrow Add(Arrow a, Arrow b, double s = 1) => new(a.X + s * b.X, a.Y + s * b.Y);

    [DerivativeOf(typeof(Arrow), "op_Addition", DerivativeKind.Pullback)]
    public static void AddPullback(Arrow a, Arrow b, Arrow seed, ref Arrow da, ref Arrow db)
    {
        Calls++;
        da = Add(da, seed);
        db = Add(db, seed);
    }

    [DerivativeOf(typeof(Arrow), "op_Addition", DerivativeKind.Pushforward)]
    public static Arrow AddPushforward(Arrow a, Arrow b, Arrow ta, Arrow tb, out Arrow tangent)
    {
        Calls++;
        tangent = Add(ta, tb);
        return Add(a, b);
    }

    [DerivativeOf(typeof(Arrow), nameof(AddPullback), DerivativeKind.Pushforward)]
    public static void AddPullbackPushforward(Arrow a, Arrow b, Arrow seed, ref Arrow da, ref Arrow db, Arrow ta, Arrow tb, Arrow tseed, ref Arrow tda, ref Arrow tdb)
    {
        AddPullback(a, b, seed, ref da, ref db);
        tda = Add(tda, tseed);
        tdb = Add(tdb, tseed);
    }

    [DerivativeOf(typeof(Arrow), "op_Multiply", DerivativeKind.Pullback)]
    public static void ScalePullback(double s, Arrow a, Arrow seed, ref double ds, ref Arrow da)
    {
        Calls++;
        ds += seed.Dot(a);
        da = Add(da, seed, s);
    }

    [DerivativeOf(typeof(Arrow), "op_Multiply", DerivativeKind.Pushforward)]
    public static Arrow ScalePushforward(double s, Arrow a, double ts, Arrow ta, out Arrow tangent)
    {
        Calls++;
        tangent = Add(new Arrow(ts * a.X, ts * a.Y), ta, s);
        return new Arrow(s * a.X, s * a.Y);
    }

    [DerivativeOf(typeof(Arrow), nameof(ScalePullback), DerivativeKind.Pushforward)]
    public static void ScalePullbackPushforward(double s, Arrow a, Arrow seed, ref double ds, ref Arrow da, double ts, Arrow ta, Arrow tseed, ref double tds, ref Arrow tda)
    {
        ScalePullback(s, a, seed, ref ds, ref da);
        tds += tseed.Dot(a) + seed.Dot(ta);
        tda = Add(Add(tda, seed, ts), tseed, s);
    }

    [DerivativeOf(typeof(Arrow), nameof(Length), DerivativeKind.Pullback)]
    public static void LengthPullback(Arrow self, double seed, ref Arrow dself)
    {
        Calls++;
        dself = Add(dself, self, seed / self.Length);
    }

    [DerivativeOf(typeof(Arrow), nameof(Length), DerivativeKind.Pushforward)]
    public static double LengthPushforward(Arrow self, Arrow tself, out double tangent)
    {
        Calls++;
        double length = self.Length;
        tangent = self.Dot(tself) / length;
        return length;
    }

    [DerivativeOf(typeof(Arrow), nameof(LengthPullback), DerivativeKind.Pushforward)]
    public static void LengthPullbackPushforward(Arrow self, double seed, ref Arrow dself, Arrow tself, double tseed, ref Arrow tdself)
    {
        LengthPullback(self, seed, ref dself);
        double length = self.Length;
        var u = new Arrow(self.X / length, self.Y / length);
        // d(seed·u) = tseed·u + seed·(t − u (u·t)) / |self|
        var along = Add(tself, u, -u.Dot(tself));
        tdself = Add(Add(tdself, u, tseed), along, seed / length);
    }

    [DerivativeOf(typeof(Arrow), nameof(Dot), DerivativeKind.Pullback)]
    public static void DotPullback(Arrow self, Arrow other, double seed, ref Arrow dself, ref Arrow dother)
    {
        Calls++;
        dself = Add(dself, other, seed);
        dother = Add(dother, self, seed);
    }

    [DerivativeOf(typeof(Arrow), nameof(Dot), DerivativeKind.Pushforward)]
    public static double DotPushforward(Arrow self, Arrow other, Arrow tself, Arrow tother, out double tangent)
    {
        Calls++;
        tangent = tself.Dot(other) + self.Dot(tother);
        return self.Dot(other);
    }

    [DerivativeOf(typeof(Arrow), nameof(DotPullback), DerivativeKind.Pushforward)]
    public static void DotPullbackPushforward(Arrow self, Arrow other, double seed, ref Arrow dself, ref Arrow dother, Arrow tself, Arrow tother, double tseed, ref Arrow tdself, ref Arrow tdother)
    {
        DotPullback(self, other, seed, ref dself, ref dother);
        tdself = Add(Add(tdself, other, tseed), tother, seed);
        tdother = Add(Add(tdother, self, tseed), tself, seed);
    }

    // The constructor from an angle has a pullback and a pushforward but no pushforward of its pullback: no second order through it.
    [DerivativeOf(typeof(Arrow), nameof(Arrow), DerivativeKind.Pullback)]
    public static void FromAnglePullback(double angle, Arrow seed, ref double dangle)
    {
        Calls++;
        dangle += -Math.Sin(angle) * seed.X + Math.Cos(angle) * seed.Y;
    }

    [DerivativeOf(typeof(Arrow), nameof(Arrow), DerivativeKind.Pushforward)]
    public static Arrow FromAnglePushforward(double angle, double tangle, out Arrow tangent)
    {
        Calls++;
        tangent = new Arrow(-Math.Sin(angle) * tangle, Math.Cos(angle) * tangle);
        return new Arrow(angle);
    }
}

/// <summary>
/// Derivatives of a System.Numerics member that AutoDiffGen has no rule for (<see cref="Complex.Tan"/>), registered in the
/// user's own code as for any library method, to second order. The adjoint of a Complex is the real pair
/// (∂L/∂Re, ∂L/∂Im): for a holomorphic f it is conj(f′(z))·seed.
/// </summary>
public static class ComplexDerivatives
{
    [DerivativeOf(typeof(Complex), nameof(Complex.Tan), DerivativeKind.Pullback)]
    public static void TanPullback(Complex z, Complex seed, ref Complex dz)
    {
        var t = Complex.Tan(z);
        dz += Complex.Conjugate(1 + t * t) * seed;
    }

    [DerivativeOf(typeof(Complex), nameof(Complex.Tan), DerivativeKind.Pushforward)]
    public static Complex TanPushforward(Complex z, Complex tz, out Complex tangent)
    {
        var t = Complex.Tan(z);
        tangent = (1 + t * t) * tz;
        return t;
    }

    [DerivativeOf(typeof(ComplexDerivatives), nameof(TanPullback), DerivativeKind.Pushforward)]
    public static void TanPullbackPushforward(Complex z, Complex seed, ref Complex dz, Complex tz, Complex tseed, ref Complex tdz)
    {
        var t = Complex.Tan(z);
        var first = 1 + t * t;
        var second = 2 * t * first;
        dz += Complex.Conjugate(first) * seed;
        tdz += Complex.Conjugate(second * tz) * seed + Complex.Conjugate(first) * tseed;
    }
}

/// <summary>[Differentiable] code that calls struct members through their registered derivatives.</summary>
public static partial class RegisteredStructs
{
    /// <summary>An operator, a scaling and a property, each with its derivatives to second order.</summary>
    [Differentiable]
    public static double Reach(Arrow a, Arrow b, double s) => (a + s * b).Length;

    /// <summary>An instance method and a property.</summary>
    [Differentiable]
    public static double Projection(Arrow a, Arrow b) => a.Dot(b) / b.Length;

    /// <summary>The constructor from an angle (first order only) beside the ordinary one, put in place by its body.</summary>
    [Differentiable]
    public static double Heading(double angle, double r) => (r * new Arrow(angle) + new Arrow(1, 0.5)).Length;

    /// <summary>A struct state updated in a loop: each step calls the operators once, into the state's leaves.</summary>
    [Differentiable]
    public static double Walk(Arrow start, double h, int steps)
    {
        var p = start;
        for (int i = 0; i < steps; i++)
        {
            p = p + h * new Arrow(p.Y, -p.X);
        }
        return p.Length;
    }

    /// <summary>A test of a struct by a method without derivatives (it gives a bool: data), choosing a branch.</summary>
    [Differentiable]
    public static double Piecewise(Arrow a, double s) => Inside(a) ? s * a.Dot(a) : (s * a).Length;

    public static bool Inside(Arrow a) => a.X * a.X + a.Y * a.Y < 1;

    /// <summary>A struct result.</summary>
    [Differentiable]
    public static Arrow Step(Arrow p, Arrow v, double h) => p + h * v;

    /// <summary>Complex.Tan through the derivatives registered in <see cref="ComplexDerivatives"/>.</summary>
    [Differentiable]
    public static double TanMix(Complex z, double a) => Complex.Tan(z * a).Real * a + Complex.Tan(z).Imaginary;
}
