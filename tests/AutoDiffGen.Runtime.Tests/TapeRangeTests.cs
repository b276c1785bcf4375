using System;
using System.Linq;
using Xunit;

namespace AutoDiffGen.Runtime.Tests;

/// <summary><see cref="Tape{T}.PushRange"/> and <see cref="Tape{T}.PopRange"/>: blocks of values, mixed with single pushes, across growth.</summary>
public sealed class TapeRangeTests
{
    [Fact]
    public void Ranges_come_back_in_their_order_last_block_first_across_growth()
    {
        var tape = Tape<double>.Rent();
        var blocks = Enumerable.Range(0, 40).Select(b => Enumerable.Range(0, b * 7 % 50).Select(i => b * 1000.0 + i).ToArray()).ToArray();
        foreach (var block in blocks)
        {
            tape.PushRange(block);
            tape.Push(-block.Length);
        }
        Assert.Equal(blocks.Sum(b => b.Length + 1), tape.Count);
        Assert.Equal(tape.Count, tape.Peak);
        foreach (var block in blocks.Reverse())
        {
            Assert.Equal(-block.Length, tape.Pop());
            var into = new double[block.Length];
            tape.PopRange(into);
            Assert.Equal(block, into);
        }
        Assert.Equal(0, tape.Count);
        tape.Return();
    }

    [Fact]
    public void PopRange_of_more_than_the_tape_holds_throws_and_pops_nothing()
    {
        var tape = Tape<int>.Rent();
        tape.PushRange(new[] { 1, 2 });
        Assert.Throws<InvalidOperationException>(() => tape.PopRange(new int[3]));
        Assert.Equal(2, tape.Count);
        tape.PopRange(Span<int>.Empty);
        Assert.Equal(2, tape.Pop());
        tape.Return();
    }
}
