using System;
using System.Collections.Generic;
using CsCheck;
using Xunit;

namespace AutoDiffGen.Runtime.Tests;

/// <summary>For any sequence of pushes and pops, a tape behaves like <see cref="Stack{T}"/>.</summary>
public sealed class TapePropertyTests
{
    /// <summary>One operation: push <see cref="Value"/>, or pop when <see cref="IsPush"/> is false.</summary>
    private readonly record struct Op<T>(bool IsPush, T Value) where T : unmanaged
    {
        public override string ToString() => IsPush ? $"Push({Value})" : "Pop";
    }

    /// <summary>
    /// Mostly pushes, so that sequences go past the first growth (256) and back down, with runs of pops that
    /// empty the tape and pop once more.
    /// </summary>
    private static Gen<Op<T>[]> Ops<T>(Gen<T> values) where T : unmanaged =>
        Gen.Frequency(
            (3, values.Select(v => new Op<T>(true, v))),
            (2, Gen.Const(new Op<T>(false, default))))
        .Array[0, 2000];

    [Fact]
    public void Double_tape_behaves_like_a_stack() => Check(Gen.Double);

    [Fact]
    public void Float_tape_behaves_like_a_stack() => Check(Gen.Single);

    [Fact]
    public void Int_tape_behaves_like_a_stack() => Check(Gen.Int);

    [Fact]
    public void Bool_tape_behaves_like_a_stack() => Check(Gen.Bool);

    private static void Check<T>(Gen<T> values) where T : unmanaged =>
        Ops(values).Sample(ops =>
        {
            Tape<T> tape = Tape<T>.Rent();
            try
            {
                Assert.Equal(0, tape.Count);
                Assert.Equal(0, tape.Peak);
                var model = new Stack<T>();
                int peak = 0;
                foreach (Op<T> op in ops)
                {
                    if (op.IsPush)
                    {
                        tape.Push(op.Value);
                        model.Push(op.Value);
                        peak = Math.Max(peak, model.Count);
                    }
                    else if (model.Count == 0)
                    {
                        Assert.Throws<InvalidOperationException>(() => model.Pop());
                        Assert.Throws<InvalidOperationException>(() => tape.Pop());
                    }
                    else
                    {
                        Assert.Equal(model.Pop(), tape.Pop());
                    }

                    Assert.Equal(model.Count, tape.Count);
                    Assert.Equal(peak, tape.Peak);
                    Assert.True(tape.Capacity >= tape.Count);
                }

                while (model.Count > 0)
                {
                    Assert.Equal(model.Pop(), tape.Pop());
                }

                Assert.Equal(0, tape.Count);
                Assert.Throws<InvalidOperationException>(() => tape.Pop());
            }
            finally
            {
                tape.Return();
            }
        }, iter: 2000);
}
