using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Transforms;

/// <summary>
/// Gives a function a single exit: its body ends with the only <see cref="Return"/>. An early
/// <c>if (c) return a; rest</c> becomes <c>if (c) result = a; else { rest }</c> (the statements after
/// an <c>if</c> move into the branch that can fall through), so the reverse sweep sees structured code.
/// </summary>
internal static class ReturnNormalization
{
    public static Function Apply(Function function)
    {
        if (!NeedsWork(function.Body)) return function;
        var names = new NameAllocator(function);
        var results = function.Returns.Select((t, i) => new Var(names.Fresh(function.Returns.Count == 1 ? "result" : "result" + (i + 1)), t)).ToArray();
        var body = new List<Stmt>();
        body.AddRange(results.Select(r => (Stmt)new Declare(r.Name, r.Type, null)));
        body.AddRange(Normalize(function.Body.Statements, 0, results));
        body.Add(new Return(results.Select(r => (Expr)r).ToEquatableArray()));
        return function with { Body = new Block(body.ToEquatableArray()) };
    }

    /// <summary>Whether any return is not the last top-level statement.</summary>
    private static bool NeedsWork(Block body)
    {
        var statements = body.Statements;
        for (int i = 0; i < statements.Count; i++)
        {
            if (statements[i] is Return && i != statements.Count - 1) return true;
            if (statements[i] is If f && (ContainsReturn(f.Then) || ContainsReturn(f.Else))) return true;
        }
        return false;
    }

    private static bool ContainsReturn(Block block) => IrWalker.Any(block, s => s is Return);

    /// <summary>Whether every path through the statements ends in a return.</summary>
    private static bool AlwaysReturns(IReadOnlyList<Stmt> statements)
        => statements.Any(s => s is Return || (s is If f && AlwaysReturns(f.Then.Statements) && AlwaysReturns(f.Else.Statements)));

    private static List<Stmt> Normalize(IReadOnlyList<Stmt> statements, int start, Var[] results)
    {
        var output = new List<Stmt>();
        for (int i = start; i < statements.Count; i++)
        {
            var statement = statements[i];
            if (statement is Return ret)
            {
                for (int k = 0; k < results.Length; k++) output.Add(new Assign(results[k].Name, ret.Values[k]));
                return output; // anything after a return is unreachable
            }
            if (statement is If f && (ContainsReturn(f.Then) || ContainsReturn(f.Else)))
            {
                var rest = statements.Skip(i + 1).ToList();
                bool thenReturns = AlwaysReturns(f.Then.Statements);
                bool elseReturns = AlwaysReturns(f.Else.Statements);
                var thenStatements = thenReturns ? f.Then.Statements.ToList() : f.Then.Statements.Concat(rest).ToList();
                var elseStatements = elseReturns ? f.Else.Statements.ToList() : f.Else.Statements.Concat(rest).ToList();
                output.Add(new If(f.Condition, new Block(Normalize(thenStatements, 0, results).ToEquatableArray()), new Block(Normalize(elseStatements, 0, results).ToEquatableArray())));
                return output;
            }
            output.Add(statement);
        }
        return output;
    }
}
