using System.Runtime.CompilerServices;
using System.Threading;
using AutoDiffGen.Generator.Helpers;
using AutoDiffGen.Generator.Models;

namespace AutoDiffGen.Generator.Emit;

/// <summary>
/// Keeps each lowered method's generated file beside its model, so that the generator and the analyzer
/// (<see cref="Diagnostics.DifferentiableAnalyzer"/>), which both need it, generate it once: in a build the analyzer runs
/// after the generator in the same process, on a compilation whose user files are the same trees, and
/// <see cref="Lowering.LoweringCache"/> hands both the same model object.
/// </summary>
internal static class GenerationCache
{
    private sealed class Entry
    {
        public EquatableArray<Registration> Registry;
        public GeneratedFile? File;
    }

    private static readonly ConditionalWeakTable<MethodModel, Entry> files = new();

    /// <summary><see cref="Generation.Generate"/>'s file for <paramref name="model"/> with these custom derivatives, generated at most once.</summary>
    public static GeneratedFile Generate(MethodModel model, EquatableArray<Registration> registry, CancellationToken cancellationToken)
    {
        var entry = files.GetOrCreateValue(model);
        // One generation per model at a time: a second caller waits for the first one's file instead of making its own.
        lock (entry)
        {
            if (entry.File is { } file && entry.Registry.Equals(registry)) return file;
            file = Generation.Generate(model, registry, cancellationToken);
            entry.Registry = registry;
            entry.File = file;
            return file;
        }
    }
}
