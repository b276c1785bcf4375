using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Transforms;
using Microsoft.CodeAnalysis.CSharp;

namespace AutoDiffGen.Generator.Emit;

/// <summary>Prints IR as C#: minimal parentheses, culture-invariant round-trip literals, global::-qualified names.</summary>
internal static class CSharpEmitter
{
    public static string Identifier(string name)
        => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    public static string Parameter(Param p) => Parameter(p, nullable: false);

    /// <param name="p">The parameter.</param>
    /// <param name="nullable">Whether its (reference) type is annotated nullable: a matrix adjoint or tangent, null for zero.</param>
    public static string Parameter(Param p, bool nullable)
        => (p.IsContainer ? "" : p.Kind == ParamKind.Ref ? "ref " : p.Kind == ParamKind.Out ? "out " : "") + TypeText(p) + (nullable ? "?" : "") + " " + Identifier(p.Name);

    public static string TypeText(Param p) => p.Container switch
    {
        Container.ReadOnlySpan => "global::System.ReadOnlySpan<" + p.Type.ToCSharp() + ">",
        Container.Span => "global::System.Span<" + p.Type.ToCSharp() + ">",
        Container.Array => p.Type.ToCSharp() + "[]",
        _ => p.Type.ToCSharp(),
    };

    /// <summary>The local that holds the tape of values of <paramref name="type"/> (see <see cref="TapePush"/>).</summary>
    public static string TapeName(IrType type) => "tape_" + type.ToCSharp();

    /// <summary>The local that holds the undo log of an array (see <see cref="SaveElement"/>).</summary>
    public static string LogName(string array) => Identifier(array) + "_log";

    /// <summary>The pooled array behind a local span (see <see cref="DeclareArray"/>), returned to the pool at the end.</summary>
    public static string BufferName(string span) => Identifier(span) + "_buffer";

    public static string ReturnType(Function f) => DerivativeShapes.ReturnTypeText(f.Returns);

    /// <summary>Writes the statements of a body.</summary>
    public static void Body(IndentedWriter w, Block block)
    {
        var statements = block.Statements;
        for (int i = 0; i < statements.Count; i++)
        {
            var s = statements[i];
            if (s is Comment c)
            {
                if (i > 0) w.Line();
                w.Line("// " + c.Text);
                continue;
            }
            // double t; t = F(…);  →  double t = F(…);
            if (s is Declare { Init: null } d && i + 1 < statements.Count && statements[i + 1] is Invoke { Targets.Count: 1 } next && next.Targets[0] == d.Name)
            {
                w.Line($"{d.Type.ToCSharp()} {Identifier(d.Name)} = {Expression(next.Call)};");
                i++;
                continue;
            }
            Statement(w, s, i == statements.Count - 1);
        }
    }

