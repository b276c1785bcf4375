using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Transforms;

/// <summary>
/// Puts the bodies of the [Differentiable] methods of the compilation in place of the calls that pass them spans, so that
/// spans and slices can be passed to them: the callee's reads and writes of a span parameter become reads and writes of
/// the caller's elements (<c>Dot(x.Slice(i, n), w)</c> reads <c>x[i + k]</c>), and such a call costs what the code written
/// in the caller would. Runs on lowered IR, before <see cref="EarlyExits"/>. Calls of scalars are inlined too, so that their
/// pullbacks do not run the callee's forward pass again; those that cannot be stay calls of the callee's generated members.
/// </summary>
/// <remarks>
/// <para>
/// A callee is inlined when its own derivatives were generated (so its errors stay its own) and it is not part of a cycle of
/// calls with the caller (recursion stays a call); its local arrays are declared where the call is, or, in a loop or a
/// branch, at the top of the caller when their length is fixed there. The caller gets the callee's statements (without
/// their comments: they belong to the block of the statement that makes the call) before the statement that makes the
/// call, its locals renamed where they would clash, its value parameters bound to locals holding the arguments, and the
/// call replaced by the value it returned (a tuple's elements: the targets of a deconstruction assigned, an element read).
/// A call is inlined where the caller evaluates it unconditionally: a call in a branch of <c>?:</c> or after
/// <c>&amp;&amp;</c> or <c>||</c> stays a call.
/// </para>
/// <para>
/// A call that passes spans must be inlined (a callee's generated members take no slices of the caller's adjoints yet): one
/// that cannot be is reported (<see cref="Problem"/>), saying why. The caller's span parameters that inlined code writes are
/// its outputs.
/// </para>
/// </remarks>
internal sealed class Inlining
{
    /// <summary>A call that passes spans and cannot be inlined: where it is (its site), what, and what to write instead (ADG0101's parts).</summary>
    internal sealed record Problem(int Site, string What, string Hint);

    /// <summary>A span or array parameter of the callee, as the caller's elements: the array, and the slice (null: all of it).</summary>
    private sealed record View(string Array, IrType Type, Expr? Start, Expr? Length);

    private readonly IReadOnlyDictionary<string, Function> callees;
    private readonly IReadOnlyDictionary<string, (string Why, string Hint)> excluded;
    private readonly IReadOnlyCollection<string> calledOnly;
    private readonly NameAllocator names;
    private readonly List<Problem> problems;
    private readonly Stack<string> inlining = new();
    private readonly Dictionary<string, Function> prepared = new();

    // The caller's span parameters that inlined code writes, with the site of the first call that does.
    private readonly Dictionary<string, int> written = new();
    private readonly HashSet<string> callerContainers;

    // How many loops and branches enclose the statement being inlined into; the local arrays of callees inlined inside
    // them, declared at the top of the caller instead; and the caller's parameters that it never assigns (what such an
    // array's length may read).
    private int nesting;
    private readonly List<Stmt> hoisted = new();
    private readonly HashSet<string> fixedNames;

    private Inlining(Function function, IReadOnlyDictionary<string, Function> callees, IReadOnlyDictionary<string, (string Why, string Hint)> excluded,
        IReadOnlyCollection<string> calledOnly, List<Problem> problems)
    {
        this.callees = callees;
        this.excluded = excluded;
        this.calledOnly = calledOnly;
        this.problems = problems;
        names = new NameAllocator(function);
        // The flags lowering set aside for the caller's loops are names too (EarlyExits makes them later).
        foreach (var loop in IrWalker.All(function.Body).OfType<Loop>())
        {
            if (loop.Exits is not { } exits) continue;
            foreach (var name in new[] { exits.Breaking, exits.Continuing, exits.Returning }.Concat(exits.Returned)) if (name is not null) names.Reserve(name);
        }
        callerContainers = new HashSet<string>(function.Params.Where(p => p.IsContainer).Select(p => p.Name));
        var assigned = IrWalker.AssignmentCounts(function.Body);
        fixedNames = new HashSet<string>(function.Params.Select(p => p.Name).Where(name => !assigned.ContainsKey(name)));
    }

