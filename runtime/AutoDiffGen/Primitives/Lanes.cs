using System.Numerics;
using System.Runtime.CompilerServices;

namespace AutoDiffGen;

/// <summary>
/// A block of <see cref="Count"/> elements that a kernel computes on: one element (<see cref="Lanes1{T}"/>) or a
/// vector (<see cref="Lanes128{T}"/>, <see cref="Lanes256{T}"/>, <see cref="Lanes512{T}"/>). A kernel is written
/// once against this interface and runs at every width, so the scalar path and the tails compute each element
/// with the same operations, in the same order, as the vectors do.
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
    static abstract TSelf Load(ref T source, int index);

    /// <summary>Writes the block at <paramref name="index"/> elements past <paramref name="destination"/>.</summary>
    void Store(ref T destination, int index);

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

    /// <summary>The IEEE 754 maximum of each pair of elements: NaN if either is NaN, +0 above -0 (as <c>Math.Max</c>).</summary>
    static abstract TSelf Max(TSelf left, TSelf right);

    /// <summary>Each element of <paramref name="value"/> where <paramref name="condition"/> is greater than zero, else +0.</summary>
    static abstract TSelf WherePositive(TSelf condition, TSelf value);

    /// <summary>e raised to each element.</summary>
    static abstract TSelf Exp(TSelf x);

    /// <summary>The sum of the elements.</summary>
    static abstract T Sum(TSelf value);
}

/// <summary>One element: the scalar path, and the tail of every vector loop.</summary>
/// <typeparam name="T">The element type.</typeparam>
internal readonly struct Lanes1<T>(T value) : ILanes<Lanes1<T>, T>
    where T : IFloatingPointIeee754<T>
{
    private readonly T _value = value;

    public static int Count => 1;

    public static Lanes1<T> Load(ref T source, int index) => new(Unsafe.Add(ref source, index));

    public void Store(ref T destination, int index) => Unsafe.Add(ref destination, index) = _value;

    public static Lanes1<T> Create(T value) => new(value);

    public static Lanes1<T> operator +(Lanes1<T> left, Lanes1<T> right) => new(left._value + right._value);

    public static Lanes1<T> operator -(Lanes1<T> left, Lanes1<T> right) => new(left._value - right._value);

    public static Lanes1<T> operator -(Lanes1<T> value) => new(-value._value);

    public static Lanes1<T> operator *(Lanes1<T> left, Lanes1<T> right) => new(left._value * right._value);

    public static Lanes1<T> operator /(Lanes1<T> left, Lanes1<T> right) => new(left._value / right._value);

    public static Lanes1<T> Max(Lanes1<T> left, Lanes1<T> right) => new(T.Max(left._value, right._value));

    public static Lanes1<T> WherePositive(Lanes1<T> condition, Lanes1<T> value) =>
        new(condition._value > T.Zero ? value._value : T.Zero);

    public static Lanes1<T> Exp(Lanes1<T> x) => new(T.Exp(x._value));

    public static T Sum(Lanes1<T> value) => value._value;
}
