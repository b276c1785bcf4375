using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Transforms;

namespace AutoDiffGen.Generator.Emit;

/// <summary>The pushforward (<c>FPushforward</c>): forward mode, the method's value and its directional derivative.</summary>
internal static class PushforwardMember
{
    public static Member Build(Function function, Function canonical, PrimalNames primal, List<MissingDerivative> problems, HashSet<string> active)
    {
        var tangents = new Dictionary<string, string>();
        var pushforward = Function(canonical, primal, problems, tangents, active);
        return new Member("Pushforward", pushforward, Documentation(function, tangents)) { SpanChecks = Member.SpanChecksOf(pushforward, tangents) };
    }

    public static Function Function(Function canonical, PrimalNames primal, List<MissingDerivative> problems, Dictionary<string, string> tangents, HashSet<string>? active, string suffix = DerivativeNames.Pushforward)
    {
        var names = new NameAllocator(canonical);
        var parameters = DerivativeShapes.Pushforward(canonical, names, tangents, "t", out var outputs);
        var body = ForwardMode.Apply(canonical, tangents, outputs, names, problems, active);
        // An output span's tangent starts at zero: elements the method leaves alone do not change.
        var clears = DerivativeShapes.Outputs(canonical.Params).Select(p => (Stmt)new ClearSpan(tangents[p.Name]));
        body = new Block(clears.Concat(body.Statements).ToEquatableArray());
        return Simplification.Apply(new Function(canonical.Name + suffix, parameters, canonical.Returns, body), primal);
    }

    /// <param name="f">The method.</param>
    /// <param name="tangents">Each active parameter and output span of the method, by name, with its tangent.</param>
    private static string Documentation(Function f, IReadOnlyDictionary<string, string> tangents)
    {
        var outputs = DerivativeShapes.Outputs(f.Params).Select(p => tangents[p.Name]).ToList();
        var what = f.Returns.Count == 0 ? $"writes the outputs of {MemberDocs.Call(f)}" : $"returns {MemberDocs.Call(f)}";
        var where = outputs.Count == 0 ? "" : $", into {MemberDocs.Code(outputs)} for the output spans";
        return $"Forward mode (Jacobian-vector product): {what} and the directional derivative along the tangents of its active parameters ({MemberDocs.Code(MemberDocs.ActiveParams(f).Select(p => tangents[p.Name]))}){where}.";
    }
}
