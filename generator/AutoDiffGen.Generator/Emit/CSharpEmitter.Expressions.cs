using System.Collections.Generic;
using System.Globalization;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Transforms;
using Microsoft.CodeAnalysis.CSharp;

namespace AutoDiffGen.Generator.Emit;

/// <summary>
/// The expressions of <see cref="CSharpEmitter"/>: operators with the parentheses their places need, calls of Math or
/// MathF, and literals that read back as the same value.
/// </summary>
internal static partial class CSharpEmitter
{
    // An expression is written straight into the writer, its operands in parentheses where they bind less tightly
    // than their place needs. So the precedence of an operand is known before it is written: Precedence computes
    // it from the tree alone, as the printed text would have it.

    private const int Conditional = 1, Or = 2, And = 3, Equality = 4, Relational = 5, Additive = 6, Multiplicative = 7, UnaryLevel = 8, Primary = 9;

    /// <summary>Writes <paramref name="e"/>, in parentheses when it binds less tightly than <paramref name="context"/>.</summary>
    public static IndentedWriter Expression(this IndentedWriter w, Expr e, int context = 0) => w.Expression(e, parenthesized: Precedence(e) < context);

    /// <summary>
    /// <paramref name="e"/> as a string, for the rare line built from strings elsewhere (the length of a rented buffer);
    /// everything else writes it with <see cref="Expression(IndentedWriter, Expr, int)"/>.
    /// </summary>
    public static string ExpressionText(Expr e) => new IndentedWriter(capacity: 64).Expression(e).ToString();

    private static IndentedWriter Expression(this IndentedWriter w, Expr e, bool parenthesized)
        => parenthesized ? w.Append('(').Unparenthesized(e).Append(')') : w.Unparenthesized(e);

    /// <summary>Writes a comma-separated list of expressions.</summary>
    private static IndentedWriter Expressions(this IndentedWriter w, EquatableArray<Expr> list)
    {
        for (int i = 0; i < list.Count; i++) w.Append(i > 0 ? ", " : "").Expression(list[i]);
        return w;
    }

    /// <summary>Writes <paramref name="e"/> itself, without parentheses around the whole (its operands get theirs).</summary>
    private static IndentedWriter Unparenthesized(this IndentedWriter w, Expr e)
    {
        switch (e)
        {
            case Binary b when IsSelfComparison(b):
                // a >= a (from a Max whose arguments are the same value): C# warns about comparing a variable with
                // itself. The same meaning, NaN included: true unless a is NaN for >=, <=, ==; false for <, >.
                var a = (Var)b.Left;
                return b.Op switch
                {
                    BinaryOp.Less or BinaryOp.Greater => w.Append("false"),
                    BinaryOp.NotEqual => a.Type.IsFloating() ? w.IsNaN(a) : w.Append("false"),
                    _ => a.Type.IsFloating() ? w.Append('!').IsNaN(a) : w.Append("true"),
                };
            case Const c:
                var (text, suffix) = LiteralParts(c);
                return w.Append(text).Append(suffix);
            case Var v:
                return w.Append(v.Name == DataRead.This ? "this" : Identifier(v.Name));
            case StaticRead s:
                return w.Append(s.Expression);
            case Unary u:
                // -(-x), not --x (a decrement); !(-x) alike.
                return w.Append(u.Op == UnaryOp.Negate ? '-' : '!').Expression(u.Operand, parenthesized: Precedence(u.Operand) < UnaryLevel || StartsWithSign(u.Operand));
            case Binary { Op: BinaryOp.ZeroSafeMultiply or BinaryOp.ZeroSafeDivide } zeroSafe:
                return w.Append(zeroSafe.Op == BinaryOp.ZeroSafeMultiply ? "global::AutoDiffGen.Scalar.ZeroSafeMultiply(" : "global::AutoDiffGen.Scalar.ZeroSafeDivide(")
                    .Expression(zeroSafe.Left).Append(", ").Expression(zeroSafe.Right).Append(')');
            case Binary b:
                var (symbol, level) = Operator(b.Op);
                return w.Expression(b.Left, level).Append(' ').Append(symbol).Append(' ').Expression(b.Right, level + 1);
            case Ir.Conditional c:
                return w.Expression(c.Condition, Or).Append(" ? ").Expression(c.WhenTrue, Or).Append(" : ").Expression(c.WhenFalse, Conditional);
            case Convert c when IsGenericConversion(c):
                // No cast converts to or from a type parameter: its generic-math conversion does, exactly where a cast would (to
                // int, the truncation the source wrote: int.CreateTruncating).
                return w.Append(c.Type.ToCSharp()).Append(c.Type == IrType.Int ? ".CreateTruncating(" : ".CreateChecked(").Expression(c.Operand).Append(')');
            case Convert c:
                return w.Append('(').Append(c.Type.ToCSharp()).Append(')').Expression(c.Operand, Primary);
            case Intrinsic { Name: MathRules.CalleeParameter } parameter:
                return w.Expression(parameter.Args[0], Primary);
            case Intrinsic i:
                return w.Append(MathType(i)).Append(i.Name).Append('(').Expressions(i.Args).Append(')');
            case ElementRead r:
                return w.Append(Identifier(r.Array.Name)).Append('[').Expression(r.Index).Append(']');
            case Length l:
                return w.Append(Identifier(l.Array.Name)).Append(".Length");
            case DataRead d:
                w.Append(d.Data.Name == DataRead.This ? "this" : Identifier(d.Data.Name));
                foreach (var member in d.Members) w.Append('.').Append(Identifier(member));
                return d.Index is null ? w : w.Append('[').Expression(d.Index).Append(']');
            case LogMark m:
                return w.Append(LogName(m.Array)).Append(".Count");
            case Call { Target.Name: var op } call when OperatorSymbol(op, call.Args.Count) is { } userOperator:
                // A user-defined operator (lowered as a call to op_Multiply, …): C# only lets it be written as the operator.
                if (call.Args.Count == 1) return w.Append(userOperator).Expression(call.Args[0].Value, UnaryLevel);
                int operatorLevel = OperatorLevel(userOperator);
                return w.Expression(call.Args[0].Value, operatorLevel).Append(' ').Append(userOperator).Append(' ').Expression(call.Args[1].Value, operatorLevel + 1);
            case Call call:
                return w.CallDeclaring(call, NoDeclarations);
            default:
                return w.Append("default");
        }
    }

