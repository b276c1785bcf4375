using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AutoDiffGen;

// The loops of the hand-written elementwise kernels: the kernel interfaces, and the drivers that run a kernel over
// spans at the width SimdWidth chooses.

/// <summary>A function of one block of elements, written once for every width (see <see cref="ILanes{TSelf, T}"/>).</summary>
/// <typeparam name="T">The element type.</typeparam>
internal interface IKernel1<T>
    where T : IFloatingPointIeee754<T>
{
    /// <summary>The function of each element of <paramref name="x"/>.</summary>
    TLanes Apply<TLanes>(TLanes x)
        where TLanes : struct, ILanes<TLanes, T>;
}

/// <summary>A function of two blocks of elements.</summary>
/// <typeparam name="T">The element type.</typeparam>
internal interface IKernel2<T>
    where T : IFloatingPointIeee754<T>
{
    /// <summary>The function of each pair of elements.</summary>
    TLanes Apply<TLanes>(TLanes x, TLanes y)
        where TLanes : struct, ILanes<TLanes, T>;
}

/// <summary>Two functions of the same three blocks: the adjoint of a binary operation, for both operands.</summary>
/// <typeparam name="T">The element type.</typeparam>
internal interface IPairKernel<T>
    where T : IFloatingPointIeee754<T>
{
    /// <summary>What to add into the adjoints of <paramref name="a"/> and <paramref name="b"/>, given the result's adjoint <paramref name="dy"/>.</summary>
    void Apply<TLanes>(TLanes a, TLanes b, TLanes dy, out TLanes da, out TLanes db)
        where TLanes : struct, ILanes<TLanes, T>;
}

/// <summary>
/// The body of a loop over up to five spans: the block of <c>TLanes.Count</c> elements at an index of each.
/// The spans come in as references, parameters of the loop rather than fields of the body, so that the JIT keeps
/// them in registers (fields of a struct it reloaded from the stack after every store, which could alias them).
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal interface ILaneLoop<T>
    where T : IFloatingPointIeee754<T>
{
    /// <summary>
    /// Computes the block that starts at <paramref name="index"/>. A body that needs fewer than five spans ignores
    /// the last references (its driver passes one of its spans again).
    /// </summary>
    void Step<TLanes>(ref T first, ref T second, ref T third, ref T fourth, ref T fifth, int index)
        where TLanes : struct, ILanes<TLanes, T>;
}

/// <summary>
/// The loops of the hand-vectorized primitives. Each runs its body over whole vectors of the width
/// <see cref="SimdWidth"/> chooses, then over the remaining elements one at a time, with the same kernel.
/// The drivers check their spans (<see cref="Arguments"/>) under the names their callers give them.
/// </summary>
internal static class Kernels
{
    /// <summary>Runs <paramref name="loop"/> over <paramref name="length"/> elements of the spans that start at the references.</summary>
    public static void Run<T, TLoop>(TLoop loop, int length, ref T first, ref T second, ref T third, ref T fourth, ref T fifth)
        where T : IFloatingPointIeee754<T>
        where TLoop : struct, ILaneLoop<T>
    {
        var run = new LoopRun<T, TLoop>(loop, length, ref first, ref second, ref third, ref fourth, ref fifth);
        SimdWidth.Run<T, LoopRun<T, TLoop>>(ref run);
    }

    /// <summary><c>destination = kernel(x)</c>, or <c>destination += kernel(x)</c> if <paramref name="accumulate"/>.</summary>
    public static void Map<T, TKernel>(
        TKernel kernel,
        ReadOnlySpan<T> x,
        Span<T> destination,
        bool accumulate = false,
        [CallerArgumentExpression(nameof(destination))] string destinationName = "")
        where T : IFloatingPointIeee754<T>
        where TKernel : struct, IKernel1<T>
    {
        Arguments.Elementwise(x, destination, destinationName);
        ref T start = ref MemoryMarshal.GetReference(destination);
        Run(new MapLoop<T, TKernel>(kernel, accumulate), x.Length, ref MemoryMarshal.GetReference(x), ref start, ref start, ref start, ref start);
    }

    /// <summary><c>dx += kernel(x, y)</c>.</summary>
    public static void Accumulate<T, TKernel>(
        TKernel kernel,
        ReadOnlySpan<T> x,
        ReadOnlySpan<T> y,
        Span<T> dx,
        [CallerArgumentExpression(nameof(y))] string yName = "",
        [CallerArgumentExpression(nameof(dx))] string dxName = "")
        where T : IFloatingPointIeee754<T>
        where TKernel : struct, IKernel2<T>
    {
        Arguments.Elementwise(x, y, dx, yName, dxName);
        ref T start = ref MemoryMarshal.GetReference(dx);
        Run(
            new AccumulateLoop<T, TKernel>(kernel), x.Length,
            ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(y), ref start, ref start, ref start);
    }

    /// <summary>
    /// <c>da += kernel(a, b, dy).da; db += kernel(a, b, dy).db</c>, <paramref name="da"/> written before
    /// <paramref name="db"/> is read, so that they may be the same span.
    /// </summary>
    public static void AccumulatePair<T, TKernel>(
        TKernel kernel,
        ReadOnlySpan<T> a,
        ReadOnlySpan<T> b,
        ReadOnlySpan<T> dy,
        Span<T> da,
        Span<T> db,
        [CallerArgumentExpression(nameof(b))] string bName = "",
        [CallerArgumentExpression(nameof(dy))] string dyName = "",
        [CallerArgumentExpression(nameof(da))] string daName = "",
        [CallerArgumentExpression(nameof(db))] string dbName = "")
        where T : IFloatingPointIeee754<T>
        where TKernel : struct, IPairKernel<T>
    {
        Arguments.Pair(a, b, dy, da, db, bName, dyName, daName, dbName);
        Run(
            new PairLoop<T, TKernel>(kernel), a.Length,
            ref MemoryMarshal.GetReference(a), ref MemoryMarshal.GetReference(b), ref MemoryMarshal.GetReference(dy),
            ref MemoryMarshal.GetReference(da), ref MemoryMarshal.GetReference(db));
    }

