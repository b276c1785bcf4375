using System.Collections.Generic;
using AutoDiffGen.Generator.Ir;
using static AutoDiffGen.Generator.Ir.IrBuilder;

namespace AutoDiffGen.Generator.Transforms;

/// <summary>
/// The local derivatives of one IR operation: for <c>v = op(a, b)</c>, the pairs (a, ∂v/∂a), (b, ∂v/∂b), from the
/// primitive's rule (<see cref="MathRules"/>) or, for reads, conversions and selections, from the expression's shape.
/// Forward mode sums <c>∂v/∂a · ȧ</c> (<see cref="Tangent"/>); reverse mode adds <c>v̄ · ∂v/∂a</c> into <c>ā</c>. One
/// table for both.
/// </summary>
internal static class Partials
{
    /// <param name="e">The operation.</param>
    /// <param name="result">An expression with the operation's value (its local, or the operation itself).</param>
    public static List<(Expr Operand, Expr Partial)> Of(Expr e, Expr result) => Of(e, result, MathRules.For(e));

    /// <summary>As <see cref="Of(Expr, Expr)"/>, for a caller that has looked up the primitive <paramref name="e"/> computes already.</summary>
    /// <param name="primitive"><see cref="MathRules.For"/> of <paramref name="e"/>.</param>
    public static List<(Expr Operand, Expr Partial)> Of(Expr e, Expr result, (MathRules.Rule Rule, Expr[] Args)? primitive)
    {
        var t = e.Type;
        var list = new List<(Expr, Expr)>();
        switch (e)
        {
            case Var or ElementRead:
                list.Add((e, Constant(t, 1)));
                break;
            case Convert c when c.Operand.Type.IsFloating():
                list.Add((c.Operand, Constant(t, 1)));
                break;
            case Conditional c:
                list.Add((c.WhenTrue, Select(c.Condition, Constant(t, 1), Constant(t, 0))));
                list.Add((c.WhenFalse, Select(c.Condition, Constant(t, 0), Constant(t, 1))));
                break;
            default:
                // An operator or a Math function: its rule's partials, one per argument (or one for x·x).
                if (primitive is var (rule, args))
                {
                    var partials = rule.Partials(args, result, t);
                    for (int k = 0; k < partials.Length; k++) list.Add((args[k], partials[k]));
                }
                break;
        }
        return list;
    }

    /// <summary>The tangent of an expression tree: Σ ∂e/∂x · ẋ, recursing into compound operands.</summary>
    public static Expr Tangent(Expr e, Expr? result, System.Func<Var, Expr> tangentOf)
    {
        if (!e.Type.IsDifferentiable()) return Constant(IrType.Double, 0);
        switch (e)
        {
            case Const or StaticRead or DataRead:
                return Constant(e.Type, 0);
            case Var v:
                return tangentOf(v);
            case ElementRead r:
                // The tangent of an element is that element of the tangent span.
                return tangentOf(r.Array) is Var tangents ? new ElementRead(tangents, r.Index, r.Type) : Constant(e.Type, 0);
            case Conditional c:
                return Select(c.Condition, Tangent(c.WhenTrue, null, tangentOf), Tangent(c.WhenFalse, null, tangentOf));
        }
        // A rule with a tangent of its own (a quotient's).
        var primitive = MathRules.For(e);
        if (primitive is ({ Tangent: { } tangent }, var operands))
        {
            var tangents = new Expr[operands.Length];
            for (int k = 0; k < operands.Length; k++) tangents[k] = Tangent(operands[k], null, tangentOf);
            return tangent(operands, result ?? e, tangents);
        }
        var terms = new List<Expr>();
        foreach (var (operand, partial) in Of(e, result ?? e, primitive))
        {
            var operandTangent = Tangent(operand, null, tangentOf);
            if (IsConst(operandTangent, 0)) continue;
            terms.Add(ConvertTo(ZeroSafeMul(operandTangent, partial), e.Type)); // a conversion's operand has another type
        }
        return Sum(e.Type, terms);
    }
}
