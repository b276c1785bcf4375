using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;

namespace AutoDiffGen.Generator.Ir;

/// <summary>Small constructors for IR expressions that fold the obvious cases (<c>x * 1</c>, <c>x + 0</c>, <c>-(-x)</c>).</summary>
internal static class IrBuilder
{
    public static Const Constant(IrType type, double value) => new(type, value);

    /// <summary>
    /// <c>for (int counter = 0; counter &lt; array.Length; counter++) array[counter] = 0;</c>: what declaring a new array is, for
    /// one allocated once at the top of a method and declared again in a loop or a branch.
    /// </summary>
    public static Loop ZeroElements(string array, IrType type, string counter)
        => new(counter, Constant(IrType.Int, 0), new Length(new Var(array, type)),
            new Block(EquatableArray.Of<Stmt>(new StoreElement(array, new Var(counter, IrType.Int), Constant(type, 0)))));

    public static bool IsConst(Expr e, double value) => e is Const c && c.Value == value;

    public static Expr Add(Expr a, Expr b)
    {
        if (IsConst(a, 0)) return b;
        if (IsConst(b, 0)) return a;
        if (a is Const ca && b is Const cb && Arithmetic(a.Type, ca.Value, cb.Value, BinaryOp.Add) is { } folded) return Constant(a.Type, folded);
        if (b is Unary { Op: UnaryOp.Negate } nb) return Sub(a, nb.Operand);
        if (b is Const { Value: < 0 } cn) return new Binary(BinaryOp.Subtract, a, Constant(b.Type, -cn.Value), a.Type);
        if (a is Unary { Op: UnaryOp.Negate } na) return Sub(b, na.Operand);
        return new Binary(BinaryOp.Add, a, b, a.Type);
    }

    public static Expr Sub(Expr a, Expr b)
    {
        if (IsConst(b, 0)) return a;
        if (IsConst(a, 0)) return Neg(b);
        if (a is Const ca && b is Const cb && Arithmetic(a.Type, ca.Value, cb.Value, BinaryOp.Subtract) is { } folded) return Constant(a.Type, folded);
        if (b is Unary { Op: UnaryOp.Negate } nb) return Add(a, nb.Operand);
        return new Binary(BinaryOp.Subtract, a, b, a.Type);
    }

    public static Expr Mul(Expr a, Expr b)
    {
        if (IsConst(a, 0) || IsConst(b, 0)) return Constant(a.Type, 0);
        if (IsConst(a, 1)) return b;
        if (IsConst(b, 1)) return a;
        if (IsConst(a, -1)) return Neg(b);
        if (IsConst(b, -1)) return Neg(a);
        if (a is Const ca && b is Const cb && Arithmetic(a.Type, ca.Value, cb.Value, BinaryOp.Multiply) is { } folded) return Constant(a.Type, folded);
        if (a is Unary { Op: UnaryOp.Negate } na && b is Unary { Op: UnaryOp.Negate } nb2) return Mul(na.Operand, nb2.Operand);
        if (a is Unary { Op: UnaryOp.Negate } na2) return Neg(Mul(na2.Operand, b));
        if (b is Unary { Op: UnaryOp.Negate } nb3) return Neg(Mul(a, nb3.Operand));
        return new Binary(BinaryOp.Multiply, a, b, a.Type);
    }

    /// <summary>
    /// An adjoint or a tangent times a local partial derivative, where a factor that is exactly 0 wins (see
    /// <see cref="BinaryOp.ZeroSafeMultiply"/>): a plain product when a factor is a finite constant (0 is then 0, and any
    /// other cannot make ∞ or NaN of a finite factor), and a kink's partial <c>c ? 1 : 0</c> selects the other factor
    /// instead of multiplying by it (<c>c ? a : 0</c>: exactly 0 when not selected, even for an infinite <c>a</c>).
    /// </summary>
    public static Expr ZeroSafeMul(Expr a, Expr b)
    {
        if (!a.Type.IsFloating()) return Mul(a, b);
        if (IsFiniteConst(a) || IsFiniteConst(b)) return Mul(a, b);
        if (b is Conditional { WhenTrue: Const, WhenFalse: Const } selectB) return Select(selectB.Condition, ZeroSafeMul(a, selectB.WhenTrue), ZeroSafeMul(a, selectB.WhenFalse));
        if (a is Conditional { WhenTrue: Const, WhenFalse: Const } selectA) return Select(selectA.Condition, ZeroSafeMul(selectA.WhenTrue, b), ZeroSafeMul(selectA.WhenFalse, b));
        // The sign does not change whether a factor is 0: -a ⊙ b is -(a ⊙ b), which keeps negations foldable.
        if (a is Unary { Op: UnaryOp.Negate } na) return Neg(ZeroSafeMul(na.Operand, b));
        if (b is Unary { Op: UnaryOp.Negate } nb) return Neg(ZeroSafeMul(a, nb.Operand));
        return new Binary(BinaryOp.ZeroSafeMultiply, a, b, a.Type);
    }

