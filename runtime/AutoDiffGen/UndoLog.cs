using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace AutoDiffGen;

/// <summary>
/// The undo log of one buffer that a derivative writes and reads back (a local array, a <c>stackalloc</c>
/// buffer, an output span updated in place): before each write the forward sweep saves the element's index
/// and old value, and the reverse sweep undoes writes, last first, back to a mark, so that the buffer holds
/// again what it held when the mark was taken.
/// </summary>
/// <remarks>
/// <para>
/// A loop's reverse sweep recomputes each iteration from the state the iteration began with. For a buffer
/// that state is the buffer's contents: the forward sweep takes a mark (<see cref="Count"/>) as each
/// iteration begins, and the reverse iteration first undoes back to it (<see cref="Undo"/>).
/// </para>
/// <para>
/// Logs are pooled per thread like <see cref="Tape{T}"/>: a warm call allocates nothing. A log is not
/// thread-safe and belongs to the call that rented it until that call returns it.
/// </para>
/// </remarks>
/// <typeparam name="T">The element type of the buffer.</typeparam>
public sealed class UndoLog<T>
{
    private const int InitialCapacity = 256;

    private Entry[] _entries;
    private int _count;
    private int _peak;
    private bool _inPool;

    private struct Entry
    {
        public int Index;
        public T Value;
    }

    private UndoLog()
    {
        _entries = new Entry[InitialCapacity];
    }

    /// <summary>Takes an empty log from this thread's pool, or creates one if the pool is empty.</summary>
    /// <returns>A log that belongs to the caller until it calls <see cref="Return"/>.</returns>
    public static UndoLog<T> Rent()
    {
        UndoLog<T> log = ThreadPooled<UndoLog<T>>.TryTake() ?? new UndoLog<T>();
        log._inPool = false;
        log._count = 0;
        log._peak = 0;
        return log;
    }

    /// <summary>
    /// Gives the log back to this thread's pool, keeping its storage, and records its <see cref="Peak"/> in
    /// <see cref="LargestPeak"/>. Returning a log that is already in the pool does nothing.
    /// </summary>
    public void Return()
    {
        if (_inPool)
        {
            return;
        }

        ThreadPooled<UndoLog<T>>.RecordPeak(_peak);
        _inPool = ThreadPooled<UndoLog<T>>.Give(this);
    }

    /// <summary>The number of writes saved and not undone: a mark to <see cref="Undo"/> back to.</summary>
    public int Count => _count;

    /// <summary>The largest <see cref="Count"/> this log reached since it was rented.</summary>
    public int Peak => _peak;

    /// <summary>
    /// The largest <see cref="Peak"/> of any <c>UndoLog&lt;T&gt;</c> of this element type, counted when a log is
    /// returned, since the last <see cref="ResetLargestPeak"/>. Benchmarks report it next to time.
    /// </summary>
    public static long LargestPeak => ThreadPooled<UndoLog<T>>.LargestPeak;

    /// <summary>Sets <see cref="LargestPeak"/> back to 0.</summary>
    public static void ResetLargestPeak() => ThreadPooled<UndoLog<T>>.ResetLargestPeak();

    /// <summary>Saves <c>buffer[index]</c> before the caller overwrites it.</summary>
    /// <param name="buffer">The buffer this log belongs to.</param>
    /// <param name="index">The element about to be written.</param>
    /// <exception cref="IndexOutOfRangeException"><paramref name="index"/> is outside <paramref name="buffer"/>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Save(Span<T> buffer, int index)
    {
        T value = buffer[index];
        if ((uint)_count < (uint)_entries.Length)
        {
            Append(index, value);
        }
        else
        {
            SaveWithGrowth(index, value);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Append(int index, T value)
    {
        int count = _count;
        ref Entry entry = ref _entries[count];
        entry.Index = index;
        entry.Value = value;
        count++;
        _count = count;
        if (count > _peak)
        {
            _peak = count;
        }
    }

    /// <summary>
    /// Undoes the saved writes, the last first, until <see cref="Count"/> is <paramref name="mark"/>: each
    /// element gets back the value it had before the write.
    /// </summary>
    /// <param name="buffer">The buffer this log belongs to.</param>
    /// <param name="mark">A <see cref="Count"/> taken earlier; undoing to a mark at or above <see cref="Count"/> does nothing.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="mark"/> is negative.</exception>
    public void Undo(Span<T> buffer, int mark)
    {
        if (mark < 0)
        {
            ThrowNegativeMark(mark);
        }

        Entry[] entries = _entries;
        int count = _count;
        while (count > mark)
        {
            count--;
            ref Entry entry = ref entries[count];
            buffer[entry.Index] = entry.Value;
        }

        _count = count;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void SaveWithGrowth(int index, T value)
    {
        Entry[] entries = _entries;
        if (entries.Length == Array.MaxLength)
        {
            throw new InvalidOperationException(
                $"The undo log of {typeof(T).Name} is full: it cannot hold more than {Array.MaxLength} writes.");
        }

        var grown = new Entry[(int)Math.Min(2L * entries.Length, Array.MaxLength)];
        entries.AsSpan(0, _count).CopyTo(grown);
        _entries = grown;
        Append(index, value);
    }

    [DoesNotReturn]
    private static void ThrowNegativeMark(int mark) =>
        throw new ArgumentOutOfRangeException(nameof(mark), mark, "A mark is a Count taken earlier and cannot be negative.");
}
