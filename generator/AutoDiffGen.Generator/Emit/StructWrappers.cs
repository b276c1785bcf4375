using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Models;
using AutoDiffGen.Generator.Symbols;

namespace AutoDiffGen.Generator.Emit;

/// <summary>
/// The public overloads of the generated members of a method with struct parameters or results. The IR, and so each
/// generated member, has a scalar per leaf of a struct (<c>p_X</c>, <c>dp_X</c>); the overload takes and gives the structs
/// as the method does (<c>Params p, out Params dp</c>), unpacking them into the scalar member (hidden from IntelliSense)
/// and packing its results. An adjoint or a tangent of a struct is the same struct, memberwise; a leaf that carries no
/// derivative (an int, a [NoDerivative] field) is 0 in an <c>out</c> one, and left as it was in a <c>ref</c> one.
/// </summary>
internal static class StructWrappers
{
    /// <summary>A run of the scalar member's parameters that the overload passes as one (a struct, or a scalar as it is).</summary>
    private sealed record Run(List<Param> Scalars, StructShape? Shape, string Name, int[] Leaves, bool Result)
    {
        /// <summary>A span or array of structs, passed as a span of their leaves (<see cref="StructOrigin.Elements"/>).</summary>
        public bool Elements => Leaves.Length == 1 && Leaves[0] == StructOrigin.Elements;
    }

