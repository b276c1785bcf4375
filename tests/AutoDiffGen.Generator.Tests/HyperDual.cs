using System;
using System.Numerics;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// A hyper-dual number <c>v + d1·ε1 + d2·ε2 + d12·ε1ε2</c> (ε1² = ε2² = 0): the oracle of <see cref="RandomProgramTests"/>.
/// A random program's body is printed a second time with <c>double</c> (or <c>float</c>) replaced by this type and
/// <c>Math.X</c> by its functions; evaluated at <c>z + v·ε1 + w·ε2</c> it gives <c>f(z)</c>, <c>∇f·v</c>, <c>∇f·w</c> and
/// <c>vᵀ·H·w</c>, exact up to rounding, without the generator and without finite-difference noise.
/// </summary>
/// <remarks>
/// <para>
/// The value part is computed with exactly the operations of the original program (the same <c>Math</c> call on the same
/// operands), so the oracle takes the same branches; the derivative parts follow AutoDiffGen's documented rules: the
/// derivative of <c>Abs</c> at 0 is 0, <c>Max</c>/<c>Min</c> at a tie take the first argument's, <c>Clamp</c> at a bound the
/// value's, <c>Floor</c>/<c>Ceiling</c>/<c>Round</c>/<c>Truncate</c>/<c>Sign</c> and a cast to <c>int</c> have none,
/// <c>∂Pow(a, b)/∂b</c> is 0 at <c>a = 0</c>, and an exponent that is 0 or 1 makes the terms that carry its factor
/// <c>b</c> or <c>b − 1</c> exactly 0 (integer powers have exact derivatives at 0).
/// </para>
/// <para>
/// Strong zero: a derivative part that is exactly 0 contributes 0 whatever the local partial derivative it is multiplied
/// by (<c>0·∞ = 0·NaN = 0</c>), as for an adjoint or a tangent in the generated code: <c>Math.Sqrt(Math.Max(x, 0))</c> at
/// <c>x = −1</c> has derivative 0. <see cref="NonFinitePartials"/> counts the partials it may have to decide for.
/// </para>
/// <para>
/// Each derivative part comes with a magnitude (<see cref="M1"/>) that says how much rounding to allow when comparing a
/// generated derivative with it: a derivative that is small because large terms cancel is compared relative to the terms.
/// </para>
/// </remarks>
public readonly struct HyperDual<T> where T : struct, IFloatingPointIeee754<T>
{
    private HyperDual(T value, (T D1, T D2, T D12) parts, (T M1, T M2, T M12) magnitudes)
    {
        Value = value;
        (D1, D2, D12) = parts;
        (M1, M2, M12) = magnitudes;
        if (!T.IsFinite(D1) || !T.IsFinite(D2) || !T.IsFinite(D12)) nonFiniteParts++;
        if (T.IsSubnormal(value) || T.IsSubnormal(D1) || T.IsSubnormal(D2) || T.IsSubnormal(D12)) subnormals++;
    }

    /// <summary>The value.</summary>
    public T Value { get; }

    /// <summary>The ε1 part: the derivative along the first direction.</summary>
    public T D1 { get; }

    /// <summary>The ε2 part: the derivative along the second direction.</summary>
    public T D2 { get; }

    /// <summary>The ε1ε2 part: the second derivative along both directions.</summary>
    public T D12 { get; }

    /// <summary>
    /// The magnitude of <see cref="D1"/>: the same chain rule with the absolute value of every partial derivative and
    /// derivative part, so the sum over all paths from the inputs of |the product of the partials along the path|. Any
    /// order of computing D1 (a reverse sweep adds the same terms in another order) rounds it by about ε times this.
    /// </summary>
    public T M1 { get; }

    /// <summary>The magnitude of <see cref="D2"/> (see <see cref="M1"/>).</summary>
    public T M2 { get; }

    /// <summary>The magnitude of <see cref="D12"/> (see <see cref="M1"/>).</summary>
    public T M12 { get; }

    /// <summary>An input: <paramref name="value"/> moving along <paramref name="d1"/> and <paramref name="d2"/>.</summary>
    public static HyperDual<T> Of(T value, T d1, T d2) => new(value, (d1, d2, T.Zero), (T.Abs(d1), T.Abs(d2), T.Zero));

    public static implicit operator HyperDual<T>(T value) => Constant(value);

    /// <summary>Truncates toward zero, as a cast of the value does; no derivative.</summary>
    public static explicit operator int(HyperDual<T> u)
    {
        Returned(T.Zero, Constant(T.Zero), u);
        return (int)double.CreateChecked(u.Value);
    }

    public HyperDual<double> ToDouble()
    {
        static double D(T x) => double.CreateChecked(x);
        return new(D(Value), (D(D1), D(D2), D(D12)), (D(M1), D(M2), D(M12)));
    }

    public override string ToString() => $"{Value} + {D1}·ε1 + {D2}·ε2 + {D12}·ε1ε2 (magnitudes {M1}, {M2}, {M12})";

    // ------------------------------------------------------------------------------------------ strong zero

    [ThreadStatic]
    private static long nonFinitePartials;

    /// <summary>
    /// How often, on this thread, a partial derivative was infinite or NaN: where a zero derivative part met one, the strong
    /// zero decided; where a nonzero one did, the derivative is not finite, or a branch discarded it (which a reverse sweep
    /// sees as a zero adjoint meeting it).
    /// </summary>
    public static long NonFinitePartials => nonFinitePartials;

    [ThreadStatic]
    private static long nonFiniteParts;

    /// <summary>
    /// How many values, on this thread, had a derivative part that is infinite or NaN (an infinite partial, or an overflow):
    /// what a zero adjoint may meet in a reverse sweep (a branch not taken, a value not used).
    /// </summary>
    public static long NonFiniteDerivativeParts => nonFiniteParts;

    [ThreadStatic]
    private static long subnormals;

    /// <summary>
    /// How many values, on this thread, had a part that is subnormal (below the type's smallest normal number, float's
    /// 1.2e-38): it has lost most of its precision, and so has anything computed from it.
    /// </summary>
    public static long Subnormals => subnormals;

    [ThreadStatic]
    private static long discardedNonFinite;

    /// <summary>
    /// How often, on this thread, <c>Max</c>, <c>Min</c> or <c>Clamp</c> passed on the derivative of one argument while another's
    /// was infinite or NaN, or <c>Floor</c>, <c>Ceiling</c>, <c>Round</c>, <c>Truncate</c>, <c>Sign</c> or a cast to <c>int</c>
    /// dropped such a derivative (which a derivative that multiplies it by 0 turns into NaN).
    /// </summary>
    public static long DiscardedNonFiniteDerivatives => discardedNonFinite;

    /// <summary><paramref name="returned"/>, counting the arguments not returned whose derivative is not finite.</summary>
    private static HyperDual<T> Returned(T value, HyperDual<T> returned, HyperDual<T> other, HyperDual<T>? third = null)
    {
        foreach (var u in third is { } t ? new[] { other, t } : new[] { other })
        {
            if (!T.IsFinite(u.D1) || !T.IsFinite(u.D2) || !T.IsFinite(u.D12)) discardedNonFinite++;
        }

        return Route(value, returned);
    }

    /// <summary><paramref name="partial"/> · <paramref name="part"/>, and 0 when the derivative part is 0, whatever the partial.</summary>
    private static T Times(T partial, T part)
    {
        if (!T.IsFinite(partial)) nonFinitePartials++;
        return part == T.Zero ? T.Zero : partial * part;
    }

    /// <summary>The product of two derivative parts or magnitudes (the second-order term), 0 when either is 0.</summary>
    private static T Both(T part1, T part2) => part1 == T.Zero || part2 == T.Zero ? T.Zero : part1 * part2;

    /// <summary>|<paramref name="partial"/>| · <paramref name="magnitude"/>, 0 when the magnitude is 0.</summary>
    private static T Scale(T partial, T magnitude) => magnitude == T.Zero ? T.Zero : T.Abs(partial) * magnitude;

    /// <summary><c>f(u)</c> from the value <paramref name="f"/>, the first and the second derivative of f at u's value.</summary>
    private static HyperDual<T> Chain(HyperDual<T> u, T f, T f1, T f2)
        => new(
            f,
            (Times(f1, u.D1), Times(f1, u.D2), Times(f1, u.D12) + Times(f2, Both(u.D1, u.D2))),
            (Scale(f1, u.M1), Scale(f1, u.M2), Scale(f1, u.M12) + Scale(f2, Both(u.M1, u.M2))));

    /// <summary>
    /// <c>f(u, v)</c> from the value and the partial derivatives of f at the values of u and v; <paramref name="fuvTerms"/>
    /// is the magnitude of the terms the mixed partial is a sum of, where they cancel (|fuv| when not given).
    /// </summary>
    private static HyperDual<T> Chain(HyperDual<T> u, HyperDual<T> v, T f, T fu, T fv, T fuu, T fuv, T fvv, T? fuvTerms = null)
        => new(
            f,
            (Times(fu, u.D1) + Times(fv, v.D1),
                Times(fu, u.D2) + Times(fv, v.D2),
                Times(fu, u.D12) + Times(fv, v.D12)
                    + Times(fuu, Both(u.D1, u.D2)) + Times(fuv, Both(u.D1, v.D2)) + Times(fuv, Both(v.D1, u.D2)) + Times(fvv, Both(v.D1, v.D2))),
            (Scale(fu, u.M1) + Scale(fv, v.M1),
                Scale(fu, u.M2) + Scale(fv, v.M2),
                Scale(fu, u.M12) + Scale(fv, v.M12)
                    + Scale(fuu, Both(u.M1, u.M2)) + Scale(fuvTerms ?? fuv, Both(u.M1, v.M2)) + Scale(fuvTerms ?? fuv, Both(v.M1, u.M2))
                    + Scale(fvv, Both(v.M1, v.M2))));

    /// <summary>The derivative parts of <paramref name="u"/> with another value (for functions that pass one argument's derivative on).</summary>
    private static HyperDual<T> Route(T value, HyperDual<T> u) => new(value, (u.D1, u.D2, u.D12), (u.M1, u.M2, u.M12));

    private static HyperDual<T> Constant(T value) => new(value, (T.Zero, T.Zero, T.Zero), (T.Zero, T.Zero, T.Zero));

    private static T Two => T.One + T.One;

    // ------------------------------------------------------------------------------------------ arithmetic

    public static HyperDual<T> operator +(HyperDual<T> u, HyperDual<T> v)
        => new(u.Value + v.Value, (u.D1 + v.D1, u.D2 + v.D2, u.D12 + v.D12), (u.M1 + v.M1, u.M2 + v.M2, u.M12 + v.M12));

    public static HyperDual<T> operator -(HyperDual<T> u, HyperDual<T> v)
        => new(u.Value - v.Value, (u.D1 - v.D1, u.D2 - v.D2, u.D12 - v.D12), (u.M1 + v.M1, u.M2 + v.M2, u.M12 + v.M12));

    public static HyperDual<T> operator -(HyperDual<T> u) => new(-u.Value, (-u.D1, -u.D2, -u.D12), (u.M1, u.M2, u.M12));

    public static HyperDual<T> operator *(HyperDual<T> u, HyperDual<T> v)
        => new(
            u.Value * v.Value,
            (Times(u.Value, v.D1) + Times(v.Value, u.D1),
                Times(u.Value, v.D2) + Times(v.Value, u.D2),
                Times(u.Value, v.D12) + Times(v.Value, u.D12) + Both(u.D1, v.D2) + Both(v.D1, u.D2)),
            (Scale(u.Value, v.M1) + Scale(v.Value, u.M1),
                Scale(u.Value, v.M2) + Scale(v.Value, u.M2),
                Scale(u.Value, v.M12) + Scale(v.Value, u.M12) + Both(u.M1, v.M2) + Both(v.M1, u.M2)));

    public static HyperDual<T> operator /(HyperDual<T> u, HyperDual<T> v)
    {
        T q = u.Value / v.Value, inverse = T.One / v.Value;
        return Chain(u, v, q, inverse, -q * inverse, T.Zero, -inverse * inverse, Two * q * inverse * inverse);
    }

    public static HyperDual<T> operator ++(HyperDual<T> u) => u + T.One;

    public static HyperDual<T> operator --(HyperDual<T> u) => u - T.One;

    public static bool operator <(HyperDual<T> u, HyperDual<T> v) => u.Value < v.Value;

    public static bool operator >(HyperDual<T> u, HyperDual<T> v) => u.Value > v.Value;

    public static bool operator <=(HyperDual<T> u, HyperDual<T> v) => u.Value <= v.Value;

    public static bool operator >=(HyperDual<T> u, HyperDual<T> v) => u.Value >= v.Value;

    // ------------------------------------------------------------------------------------------ Math

    public static bool IsNaN(HyperDual<T> u) => T.IsNaN(u.Value);

    public static HyperDual<T> Sin(HyperDual<T> u) => Chain(u, T.Sin(u.Value), T.Cos(u.Value), -T.Sin(u.Value));

    public static HyperDual<T> Cos(HyperDual<T> u) => Chain(u, T.Cos(u.Value), -T.Sin(u.Value), -T.Cos(u.Value));

    public static HyperDual<T> Tan(HyperDual<T> u)
    {
        T t = T.Tan(u.Value), d = T.One + t * t;
        return Chain(u, t, d, Two * t * d);
    }

    public static HyperDual<T> Asin(HyperDual<T> u)
    {
        T x = u.Value, s = T.One - x * x, d = T.One / T.Sqrt(s);
        return Chain(u, T.Asin(x), d, x * d / s);
    }

    public static HyperDual<T> Acos(HyperDual<T> u)
    {
        T x = u.Value, s = T.One - x * x, d = T.One / T.Sqrt(s);
        return Chain(u, T.Acos(x), -d, -x * d / s);
    }

    public static HyperDual<T> Atan(HyperDual<T> u)
    {
        T x = u.Value, d = T.One / (T.One + x * x);
        return Chain(u, T.Atan(x), d, -Two * x * d * d);
    }

    /// <summary><c>Atan2(y, x)</c>; the mixed partial <c>(y² − x²)/r²</c> is <c>1/r − 2x²/r²</c> as the generator differentiates it.</summary>
    public static HyperDual<T> Atan2(HyperDual<T> y, HyperDual<T> x)
    {
        T a = y.Value, b = x.Value, r = a * a + b * b;
        return Chain(y, x, T.Atan2(a, b), b / r, -a / r, -Two * a * b / (r * r), (a * a - b * b) / (r * r), Two * a * b / (r * r), T.CreateChecked(3) / r);
    }

    public static HyperDual<T> Sinh(HyperDual<T> u) => Chain(u, T.Sinh(u.Value), T.Cosh(u.Value), T.Sinh(u.Value));

    public static HyperDual<T> Cosh(HyperDual<T> u) => Chain(u, T.Cosh(u.Value), T.Sinh(u.Value), T.Cosh(u.Value));

    public static HyperDual<T> Tanh(HyperDual<T> u)
    {
        T t = T.Tanh(u.Value), d = T.One - t * t;
        return Chain(u, t, d, -Two * t * d);
    }

    public static HyperDual<T> Exp(HyperDual<T> u)
    {
        T e = T.Exp(u.Value);
        return Chain(u, e, e, e);
    }

    public static HyperDual<T> Log(HyperDual<T> u) => Chain(u, T.Log(u.Value), T.One / u.Value, -T.One / (u.Value * u.Value));

    /// <summary><c>Log(x, b)</c> = ln x / ln b; the value as <c>Math.Log(x, b)</c> computes it.</summary>
    public static HyperDual<T> Log(HyperDual<T> x, HyperDual<T> b) => Route(T.Log(x.Value, b.Value), Log(x) / Log(b));

    public static HyperDual<T> Log10(HyperDual<T> u)
    {
        T k = T.One / T.Log(T.CreateChecked(10));
        return Chain(u, T.Log10(u.Value), k / u.Value, -k / (u.Value * u.Value));
    }

    public static HyperDual<T> Log2(HyperDual<T> u)
    {
        T k = T.One / T.Log(Two);
        return Chain(u, T.Log2(u.Value), k / u.Value, -k / (u.Value * u.Value));
    }

    public static HyperDual<T> Sqrt(HyperDual<T> u)
    {
        T s = T.Sqrt(u.Value), d = T.One / (Two * s);
        return Chain(u, s, d, -d / (Two * u.Value));
    }

    public static HyperDual<T> Cbrt(HyperDual<T> u)
    {
        T c = T.Cbrt(u.Value), d = T.One / (T.CreateChecked(3) * c * c);
        return Chain(u, c, d, -Two * d / (T.CreateChecked(3) * u.Value));
    }

    /// <summary>
    /// <c>Pow(a, b)</c>. <c>∂a = b·a^(b−1)</c>, 0 for b = 0; <c>∂²a = b(b−1)·a^(b−2)</c>, 0 for b = 0 or 1 (so integer powers
    /// are exact at 0); <c>∂b = a^b·ln a</c> and <c>∂²b = a^b·ln² a</c>, 0 at a = 0; the mixed one
    /// <c>a^(b−1)·(1 + b·ln a)</c>, at a = 0 the limit 0 for b &gt; 1 and undefined (NaN) otherwise.
    /// </summary>
    public static HyperDual<T> Pow(HyperDual<T> a, HyperDual<T> b)
    {
        T x = a.Value, y = b.Value, p = T.Pow(x, y);
        T fx = y == T.Zero ? T.Zero : y * T.Pow(x, y - T.One);
        T fxx = y == T.Zero || y == T.One ? T.Zero : y * (y - T.One) * T.Pow(x, y - Two);
        T log = T.Log(x);
        T fy = x == T.Zero ? T.Zero : p * log;
        T fyy = x == T.Zero ? T.Zero : p * log * log;
        T fxy = x == T.Zero ? (y > T.One ? T.Zero : T.NaN) : T.Pow(x, y - T.One) * (T.One + y * log);
        T fxyTerms = x == T.Zero ? fxy : T.Abs(T.Pow(x, y - T.One)) * (T.One + T.Abs(y * log));
        return Chain(a, b, p, fx, fy, fxx, fxy, fyy, fxyTerms);
    }

    /// <summary>The derivative of the argument with the sign of its value: 0 at 0.</summary>
    public static HyperDual<T> Abs(HyperDual<T> u)
    {
        T a = T.Abs(u.Value);
        return u.Value > T.Zero ? Route(a, u) : u.Value < T.Zero ? Route(a, -u) : Constant(a);
    }

    /// <summary>The derivative of the argument returned; at a tie, of the first.</summary>
    public static HyperDual<T> Max(HyperDual<T> u, HyperDual<T> v)
        => u.Value >= v.Value ? Returned(T.Max(u.Value, v.Value), u, v) : Returned(T.Max(u.Value, v.Value), v, u);

    /// <summary>The derivative of the argument returned; at a tie, of the first.</summary>
    public static HyperDual<T> Min(HyperDual<T> u, HyperDual<T> v)
        => u.Value <= v.Value ? Returned(T.Min(u.Value, v.Value), u, v) : Returned(T.Min(u.Value, v.Value), v, u);

    /// <summary>
    /// The derivative of the bound below or above which the value is, else (also at a bound) of the value; the value as
    /// <c>Math.Clamp</c> computes it (a NaN bound clamps nothing, where <c>double.Clamp</c> would give NaN).
    /// </summary>
    public static HyperDual<T> Clamp(HyperDual<T> u, HyperDual<T> low, HyperDual<T> high)
    {
        if (low.Value > high.Value) throw new ArgumentException($"Clamp's bounds are the wrong way round: {low.Value} > {high.Value}.");
        return u.Value < low.Value ? Returned(low.Value, low, u, high)
            : u.Value > high.Value ? Returned(high.Value, high, u, low)
            : Returned(u.Value, u, low, high);
    }

    public static HyperDual<T> FusedMultiplyAdd(HyperDual<T> a, HyperDual<T> b, HyperDual<T> c)
        => Route(T.FusedMultiplyAdd(a.Value, b.Value, c.Value), a * b + c);

    public static HyperDual<T> Floor(HyperDual<T> u) => Returned(T.Floor(u.Value), Constant(T.Floor(u.Value)), u);

    public static HyperDual<T> Ceiling(HyperDual<T> u) => Returned(T.Ceiling(u.Value), Constant(T.Ceiling(u.Value)), u);

    public static HyperDual<T> Round(HyperDual<T> u) => Returned(T.Round(u.Value), Constant(T.Round(u.Value)), u);

    public static HyperDual<T> Truncate(HyperDual<T> u) => Returned(T.Truncate(u.Value), Constant(T.Truncate(u.Value)), u);

    public static int Sign(HyperDual<T> u)
    {
        Returned(T.Zero, Constant(T.Zero), u);
        return T.Sign(u.Value);
    }
}

/// <summary>Counters of <see cref="HyperDual{T}"/> for both precisions.</summary>
public static class HyperDual
{
    /// <summary>How many partial derivatives were not finite on this thread (see <see cref="HyperDual{T}.NonFinitePartials"/>), in either precision.</summary>
    public static long NonFinitePartials => HyperDual<double>.NonFinitePartials + HyperDual<float>.NonFinitePartials;

    /// <summary>See <see cref="HyperDual{T}.NonFiniteDerivativeParts"/>, in either precision.</summary>
    public static long NonFiniteDerivativeParts => HyperDual<double>.NonFiniteDerivativeParts + HyperDual<float>.NonFiniteDerivativeParts;

    /// <summary>See <see cref="HyperDual{T}.Subnormals"/>, in either precision.</summary>
    public static long Subnormals => HyperDual<double>.Subnormals + HyperDual<float>.Subnormals;

    /// <summary>See <see cref="HyperDual{T}.DiscardedNonFiniteDerivatives"/>, in either precision.</summary>
    public static long DiscardedNonFiniteDerivatives => HyperDual<double>.DiscardedNonFiniteDerivatives + HyperDual<float>.DiscardedNonFiniteDerivatives;
}
