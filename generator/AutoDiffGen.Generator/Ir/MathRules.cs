using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Ir;
using static AutoDiffGen.Generator.Ir.IrBuilder;

namespace AutoDiffGen.Generator.Ir;

/// <summary>
/// The derivative rules of the primitives, as data: one <see cref="Rule"/> per arithmetic operator and per
/// <c>System.Math</c>/<c>System.MathF</c> function, holding everything the transforms and the diagnostics know of it: its
/// partial derivatives as IR expressions of the arguments and the result, where it has a kink (and the derivative used
/// there) or is piecewise constant, where it is finite, and, where one is cheaper than the partials, its own tangent or
/// adjoint. Forward mode forms <c>Σ ∂f/∂aᵢ · ȧᵢ</c>, reverse mode adds <c>ȳ · ∂f/∂aᵢ</c> into each <c>āᵢ</c>
/// (<see cref="Partials"/>); second order falls out because the partials are themselves IR built from primitives in this
/// table.
/// </summary>
internal static class MathRules
{
    /// <summary>
    /// Partial derivatives of a primitive given its arguments and its result (an atom), one per argument; a rule whose two
    /// arguments are the same value may give one, for that value (<c>x·x</c>: <c>2x</c>).
    /// </summary>
    public delegate Expr[] PartialsRule(Expr[] args, Expr result, IrType type);

    /// <summary>The tangent of a primitive from its arguments, its result and the arguments' tangents (a constant 0 for none).</summary>
    public delegate Expr TangentRule(Expr[] args, Expr result, Expr[] tangents);

    /// <summary>
    /// Adds the primitive's contributions to its operands' adjoints, given its result's adjoint, when it can do better than
    /// one product per operand; false: it cannot here, and the partials are used.
    /// </summary>
    public delegate bool AdjointRule(Expr[] args, Var result, Expr adjoint, IAdjoints into);

    /// <summary>What an <see cref="AdjointRule"/> can do in the reverse sweep.</summary>
    public interface IAdjoints
    {
        /// <summary>Whether the operand has an adjoint (it is active).</summary>
        bool IsActive(Expr operand);

        /// <summary>A new local of the sweep, named like <paramref name="name"/>, holding <paramref name="value"/>.</summary>
        Var Local(string name, Expr value);

        /// <summary>Adds <paramref name="contribution"/> into the adjoint of the active variable <paramref name="operand"/>.</summary>
        void Add(Var operand, Expr contribution);
    }

    /// <summary>
    /// A primitive's rule: its name and arity (a <see cref="BinaryOp"/>'s or <see cref="UnaryOp"/>'s name for an operator),
    /// its partials, and what else is known of it.
    /// </summary>
    public sealed record Rule(string Name, int Arity, PartialsRule Partials)
    {
        /// <summary>Whether it is piecewise constant (its derivative is 0 where it has one; warned about, ADG0301).</summary>
        public bool PiecewiseConstant { get; init; }

        /// <summary>Where it is not differentiable and which derivative is used there (warned about, ADG0305), or null.</summary>
        public Kink? Kink { get; init; }

        /// <summary>
        /// Given arguments that are finite, whether its value is too (no pole, no overflow of its own: <c>Sin</c>, a sum, a
        /// quotient by a constant other than 0); null: it may not be (<c>Exp</c>, <c>Log</c>, a quotient by a variable).
        /// </summary>
        public Func<Expr[], bool>? FiniteIf { get; init; }

        /// <summary>A tangent cheaper than the sum of the partials' products, or null.</summary>
        public TangentRule? Tangent { get; init; }

        /// <summary>An adjoint cheaper than one product per operand, or null.</summary>
        public AdjointRule? Adjoint { get; init; }
    }

    /// <summary>Where a function with a kink is not differentiable (<c>at 0</c>), and the derivative used there (<c>0</c>).</summary>
    public sealed record Kink(string Where, string Used);