    /// <summary>How tightly <paramref name="e"/>, as <see cref="Unparenthesized"/> writes it, binds: its text's top-level operator.</summary>
    private static int Precedence(Expr e) => e switch
    {
        // false, true, double.IsNaN(a) or !double.IsNaN(a).
        Binary b when IsSelfComparison(b) => b.Op is BinaryOp.Less or BinaryOp.Greater or BinaryOp.NotEqual || !b.Left.Type.IsFloating() ? Primary : UnaryLevel,
        Const c => IsNegativeLiteral(c) ? UnaryLevel : Primary,
        Unary => UnaryLevel,
        Binary { Op: BinaryOp.ZeroSafeMultiply or BinaryOp.ZeroSafeDivide } => Primary, // a call
        Binary b => Operator(b.Op).Level,
        Ir.Conditional => Conditional,
        Convert c => IsGenericConversion(c) ? Primary : UnaryLevel,
        Call { Target.Name: var op } call when OperatorSymbol(op, call.Args.Count) is { } userOperator => call.Args.Count == 1 ? UnaryLevel : OperatorLevel(userOperator),
        _ => Primary, // a name, a call, an element, a length, a static read, a read of data
    };

    /// <summary>
    /// Whether the text <see cref="Unparenthesized"/> writes for <paramref name="e"/> starts with '-' or '+': what its
    /// leftmost operand starts with, unless that operand is in parentheses.
    /// </summary>
    private static bool StartsWithSign(Expr e) => e switch
    {
        Binary b when IsSelfComparison(b) => false,
        Const c => IsNegativeLiteral(c),
        StaticRead s => s.Expression.Length > 0 && s.Expression[0] is '-' or '+',
        Unary u => u.Op == UnaryOp.Negate,
        Binary { Op: BinaryOp.ZeroSafeMultiply or BinaryOp.ZeroSafeDivide } => false, // a call
        Binary b => StartsWithSign(b.Left, Operator(b.Op).Level),
        Ir.Conditional c => StartsWithSign(c.Condition, Or),
        Call { Target.Name: var op } call when OperatorSymbol(op, call.Args.Count) is { } userOperator
            => call.Args.Count == 1 || StartsWithSign(call.Args[0].Value, OperatorLevel(userOperator)),
        _ => false, // a name, a cast, a call: a letter or '('
    };

