using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace AutoDiffGen;

/// <summary>
/// A typed last-in-first-out stack that reverse-mode code uses to keep the values a loop overwrites:
/// the forward sweep pushes each value before it is overwritten, the reverse sweep pops them back in
/// the opposite order.
/// </summary>
/// <remarks>
/// <para>
/// Generated code rents one tape per element type per derivative call (<see cref="Rent"/>) and returns
/// it at the end of that call (<see cref="Return"/>), so a <c>{Name}Gradient</c> that stores doubles and
/// ints uses one <c>Tape&lt;double&gt;</c> and one <c>Tape&lt;int&gt;</c>, whatever the number of loops.
/// </para>
/// <para>
/// Tapes are pooled per thread and keep their storage when returned, so once a call has run on a thread
/// the same call on that thread allocates nothing. The pool is a small stack: a pullback that calls
/// another pullback which rents its own tape while the first one is in use gets a different tape.
/// A tape can be returned on a thread other than the one that rented it; it then joins that thread's pool.
/// </para>
/// <para>
/// A tape is not thread-safe: it belongs to the one call that rented it until that call returns it, and it
/// must not be used after <see cref="Return"/>.
/// </para>
/// </remarks>
/// <typeparam name="T">The element type: double, float, int, bool, ..., or the type parameter of a generic method.</typeparam>
public sealed class Tape<T>
{
    /// <summary>The capacity of a new tape's storage.</summary>
    private const int InitialCapacity = 256;

    private T[] _items;
    private int _count;
    private int _peak;
    private bool _inPool;

    private Tape()
    {
        _items = new T[InitialCapacity];
    }

    /// <summary>
    /// Takes a tape from this thread's pool, or creates one if the pool is empty. The tape is empty
    /// (<see cref="Count"/> is 0, <see cref="Peak"/> is 0) even if its previous user left values on it;
    /// its storage is kept, so pushes up to its <see cref="Capacity"/> allocate nothing.
    /// </summary>
    /// <returns>A tape that belongs to the caller until it calls <see cref="Return"/>.</returns>
    public static Tape<T> Rent()
    {
        Tape<T> tape = ThreadPooled<Tape<T>>.TryTake() ?? new Tape<T>();
        tape._inPool = false;
        tape._count = 0;
        tape._peak = 0;
        return tape;
    }

    /// <summary>
    /// Gives the tape back to this thread's pool, keeping its storage for the next <see cref="Rent"/>, and
    /// records its <see cref="Peak"/> in <see cref="LargestPeak"/>. Returning a tape that is already in the
    /// pool does nothing; when the pool is full the tape is dropped.
    /// </summary>
    public void Return()
    {
        if (_inPool)
        {
            return;
        }

        ThreadPooled<Tape<T>>.RecordPeak(_peak);
        _inPool = ThreadPooled<Tape<T>>.Give(this);
    }

    /// <summary>Pushes <paramref name="value"/> on the tape. Amortized O(1): the storage doubles when full.</summary>
    /// <param name="value">The value to keep.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(T value)
    {
        T[] items = _items;
        int count = _count;
        if ((uint)count < (uint)items.Length)
        {
            items[count] = value;
            count++;
            _count = count;
            if (count > _peak)
            {
                _peak = count;
            }
        }
        else
        {
            PushWithGrowth(value);
        }
    }

    /// <summary>Removes and returns the value pushed most recently.</summary>
    /// <returns>The value of the last <see cref="Push"/> not yet popped.</returns>
    /// <exception cref="InvalidOperationException">The tape is empty.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Pop()
    {
        T[] items = _items;
        int count = _count - 1;
        // count == -1 becomes uint.MaxValue: one comparison covers "empty" and lets the JIT drop the bounds check.
        if ((uint)count >= (uint)items.Length)
        {
            ThrowEmpty();
        }

        _count = count;
        return items[count];
    }

    /// <summary>
    /// Pushes every element of <paramref name="values"/>, the first first: a loop's reverse sweep keeps a small buffer's
    /// contents this way rather than recomputing them. <see cref="PopRange"/> takes them back.
    /// </summary>
    /// <param name="values">The values to keep.</param>
    public void PushRange(ReadOnlySpan<T> values)
    {
        int count = _count;
        if (_items.Length - count < values.Length)
        {
            Grow(count + (long)values.Length);
        }

        values.CopyTo(_items.AsSpan(count));
        count += values.Length;
        _count = count;
        if (count > _peak)
        {
            _peak = count;
        }
    }

    /// <summary>Pops <c>into.Length</c> values into <paramref name="into"/>, in the order <see cref="PushRange"/> pushed them.</summary>
    /// <param name="into">Where the values go; its length is how many are popped.</param>
    /// <exception cref="InvalidOperationException">The tape holds fewer values than <paramref name="into"/> has elements.</exception>
    public void PopRange(Span<T> into)
    {
        int count = _count - into.Length;
        if (count < 0)
        {
            ThrowEmpty();
        }

        _items.AsSpan(count, into.Length).CopyTo(into);
        _count = count;
    }

    /// <summary>The number of values on the tape.</summary>
    public int Count => _count;

    /// <summary>The largest <see cref="Count"/> this tape reached since it was rented.</summary>
    public int Peak => _peak;

    /// <summary>The number of values the tape holds before its storage has to grow.</summary>
    public int Capacity => _items.Length;

    /// <summary>
    /// The largest <see cref="Peak"/> that any <c>Tape&lt;T&gt;</c> of this element type reached, on any
    /// thread, since the last <see cref="ResetLargestPeak"/>; a tape's peak is counted when it is returned.
    /// Benchmarks report it next to time as the memory a derivative call needs for its tape.
    /// </summary>
    public static long LargestPeak => ThreadPooled<Tape<T>>.LargestPeak;

    /// <summary>Sets <see cref="LargestPeak"/> back to 0.</summary>
    public static void ResetLargestPeak() => ThreadPooled<Tape<T>>.ResetLargestPeak();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void PushWithGrowth(T value)
    {
        Grow(_count + 1L);
        _items[_count] = value;
        int count = _count + 1;
        _count = count;
        if (count > _peak)
        {
            _peak = count;
        }
    }

    /// <summary>Doubles the storage (at least to <paramref name="needed"/>), keeping the values.</summary>
    private void Grow(long needed)
    {
        T[] items = _items;
        if (needed > Array.MaxLength)
        {
            throw new InvalidOperationException(
                $"The tape of {typeof(T).Name} is full: it cannot hold more than {Array.MaxLength} values.");
        }

        long doubled = Math.Max(items.Length == 0 ? InitialCapacity : 2L * items.Length, needed);
        T[] grown = GC.AllocateUninitializedArray<T>((int)Math.Min(doubled, Array.MaxLength));
        items.AsSpan(0, _count).CopyTo(grown);
        _items = grown;
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowEmpty() =>
        throw new InvalidOperationException(
            $"The tape of {typeof(T).Name} is empty: pops must match pushes, in reverse order. " +
            "A derivative popped more values than its forward sweep pushed.");
}
