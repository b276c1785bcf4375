using System.Collections.Generic;
using AutoDiffGen.Generator.Helpers;

namespace AutoDiffGen.Generator.Ir;

/// <summary>
/// A statement or block with new parts, or itself when a pass gave it back its own parts (the same objects): a pass that
/// changed nothing makes nothing new, so later steps can tell by reference.
/// </summary>
internal static class Rebuild
{
    /// <summary>The if with these branches.</summary>
    public static If If(If f, Block then, Block otherwise)
        => ReferenceEquals(then, f.Then) && ReferenceEquals(otherwise, f.Else) ? f : f with { Then = then, Else = otherwise };

    /// <summary>The loop with this head and body.</summary>
    public static Loop Loop(Loop loop, Block head, Block body)
        => ReferenceEquals(head, loop.Head) && ReferenceEquals(body, loop.Body) ? loop : loop with { Head = head, Body = body };

    /// <summary>The block of these statements.</summary>
    public static Block Block(Block block, List<Stmt> statements)
    {
        if (statements.Count == block.Statements.Count)
        {
            bool same = true;
            for (int i = 0; i < statements.Count && same; i++) same = ReferenceEquals(statements[i], block.Statements[i]);
            if (same) return block;
        }
        return new Block(statements.ToEquatableArray());
    }
}