    /// <summary>Whether <paramref name="e"/> written where <paramref name="context"/> is needed starts with a sign: never when in parentheses.</summary>
    private static bool StartsWithSign(Expr e, int context) => Precedence(e) >= context && StartsWithSign(e);

    /// <summary><c>a &lt; a</c>, <c>a == a</c>, …: written without comparing a with itself (see <see cref="Unparenthesized"/>).</summary>
    private static bool IsSelfComparison(Binary b)
        => b is { Left: Var l, Right: Var r } && l.Name == r.Name && b.Op is BinaryOp.Less or BinaryOp.LessOrEqual or BinaryOp.Greater or BinaryOp.GreaterOrEqual or BinaryOp.Equal or BinaryOp.NotEqual;

    /// <summary><c>double.IsNaN(a)</c>.</summary>
    private static IndentedWriter IsNaN(this IndentedWriter w, Var a) => w.Append(a.Type.ToCSharp()).Append(".IsNaN(").Append(Identifier(a.Name)).Append(')');

    /// <summary>
    /// Whose function the call is written to: the type parameter's for a generic argument (<c>T.Sin</c>), <c>System.MathF</c>'s
    /// for a float argument where it has the function, else <c>System.Math</c>'s.
    /// </summary>
    private static string MathType(Intrinsic i)
    {
        foreach (var a in i.Args)
        {
            if (a.Type == IrType.Generic) return IrTypeExtensions.TypeParameter + ".";
            if (a.Type == IrType.Float) return MathRules.HasMathF(i.Name) ? "global::System.MathF." : "global::System.Math.";
        }
        return "global::System.Math.";
    }

    /// <summary>Whether a conversion is to or from a generic method's type parameter (written <c>T.CreateChecked(x)</c>, <c>double.CreateChecked(x)</c>).</summary>
    private static bool IsGenericConversion(Convert c) => c.Type == IrType.Generic || c.Operand.Type == IrType.Generic;

    /// <summary>The symbol of a user-defined operator method (<c>op_Multiply</c> → <c>*</c>), or null for another method.</summary>
    private static string? OperatorSymbol(string name, int arguments) => (name, arguments) switch
    {
        ("op_Addition", 2) => "+",
        ("op_Subtraction", 2) => "-",
        ("op_Multiply", 2) => "*",
        ("op_Division", 2) => "/",
        ("op_UnaryNegation", 1) => "-",
        ("op_UnaryPlus", 1) => "+",
        _ => null,
    };

    /// <summary>How tightly a user-defined binary operator binds: as the built-in one of its symbol.</summary>
    private static int OperatorLevel(string symbol) => symbol is "+" or "-" ? Additive : Multiplicative;

    private static (string Symbol, int Level) Operator(BinaryOp op) => op switch
    {
        BinaryOp.Add => ("+", Additive),
        BinaryOp.Subtract => ("-", Additive),
        BinaryOp.Multiply => ("*", Multiplicative),
        BinaryOp.Divide => ("/", Multiplicative),
        BinaryOp.Remainder => ("%", Multiplicative),
        BinaryOp.Less => ("<", Relational),
        BinaryOp.LessOrEqual => ("<=", Relational),
        BinaryOp.Greater => (">", Relational),
        BinaryOp.GreaterOrEqual => (">=", Relational),
        BinaryOp.Equal => ("==", Equality),
        BinaryOp.NotEqual => ("!=", Equality),
        BinaryOp.And => ("&&", And),
        _ => ("||", Or),
    };

    /// <summary>A C# literal that reads back as exactly the same value.</summary>
    public static string Literal(Const c)
    {
        var (text, suffix) = LiteralParts(c);
        return text + suffix;
    }

    /// <summary>A small whole number of <paramref name="type"/> where C# converts an int literal to it (<c>1</c>, <c>0</c>), or as <see cref="Literal"/> writes it for a type parameter, which has no such conversion (<c>T.One</c>).</summary>
    public static string Number(IrType type, int value)
        => type == IrType.Generic ? Literal(new Const(type, value)) : value.ToString(CultureInfo.InvariantCulture);

    private static readonly char[] PointOrExponent = { '.', 'E', 'e' };