    private static int Steps<T, TLoop, TLanes>(
        TLoop loop, int start, int length, ref T first, ref T second, ref T third, ref T fourth, ref T fifth)
        where T : IFloatingPointIeee754<T>
        where TLoop : struct, ILaneLoop<T>
        where TLanes : struct, ILanes<TLanes, T>
    {
        int index = start;
        // Four blocks an iteration: independent work for the out-of-order core, a quarter of the loop overhead.
        for (; index <= length - 4 * TLanes.Count; index += 4 * TLanes.Count)
        {
            loop.Step<TLanes>(ref first, ref second, ref third, ref fourth, ref fifth, index);
            loop.Step<TLanes>(ref first, ref second, ref third, ref fourth, ref fifth, index + TLanes.Count);
            loop.Step<TLanes>(ref first, ref second, ref third, ref fourth, ref fifth, index + 2 * TLanes.Count);
            loop.Step<TLanes>(ref first, ref second, ref third, ref fourth, ref fifth, index + 3 * TLanes.Count);
        }
        for (; index <= length - TLanes.Count; index += TLanes.Count)
        {
            loop.Step<TLanes>(ref first, ref second, ref third, ref fourth, ref fifth, index);
        }
        return index;
    }

    /// <summary>The loop of <see cref="Run{T, TLoop}"/> at one width: whole blocks of it, then the rest one element at a time.</summary>
    private readonly ref struct LoopRun<T, TLoop> : ILanesAction<T>
        where T : IFloatingPointIeee754<T>
        where TLoop : struct, ILaneLoop<T>
    {
        private readonly TLoop _loop;
        private readonly int _length;
        private readonly ref T _first;
        private readonly ref T _second;
        private readonly ref T _third;
        private readonly ref T _fourth;
        private readonly ref T _fifth;

        public LoopRun(TLoop loop, int length, ref T first, ref T second, ref T third, ref T fourth, ref T fifth)
        {
            _loop = loop;
            _length = length;
            _first = ref first;
            _second = ref second;
            _third = ref third;
            _fourth = ref fourth;
            _fifth = ref fifth;
        }

        public void Run<TLanes>()
            where TLanes : struct, ILanes<TLanes, T>
        {
            int done = Steps<T, TLoop, TLanes>(_loop, 0, _length, ref _first, ref _second, ref _third, ref _fourth, ref _fifth);
            if (TLanes.Count > 1)
            {
                Steps<T, TLoop, Lanes1<T>>(_loop, done, _length, ref _first, ref _second, ref _third, ref _fourth, ref _fifth);
            }
        }
    }

    /// <summary>(x, destination): <c>destination = kernel(x)</c>, or <c>+=</c>.</summary>
    private readonly struct MapLoop<T, TKernel>(TKernel kernel, bool accumulate) : ILaneLoop<T>
        where T : IFloatingPointIeee754<T>
        where TKernel : struct, IKernel1<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step<TLanes>(ref T x, ref T destination, ref T unused3, ref T unused4, ref T unused5, int index)
            where TLanes : struct, ILanes<TLanes, T>
        {
            TLanes value = kernel.Apply(TLanes.Load(ref x, index));
            if (accumulate)
            {
                value = TLanes.Load(ref destination, index) + value;
            }
            value.Store(ref destination, index);
        }
    }

    /// <summary>(x, y, dx): <c>dx += kernel(x, y)</c>.</summary>
    private readonly struct AccumulateLoop<T, TKernel>(TKernel kernel) : ILaneLoop<T>
        where T : IFloatingPointIeee754<T>
        where TKernel : struct, IKernel2<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step<TLanes>(ref T x, ref T y, ref T dx, ref T unused4, ref T unused5, int index)
            where TLanes : struct, ILanes<TLanes, T>
        {
            TLanes increment = kernel.Apply(TLanes.Load(ref x, index), TLanes.Load(ref y, index));
            (TLanes.Load(ref dx, index) + increment).Store(ref dx, index);
        }
    }

    /// <summary>(a, b, dy, da, db): both adjoints of a binary operation.</summary>
    private readonly struct PairLoop<T, TKernel>(TKernel kernel) : ILaneLoop<T>
        where T : IFloatingPointIeee754<T>
        where TKernel : struct, IPairKernel<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step<TLanes>(ref T a, ref T b, ref T dy, ref T da, ref T db, int index)
            where TLanes : struct, ILanes<TLanes, T>
        {
            kernel.Apply(
                TLanes.Load(ref a, index), TLanes.Load(ref b, index), TLanes.Load(ref dy, index),
                out TLanes incrementA, out TLanes incrementB);
            (TLanes.Load(ref da, index) + incrementA).Store(ref da, index);
            // Loaded after the store above, so that da and db may be the same span (the adjoint of x * x).
            (TLanes.Load(ref db, index) + incrementB).Store(ref db, index);
        }
    }
}
