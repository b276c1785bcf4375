using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Models;

namespace AutoDiffGen.Generator.Emit;

/// <summary>
/// Keeps each lowered method's generated file beside its model, so that the generator and the analyzer
/// (<see cref="Diagnostics.DifferentiableAnalyzer"/>), which both need it, generate it once: in a build the analyzer runs
/// after the generator in the same process, on a compilation whose user files are the same trees, and
/// <see cref="Lowering.LoweringCache"/> hands both the same model object. A model equal to one generated recently (the
/// method moved: lowered again, the same model without positions) finds that file too, so the analyzer does not generate
/// again what the generator's pipeline did not.
/// </summary>
internal static class GenerationCache
{
    private sealed class Entry
    {
        public EquatableArray<Registration> Registry;
        public EquatableArray<MethodModel> Callees;
        public GeneratedFile? File;
    }

    private static readonly ConditionalWeakTable<MethodModel, Entry> files = new();

    /// <summary>
    /// The entries of recent models by value, in two generations: at most twice <see cref="GenerationSize"/> files are kept
    /// alive by it (in the IDE, the methods last edited or moved; a build finds its models by reference).
    /// </summary>
    private static Dictionary<MethodModel, Entry> current = new(), previous = new();
    private static readonly object recentLock = new();
    private const int GenerationSize = 256;

    /// <summary>
    /// <see cref="Generation.Generate"/>'s file for <paramref name="model"/> with these callees and custom derivatives,
    /// generated at most once.
    /// </summary>
    public static GeneratedFile Generate(MethodModel model, EquatableArray<MethodModel> callees, EquatableArray<Registration> registry, CancellationToken cancellationToken)
    {
        var entry = files.GetValue(model, Equal);
        // One generation per model at a time: a second caller waits for the first one's file instead of making its own. A
        // generation asks for its callees' files (Generation.InlinableCallees) while it holds its own: never for a method
        // that calls it back, so the locks are taken in the order of calls, and a thread cannot wait for itself.
        lock (entry)
        {
            if (entry.File is { } file && entry.Registry.Equals(registry) && entry.Callees.Equals(callees)) return file;
            file = Generation.Generate(model, callees, registry, cancellationToken);
            entry.Registry = registry;
            entry.Callees = callees;
            entry.File = file;
            return file;
        }
    }

    /// <summary>The entry of a recent model equal to <paramref name="model"/>, or a new one.</summary>
    private static Entry Equal(MethodModel model)
    {
        lock (recentLock)
        {
            if (current.TryGetValue(model, out var entry)) return entry;
            if (!previous.TryGetValue(model, out entry)) entry = new Entry();
            if (current.Count >= GenerationSize)
            {
                previous = current;
                current = new Dictionary<MethodModel, Entry>();
            }
            current[model] = entry;
            return entry;
        }
    }
}