    /// <summary>An adjoint or a tangent divided by a divisor, 0 when it is exactly 0 (see <see cref="BinaryOp.ZeroSafeDivide"/>).</summary>
    public static Expr ZeroSafeDiv(Expr a, Expr b)
    {
        if (!a.Type.IsFloating() || IsFiniteConst(a) || (IsFiniteConst(b) && !IsConst(b, 0))) return Div(a, b);
        if (a is Unary { Op: UnaryOp.Negate } na) return Neg(ZeroSafeDiv(na.Operand, b));
        return new Binary(BinaryOp.ZeroSafeDivide, a, b, a.Type);
    }

    private static bool IsFiniteConst(Expr e) => e is Const c && !double.IsNaN(c.Value) && !double.IsInfinity(c.Value);

    public static Expr Div(Expr a, Expr b)
    {
        if (IsConst(a, 0)) return Constant(a.Type, 0);
        if (IsConst(b, 1)) return a;
        if (a is Unary { Op: UnaryOp.Negate } na) return Neg(Div(na.Operand, b));
        return new Binary(BinaryOp.Divide, a, b, a.Type);
    }

    public static Expr Neg(Expr a)
    {
        if (a is Const c) return Constant(a.Type, c.Value == 0 ? 0 : -c.Value);
        if (a is Unary { Op: UnaryOp.Negate } n) return n.Operand;
        return new Unary(UnaryOp.Negate, a, a.Type);
    }

    /// <summary>
    /// <c>a op b</c> of two constants as the program computes it: a float's in float (one rounding, not a double's and then
    /// a float's). A generic method's (<see cref="IrType.Generic"/>) only where double and float compute the same value, which
    /// is then what any instantiation computes; null (not folded) otherwise.
    /// </summary>
    private static double? Arithmetic(IrType type, double a, double b, BinaryOp op)
    {
        double inDouble = op switch { BinaryOp.Add => a + b, BinaryOp.Subtract => a - b, _ => a * b };
        if (type is not (IrType.Float or IrType.Generic)) return inDouble;
        float x = (float)a, y = (float)b;
        double inFloat = op switch { BinaryOp.Add => x + y, BinaryOp.Subtract => x - y, _ => x * y };
        if (type == IrType.Float) return inFloat;
        return x == a && y == b && inFloat.Equals(inDouble) ? inDouble : null;
    }

    /// <summary>
    /// Re-applies the folding above where the result is exactly what the operation computes, as IEEE arithmetic has it: a
    /// value of the program (a primal value, which a constant was substituted into) must come out bit for bit as the
    /// program computes it. <c>x * 0</c> is NaN for an infinite <c>x</c> and -0 for a negative one, <c>x + 0</c> is +0
    /// for <c>x = -0</c>, <c>0 - x</c> is +0 for <c>x = +0</c>: those stay as they are (the sign of a zero decides
    /// <c>Math.Atan2</c>'s branch). Integer and bool arithmetic, and the products of <see cref="BinaryOp.ZeroSafeMultiply"/>
    /// (where a zero wins by definition), fold as in <see cref="Refold"/>.
    /// </summary>
    public static Expr RefoldExact(Expr e)
    {
        if (e is not Binary b || !b.Type.IsFloating()) return Refold(e);
        bool leftZero = IsConst(b.Left, 0), rightZero = IsConst(b.Right, 0);
        switch (b.Op)
        {
            case BinaryOp.Add when leftZero || rightZero:
                // x + (-0) is x; x + (+0) is not (for x = -0).
                if (leftZero && IsNegativeZero(b.Left)) return b.Right;
                if (rightZero && IsNegativeZero(b.Right)) return b.Left;
                return leftZero && rightZero ? Refold(e) : e;
            case BinaryOp.Subtract when leftZero || rightZero:
                // x - (+0) is x; 0 - x is not -x (for x = +0).
                if (rightZero && !IsNegativeZero(b.Right)) return b.Left;
                return leftZero && rightZero ? Refold(e) : e;
            case BinaryOp.Multiply when leftZero || rightZero:
                return leftZero && rightZero ? Refold(e) : e;
            case BinaryOp.Divide when leftZero:
                return e;
            default:
                return Refold(e);
        }
    }

