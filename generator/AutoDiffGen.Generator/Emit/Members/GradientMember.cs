using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Transforms;

namespace AutoDiffGen.Generator.Emit;

/// <summary>The gradient (<c>FGradient</c>) of a method with one scalar result: reverse mode seeded with 1, writing the gradient.</summary>
internal static class GradientMember
{
    /// <summary>The member; <paramref name="matrices"/>: whether the method computes with matrices (a workspace is entered for the call).</summary>
    public static Member Build(Function function, Function canonical, PrimalNames primal, List<MissingDerivative> problems, HashSet<string> active, bool matrices)
    {
        var adjoints = new Dictionary<string, string>();
        var gradient = Function(canonical, primal, problems, adjoints, active);
        return new Member("Gradient", gradient, Documentation(function, gradient))
        {
            SpanChecks = Member.SpanChecksOf(gradient, adjoints),
            MatrixGradients = adjoints.Where(a => function.Params.Any(p => p.Name == a.Key && p.Type == IrType.Matrix)).Select(a => (a.Value, a.Key)).ToList(),
            Workspace = matrices,
        };
    }

    private static Function Function(Function canonical, PrimalNames primal, List<MissingDerivative> problems, Dictionary<string, string> adjoints, HashSet<string> active)
    {
        var names = new NameAllocator(canonical);
        var parameters = new List<Param>(canonical.Params);
        foreach (var p in canonical.Params.Where(p => p.IsActive))
        {
            var name = names.Fresh("d" + p.Name);
            adjoints[p.Name] = name;
            // A span's or a matrix's gradient goes into one the caller owns (overwritten).
            parameters.Add((p.IsContainer ? new Param(name, p.Type, ParamKind.Value, false, Container.Span)
                : p.Type == IrType.Matrix ? new Param(name, p.Type, ParamKind.Value, false)
                : new Param(name, p.Type, ParamKind.Out, false)) with { Origin = p.Origin });
        }
        var seeds = new List<Expr> { IrBuilder.Constant(canonical.Returns[0], 1) };
        var body = ReverseMode.Apply(canonical, seeds, adjoints, overwriteAdjoints: true, returnValue: true, names, problems, active: active);
        return Simplification.Apply(new Function(canonical.Name + "Gradient", parameters.ToEquatableArray(), canonical.Returns, body), primal);
    }

    private static string Documentation(Function f, Function gradient)
    {
        var outs = gradient.Params.Skip(f.Params.Count).ToList();
        var parts = MemberDocs.ActiveParams(f).Select((p, i) => $"<c>{outs[i].Name} = ∂{f.Name}/∂{p.Name}</c>");
        return $"Reverse mode: returns {MemberDocs.Call(f)} and its gradient, {string.Join(", ", parts)}.";
    }
}
