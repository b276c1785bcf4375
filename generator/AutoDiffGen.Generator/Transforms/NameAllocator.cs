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
        // Start after the last suffix handed out for this name: a variable assigned n times gets its n versions in O(n).
        int i = next.TryGetValue(preferred, out var from) ? from : 2;
        for (; ; i++)
        {
            var candidate = preferred + "_" + i;
            if (used.Add(candidate))
            {
                next[preferred] = i + 1;
                return candidate;
            }
        }
    }

    private readonly Dictionary<string, int> next = new();
}
