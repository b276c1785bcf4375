using AutoDiffGen.Generator.Emit;
using Xunit;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// The parentheses the emitter writes around an operand, decided from the tree before the operand is written: its
/// precedence (a negative literal binds as a unary minus, NaN and the infinities do not), and under a unary operator
/// whether the operand's text starts with a sign (<c>-(-a)</c>, never <c>--a</c>, a decrement).
/// </summary>
public sealed class ExpressionPrinterTests
{
    private static readonly Ir.Var A = new("a", Ir.IrType.Double), B = new("b", Ir.IrType.Double), C = new("c", Ir.IrType.Double);
    private static readonly Ir.Var P = new("p", Ir.IrType.Bool), Q = new("q", Ir.IrType.Bool), R = new("r", Ir.IrType.Bool);

    private static string Text(Ir.Expr e) => CSharpEmitter.ExpressionText(e);

    private static Ir.Expr Number(double value, Ir.IrType type = Ir.IrType.Double) => new Ir.Const(type, value);

    private static Ir.Expr Negate(Ir.Expr e) => new Ir.Unary(Ir.UnaryOp.Negate, e, e.Type);

    private static Ir.Expr Not(Ir.Expr e) => new Ir.Unary(Ir.UnaryOp.Not, e, Ir.IrType.Bool);

    private static Ir.Expr Binary(Ir.BinaryOp op, Ir.Expr left, Ir.Expr right) => new Ir.Binary(op, left, right, left.Type);

    private static Ir.Expr Subtract(Ir.Expr left, Ir.Expr right) => Binary(Ir.BinaryOp.Subtract, left, right);

    private static Ir.Expr Conditional(Ir.Expr test, Ir.Expr whenTrue, Ir.Expr whenFalse) => new Ir.Conditional(test, whenTrue, whenFalse, whenTrue.Type);

    [Fact]
    public void A_unary_operator_parenthesises_an_operand_that_starts_with_a_sign_or_binds_less_tightly()
    {
        Assert.Equal("-(-a)", Text(Negate(Negate(A))));
        Assert.Equal("-(-1.0)", Text(Negate(Number(-1))));
        Assert.Equal("-(-1)", Text(Negate(Number(-1, Ir.IrType.Int))));
        Assert.Equal("-(-0.0)", Text(Negate(Number(-0.0))));
        Assert.Equal("-0.0", Text(Negate(Number(0))));
        // Rounded to float first, as the literal is printed: -1e-50 is -0f.
        Assert.Equal("-(-0f)", Text(Negate(Number(-1e-50, Ir.IrType.Float))));
        Assert.Equal("-double.NaN", Text(Negate(Number(double.NaN))));
        Assert.Equal("-double.NegativeInfinity", Text(Negate(Number(double.NegativeInfinity))));
        Assert.Equal("-(a - b)", Text(Negate(Subtract(A, B))));
        Assert.Equal("!!p", Text(Not(Not(P))));
        // !(a >= a) is written !!double.IsNaN(a): a unary operand, with no sign.
        Assert.Equal("!!double.IsNaN(a)", Text(Not(Binary(Ir.BinaryOp.GreaterOrEqual, A, A))));
    }

    [Fact]
    public void A_binary_operator_parenthesises_its_right_operand_at_the_same_level_and_not_a_negative_literal()
    {
        Assert.Equal("a - (b - c)", Text(Subtract(A, Subtract(B, C))));
        Assert.Equal("a - b - c", Text(Subtract(Subtract(A, B), C)));
        Assert.Equal("(a + b) * c", Text(Binary(Ir.BinaryOp.Multiply, Binary(Ir.BinaryOp.Add, A, B), C)));
        Assert.Equal("a - -1.0", Text(Subtract(A, Number(-1))));
        Assert.Equal("-1.0 * a", Text(Binary(Ir.BinaryOp.Multiply, Number(-1), A)));
        Assert.Equal("a - -b", Text(Subtract(A, Negate(B))));
    }

    [Fact]
    public void A_cast_parenthesises_a_negative_literal_but_not_a_named_constant()
    {
        Assert.Equal("(float)(-1.0)", Text(new Ir.Convert(Number(-1), Ir.IrType.Float)));
        Assert.Equal("(float)(-0.0)", Text(new Ir.Convert(Number(-0.0), Ir.IrType.Float)));
        Assert.Equal("(float)0.0", Text(new Ir.Convert(Number(0), Ir.IrType.Float)));
        Assert.Equal("(float)double.NegativeInfinity", Text(new Ir.Convert(Number(double.NegativeInfinity), Ir.IrType.Float)));
        Assert.Equal("(float)(a - b)", Text(new Ir.Convert(Subtract(A, B), Ir.IrType.Float)));
    }

    [Fact]
    public void Nested_conditionals_are_parenthesised_except_in_the_false_branch()
    {
        Assert.Equal("p ? (q ? a : b) : r ? b : c", Text(Conditional(P, Conditional(Q, A, B), Conditional(R, B, C))));
        Assert.Equal("(p ? q : r) ? a : b", Text(Conditional(Conditional(P, Q, R), A, B)));
        Assert.Equal("a + (p ? b : c)", Text(Binary(Ir.BinaryOp.Add, A, Conditional(P, B, C))));
        Assert.Equal("-(p ? b : c)", Text(Negate(Conditional(P, B, C))));
    }
}
