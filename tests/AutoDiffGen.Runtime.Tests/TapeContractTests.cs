using System;
using System.Collections.Generic;
using System.Numerics;
using Xunit;

namespace AutoDiffGen.Runtime.Tests;

/// <summary>
/// The behaviour every <see cref="Tape{T}"/> must have, run once per element type by the sealed classes
/// at the end of this file. These tests never reset <see cref="Tape{T}.LargestPeak"/>, so they can run in
/// parallel with each other; the tests that reset it use element types of their own (<see cref="TapePoolTests"/>).
/// </summary>
public abstract class TapeContractTests<T> where T : unmanaged
{
    /// <summary>A value that depends on <paramref name="i"/>, so that a value popped out of order shows.</summary>
    protected abstract T ValueAt(int i);

    private static bool Same(T a, T b) => EqualityComparer<T>.Default.Equals(a, b);

    [Fact]
    public void Pops_come_back_last_in_first_out_across_growth()
    {
        const int N = 100_000;
        Tape<T> tape = Tape<T>.Rent();
        try
        {
            Assert.Equal(0, tape.Count);
            int capacityBefore = tape.Capacity;
            for (int i = 0; i < N; i++)
            {
                tape.Push(ValueAt(i));
                Assert.Equal(i + 1, tape.Count);
            }

            Assert.True(tape.Capacity >= N);
            Assert.True(tape.Capacity > capacityBefore || capacityBefore >= N);
            for (int i = N - 1; i >= 0; i--)
            {
                T popped = tape.Pop();
                if (!Same(popped, ValueAt(i)))
                {
                    Assert.Fail($"Pop #{N - i} returned {popped}, expected {ValueAt(i)} (pushed #{i + 1}).");
                }
            }

            Assert.Equal(0, tape.Count);
            Assert.Equal(N, tape.Peak);
        }
        finally
        {
            tape.Return();
        }
    }

    [Fact]
    public void Capacity_is_256_doubled_and_doubles_when_full()
    {
        // Whatever tape the pool gives, its storage is 256 values doubled some number of times.
        Tape<T> tape = Tape<T>.Rent();
        try
        {
            int start = tape.Capacity;
            Assert.True(start >= 256);
            Assert.True(BitOperations.IsPow2(start / 256) && start % 256 == 0, $"Capacity {start}");
            for (int i = 0; i < start; i++)
            {
                tape.Push(ValueAt(i));
            }

            Assert.Equal(start, tape.Capacity);
            tape.Push(ValueAt(start));
            Assert.Equal(2 * start, tape.Capacity);
            Assert.Equal(start + 1, tape.Count);
            for (int i = start; i >= 0; i--)
            {
                Assert.True(Same(tape.Pop(), ValueAt(i)));
            }
        }
        finally
        {
            tape.Return();
        }
    }

    [Fact]
    public void Interleaved_pushes_and_pops_pop_the_latest_value()
    {
        Tape<T> tape = Tape<T>.Rent();
        try
        {
            // Loops inside loops: an inner sweep pushes and pops while an outer one keeps values below it.
            for (int outer = 0; outer < 50; outer++)
            {
                tape.Push(ValueAt(outer));
                for (int inner = 0; inner < 300; inner++)
                {
                    tape.Push(ValueAt(1000 + inner));
                }

                for (int inner = 299; inner >= 0; inner--)
                {
                    Assert.True(Same(tape.Pop(), ValueAt(1000 + inner)));
                }
            }

            for (int outer = 49; outer >= 0; outer--)
            {
                Assert.True(Same(tape.Pop(), ValueAt(outer)));
            }

            Assert.Equal(0, tape.Count);
            Assert.Equal(350, tape.Peak);
        }
        finally
        {
            tape.Return();
        }
    }