    /// <summary>
    /// <paramref name="function"/> (lowered) with the calls to <paramref name="callees"/> (by key: the lowered IR of the methods
    /// that may be inlined) inlined; the calls passing spans that could not be are added to <paramref name="problems"/>.
    /// </summary>
    /// <param name="excluded">The callees that may not be inlined, by key, with why and what to write instead.</param>
    /// <param name="calledOnly">Callees inlined only where a call passes spans: calls of scalars to them stay calls.</param>
    /// <param name="writtenParameters">The caller's span parameters that inlined code writes, with the site of a call that does.</param>
    public static Function Apply(Function function, IReadOnlyDictionary<string, Function> callees, IReadOnlyDictionary<string, (string Why, string Hint)> excluded,
        IReadOnlyCollection<string> calledOnly, List<Problem> problems, out IReadOnlyDictionary<string, int> writtenParameters)
    {
        writtenParameters = new Dictionary<string, int>();
        if (IrWalker.CalleeKeys(function).Count == 0) return function;
        var inliner = new Inlining(function, callees, excluded, calledOnly, problems);
        var body = inliner.InlineBlock(function.Body);
        if (inliner.hoisted.Count > 0) body = new Block(inliner.hoisted.Concat(body.Statements).ToEquatableArray());
        writtenParameters = inliner.written;
        var parameters = function.Params.Select(p => p.IsContainer && p.Kind == ParamKind.Value && inliner.written.ContainsKey(p.Name) ? p with { Kind = ParamKind.Out } : p);
        return function with { Params = parameters.ToEquatableArray(), Body = body };
    }

    // ------------------------------------------------------------------ the caller's statements

    private Block InlineBlock(Block block)
    {
        var output = new List<Stmt>(block.Statements.Count);
        foreach (var s in block.Statements) InlineStatement(s, output);
        return Rebuild.Block(block, output);
    }

    private void InlineStatement(Stmt s, List<Stmt> output)
    {
        switch (s)
        {
            case Declare { Init: { } init } d:
                output.Add(d with { Init = Expression(init, output) });
                break;
            case Assign a:
                output.Add(a with { Value = Expression(a.Value, output) });
                break;
            case Invoke i:
                // A call made for the spans it writes (no targets), or one whose results a deconstruction assigns.
                var call = (Call)Arguments(i.Call, output);
                if (InlineValues(call, output) is not { } results)
                {
                    output.Add(i with { Call = call });
                    break;
                }
                for (int k = 0; k < i.Targets.Count; k++) output.Add(new Assign(i.Targets[k], results[k]));
                break;
            case If f:
                var condition = Expression(f.Condition, output);
                nesting++;
                var then = InlineBlock(f.Then);
                var otherwise = InlineBlock(f.Else);
                nesting--;
                output.Add(Rebuild.If(f, then, otherwise) with { Condition = condition });
                break;
            case Return r:
                output.Add(r with { Values = r.Values.Select(v => Expression(v, output)).ToEquatableArray() });
                break;
            case Loop l:
                var from = Expression(l.From, output);
                var to = l.To is null ? null : Expression(l.To, output);
                // The condition is evaluated each iteration, after the head: what it calls goes at the end of the head.
                nesting++;
                var head = new List<Stmt>(InlineBlock(l.Head).Statements);
                var test = l.Condition is null ? null : Expression(l.Condition, head);
                var loopBody = InlineBlock(l.Body);
                var step = InlineBlock(l.Step);
                nesting--;
                output.Add(l with { From = from, To = to, Head = Rebuild.Block(l.Head, head), Condition = test, Body = loopBody, Step = step });
                break;
            case NestedBlock n:
                output.Add(n with { Body = InlineBlock(n.Body) });
                break;
            case ElementWrite w:
                var index = Expression(w.Index, output);
                output.Add(w with { Index = index, Value = Expression(w.Value, output) });
                break;
            case DeclareArray d:
                output.Add(d with { Length = Expression(d.Length, output) });
                break;
            default:
                output.Add(s);
                break;
        }
    }