    /// <summary>
    /// The identity through which a callee inlined in place of a call of scalars takes each floating-point parameter
    /// (<see cref="Transforms.Inlining"/>), printed as its argument. Its rule has no <see cref="Rule.FiniteIf"/>:
    /// <see cref="Transforms.Finiteness"/> takes what the callee computes as possibly not finite, so each product of an
    /// adjoint or a tangent by a partial of the callee stays zero-safe, and a zero adjoint of its result adds exactly 0 to
    /// its arguments' even where the callee overflowed, as the call did (its pullback returns at once for a zero seed).
    /// </summary>
    public const string CalleeParameter = "CalleeParameter";

    private static bool Always(Expr[] args) => true;

    private static Const K(IrType t, double v) => Constant(t, v);

    private static readonly Rule[] rules =
    {
        new("Sin", 1, (a, r, t) => new[] { Call("Cos", t, a[0]) }) { FiniteIf = Always },
        new("Cos", 1, (a, r, t) => new[] { Neg(Call("Sin", t, a[0])) }) { FiniteIf = Always },
        new("Tan", 1, (a, r, t) => new[] { Add(K(t, 1), Mul(r, r)) }),
        new("Asin", 1, (a, r, t) => new[] { Div(K(t, 1), Call("Sqrt", t, Sub(K(t, 1), Mul(a[0], a[0])))) }),
        new("Acos", 1, (a, r, t) => new[] { Neg(Div(K(t, 1), Call("Sqrt", t, Sub(K(t, 1), Mul(a[0], a[0]))))) }),
        new("Atan", 1, (a, r, t) => new[] { Div(K(t, 1), Add(K(t, 1), Mul(a[0], a[0]))) }) { FiniteIf = Always },
        new("Atan2", 2, (a, r, t) =>
        {
            // atan2(y, x): ∂y = x / (x² + y²), ∂x = -y / (x² + y²)
            var d = Add(Mul(a[1], a[1]), Mul(a[0], a[0]));
            return new[] { Div(a[1], d), Neg(Div(a[0], d)) };
        }) { FiniteIf = Always },
        new("Sinh", 1, (a, r, t) => new[] { Call("Cosh", t, a[0]) }),
        new("Cosh", 1, (a, r, t) => new[] { Call("Sinh", t, a[0]) }),
        new("Tanh", 1, (a, r, t) => new[] { Sub(K(t, 1), Mul(r, r)) }) { FiniteIf = Always },
        new("Exp", 1, (a, r, t) => new[] { r }),
        new("Log", 1, (a, r, t) => new[] { Div(K(t, 1), a[0]) }),
        new("Log", 2, (a, r, t) =>
        {
            // log_b(x) = ln x / ln b: ∂x = 1 / (x ln b), ∂b = -log_b(x) / (b ln b)
            var lnB = Call("Log", t, a[1]);
            return new[] { Div(K(t, 1), Mul(a[0], lnB)), Neg(Div(r, Mul(a[1], lnB))) };
        }),
        new("Log10", 1, (a, r, t) => new[] { Div(K(t, 1), Mul(a[0], K(t, Math.Log(10)))) }),
        new("Log2", 1, (a, r, t) => new[] { Div(K(t, 1), Mul(a[0], K(t, Math.Log(2)))) }),
        new("Sqrt", 1, (a, r, t) => new[] { Div(K(t, 0.5), r) }),
        new("Cbrt", 1, (a, r, t) => new[] { Div(K(t, 1), Mul(K(t, 3), Mul(r, r))) }) { FiniteIf = Always },
        new("Pow", 2, (a, r, t) =>
        {
            // ∂a = b·a^(b-1), and 0 for b = 0 (a^0 is constant: b·a^(b-1) would be 0·∞ at a = 0): a product where a zero
            // factor wins, whose own derivative is still ḃ·a^(b-1) where b is 0 but varies (a select would lose it); with
            // b = 1 that gives a^0 = 1, whose derivative is 0 by the same rule, so x^n has exact first and second
            // derivatives at 0.
            // ∂b = a^b·ln a, taken as 0 at a = 0 (the limit from the right for b > 0).
            // Finite where the exponent is a constant n = 0, 1, 2, …: a polynomial.
            var da = a[1] switch
            {
                Const { Value: 0 } => K(t, 0),
                Const { Value: 1 } => K(t, 1),
                Const { Value: 2 } => Mul(K(t, 2), a[0]),
                Const => Mul(a[1], Call("Pow", t, a[0], Sub(a[1], K(t, 1)))),
                _ => ZeroSafeMul(a[1], Call("Pow", t, a[0], Sub(a[1], K(t, 1)))),
            };
            var db = Select(Compare(BinaryOp.Equal, a[0], K(t, 0)), K(t, 0), Mul(r, Call("Log", t, a[0])));
            return new[] { da, db };
        }) { FiniteIf = a => a[1] is Const { Value: var n } && n >= 0 && n == Math.Floor(n) },
        // The sign, 0 at 0 (the derivative used at the kink) and at NaN: Math.Sign would throw for NaN, in a derivative
        // member whose method does not (|NaN| is NaN), even where the result does not depend on it.
        new("Abs", 1, (a, r, t) => new[] { Select(Compare(BinaryOp.Greater, a[0], K(t, 0)), K(t, 1), Select(Compare(BinaryOp.Less, a[0], K(t, 0)), K(t, -1), K(t, 0))) }) { FiniteIf = Always, Kink = new("at 0", "0") },
        new("Max", 2, (a, r, t) =>
        {
            var first = Compare(BinaryOp.GreaterOrEqual, a[0], a[1]);
            return new[] { Select(first, K(t, 1), K(t, 0)), Select(first, K(t, 0), K(t, 1)) };
        }) { FiniteIf = Always, Kink = new("where its arguments are equal", "that of the first argument") },
        new("Min", 2, (a, r, t) =>
        {
            var first = Compare(BinaryOp.LessOrEqual, a[0], a[1]);
            return new[] { Select(first, K(t, 1), K(t, 0)), Select(first, K(t, 0), K(t, 1)) };
        }) { FiniteIf = Always, Kink = new("where its arguments are equal", "that of the first argument") },
        new("Clamp", 3, (a, r, t) =>
        {
            // clamp(x, lo, hi): the derivative goes to whichever argument is returned.
            var below = Compare(BinaryOp.Less, a[0], a[1]);
            var above = Compare(BinaryOp.Greater, a[0], a[2]);
            return new[]
            {
                Select(below, K(t, 0), Select(above, K(t, 0), K(t, 1))),
                Select(below, K(t, 1), K(t, 0)),
                Select(below, K(t, 0), Select(above, K(t, 1), K(t, 0))),
            };
        }) { FiniteIf = Always, Kink = new("where the value equals a bound", "that of the value") },
        new("FusedMultiplyAdd", 3, (a, r, t) => new[] { a[1], a[0], K(t, 1) }) { FiniteIf = Always },
        new("Floor", 1, (a, r, t) => new[] { K(t, 0) }) { PiecewiseConstant = true, FiniteIf = Always },
        new("Ceiling", 1, (a, r, t) => new[] { K(t, 0) }) { PiecewiseConstant = true, FiniteIf = Always },
        new("Round", 1, (a, r, t) => new[] { K(t, 0) }) { PiecewiseConstant = true, FiniteIf = Always },
        // Round(x, digits), Round(x, mode), Round(x, digits, mode): as flat; the digits and the mode (an enum, data) take no derivative.
        new("Round", 2, (a, r, t) => new[] { K(t, 0), K(t, 0) }) { PiecewiseConstant = true, FiniteIf = Always },
        new("Round", 3, (a, r, t) => new[] { K(t, 0), K(t, 0), K(t, 0) }) { PiecewiseConstant = true, FiniteIf = Always },
        new("Truncate", 1, (a, r, t) => new[] { K(t, 0) }) { PiecewiseConstant = true, FiniteIf = Always },
        new("Sign", 1, (a, r, t) => new[] { K(t, 0) }) { PiecewiseConstant = true, FiniteIf = Always },
        new(CalleeParameter, 1, (a, r, t) => new[] { K(t, 1) }),
    };

