using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Transforms;

namespace AutoDiffGen.Generator.Emit;

/// <summary>The Hessian-vector product (<c>FHessianVectorProduct</c>): forward mode over the gradient.</summary>
internal static class HessianVectorProductMember
{
    /// <summary>
    /// H·v: forward mode over the gradient. The gradient's outputs (out scalars, adjoint spans) become locals of the
    /// product, and their tangents its outputs: <c>hvx</c> for <c>dx</c>.
    /// </summary>
    public static Member Build(Function primal, Function gradient, PrimalNames primalNames, List<MissingDerivative> problems)
    {
        // A matrix gradient is read too (the gradient accumulates into it in place, from zero): a ref, with the caller's
        // zeroed hvx as its tangent.
        var canonical = Canonicalization.Apply(gradient with
        {
            Params = gradient.Params.Select((p, i) => i >= primal.Params.Count && p.Type == IrType.Matrix ? p with { Kind = ParamKind.Ref } : p).ToEquatableArray(),
        }, primalNames);
        var adjoints = canonical.Params.Skip(primal.Params.Count).ToList();
        var names = new NameAllocator(canonical);
        var tangents = new Dictionary<string, string>();
        var parameters = new List<Param>(primal.Params);
        foreach (var p in primal.Params.Where(p => p.IsActive))
        {
            var name = names.Fresh("v" + p.Name);
            tangents[p.Name] = name;
            parameters.Add(new Param(name, p.Type, ParamKind.Value, false, p.IsContainer ? Container.ReadOnlySpan : Container.None) { Origin = p.Origin });
        }
        var sources = primal.Params.Where(p => p.IsActive).ToList();
        for (int i = 0; i < adjoints.Count; i++)
        {
            // dx is the gradient's output for x; its tangent is (H·v)_x: a span or a matrix the caller owns, or an out scalar.
            var name = names.Fresh("hv" + sources[i].Name);
            tangents[adjoints[i].Name] = name;
            parameters.Add((adjoints[i].IsContainer ? new Param(name, adjoints[i].Type, ParamKind.Value, false, Container.Span)
                : adjoints[i].Type == IrType.Matrix ? new Param(name, adjoints[i].Type, ParamKind.Value, false)
                : new Param(name, adjoints[i].Type, ParamKind.Out, false)) with { Origin = sources[i].Origin });
        }
        // To forward mode, the gradient's adjoint spans are outputs like its out scalars.
        var asOutputs = canonical with { Params = canonical.Params.Select((p, i) => i >= primal.Params.Count ? p with { Kind = p.Type == IrType.Matrix ? ParamKind.Ref : ParamKind.Out } : p).ToEquatableArray() };
        var body = ForwardMode.Apply(asOutputs, tangents, Array.Empty<string>(), names, problems);
        // The gradient's out scalars become locals of the product; its adjoint spans, pooled local spans.
        var locals = adjoints.Where(p => !p.IsContainer).Select(p => (Stmt)new Declare(p.Name, p.Type, IrBuilder.Constant(p.Type, 0)));
        var withLocals = new Block(locals.Concat(body.Statements).ToEquatableArray());
        var function = Simplification.Apply(new Function(primal.Name + "HessianVectorProduct", parameters.ToEquatableArray(), canonical.Returns, withLocals), primalNames);
        var used = new HashSet<string>();
        IrWalker.CollectNames(function.Body, used);
        var localSpans = adjoints.Select((p, i) => (p, i)).Where(a => a.p.IsContainer && used.Contains(a.p.Name))
            .Select(a => new LocalSpan(a.p.Name, sources[a.i].Name, a.p.Type, CopyFrom: false)).ToList();
        // vx and hvx have the length of x.
        var derived = tangents.Where(t => primal.Params.Any(p => p.Name == t.Key))
            .Concat(adjoints.Select((p, i) => new KeyValuePair<string, string>(sources[i].Name, tangents[p.Name])));
        var matrixProducts = sources.Select((p, i) => (p, i)).Where(a => a.p.Type == IrType.Matrix).Select(a => (tangents[adjoints[a.i].Name], a.p.Name)).ToList();
        return new Member("HessianVectorProduct", function, Documentation(primal, tangents)) { SpanChecks = Member.SpanChecksOf(function, derived), LocalSpans = localSpans, MatrixGradients = matrixProducts };
    }

    /// <param name="f">The method.</param>
    /// <param name="directions">Each active parameter of the method, by name, with its direction (and each adjoint with its product).</param>
    private static string Documentation(Function f, IReadOnlyDictionary<string, string> directions)
        => $"Second order (forward over reverse): returns {MemberDocs.Call(f)} and the Hessian-vector product <c>H·v</c> of {f.Name} for the direction ({MemberDocs.Code(MemberDocs.ActiveParams(f).Select(p => directions[p.Name]))}), without forming <c>H</c>.";
}