    /// <summary>
    /// <paramref name="e"/> with the calls it evaluates unconditionally inlined, their statements added to
    /// <paramref name="prelude"/>, operands first, left to right.
    /// </summary>
    private Expr Expression(Expr e, List<Stmt> prelude)
    {
        switch (e)
        {
            case Conditional c:
                return c with { Condition = Expression(c.Condition, prelude), WhenTrue = Deferred(c.WhenTrue), WhenFalse = Deferred(c.WhenFalse) };
            case Binary { Op: BinaryOp.And or BinaryOp.Or } b:
                return b with { Left = Expression(b.Left, prelude), Right = Deferred(b.Right) };
            case Call call:
                var withArguments = (Call)Arguments(call, prelude);
                return Inline(withArguments, prelude) ?? withArguments;
            case Unary u:
                return u with { Operand = Expression(u.Operand, prelude) };
            case Binary b:
                var left = Expression(b.Left, prelude);
                return b with { Left = left, Right = Expression(b.Right, prelude) };
            case Ir.Convert c:
                return c with { Operand = Expression(c.Operand, prelude) };
            case Intrinsic i:
                return i with { Args = i.Args.Select(a => Expression(a, prelude)).ToEquatableArray() };
            case Element element:
                var tuple = (Call)Arguments(element.Call, prelude);
                return InlineValues(tuple, prelude) is { } elements ? elements[element.Index] : element with { Call = tuple };
            case ElementRead r:
                return r with { Index = Expression(r.Index, prelude) };
            case DataRead { Index: { } dataIndex } d:
                return d with { Index = Expression(dataIndex, prelude) };
            case Slice slice:
                var start = Expression(slice.Start, prelude);
                return slice with { Start = start, Length = Expression(slice.Length, prelude) };
            default:
                return e;
        }
    }

    private Expr Arguments(Call call, List<Stmt> prelude)
        => call with { Args = call.Args.Select(a => a with { Value = Expression(a.Value, prelude) }).ToEquatableArray() };

    /// <summary>An operand the caller may not evaluate: its calls stay calls; one that passes spans is reported.</summary>
    private Expr Deferred(Expr e)
    {
        IrWalker.Visit(e, x =>
        {
            if (x is Call { PassesSpans: true } call)
            {
                problems.Add(new Problem(call.Target.Site, $"A call to '{call.Target.Name}' that passes {call.Passes} in a branch of '?:' or after '&&' or '||'",
                    "; call it in a statement of its own before, and use its result"));
            }
        });
        return e;
    }

    // ------------------------------------------------------------------ one call

    /// <summary>
    /// Puts the callee's body in place of <paramref name="call"/> (its statements into <paramref name="prelude"/>) and returns
    /// the value it returned (a constant 0 for a method that returns none); null if the call stays a call.
    /// </summary>
    private Expr? Inline(Call call, List<Stmt> prelude)
        => InlineValues(call, prelude) is { } results ? (results.Count > 0 ? results[0] : new Const(IrType.Double, 0)) : null;

    /// <summary>
    /// Puts the callee's body in place of <paramref name="call"/> (its statements into <paramref name="prelude"/>) and returns
    /// the values it returned, each a constant or a local (none for a method that returns none); null if the call stays a call.
    /// </summary>
    private IReadOnlyList<Expr>? InlineValues(Call call, List<Stmt> prelude)
    {
        if (call.Target.Kind != CallKind.Differentiable) return null;
        // A call of scalars that cannot be inlined stays a call to the callee's generated members, as it works; one that
        // passes spans must be inlined.
        bool required = call.PassesSpans;
        if (!required && calledOnly.Contains(call.Target.Key)) return null;
        (string Why, string Hint)? cannot = null;
        if (!callees.TryGetValue(call.Target.Key, out var callee))
        {
            cannot = excluded.TryGetValue(call.Target.Key, out var why) ? why : ("which calls itself (recursion)", "; write the recursion as a loop");
        }
        else if (inlining.Contains(call.Target.Key))
        {
            cannot = ("which calls itself, directly or through other methods (recursion)", "; write the recursion as a loop");
        }
        if (cannot is { } reported)
        {
            if (required) problems.Add(new Problem(call.Target.Site, $"Passing {call.Passes} to '{call.Target.Name}', {reported.Why},", reported.Hint));
            return null;
        }
        if (callee is null) return null;

        var body = Prepared(call.Target.Key, callee);
        var statements = new List<Stmt>();
        var hoistedBefore = hoisted.Count;
        // A helper of scalars (structs' leaves too) takes them as possibly infinite, as its members would (see MathRules.CalleeParameter).
        var instance = new Instance(this, body, call, statements, guarded: !call.PassesContainers);
        var results = instance.Body();
        if (instance.UnfixedArray is { } array)
        {
            // A local array of the callee, inlined in a loop or a branch, whose length changes there.
            hoisted.RemoveRange(hoistedBefore, hoisted.Count - hoistedBefore);
            if (!required) return null;
            problems.Add(new Problem(call.Target.Site, $"Passing {call.Passes} to '{call.Target.Name}' in a loop or a branch, where the length of its local array '{array}' is not fixed by this method's parameters,",
                "; pass the scratch buffer to it as a Span<double> parameter, or call it outside loops and branches"));
            return null;
        }
        inlining.Push(call.Target.Key);
        var inlined = InlineBlock(new Block(statements.ToEquatableArray()));
        inlining.Pop();
        prelude.AddRange(inlined.Statements);
        return results;
    }

