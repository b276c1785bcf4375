using System.Collections.Generic;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Transforms;

/// <summary>Hands out names that do not clash with any name already in a function.</summary>
internal sealed class NameAllocator
{
    private readonly HashSet<string> used = new();

    public NameAllocator(Function? function = null)
    {
        if (function is null) return;
        foreach (var p in function.Params) used.Add(p.Name);
        IrWalker.CollectNames(function.Body, used);
    }

    public void Reserve(string name) => used.Add(name);

    public bool IsUsed(string name) => used.Contains(name);

    /// <summary><paramref name="preferred"/> if free, else <c>preferred_2</c>, <c>preferred_3</c>, ….</summary>
    public string Fresh(string preferred)
    {
        if (used.Add(preferred)) return preferred;
        for (int i = 2; ; i++)
        {
            var candidate = preferred + "_" + i;
            if (used.Add(candidate)) return candidate;
        }
    }
}
