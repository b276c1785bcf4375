using System;
using System.Numerics;

namespace AutoDiffGen.IntegrationTests.Checking;

/// <summary>
/// Builds <see cref="ScalarCase"/>s from a function and its generated members (method groups), for n = 1, 2, 3
/// parameters, double or float.
/// </summary>
public static class Case
{
    /// <summary>A point.</summary>
    public static double[] P(params double[] x) => x;

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
        string name, Fn1<T> f, Grad1<T> grad, Pull1<T> pull, Push1<T> push, Hess1<T>? hess, Hvp1<T>? hvp,
        params double[][] points)
        where T : IFloatingPointIeee754<T>
        => new()
        {
            Name = name,
            Precision = ScalarCase.PrecisionOf<T>(),
            Arity = 1,
            Points = ScalarCase.RoundPoints<T>(points),
            Value = x => W(f(C<T>(x[0]))),
            Gradient = (x, g) =>
            {
                T v = grad(C<T>(x[0]), out T d0);
                g[0] = W(d0);
                return W(v);
            },
            Pullback = (x, seed, adj) =>
            {
                T a0 = C<T>(adj[0]);
                pull(C<T>(x[0]), C<T>(seed), ref a0);
                adj[0] = W(a0);
            },
            Pushforward = (x, t) =>
            {
                T v = push(C<T>(x[0]), C<T>(t[0]), out T tangent);
                return (W(v), W(tangent));
            },
            Hessian = hess is null ? null : (x, g, h) =>
            {
                T[] gt = Cs<T>(g), ht = Cs<T>(h);
                T v = hess(C<T>(x[0]), gt, ht);
                Ws(gt, g);
                Ws(ht, h);
                return W(v);
            },
            HessianVectorProduct = hvp is null ? null : (x, vec, hv) =>
            {
                T v = hvp(C<T>(x[0]), C<T>(vec[0]), out T h0);
                hv[0] = W(h0);
                return W(v);
            },
        };

    public static ScalarCase Of<T>(
        string name, Fn2<T> f, Grad2<T> grad, Pull2<T> pull, Push2<T> push, Hess2<T>? hess, Hvp2<T>? hvp,
        params double[][] points)
        where T : IFloatingPointIeee754<T>
        => new()
        {
            Name = name,
            Precision = ScalarCase.PrecisionOf<T>(),
            Arity = 2,
            Points = ScalarCase.RoundPoints<T>(points),
            Value = x => W(f(C<T>(x[0]), C<T>(x[1]))),
            Gradient = (x, g) =>
            {
                T v = grad(C<T>(x[0]), C<T>(x[1]), out T d0, out T d1);
                g[0] = W(d0);
                g[1] = W(d1);
                return W(v);
            },
            Pullback = (x, seed, adj) =>
            {
                T a0 = C<T>(adj[0]), a1 = C<T>(adj[1]);
                pull(C<T>(x[0]), C<T>(x[1]), C<T>(seed), ref a0, ref a1);
                adj[0] = W(a0);
                adj[1] = W(a1);
            },
            Pushforward = (x, t) =>
            {
                T v = push(C<T>(x[0]), C<T>(x[1]), C<T>(t[0]), C<T>(t[1]), out T tangent);
                return (W(v), W(tangent));
            },
            Hessian = hess is null ? null : (x, g, h) =>
            {
                T[] gt = Cs<T>(g), ht = Cs<T>(h);
                T v = hess(C<T>(x[0]), C<T>(x[1]), gt, ht);
                Ws(gt, g);
                Ws(ht, h);
                return W(v);
            },
            HessianVectorProduct = hvp is null ? null : (x, vec, hv) =>
            {
                T v = hvp(C<T>(x[0]), C<T>(x[1]), C<T>(vec[0]), C<T>(vec[1]), out T h0, out T h1);
                hv[0] = W(h0);
                hv[1] = W(h1);
                return W(v);
            },
        };

    public static ScalarCase Of<T>(
        string name, Fn3<T> f, Grad3<T> grad, Pull3<T> pull, Push3<T> push, Hess3<T>? hess, Hvp3<T>? hvp,
        params double[][] points)
        where T : IFloatingPointIeee754<T>
        => new()
        {
            Name = name,
            Precision = ScalarCase.PrecisionOf<T>(),
            Arity = 3,
            Points = ScalarCase.RoundPoints<T>(points),
            Value = x => W(f(C<T>(x[0]), C<T>(x[1]), C<T>(x[2]))),
            Gradient = (x, g) =>
            {
                T v = grad(C<T>(x[0]), C<T>(x[1]), C<T>(x[2]), out T d0, out T d1, out T d2);
                g[0] = W(d0);
                g[1] = W(d1);
                g[2] = W(d2);
                return W(v);
            },
            Pullback = (x, seed, adj) =>
            {
                T a0 = C<T>(adj[0]), a1 = C<T>(adj[1]), a2 = C<T>(adj[2]);
                pull(C<T>(x[0]), C<T>(x[1]), C<T>(x[2]), C<T>(seed), ref a0, ref a1, ref a2);
                adj[0] = W(a0);
                adj[1] = W(a1);
                adj[2] = W(a2);
            },
            Pushforward = (x, t) =>
            {
                T v = push(C<T>(x[0]), C<T>(x[1]), C<T>(x[2]), C<T>(t[0]), C<T>(t[1]), C<T>(t[2]), out T tangent);
                return (W(v), W(tangent));
            },
            Hessian = hess is null ? null : (x, g, h) =>
            {
                T[] gt = Cs<T>(g), ht = Cs<T>(h);
                T v = hess(C<T>(x[0]), C<T>(x[1]), C<T>(x[2]), gt, ht);
                Ws(gt, g);
                Ws(ht, h);
                return W(v);
            },
            HessianVectorProduct = hvp is null ? null : (x, vec, hv) =>
            {
                T v = hvp(
                    C<T>(x[0]), C<T>(x[1]), C<T>(x[2]), C<T>(vec[0]), C<T>(vec[1]), C<T>(vec[2]),
                    out T h0, out T h1, out T h2);
                hv[0] = W(h0);
                hv[1] = W(h1);
                hv[2] = W(h2);
                return W(v);
            },
        };
}
