using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;

namespace AutoDiffGen.Generator.Ir;

/// <summary>Generic traversals of the IR: the names read by an expression, rewriting expressions in a block.</summary>
internal static class IrWalker
{
    /// <summary>Adds the names of the variables an expression reads.</summary>
    public static void Reads(Expr expr, HashSet<string> into)
    {
        var adder = new Adder(into);
        AnyRead(expr, ref adder);
    }

    public static HashSet<string> Reads(Expr expr)
    {
        var set = new HashSet<string>();
        Reads(expr, set);
        return set;
    }

    /// <summary>
    /// Whether <paramref name="expr"/> reads a name in <paramref name="names"/>: costs the size of the expression, not of the
    /// set (<c>HashSet.Overlaps</c> walks its argument, which made activity analysis quadratic in a method's length).
    /// </summary>
    public static bool ReadsAny(Expr expr, HashSet<string> names)
    {
        var finder = new Finder(names);
        return AnyRead(expr, ref finder);
    }

    /// <summary>What <see cref="AnyRead"/> and <see cref="AnyName"/> do with each name: a struct, so the walk is specialised for it (no delegate).</summary>
    internal interface INameVisitor
    {
        /// <summary>Visits a name; true stops the walk.</summary>
        bool Visit(string name);
    }

    private readonly struct Adder(HashSet<string> into) : INameVisitor
    {
        public bool Visit(string name)
        {
            into.Add(name);
            return false;
        }
    }

    private readonly struct Finder(HashSet<string> names) : INameVisitor
    {
        public bool Visit(string name) => names.Contains(name);
    }

    /// <summary>Visits the names <paramref name="expr"/> reads, left to right, until the visitor stops; returns whether it did.</summary>
    private static bool AnyRead<TVisitor>(Expr expr, ref TVisitor visitor)
        where TVisitor : struct, INameVisitor
    {
        switch (expr)
        {
            case Var v: return visitor.Visit(v.Name);
            case Const: return false; // as common as a variable: answered before the other cases are tried
            case Unary u: return AnyRead(u.Operand, ref visitor);
            case Binary b: return AnyRead(b.Left, ref visitor) || AnyRead(b.Right, ref visitor);
            case Conditional c: return AnyRead(c.Condition, ref visitor) || AnyRead(c.WhenTrue, ref visitor) || AnyRead(c.WhenFalse, ref visitor);
            case Convert c: return AnyRead(c.Operand, ref visitor);
            case Intrinsic i:
                foreach (var a in i.Args) if (AnyRead(a, ref visitor)) return true;
                return false;
            case Call c:
                foreach (var a in c.Args) if (AnyRead(a.Value, ref visitor)) return true;
                return false;
            case Element e: return AnyRead(e.Call, ref visitor);
            case ElementRead r: return visitor.Visit(r.Array.Name) || AnyRead(r.Index, ref visitor);
            case Length l: return visitor.Visit(l.Array.Name);
            case Slice s: return visitor.Visit(s.Array.Name) || AnyRead(s.Start, ref visitor) || AnyRead(s.Length, ref visitor);
            case DataRead d: return visitor.Visit(d.Data.Name) || (d.Index is not null && AnyRead(d.Index, ref visitor));
            case LogMark m: return visitor.Visit(m.Array);
            default: return false;
        }
    }

    /// <summary>Every name declared, assigned or read in a block.</summary>
    public static void CollectNames(Block block, HashSet<string> into)
    {
        foreach (var s in block.Statements) CollectNames(s, into);
    }

    /// <summary>Every name a statement (and the blocks nested in it) declares, assigns or reads.</summary>
    public static void CollectNames(Stmt s, HashSet<string> into)
    {
        var adder = new Adder(into);
        AnyName(s, ref adder);
    }

    /// <summary>The names in <paramref name="only"/> that a statement (and the blocks nested in it) declares, assigns or reads.</summary>
    public static void CollectNames(Stmt s, HashSet<string> into, HashSet<string> only)
    {
        var adder = new FilteredAdder(into, only);
        AnyName(s, ref adder);
    }

    private readonly struct FilteredAdder(HashSet<string> into, HashSet<string> only) : INameVisitor
    {
        public bool Visit(string name)
        {
            if (only.Contains(name)) into.Add(name);
            return false;
        }
    }

