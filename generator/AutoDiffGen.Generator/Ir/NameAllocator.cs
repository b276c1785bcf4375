using System.Collections.Generic;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Ir;

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

    /// <summary>
    /// <paramref name="preferred"/> if free, else <c>preferred_2</c>, <c>preferred_3</c>, …; a name that already ends in
    /// such a number counts on from it: <c>s_2</c> taken gives <c>s_3</c>, not <c>s_2_2</c>.
    /// </summary>
    public string Fresh(string preferred)
    {
        if (used.Add(preferred)) return preferred;
        var stem = preferred;
        int version = 1;
        int separator = preferred.LastIndexOf('_');
        if (separator > 0 && int.TryParse(preferred.Substring(separator + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= 2)
        {
            stem = preferred.Substring(0, separator);
            version = n;
        }
        // Start after the last suffix handed out for this stem: a variable assigned n times gets its n versions in O(n).
        int i = next.TryGetValue(stem, out var from) ? System.Math.Max(from, version + 1) : version + 1;
        for (; ; i++)
        {
            var candidate = stem + "_" + i;
            if (used.Add(candidate))
            {
                next[stem] = i + 1;
                return candidate;
            }
        }
    }

    private readonly Dictionary<string, int> next = new();
}
