using System.Numerics;
using System.Runtime.CompilerServices;

namespace AutoDiffGen;

/// <summary>
/// The one SIMD abstraction of the runtime: a block of <see cref="Count"/> elements that a kernel computes on, one
/// element (<see cref="Lanes1{T}"/>) or a vector (<see cref="Lanes128{T}"/>, <see cref="Lanes256{T}"/>,
/// <see cref="Lanes512{T}"/>). The hand-written kernels, the elementwise ones (<see cref="Kernels"/>) and GEMM's
/// (<see cref="GemmMicroKernel{TLanes, T}"/>), are written once against this interface, as generic methods over a
/// struct that implements it, so that each width is compiled separately with static calls and no allocation;
/// <see cref="SimdWidth"/> chooses the width. The scalar path and the tails compute each element with the same
/// operations, in the same order, as the vectors do.
/// </summary>
/// <typeparam name="TSelf">The implementing type.</typeparam>
/// <typeparam name="T">The element type.</typeparam>
internal interface ILanes<TSelf, T>
    where TSelf : struct, ILanes<TSelf, T>
    where T : IFloatingPointIeee754<T>
{
    /// <summary>The number of elements in a block.</summary>
    static abstract int Count { get; }

    /// <summary>The block that starts at <paramref name="index"/> elements past <paramref name="source"/>.</summary>
    static abstract TSelf Load(ref T source, nint index);

    /// <summary>Writes the block at <paramref name="index"/> elements past <paramref name="destination"/>.</summary>
    void Store(ref T destination, nint index);

    /// <summary><paramref name="value"/> in every element.</summary>
    static abstract TSelf Create(T value);

    /// <summary>Elementwise sum.</summary>
    static abstract TSelf operator +(TSelf left, TSelf right);

    /// <summary>Elementwise difference.</summary>
    static abstract TSelf operator -(TSelf left, TSelf right);

    /// <summary>Elementwise negation.</summary>
    static abstract TSelf operator -(TSelf value);

    /// <summary>Elementwise product.</summary>
    static abstract TSelf operator *(TSelf left, TSelf right);

    /// <summary>Elementwise quotient.</summary>
    static abstract TSelf operator /(TSelf left, TSelf right);

    /// <summary>
    /// <c>sum += left·right</c>: fused (one rounding) where the hardware has fused multiply-add at this width, else a
    /// multiply and an add (a software fused multiply-add would be slower than both). GEMM's kernel is built on it;
    /// the elementwise kernels do not use it, so that they round as their scalar formulas do. It writes
    /// <paramref name="sum"/> in place: given <c>sum = MultiplyAdd(left, right, sum)</c> on these structs, the JIT
    /// computed into the register of an operand and copied the result to the sum's, a move for every other
    /// multiply-add of GEMM's inner loop.
    /// </summary>
    static abstract void AddProduct(ref TSelf sum, TSelf left, TSelf right);

    /// <summary>The IEEE 754 maximum of each pair of elements: NaN if either is NaN, +0 above -0 (as <c>Math.Max</c>).</summary>
    static abstract TSelf Max(TSelf left, TSelf right);

    /// <summary>Each element of <paramref name="value"/> where <paramref name="condition"/> is greater than zero, else +0.</summary>
    static abstract TSelf WherePositive(TSelf condition, TSelf value);

    /// <summary>e raised to each element.</summary>
    static abstract TSelf Exp(TSelf x);

    /// <summary>The sum of the elements.</summary>
    static abstract T Sum(TSelf value);
}

/// <summary>One element: the path of machines without vector hardware and of element types vectors do not hold, and the tail of every vector loop.</summary>
/// <typeparam name="T">The element type.</typeparam>
internal struct Lanes1<T>(T value) : ILanes<Lanes1<T>, T>
    where T : IFloatingPointIeee754<T>
{
    private T _value = value;

    public static int Count => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes1<T> Load(ref T source, nint index) => new(Unsafe.Add(ref source, index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Store(ref T destination, nint index) => Unsafe.Add(ref destination, index) = _value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes1<T> Create(T value) => new(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes1<T> operator +(Lanes1<T> left, Lanes1<T> right) => new(left._value + right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes1<T> operator -(Lanes1<T> left, Lanes1<T> right) => new(left._value - right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes1<T> operator -(Lanes1<T> value) => new(-value._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes1<T> operator *(Lanes1<T> left, Lanes1<T> right) => new(left._value * right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes1<T> operator /(Lanes1<T> left, Lanes1<T> right) => new(left._value / right._value);

    /// <summary>A multiply and an add: without vector hardware there is no fused multiply-add either.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddProduct(ref Lanes1<T> sum, Lanes1<T> left, Lanes1<T> right) =>
        sum._value = (left._value * right._value) + sum._value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes1<T> Max(Lanes1<T> left, Lanes1<T> right) => new(T.Max(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes1<T> WherePositive(Lanes1<T> condition, Lanes1<T> value) =>
        new(condition._value > T.Zero ? value._value : T.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes1<T> Exp(Lanes1<T> x) => new(T.Exp(x._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Lanes1<T> value) => value._value;
}