    /// <summary>Whether a statement (or a block nested in it) declares, assigns or reads <paramref name="name"/>.</summary>
    public static bool Mentions(Stmt s, string name)
    {
        var finder = new NameFinder(name);
        return AnyName(s, ref finder);
    }

    private readonly struct NameFinder(string name) : INameVisitor
    {
        public bool Visit(string candidate) => candidate == name;
    }

    /// <summary>Whether a statement (or a block nested in it) declares, assigns or reads a key of <paramref name="names"/>.</summary>
    public static bool MentionsAny<TValue>(Stmt s, Dictionary<string, TValue> names)
    {
        var finder = new KeyFinder<TValue>(names);
        return AnyName(s, ref finder);
    }

    private readonly struct KeyFinder<TValue>(Dictionary<string, TValue> names) : INameVisitor
    {
        public bool Visit(string name) => names.ContainsKey(name);
    }

    /// <summary>
    /// Visits every name a statement (and the blocks nested in it) declares, assigns or reads, until the visitor stops;
    /// returns whether it did. A name may be visited more than once.
    /// </summary>
    public static bool AnyName<TVisitor>(Stmt s, ref TVisitor visitor)
        where TVisitor : struct, INameVisitor
    {
        switch (s)
        {
            case Declare d: return visitor.Visit(d.Name) || (d.Init is not null && AnyRead(d.Init, ref visitor));
            case Assign a: return visitor.Visit(a.Name) || AnyRead(a.Value, ref visitor);
            case Invoke i:
                foreach (var t in i.Targets) if (visitor.Visit(t)) return true;
                return AnyRead(i.Call, ref visitor);
            case If f: return AnyRead(f.Condition, ref visitor) || AnyName(f.Then, ref visitor) || AnyName(f.Else, ref visitor);
            case Return r:
                foreach (var v in r.Values) if (AnyRead(v, ref visitor)) return true;
                return false;
            case Loop l:
                return visitor.Visit(l.Counter) || AnyRead(l.From, ref visitor) || (l.To is not null && AnyRead(l.To, ref visitor))
                    || AnyName(l.Head, ref visitor) || (l.Condition is not null && AnyRead(l.Condition, ref visitor)) || AnyName(l.Body, ref visitor)
                    || AnyName(l.Step, ref visitor);
            case NestedBlock n: return AnyName(n.Body, ref visitor);
            case ElementWrite a: return visitor.Visit(a.Array) || AnyRead(a.Index, ref visitor) || AnyRead(a.Value, ref visitor);
            case ClearSpan c: return visitor.Visit(c.Array);
            case DeclareArray d: return visitor.Visit(d.Name) || AnyRead(d.Length, ref visitor);
            case SaveElement e: return visitor.Visit(e.Array) || AnyRead(e.Index, ref visitor);
            case UndoWrites u: return visitor.Visit(u.Array) || AnyRead(u.Mark, ref visitor);
            case CopyElements c: return visitor.Visit(c.Source) || visitor.Visit(c.Target);
            case TapePushElements t: return visitor.Visit(t.Array);
            case TapePopElements t: return visitor.Visit(t.Array);
            case TapePush t: return AnyRead(t.Value, ref visitor);
            case TapePop t: return visitor.Visit(t.Target);
            default: return false;
        }
    }

    private static bool AnyName<TVisitor>(Block block, ref TVisitor visitor)
        where TVisitor : struct, INameVisitor
    {
        foreach (var s in block.Statements) if (AnyName(s, ref visitor)) return true;
        return false;
    }

    /// <summary>Visits every sub-expression of <paramref name="expr"/>, operands first, left to right: the nodes themselves, not copies.</summary>
    public static void Visit(Expr expr, Action<Expr> visit)
    {
        switch (expr)
        {
            case Unary u: Visit(u.Operand, visit); break;
            case Binary b: Visit(b.Left, visit); Visit(b.Right, visit); break;
            case Conditional c: Visit(c.Condition, visit); Visit(c.WhenTrue, visit); Visit(c.WhenFalse, visit); break;
            case Convert c: Visit(c.Operand, visit); break;
            case Intrinsic i: foreach (var a in i.Args) Visit(a, visit); break;
            case Call c: foreach (var a in c.Args) Visit(a.Value, visit); break;
            case Element e: Visit(e.Call, visit); break;
            case ElementRead r: Visit(r.Index, visit); break;
            case Slice s: Visit(s.Start, visit); Visit(s.Length, visit); break;
            case DataRead { Index: { } index }: Visit(index, visit); break;
        }
        visit(expr);
    }

