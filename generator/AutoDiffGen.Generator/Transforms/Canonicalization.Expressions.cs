using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Transforms;
/// <summary>
/// The expressions of <see cref="Canonicalization"/>: each floating-point operation in a local of its own (A-normal form),
/// logic folded, short-circuit operators and active <c>?:</c> turned into branches.
/// </summary>
internal sealed partial class Canonicalization
{

    /// <summary>An atom (variable, constant, static read, member of a data parameter) with the value of <paramref name="e"/>.</summary>
    private Expr Atom(Expr e, List<Stmt> output)
    {
        var simple = Simple(e, output);
        return IsAtom(simple) ? simple : NewLocal("t" + temps++, simple, output);
    }

    /// <summary>Whether <paramref name="e"/> is an atom: a variable, a constant, or a value read as it is (a static read, a member of a data parameter).</summary>
    private static bool IsAtom(Expr e) => e is Var or Const or StaticRead or DataRead { Index: null };

    /// <summary>A new local holding <paramref name="value"/>, or the one that already holds it.</summary>
    private Var NewLocal(string preferredName, Expr value, List<Stmt> output)
    {
        if (computed.TryGetValue(value, out var existing)) return new Var(existing, value.Type);
        var name = names.Fresh(preferredName);
        Remember(value, name);
        types[name] = value.Type;
        defined.Add(name);
        Emit(name, value.Type, value, output);
        return new Var(name, value.Type);
    }

    /// <summary>One operation whose floating-point operands are atoms.</summary>
    private Expr Simple(Expr e, List<Stmt> output)
    {
        switch (e)
        {
            case Const or StaticRead or DataRead { Index: null }:
                return e;
            case Var v:
                return Value(v);
            case Unary u:
                return FoldLogic(u with { Operand = Operand(u.Operand, output) });
            case Binary { Op: BinaryOp.And or BinaryOp.Or } b when NeedsStatements(b.Right):
                return ShortCircuit(b, output);
            case Binary b:
                return FoldLogic(b with { Left = Operand(b.Left, output), Right = Operand(b.Right, output) });
            case Convert c:
                return c with { Operand = Operand(c.Operand, output) };
            case Intrinsic i:
                return i with { Args = i.Args.Select(a => Operand(a, output)).ToEquatableArray() };
            case ElementRead r:
                return r with { Array = Rename(r.Array), Index = Tree(r.Index, output) };
            case Length l:
                return l with { Array = Rename(l.Array) };
            case DataRead d:
                return d with { Index = Tree(d.Index!, output) };
            case Conditional c when c.Type.IsDifferentiable() || NeedsStatements(c.WhenTrue) || NeedsStatements(c.WhenFalse):
                return Select(c, output);
            case Conditional c:
                return c with { Condition = Tree(c.Condition, output), WhenTrue = Tree(c.WhenTrue, output), WhenFalse = Tree(c.WhenFalse, output) };
            case Call { Target.Structs: not null } or Element { Call.Target.Structs: not null }:
                return StructMemberCall(e, output);
            case Call call:
                var temp = names.Fresh("t" + temps++);
                types[temp] = call.Type;
                InvokeInto(EquatableArray.Of(temp), call, output);
                return new Var(current[temp]!, call.Type);
            case Element element:
                var elements = element.Call.Target.Returns.Select(r =>
                {
                    var name = names.Fresh("t" + temps++);
                    types[name] = r;
                    return name;
                }).ToEquatableArray();
                InvokeInto(elements, element.Call, output);
                return new Var(current[elements[element.Index]]!, element.Type);
            default:
                return e;
        }
    }

    /// <summary>
    /// A call of a struct member with registered derivatives (or one of its results): made once for the same arguments in a
    /// scope, however many of its results (a struct's leaves) the expression reads. Such a call computes from its values only.
    /// </summary>
    private Expr StructMemberCall(Expr e, List<Stmt> output)
    {
        var (call, index) = e is Element element ? (element.Call, element.Index) : ((Call)e, 0);
        var key = call with { Args = call.Args.Select(a => a with { Value = Atom(a.Value, output) }).ToEquatableArray() };
        var returns = key.Target.Returns;
        if (computed.TryGetValue(new Element(key, index, returns[index]), out var known)) return new Var(known, returns[index]);
        var results = returns.Select(r =>
        {
            var name = names.Fresh("t" + temps++);
            types[name] = r;
            return name;
        }).ToEquatableArray();
        InvokeInto(results, key, output);
        for (int k = 0; k < results.Count; k++) computed[new Element(key, k, returns[k])] = current[results[k]]!;
        return new Var(current[results[index]]!, returns[index]);
    }

    /// <summary>Floating-point operands become atoms; int and bool expressions stay trees (they are never differentiated).</summary>
    private Expr Operand(Expr e, List<Stmt> output) => e.Type.IsDifferentiable() ? Atom(e, output) : Tree(e, output);

