using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Transforms;

namespace AutoDiffGen.Generator.Emit;

/// <summary>
/// The pushforward of the pullback (<c>FPullbackPushforward</c>, hidden): forward mode over the pullback, what the
/// Hessian-vector product of a method that calls this one needs of it.
/// </summary>
internal static class PullbackPushforwardMember
{
    /// <summary>The pushforward of the pullback: what a caller's Hessian-vector product needs of this method.</summary>
    private static Function Function(Function pullback, PrimalNames primal, List<MissingDerivative> problems, Dictionary<string, string> tangents)
        => PushforwardMember.Function(Canonicalization.Apply(pullback, primal), primal, problems, tangents, active: null);

    /// <summary>The pullback's pushforward as a member: like the pullback, it returns at once when its seeds and their tangents are 0.</summary>
    public static Member Build(string suffix, Member pullback, PrimalNames primal, List<MissingDerivative> problems, Func<Function, string> documentation)
    {
        var tangents = new Dictionary<string, string>();
        var function = Function(pullback.Function, primal, problems, tangents);
        var zero = pullback.ReturnIfZero.Concat(pullback.ReturnIfZero.Where(tangents.ContainsKey).Select(seed => tangents[seed])).ToList();
        return new Member(suffix, function, documentation(function), Hidden: true) { ReturnIfZero = zero.Count == 2 * pullback.ReturnIfZero.Count ? zero : Array.Empty<string>() };
    }

    /// <summary>
    /// The documentation of the pushforward of the pullback, whose parameters are the pullback's, then the tangents of its
    /// inputs (values) and of its adjoints (refs).
    /// </summary>
    public static string Documentation(Function f, Function pullback, Function pullbackPushforward)
    {
        var tangents = pullbackPushforward.Params.Skip(pullback.Params.Count).ToList();
        return $"Second order: the pushforward of {f.Name}Pullback. Like it, adds {MemberDocs.Seeds(f, pullback)} times the derivative of {MemberDocs.Call(f)} into ({MemberDocs.Code(MemberDocs.Adjoints(f, pullback))}); "
            + $"and adds the directional derivative of that along ({MemberDocs.Code(tangents.Where(p => p.Kind == ParamKind.Value).Select(p => p.Name))}) into ({MemberDocs.Code(tangents.Where(p => p.Kind == ParamKind.Ref).Select(p => p.Name))}). "
            + $"The Hessian-vector products of methods that call {f.Name} use it.";
    }
}