    /// <summary>Rewrites an expression bottom-up with <paramref name="rewrite"/>.</summary>
    public static Expr Map(Expr expr, Func<Expr, Expr> rewrite)
    {
        Expr mapped = expr switch
        {
            Unary u => u with { Operand = Map(u.Operand, rewrite) },
            Binary b => b with { Left = Map(b.Left, rewrite), Right = Map(b.Right, rewrite) },
            Conditional c => c with { Condition = Map(c.Condition, rewrite), WhenTrue = Map(c.WhenTrue, rewrite), WhenFalse = Map(c.WhenFalse, rewrite) },
            Convert c => c with { Operand = Map(c.Operand, rewrite) },
            Intrinsic i => i with { Args = i.Args.Select(a => Map(a, rewrite)).ToEquatableArray() },
            Call c => c with { Args = c.Args.Select(a => a with { Value = Map(a.Value, rewrite) }).ToEquatableArray() },
            Element e => Map(e.Call, rewrite) is Call call ? e with { Call = call } : e,
            ElementRead r => r with { Index = Map(r.Index, rewrite) },
            Slice s => s with { Start = Map(s.Start, rewrite), Length = Map(s.Length, rewrite) },
            DataRead { Index: not null } d => d with { Index = Map(d.Index, rewrite) },
            _ => expr,
        };
        return rewrite(mapped);
    }

    /// <summary>Rewrites every expression in a block (not the names assigned).</summary>
    public static Block MapExpressions(Block block, Func<Expr, Expr> rewrite)
        => new(block.Statements.Select(s => MapExpressions(s, rewrite)).ToEquatableArray());

    private static Stmt MapExpressions(Stmt stmt, Func<Expr, Expr> rewrite) => stmt switch
    {
        Declare d => d.Init is null ? d : d with { Init = Map(d.Init, rewrite) },
        Assign a => a with { Value = Map(a.Value, rewrite) },
        Invoke i => i with { Call = (Call)Map(i.Call, rewrite) },
        If f => f with { Condition = Map(f.Condition, rewrite), Then = MapExpressions(f.Then, rewrite), Else = MapExpressions(f.Else, rewrite) },
        Return r => r with { Values = r.Values.Select(v => Map(v, rewrite)).ToEquatableArray() },
        Loop l => l with
        {
            From = Map(l.From, rewrite),
            To = l.To is null ? null : Map(l.To, rewrite),
            Head = MapExpressions(l.Head, rewrite),
            Condition = l.Condition is null ? null : Map(l.Condition, rewrite),
            Body = MapExpressions(l.Body, rewrite),
            Step = MapExpressions(l.Step, rewrite),
        },
        NestedBlock n => n with { Body = MapExpressions(n.Body, rewrite) },
        ElementWrite a => a with { Index = Map(a.Index, rewrite), Value = Map(a.Value, rewrite) },
        TapePush t => t with { Value = Map(t.Value, rewrite) },
        DeclareArray d => d with { Length = Map(d.Length, rewrite) },
        SaveElement e => e with { Index = Map(e.Index, rewrite) },
        UndoWrites u => u with { Mark = Map(u.Mark, rewrite) },
        _ => stmt,
    };

    /// <summary>Whether a statement's own expressions (not those of the blocks nested in it) hold one matching <paramref name="predicate"/>.</summary>
    public static bool Evaluates(Stmt s, Func<Expr, bool> predicate)
    {
        bool found = false;
        void Look(Expr? e)
        {
            if (e is null || found) return;
            Visit(e, x => found |= predicate(x));
        }
        switch (s)
        {
            case Declare d: Look(d.Init); break;
            case Assign a: Look(a.Value); break;
            case Invoke i: Look(i.Call); break;
            case If f: Look(f.Condition); break;
            case Return r: foreach (var v in r.Values) Look(v); break;
            case Loop l: Look(l.From); Look(l.To); Look(l.Condition); break;
            case ElementWrite w: Look(w.Index); Look(w.Value); break;
            case DeclareArray d: Look(d.Length); break;
        }
        return found;
    }

