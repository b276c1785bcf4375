using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Transforms;

namespace AutoDiffGen.Generator.Emit;

/// <summary>
/// A method that calls itself (<c>Power(x, n) = x · Power(x, n - 1)</c>): a call that cannot be inlined. Its pullback would
/// run the level below's forward pass again at each level (quadratic in the depth); instead, as Swift's VJPs and Enzyme's
/// augmented forward passes do, two hidden members split it: <c>FTapedForward</c> computes the value, calling itself for the
/// level below, and then pushes what its reverse sweep reads on the tapes it is given; <c>FTapedReverse</c> pops them (the
/// level below's are under them) and runs the reverse sweep, calling itself where the pullback called <c>FPullback</c>. The
/// gradient and the pullback rent the tapes and call the two, once each: a recursion of depth n costs O(n).
/// </summary>
/// <remarks>
/// Only for a method of scalars with one floating-point result, no loops and no local arrays (each level's values are then
/// in locals of its forward sweep, and its reverse sweep recomputes none of them), whose calls of itself that carry a
/// derivative are each paired with the pullback at the same site. Its second order keeps calling <c>FPullbackPushforward</c>.
/// </remarks>
internal static class TapedRecursion
{
    /// <summary>
    /// The two hidden members and the gradient and pullback that call them, or null when <paramref name="canonical"/> does
    /// not call itself or is not of the form above.
    /// </summary>
    public static (Member Forward, Member Reverse, Member Pullback, Member? Gradient)? Build(string key, Function canonical, PrimalNames primal, HashSet<string> active,
        Member pullback, Member? gradient)
    {
        if (canonical.Returns.Count != 1 || !canonical.Returns[0].IsFloating() || canonical.Params.Any(p => p.IsContainer || p.Type == IrType.Matrix)) return null;
        var all = IrWalker.All(canonical.Body);
        if (all.Any(s => s is Loop or DeclareArray) || !all.Any(s => s is Invoke i && IsSelf(i.Call, key))) return null;

        var problems = new List<MissingDerivative>();
        var names = new NameAllocator(canonical);
        var adjoints = new Dictionary<string, string>();
        var parameters = DerivativeShapes.Pullback(canonical, names, adjoints);
        var seed = parameters[canonical.Params.Count];
        var body = ReverseMode.Split(canonical, new Expr[] { new Var(seed.Name, seed.Type) }, adjoints, names, problems, active, out int start);
        if (problems.Count > 0) return null;
        var forward = body.Statements.Take(start).ToList();
        var reverse = body.Statements.Skip(start).Take(body.Statements.Count - start - 1).ToList();
        var ret = (Return)body.Statements[body.Statements.Count - 1];
        if (Residuals(forward, reverse, canonical) is not { } residuals) return null;

        var tapes = residuals.Select(r => r.Type).Distinct().OrderBy(t => t).ToList();
        var tapeParams = tapes.Select(t => new Param(CSharpEmitter.TapeName(t), IrType.Data, ParamKind.Value, NoDerivative: true) { DataType = $"global::AutoDiffGen.Tape<{t.ToCSharp()}>" }).ToList();
        var tapeArgs = tapeParams.Select(p => new Arg(new Var(p.Name, IrType.Data), ParamKind.Value)).ToList();

        var pushes = residuals.Select(r => (Stmt)new TapePush(new Var(r.Name, r.Type)));
        var forwardFunction = new Function(canonical.Name + DerivativeNames.TapedForward, canonical.Params.Concat(tapeParams).ToEquatableArray(), canonical.Returns,
            new Block(forward.Concat(pushes).Append(ret).ToEquatableArray()));
        // The level's values come back first, in the first block of the reverse sweep (under its source statement).
        var pops = Enumerable.Reverse(residuals).SelectMany(r => new Stmt[] { new Declare(r.Name, r.Type, null), new TapePop(r.Name, r.Type) });
        reverse.InsertRange(reverse.Count > 0 && reverse[0] is Comment ? 1 : 0, pops);
        var reverseFunction = new Function(canonical.Name + DerivativeNames.TapedReverse, parameters.Concat(tapeParams).ToEquatableArray(), EquatableArray<IrType>.Empty,
            new Block(reverse.ToEquatableArray()));
        forwardFunction = Simplification.Apply(forwardFunction, primal);
        // Another level calls it with its values and a seed that may be 0, which must add exactly nothing.
        reverseFunction = Declared(Simplification.Apply(reverseFunction, primal, parametersMayBeNonFinite: true), residuals);

        // Each level's calls of itself that carry a derivative go to the taped members, the others stay calls of the method.
        var forwardSites = Sites(forwardFunction.Body, c => IsSelf(c, key));
        var reverseSites = Sites(reverseFunction.Body, c => IsSelfPullback(c, key, canonical.Name));
        if (!reverseSites.All(forwardSites.Contains) || reverseSites.Count != reverseSites.Distinct().Count()) return null;
        forwardFunction = Redirect(forwardFunction, c => IsSelf(c, key) && reverseSites.Contains(c.Target.Site), DerivativeNames.TapedForward, tapeArgs);
        reverseFunction = Redirect(reverseFunction, c => IsSelfPullback(c, key, canonical.Name), DerivativeNames.TapedReverse, tapeArgs);

        var self = QualifiedTarget(canonical, key);
        var forwardMember = new Member(DerivativeNames.TapedForward, forwardFunction,
            $"The forward sweep of {MemberDocs.Call(canonical)}'s pullback: returns its value and pushes what its reverse sweep reads on the tapes, after the levels of the recursion below it. Paired with {canonical.Name}{DerivativeNames.TapedReverse}.", Hidden: true)
        {
            TapesArePassed = true,
        };
        var reverseMember = new Member(DerivativeNames.TapedReverse, reverseFunction,
            $"The reverse sweep of {MemberDocs.Call(canonical)}'s pullback: pops what {canonical.Name}{DerivativeNames.TapedForward} pushed and adds the seed times the derivative into the adjoints.", Hidden: true)
        {
            TapesArePassed = true,
        };
        return (forwardMember, reverseMember, Calling(pullback, canonical, self, tapes, tapeArgs, overwrite: false),
            gradient is null ? null : Calling(gradient, canonical, self, tapes, tapeArgs, overwrite: true));
    }

