using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Transforms;
/// <summary>
/// The versions of <see cref="Canonicalization"/>'s variables (static single assignment): the current version of each
/// variable, a new one for each assignment, and where its declaration goes (hoisted out of branches).
/// </summary>
internal sealed partial class Canonicalization
{
    private Var Rename(Var v) => current.TryGetValue(v.Name, out var version) && version is not null ? v with { Name = version } : v;

    /// <summary>The current value of a variable: its current version, or the constant that version holds.</summary>
    private Expr Value(Var v) => current.TryGetValue(v.Name, out var version) && version is not null ? ValueOf(version, v.Type) : v;

    private Expr ValueOf(string version, IrType type) => constants.TryGetValue(version, out var constant) ? constant : new Var(version, type);

    private string NewVersion(string name)
    {
        if (defined.Add(name))
        {
            names.Reserve(name);
            return name;
        }
        var version = names.Fresh(name);
        defined.Add(version);
        types[version] = types[name];
        return version;
    }

    private void Emit(string name, IrType type, Expr value, List<Stmt> output)
    {
        types[name] = type;
        if (depth == 0)
        {
            output.Add(new Declare(name, type, value));
        }
        else
        {
            hoisted.Add(new Declare(name, type, Zero(type)));
            output.Add(new Assign(name, value));
        }
    }

    private void DeclareOnly(string name, IrType type, List<Stmt> output)
    {
        types[name] = type;
        if (depth == 0) output.Add(new Declare(name, type, null));
        else hoisted.Add(new Declare(name, type, Zero(type)));
    }

    private static Const Zero(IrType type) => new(type, 0);
}
