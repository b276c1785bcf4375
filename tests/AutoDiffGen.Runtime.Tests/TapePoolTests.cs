using System.Collections.Generic;
using System.Threading;
using Xunit;

namespace AutoDiffGen.Runtime.Tests;

/// <summary>
/// Pool and <see cref="Tape{T}.LargestPeak"/> behaviour that depends on state no other test touches: each test
/// uses an element type of its own, so its thread's pool starts empty and no other test resets its LargestPeak.
/// </summary>
public sealed class TapePoolTests
{
    private struct PeakProbe { public int Value; }

    private struct ThreadsProbe { public long Value; }

    private struct CapProbe { }

    private struct NewProbe { public float Value; }

    private struct MigrateProbe { public short Value; }

    [Fact]
    public void A_new_tape_has_capacity_256_and_doubles_when_full()
    {
        Tape<NewProbe> tape = Tape<NewProbe>.Rent();
        try
        {
            Assert.Equal(256, tape.Capacity);
            for (int i = 0; i < 256; i++)
            {
                tape.Push(new NewProbe { Value = i });
            }

            Assert.Equal(256, tape.Capacity);
            tape.Push(new NewProbe { Value = 256 });
            Assert.Equal(512, tape.Capacity);
            for (int i = 257; i <= 1024; i++)
            {
                tape.Push(new NewProbe { Value = i });
            }

            Assert.Equal(2048, tape.Capacity);
            for (int i = 1024; i >= 0; i--)
            {
                Assert.Equal(i, tape.Pop().Value);
            }
        }
        finally
        {
            tape.Return();
        }
    }

    [Fact]
    public void LargestPeak_is_the_largest_peak_of_returned_tapes_since_the_last_reset()
    {
        Tape<PeakProbe>.ResetLargestPeak();
        Assert.Equal(0L, Tape<PeakProbe>.LargestPeak);

        Tape<PeakProbe> tape = Tape<PeakProbe>.Rent();
        Push(tape, 100);
        Pop(tape, 100);
        Assert.Equal(0L, Tape<PeakProbe>.LargestPeak); // counted on Return, not before
        tape.Return();
        Assert.Equal(100L, Tape<PeakProbe>.LargestPeak);

        tape = Tape<PeakProbe>.Rent();
        Push(tape, 50);
        tape.Return();
        Assert.Equal(100L, Tape<PeakProbe>.LargestPeak); // a smaller peak does not lower it

        // Nested tapes: each counts on its own, not their sum.
        Tape<PeakProbe> outer = Tape<PeakProbe>.Rent();
        Tape<PeakProbe> inner = Tape<PeakProbe>.Rent();
        Push(outer, 300);
        Push(inner, 700);
        inner.Return();
        Assert.Equal(700L, Tape<PeakProbe>.LargestPeak);
        outer.Return();
        Assert.Equal(700L, Tape<PeakProbe>.LargestPeak);

        // Returning twice does not count anything new.
        outer.Return();
        Assert.Equal(700L, Tape<PeakProbe>.LargestPeak);

        Tape<PeakProbe>.ResetLargestPeak();
        Assert.Equal(0L, Tape<PeakProbe>.LargestPeak);
        tape = Tape<PeakProbe>.Rent();
        Push(tape, 3);
        tape.Return();
        Assert.Equal(3L, Tape<PeakProbe>.LargestPeak);
    }

    [Fact]
    public void LargestPeak_covers_tapes_on_all_threads()
    {
        Tape<ThreadsProbe>.ResetLargestPeak();
        int[] peaks = { 1000, 5000, 300, 4999, 20, 2500, 4000, 10 };
        var threads = new List<Thread>();
        using var start = new ManualResetEventSlim(false);
        foreach (int peak in peaks)
        {
            var thread = new Thread(() =>
            {
                start.Wait();
                for (int repeat = 0; repeat < 20; repeat++)
                {
                    Tape<ThreadsProbe> tape = Tape<ThreadsProbe>.Rent();
                    for (int i = 0; i < peak; i++)
                    {
                        tape.Push(new ThreadsProbe { Value = i });
                    }

                    tape.Return();
                }
            });
            thread.Start();
            threads.Add(thread);
        }

        start.Set();
        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        Assert.Equal(5000L, Tape<ThreadsProbe>.LargestPeak);
    }

    [Fact]
    public void The_pool_of_a_thread_keeps_at_most_16_tapes()
    {
        var first = new Tape<CapProbe>[20];
        for (int i = 0; i < first.Length; i++)
        {
            first[i] = Tape<CapProbe>.Rent();
        }

        Assert.Equal(first.Length, new HashSet<Tape<CapProbe>>(first, ReferenceEqualityComparer.Instance).Count);
        foreach (Tape<CapProbe> tape in first)
        {
            tape.Return();
        }

        var reused = new HashSet<Tape<CapProbe>>(first, ReferenceEqualityComparer.Instance);
        var second = new Tape<CapProbe>[20];
        int fromPool = 0;
        for (int i = 0; i < second.Length; i++)
        {
            second[i] = Tape<CapProbe>.Rent();
            if (reused.Contains(second[i]))
            {
                fromPool++;
            }
        }

        Assert.Equal(16, fromPool);
        Assert.Equal(second.Length, new HashSet<Tape<CapProbe>>(second, ReferenceEqualityComparer.Instance).Count);
        foreach (Tape<CapProbe> tape in second)
        {
            tape.Return();
        }
    }

    [Fact]
    public void A_tape_returned_on_another_thread_joins_that_threads_pool()
    {
        Tape<MigrateProbe> tape = Tape<MigrateProbe>.Rent();
        tape.Push(new MigrateProbe { Value = 42 });

        Tape<MigrateProbe>? rentedThere = null;
        var other = new Thread(() =>
        {
            tape.Return();
            rentedThere = Tape<MigrateProbe>.Rent();
            rentedThere.Return();
        });
        other.Start();
        other.Join();

        Assert.Same(tape, rentedThere);
        Tape<MigrateProbe> rentedHere = Tape<MigrateProbe>.Rent(); // this thread's pool is still empty
        Assert.NotSame(tape, rentedHere);
        Assert.Equal(0, rentedHere.Count);
        rentedHere.Return();
    }

    private static void Push(Tape<PeakProbe> tape, int n)
    {
        for (int i = 0; i < n; i++)
        {
            tape.Push(new PeakProbe { Value = i });
        }
    }

    private static void Pop(Tape<PeakProbe> tape, int n)
    {
        for (int i = n - 1; i >= 0; i--)
        {
            Assert.Equal(i, tape.Pop().Value);
        }
    }
}
