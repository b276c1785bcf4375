using System;

namespace AutoDiffGen.IntegrationTests.Checking;

// The shapes of a [Differentiable] function R^n -> R and of its generated members, for n = 1, 2, 3, generic
// over the scalar type so that the double and the float versions of a function share one checker. A method
// group such as D.SinGradient converts to Grad2<double>, so the tables name the generated members directly
// and a member with the wrong shape is a compile error, as it would be in a user's code.

public delegate T Fn1<T>(T x);
public delegate T Fn2<T>(T x, T y);
public delegate T Fn3<T>(T x, T y, T z);

public delegate T Grad1<T>(T x, out T dx);
public delegate T Grad2<T>(T x, T y, out T dx, out T dy);
public delegate T Grad3<T>(T x, T y, T z, out T dx, out T dy, out T dz);

public delegate void Pull1<T>(T x, T seed, ref T dx);
public delegate void Pull2<T>(T x, T y, T seed, ref T dx, ref T dy);
public delegate void Pull3<T>(T x, T y, T z, T seed, ref T dx, ref T dy, ref T dz);

public delegate T Push1<T>(T x, T tx, out T tangent);
public delegate T Push2<T>(T x, T y, T tx, T ty, out T tangent);
public delegate T Push3<T>(T x, T y, T z, T tx, T ty, T tz, out T tangent);

public delegate T Hess1<T>(T x, Span<T> gradient, Span<T> hessian);
public delegate T Hess2<T>(T x, T y, Span<T> gradient, Span<T> hessian);
public delegate T Hess3<T>(T x, T y, T z, Span<T> gradient, Span<T> hessian);

public delegate T Hvp1<T>(T x, T vx, out T hvx);
public delegate T Hvp2<T>(T x, T y, T vx, T vy, out T hvx, out T hvy);
public delegate T Hvp3<T>(T x, T y, T z, T vx, T vy, T vz, out T hvx, out T hvy, out T hvz);

// f: R^n -> R on one ReadOnlySpan<T>, and its generated members.
public delegate T SpanFn<T>(ReadOnlySpan<T> x);
public delegate T SpanGrad<T>(ReadOnlySpan<T> x, Span<T> dx);
public delegate void SpanPull<T>(ReadOnlySpan<T> x, T seed, Span<T> dx);
public delegate T SpanPush<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> tx, out T tangent);
public delegate T SpanHess<T>(ReadOnlySpan<T> x, Span<T> gradient, Span<T> hessian);
public delegate T SpanHvp<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> vx, Span<T> hvx);
