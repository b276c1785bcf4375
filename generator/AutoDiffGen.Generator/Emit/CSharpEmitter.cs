using System.Collections.Generic;
using System.Globalization;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Transforms;
using Microsoft.CodeAnalysis.CSharp;

namespace AutoDiffGen.Generator.Emit;

/// <summary>
/// Prints IR as C# straight into an <see cref="IndentedWriter"/>: minimal parentheses, culture-invariant round-trip
/// literals, global::-qualified names. This file prints names, parameters and statements; CSharpEmitter.Expressions.cs
/// prints expressions.
/// </summary>
internal static partial class CSharpEmitter
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
        // A local function (a struct member's adapter) is called by its name alone.
        if (call.Target.ContainingType.Length > 0) w.Append(call.Target.ContainingType).Append('.');
        w.Append(Identifier(call.Target.Name));
        if (call.Target.TypeArgument is { } typeArgument) w.Append('<').Append(typeArgument.ToCSharp()).Append('>');
        w.Append('(');
        // A derivative shared by a family of callees ([DifferentiateAs]) takes the callee's rule first.
        bool ruleFirst = call.Target is { Kind: CallKind.Derived, DerivativeArgument: { } rule } && w.Append(rule) is not null;
        for (int k = 0; k < call.Args.Count; k++)
        {
            var arg = call.Args[k];
            w.Append(k > 0 || ruleFirst ? ", " : "").Append(arg.Kind == ParamKind.Ref ? "ref " : arg.Kind == ParamKind.Out ? "out " : "");
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
        if (l.Vectorized is { } plan)
        {
            VectorizedLoop(w, l, plan);
            return;
        }
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
}
