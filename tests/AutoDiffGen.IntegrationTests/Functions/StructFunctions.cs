using System;
using System.Numerics;

namespace AutoDiffGen.IntegrationTests.Functions;

/// <summary>A record struct of model parameters: its positional constructor takes its members in order.</summary>
public record struct Params(double Rate, double Shift);

/// <summary>A mutable struct with data: a [NoDerivative] field and an int field carry no derivative.</summary>
public struct Particle
{
    public double X;
    public double Y;
    [NoDerivative] public double Mass;
    public int Id;
}

/// <summary>A struct of one field.</summary>
public struct Scale
{
    public double Factor;
}

/// <summary>A readonly struct with a constructor, operators, a method and a computed property, all put in place of their calls.</summary>
public readonly struct Vec2
{
    public Vec2(double x, double y)
    {
        X = x;
        Y = y;
    }

    public double X { get; }

    public double Y { get; }

    public static Vec2 operator +(Vec2 a, Vec2 b) => new(a.X + b.X, a.Y + b.Y);

    public static Vec2 operator -(Vec2 a, Vec2 b) => new(a.X - b.X, a.Y - b.Y);

    public static Vec2 operator *(double s, Vec2 a) => new(s * a.X, s * a.Y);

    public static Vec2 operator -(Vec2 a) => new(-a.X, -a.Y);

    public double Dot(Vec2 other) => X * other.X + Y * other.Y;

    public double Length => Math.Sqrt(Dot(this));

    /// <summary>A member with locals: each a value, then a return.</summary>
    public Vec2 Rotated(double angle)
    {
        double c = Math.Cos(angle);
        double s = Math.Sin(angle);
        return new Vec2(c * X - s * Y, s * X + c * Y);
    }
}

/// <summary>A struct with [Differentiable] instance methods: its object is an active input, and they call each other.</summary>
public readonly partial struct Segment
{
    public Segment(Vec2 from, Vec2 to)
    {
        From = from;
        To = to;
    }

    public Vec2 From { get; }

    public Vec2 To { get; }

    [Differentiable]
    public double Length() => (To - From).Length;

    [Differentiable]
    public double Bend(double angle) => Length() * Math.Cos(angle) + From.Dot(To.Rotated(angle));

    /// <summary>A loop over a span of structs by foreach, weighted by this segment.</summary>
    [Differentiable]
    public double Weigh(ReadOnlySpan<Vec2> points)
    {
        double sum = 0;
        foreach (var p in points) sum += (p - From).Dot(To) * p.Y;
        return sum;
    }
}

/// <summary>Structs nested in a struct: a body's position and velocity.</summary>
public record struct Body(Vec2 Position, Vec2 Velocity, [property: NoDerivative] double Mass);

/// <summary>[Differentiable] methods that take, build and return structs.</summary>
public static partial class Structs
{
    [Differentiable]
    public static double Energy(Params p, double x) => p.Rate * x * x + Math.Sin(p.Shift * x);

    [Differentiable]
    public static double Kinetic(Particle q) => 0.5 * q.Mass * (q.X * q.X + q.Y * q.Y) + q.Id * q.X;

    [Differentiable]
    public static double Distance(Vec2 a, Vec2 b)
    {
        var c = a + 2.0 * b - a.Rotated(0.3);
        return c.Length + (-c).Dot(b);
    }

    /// <summary>Nested structs, a struct local changed in a loop (whole, by a field, and with 'with').</summary>
    [Differentiable]
    public static double Orbit(Body body, double dt, int steps)
    {
        var state = body;
        for (int i = 0; i < steps; i++)
        {
            var r = state.Position.Length;
            var acceleration = (-1.0 / (r * r * r)) * state.Position;
            state = state with { Velocity = state.Velocity + dt * acceleration };
            state.Position = state.Position + dt * state.Velocity;
        }
        return state.Position.X * state.Mass + state.Velocity.Y;
    }

    /// <summary>A struct local assigned in branches, a field assigned and updated, a struct chosen by ?:.</summary>
    [Differentiable]
    public static double Branches(Particle q, double t)
    {
        Particle r = q;
        if (t > 0)
        {
            r.X = q.X * t;
            r.Y += q.Y * q.Y;
        }
        else
        {
            r = new Particle { X = q.Y, Y = q.X - t };
        }
        var s = t > 1 ? r : q;
        s.X *= 2;
        return s.X * s.Y + r.Y;
    }

    /// <summary>A struct result: its pullback takes a Params seed, its pushforward gives a Params tangent.</summary>
    [Differentiable]
    public static Params Step(Params p, double h) => new Params(p.Rate + h * p.Shift * p.Shift, p.Shift - h * Math.Exp(p.Rate));

    /// <summary>A struct in a tuple result, with a scalar.</summary>
    [Differentiable]
    public static (Vec2 Point, double Norm) Scaled(Vec2 v, double s)
    {
        var w = s * v;
        return (w, w.Length);
    }