    // ------------------------------------------------------------------ operators

    private static readonly Rule Sum = new(nameof(BinaryOp.Add), 2, (a, r, t) => new Expr[] { K(t, 1), K(t, 1) }) { FiniteIf = Always };

    private static readonly Rule Difference = new(nameof(BinaryOp.Subtract), 2, (a, r, t) => new Expr[] { K(t, 1), K(t, -1) }) { FiniteIf = Always };

    // x · x has one operand, with the partial 2x.
    private static readonly Rule Product = new(nameof(BinaryOp.Multiply), 2, (a, r, t) => a[0].Equals(a[1]) ? new[] { Mul(K(t, 2), a[0]) } : new[] { a[1], a[0] })
    {
        FiniteIf = Always,
    };

    // A zero-safe product (only in derivative code) differs from the plain one only where a factor is not finite.
    private static readonly Rule ZeroSafeProduct = new(nameof(BinaryOp.ZeroSafeMultiply), 2, (a, r, t) => new[] { a[1], a[0] }) { FiniteIf = Always };

    // v = a / b: ∂a = 1 / b, ∂b = -v / b (0 where v is 0, with the zero-wins rule of the products). Its tangent is
    // (ȧ - v·ḃ) / b, a tangent of 0 contributing 0 whatever v and b are; its adjoint shares one division between the
    // operands: ā += v̄ / b, b̄ -= (v̄ / b) · v. Finite where b is a constant other than 0.
    private static readonly Rule Quotient = new(nameof(BinaryOp.Divide), 2, (a, r, t) => new[] { Div(K(t, 1), a[1]), Neg(ZeroSafeDiv(r, a[1])) })
    {
        FiniteIf = a => a[1] is Const { Value: var divisor } && divisor != 0 && !double.IsNaN(divisor) && !double.IsInfinity(divisor),
        Tangent = (a, r, d) => IsConst(d[1], 0) ? ZeroSafeDiv(d[0], a[1]) : ZeroSafeDiv(Sub(d[0], ZeroSafeMul(d[1], r)), a[1]),
        Adjoint = (a, r, adjoint, into) =>
        {
            if (a[1] is not Var divisor || !into.IsActive(divisor)) return false;
            var q = into.Local(r.Name + "_bar_over_" + divisor.Name, ZeroSafeDiv(adjoint, divisor));
            if (a[0] is Var numerator && into.IsActive(numerator)) into.Add(numerator, q);
            into.Add(divisor, Neg(ZeroSafeMul(q, r)));
            return true;
        },
    };

