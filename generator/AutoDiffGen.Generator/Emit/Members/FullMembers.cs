using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Models;
using AutoDiffGen.Generator.Transforms;

namespace AutoDiffGen.Generator.Emit;

/// <summary>
/// The members with respect to every parameter (<c>FFullPullback</c>, <c>FFullPushforward</c>,
/// <c>FFullPullbackPushforward</c>, hidden) of a method with [NoDerivative] parameters of a type that carries derivatives.
/// </summary>
internal static class FullMembers
{
    /// <summary>
    /// For a method with [NoDerivative] parameters of a type that carries derivatives, its pullback, pushforward and
    /// pullback's pushforward with respect to every parameter (hidden): what a caller calls when it passes a value with a
    /// derivative for one of them (see <see cref="DataParameters"/>). One that cannot be made (it would need a derivative
    /// nobody registered, for a value that depends only on such a parameter) throws, saying why: only callers that pass such
    /// a value call it.
    /// </summary>
    public static List<Member> Build(MethodModel model, Function function, Function canonical, PrimalNames primal, out string? failure)
    {
        failure = null;
        if (!function.Params.Any(p => p.NoDerivative && p.Type.IsDifferentiable() && p.Kind == ParamKind.Value)) return new List<Member>();
        var every = canonical with { Params = canonical.Params.Select(p => p.Type.IsDifferentiable() && p.Kind == ParamKind.Value ? p with { NoDerivative = false } : p).ToEquatableArray() };
        var lost = new List<DataParameters.Lost>();
        every = every with { Body = DataParameters.Apply(every.Body, Generation.ActiveOf(every), lost) };
        var active = Generation.ActiveOf(every);
        var problems = new List<MissingDerivative>();
        var why = lost.Select(l => $"'{l.Parameter.Name}' of '{GenerationDiagnostics.Unqualified(l.Target.QualifiedName)}' takes no derivative").ToList();
        var pullback = PullbackMember.Build(every, primal, problems, active, DerivativeNames.FullPullback);
        var pushforward = PushforwardMember.Function(every, primal, problems, new Dictionary<string, string>(), active, DerivativeNames.FullPushforward);
        why.AddRange(problems.Select(p => $"no derivative is known for '{GenerationDiagnostics.Unqualified(p.Target.QualifiedName)}'"));
        var secondProblems = new List<MissingDerivative>();
        var secondMember = PullbackPushforwardMember.Build(DerivativeNames.FullPullbackPushforward, pullback, primal, secondProblems, _ => "");
        var second = secondMember.Function;
        string Doc(string suffix) => $"Like {model.Name}{suffix.Substring(4)}, with respect to every parameter of {MemberDocs.Call(function)}, the [NoDerivative] ones too: what a caller that passes a value with a derivative for one of them calls.";
        Member Throwing(string suffix, Function f, string reason)
        {
            var message = $"{model.Name} has no derivative with respect to its [NoDerivative] parameters ({reason}).";
            var body = new Block(EquatableArray.Of<Stmt>(new Throw(message)));
            return new Member(suffix, f with { Body = body }, Doc(suffix) + " It throws NotSupportedException: " + reason.Replace("'", "") + ".", Hidden: true);
        }
        if (why.Count > 0)
        {
            // Callers in this compilation are told at the call (ADG0204); one in another assembly gets the exception.
            failure = string.Join("; ", why.Distinct());
            return new List<Member>
            {
                Throwing(DerivativeNames.FullPullback, pullback.Function, failure),
                Throwing(DerivativeNames.FullPushforward, pushforward, failure),
                Throwing(DerivativeNames.FullPullbackPushforward, second, failure),
            };
        }
        return new List<Member>
        {
            pullback with { Suffix = DerivativeNames.FullPullback, Documentation = Doc(DerivativeNames.FullPullback), Hidden = true },
            new(DerivativeNames.FullPushforward, pushforward, Doc(DerivativeNames.FullPushforward), Hidden: true),
            secondProblems.Count == 0
                ? secondMember with { Documentation = Doc(DerivativeNames.FullPullbackPushforward) }
                : Throwing(DerivativeNames.FullPullbackPushforward, second, string.Join("; ", secondProblems.Select(p => p.ToString()).Distinct())),
        };
    }
}