    /// <summary>The callee with a single return, the last statement (or none), and no early exits.</summary>
    private Function Prepared(string key, Function callee)
    {
        if (!prepared.TryGetValue(key, out var single)) prepared[key] = single = ReturnNormalization.Apply(EarlyExits.Apply(callee));
        return single;
    }

    /// <summary>One inlined copy of a callee: its names in the caller, its parameters bound to the call's arguments.</summary>
    private sealed class Instance
    {
        private readonly Inlining owner;
        private readonly Function callee;
        private readonly Call call;
        private readonly List<Stmt> output;
        private readonly Dictionary<string, Expr> values = new();
        private readonly Dictionary<string, string> renamed = new();
        private readonly Dictionary<string, View> views = new();
        private readonly bool guarded;

        /// <param name="guarded">
        /// Whether the call could have stayed a call (it passes no spans): its floating-point parameters then go through
        /// <see cref="MathRules.CalleeParameter"/>, which keeps what the call guaranteed at a zero seed.
        /// </param>
        public Instance(Inlining owner, Function callee, Call call, List<Stmt> output, bool guarded)
        {
            this.owner = owner;
            this.callee = callee;
            this.call = call;
            this.output = output;
            this.guarded = guarded;
        }

        /// <summary>A local array of the callee that could not be declared: inlined in a loop or a branch, with a length that changes there.</summary>
        public string? UnfixedArray { get; private set; }

        /// <summary>Writes the callee's statements; returns the values it returned (none for none), each a constant or a local.</summary>
        public List<Expr> Body()
        {
            var assigned = IrWalker.AssignmentCounts(callee.Body);
            for (int i = 0; i < callee.Params.Count; i++)
            {
                var p = callee.Params[i];
                var arg = call.Args[i].Value;
                if (p.IsContainer)
                {
                    views[p.Name] = arg switch
                    {
                        Slice s => new View(s.Array.Name, s.Type, Atom(s.Start, p.Name + "Start", IrType.Int), Atom(s.Length, p.Name + "Length", IrType.Int)),
                        Var v => new View(v.Name, v.Type, null, null),
                        _ => throw new InvalidOperationException($"The span argument for '{p.Name}' is neither a span nor a slice."),
                    };
                    if (p.Kind == ParamKind.Out && owner.callerContainers.Contains(views[p.Name].Array) && !owner.written.ContainsKey(views[p.Name].Array))
                    {
                        owner.written[views[p.Name].Array] = call.Target.Site;
                    }
                }
                else if (arg is Var or Const or StaticRead && !assigned.ContainsKey(p.Name) && !(guarded && p.Type.IsFloating()) || p.Type == IrType.Data)
                {
                    values[p.Name] = arg;
                }
                else
                {
                    // A local of the caller's holding the argument, which the callee's assignments to the parameter assign.
                    var local = owner.names.Fresh(p.Name);
                    output.Add(new Declare(local, Type(p.Type), guarded && p.Type.IsFloating() ? new Intrinsic(MathRules.CalleeParameter, EquatableArray.Of(arg), Type(p.Type)) : arg));
                    renamed[p.Name] = local;
                }
            }
            var locals = new HashSet<string>();
            IrWalker.CollectNames(callee.Body, locals);
            foreach (var p in callee.Params) locals.Remove(p.Name);
            locals.Remove(DataRead.This); // an instance method's object: the caller's, which calls it on itself
            foreach (var name in locals) renamed[name] = owner.names.Fresh(name);

            var statements = callee.Body.Statements;
            int count = statements.Count;
            var results = new List<Expr>();
            if (count > 0 && statements[count - 1] is Return last)
            {
                count--;
                results.AddRange(last.Values.Select(Rewrite));
            }
            for (int k = 0; k < count; k++)
            {
                if (statements[k] is not Comment) output.Add(Statement(statements[k]));
            }
            // A result in a local of its own; several always, so that assigning them to a deconstruction's targets one by
            // one reads none that an earlier one assigned (`(a, b) = Swap(a, b)`).
            var stem = callee.Name.Length > 0 ? char.ToLowerInvariant(callee.Name[0]) + callee.Name.Substring(1) : "result";
            for (int k = 0; k < results.Count; k++)
            {
                if (results[k] is Const || (results[k] is Var && results.Count == 1)) continue;
                var local = owner.names.Fresh(results.Count == 1 ? stem : stem + "Item" + (k + 1));
                output.Add(new Declare(local, Type(callee.Returns[k]), results[k]));
                results[k] = new Var(local, Type(callee.Returns[k]));
            }
            return results;
        }

