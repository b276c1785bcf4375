using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Transforms;

namespace AutoDiffGen.Generator.Emit;

/// <summary>What the members' documentation comments share: how they write a call of the method, names in code, seeds and adjoints.</summary>
internal static class MemberDocs
{
    /// <summary>The method's parameters as its source names them: a struct once, not each of its fields (<c>Energy(p, x)</c>).</summary>
    public static string Args(Function f)
        => string.Join(", ", f.Params.Where(p => p.Origin is null or { Leaf: 0 or StructOrigin.Elements } && p.Origin?.Group != StructOrigin.This).Select(p => p.Origin?.Group ?? p.Name));

    public static string Call(Function f) => $"<c>{f.Name}({Args(f)})</c>";

    public static IEnumerable<Param> ActiveParams(Function f) => f.Params.Where(p => p.IsActive);

    /// <summary>The names in code, separated by commas: <c>dx</c>, <c>dy</c>.</summary>
    public static string Code(IEnumerable<string> names) => string.Join(", ", names.Select(n => "<c>" + n + "</c>"));

    /// <summary>
    /// The seeds of a pullback, as its documentation names them: its parameters after the method's, one per output span and
    /// then one per element of the result.
    /// </summary>
    public static string Seeds(Function f, Function pullback)
    {
        var outputs = DerivativeShapes.Outputs(f.Params).ToList();
        var seeds = pullback.Params.Skip(f.Params.Count).Take(outputs.Count + f.Returns.Count).Select(p => p.Name).ToList();
        if (outputs.Count == 0 && seeds.Count == 1) return seeds[0] == "seed" ? "the seed" : $"the seed <c>{seeds[0]}</c>";
        var parts = outputs.Select((p, i) => $"<c>{seeds[i]}</c> for <c>{p.Name}</c>").ToList();
        var results = seeds.Skip(outputs.Count).ToList();
        if (results.Count == 1) parts.Add($"<c>{results[0]}</c> for the result");
        else if (results.Count > 1) parts.Add($"{Code(results)} for the elements of the result");
        return $"the seeds ({string.Join(", ", parts)}{(outputs.Count > 0 ? ", left unchanged" : "")})";
    }

    /// <summary>The adjoints of a pullback: its last parameters, one per active parameter of the method.</summary>
    public static IEnumerable<string> Adjoints(Function f, Function pullback)
        => pullback.Params.Skip(pullback.Params.Count - ActiveParams(f).Count()).Select(p => p.Name);
}
