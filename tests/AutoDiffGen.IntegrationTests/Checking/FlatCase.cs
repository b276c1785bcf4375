using System;
using System.Numerics;

namespace AutoDiffGen.IntegrationTests.Checking;

// The shapes of a [Differentiable] function whose active inputs are spans, arrays and scalars, seen as one flat
// vector of its active inputs in parameter order (the elements of each span, then the next parameter, ...).
// A table entry adapts the generated members to these shapes with a lambda that slices the flat arrays
// (x.AsSpan(0, n), x[n], ...), so the checks of DerivativeCheck — per element for a span — serve any mix of
// span and scalar parameters without a delegate per signature. Int and [NoDerivative] arguments (sizes, data)
// are captured by the lambdas.

/// <summary>The primal at the flat input.</summary>
public delegate T FlatValue<T>(T[] x);

/// <summary>The generated Gradient: returns the value and writes the gradient (flat) into <paramref name="gradient"/>.</summary>
public delegate T FlatGradient<T>(T[] x, T[] gradient);

/// <summary>The generated Pullback: adds <paramref name="seed"/>·∇f into <paramref name="adjoint"/> (flat).</summary>
public delegate void FlatPullback<T>(T[] x, T seed, T[] adjoint);

/// <summary>The generated Pushforward: returns the value and the directional derivative along <paramref name="tangent"/>.</summary>
public delegate (T Value, T Tangent) FlatPushforward<T>(T[] x, T[] tangent);

/// <summary>The generated Hessian: returns the value, fills the gradient and the row-major Hessian.</summary>
public delegate T FlatHessian<T>(T[] x, T[] gradient, T[] hessian);

/// <summary>The generated Hessian-vector product: returns the value and writes H·v into <paramref name="hv"/>.</summary>
public delegate T FlatHvp<T>(T[] x, T[] v, T[] hv);

/// <summary>Builds a <see cref="ScalarCase"/> of any arity from members adapted to the flat shapes above.</summary>
public static class FlatCase
{
    private static T C<T>(double v) where T : IFloatingPointIeee754<T> => T.CreateTruncating(v);

    private static double W<T>(T v) where T : IFloatingPointIeee754<T> => double.CreateTruncating(v);

    private static T[] Cs<T>(double[] v) where T : IFloatingPointIeee754<T> => Array.ConvertAll(v, C<T>);

    private static void Ws<T>(T[] from, double[] to) where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < from.Length; i++)
        {
            to[i] = W(from[i]);
        }
    }

    public static ScalarCase Of<T>(
        string name, int arity, FlatValue<T> f, FlatGradient<T> grad, FlatPullback<T> pull, FlatPushforward<T> push,
        FlatHessian<T>? hess, FlatHvp<T>? hvp, params double[][] points)
        where T : IFloatingPointIeee754<T>
    {
        foreach (double[] p in points)
        {
            if (p.Length != arity)
            {
                throw new ArgumentException($"{name}: a point has {p.Length} coordinates, not {arity}", nameof(points));
            }
        }

        return new ScalarCase
        {
            Name = name,
            Precision = ScalarCase.PrecisionOf<T>(),
            Arity = arity,
            Points = ScalarCase.RoundPoints<T>(points),
            Value = x => W(f(Cs<T>(x))),
            Gradient = (x, g) =>
            {
                // Garbage in the output buffer: Gradient must overwrite it, not add to it.
                T[] gt = new T[g.Length];
                gt.AsSpan().Fill(C<T>(123.25));
                T v = grad(Cs<T>(x), gt);
                Ws(gt, g);
                return W(v);
            },
            Pullback = (x, seed, adj) =>
            {
                T[] at = Cs<T>(adj);
                pull(Cs<T>(x), C<T>(seed), at);
                Ws(at, adj);
            },
            Pushforward = (x, t) =>
            {
                (T v, T tangent) = push(Cs<T>(x), Cs<T>(t));
                return (W(v), W(tangent));
            },
            Hessian = hess is null ? null : (x, g, h) =>
            {
                T[] gt = Cs<T>(g), ht = Cs<T>(h);
                T v = hess(Cs<T>(x), gt, ht);
                Ws(gt, g);
                Ws(ht, h);
                return W(v);
            },
            HessianVectorProduct = hvp is null ? null : (x, vec, hv) =>
            {
                T[] ht = Cs<T>(hv);
                T v = hvp(Cs<T>(x), Cs<T>(vec), ht);
                Ws(ht, hv);
                return W(v);
            },
        };
    }

    /// <summary>A function of one span: its members are already flat.</summary>
    public static ScalarCase OfSpan<T>(string name, int n, SpanFn<T> f, SpanGrad<T> grad, SpanPull<T> pull, SpanPush<T> push, SpanHess<T> hess, SpanHvp<T> hvp, params double[][] points)
        where T : IFloatingPointIeee754<T>
        => Of<T>(
            name, n,
            x => f(x),
            (x, g) => grad(x, g),
            (x, s, a) => pull(x, s, a),
            (x, t) => (push(x, t, out T tangent), tangent),
            (x, g, h) => hess(x, g, h),
            (x, v, hv) => hvp(x, v, hv),
            points);
}
