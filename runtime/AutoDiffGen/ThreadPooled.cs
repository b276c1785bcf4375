using System;
using System.Threading;

namespace AutoDiffGen;

/// <summary>
/// A small per-thread stack of free objects of one type (the tapes and undo logs of derivative calls), and the
/// largest peak size any of them reached: what <see cref="Tape{T}"/> and <see cref="UndoLog{T}"/> share.
/// </summary>
/// <typeparam name="TItem">The pooled type.</typeparam>
internal static class ThreadPooled<TItem> where TItem : class
{
    /// <summary>The most objects a thread's pool keeps; further returned ones are left to the garbage collector.</summary>
    private const int MaxPooled = 16;

    /// <summary>This thread's free objects, <c>s_pool[0 .. s_pooled)</c>, the most recently returned last.</summary>
    [ThreadStatic]
    private static TItem[]? s_pool;

    [ThreadStatic]
    private static int s_pooled;

    private static long s_largestPeak;

    /// <summary>The object returned most recently on this thread, or null if the pool is empty.</summary>
    public static TItem? TryTake()
    {
        TItem[]? pool = s_pool;
        int pooled = s_pooled;
        if (pool is null || pooled == 0)
        {
            return null;
        }

        pooled--;
        TItem item = pool[pooled];
        pool[pooled] = null!;
        s_pooled = pooled;
        return item;
    }

    /// <summary>Keeps <paramref name="item"/> for the next <see cref="TryTake"/>; false when the pool is full (the item is dropped).</summary>
    public static bool Give(TItem item)
    {
        TItem[] pool = s_pool ??= new TItem[MaxPooled];
        int pooled = s_pooled;
        if (pooled == pool.Length)
        {
            return false;
        }

        pool[pooled] = item;
        s_pooled = pooled + 1;
        return true;
    }

    /// <summary>The largest peak passed to <see cref="RecordPeak"/> since the last <see cref="ResetLargestPeak"/>.</summary>
    public static long LargestPeak => Volatile.Read(ref s_largestPeak);

    public static void ResetLargestPeak() => Volatile.Write(ref s_largestPeak, 0);

    public static void RecordPeak(long peak)
    {
        long largest = Volatile.Read(ref s_largestPeak);
        while (peak > largest)
        {
            long seen = Interlocked.CompareExchange(ref s_largestPeak, peak, largest);
            if (seen == largest)
            {
                return;
            }

            largest = seen;
        }
    }
}
