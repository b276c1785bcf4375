using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;
using static AutoDiffGen.Generator.Ir.IrBuilder;

namespace AutoDiffGen.Generator.Transforms;

/// <summary>
/// Declares the locals that statements assign and add into but nobody declared (the reverse sweep's adjoints), each in
/// the narrowest place: at its first write (<c>double a_bar = e;</c> instead of <c>a_bar += e</c>), or zeroed just before
/// the statement that first touches it; one used only inside one <c>if</c> is declared inside its branches, and one
/// local to a loop's iteration that only that loop uses, inside the loop's body.
/// </summary>
/// <remarks>
/// An IR → IR pass, not part of printing: simplification, which runs after it, works on the declarations it makes (a
/// first write that becomes <c>double y_bar = 1;</c> is a constant to propagate), and every pass after the reverse sweep
/// sees only declared variables.
/// </remarks>
internal static class DeclarationPlacement
{
    /// <param name="statements">The statements that use the locals.</param>
    /// <param name="locals">The undeclared locals.</param>
    /// <param name="types">The type of each local.</param>
    /// <param name="iterationLocals">
    /// Per loop among the statements (by reference), those of the locals that are local to its iteration: they start
    /// again in each iteration, so the loop's body may declare them.
    /// </param>
    public static List<Stmt> Apply(IReadOnlyList<Stmt> statements, HashSet<string> locals, IReadOnlyDictionary<string, IrType> types, IReadOnlyDictionary<Loop, HashSet<string>> iterationLocals)
    {
        // The locals each statement mentions (only those: a statement mentions many other names); most mention none.
        var none = new HashSet<string>();
        var touched = new HashSet<string>();
        var mentions = new List<HashSet<string>>(statements.Count);
        foreach (var s in statements)
        {
            touched.Clear();
            IrWalker.CollectNames(s, touched, only: locals);
            mentions.Add(touched.Count == 0 ? none : new HashSet<string>(touched));
        }

        // Locals touched by a single if (not its condition) are declared inside its branches instead.
        var pushDown = new Dictionary<int, HashSet<string>>();
        // Where each local is mentioned, in one pass (asking every statement about every local was quadratic).
        var mentionedIn = new Dictionary<string, List<int>>();
        for (int i = 0; i < statements.Count; i++)
        {
            foreach (var name in mentions[i])
            {
                if (!locals.Contains(name)) continue;
                if (!mentionedIn.TryGetValue(name, out var at)) mentionedIn[name] = at = new List<int>();
                at.Add(i);
            }
        }
        foreach (var name in locals)
        {
            var where = mentionedIn.TryGetValue(name, out var found) ? found : new List<int>();
            bool intoIf = where.Count == 1 && statements[where[0]] is If f && !IrWalker.Reads(f.Condition).Contains(name);
            bool intoLoop = where.Count == 1 && statements[where[0]] is Loop l && iterationLocals.TryGetValue(l, out var local) && local.Contains(name);
            if (intoIf || intoLoop)
            {
                if (!pushDown.TryGetValue(where[0], out var set)) pushDown[where[0]] = set = new HashSet<string>();
                set.Add(name);
            }
        }

        var done = new HashSet<string>(pushDown.Values.SelectMany(s => s));
        var result = new List<Stmt>();
        for (int i = 0; i < statements.Count; i++)
        {
            var statement = statements[i];
            if (statement is Assign { Value: Binary { Left: Var self } sum } assign && self.Name == assign.Name
                && sum.Op is BinaryOp.Add or BinaryOp.Subtract && !done.Contains(assign.Name)
                && !IrWalker.Reads(sum.Right).Contains(assign.Name) && locals.Contains(assign.Name))
            {
                done.Add(assign.Name);
                result.Add(new Declare(assign.Name, types[assign.Name], sum.Op == BinaryOp.Add ? sum.Right : Neg(sum.Right)));
                continue;
            }
            foreach (var name in mentions[i].Count == 0 ? Enumerable.Empty<string>() : mentions[i].Where(n => !done.Contains(n)).OrderBy(n => n, StringComparer.Ordinal))
            {
                result.Add(new Declare(name, types[name], Constant(types[name], 0)));
                done.Add(name);
            }
            if (statement is Loop loop && pushDown.TryGetValue(i, out var iterationLocal))
            {
                statement = loop with { Body = new Block(Apply(loop.Body.Statements, iterationLocal, types, iterationLocals).ToEquatableArray()) };
            }
            if (statement is If branch && pushDown.TryGetValue(i, out var inner))
            {
                statement = branch with
                {
                    Then = new Block(Apply(branch.Then.Statements, inner, types, iterationLocals).ToEquatableArray()),
                    Else = new Block(Apply(branch.Else.Statements, inner, types, iterationLocals).ToEquatableArray()),
                };
            }
            result.Add(statement);
        }
        return result;
    }
}
