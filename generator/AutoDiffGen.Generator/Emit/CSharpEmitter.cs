using System.Collections.Generic;
using System.Globalization;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Transforms;
using Microsoft.CodeAnalysis.CSharp;

namespace AutoDiffGen.Generator.Emit;

/// <summary>Prints IR as C# straight into an <see cref="IndentedWriter"/>: minimal parentheses, culture-invariant round-trip literals, global::-qualified names.</summary>
internal static class CSharpEmitter
{
    public static string Identifier(string name)
        => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    public static string Parameter(Param p) => Modifier(p) + TypeText(p) + " " + Identifier(p.Name);

    /// <summary>Writes the declaration of a parameter, as <see cref="Parameter(Param)"/>.</summary>
    /// <param name="w">Where to write.</param>
    /// <param name="p">The parameter.</param>
    /// <param name="nullable">Whether its (reference) type is annotated nullable: a matrix adjoint or tangent, null for zero.</param>
    public static IndentedWriter Parameter(this IndentedWriter w, Param p, bool nullable)
        => w.Append(Modifier(p)).Append(TypeText(p)).Append(nullable ? "? " : " ").Append(Identifier(p.Name));

    /// <summary>"ref ", "out " or nothing: a span or an array is passed as it is.</summary>
    private static string Modifier(Param p) => p.IsContainer ? "" : p.Kind == ParamKind.Ref ? "ref " : p.Kind == ParamKind.Out ? "out " : "";

    public static string TypeText(Param p) => p.Type == IrType.Data ? p.DataType! : p.Container switch
    {
        Container.ReadOnlySpan => "global::System.ReadOnlySpan<" + p.Type.ToCSharp() + ">",
        Container.Span => "global::System.Span<" + p.Type.ToCSharp() + ">",
        Container.Array => p.Type.ToCSharp() + "[]",
        _ => p.Type.ToCSharp(),
    };

    /// <summary>The local that holds the tape of values of <paramref name="type"/> (see <see cref="TapePush"/>).</summary>
    public static string TapeName(IrType type) => TapePrefix + type.ToCSharp();

    /// <summary>Writes <see cref="TapeName"/> of <paramref name="type"/>.</summary>
    private static IndentedWriter Tape(this IndentedWriter w, IrType type) => w.Append(TapePrefix).Append(type.ToCSharp());