        /// <summary><paramref name="e"/> if it is a constant or a name (which the callee's body cannot change), else a local holding it.</summary>
        private Expr Atom(Expr e, string name, IrType type)
        {
            if (e is Const or Var) return e;
            var local = owner.names.Fresh(name);
            output.Add(new Declare(local, type, e));
            return new Var(local, type);
        }

        private string Name(string name) => renamed.TryGetValue(name, out var to) ? to : name;

        // The callee's comments are its own statements: in the caller, its code belongs to the block of the statement that calls it.
        private Block Block(Block block) => new(block.Statements.Where(s => s is not Comment).Select(Statement).ToEquatableArray());

        private Stmt Statement(Stmt s) => s switch
        {
            Declare d => d with { Name = Name(d.Name), Type = Type(d.Type), Init = d.Init is null ? null : Rewrite(d.Init) },
            Assign a => new Assign(Name(a.Name), Rewrite(a.Value)),
            Invoke i => new Invoke(i.Targets.Select(Name).ToEquatableArray(), (Call)Rewrite(i.Call)),
            If f => new If(Rewrite(f.Condition), Block(f.Then), Block(f.Else)),
            Loop l => new Loop(Name(l.Counter), Rewrite(l.From), l.To is null ? null : Rewrite(l.To), Block(l.Body), l.Descending)
            {
                Head = Block(l.Head),
                Condition = l.Condition is null ? null : Rewrite(l.Condition),
                Step = Block(l.Step),
            },
            DeclareArray d => LocalArray(d),
            StoreElement w => Element(w.Array, w.Index, (array, index) => new StoreElement(array, index, Rewrite(w.Value))),
            AccumulateElement w => Element(w.Array, w.Index, (array, index) => new AccumulateElement(array, index, Rewrite(w.Value))),
            _ => throw new InvalidOperationException($"Inlining does not expect a {s.GetType().Name} in a method's body."),
        };

        /// <summary>
        /// A local array of the callee: declared where the call is when that is outside loops and branches; else declared at
        /// the top of the caller (its length must then read only constants and parameters the caller never assigns) and
        /// zeroed where the call is, as a new array is.
        /// </summary>
        private Stmt LocalArray(DeclareArray d)
        {
            var declared = new DeclareArray(Name(d.Name), Type(d.Type), Rewrite(d.Length), d.Stack);
            if (owner.nesting == 0) return declared;
            bool fixedLength = true;
            IrWalker.Visit(declared.Length, e => fixedLength &= e switch
            {
                Const or Binary or Unary or Ir.Convert => true,
                Var v => owner.fixedNames.Contains(v.Name),
                Length l => owner.fixedNames.Contains(l.Array.Name),
                _ => false,
            });
            if (!fixedLength)
            {
                // Reported by Inline, which drops this copy: the statement returned here is never used.
                UnfixedArray ??= d.Name;
                return new Comment(d.Name);
            }
            owner.hoisted.Add(declared);
            return IrBuilder.ZeroElements(declared.Name, declared.Type, owner.names.Fresh("k"));
        }

