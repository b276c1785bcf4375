using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// Takes a failing random program apart, after CsCheck's shrinking (which draws smaller cases at random and rarely hits
/// the same bug again): greedily, the first of these that still fails the same way replaces the program, until none does
/// or the time is up: helpers removed; statements removed, or replaced by the statements they contain; declarations,
/// buffers and outputs removed; an expression or condition replaced by one of its operands (or a local); span helpers
/// removed or made simpler, span calls given whole spans; local spans given the first span in scope or the whole of it.
/// </summary>
internal static class ProgramShrinker
{
    /// <summary>
    /// The smallest program found that fails like <paramref name="failure"/> (same member), with its failure.
    /// <paramref name="check"/> compiles and checks a program, and says how it fails (null when it does not).
    /// </summary>
    public static (RandomProgram Program, string Failure, int Steps) Shrink(
        RandomProgram program, string failure, Func<RandomProgram, string?> check, TimeSpan budget)
    {
        var stopwatch = Stopwatch.StartNew();
        string kind = Kind(failure);
        int steps = 0;
        bool shrunk = true;
        while (shrunk && stopwatch.Elapsed < budget)
        {
            shrunk = false;
            foreach (var candidate in Reductions(program))
            {
                if (stopwatch.Elapsed >= budget) break;
                if (check(candidate) is { } f && Kind(f) == kind)
                {
                    (program, failure, shrunk) = (candidate, f, true);
                    steps++;
                    break;
                }
            }
        }

        return (program, failure, steps);
    }

    /// <summary>
    /// What failed, without where or by how much: the member and check ("HessianVectorProduct", "Gradient's value"), or
    /// the kind of error ("The generator reported").
    /// </summary>
    public static string Kind(string failure)
    {
        var ends = new[] { "(", "[", ":", " vs ", " at ", "\n" }.Select(t => failure.IndexOf(t, StringComparison.Ordinal)).Where(i => i >= 0);
        return ends.Any() ? failure[..ends.Min()] : failure;
    }

    private static IEnumerable<RandomProgram> Reductions(RandomProgram p)
    {
        for (int k = p.Helpers.Length - 1; k >= 0; k--) yield return p with { Helpers = Without(p.Helpers, k) };
        for (int k = p.SpanHelpers.Length - 1; k >= 0; k--) yield return p with { SpanHelpers = Without(p.SpanHelpers, k) };
        foreach (var body in Blocks(p.Body)) yield return p with { Body = body };
        if (p.Declarations.Length > 1)
        {
            for (int i = 0; i < p.Declarations.Length; i++) yield return p with { Declarations = Without(p.Declarations, i) };
        }

        for (int i = 0; i < p.Buffers.Length; i++) yield return p with { Buffers = Without(p.Buffers, i) };
        for (int i = 0; i < p.Views.Length; i++) yield return p with { Views = Without(p.Views, i) };
        if (p.Outputs.Length > 1)
        {
            for (int i = 0; i < p.Outputs.Length; i++) yield return p with { Outputs = Without(p.Outputs, i) };
        }

        if (p.ScalarCount > 1) yield return p with { ScalarCount = p.ScalarCount - 1 };
        for (int k = 0; k < p.Helpers.Length; k++)
        {
            foreach (var helper in Helpers(p.Helpers[k])) yield return p with { Helpers = With(p.Helpers, k, helper) };
        }

        for (int k = 0; k < p.SpanHelpers.Length; k++)
        {
            foreach (var helper in SpanHelpers(p.SpanHelpers[k])) yield return p with { SpanHelpers = With(p.SpanHelpers, k, helper) };
        }

        if (p.Result is { } result)
        {
            foreach (var r in Expressions(result)) yield return p with { Result = r };
        }

        foreach (var outputs in Each(p.Outputs, Outputs)) yield return p with { Outputs = outputs };
        foreach (var declarations in Each(p.Declarations, Expressions)) yield return p with { Declarations = declarations };
        foreach (var buffers in Each(p.Buffers, Buffers)) yield return p with { Buffers = buffers };
        foreach (var views in Each(p.Views, v => Statements(v).Cast<DeclareView>())) yield return p with { Views = views };
    }

