using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Emit;

/// <summary>
/// Calls of struct members with derivatives registered by [DerivativeOf] (<see cref="StructCallShape"/>). The IR passes each
/// struct as its scalars; the member and its registered derivatives take and give the structs. Each generated member that
/// calls one therefore gets a static local function per call it makes (an adapter: <c>Vec_Addition</c>,
/// <c>Vec_AdditionPullback</c>, …) that packs the scalars into structs, calls the member or its derivative, and unpacks what
/// it gives. A registered pullback adds into a <c>ref</c> adjoint; the adapter gives it a zeroed struct and adds the result
/// into the scalars' adjoints, so it is right whether the derivative adds or assigns.
/// </summary>
internal static class StructAdapters
{
    internal enum Role
    {
        Primal,
        Pullback,
        Pushforward,
        PullbackPushforward,
    }

    /// <summary>An adapter: its name, what it stands for, and the call it was made for.</summary>
    internal sealed record Adapter(string Name, Role Role, CallTarget Original);

    /// <summary>
    /// The members with each call of a struct member (and of its derivatives) made to an adapter, each with the adapters it
    /// calls (<see cref="Member.Adapters"/>), written at the end of its body (<see cref="Emit"/>).
    /// </summary>
    public static List<Member> Apply(Function function, List<Member> members)
    {
        var originals = new Dictionary<string, CallTarget>();
        IrWalker.MapExpressions(function.Body, e =>
        {
            if (e is Call { Target: { Kind: CallKind.Custom, Structs: not null } target } && !originals.ContainsKey(target.Key)) originals[target.Key] = target;
            return e;
        });
        if (originals.Count == 0) return members;
        // One name per member called, unlike every name the members use.
        var taken = new HashSet<string>();
        foreach (var m in members)
        {
            foreach (var p in m.Function.Params) taken.Add(p.Name);
            IrWalker.CollectNames(m.Function.Body, taken);
        }
        var names = new NameAllocator();
        foreach (var n in taken) names.Reserve(n);
        var stems = originals.ToDictionary(o => o.Key, o => names.Fresh(Stem(o.Value)));
        var result = new List<Member>();
        foreach (var member in members)
        {
            var calls = new List<Adapter>();
            var body = IrWalker.MapExpressions(member.Function.Body, e =>
            {
                if (e is not Call { Target: { Structs: not null } target } call) return e;
                int hash = target.Key.IndexOf('#');
                if (!originals.TryGetValue(hash < 0 ? target.Key : target.Key.Substring(0, hash), out var original)) return e;
                var role = target.Kind == CallKind.Custom ? Role.Primal
                    : target.QualifiedName == original.Pullback ? Role.Pullback
                    : target.QualifiedName == original.Pushforward ? Role.Pushforward
                    : target.QualifiedName == original.PullbackPushforward ? Role.PullbackPushforward
                    : (Role?)null;
                if (role is null) return e;
                var name = stems[original.Key] + (role == Role.Primal ? "" : role.ToString());
                if (!calls.Any(c => c.Name == name)) calls.Add(new Adapter(name, role.Value, original));
                return call with { Target = target with { ContainingType = "", Name = name } };
            });
            result.Add(member with { Function = member.Function with { Body = body }, Adapters = calls });
        }
        return result;
    }

    /// <summary>The name of a member's adapter: <c>Vec_Addition</c>, <c>Vec_Length</c>, <c>Vec_Dot</c>, <c>NewVec</c>.</summary>
    private static string Stem(CallTarget target)
    {
        var s = target.Structs!;
        var type = s.Type.Substring(s.Type.LastIndexOf('.') + 1);
        return s.Form switch
        {
            MemberForm.Constructor => "New" + type,
            MemberForm.Getter => type + "_" + s.Name,
            MemberForm.Operator or MemberForm.Conversion => type + "_" + (target.Name.StartsWith("op_", System.StringComparison.Ordinal) ? target.Name.Substring(3) : target.Name),
            _ => type + "_" + target.Name,
        };
    }

    /// <summary>Writes a member's adapters as static local functions.</summary>
    public static void Emit(IndentedWriter w, IReadOnlyList<Adapter> adapters)
    {
        foreach (var adapter in adapters)
        {
            w.Line();
            Write(w, adapter);
        }
    }

    /// <summary>A scalar of the adapter's signature: its name, type and how it is passed.</summary>
    private sealed record Scalar(string Name, IrType Type, ParamKind Kind);

