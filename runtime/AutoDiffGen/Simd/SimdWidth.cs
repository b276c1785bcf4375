using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AutoDiffGen;

/// <summary>
/// The one place that chooses the width of the hand-written kernels, the elementwise ones and GEMM's: the widest
/// vectors the hardware accelerates (<see cref="Vector512.IsHardwareAccelerated"/>, then 256, then 128) for double
/// and float, else one element at a time (<see cref="Lanes1{T}"/>), as for the element types vectors do not hold
/// (<see cref="System.Half"/>, <see cref="System.Runtime.InteropServices.NFloat"/>). TensorPrimitives, which
/// computes the rest, chooses by the same properties. The runtime's switches narrow both: <c>DOTNET_EnableAVX512=0</c>,
/// <c>DOTNET_PreferredVectorBitWidth=128</c>, <c>DOTNET_EnableAVX2=0</c>, <c>DOTNET_EnableHWIntrinsic=0</c>; the
/// tests reach every width the machine has that way, in child processes. The properties are constants to the JIT,
/// so the choice costs nothing at run time.
/// </summary>
internal static class SimdWidth
{
    /// <summary>Runs <paramref name="action"/> with the lanes of the chosen width for <typeparamref name="T"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run<T, TAction>(ref TAction action)
        where T : IFloatingPointIeee754<T>
        where TAction : struct, ILanesAction<T>, allows ref struct
    {
        if (typeof(T) == typeof(double) || typeof(T) == typeof(float))
        {
            if (Vector512.IsHardwareAccelerated)
            {
                action.Run<Lanes512<T>>();
                return;
            }
            if (Vector256.IsHardwareAccelerated)
            {
                action.Run<Lanes256<T>>();
                return;
            }
            if (Vector128.IsHardwareAccelerated)
            {
                action.Run<Lanes128<T>>();
                return;
            }
        }
        action.Run<Lanes1<T>>();
    }

    /// <summary>The elements of type <typeparamref name="T"/> in a block of the chosen width.</summary>
    public static int Count<T>()
        where T : IFloatingPointIeee754<T>
    {
        var count = new CountAction<T>();
        Run<T, CountAction<T>>(ref count);
        return count.Count;
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

/// <summary>Something to run with the lanes of the machine's width: see <see cref="SimdWidth.Run{T, TAction}"/>.</summary>
/// <typeparam name="T">The element type.</typeparam>
internal interface ILanesAction<T>
    where T : IFloatingPointIeee754<T>
{
    /// <summary>Runs with the lanes <typeparamref name="TLanes"/>.</summary>
    void Run<TLanes>()
        where TLanes : struct, ILanes<TLanes, T>;
}