    private static IEnumerable<Helper> Helpers(Helper h)
    {
        foreach (var body in Blocks(h.Body)) yield return h with { Body = body };
        if (h.Arity > 1) yield return h with { Arity = h.Arity - 1 };
        foreach (var r in Expressions(h.Result)) yield return h with { Result = r };
        foreach (var r in Expressions(h.Second)) yield return h with { Second = r };
        foreach (var declarations in Each(h.Declarations, Expressions)) yield return h with { Declarations = declarations };
    }

    private static IEnumerable<SpanHelper> SpanHelpers(SpanHelper h)
    {
        if (h.Nested is { } nested)
        {
            yield return h with { Nested = null };
            foreach (var call in SpanCalls(nested)) yield return h with { Nested = call };
        }

        if (h.SecondSpan) yield return h with { SecondSpan = false };
        if (h.Scalar) yield return h with { Scalar = false };
        if (h.Product) yield return h with { Product = false };
        foreach (var term in Expressions(h.Term)) yield return h with { Term = term };
    }

    /// <summary>The call with whole spans (the first in scope), or a smaller scalar argument.</summary>
    private static IEnumerable<SpanCall> SpanCalls(SpanCall c)
    {
        if (c.Spans.Any(s => s != 0)) yield return c with { Spans = new int[c.Spans.Length] };
        if (c.Slices.Any(s => s != 0)) yield return c with { Slices = new int[c.Slices.Length] };
        foreach (var scalar in Expressions(c.Scalar)) yield return c with { Scalar = scalar };
    }

    private static IEnumerable<Output> Outputs(Output o) => Expressions(o.Value).Select(v => o with { Value = v });

    private static IEnumerable<Buffer> Buffers(Buffer b) => Each(b.Elements, Expressions).Select(e => b with { Elements = e });

    /// <summary>A block with one statement removed, or replaced by those it contains, or made smaller.</summary>
    private static IEnumerable<Statement[]> Blocks(Statement[] block)
    {
        for (int i = 0; i < block.Length; i++) yield return Without(block, i);
        for (int i = 0; i < block.Length; i++)
        {
            var inner = block[i] switch
            {
                IfElse s => s.Then.Concat(s.Else).ToArray(),
                Loop l => l.Body.Where(s => s is not Jump).ToArray(),
                _ => null,
            };
            if (inner is not null) yield return block.Take(i).Concat(inner).Concat(block.Skip(i + 1)).ToArray();
        }

        foreach (var smaller in Each(block, Statements)) yield return smaller;
    }