    private static void Write(IndentedWriter w, Adapter adapter)
    {
        var target = adapter.Original;
        var s = target.Structs!;
        var names = new NameAllocator();
        // The call's scalars, by input: a struct's leaves (null where a leaf carries no derivative, for adjoints and tangents).
        var inputs = new List<Scalar>();
        foreach (var p in target.Params) inputs.Add(new Scalar(names.Fresh(p.Name), p.Type, ParamKind.Value));
        var output = s.Outputs[0];
        var signature = new List<Scalar>(inputs);
        List<Scalar?> Derived(string prefix, IEnumerable<(Scalar Of, bool Active)> of, ParamKind kind)
        {
            var list = new List<Scalar?>();
            foreach (var (scalar, active) in of)
            {
                var d = active ? new Scalar(names.Fresh(prefix + scalar.Name), scalar.Type, kind) : null;
                list.Add(d);
                if (d is not null) signature.Add(d);
            }
            return list;
        }
        var inputActive = inputs.Select((x, i) => (x, target.Params[i].IsActive)).ToList();
        var outputLeaves = target.Returns.Select((r, k) => new Scalar(output.Shape is null ? "result" : output.Shape.Leaves.ElementAt(k).NamePart, r, ParamKind.Value)).ToList();
        string returns = "void";
        var lines = new List<string>();
        // The structs the member or derivative takes, packed from scalars (a scalar passed as it is).
        string Pack(StructPart part, int first, IReadOnlyList<Scalar?> scalars, string stem)
        {
            if (part.Shape is null) return scalars[first]?.Name ?? "default";
            var local = names.Fresh(stem);
            lines.Add($"var {local} = {StructWrappers.Make(part.Shape, "", leaf => scalars[first + leaf.Index]?.Name ?? "default")};");
            return local;
        }
        List<string> PackAll(IReadOnlyList<StructPart> parts, IReadOnlyList<Scalar?> scalars, string prefix, bool activeOnly)
        {
            var packed = new List<string>();
            int at = 0;
            foreach (var part in parts)
            {
                // What a member gives is the seed (the tangent of the seed), not the seed of a result.
                if (!activeOnly || part.Active) packed.Add(Pack(part, at, scalars, part.Name == "result" ? prefix : prefix + part.Name));
                at += part.Size;
            }
            return packed;
        }
        // Zeroed structs a derivative adds into (a scalar's adjoint is the adapter's own ref), added into the scalars after the call.
        var after = new List<string>();
        List<string> Accumulators(IReadOnlyList<Scalar?> scalars, string prefix)
        {
            var refs = new List<string>();
            int at = 0;
            foreach (var part in s.Inputs)
            {
                int first = at;
                at += part.Size;
                if (!part.Active) continue;
                if (part.Shape is null)
                {
                    refs.Add("ref " + scalars[first]!.Name);
                    continue;
                }
                var local = names.Fresh(prefix + part.Name);
                lines.Add($"var {local} = default({part.Type});");
                refs.Add("ref " + local);
                foreach (var leaf in part.Shape.Leaves.Select((l, k) => (l, k)))
                {
                    if (scalars[first + leaf.k] is { } into) after.Add($"{into.Name} += {local}.{leaf.l.Path};");
                }
            }
            return refs;
        }
        var values = PackAll(s.Inputs, inputs, "", activeOnly: false);
        switch (adapter.Role)
        {
            case Role.Primal:
            {
                returns = DerivativeShapes.ReturnTypeText(target.Returns);
                var value = names.Fresh("value");
                lines.Add($"var {value} = {Invoke(s, values)};");
                lines.Add("return " + Unpack(output, value) + ";");
                break;
            }
            case Role.Pullback:
            {
                var seeds = outputLeaves.Select(o => (Scalar?)new Scalar(names.Fresh(output.Shape is null ? "seed" : "seed_" + o.Name), o.Type, ParamKind.Value)).ToList();
                signature.AddRange(seeds!);
                var adjoints = Derived("d", inputActive, ParamKind.Ref);
                var seed = PackAll(s.Outputs, seeds, "seed", activeOnly: false);
                lines.Add($"{target.Pullback}({string.Join(", ", values.Concat(seed).Concat(Accumulators(adjoints, "d")))});");
                lines.AddRange(after);
                break;
            }
            case Role.Pushforward:
            {
                var tangents = Derived("t", inputActive, ParamKind.Value);
                var outs = outputLeaves.Select(o => new Scalar(names.Fresh(output.Shape is null ? "tangent" : "tangent_" + o.Name), o.Type, ParamKind.Out)).ToList();
                signature.AddRange(outs);
                var tangent = PackAll(s.Inputs, tangents, "t", activeOnly: true);
                var outTangent = names.Fresh("tangent");
                var value = names.Fresh("value");
                returns = DerivativeShapes.ReturnTypeText(target.Returns);
                lines.Add($"var {value} = {target.Pushforward}({string.Join(", ", values.Concat(tangent))}, out var {outTangent});");
                if (output.Shape is null) lines.Add($"{outs[0].Name} = {outTangent};");
                else foreach (var (o, k) in outs.Select((o, k) => (o, k))) lines.Add($"{o.Name} = {outTangent}.{output.Shape.Leaves.ElementAt(k).Path};");
                lines.Add("return " + Unpack(output, value) + ";");
                break;
            }
            default:
            {
                // The pushforward of the pullback: the pullback's scalars, their tangents, and the tangents of its adjoints.
                var seeds = outputLeaves.Select(o => (Scalar?)new Scalar(names.Fresh(output.Shape is null ? "seed" : "seed_" + o.Name), o.Type, ParamKind.Value)).ToList();
                signature.AddRange(seeds!);
                var adjoints = Derived("d", inputActive, ParamKind.Ref);
                var tangents = Derived("t", inputActive, ParamKind.Value);
                var seedTangents = Derived("t", seeds.Select(x => (x!, x!.Type.IsDifferentiable())), ParamKind.Value);
                var adjointTangents = Derived("t", adjoints.Where(a => a is not null).Select(a => (a!, true)), ParamKind.Ref);
                // The tangents of the adjoints, laid out as the adjoints are (one per active scalar input).
                var adjointTangentsByInput = new List<Scalar?>();
                int next = 0;
                foreach (var a in adjoints) adjointTangentsByInput.Add(a is null ? null : adjointTangents[next++]);
                var seed = PackAll(s.Outputs, seeds, "seed", activeOnly: false);
                var tangent = PackAll(s.Inputs, tangents, "t", activeOnly: true);
                var seedTangent = PackAll(s.Outputs, seedTangents, "tseed", activeOnly: true);
                var args = values.Concat(seed).Concat(Accumulators(adjoints, "d")).Concat(tangent).Concat(seedTangent).Concat(Accumulators(adjointTangentsByInput, "td"));
                lines.Add($"{target.PullbackPushforward}({string.Join(", ", args)});");
                lines.AddRange(after);
                break;
            }
        }
        var parameters = signature.Select(p => (p.Kind == ParamKind.Ref ? "ref " : p.Kind == ParamKind.Out ? "out " : "") + p.Type.ToCSharp() + " " + CSharpEmitter.Identifier(p.Name));
        w.Line($"// {Describe(adapter.Role, s)}");
        w.Line($"static {returns} {adapter.Name}({string.Join(", ", parameters)})");
        w.Open();
        foreach (var line in lines) w.Line(line);
        w.Close();
    }