    /// <summary>The keys of the [Differentiable] methods a function calls (whose bodies it may inline), in the order its body calls them first.</summary>
    public static EquatableArray<string> CalleeKeys(Function function)
    {
        var keys = new List<string>();
        foreach (var s in All(function.Body))
        {
            Evaluates(s, e =>
            {
                if (e is Call { Target.Kind: CallKind.Differentiable } c && !keys.Contains(c.Target.Key)) keys.Add(c.Target.Key);
                return false;
            });
        }
        return keys.ToEquatableArray();
    }

    /// <summary>Whether a block (or a nested one) contains a statement matching <paramref name="predicate"/>.</summary>
    public static bool Any(Block block, Func<Stmt, bool> predicate)
        => block.Statements.Any(s => predicate(s) || (s is If f && (Any(f.Then, predicate) || Any(f.Else, predicate)))
            || (s is Loop l && (Any(l.Head, predicate) || Any(l.Body, predicate) || Any(l.Step, predicate))) || (s is NestedBlock n && Any(n.Body, predicate)));

    /// <summary>The statements of a block and of every block nested in it, each before the ones nested in it.</summary>
    public static IReadOnlyList<Stmt> All(Block block)
    {
        // A list filled by one recursive walk: nested iterators cost an allocation per level and a step per level
        // for every statement.
        var all = new List<Stmt>(block.Statements.Count);
        AddAll(block, all);
        return all;
    }

    private static void AddAll(Block block, List<Stmt> into)
    {
        foreach (var s in block.Statements)
        {
            into.Add(s);
            switch (s)
            {
                case If f:
                    AddAll(f.Then, into);
                    AddAll(f.Else, into);
                    break;
                case Loop l:
                    AddAll(l.Head, into);
                    AddAll(l.Body, into);
                    AddAll(l.Step, into);
                    break;
                case NestedBlock n:
                    AddAll(n.Body, into);
                    break;
            }
        }
    }

    /// <summary>
    /// The early exits in a statement that leave the loop around it: a <see cref="Return"/> anywhere in it, a
    /// <see cref="Break"/> or <see cref="Continue"/> that is not in a loop nested in it (that one leaves the nested loop).
    /// For a <see cref="Loop"/>, then, only a return in it; <see cref="ExitsOf"/> gives the exits of the loop itself.
    /// </summary>
    public static EarlyExit ExitsIn(Stmt s) => s switch
    {
        Break => EarlyExit.Break,
        Continue => EarlyExit.Continue,
        Return => EarlyExit.Return,
        If f => ExitsIn(f.Then) | ExitsIn(f.Else),
        NestedBlock n => ExitsIn(n.Body),
        Loop l => ExitsOf(l) & EarlyExit.Return,
        _ => EarlyExit.None,
    };

    /// <summary>The early exits in the statements of a block (see <see cref="ExitsIn(Stmt)"/>).</summary>
    public static EarlyExit ExitsIn(Block block)
    {
        var exits = EarlyExit.None;
        foreach (var s in block.Statements) exits |= ExitsIn(s);
        return exits;
    }

    /// <summary>How a loop's iterations may be left early: by a break or continue of its own, by a return anywhere in it.</summary>
    public static EarlyExit ExitsOf(Loop loop) => ExitsIn(loop.Head) | ExitsIn(loop.Body) | ExitsIn(loop.Step);

    /// <summary>The number of times each variable is assigned (declarations with an initializer count).</summary>
    public static Dictionary<string, int> AssignmentCounts(Block block)
    {
        var counts = new Dictionary<string, int>();
        foreach (var s in All(block)) CountAssignments(s, counts);
        return counts;
    }

    /// <summary>Counts the assignments a statement makes (not the ones in blocks nested in it) into <paramref name="counts"/>.</summary>
    public static void CountAssignments(Stmt s, Dictionary<string, int> counts)
    {
        switch (s)
        {
            case Declare { Init: not null } d: Count(d.Name); break;
            case Assign a: Count(a.Name); break;
            case Invoke i:
                foreach (var t in i.Targets) Count(t);
                foreach (var arg in i.Call.Args) if (arg.Kind != ParamKind.Value && arg.Value is Var v) Count(v.Name);
                break;
            case Loop l: Count(l.Counter); break;
            case TapePop t: Count(t.Target); break;
        }

        void Count(string name) => counts[name] = counts.TryGetValue(name, out var c) ? c + 1 : 1;
    }
}