    [Fact]
    public void Pop_on_an_empty_tape_throws_and_leaves_it_usable()
    {
        Tape<T> tape = Tape<T>.Rent();
        try
        {
            InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => tape.Pop());
            Assert.Contains("empty", e.Message, StringComparison.Ordinal);
            Assert.Contains("pops must match pushes", e.Message, StringComparison.Ordinal);
            Assert.Equal(0, tape.Count);

            tape.Push(ValueAt(7));
            tape.Push(ValueAt(8));
            Assert.True(Same(tape.Pop(), ValueAt(8)));
            Assert.True(Same(tape.Pop(), ValueAt(7)));
            Assert.Throws<InvalidOperationException>(() => tape.Pop());
            Assert.Equal(0, tape.Count);

            tape.Push(ValueAt(9));
            Assert.Equal(1, tape.Count);
            Assert.True(Same(tape.Pop(), ValueAt(9)));
        }
        finally
        {
            tape.Return();
        }
    }

    [Fact]
    public void Rent_returns_an_empty_tape_after_a_user_left_values_on_it()
    {
        Tape<T> first = Tape<T>.Rent();
        for (int i = 0; i < 1000; i++)
        {
            first.Push(ValueAt(i));
        }

        int capacity = first.Capacity;
        first.Return(); // 1000 values left on it, never popped

        Tape<T> second = Tape<T>.Rent();
        try
        {
            Assert.Same(first, second); // the pool gave back the tape just returned ...
            Assert.Equal(0, second.Count); // ... empty
            Assert.Equal(0, second.Peak);
            Assert.Equal(capacity, second.Capacity); // ... with its storage kept
            Assert.Throws<InvalidOperationException>(() => second.Pop());

            second.Push(ValueAt(1));
            Assert.True(Same(second.Pop(), ValueAt(1)));
        }
        finally
        {
            second.Return();
        }
    }

    [Fact]
    public void Nested_rents_return_distinct_tapes()
    {
        // A pullback rents a tape, then calls a pullback that rents its own, which calls a third.
        Tape<T> outer = Tape<T>.Rent();
        outer.Push(ValueAt(1));
        Tape<T> middle = Tape<T>.Rent();
        middle.Push(ValueAt(2));
        middle.Push(ValueAt(3));
        Tape<T> inner = Tape<T>.Rent();

        Assert.NotSame(outer, middle);
        Assert.NotSame(outer, inner);
        Assert.NotSame(middle, inner);
        Assert.Equal(1, outer.Count);
        Assert.Equal(2, middle.Count);
        Assert.Equal(0, inner.Count);

        for (int i = 0; i < 500; i++)
        {
            inner.Push(ValueAt(100 + i));
        }

        for (int i = 499; i >= 0; i--)
        {
            Assert.True(Same(inner.Pop(), ValueAt(100 + i)));
        }

        inner.Return();

        // The inner call's tape came back to the pool; the callers' tapes are untouched.
        Assert.True(Same(middle.Pop(), ValueAt(3)));
        Assert.True(Same(middle.Pop(), ValueAt(2)));
        middle.Return();
        Assert.True(Same(outer.Pop(), ValueAt(1)));
        outer.Return();
    }

    [Fact]
    public void Returning_twice_does_not_put_a_tape_in_the_pool_twice()
    {
        Tape<T> tape = Tape<T>.Rent();
        tape.Push(ValueAt(1));
        tape.Return();
        tape.Return();

        Tape<T> a = Tape<T>.Rent();
        Tape<T> b = Tape<T>.Rent();
        try
        {
            Assert.NotSame(a, b);
            Assert.Same(tape, a);

            a.Push(ValueAt(10));
            b.Push(ValueAt(20));
            Assert.Equal(1, a.Count);
            Assert.Equal(1, b.Count);
            Assert.True(Same(a.Pop(), ValueAt(10)));
            Assert.True(Same(b.Pop(), ValueAt(20)));
        }
        finally
        {
            b.Return();
            a.Return();
        }
    }

    [Fact]
    public void Peak_is_the_largest_count_since_rent_and_counts_toward_LargestPeak()
    {
        Tape<T> tape = Tape<T>.Rent();
        Assert.Equal(0, tape.Peak);
        for (int i = 0; i < 5; i++)
        {
            tape.Push(ValueAt(i));
        }

        tape.Pop();
        tape.Pop();
        tape.Pop();
        Assert.Equal(2, tape.Count);
        Assert.Equal(5, tape.Peak);

        tape.Push(ValueAt(5));
        Assert.Equal(5, tape.Peak);
        for (int i = 0; i < 400; i++) // past the first growth
        {
            tape.Push(ValueAt(i));
        }

        Assert.Equal(403, tape.Count);
        Assert.Equal(403, tape.Peak);
        tape.Return();

        // No test resets LargestPeak for this element type, so it can only have grown since.
        Assert.True(Tape<T>.LargestPeak >= 403, $"LargestPeak {Tape<T>.LargestPeak}");

        Tape<T> again = Tape<T>.Rent();
        Assert.Equal(0, again.Peak);
        again.Return();
    }

    [Fact]
    public void Steady_state_rent_push_pop_return_allocates_nothing()
    {
        T first = ValueAt(0);
        T last = ValueAt(999);

        // The warm-up creates the tape, grows it and creates this thread's pool.
        int mismatches = 0;
        long fewest = SteadyState.FewestBytes(() => mismatches += RentPushPopReturn(first, last), rounds: 100);

        Assert.Equal(0, mismatches);
        Assert.Equal(0L, fewest);
    }

    private static int RentPushPopReturn(T first, T last)
    {
        Tape<T> tape = Tape<T>.Rent();
        for (int i = 0; i < 999; i++)
        {
            tape.Push(first);
        }

        tape.Push(last);

        int mismatches = Same(tape.Pop(), last) ? 0 : 1;
        for (int i = 0; i < 999; i++)
        {
            if (!Same(tape.Pop(), first))
            {
                mismatches++;
            }
        }

        mismatches += tape.Count;
        tape.Return();
        return mismatches;
    }
}

public sealed class DoubleTapeTests : TapeContractTests<double>
{
    protected override double ValueAt(int i) => i * 0.5 - 1e-3 * i * i;
}

public sealed class FloatTapeTests : TapeContractTests<float>
{
    protected override float ValueAt(int i) => i * 0.25f - 7f;
}

public sealed class IntTapeTests : TapeContractTests<int>
{
    protected override int ValueAt(int i) => unchecked(i * -1640531535);
}

public sealed class BoolTapeTests : TapeContractTests<bool>
{
    // The Thue-Morse sequence: no run longer than 2, so a value popped out of order soon shows.
    protected override bool ValueAt(int i) => (BitOperations.PopCount((uint)i) & 1) == 1;
}