    private static string Describe(Role role, StructCallShape s) => role switch
    {
        Role.Primal => $"{s.Display}, on the structs its scalars make.",
        Role.Pullback => $"The pullback of {s.Display} registered with [DerivativeOf], on the structs its scalars make.",
        Role.Pushforward => $"The pushforward of {s.Display} registered with [DerivativeOf], on the structs its scalars make.",
        _ => $"The pushforward of the pullback of {s.Display} registered with [DerivativeOf], on the structs its scalars make.",
    };

    /// <summary>The member called on packed values: <c>a + b</c>, <c>self.Dot(other)</c>, <c>self.Length</c>, <c>new Vec(x, y)</c>.</summary>
    private static string Invoke(StructCallShape s, List<string> values) => s.Form switch
    {
        MemberForm.Constructor => $"new {s.Type}({string.Join(", ", values)})",
        MemberForm.Getter => $"{values[0]}.{s.Name}",
        MemberForm.Instance => $"{values[0]}.{s.Name}({string.Join(", ", values.Skip(1))})",
        MemberForm.Operator => values.Count == 1 ? $"{s.Name}{values[0]}" : $"{values[0]} {s.Name} {values[1]}",
        MemberForm.Conversion => $"({s.Name}){values[0]}",
        _ => $"{s.Type}.{s.Name}({string.Join(", ", values)})",
    };

    /// <summary>What the adapter returns of a struct (its leaves, a tuple) or a scalar.</summary>
    private static string Unpack(StructPart output, string value)
        => output.Shape is null ? value
            : output.Shape.Size == 1 ? value + "." + output.Shape.Leaves.First().Path
            : "(" + string.Join(", ", output.Shape.Leaves.Select(l => value + "." + l.Path)) + ")";
}
