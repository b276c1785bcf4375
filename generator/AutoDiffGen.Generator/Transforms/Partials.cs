using System.Collections.Generic;
using AutoDiffGen.Generator.Ir;
using static AutoDiffGen.Generator.Ir.IrBuilder;

namespace AutoDiffGen.Generator.Transforms;

/// <summary>
/// The local derivatives of one IR operation: for <c>v = op(a, b)</c>, the pairs (a, ∂v/∂a), (b, ∂v/∂b).
/// Forward mode sums <c>∂v/∂a · ȧ</c>; reverse mode adds <c>v̄ · ∂v/∂a</c> into <c>ā</c>. One table for both.
/// </summary>
internal static class Partials
{
    /// <param name="e">The operation.</param>
    /// <param name="result">An expression with the operation's value (its local, or the operation itself).</param>
    public static List<(Expr Operand, Expr Partial)> Of(Expr e, Expr result)
    {
        var t = e.Type;
        var list = new List<(Expr, Expr)>();
        switch (e)
        {
            case Var or ElementRead:
                list.Add((e, Constant(t, 1)));
                break;
            case Unary { Op: UnaryOp.Negate } u:
                list.Add((u.Operand, Constant(t, -1)));
                break;
            case Binary b:
                switch (b.Op)
                {
                    case BinaryOp.Add:
                        list.Add((b.Left, Constant(t, 1)));
                        list.Add((b.Right, Constant(t, 1)));
                        break;
                    case BinaryOp.Subtract:
                        list.Add((b.Left, Constant(t, 1)));
                        list.Add((b.Right, Constant(t, -1)));
                        break;
                    case BinaryOp.Multiply when b.Left.Equals(b.Right):
                        list.Add((b.Left, Mul(Constant(t, 2), b.Left))); // x * x
                        break;
                    case BinaryOp.Multiply or BinaryOp.ZeroSafeMultiply:
                        list.Add((b.Left, b.Right));
                        list.Add((b.Right, b.Left));
                        break;
                    case BinaryOp.Divide or BinaryOp.ZeroSafeDivide:
                        // v = a / b: ∂a = 1 / b, ∂b = -v / b (0 where v is 0, with the zero-wins rule of the products).
                        list.Add((b.Left, Div(Constant(t, 1), b.Right)));
                        list.Add((b.Right, Neg(ZeroSafeDiv(result, b.Right))));
                        break;
                }
                break;
            case Convert c when c.Operand.Type.IsFloating():
                list.Add((c.Operand, Constant(t, 1)));
                break;
            case Conditional c:
                list.Add((c.WhenTrue, Select(c.Condition, Constant(t, 1), Constant(t, 0))));
                list.Add((c.WhenFalse, Select(c.Condition, Constant(t, 0), Constant(t, 1))));
                break;
            case Intrinsic i when MathRules.Find(i.Name, i.Args.Count) is { } rule:
                var args = new Expr[i.Args.Count];
                for (int k = 0; k < args.Length; k++) args[k] = i.Args[k];
                var partials = rule.Partials(args, result, t);
                for (int k = 0; k < args.Length; k++) list.Add((args[k], partials[k]));
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
            case Binary { Op: BinaryOp.Divide or BinaryOp.ZeroSafeDivide } d:
            {
                // (ȧ - v·ḃ) / b, a tangent of 0 contributing 0 whatever v and b are.
                var ta = Tangent(d.Left, null, tangentOf);
                var tb = Tangent(d.Right, null, tangentOf);
                if (IsConst(tb, 0)) return ZeroSafeDiv(ta, d.Right);
                return ZeroSafeDiv(Sub(ta, ZeroSafeMul(tb, result ?? e)), d.Right);
            }
            case Conditional c:
                return Select(c.Condition, Tangent(c.WhenTrue, null, tangentOf), Tangent(c.WhenFalse, null, tangentOf));
        }
        var terms = new List<Expr>();
        foreach (var (operand, partial) in Of(e, result ?? e))
        {
            var operandTangent = Tangent(operand, null, tangentOf);
            if (IsConst(operandTangent, 0)) continue;
            terms.Add(ConvertTo(ZeroSafeMul(operandTangent, partial), e.Type)); // a conversion's operand has another type
        }
        return Sum(e.Type, terms);
    }
}