    private static void Statement(IndentedWriter w, Stmt s, bool last)
    {
        switch (s)
        {
            case Declare { Init: NullRef } d:
                w.Line($"ref {d.Type.ToCSharp()} {Identifier(d.Name)} = ref global::System.Runtime.CompilerServices.Unsafe.NullRef<{d.Type.ToCSharp()}>();");
                break;
            case Declare d:
                w.Line(d.Init is null ? $"{d.Type.ToCSharp()} {Identifier(d.Name)};" : $"{d.Type.ToCSharp()} {Identifier(d.Name)} = {Expression(d.Init)};");
                break;
            case Assign { Value: Var same } a when same.Name == a.Name:
                break; // x = x: nothing to do (and C# warns about it)
            case Assign { Value: Binary { Op: BinaryOp.Add or BinaryOp.Subtract, Left: Var self } b } a when self.Name == a.Name:
                w.Line($"{Identifier(a.Name)} {(b.Op == BinaryOp.Add ? "+=" : "-=")} {Expression(b.Right)};");
                break;
            case Assign a:
                w.Line($"{Identifier(a.Name)} = {Expression(a.Value)};");
                break;
            case Invoke i:
                var call = Expression(i.Call);
                w.Line(i.Targets.Count switch
                {
                    0 => call + ";",
                    1 => $"{Identifier(i.Targets[0])} = {call};",
                    _ => $"({string.Join(", ", i.Targets.Select(Identifier))}) = {call};",
                });
                break;
            case If f:
                bool hasThen = f.Then.Statements.Count > 0;
                w.Line(hasThen ? $"if ({Expression(f.Condition)})" : $"if ({Expression(Not(f.Condition))})");
                w.Open();
                Body(w, hasThen ? f.Then : f.Else);
                w.Close();
                if (hasThen && f.Else.Statements.Count > 0)
                {
                    w.Line("else");
                    w.Open();
                    Body(w, f.Else);
                    w.Close();
                }
                break;
            case Loop l:
                LoopStatement(w, l);
                break;
            case StoreElement a:
                w.Line($"{Identifier(a.Array)}[{Expression(a.Index)}] = {Expression(a.Value)};");
                break;
            case AccumulateElement a:
                w.Line($"{Identifier(a.Array)}[{Expression(a.Index)}] += {Expression(a.Value)};");
                break;
            case ClearSpan c:
                w.Line($"{Identifier(c.Array)}.Clear();");
                break;
            case Throw t:
                w.Line($"throw new global::System.NotSupportedException({Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(t.Message, quote: true)});");
                break;
            case DeclareArray d:
                var elementType = d.Type.ToCSharp();
                if (d.Stack) w.Line($"global::System.Span<{elementType}> {Identifier(d.Name)} = stackalloc {elementType}[{Expression(d.Length)}];");
                else SpanCode.Rent(w, elementType, BufferName(d.Name), Identifier(d.Name), Expression(d.Length));
                // Zeroed as C# zeroes a new array (a pooled buffer holds old values; stackalloc under SkipLocalsInit, garbage).
                w.Line($"{Identifier(d.Name)}.Clear();");
                break;
            case SaveElement e:
                w.Line($"{LogName(e.Array)}.Save({Identifier(e.Array)}, {Expression(e.Index)});");
                break;
            case UndoWrites u:
                w.Line($"{LogName(u.Array)}.Undo({Identifier(u.Array)}, {Expression(u.Mark)});");
                break;
            case CopyElements c:
                // As a span: an array's own CopyTo takes an array.
                w.Line($"((global::System.Span<{c.Type.ToCSharp()}>){Identifier(c.Source)}).CopyTo({Identifier(c.Target)});");
                break;
            case TapePush t:
                w.Line($"{TapeName(t.Value.Type)}.Push({Expression(t.Value)});");
                break;
            case TapePop t:
                w.Line($"{Identifier(t.Target)} = {TapeName(t.Type)}.Pop();");
                break;
            case TapePushElements t:
                w.Line($"{TapeName(t.Type)}.PushRange({Identifier(t.Array)});");
                break;
            case TapePopElements t:
                w.Line($"{TapeName(t.Type)}.PopRange({Identifier(t.Array)});");
                break;
            case Return r:
                if (r.Values.Count == 0)
                {
                    if (!last) w.Line("return;");
                }
                else
                {
                    w.Line(r.Values.Count == 1 ? $"return {Expression(r.Values[0])};" : $"return ({string.Join(", ", r.Values.Select(v => Expression(v)))});");
                }
                break;
        }
    }

    private static void LoopStatement(IndentedWriter w, Loop l)
    {
        var counter = Identifier(l.Counter);
        if (l.Descending)
        {
            w.Line($"for (int {counter} = {Expression(Minus1(l.To!))}; {counter} >= {Expression(l.From, Relational + 1)}; {counter}--)");
        }
        else
        {
            // The condition goes into the loop's header when nothing has to be computed for it first.
            var inline = l.Condition is not null && l.Head.Statements.Count == 0 ? l.Condition : null;
            var bound = l.To is null ? null : new Binary(BinaryOp.Less, new Var(l.Counter, IrType.Int), l.To, IrType.Bool);
            var test = bound is null ? inline : inline is null ? bound : new Binary(BinaryOp.And, bound, inline, IrType.Bool);
            var names = new HashSet<string>();
            IrWalker.CollectNames(new Block(l.Iteration.ToEquatableArray()), names);
            if (l.Condition is not null) IrWalker.Reads(l.Condition, names);
            if (l.To is null && !names.Contains(l.Counter) && l.From is Const)
            {
                // Only counts iterations, and nothing reads the count: a while loop.
                w.Line($"while ({(test is null ? "true" : Expression(test))})");
            }
            else
            {
                w.Line($"for (int {counter} = {Expression(l.From)}; {(test is null ? "" : Expression(test))}; {counter}++)");
            }
        }
        w.Open();
        if (l.Condition is not null && l.Head.Statements.Count > 0)
        {
            Body(w, l.Head);
            w.Line($"if ({Expression(Not(l.Condition))}) break;");
            // The first block of the body stands apart from the condition, as blocks do from each other.
            if (l.Body.Statements.Count > 0 && l.Body.Statements[0] is Comment) w.Line();
        }
        Body(w, l.Body);
        w.Close();
    }

    private static Expr Minus1(Expr e) => e is Const c ? new Const(IrType.Int, c.Value - 1) : new Binary(BinaryOp.Subtract, e, new Const(IrType.Int, 1), IrType.Int);

    private static Expr Not(Expr e) => e switch
    {
        Unary { Op: UnaryOp.Not } u => u.Operand,
        Binary { Op: BinaryOp.Less } b => b with { Op = BinaryOp.GreaterOrEqual },
        _ => new Unary(UnaryOp.Not, e, IrType.Bool),
    };

    // ------------------------------------------------------------------ expressions

    private const int Conditional = 1, Or = 2, And = 3, Equality = 4, Relational = 5, Additive = 6, Multiplicative = 7, UnaryLevel = 8, Primary = 9;

    public static string Expression(Expr e, int context = 0)
    {
        var (text, precedence) = Print(e);
        return precedence < context ? "(" + text + ")" : text;
    }