    private static readonly Rule Negation = new(nameof(UnaryOp.Negate), 1, (a, r, t) => new Expr[] { K(t, -1) }) { FiniteIf = Always };

    private static readonly Dictionary<(string, int), Rule> byName = Build();

    private static Dictionary<(string, int), Rule> Build()
    {
        var map = new Dictionary<(string, int), Rule>();
        foreach (var rule in rules) map[(rule.Name, rule.Arity)] = rule;
        return map;
    }

    /// <summary>The rule of the Math function <paramref name="name"/> with <paramref name="arity"/> arguments, or null.</summary>
    public static Rule? Find(string name, int arity) => byName.TryGetValue((name, arity), out var rule) ? rule : null;

    /// <summary>The rule of the primitive <paramref name="e"/> computes (an operator or a Math function) and its arguments, or null.</summary>
    public static (Rule Rule, Expr[] Args)? For(Expr e) => e switch
    {
        Binary b => b.Op switch
        {
            BinaryOp.Add => (Sum, new[] { b.Left, b.Right }),
            BinaryOp.Subtract => (Difference, new[] { b.Left, b.Right }),
            BinaryOp.Multiply => (Product, new[] { b.Left, b.Right }),
            BinaryOp.ZeroSafeMultiply => (ZeroSafeProduct, new[] { b.Left, b.Right }),
            // A zero-safe quotient differs from the plain one only where the divisor is 0.
            BinaryOp.Divide or BinaryOp.ZeroSafeDivide => (Quotient, new[] { b.Left, b.Right }),
            _ => null,
        },
        Unary { Op: UnaryOp.Negate } u => (Negation, new[] { u.Operand }),
        Intrinsic i when Find(i.Name, i.Args.Count) is { } rule => (rule, i.Args.ToArray()),
        _ => null,
    };

    /// <summary>Functions that MathF also has; the others are called on Math for float too.</summary>
    public static bool HasMathF(string name) => name is not ("Clamp");
}