    private static bool IsNegativeZero(Expr e) => e is Const c && c.Value == 0 && System.BitConverter.DoubleToInt64Bits(c.Value) < 0;

    /// <summary>Re-applies the folding above to an operation whose operands changed (a substitution put constants in).</summary>
    public static Expr Refold(Expr e) => e switch
    {
        Binary { Op: BinaryOp.Add } b => Add(b.Left, b.Right),
        Binary { Op: BinaryOp.Subtract } b => Sub(b.Left, b.Right),
        Binary { Op: BinaryOp.Multiply } b => Mul(b.Left, b.Right),
        Binary { Op: BinaryOp.Divide } b => Div(b.Left, b.Right),
        Binary { Op: BinaryOp.ZeroSafeMultiply } b => ZeroSafeMul(b.Left, b.Right),
        Binary { Op: BinaryOp.ZeroSafeDivide } b => ZeroSafeDiv(b.Left, b.Right),
        Unary { Op: UnaryOp.Negate } u => Neg(u.Operand),
        _ => e,
    };

    public static Expr Call(string name, IrType type, params Expr[] args) => new Intrinsic(name, args.ToEquatableArray(), type);

    public static Expr Compare(BinaryOp op, Expr a, Expr b) => new Binary(op, a, b, IrType.Bool);

    public static Expr Select(Expr condition, Expr whenTrue, Expr whenFalse)
        => whenTrue.Equals(whenFalse) ? whenTrue : new Conditional(condition, whenTrue, whenFalse, whenTrue.Type);

    public static Expr ConvertTo(Expr e, IrType type)
    {
        if (e.Type == type) return e;
        if (e is Const c) return Constant(type, type == IrType.Float ? (float)c.Value : c.Value);
        return new Convert(e, type);
    }

    /// <summary>The sum of terms, folded; zero when there are none.</summary>
    public static Expr Sum(IrType type, IEnumerable<Expr> terms)
    {
        Expr? result = null;
        foreach (var t in terms)
        {
            result = result is null ? t : Add(result, t);
        }
        return result ?? Constant(type, 0);
    }

    /// <summary>
    /// Accumulation <c>target += value</c> as IR (<c>target = target + value</c>); for a matrix, a call that adds in place
    /// (or copies into a null adjoint: <c>Matrix.AccumulateAdjoint(ref target, value)</c>).
    /// </summary>
    public static Stmt Accumulate(string target, IrType type, Expr value)
        => type == IrType.Matrix
            ? MatrixHelper("AccumulateAdjoint", new Arg(new Var(target, type), ParamKind.Ref), new Arg(value, ParamKind.Value))
            : new Assign(target, Add(new Var(target, type), value));

    /// <summary>
    /// A call to one of the runtime's helpers for matrix adjoints (<c>AutoDiffGen.Matrix.AccumulateAdjoint</c>, …) as a
    /// statement, or assigning its result to <paramref name="result"/>.
    /// </summary>
    public static Invoke MatrixHelper(string name, params Arg[] args) => MatrixHelperInto(null, name, args);

    /// <summary>Whether the callee is one of the runtime's helpers for matrix adjoints (see <see cref="MatrixHelper"/>).</summary>
    public static bool IsMatrixHelper(CallTarget target) => target.Kind == CallKind.Derived && target.Key.StartsWith(MatrixHelperKey, System.StringComparison.Ordinal);

    private const string MatrixHelperKey = "matrix helper: ";

    public static Invoke MatrixHelperInto(string? result, string name, params Arg[] args)
    {
        var parameters = args.Select((a, i) => new Param("p" + i, a.Value.Type, a.Kind, NoDerivative: true)).ToEquatableArray();
        var returns = result is null ? EquatableArray<IrType>.Empty : EquatableArray.Of(IrType.Matrix);
        var target = new CallTarget(MatrixHelperKey + name, IrTypeExtensions.MatrixType, name, CallKind.Derived, parameters, returns, null, null, null, Models.SourceMap.NoSite);
        return new Invoke(result is null ? EquatableArray<string>.Empty : EquatableArray.Of(result), new Call(target, args.ToEquatableArray(), result is null ? IrType.Double : IrType.Matrix));
    }
}
