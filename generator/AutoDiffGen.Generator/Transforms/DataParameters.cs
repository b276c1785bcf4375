using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Transforms;

/// <summary>
/// A call that passes a value with a derivative for a callee's <c>[NoDerivative]</c> parameter. <c>[NoDerivative]</c> says
/// what the callee's own derivative members take, not that a caller's derivative may be dropped: such a call to a
/// [Differentiable] method calls its members with respect to every parameter instead (<c>GFullPullback</c>, …, which every
/// method with such parameters has); a call whose callee has none (a custom derivative, a library built without them) is
/// reported, never differentiated as if the value were data.
/// </summary>
internal static class DataParameters
{
    /// <summary>A call that cannot take the derivative its argument carries, and the parameter it is passed for.</summary>
    public sealed record Lost(CallTarget Target, Param Parameter);

    /// <param name="body">Canonical IR: calls are the right-hand sides of <see cref="Invoke"/> statements.</param>
    /// <param name="active">The active variables of the function (see <see cref="Activity"/>).</param>
    /// <param name="lost">Where each call that cannot be rewritten is added, with the parameter.</param>
    /// <param name="rewritten">Where each call that is rewritten is added, with each parameter it passes a derivative for.</param>
    public static Block Apply(Block body, HashSet<string> active, List<Lost> lost, List<Lost>? rewritten = null)
    {
        bool changed = false;
        var statements = new List<Stmt>(body.Statements.Count);
        foreach (var s in body.Statements)
        {
            var statement = s switch
            {
                Invoke invoke => Rewrite(invoke, active, lost, rewritten),
                If f => f with { Then = Apply(f.Then, active, lost, rewritten), Else = Apply(f.Else, active, lost, rewritten) },
                Loop l => l with { Head = Apply(l.Head, active, lost, rewritten), Body = Apply(l.Body, active, lost, rewritten) },
                _ => s,
            };
            changed |= !ReferenceEquals(statement, s) && !statement.Equals(s);
            statements.Add(statement);
        }
        return changed ? new Block(statements.ToEquatableArray()) : body;
    }

    private static Stmt Rewrite(Invoke invoke, HashSet<string> active, List<Lost> lost, List<Lost>? rewritten)
    {
        var target = invoke.Call.Target;
        // A call whose results are data (int, bool), or not differentiated here, needs no derivative of its arguments.
        if (!target.Returns.Any(r => r.IsDifferentiable()) || !invoke.Targets.Any(active.Contains)) return invoke;
        var dropped = Enumerable.Range(0, target.Params.Count)
            .Where(i => target.Params[i] is { NoDerivative: true, Kind: ParamKind.Value } p && p.Type.IsDifferentiable()
                && i < invoke.Call.Args.Count && IrWalker.ReadsAny(invoke.Call.Args[i].Value, active))
            .ToList();
        if (dropped.Count == 0) return invoke;
        bool every = target.Kind == CallKind.Differentiable && target.HasFullDerivatives;
        foreach (var i in dropped) (every ? rewritten : lost)?.Add(new Lost(target, target.Params[i]));
        if (every) return invoke with { Call = invoke.Call with { Target = target.WithRespectToEveryParameter() } };
        return invoke;
    }
}
