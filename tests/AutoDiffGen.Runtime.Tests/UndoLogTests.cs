using System;
using System.Collections.Generic;
using System.Linq;
using CsCheck;
using Xunit;

namespace AutoDiffGen.Runtime.Tests;

/// <summary>
/// <see cref="UndoLog{T}"/>: undoing back to a mark gives the buffer back the contents it had when the mark was
/// taken, whatever writes, marks and undos came in between; pooling and allocation as for <see cref="Tape{T}"/>.
/// </summary>
public sealed class UndoLogTests
{
    /// <summary>Write <see cref="Value"/> at <see cref="Index"/>, take a mark, or undo to the mark <see cref="Index"/> back.</summary>
    private readonly record struct Op(int Kind, int Index, double Value)
    {
        public override string ToString() => Kind switch { 0 => $"Write([{Index}] = {Value})", 1 => "Mark", _ => $"UndoTo(mark -{Index})" };
    }

    [Fact]
    public void Undo_to_a_mark_restores_the_contents_at_the_mark() =>
        Gen.Select(Gen.Int[1, 12], Gen.Frequency(
                (6, Gen.Select(Gen.Int[0, 11], Gen.Double[-10, 10]).Select(w => new Op(0, w.Item1, w.Item2))),
                (1, Gen.Const(new Op(1, 0, 0))),
                (1, Gen.Int[0, 3].Select(back => new Op(2, back, 0))))
            .Array[0, 1500])
        .Sample(input =>
        {
            var (length, ops) = input;
            var buffer = new double[length];
            var log = UndoLog<double>.Rent();
            try
            {
                // The model: each mark with the log's count and a copy of the buffer at that time.
                var marks = new List<(int Count, double[] Contents)>();
                foreach (var op in ops)
                {
                    switch (op.Kind)
                    {
                        case 0:
                            int index = op.Index % length;
                            log.Save(buffer, index);
                            buffer[index] = op.Value;
                            break;
                        case 1:
                            marks.Add((log.Count, (double[])buffer.Clone()));
                            break;
                        default:
                            if (marks.Count == 0) break;
                            int at = Math.Max(0, marks.Count - 1 - op.Index);
                            log.Undo(buffer, marks[at].Count);
                            Assert.Equal(marks[at].Contents, buffer);
                            Assert.Equal(marks[at].Count, log.Count);
                            marks.RemoveRange(at + 1, marks.Count - at - 1);
                            break;
                    }
                }
                log.Undo(buffer, 0);
                Assert.All(buffer, v => Assert.Equal(0.0, v));
            }
            finally
            {
                log.Return();
            }
        });

    [Fact]
    public void Undo_to_a_mark_at_or_above_the_count_does_nothing_and_a_negative_mark_throws()
    {
        var log = UndoLog<float>.Rent();
        Span<float> buffer = stackalloc float[2];
        log.Save(buffer, 1);
        buffer[1] = 5;
        log.Undo(buffer, 1);
        log.Undo(buffer, 7);
        Assert.Equal(5f, buffer[1]);
        Assert.Equal(1, log.Count);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => log.Undo(new float[2], -1));
        Assert.Equal("mark", e.ParamName);
        log.Return();
    }

    [Fact]
    public void Save_outside_the_buffer_throws_and_logs_nothing()
    {
        var log = UndoLog<double>.Rent();
        Assert.Throws<IndexOutOfRangeException>(() => log.Save(new double[3], 3));
        Assert.Equal(0, log.Count);
        log.Return();
    }

    [Fact]
    public void A_rented_log_is_empty_and_its_peak_counts_toward_LargestPeak()
    {
        var buffer = new double[4];
        var log = UndoLog<double>.Rent();
        for (int i = 0; i < 1000; i++) log.Save(buffer, i % 4);
        Assert.Equal(1000, log.Peak);
        log.Undo(buffer, 10);
        Assert.Equal(1000, log.Peak);
        log.Return();
        Assert.True(UndoLog<double>.LargestPeak >= 1000);

        var again = UndoLog<double>.Rent();
        Assert.Same(log, again);
        Assert.Equal(0, again.Count);
        Assert.Equal(0, again.Peak);
        again.Return();
        again.Return(); // a second return does not pool it twice
        Assert.NotSame(UndoLog<double>.Rent(), UndoLog<double>.Rent());
    }

    [Fact]
    public void Steady_state_rent_save_undo_return_allocates_nothing()
    {
        var buffer = new double[8];
        void Round()
        {
            var log = UndoLog<double>.Rent();
            for (int i = 0; i < 5000; i++)
            {
                log.Save(buffer, i % 8);
                buffer[i % 8] = i;
            }
            log.Undo(buffer, 0);
            log.Return();
        }

        Assert.Equal(0L, SteadyState.FewestBytes(Round, rounds: 50));
        Assert.True(buffer.All(v => v == 0));
    }
}
