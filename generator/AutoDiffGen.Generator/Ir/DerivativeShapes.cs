using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Ir;

/// <summary>
/// The one definition of what a pullback and a pushforward look like, used to generate them, to call
/// them, and to check custom derivatives users register.
/// <para>Pullback of <c>R F(p…)</c>: <c>void FPullback(p…, seed per output, ref adjoint per active p)</c>.</para>
/// <para>Pushforward of <c>R F(p…)</c>: <c>R FPushforward(p…, tangent per active value p, ref tangent per active ref p, out tangent per output)</c>.</para>
/// </summary>
internal static class DerivativeShapes
{
    public static IEnumerable<Param> Active(IEnumerable<Param> parameters) => parameters.Where(p => p.IsActive);

    public static string SeedName(int output, int outputs) => outputs == 1 ? "seed" : "seed" + (output + 1);

    public static string TangentName(int output, int outputs) => outputs == 1 ? "tangent" : "tangent" + (output + 1);

    /// <summary>The span and array parameters a function writes: its vector outputs.</summary>
    public static IEnumerable<Param> Outputs(IEnumerable<Param> parameters) => parameters.Where(p => p.IsContainer && p.Kind == ParamKind.Out);

    /// <summary>
    /// The pullback's parameters, with the names used for generated ones: the seed of each output span <c>y</c> is a
    /// read-only span <c>dy</c> (<paramref name="outputSeeds"/>), before the seeds of the returned values.
    /// </summary>
    public static EquatableArray<Param> Pullback(Function f, NameAllocator names, Dictionary<string, string> adjointParams, Dictionary<string, string>? outputSeeds = null)
    {
        var result = new List<Param>(f.Params);
        foreach (var p in Outputs(f.Params))
        {
            var name = names.Fresh("d" + p.Name);
            if (outputSeeds is not null) outputSeeds[p.Name] = name;
            result.Add(new Param(name, p.Type, ParamKind.Value, false, Container.ReadOnlySpan) { Origin = p.Origin });
        }
        for (int i = 0; i < f.Returns.Count; i++)
        {
            result.Add(new Param(names.Fresh(SeedName(i, f.Returns.Count)), f.Returns[i], ParamKind.Value, false) { Origin = new StructOrigin(StructOrigin.Results, i) });
        }
        foreach (var p in Active(f.Params))
        {
            var name = names.Fresh("d" + p.Name);
            adjointParams[p.Name] = name;
            // A span's adjoint is a span the caller owns, accumulated into.
            result.Add((p.IsContainer ? new Param(name, p.Type, ParamKind.Value, false, Container.Span) : new Param(name, p.Type, ParamKind.Ref, false)) with { Origin = p.Origin });
        }
        return result.ToEquatableArray();
    }

    /// <summary>The pushforward's parameters; <paramref name="tangentParams"/> maps each active parameter to its tangent.</summary>
    public static EquatableArray<Param> Pushforward(Function f, NameAllocator names, Dictionary<string, string> tangentParams, string tangentPrefix, out EquatableArray<string> outputTangents)
    {
        var result = new List<Param>(f.Params);
        foreach (var p in f.Params.Where(p => p.IsActive && p.Kind == ParamKind.Value))
        {
            var name = names.Fresh(tangentPrefix + p.Name);
            tangentParams[p.Name] = name;
            result.Add(new Param(name, p.Type, ParamKind.Value, false, p.IsContainer ? Container.ReadOnlySpan : Container.None) { Origin = p.Origin });
        }
        foreach (var p in f.Params.Where(p => p.IsActive && p.Kind == ParamKind.Ref))
        {
            var name = names.Fresh(tangentPrefix + p.Name);
            tangentParams[p.Name] = name;
            result.Add(new Param(name, p.Type, ParamKind.Ref, false) { Origin = p.Origin });
        }
        // The tangent of an output span is a span the caller owns, overwritten.
        foreach (var p in Outputs(f.Params))
        {
            var name = names.Fresh(tangentPrefix + p.Name);
            tangentParams[p.Name] = name;
            result.Add(new Param(name, p.Type, ParamKind.Value, false, Container.Span) { Origin = p.Origin });
        }
        var outs = new List<string>();
        for (int i = 0; i < f.Returns.Count; i++)
        {
            var name = names.Fresh(TangentName(i, f.Returns.Count));
            outs.Add(name);
            result.Add(new Param(name, f.Returns[i], ParamKind.Out, false) { Origin = new StructOrigin(StructOrigin.Results, i) });
        }
        outputTangents = outs.ToEquatableArray();
        return result.ToEquatableArray();
    }

    /// <summary>The expected (type, kind) list of a derivative of a target with these parameters and outputs.</summary>
    public static List<(IrType Type, ParamKind Kind)> Expected(IReadOnlyList<Param> target, IReadOnlyList<IrType> outputs, bool pullback)
    {
        var result = target.Select(p => (p.Type, p.Kind)).ToList();
        if (pullback)
        {
            result.AddRange(outputs.Select(o => (o, ParamKind.Value)));
            result.AddRange(Active(target).Select(p => (p.Type, ParamKind.Ref)));
        }
        else
        {
            result.AddRange(target.Where(p => p.IsActive && p.Kind == ParamKind.Value).Select(p => (p.Type, ParamKind.Value)));
            result.AddRange(target.Where(p => p.IsActive && p.Kind == ParamKind.Ref).Select(p => (p.Type, ParamKind.Ref)));
            result.AddRange(outputs.Select(o => (o, ParamKind.Out)));
        }
        return result;
    }

    /// <summary>A readable signature for messages: <c>void (double, double, ref double)</c>.</summary>
    /// <summary>The shape as C#; <paramref name="dataType"/> names the type of the data parameter at an index (the target's own).</summary>
    public static string Describe(List<(IrType Type, ParamKind Kind)> parameters, string returnType, System.Func<int, string> dataType)
        => returnType + " (" + string.Join(", ", parameters.Select((p, i) => (p.Kind == ParamKind.Ref ? "ref " : p.Kind == ParamKind.Out ? "out " : "") + (p.Type == IrType.Data ? dataType(i) : p.Type.ToCSharp()))) + ")";

    public static string ReturnTypeText(IReadOnlyList<IrType> returns) => returns.Count switch
    {
        0 => "void",
        1 => returns[0].ToCSharp(),
        _ => "(" + string.Join(", ", returns.Select(r => r.ToCSharp())) + ")",
    };
}