    private Expr Tree(Expr e, List<Stmt> output) => e switch
    {
        Var v => Value(v),
        Const or StaticRead or DataRead { Index: null } => e,
        Unary u => FoldLogic(u with { Operand = Operand(u.Operand, output) }),
        Binary { Op: BinaryOp.And or BinaryOp.Or } b when NeedsStatements(b.Right) => ShortCircuit(b, output),
        Binary b => FoldLogic(b with { Left = Operand(b.Left, output), Right = Operand(b.Right, output) }),
        Convert c => c with { Operand = Operand(c.Operand, output) },
        Intrinsic i => i with { Args = i.Args.Select(a => Operand(a, output)).ToEquatableArray() },
        Length l => l with { Array = Rename(l.Array) },
        Conditional c when !c.Type.IsDifferentiable() && !NeedsStatements(c.WhenTrue) && !NeedsStatements(c.WhenFalse)
            => c with { Condition = Tree(c.Condition, output), WhenTrue = Tree(c.WhenTrue, output), WhenFalse = Tree(c.WhenFalse, output) },
        _ => Atom(e, output),
    };

    /// <summary>Operations with a known operand folded: <c>0 + b</c>, <c>!true</c>, <c>false || b</c> (flags known to be down), ….</summary>
    private Expr FoldLogic(Expr e) => e switch
    {
        // Arithmetic with a constant operand (an adjoint that starts at 0): 0 + b is b.
        Binary { Op: BinaryOp.Add or BinaryOp.Subtract or BinaryOp.Multiply or BinaryOp.Divide or BinaryOp.ZeroSafeMultiply or BinaryOp.ZeroSafeDivide } b when b.Left is Const || b.Right is Const => exact ? IrBuilder.RefoldExact(b) : IrBuilder.Refold(b),
        Unary { Op: UnaryOp.Negate, Operand: Const } u => IrBuilder.Refold(u),
        Unary { Op: UnaryOp.Not, Operand: Const c } => new Const(IrType.Bool, c.Value != 0 ? 0 : 1),
        Binary { Op: BinaryOp.Or, Left: Const c } b => c.Value != 0 ? c : b.Right,
        Binary { Op: BinaryOp.Or, Right: Const c } b => c.Value != 0 ? c : b.Left,
        Binary { Op: BinaryOp.And, Left: Const c } b => c.Value != 0 ? b.Right : c,
        Binary { Op: BinaryOp.And, Right: Const c } b => c.Value != 0 ? b.Left : c,
        _ => e,
    };

    /// <summary>
    /// Whether canonicalizing <paramref name="e"/> puts statements before it (a floating-point operation gets a
    /// local, a call an invocation): such an operand of <c>&amp;&amp;</c>, <c>||</c> or <c>?:</c> must not be
    /// evaluated when C# would not evaluate it (<c>i &lt; n &amp;&amp; x[i] &gt; 0</c>).
    /// </summary>
    private static bool NeedsStatements(Expr e) => e switch
    {
        Var or Const or StaticRead or Length or DataRead { Index: null } => false,
        Call or Element or ElementRead or DataRead => true,
        _ when e.Type.IsDifferentiable() => true,
        Unary u => NeedsStatements(u.Operand),
        Binary b => NeedsStatements(b.Left) || NeedsStatements(b.Right),
        Convert c => NeedsStatements(c.Operand),
        Intrinsic i => i.Args.Any(NeedsStatements),
        Conditional c => NeedsStatements(c.Condition) || NeedsStatements(c.WhenTrue) || NeedsStatements(c.WhenFalse),
        _ => true,
    };

    /// <summary>
    /// <c>a &amp;&amp; b</c> whose <c>b</c> needs statements: <c>bool c = a; if (c) { …; c = b; }</c> (and
    /// <c>if (!c)</c> for <c>||</c>), so that <c>b</c> is computed only when C# computes it.
    /// </summary>
    private Expr ShortCircuit(Binary b, List<Stmt> output)
    {
        var name = names.Fresh("cond" + conditions++);
        types[name] = IrType.Bool;
        defined.Add(name);
        Emit(name, IrType.Bool, Tree(b.Left, output), output);
        current[name] = name;
        var flag = new Var(name, IrType.Bool);
        var test = b.Op == BinaryOp.And ? (Expr)flag : new Unary(UnaryOp.Not, flag, IrType.Bool);
        ProcessIf(new If(test, new Block(EquatableArray.Of<Stmt>(new Assign(name, b.Right))), Block.Empty), output);
        return ValueOf(current[name]!, IrType.Bool);
    }

    /// <summary><c>c ? a : b</c> with a floating result: an if/else that assigns a merged local.</summary>
    private Expr Select(Conditional c, List<Stmt> output)
    {
        var name = names.Fresh("t" + temps++);
        types[name] = c.Type;
        defined.Add(name);
        current[name] = null;
        var ifStatement = new If(c.Condition,
            new Block(EquatableArray.Of<Stmt>(new Assign(name, c.WhenTrue))),
            new Block(EquatableArray.Of<Stmt>(new Assign(name, c.WhenFalse))))
        {
            Kink = c.Kink,
        };
        // Declared (zeroed) before the if so that the merge below has a version to start from.
        Emit(name, c.Type, Zero(c.Type), output);
        current[name] = name;
        ProcessIf(ifStatement, output);
        return ValueOf(current[name]!, c.Type);
    }
}
