using System;
using System.Collections.Generic;
using AutoDiffGen.Generator.Ir;
using static AutoDiffGen.Generator.Ir.IrBuilder;

namespace AutoDiffGen.Generator.Transforms;

/// <summary>
/// Derivative rules for <c>System.Math</c>/<c>System.MathF</c>, as data: for each function, its
/// partial derivatives as IR expressions of the arguments and the result. Forward mode forms
/// <c>Σ ∂f/∂aᵢ · ȧᵢ</c>, reverse mode adds <c>ȳ · ∂f/∂aᵢ</c> into each <c>āᵢ</c>; second order falls out
/// because the partials are themselves IR built from functions in this table.
/// </summary>
internal static class MathRules
{
    /// <summary>Partial derivatives of a function given its arguments and its result (an atom).</summary>
    public delegate Expr[] PartialsRule(Expr[] args, Expr result, IrType type);

    /// <summary>A rule: arity, partials, and whether the function is piecewise constant (derivative zero, warned about).</summary>
    public sealed record Rule(string Name, int Arity, PartialsRule Partials, bool PiecewiseConstant = false);

    private static Const K(IrType t, double v) => Constant(t, v);

    private static readonly Rule[] rules =
    {
        new("Sin", 1, (a, r, t) => new[] { Call("Cos", t, a[0]) }),
        new("Cos", 1, (a, r, t) => new[] { Neg(Call("Sin", t, a[0])) }),
        new("Tan", 1, (a, r, t) => new[] { Add(K(t, 1), Mul(r, r)) }),
        new("Asin", 1, (a, r, t) => new[] { Div(K(t, 1), Call("Sqrt", t, Sub(K(t, 1), Mul(a[0], a[0])))) }),
        new("Acos", 1, (a, r, t) => new[] { Neg(Div(K(t, 1), Call("Sqrt", t, Sub(K(t, 1), Mul(a[0], a[0]))))) }),
        new("Atan", 1, (a, r, t) => new[] { Div(K(t, 1), Add(K(t, 1), Mul(a[0], a[0]))) }),
        new("Atan2", 2, (a, r, t) =>
        {
            // atan2(y, x): ∂y = x / (x² + y²), ∂x = -y / (x² + y²)
            var d = Add(Mul(a[1], a[1]), Mul(a[0], a[0]));
            return new[] { Div(a[1], d), Neg(Div(a[0], d)) };
        }),
        new("Sinh", 1, (a, r, t) => new[] { Call("Cosh", t, a[0]) }),
        new("Cosh", 1, (a, r, t) => new[] { Call("Sinh", t, a[0]) }),
        new("Tanh", 1, (a, r, t) => new[] { Sub(K(t, 1), Mul(r, r)) }),
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
        new("Cbrt", 1, (a, r, t) => new[] { Div(K(t, 1), Mul(K(t, 3), Mul(r, r))) }),
        new("Pow", 2, (a, r, t) =>
        {
            // ∂a = b·a^(b-1), and 0 for b = 0 (a^0 is constant: b·a^(b-1) would be 0·∞ at a = 0): a product where a zero
            // factor wins, whose own derivative is still ḃ·a^(b-1) where b is 0 but varies (a select would lose it); with
            // b = 1 that gives a^0 = 1, whose derivative is 0 by the same rule, so x^n has exact first and second
            // derivatives at 0.
            // ∂b = a^b·ln a, taken as 0 at a = 0 (the limit from the right for b > 0).
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
        }),
        // The sign, 0 at 0 (the derivative used at the kink) and at NaN: Math.Sign would throw for NaN, in a derivative
        // member whose method does not (|NaN| is NaN), even where the result does not depend on it.
        new("Abs", 1, (a, r, t) => new[] { Select(Compare(BinaryOp.Greater, a[0], K(t, 0)), K(t, 1), Select(Compare(BinaryOp.Less, a[0], K(t, 0)), K(t, -1), K(t, 0))) }),
        new("Max", 2, (a, r, t) =>
        {
            var first = Compare(BinaryOp.GreaterOrEqual, a[0], a[1]);
            return new[] { Select(first, K(t, 1), K(t, 0)), Select(first, K(t, 0), K(t, 1)) };
        }),
        new("Min", 2, (a, r, t) =>
        {
            var first = Compare(BinaryOp.LessOrEqual, a[0], a[1]);
            return new[] { Select(first, K(t, 1), K(t, 0)), Select(first, K(t, 0), K(t, 1)) };
        }),
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
        }),
        new("FusedMultiplyAdd", 3, (a, r, t) => new[] { a[1], a[0], K(t, 1) }),
        new("Floor", 1, (a, r, t) => new[] { K(t, 0) }, PiecewiseConstant: true),
        new("Ceiling", 1, (a, r, t) => new[] { K(t, 0) }, PiecewiseConstant: true),
        new("Round", 1, (a, r, t) => new[] { K(t, 0) }, PiecewiseConstant: true),
        // Round(x, digits), Round(x, mode), Round(x, digits, mode): as flat; the digits and the mode (an enum, data) take no derivative.
        new("Round", 2, (a, r, t) => new[] { K(t, 0), K(t, 0) }, PiecewiseConstant: true),
        new("Round", 3, (a, r, t) => new[] { K(t, 0), K(t, 0), K(t, 0) }, PiecewiseConstant: true),
        new("Truncate", 1, (a, r, t) => new[] { K(t, 0) }, PiecewiseConstant: true),
        new("Sign", 1, (a, r, t) => new[] { K(t, 0) }, PiecewiseConstant: true),
    };

    private static readonly Dictionary<(string, int), Rule> byName = Build();

    private static Dictionary<(string, int), Rule> Build()
    {
        var map = new Dictionary<(string, int), Rule>();
        foreach (var rule in rules) map[(rule.Name, rule.Arity)] = rule;
        return map;
    }

    public static Rule? Find(string name, int arity) => byName.TryGetValue((name, arity), out var rule) ? rule : null;

    /// <summary>Functions that MathF also has; the others are called on Math for float too.</summary>
    public static bool HasMathF(string name) => name is not ("Clamp");
}
