using System;

namespace AutoDiffGen;

/// <summary>
/// Marks a static method in a <c>partial</c> type for compile-time automatic differentiation.
/// The AutoDiffGen source generator reads the method's body and emits, next to it, the members
/// <c>{Name}Gradient</c>, <c>{Name}Pullback</c>, <c>{Name}Pushforward</c>, <c>{Name}Hessian</c> and
/// <c>{Name}HessianVectorProduct</c> as ordinary C#.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class DifferentiableAttribute : Attribute
{
}

/// <summary>
/// Marks a parameter of a <see cref="DifferentiableAttribute">[Differentiable]</see> method as a
/// constant input (data, a hyper-parameter): it gets no adjoint and no tangent.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class NoDerivativeAttribute : Attribute
{
}

/// <summary>The kind of a custom derivative declared with <see cref="DerivativeOfAttribute"/>.</summary>
public enum DerivativeKind
{
    /// <summary>
    /// Reverse mode (vector-Jacobian product). For <c>double F(double x, double y)</c> the shape is
    /// <c>void FPullback(double x, double y, double seed, ref double dx, ref double dy)</c>, which
    /// <b>adds</b> <c>seed·∂F/∂x</c> into <c>dx</c> and <c>seed·∂F/∂y</c> into <c>dy</c>.
    /// </summary>
    Pullback,

    /// <summary>
    /// Forward mode (Jacobian-vector product). For <c>double F(double x, double y)</c> the shape is
    /// <c>double FPushforward(double x, double y, double tx, double ty, out double tangent)</c>,
    /// which returns <c>F(x, y)</c> and sets <c>tangent = ∂F/∂x·tx + ∂F/∂y·ty</c>.
    /// </summary>
    Pushforward,
}

/// <summary>
/// Declares the method it is on to be the pullback or pushforward of another method, which may live
/// in another assembly (a function whose body the generator cannot see, or one whose derivative you
/// know better). Calls to the target from <see cref="DifferentiableAttribute">[Differentiable]</see>
/// code then use this derivative. The derivative must have exactly the shape the generator would emit
/// for the target (see <see cref="DerivativeKind"/>); a mismatch is reported as a diagnostic.
/// </summary>
/// <example>
/// <code>
/// [DerivativeOf(typeof(Special), nameof(Special.Erf), DerivativeKind.Pullback)]
/// static void ErfPullback(double x, double seed, ref double dx)
///     =&gt; dx += seed * 2 / Math.Sqrt(Math.PI) * Math.Exp(-x * x);
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class DerivativeOfAttribute : Attribute
{
    /// <summary>Declares a custom derivative of <paramref name="type"/>.<paramref name="methodName"/>.</summary>
    public DerivativeOfAttribute(Type type, string methodName, DerivativeKind kind)
    {
        Type = type;
        MethodName = methodName;
        Kind = kind;
    }

    /// <summary>The type that declares the target method.</summary>
    public Type Type { get; }

    /// <summary>The name of the target method (use <c>nameof</c>).</summary>
    public string MethodName { get; }

    /// <summary>Whether this method is the target's pullback or pushforward.</summary>
    public DerivativeKind Kind { get; }
}
