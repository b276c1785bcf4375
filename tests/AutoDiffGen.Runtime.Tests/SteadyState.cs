using System;

namespace AutoDiffGen.Runtime.Tests;

/// <summary>How many bytes a round of work allocates once warm, measured so that the runtime's own work does not count.</summary>
internal static class SteadyState
{
    /// <summary>
    /// Runs <paramref name="round"/> past the JIT's tier-up threshold (30 calls), then three batches of
    /// <paramref name="rounds"/>, and returns the fewest bytes one batch allocated on this thread: the runtime's own work
    /// (a method reaching its next tier, on-stack replacement) can allocate during one batch, while work that allocates does
    /// so in every batch.
    /// </summary>
    public static long FewestBytes(Action round, int rounds)
    {
        for (int i = 0; i < 40; i++) round();
        long fewest = long.MaxValue;
        for (int batch = 0; batch < 3; batch++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < rounds; i++) round();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return fewest;
    }
}
