using System.Collections.Generic;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Transforms;

/// <summary>
/// The names of a method's own values (its parameters, locals, temporaries, and their versions <c>x_2</c>, …), by stem.
/// Inside its derivatives, a statement that assigns one of them computes a value of the program, which folding constants
/// into must leave bit for bit as the program computes it (<see cref="IrBuilder.RefoldExact"/>: <c>x * 0</c> is not 0 for
/// an infinite <c>x</c>, <c>x + 0</c> not <c>x</c> for <c>x = -0</c>); the other names are derivative values, for which
/// <c>0 + a</c> is <c>a</c>. A derivative's name that happens to share a stem (a temporary <c>t0</c>) is folded exactly
/// too: that costs a fold, never a value.
/// </summary>
internal sealed class PrimalNames
{
    private readonly HashSet<string> stems = new();

    public PrimalNames(Function canonical)
    {
        var names = new HashSet<string>();
        foreach (var p in canonical.Params) names.Add(p.Name);
        IrWalker.CollectNames(canonical.Body, names);
        foreach (var name in names) stems.Add(Stem(name));
    }

    /// <summary>Whether <paramref name="name"/> is a value of the program (null: every name of a function that is the program itself).</summary>
    public static bool Includes(PrimalNames? primal, string name) => primal is null || primal.stems.Contains(Stem(name));

    /// <summary><c>x</c> for <c>x_2</c> (a version, see <see cref="NameAllocator.Fresh"/>); the name itself otherwise.</summary>
    private static string Stem(string name)
    {
        int separator = name.LastIndexOf('_');
        if (separator <= 0 || separator == name.Length - 1) return name;
        for (int i = separator + 1; i < name.Length; i++)
        {
            if (name[i] < '0' || name[i] > '9') return name;
        }
        return name.Substring(0, separator);
    }
}