    private const string TapePrefix = "tape_";

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
                w.Line($"// {c.Text}");
                continue;
            }
            // double t; double t_dot; t = F(…, out t_dot);  →  double t = F(…, out double t_dot);
            if (s is Declare { Init: null } && DeclarationsOfCall(statements, i) is > 0 and var count)
            {
                var declared = new Dictionary<string, IrType>();
                for (int k = i; k < i + count; k++) declared[((Declare)statements[k]).Name] = ((Declare)statements[k]).Type;
                InvokeStatement(w, (Invoke)statements[i + count], declared);
                i += count;
                continue;
            }
            Statement(w, s, i == statements.Count - 1);
        }
    }

    /// <summary>
    /// How many declarations without a value, from <paramref name="start"/> on, the call right after them assigns (its one
    /// target, or an out argument each), so that they can be declared where the call assigns them; 0 if not all of them.
    /// </summary>
    private static int DeclarationsOfCall(EquatableArray<Stmt> statements, int start)
    {
        int end = start;
        while (end < statements.Count && statements[end] is Declare { Init: null }) end++;
        if (end == statements.Count || statements[end] is not Invoke { Targets.Count: <= 1 } invoke)
        {
            return 0;
        }
        for (int k = start; k < end; k++)
        {
            var name = ((Declare)statements[k]).Name;
            var only = new HashSet<string> { name };
            // The call's one target, which no argument reads; or one out argument, which no other argument reads.
            int outs = 0, reads = 0;
            foreach (var arg in invoke.Call.Args)
            {
                if (arg.Kind == ParamKind.Out && arg.Value is Var v && v.Name == name) outs++;
                if (IrWalker.ReadsAny(arg.Value, only)) reads++;
            }
            bool target = invoke.Targets.Count == 1 && invoke.Targets[0] == name;
            if (target ? reads != 0 : outs != 1 || reads != 1) return 0;
        }
        return end - start;
    }

    private static readonly Dictionary<string, IrType> NoDeclarations = new();

    /// <summary>Writes a call statement; the targets and out arguments named in <paramref name="declared"/> are declared in it.</summary>
    private static void InvokeStatement(IndentedWriter w, Invoke invoke, Dictionary<string, IrType> declared)
    {
        w.StartLine();
        if (invoke.Targets.Count == 1)
        {
            if (declared.TryGetValue(invoke.Targets[0], out var type)) w.Append(type.ToCSharp()).Append(' ');
            w.Append(Identifier(invoke.Targets[0])).Append(" = ");
        }
        else if (invoke.Targets.Count > 1)
        {
            w.Append('(');
            for (int k = 0; k < invoke.Targets.Count; k++) w.Append(k > 0 ? ", " : "").Append(Identifier(invoke.Targets[k]));
            w.Append(") = ");
        }
        // A user-defined operator (w * x) has no out arguments: it is written as the operator.
        (OperatorSymbol(invoke.Call.Target.Name, invoke.Call.Args.Count) is null ? w.CallDeclaring(invoke.Call, declared) : w.Expression(invoke.Call)).Append(';').EndLine();
    }

    /// <summary>Writes a call whose out arguments named in <paramref name="declared"/> are declared in it (<c>out double t_dot</c>).</summary>
    private static IndentedWriter CallDeclaring(this IndentedWriter w, Call call, Dictionary<string, IrType> declared)
    {
        w.Append(call.Target.ContainingType).Append('.').Append(Identifier(call.Target.Name)).Append('(');
        for (int k = 0; k < call.Args.Count; k++)
        {
            var arg = call.Args[k];
            w.Append(k > 0 ? ", " : "").Append(arg.Kind == ParamKind.Ref ? "ref " : arg.Kind == ParamKind.Out ? "out " : "");
            if (arg.Kind == ParamKind.Out && arg.Value is Var v && declared.TryGetValue(v.Name, out var type)) w.Append(type.ToCSharp()).Append(' ');
            w.Expression(arg.Value);
        }
        return w.Append(')');
    }

    private static void Statement(IndentedWriter w, Stmt s, bool last)
    {
        switch (s)
        {
            case Declare { Init: NullRef } d:
                w.Line($"ref {d.Type.ToCSharp()} {Identifier(d.Name)} = ref global::System.Runtime.CompilerServices.Unsafe.NullRef<{d.Type.ToCSharp()}>();");
                break;
            case Declare d:
                w.StartLine().Append(d.Type.ToCSharp()).Append(' ').Append(Identifier(d.Name));
                if (d.Init is not null) w.Append(" = ").Expression(d.Init);
                w.Append(';').EndLine();
                break;
            case Assign { Value: Var same } a when same.Name == a.Name:
                break; // x = x: nothing to do (and C# warns about it)
            case Assign { Value: Binary { Op: BinaryOp.Add or BinaryOp.Subtract, Left: Var self } b } a when self.Name == a.Name:
                w.StartLine().Append(Identifier(a.Name)).Append(b.Op == BinaryOp.Add ? " += " : " -= ").Expression(b.Right).Append(';').EndLine();
                break;
            case Assign a:
                w.StartLine().Append(Identifier(a.Name)).Append(" = ").Expression(a.Value).Append(';').EndLine();
                break;
            case Invoke i:
                InvokeStatement(w, i, NoDeclarations);
                break;
            case If f:
                bool hasThen = f.Then.Statements.Count > 0;
                w.StartLine().Append("if (").Expression(hasThen ? f.Condition : Not(f.Condition)).Append(')').EndLine();
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
                w.StartLine().Append(Identifier(a.Array)).Append('[').Expression(a.Index).Append("] = ").Expression(a.Value).Append(';').EndLine();
                break;
            case AccumulateElement a:
                w.StartLine().Append(Identifier(a.Array)).Append('[').Expression(a.Index).Append("] += ").Expression(a.Value).Append(';').EndLine();
                break;
            case ClearSpan c:
                w.Line($"{Identifier(c.Array)}.Clear();");
                break;
            case Throw t:
                w.Line($"throw new global::System.NotSupportedException({Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(t.Message, quote: true)});");
                break;
            case DeclareArray d:
                var elementType = d.Type.ToCSharp();
                if (d.Stack) w.StartLine().Append("global::System.Span<").Append(elementType).Append("> ").Append(Identifier(d.Name)).Append(" = stackalloc ").Append(elementType).Append('[').Expression(d.Length).Append("];").EndLine();
                else SpanCode.Rent(w, elementType, BufferName(d.Name), Identifier(d.Name), ExpressionText(d.Length));
                // Zeroed as C# zeroes a new array (a pooled buffer holds old values; stackalloc under SkipLocalsInit, garbage).
                w.Line($"{Identifier(d.Name)}.Clear();");
                break;
            case SaveElement e:
                w.StartLine().Append(LogName(e.Array)).Append(".Save(").Append(Identifier(e.Array)).Append(", ").Expression(e.Index).Append(");").EndLine();
                break;
            case UndoWrites u:
                w.StartLine().Append(LogName(u.Array)).Append(".Undo(").Append(Identifier(u.Array)).Append(", ").Expression(u.Mark).Append(");").EndLine();
                break;
            case CopyElements c:
                // As a span: an array's own CopyTo takes an array.
                w.Line($"((global::System.Span<{c.Type.ToCSharp()}>){Identifier(c.Source)}).CopyTo({Identifier(c.Target)});");
                break;
            case TapePush t:
                w.StartLine().Tape(t.Value.Type).Append(".Push(").Expression(t.Value).Append(");").EndLine();
                break;
            case TapePop t:
                w.StartLine().Append(Identifier(t.Target)).Append(" = ").Tape(t.Type).Append(".Pop();").EndLine();
                break;
            case TapePushElements t:
                w.StartLine().Tape(t.Type).Append(".PushRange(").Append(Identifier(t.Array)).Append(");").EndLine();
                break;
            case TapePopElements t:
                w.StartLine().Tape(t.Type).Append(".PopRange(").Append(Identifier(t.Array)).Append(");").EndLine();
                break;
            case Return { Values.Count: 0 }:
                if (!last) w.Line("return;");
                break;
            case Return { Values.Count: 1 } r:
                w.StartLine().Append("return ").Expression(r.Values[0]).Append(';').EndLine();
                break;
            case Return r:
                w.StartLine().Append("return (").Expressions(r.Values).Append(");").EndLine();
                break;
        }
    }

    private static void LoopStatement(IndentedWriter w, Loop l)
    {
        var counter = Identifier(l.Counter);
        if (l.Descending)
        {
            w.StartLine().Append("for (int ").Append(counter).Append(" = ").Expression(Minus1(l.To!))
                .Append("; ").Append(counter).Append(" >= ").Expression(l.From, Relational + 1)
                .Append("; ").Append(counter).Append("--)").EndLine();
        }
        else
        {
            // The condition goes into the loop's header when nothing has to be computed for it first.
            var inline = l.Condition is not null && l.Head.Statements.Count == 0 ? l.Condition : null;
            var bound = l.To is null ? null : new Binary(BinaryOp.Less, new Var(l.Counter, IrType.Int), l.To, IrType.Bool);
            var test = bound is null ? inline : inline is null ? bound : new Binary(BinaryOp.And, bound, inline, IrType.Bool);
            if (l.To is null && l.From is Const && !ReadsCounter(l))
            {
                // Only counts iterations, and nothing reads the count: a while loop.
                w.StartLine().Append("while (");
                if (test is null) w.Append("true");
                else w.Expression(test);
                w.Append(')').EndLine();
            }
            else
            {
                w.StartLine().Append("for (int ").Append(counter).Append(" = ").Expression(l.From).Append("; ");
                if (test is not null) w.Expression(test);
                w.Append("; ").Append(counter).Append("++)").EndLine();
            }
        }
        w.Open();
        if (l.Condition is not null && l.Head.Statements.Count > 0)
        {
            Body(w, l.Head);
            w.StartLine().Append("if (").Expression(Not(l.Condition)).Append(") break;").EndLine();
            // The first block of the body stands apart from the condition, as blocks do from each other.
            if (l.Body.Statements.Count > 0 && l.Body.Statements[0] is Comment) w.Line();
        }
        Body(w, l.Body);
        w.Close();
    }

    /// <summary>Whether the loop's statements or its condition read or write its counter.</summary>
    private static bool ReadsCounter(Loop l)
    {
        var names = new HashSet<string>();
        IrWalker.CollectNames(new Block(l.Iteration.ToEquatableArray()), names);
        if (l.Condition is not null) IrWalker.Reads(l.Condition, names);
        return names.Contains(l.Counter);
    }

    private static Expr Minus1(Expr e) => e is Const c ? new Const(IrType.Int, c.Value - 1) : new Binary(BinaryOp.Subtract, e, new Const(IrType.Int, 1), IrType.Int);

    private static Expr Not(Expr e) => e switch
    {
        Unary { Op: UnaryOp.Not } u => u.Operand,
        Binary { Op: BinaryOp.Less } b => b with { Op = BinaryOp.GreaterOrEqual },
        _ => new Unary(UnaryOp.Not, e, IrType.Bool),
    };

    // ------------------------------------------------------------------ expressions
    //
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
                return w.Append(Identifier(v.Name));
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
            case Convert c:
                return w.Append('(').Append(c.Type.ToCSharp()).Append(')').Expression(c.Operand, Primary);
            case Intrinsic i:
                return w.Append(UsesMathF(i) ? "global::System.MathF." : "global::System.Math.").Append(i.Name).Append('(').Expressions(i.Args).Append(')');
            case ElementRead r:
                return w.Append(Identifier(r.Array.Name)).Append('[').Expression(r.Index).Append(']');
            case Length l:
                return w.Append(Identifier(l.Array.Name)).Append(".Length");
            case DataRead d:
                w.Append(Identifier(d.Data.Name));
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
        Convert => UnaryLevel,
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

    /// <summary>Whether the call is written to <c>System.MathF</c>: a function it has, of a float argument.</summary>
    private static bool UsesMathF(Intrinsic i)
    {
        foreach (var a in i.Args)
        {
            if (a.Type == IrType.Float) return MathRules.HasMathF(i.Name);
        }
        return false;
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