        private Stmt Element(string array, Expr index, Func<string, Expr, Stmt> make)
        {
            var rewritten = Rewrite(index);
            return views.TryGetValue(array, out var view) ? make(view.Array, Offset(view, rewritten)) : make(Name(array), rewritten);
        }

        private static Expr Offset(View view, Expr index)
            => view.Start is null or Const { Value: 0 } ? index : new Binary(BinaryOp.Add, view.Start, index, IrType.Int);

        /// <summary>
        /// The type a generic callee's type parameter stands for at this call (<c>F&lt;double&gt;(…)</c> from a double method): its
        /// body is inlined at that type. Null when the callee is not generic or is called at the caller's own type parameter.
        /// </summary>
        private IrType? TypeArgument => call.Target.TypeArgument is { } argument && argument != IrType.Generic ? argument : null;

        private IrType Type(IrType type) => type == IrType.Generic && TypeArgument is { } argument ? argument : type;

        private Expr Rewrite(Expr e) => TypeArgument is { } argument ? IrWalker.Map(Renamed(e), x => Instantiated(x, argument)) : Renamed(e);

        /// <summary>
        /// <paramref name="e"/> of the generic callee at <paramref name="argument"/>: its values of the type parameter of that
        /// type, its constants rounded to it as <c>T.CreateChecked</c> rounds them, <c>T.Pi</c> as <c>double.Pi</c>, and the
        /// generic methods it calls at its own type parameter called at <paramref name="argument"/>.
        /// </summary>
        private static Expr Instantiated(Expr e, IrType argument)
        {
            var x = e switch
            {
                ElementRead r when r.Array.Type == IrType.Generic => r with { Array = r.Array with { Type = argument } },
                Length l when l.Array.Type == IrType.Generic => new Length(l.Array with { Type = argument }),
                Slice s when s.Array.Type == IrType.Generic => new Slice(s.Array with { Type = argument }, s.Start, s.Length),
                Call c when c.Target.TypeArgument == IrType.Generic => c with
                {
                    Target = c.Target with
                    {
                        TypeArgument = argument,
                        Params = c.Target.Params.Select(p => p.Type == IrType.Generic ? p with { Type = argument } : p).ToEquatableArray(),
                        Returns = c.Target.Returns.Select(r => r == IrType.Generic ? argument : r).ToEquatableArray(),
                    },
                },
                _ => e,
            };
            if (x.Type != IrType.Generic) return x;
            return x switch
            {
                Const c => IrBuilder.ConvertTo(c with { Type = IrType.Double }, argument),
                StaticRead s => new StaticRead(argument.ToCSharp() + s.Expression.Substring(IrTypeExtensions.TypeParameter.Length), argument),
                _ => x with { Type = argument },
            };
        }

        private Expr Renamed(Expr e) => IrWalker.Map(e, x => x switch
        {
            Var v when views.TryGetValue(v.Name, out var view) => view.Start is null ? new Var(view.Array, view.Type) : new Slice(new Var(view.Array, view.Type), view.Start, view.Length!),
            Var v when values.TryGetValue(v.Name, out var value) => value,
            Var v => v with { Name = Name(v.Name) },
            ElementRead r when views.TryGetValue(r.Array.Name, out var view) => new ElementRead(new Var(view.Array, view.Type), Offset(view, r.Index), r.Type),
            ElementRead r => r with { Array = r.Array with { Name = Name(r.Array.Name) } },
            Length l when views.TryGetValue(l.Array.Name, out var view) => view.Length ?? new Length(new Var(view.Array, view.Type)),
            Length l => new Length(l.Array with { Name = Name(l.Array.Name) }),
            Slice s when views.TryGetValue(s.Array.Name, out var view) => new Slice(new Var(view.Array, view.Type), Offset(view, s.Start), s.Length),
            DataRead d when values.TryGetValue(d.Data.Name, out var data) && data is Var dataVar => d with { Data = dataVar },
            // The callee's own positions mean nothing in the caller: its warnings are its own, its calls are at this call.
            Intrinsic i => i with { PiecewiseConstant = null, Kink = null },
            Conditional c => c with { Kink = null },
            Ir.Convert c => c with { PiecewiseConstant = null },
            Call c => c with { Target = c.Target with { Site = call.Target.Site } },
            _ => x,
        });
    }
}