    /// <summary>
    /// <see cref="Literal"/> in two parts to write one after the other: the formatted number (or a keyword, a named
    /// constant) and what follows it, "f" for a float, ".0" for a double that would otherwise read back as an int.
    /// </summary>
    private static (string Text, string Suffix) LiteralParts(Const c)
    {
        switch (c.Type)
        {
            case IrType.Matrix:
                return ("null", ""); // a zero adjoint or tangent
            case IrType.Bool:
                return (c.Value != 0 ? "true" : "false", "");
            case IrType.Int:
                return (((long)c.Value).ToString(CultureInfo.InvariantCulture), "");
            case IrType.Generic:
                return GenericLiteral(c.Value);
            case IrType.Float:
                var f = (float)c.Value;
                if (NonFinite(f, "float") is { } floatName) return (floatName, "");
                if (f == 0) return (IsNegativeZero(f) ? "-0" : "0", "f");
                var single = f.ToString("R", CultureInfo.InvariantCulture);
                // .NET Framework (where the compiler may run the generator) misses with "R" for a few values; nine
                // significant digits always read back as the same float.
                if (float.Parse(single, CultureInfo.InvariantCulture) != f) single = f.ToString("G9", CultureInfo.InvariantCulture);
                return (single, "f");
            default:
                var d = c.Value;
                if (NonFinite(d, "double") is { } doubleName) return (doubleName, "");
                if (d == 0) return (IsNegativeZero(d) ? "-0" : "0", ".0");
                var text = d.ToString("R", CultureInfo.InvariantCulture);
                // As for a float: seventeen significant digits always read back as the same double.
                if (double.Parse(text, CultureInfo.InvariantCulture) != d) text = d.ToString("G17", CultureInfo.InvariantCulture);
                return (text, text.IndexOfAny(PointOrExponent) < 0 ? ".0" : "");
        }
    }

    /// <summary>
    /// A constant of a generic method's type parameter: <c>T.Zero</c> and <c>T.One</c> (with a sign), or any other value
    /// converted from the double literal (<c>T.CreateChecked(0.5)</c>), which is how the source writes it too.
    /// </summary>
    private static (string Text, string Suffix) GenericLiteral(double value)
    {
        var sign = value < 0 || IsNegativeZero(value) ? "-" : "";
        var t = IrTypeExtensions.TypeParameter;
        if (value == 0) return (sign + t + ".Zero", "");
        if (System.Math.Abs(value) == 1) return (sign + t + ".One", "");
        var (text, suffix) = LiteralParts(new Const(IrType.Double, value));
        return (t + ".CreateChecked(" + text + suffix + ")", "");
    }

    /// <summary>The named constant for a value C# has no literal for (<c>double.NaN</c>, <c>float.PositiveInfinity</c>, …); null for a finite one.</summary>
    private static string? NonFinite(double value, string type)
        => double.IsNaN(value) ? type + ".NaN" : double.IsPositiveInfinity(value) ? type + ".PositiveInfinity" : double.IsNegativeInfinity(value) ? type + ".NegativeInfinity" : null;

    /// <summary>
    /// Whether a zero is -0, printed as such on every runtime (.NET Framework's formatter drops the sign, .NET Core's
    /// keeps it): it is a different value (1 / -0.0 is -∞).
    /// </summary>
    private static bool IsNegativeZero(double value) => value == 0 && System.BitConverter.DoubleToInt64Bits(value) < 0;

    /// <summary>Whether <see cref="Literal"/> of <paramref name="c"/> starts with '-' (so binds as a unary minus), mostly without formatting it.</summary>
    private static bool IsNegativeLiteral(Const c)
    {
        switch (c.Type)
        {
            case IrType.Int:
                return (long)c.Value < 0;
            case IrType.Generic:
                return GenericLiteral(c.Value).Text[0] == '-';
            case IrType.Float:
            case IrType.Double:
                // As the literal is printed: a float's value after rounding to float (-1e-50 becomes -0).
                double value = c.Type == IrType.Float ? (float)c.Value : c.Value;
                if (double.IsNaN(value) || double.IsInfinity(value)) return false; // double.NaN, float.NegativeInfinity, …
                return value < 0 || IsNegativeZero(value);
            default:
                return false; // null, true, false
        }
    }
}
