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
/// constant input (data, a hyper-parameter): it gets no adjoint and no tangent. On a field or an auto-property of a
/// struct that a [Differentiable] method takes, it makes that member data: the struct's adjoint and tangent carry 0 there.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
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

/// <summary>
/// Differentiates calls to the method it is on as calls to another static method of the same type,
/// <see cref="MethodName"/>, with the static field or property <see cref="ArgumentName"/> of that type as the first
/// argument and the call's own arguments after it. A family of methods that differ by a rule (the elementwise
/// functions of <see cref="Matrix"/>: <c>Exp(a)</c> is <c>Elementwise(ExpRule, a)</c>) then registers its derivatives
/// once, with <see cref="DerivativeOfAttribute">[DerivativeOf]</see> on the shared method, whose first parameter is
/// the rule, marked <see cref="NoDerivativeAttribute">[NoDerivative]</see>. Each member of the family carries only this
/// attribute; the generated code calls the shared derivatives with the member's rule.
/// </summary>
/// <example>
/// <code>
/// [DifferentiateAs(nameof(Elementwise), nameof(ExpRule))]
/// public static Matrix Exp(Matrix a) =&gt; Elementwise(ExpRule, a);
///
/// [DerivativeOf(typeof(Matrix), nameof(Elementwise), DerivativeKind.Pullback)]
/// public static void ElementwisePullback([NoDerivative] ElementwiseRule rule, Matrix a, Matrix seed, ref Matrix? da) { … }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class DifferentiateAsAttribute : Attribute
{
    /// <summary>Differentiates calls as calls to <paramref name="methodName"/>(<paramref name="argumentName"/>, the call's arguments…).</summary>
    public DifferentiateAsAttribute(string methodName, string argumentName)
    {
        MethodName = methodName;
        ArgumentName = argumentName;
    }

    /// <summary>The static method of the same type whose derivatives serve (use <c>nameof</c>).</summary>
    public string MethodName { get; }

    /// <summary>The static field or property of the same type passed as that method's first argument (use <c>nameof</c>).</summary>
    public string ArgumentName { get; }
}