    /// <summary>A [Differentiable] helper that takes a struct, called with one: its body is put in place of the call.</summary>
    [Differentiable]
    public static double Quadratic(Params p, double x) => p.Rate * x * x + p.Shift;

    [Differentiable]
    public static double UsesQuadratic(Params p, double x)
    {
        double sum = 0;
        for (int i = 0; i < 3; i++) sum += Quadratic(p with { Shift = p.Shift * i }, x + i);
        return sum;
    }

    /// <summary>System.Numerics vectors (float): a spring between two points and a rotation by a quaternion.</summary>
    [Differentiable]
    public static float Spring(Vector3 a, Vector3 b, [NoDerivative] float rest)
    {
        var d = a - b;
        float stretch = d.Length() - rest;
        return stretch * stretch + 0.1f * Vector3.Dot(Vector3.Normalize(a), Vector3.Cross(b, Vector3.UnitZ));
    }

    [Differentiable]
    public static float Rotation(Quaternion q, Vector3 v)
    {
        var unit = Quaternion.Normalize(q);
        var w = Vector3.Transform(v, unit);
        var plane = new Vector2(w.X, w.Y) * 2f + Vector2.One;
        return w.Z * w.X + Vector2.DistanceSquared(plane, Vector2.UnitX) + Vector3.Lerp(v, w, 0.25f).Y;
    }

    /// <summary>Complex arithmetic and functions (double): a characteristic-function-like expression.</summary>
    [Differentiable]
    public static double Characteristic(Complex z, double t)
    {
        var w = Complex.Exp(z * t) / (z + 1.0);
        var u = Complex.Sqrt(w) + Complex.Log(w * Complex.Conjugate(z)) - Complex.Pow(z, 1.5) + Complex.ImaginaryOne * t;
        return u.Real + Complex.Abs(u) * u.Imaginary + u.Magnitude;
    }

    /// <summary>A span of System.Numerics vectors: a chain of springs under gravity.</summary>
    [Differentiable]
    public static float ChainEnergy(ReadOnlySpan<Vector3> positions, [NoDerivative] float rest, [NoDerivative] float stiffness)
    {
        float energy = 0;
        for (int i = 0; i + 1 < positions.Length; i++)
        {
            float stretch = Vector3.Distance(positions[i], positions[i + 1]) - rest;
            energy += 0.5f * stiffness * stretch * stretch;
        }
        return energy + 9.81f * positions[^1].Y;
    }

    /// <summary>An array of user structs, and a struct of parameters, through a [Differentiable] helper that takes the array.</summary>
    [Differentiable]
    public static double Potential(Vec2[] points, Params p)
    {
        double sum = 0;
        for (int i = 0; i < points.Length; i++) sum += p.Rate * points[i].Dot(points[i]) + Math.Cos(p.Shift * points[i].X);
        return sum + Centroid(points);
    }

    [Differentiable]
    public static double Centroid(ReadOnlySpan<Vec2> points)
    {
        var total = new Vec2(0, 0);
        for (int i = 0; i < points.Length; i++) total = total + points[i];
        return total.Length / points.Length;
    }

    /// <summary>A vector-valued step that writes a span of vectors: whole elements, a field of one, and a compound assignment.</summary>
    [Differentiable]
    public static void Advance(ReadOnlySpan<Vector3> positions, ReadOnlySpan<Vector3> velocities, float dt, Span<Vector3> next)
    {
        for (int i = 0; i < positions.Length; i++)
        {
            next[i] = positions[i] + dt * velocities[i];
            next[i].Y -= 4.905f * dt * dt;
            next[i] += 0.1f * Vector3.Cross(velocities[i], next[i]);
        }
    }

    /// <summary>A [Differentiable] helper that returns a struct, called in a loop (its body put in place, made once per statement).</summary>
    [Differentiable]
    public static double Integrate(Params p, double h, int steps)
    {
        var state = p;
        for (int i = 0; i < steps; i++) state = Step(state, h);
        return state.Rate * state.Shift;
    }

    [Differentiable]
    public static Vec2 Polar(double r, double angle) => new(r * Math.Cos(angle), r * Math.Sin(angle));

    /// <summary>A struct-returning helper of scalars, as a local's value and inside an expression.</summary>
    [Differentiable]
    public static double UsesPolar(double r, double angle)
    {
        var v = Polar(r, angle);
        return v.X * v.Y + Polar(angle, r).Length;
    }

    [Differentiable]
    public static (double Sum, double Product) Both(double a, double b) => (a + b, a * b);

    /// <summary>A struct local set from an element of a tuple helper's result, and from a field of a struct helper's result.</summary>
    [Differentiable]
    public static double FromHelpers(double a, double b)
    {
        var p = new Params { Rate = Both(a, b).Product, Shift = Polar(a, b).Y };
        var q = new Params(Both(b, a).Sum, Step(p, 0.5).Shift);
        var s = new Scale { Factor = Both(a, q.Rate).Product };
        return p.Rate * q.Shift + p.Shift * q.Rate + s.Factor;
    }
}
