using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace AutoDiffGen;

/// <summary>The vector instructions the GEMM kernel is built from; <see cref="GemmPaths.Best"/> is the fastest this machine runs.</summary>
internal enum GemmPath
{
    /// <summary><see cref="Vector512{T}"/> with fused multiply-add (AVX-512).</summary>
    Vector512Fma,

    /// <summary><see cref="Vector256{T}"/> with fused multiply-add (AVX2 and FMA3).</summary>
    Vector256Fma,

    /// <summary><see cref="Vector128{T}"/> with fused multiply-add (Arm64 AdvSimd).</summary>
    Vector128Fma,

    /// <summary><see cref="Vector{T}"/> with a separate multiply and add: runs anywhere.</summary>
    Portable,
}

/// <summary>
/// The few vector operations a kernel needs, over one vector type <typeparamref name="TVec"/> of
/// <typeparamref name="T"/>: kernels are generic over this interface, so one kernel body serves every width.
/// </summary>
internal unsafe interface ISimd<TVec, T>
    where TVec : struct
    where T : unmanaged
{
    /// <summary>The number of <typeparamref name="T"/> in a vector.</summary>
    static abstract int Count { get; }

    static abstract TVec Load(T* source);

    static abstract void Store(T* destination, TVec value);

    static abstract TVec Broadcast(T value);

    static abstract TVec Multiply(TVec left, TVec right);

    /// <summary><c>left·right + addend</c>, fused (one rounding) where the path says so.</summary>
    static abstract TVec MultiplyAdd(TVec left, TVec right, TVec addend);
}

/// <summary>Something to run with the vector operations of a path: see <see cref="GemmPaths.Run"/>.</summary>
internal interface ISimdAction<T>
    where T : unmanaged
{
    void Run<TSimd, TVec>()
        where TSimd : struct, ISimd<TVec, T>
        where TVec : struct;
}

internal static class GemmPaths
{
    /// <summary>The fastest path this machine accelerates.</summary>
    public static GemmPath Best { get; } =
        Vector512.IsHardwareAccelerated && Avx512F.IsSupported ? GemmPath.Vector512Fma
        : Vector256.IsHardwareAccelerated && Fma.IsSupported ? GemmPath.Vector256Fma
        : AdvSimd.Arm64.IsSupported ? GemmPath.Vector128Fma
        : GemmPath.Portable;

    /// <summary>Runs <paramref name="action"/> with the operations of <paramref name="path"/>. Every path runs on every machine (slowly where not accelerated).</summary>
    public static void Run<T, TAction>(GemmPath path, ref TAction action)
        where T : unmanaged
        where TAction : struct, ISimdAction<T>
    {
        switch (path)
        {
            case GemmPath.Vector512Fma:
                action.Run<Fma512<T>, Vector512<T>>();
                break;
            case GemmPath.Vector256Fma:
                action.Run<Fma256<T>, Vector256<T>>();
                break;
            case GemmPath.Vector128Fma:
                action.Run<Fma128<T>, Vector128<T>>();
                break;
            default:
                action.Run<PortableSimd<T>, Vector<T>>();
                break;
        }
    }

    /// <summary>The path's vector length in elements of <typeparamref name="T"/>.</summary>
    public static int Count<T>(GemmPath path)
        where T : unmanaged
    {
        var count = new CountAction<T>();
        Run<T, CountAction<T>>(path, ref count);
        return count.Count;
    }

    private struct CountAction<T> : ISimdAction<T>
        where T : unmanaged
    {
        public int Count;

        public void Run<TSimd, TVec>()
            where TSimd : struct, ISimd<TVec, T>
            where TVec : struct
            => Count = TSimd.Count;
    }
}

// The four paths. Fused multiply-add exists only for float and double, hence the typeof tests (folded by the JIT).

internal readonly unsafe struct Fma512<T> : ISimd<Vector512<T>, T>
    where T : unmanaged
{
    public static int Count => Vector512<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load(T* source) => Vector512.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(T* destination, Vector512<T> value) => value.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Broadcast(T value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Multiply(Vector512<T> left, Vector512<T> right) => left * right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> MultiplyAdd(Vector512<T> left, Vector512<T> right, Vector512<T> addend) =>
        typeof(T) == typeof(double)
            ? Vector512.FusedMultiplyAdd(left.AsDouble(), right.AsDouble(), addend.AsDouble()).As<double, T>()
            : Vector512.FusedMultiplyAdd(left.AsSingle(), right.AsSingle(), addend.AsSingle()).As<float, T>();
}

internal readonly unsafe struct Fma256<T> : ISimd<Vector256<T>, T>
    where T : unmanaged
{
    public static int Count => Vector256<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Load(T* source) => Vector256.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(T* destination, Vector256<T> value) => value.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Broadcast(T value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Multiply(Vector256<T> left, Vector256<T> right) => left * right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> MultiplyAdd(Vector256<T> left, Vector256<T> right, Vector256<T> addend) =>
        typeof(T) == typeof(double)
            ? Vector256.FusedMultiplyAdd(left.AsDouble(), right.AsDouble(), addend.AsDouble()).As<double, T>()
            : Vector256.FusedMultiplyAdd(left.AsSingle(), right.AsSingle(), addend.AsSingle()).As<float, T>();
}

internal readonly unsafe struct Fma128<T> : ISimd<Vector128<T>, T>
    where T : unmanaged
{
    public static int Count => Vector128<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Load(T* source) => Vector128.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(T* destination, Vector128<T> value) => value.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Broadcast(T value) => Vector128.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Multiply(Vector128<T> left, Vector128<T> right) => left * right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> MultiplyAdd(Vector128<T> left, Vector128<T> right, Vector128<T> addend) =>
        typeof(T) == typeof(double)
            ? Vector128.FusedMultiplyAdd(left.AsDouble(), right.AsDouble(), addend.AsDouble()).As<double, T>()
            : Vector128.FusedMultiplyAdd(left.AsSingle(), right.AsSingle(), addend.AsSingle()).As<float, T>();
}

/// <summary><see cref="Vector{T}"/> (the machine's natural width) without fused multiply-add, which it may not have.</summary>
internal readonly unsafe struct PortableSimd<T> : ISimd<Vector<T>, T>
    where T : unmanaged
{
    public static int Count => Vector<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Load(T* source) => Vector.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(T* destination, Vector<T> value) => value.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Broadcast(T value) => new(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Multiply(Vector<T> left, Vector<T> right) => left * right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> MultiplyAdd(Vector<T> left, Vector<T> right, Vector<T> addend) => (left * right) + addend;
}