    private static IEnumerable<Statement> Statements(Statement s) => s switch
    {
        DeclareLocal d => Expressions(d.Value).Select(v => (Statement)new DeclareLocal(v)),
        DeclareFlag d => Conditions(d.Value).Select(v => (Statement)new DeclareFlag(v)),
        Assign a => Expressions(a.Value).Select(v => (Statement)(a with { Value = v })),
        BufferWrite w => Expressions(w.Value).Select(v => (Statement)(w with { Value = v })),
        ViewWrite w => Expressions(w.Value).Select(v => (Statement)(w with { Value = v })),
        DeclareView d => (d.Slice != 0 ? new[] { d with { Slice = 0 } } : Array.Empty<DeclareView>())
            .Concat(d.Source != 0 ? new[] { d with { Source = 0 } } : Array.Empty<DeclareView>()).Select(v => (Statement)v),
        Repoint r => r.Slice != 0 ? new Statement[] { r with { Slice = 0 } } : Array.Empty<Statement>(),
        DeclareBuffer d => Buffers(d.Buffer).Select(b => (Statement)new DeclareBuffer(b)),
        RefWrite r => Expressions(r.Value).Select(v => (Statement)(r with { Value = v })),
        DeclareFromCall d => Each(d.Args, Expressions).Select(a => (Statement)(d with { Args = a })),
        SpanCallStatement c => SpanCalls(c.Call).Select(call => (Statement)new SpanCallStatement(call)).Prepend(new DeclareLocal(c.Call.Scalar)),
        GuardedSqrt g => Expressions(g.Value).Select(v => (Statement)(g with { Value = v }))
            .Concat(Expressions(g.Fallback).Select(v => (Statement)(g with { Fallback = v }))),
        IfElse i => Blocks(i.Then).Select(b => (Statement)(i with { Then = b }))
            .Concat(Blocks(i.Else).Select(b => (Statement)(i with { Else = b })))
            .Concat(Conditions(i.Test).Select(t => (Statement)(i with { Test = t }))),
        Loop l => Blocks(l.Body).Select(b => (Statement)(l with { Body = b }))
            .Concat(l.Bound > 1 ? new Statement[] { l with { Bound = 1 } } : Array.Empty<Statement>())
            .Concat(l.Test is { } t ? Conditions(t).Select(c => (Statement)(l with { Test = c })).Prepend(l with { Test = null }) : Array.Empty<Statement>()),
        Jump j => Conditions(j.Test).Select(t => (Statement)(j with { Test = t })),
        EarlyReturn r => Conditions(r.Test).Select(t => (Statement)(r with { Test = t }))
            .Concat(r.Value is { } v ? Expressions(v).Select(e => (Statement)(r with { Value = e })) : Array.Empty<Statement>()),
        Output o => Outputs(o),
        _ => Array.Empty<Statement>(),
    };

    /// <summary>An expression replaced by one of its operands or a local, or with one operand made smaller.</summary>
    private static IEnumerable<Expr> Expressions(Expr e)
    {
        var operands = e switch
        {
            Apply a => a.Args,
            HelperCall h => h.Args,
            SpanCall s => new[] { s.Scalar },
            Conditional c => new[] { c.WhenTrue, c.WhenFalse },
            _ => Array.Empty<Expr>(),
        };
        if (operands.Length == 0) yield break;
        foreach (var operand in operands) yield return operand;
        yield return new Local(0);
        switch (e)
        {
            case Apply a:
                foreach (var args in Each(a.Args, Expressions)) yield return a with { Args = args };
                if (a.Generic) yield return a with { Generic = false };
                break;
            case HelperCall h:
                foreach (var args in Each(h.Args, Expressions)) yield return h with { Args = args };
                break;
            case SpanCall s:
                foreach (var call in SpanCalls(s)) yield return call;
                break;
            case Conditional c:
                foreach (var t in Conditions(c.Test)) yield return c with { Test = t };
                foreach (var t in Expressions(c.WhenTrue)) yield return c with { WhenTrue = t };
                foreach (var f in Expressions(c.WhenFalse)) yield return c with { WhenFalse = f };
                break;
        }
    }

    private static IEnumerable<Condition> Conditions(Condition c) => c switch
    {
        Comparison k => Expressions(k.Left).Select(l => (Condition)(k with { Left = l })),
        Logical l => new[] { l.Left, l.Right }.Concat(Conditions(l.Left).Select(x => (Condition)(l with { Left = x })))
            .Concat(Conditions(l.Right).Select(x => (Condition)(l with { Right = x }))),
        Not n => Conditions(n.Operand).Prepend(n.Operand),
        _ => Array.Empty<Condition>(),
    };

    /// <summary>The array with one element replaced by each of its reductions, element by element.</summary>
    private static IEnumerable<T[]> Each<T>(T[] items, Func<T, IEnumerable<T>> reductions)
    {
        for (int i = 0; i < items.Length; i++)
        {
            foreach (var smaller in reductions(items[i])) yield return With(items, i, smaller);
        }
    }

    private static T[] Without<T>(T[] items, int index) => items.Where((_, i) => i != index).ToArray();

    private static T[] With<T>(T[] items, int index, T item)
    {
        var copy = (T[])items.Clone();
        copy[index] = item;
        return copy;
    }
}