    private static (string Text, int Precedence) Print(Expr e)
    {
        switch (e)
        {
            case Binary { Left: Var l, Right: Var r } same when l.Name == r.Name && same.Op is BinaryOp.Less or BinaryOp.LessOrEqual or BinaryOp.Greater or BinaryOp.GreaterOrEqual or BinaryOp.Equal or BinaryOp.NotEqual:
                // a >= a (from a Max whose arguments are the same value): C# warns about comparing a variable with
                // itself. The same meaning, NaN included: true unless a is NaN for >=, <=, ==; false for <, >.
                var isNaN = l.Type.IsFloating() ? $"{l.Type.ToCSharp()}.IsNaN({Identifier(l.Name)})" : "false";
                return same.Op switch
                {
                    BinaryOp.Less or BinaryOp.Greater => ("false", Primary),
                    BinaryOp.NotEqual => (isNaN, Primary),
                    _ => l.Type.IsFloating() ? ("!" + isNaN, UnaryLevel) : ("true", Primary),
                };
            case Const c:
                var literal = Literal(c);
                return (literal, literal.StartsWith("-", System.StringComparison.Ordinal) ? UnaryLevel : Primary);
            case Var v:
                return (Identifier(v.Name), Primary);
            case StaticRead s:
                return (s.Expression, Primary);
            case Unary u:
                var operand = Expression(u.Operand, UnaryLevel);
                if (operand.StartsWith("-", System.StringComparison.Ordinal) || operand.StartsWith("+", System.StringComparison.Ordinal)) operand = "(" + operand + ")";
                return ((u.Op == UnaryOp.Negate ? "-" : "!") + operand, UnaryLevel);
            case Binary b:
                var (symbol, level) = Operator(b.Op);
                return (Expression(b.Left, level) + " " + symbol + " " + Expression(b.Right, level + 1), level);
            case Ir.Conditional c:
                return (Expression(c.Condition, Or) + " ? " + Expression(c.WhenTrue, Or) + " : " + Expression(c.WhenFalse, Conditional), Conditional);
            case Convert c:
                return ("(" + c.Type.ToCSharp() + ")" + Expression(c.Operand, Primary), UnaryLevel);
            case Intrinsic i:
                bool useMathF = i.Args.Any(a => a.Type == IrType.Float) && MathRules.HasMathF(i.Name);
                return ((useMathF ? "global::System.MathF." : "global::System.Math.") + i.Name + "(" + string.Join(", ", i.Args.Select(a => Expression(a))) + ")", Primary);
            case ElementRead r:
                return (Identifier(r.Array.Name) + "[" + Expression(r.Index) + "]", Primary);
            case Length l:
                return (Identifier(l.Array.Name) + ".Length", Primary);
            case LogMark m:
                return (LogName(m.Array) + ".Count", Primary);
            case Call { Target.Name: var op } call when OperatorSymbol(op, call.Args.Count) is { } userOperator:
                // A user-defined operator (lowered as a call to op_Multiply, …): C# only lets it be written as the operator.
                if (call.Args.Count == 1) return (userOperator + Expression(call.Args[0].Value, UnaryLevel), UnaryLevel);
                int operatorLevel = userOperator is "+" or "-" ? Additive : Multiplicative;
                return (Expression(call.Args[0].Value, operatorLevel) + " " + userOperator + " " + Expression(call.Args[1].Value, operatorLevel + 1), operatorLevel);
            case Call call:
                var args = call.Args.Select(a => (a.Kind == ParamKind.Ref ? "ref " : a.Kind == ParamKind.Out ? "out " : "") + Expression(a.Value));
                return (call.Target.ContainingType + "." + Identifier(call.Target.Name) + "(" + string.Join(", ", args) + ")", Primary);
            default:
                return ("default", Primary);
        }
    }

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

    private static (string, int) Operator(BinaryOp op) => op switch
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
        switch (c.Type)
        {
            case IrType.Matrix:
                return "null"; // a zero adjoint or tangent
            case IrType.Bool:
                return c.Value != 0 ? "true" : "false";
            case IrType.Int:
                return ((long)c.Value).ToString(CultureInfo.InvariantCulture);
            case IrType.Float:
                var f = (float)c.Value;
                if (float.IsNaN(f)) return "float.NaN";
                if (float.IsPositiveInfinity(f)) return "float.PositiveInfinity";
                if (float.IsNegativeInfinity(f)) return "float.NegativeInfinity";
                return f.ToString("R", CultureInfo.InvariantCulture) + "f";
            default:
                var d = c.Value;
                if (double.IsNaN(d)) return "double.NaN";
                if (double.IsPositiveInfinity(d)) return "double.PositiveInfinity";
                if (double.IsNegativeInfinity(d)) return "double.NegativeInfinity";
                var text = d.ToString("R", CultureInfo.InvariantCulture);
                return text.IndexOfAny(new[] { '.', 'E', 'e' }) < 0 ? text + ".0" : text;
        }
    }
}