    /// <summary>Writes the overload of the scalar member <paramref name="name"/> with parameters <paramref name="core"/>.</summary>
    /// <param name="primal">The method's IR parameters, whose leaf names the derivative parameters' names are made of.</param>
    /// <param name="returnsPrimal">Whether the member returns the method's results (the gradient, the pushforward, the Hessian).</param>
    public static void Emit(IndentedWriter w, MethodModel model, Function primal, string name, IReadOnlyList<Param> core, IReadOnlyList<IrType> returns,
        bool returnsPrimal, string summary, string generatedCode, string excludeFromCoverage)
    {
        var structs = model.Structs!;
        var names = new NameAllocator();
        foreach (var p in core) names.Reserve(p.Name);
        var runs = Runs(structs, primal, core, names);
        bool packResult = returnsPrimal && structs.Results.Count > 0;
        var returnType = packResult ? structs.ResultType : DerivativeShapes.ReturnTypeText(returns);

        // The summary of the scalar member, its leaves named as the struct's fields: dp.A for dp_A.
        foreach (var run in runs.Where(r => r.Shape is not null && !r.Elements))
        {
            for (int i = 0; i < run.Scalars.Count; i++)
            {
                summary = System.Text.RegularExpressions.Regex.Replace(summary, @"\b" + System.Text.RegularExpressions.Regex.Escape(run.Scalars[i].Name) + @"\b", run.Name + "." + run.Shape!.Leaves.ElementAt(run.Leaves[i]).Path);
            }
        }
        w.Line("/// <summary>");
        w.Line($"/// {summary}");
        w.Line("/// </summary>");
        w.Line(generatedCode);
        w.Line(excludeFromCoverage);
        // The object of an instance method of a struct is the overload's own 'this'.
        var declared = runs.Where(r => !IsThis(r)).Select(r => r.Shape is null && !r.Result ? CSharpEmitter.Parameter(r.Scalars[0])
            : r.Elements ? ElementsType(structs, r) + " " + CSharpEmitter.Identifier(r.Name)
            : Modifier(r.Scalars[0]) + (r.Shape?.Type ?? r.Scalars[0].Type.ToCSharp()) + " " + CSharpEmitter.Identifier(r.Name));
        w.Line($"{model.Modifiers} {returnType} {CSharpEmitter.Identifier(name)}{model.TypeParameters}({string.Join(", ", declared)}){model.ConstraintClause}");
        w.Open();
        // A ref struct's leaves are read into locals the scalar member adds into.
        foreach (var run in runs.Where(r => r.Shape is not null && !r.Elements && r.Scalars[0].Kind == ParamKind.Ref))
        {
            for (int i = 0; i < run.Scalars.Count; i++) w.Line($"{run.Scalars[i].Type.ToCSharp()} {CSharpEmitter.Identifier(run.Scalars[i].Name)} = {Read(run, i)};");
        }
        var args = new List<string>();
        foreach (var run in runs)
        {
            for (int i = 0; i < run.Scalars.Count; i++)
            {
                var p = run.Scalars[i];
                if (run.Elements)
                {
                    // The structs' leaves laid end to end, without a copy.
                    var source = structs.Parameters.FirstOrDefault(s => s.Name == run.Name)?.Declared is { } declaredType && declaredType.EndsWith("[]", System.StringComparison.Ordinal)
                        ? $"new global::System.Span<{run.Shape!.Type}>({CSharpEmitter.Identifier(run.Name)})" : CSharpEmitter.Identifier(run.Name);
                    args.Add($"global::System.Runtime.InteropServices.MemoryMarshal.Cast<{run.Shape!.Type}, {p.Type.ToCSharp()}>({source})");
                }
                else if (run.Shape is null)
                {
                    args.Add(Modifier(p) + CSharpEmitter.Identifier(run.Result ? run.Name : p.Name));
                }
                else
                {
                    args.Add(p.Kind switch
                    {
                        ParamKind.Out => $"out {p.Type.ToCSharp()} {CSharpEmitter.Identifier(p.Name)}",
                        ParamKind.Ref => "ref " + CSharpEmitter.Identifier(p.Name),
                        _ => IsThis(run) ? "this." + run.Shape!.Leaves.ElementAt(run.Leaves[i]).Path : Read(run, i),
                    });
                }
            }
        }
        var call = $"{CSharpEmitter.Identifier(name)}{model.TypeParameters}({string.Join(", ", args)})";
        var result = names.Fresh("result");
        w.Line(returns.Count == 0 ? call + ";" : $"var {result} = {call};");
        foreach (var run in runs.Where(r => r.Shape is not null && !r.Elements && r.Scalars[0].Kind != ParamKind.Value))
        {
            var values = new Dictionary<int, string>();
            for (int i = 0; i < run.Scalars.Count; i++) values[run.Leaves[i]] = CSharpEmitter.Identifier(run.Scalars[i].Name);
            bool keep = run.Scalars[0].Kind == ParamKind.Ref;
            w.Line($"{CSharpEmitter.Identifier(run.Name)} = {Make(run.Shape!, "", leaf => values.TryGetValue(leaf.Index, out var v) ? v : keep ? CSharpEmitter.Identifier(run.Name) + "." + leaf.Path : "default")};");
        }
        if (returns.Count > 0)
        {
            if (!packResult)
            {
                w.Line($"return {result};");
            }
            else
            {
                string Item(int i) => returns.Count == 1 ? result : result + ".Item" + (i + 1);
                var parts = new List<string>();
                int at = 0;
                foreach (var part in structs.Results)
                {
                    int first = at;
                    if (part is null)
                    {
                        parts.Add(Item(at++));
                        continue;
                    }
                    parts.Add(Make(part, "", leaf => Item(first + leaf.Index)));
                    at += part.Size;
                }
                w.Line($"return {(parts.Count == 1 ? parts[0] : "(" + string.Join(", ", parts) + ")")};");
            }
        }
        w.Close();
    }

    /// <summary>The type of a span or array of structs: as the method declares it for its own parameter, else a span of the structs.</summary>
    private static string ElementsType(StructBoundary structs, Run run)
    {
        var p = run.Scalars[0];
        if (structs.Parameters.FirstOrDefault(s => s.Name == run.Name)?.Declared is { } declared && p.Name == run.Name) return declared;
        return $"global::System.{(p.Container == Container.Span ? "Span" : "ReadOnlySpan")}<{run.Shape!.Type}>";
    }

    /// <summary>Whether a run is the object of an instance method of a struct (its own leaves, not a derivative of them).</summary>
    private static bool IsThis(Run run) => run.Name == StructOrigin.This;

    private static string Modifier(Param p) => p.IsContainer ? "" : p.Kind == ParamKind.Ref ? "ref " : p.Kind == ParamKind.Out ? "out " : "";

