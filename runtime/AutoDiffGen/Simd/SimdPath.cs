using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AutoDiffGen;

/// <summary>The code the span primitives and GEMM run: one element at a time, or vectors of one width.</summary>
internal enum SimdPath
{
    /// <summary>One element at a time (<see cref="Lanes1{T}"/>): <c>Math</c>/<c>MathF</c> and the operators, no vectors, no TensorPrimitives.</summary>
    Scalar,

    /// <summary>128-bit vectors (<see cref="Lanes128{T}"/>: SSE, NEON) in the hand-written kernels; TensorPrimitives for the rest.</summary>
    Vector128,

    /// <summary>256-bit vectors (<see cref="Lanes256{T}"/>: AVX2) in the hand-written kernels; TensorPrimitives for the rest.</summary>
    Vector256,

    /// <summary>512-bit vectors (<see cref="Lanes512{T}"/>: AVX-512) in the hand-written kernels; TensorPrimitives for the rest.</summary>
    Vector512,
}

/// <summary>Something to run with the lanes of one width: see <see cref="SimdPaths.Run{T, TAction}"/>.</summary>
/// <typeparam name="T">The element type.</typeparam>
internal interface ILanesAction<T>
    where T : IFloatingPointIeee754<T>
{
    /// <summary>Runs with the lanes <typeparamref name="TLanes"/>.</summary>
    void Run<TLanes>()
        where TLanes : struct, ILanes<TLanes, T>;
}

/// <summary>
/// Chooses the <see cref="SimdPath"/>: the widest vectors the hardware accelerates, unless the current thread
/// has forced one with <see cref="Force"/>. Tests force each path in turn; a width the hardware lacks still
/// runs, emulated in software (slowly, with the same results), so every path can be tested on any machine.
/// </summary>
internal static class SimdPaths
{
    /// <summary>The path the hardware runs fastest.</summary>
    public static readonly SimdPath Hardware =
        Vector512.IsHardwareAccelerated ? SimdPath.Vector512
        : Vector256.IsHardwareAccelerated ? SimdPath.Vector256
        : Vector128.IsHardwareAccelerated ? SimdPath.Vector128
        : SimdPath.Scalar;

    [ThreadStatic]
    private static SimdPath? t_forced;

    /// <summary>
    /// Whether any thread has ever forced a path. Until one has, <see cref="For{T}"/> is <see cref="Hardware"/>, a
    /// constant to the JIT, without reading the thread-static (a call, on every primitive).
    /// </summary>
    private static bool s_forcedAnywhere;

    /// <summary>
    /// The path for elements of type <typeparamref name="T"/> on this thread: scalar for types vectors do not
    /// hold (<see cref="Half"/>, <see cref="System.Runtime.InteropServices.NFloat"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdPath For<T>() =>
        typeof(T) != typeof(double) && typeof(T) != typeof(float) ? SimdPath.Scalar
        : s_forcedAnywhere ? t_forced ?? Hardware
        : Hardware;

    /// <summary>Whether elements of type <typeparamref name="T"/> take the scalar path on this thread.</summary>
    public static bool IsScalar<T>() => For<T>() == SimdPath.Scalar;

    /// <summary>
    /// Runs <paramref name="action"/> with the lanes of <paramref name="path"/> (<see cref="Lanes1{T}"/> for element
    /// types other than double and float, whatever the path).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run<T, TAction>(SimdPath path, ref TAction action)
        where T : IFloatingPointIeee754<T>
        where TAction : struct, ILanesAction<T>, allows ref struct
    {
        if (typeof(T) == typeof(double) || typeof(T) == typeof(float))
        {
            switch (path)
            {
                case SimdPath.Vector512:
                    action.Run<Lanes512<T>>();
                    return;
                case SimdPath.Vector256:
                    action.Run<Lanes256<T>>();
                    return;
                case SimdPath.Vector128:
                    action.Run<Lanes128<T>>();
                    return;
            }
        }
        action.Run<Lanes1<T>>();
    }

    /// <summary>The elements in a block of <paramref name="path"/>'s lanes for <typeparamref name="T"/>.</summary>
    public static int Count<T>(SimdPath path)
        where T : IFloatingPointIeee754<T>
    {
        var count = new CountAction<T>();
        Run<T, CountAction<T>>(path, ref count);
        return count.Count;
    }

    /// <summary>Makes this thread take <paramref name="path"/> until the returned scope is disposed.</summary>
    public static Scope Force(SimdPath path)
    {
        var scope = new Scope(t_forced);
        t_forced = path;
        s_forcedAnywhere = true;
        return scope;
    }

    /// <summary>Puts back the path that was in force before <see cref="Force"/>.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly SimdPath? _previous;

        internal Scope(SimdPath? previous) => _previous = previous;

        /// <inheritdoc/>
        public void Dispose() => t_forced = _previous;
    }

    private struct CountAction<T> : ILanesAction<T>
        where T : IFloatingPointIeee754<T>
    {
        public int Count;

        public void Run<TLanes>()
            where TLanes : struct, ILanes<TLanes, T>
            => Count = TLanes.Count;
    }
}