    /// <summary>
    /// The locals of the forward sweep that the reverse sweep reads, in the order they are declared; null if one is declared
    /// in a nested block (it is not in scope at the end of the forward sweep) or is of a type no tape holds.
    /// </summary>
    private static List<(string Name, IrType Type)>? Residuals(List<Stmt> forward, List<Stmt> reverse, Function canonical)
    {
        var read = new HashSet<string>();
        foreach (var s in reverse) IrWalker.CollectNames(s, read);
        var top = new Dictionary<string, IrType>();
        foreach (var d in forward.OfType<Declare>()) top[d.Name] = d.Type;
        var defined = new HashSet<string>();
        foreach (var s in IrWalker.All(new Block(forward.ToEquatableArray())))
        {
            if (s is Declare d) defined.Add(d.Name);
            else if (s is Assign a) defined.Add(a.Name);
            else if (s is Invoke i) defined.UnionWith(i.Targets);
        }
        defined.ExceptWith(canonical.Params.Select(p => p.Name));
        var residuals = new List<(string, IrType)>();
        foreach (var name in forward.OfType<Declare>().Select(d => d.Name).Distinct().Where(read.Contains)) residuals.Add((name, top[name]));
        if (defined.Any(name => read.Contains(name) && !top.ContainsKey(name))) return null;
        return residuals.All(r => r.Item2 is IrType.Double or IrType.Float or IrType.Int or IrType.Bool) ? residuals : null;
    }

    /// <summary>A residual that the simplified reverse sweep no longer reads is still popped: declared again where it was dropped.</summary>
    private static Function Declared(Function function, List<(string Name, IrType Type)> residuals)
    {
        var declared = new HashSet<string>(function.Body.Statements.OfType<Declare>().Select(d => d.Name));
        var missing = residuals.Where(r => !declared.Contains(r.Name)).Select(r => (Stmt)new Declare(r.Name, r.Type, null)).ToList();
        return missing.Count == 0 ? function : function with { Body = new Block(missing.Concat(function.Body.Statements).ToEquatableArray()) };
    }

    private static bool IsSelf(Call call, string key) => call.Target.Kind == CallKind.Differentiable && call.Target.Key == key;

    private static bool IsSelfPullback(Call call, string key, string name)
        => call.Target.Kind == CallKind.Derived && call.Target.Key.StartsWith(key + "#", System.StringComparison.Ordinal) && call.Target.Name == name + DerivativeNames.Pullback;