    /// <summary>The leaf of a run's struct that its <paramref name="i"/>-th scalar stands for, read from the struct: <c>p.Position.X</c>.</summary>
    private static string Read(Run run, int i) => CSharpEmitter.Identifier(run.Name) + "." + run.Shape!.Leaves.ElementAt(run.Leaves[i]).Path;

    internal sealed record IndexedLeaf(int Index, string Path);

    /// <summary><c>new T(a, b)</c> or <c>new T { A = a, B = b }</c>, nested structs made the same way, from each leaf's value.</summary>
    internal static string Make(StructShape shape, string prefix, System.Func<IndexedLeaf, string> value, int offset = 0)
    {
        var parts = new List<string>();
        int at = offset;
        foreach (var member in shape.Members)
        {
            var text = member.Nested is { } nested ? Make(nested, prefix + member.Name + ".", value, at) : value(new IndexedLeaf(at, prefix + member.Name));
            at += member.Nested?.Size ?? 1;
            parts.Add(shape.Construction == StructConstruction.Constructor ? text : member.Name + " = " + text);
        }
        return shape.Construction == StructConstruction.Constructor
            ? $"new {shape.Type}({string.Join(", ", parts)})"
            : $"new {shape.Type} {{ {string.Join(", ", parts)} }}";
    }

    /// <summary>The scalar member's parameters grouped into the overload's.</summary>
    private static List<Run> Runs(StructBoundary structs, Function primal, IReadOnlyList<Param> core, NameAllocator names)
    {
        var leafNames = primal.Params.Where(p => p.Origin is not null).ToDictionary(p => (p.Origin!.Group, p.Origin.Leaf), p => p.Name);
        // Where each of the method's results starts among its scalars, and which part of the result it is.
        var partOf = new List<(int Part, int Leaf)>();
        for (int k = 0; k < structs.Results.Count; k++)
        {
            for (int leaf = 0; leaf < (structs.Results[k]?.Size ?? 1); leaf++) partOf.Add((k, leaf));
        }
        var runs = new List<Run>();
        for (int i = 0; i < core.Count;)
        {
            var p = core[i];
            var origin = p.Origin;
            if (origin is null || (origin.Group == StructOrigin.Results && structs.Results.Count == 0))
            {
                runs.Add(new Run(new List<Param> { p }, null, p.Name, new[] { 0 }, false));
                i++;
                continue;
            }
            var scalars = new List<Param> { p };
            if (origin.Leaf == StructOrigin.Elements)
            {
                runs.Add(new Run(scalars, structs.Shape(origin.Group), p.Name, new[] { StructOrigin.Elements }, false));
                i++;
                continue;
            }
            if (origin.Group == StructOrigin.Results)
            {
                var (part, _) = partOf[origin.Leaf];
                while (i + scalars.Count < core.Count && core[i + scalars.Count].Origin is { Group: StructOrigin.Results } next && partOf[next.Leaf].Part == part && next.Leaf == origin.Leaf + scalars.Count)
                {
                    scalars.Add(core[i + scalars.Count]);
                }
                var stem = p.Name.TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9');
                var name = names.Fresh(structs.Results.Count == 1 ? stem : stem + (part + 1));
                runs.Add(new Run(scalars, structs.Results[part], name, scalars.Select(s => partOf[s.Origin!.Leaf].Leaf).ToArray(), true));
            }
            else
            {
                while (i + scalars.Count < core.Count && core[i + scalars.Count].Origin is { } next && next.Group == origin.Group && next.Leaf > scalars[scalars.Count - 1].Origin!.Leaf
                    && core[i + scalars.Count].Kind == p.Kind && core[i + scalars.Count].Container == p.Container)
                {
                    scalars.Add(core[i + scalars.Count]);
                }
                var leafName = leafNames.TryGetValue((origin.Group, origin.Leaf), out var n) ? n : null;
                var wrapped = leafName is not null && p.Name.Contains(leafName) ? p.Name.Replace(leafName, origin.Group) : origin.Group + "_" + p.Name;
                runs.Add(new Run(scalars, structs.Shape(origin.Group), names.Fresh(wrapped), scalars.Select(s => s.Origin!.Leaf).ToArray(), false));
            }
            i += scalars.Count;
        }
        return runs;
    }
}