    private static List<int> Sites(Block body, System.Func<Call, bool> matches)
        => IrWalker.All(body).OfType<Invoke>().Where(i => matches(i.Call)).Select(i => i.Call.Target.Site).ToList();

    /// <summary>The calls that <paramref name="matches"/> made to the member <paramref name="suffix"/> of the method, with the tapes.</summary>
    private static Function Redirect(Function function, System.Func<Call, bool> matches, string suffix, List<Arg> tapes)
        => function with
        {
            Body = IrWalker.MapExpressions(function.Body, e => e is Call call && matches(call)
                ? call with
                {
                    Target = call.Target.Derivative(call.Target.ContainingType + "." + Stem(call.Target.Name) + suffix, call.Target.Params, call.Target.Returns),
                    Args = call.Args.Concat(tapes).ToEquatableArray(),
                }
                : e),
        };

    private static string Stem(string name) => name.EndsWith(DerivativeNames.Pullback, System.StringComparison.Ordinal) ? name.Substring(0, name.Length - DerivativeNames.Pullback.Length) : name;

    /// <summary>The method as a callee (to name its taped members): its first call of itself.</summary>
    private static CallTarget QualifiedTarget(Function canonical, string key)
        => IrWalker.All(canonical.Body).OfType<Invoke>().First(i => IsSelf(i.Call, key)).Call.Target;

    /// <summary>
    /// The pullback (or the gradient, <paramref name="overwrite"/>) as a call of the forward member and one of the reverse
    /// member, on tapes it rents: its parameters as they were.
    /// </summary>
    private static Member Calling(Member member, Function canonical, CallTarget self, List<IrType> tapes, List<Arg> tapeArgs, bool overwrite)
    {
        var f = member.Function;
        var primalArgs = canonical.Params.Select(p => new Arg(new Var(p.Name, p.Type), ParamKind.Value)).ToList();
        var derivativeArgs = f.Params.Skip(canonical.Params.Count).Select(p => new Arg(new Var(p.Name, p.Type), p.Kind == ParamKind.Value ? ParamKind.Value : ParamKind.Ref)).ToList();
        // Headed, like any block, by its source statement: the one that calls the method itself.
        var statements = new List<Stmt>();
        if (RecursiveStatement(canonical, self.Key) is { } heading) statements.Add(heading);
        var value = new Var(new NameAllocator(f).Fresh("value"), canonical.Returns[0]);
        statements.Add(new Declare(value.Name, value.Type, null));
        statements.Add(new Invoke(EquatableArray.Of(value.Name), new Call(Target(self, canonical, DerivativeNames.TapedForward), primalArgs.Concat(tapeArgs).ToEquatableArray(), value.Type)));
        if (overwrite)
        {
            // The gradient: seeded with 1, into adjoints that start at 0.
            foreach (var p in f.Params.Skip(canonical.Params.Count)) statements.Add(new Assign(p.Name, IrBuilder.Constant(p.Type, 0)));
            derivativeArgs.Insert(0, new Arg(IrBuilder.Constant(canonical.Returns[0], 1), ParamKind.Value));
        }
        statements.Add(new Invoke(EquatableArray<string>.Empty, new Call(Target(self, canonical, DerivativeNames.TapedReverse), primalArgs.Concat(derivativeArgs).Concat(tapeArgs).ToEquatableArray(), IrType.Double)));
        if (overwrite) statements.Add(new Return(EquatableArray.Of<Expr>(value)));
        return member with { Function = f with { Body = new Block(statements.ToEquatableArray()) }, Tapes = tapes };
    }

    /// <summary>The comment (the source statement) over the first statement of the method that calls itself.</summary>
    private static Comment? RecursiveStatement(Function canonical, string key)
    {
        Comment? last = null;
        foreach (var s in canonical.Body.Statements)
        {
            if (s is Comment c) last = c;
            else if (IrWalker.Any(new Block(EquatableArray.Of(s)), x => x is Invoke i && IsSelf(i.Call, key))) return last;
        }
        return null;
    }

    private static CallTarget Target(CallTarget self, Function canonical, string suffix)
        => self.Derivative(self.ContainingType + "." + self.Name + suffix, canonical.Params, canonical.Returns);
}
