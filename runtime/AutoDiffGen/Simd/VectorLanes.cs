using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace AutoDiffGen;

// The three vector widths of ILanes<TSelf, T> over the BCL's vector types, for T = double or float only (SimdWidth
// sends every other type down Lanes1). Each member forwards to the Vector128/256/512 operation of the same name;
// Exp and AddProduct pick the double or float overload, and AddProduct whether to fuse, by tests the JIT folds.
// The structs are not readonly only so that AddProduct can write the sum's field in place (see ILanes), and it does so
// in if statements: one conditional expression assigned to the field made the JIT keep GEMM's accumulators on the stack.

/// <summary>A <see cref="Vector128{T}"/> of elements; fused multiply-add with FMA3 (x64) or AdvSimd (Arm64).</summary>
/// <typeparam name="T">double or float.</typeparam>
internal struct Lanes128<T>(Vector128<T> value) : ILanes<Lanes128<T>, T>
    where T : IFloatingPointIeee754<T>
{
    private Vector128<T> _value = value;

    public static int Count => Vector128<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128<T> Load(ref T source, nint index) => new(Vector128.LoadUnsafe(ref source, (nuint)index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Store(ref T destination, nint index) => _value.StoreUnsafe(ref destination, (nuint)index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128<T> Create(T value) => new(Vector128.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128<T> operator +(Lanes128<T> left, Lanes128<T> right) => new(left._value + right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128<T> operator -(Lanes128<T> left, Lanes128<T> right) => new(left._value - right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128<T> operator -(Lanes128<T> value) => new(-value._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128<T> operator *(Lanes128<T> left, Lanes128<T> right) => new(left._value * right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128<T> operator /(Lanes128<T> left, Lanes128<T> right) => new(left._value / right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddProduct(ref Lanes128<T> sum, Lanes128<T> left, Lanes128<T> right)
    {
        if (!(Fma.IsSupported || AdvSimd.Arm64.IsSupported))
        {
            sum._value = (left._value * right._value) + sum._value;
        }
        else if (typeof(T) == typeof(double))
        {
            sum._value = Vector128.FusedMultiplyAdd(left._value.AsDouble(), right._value.AsDouble(), sum._value.AsDouble()).As<double, T>();
        }
        else
        {
            sum._value = Vector128.FusedMultiplyAdd(left._value.AsSingle(), right._value.AsSingle(), sum._value.AsSingle()).As<float, T>();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128<T> Max(Lanes128<T> left, Lanes128<T> right) => new(Vector128.Max(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128<T> WherePositive(Lanes128<T> condition, Lanes128<T> value) =>
        new(Vector128.GreaterThan(condition._value, Vector128<T>.Zero) & value._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128<T> Exp(Lanes128<T> x) => typeof(T) == typeof(double)
        ? new(Vector128.Exp(x._value.AsDouble()).As<double, T>())
        : new(Vector128.Exp(x._value.AsSingle()).As<float, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Lanes128<T> value) => Vector128.Sum(value._value);
}

/// <summary>A <see cref="Vector256{T}"/> of elements; fused multiply-add with FMA3.</summary>
/// <typeparam name="T">double or float.</typeparam>
internal struct Lanes256<T>(Vector256<T> value) : ILanes<Lanes256<T>, T>
    where T : IFloatingPointIeee754<T>
{
    private Vector256<T> _value = value;

    public static int Count => Vector256<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> Load(ref T source, nint index) => new(Vector256.LoadUnsafe(ref source, (nuint)index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Store(ref T destination, nint index) => _value.StoreUnsafe(ref destination, (nuint)index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> Create(T value) => new(Vector256.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> operator +(Lanes256<T> left, Lanes256<T> right) => new(left._value + right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> operator -(Lanes256<T> left, Lanes256<T> right) => new(left._value - right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> operator -(Lanes256<T> value) => new(-value._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> operator *(Lanes256<T> left, Lanes256<T> right) => new(left._value * right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> operator /(Lanes256<T> left, Lanes256<T> right) => new(left._value / right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddProduct(ref Lanes256<T> sum, Lanes256<T> left, Lanes256<T> right)
    {
        if (!(Fma.IsSupported))
        {
            sum._value = (left._value * right._value) + sum._value;
        }
        else if (typeof(T) == typeof(double))
        {
            sum._value = Vector256.FusedMultiplyAdd(left._value.AsDouble(), right._value.AsDouble(), sum._value.AsDouble()).As<double, T>();
        }
        else
        {
            sum._value = Vector256.FusedMultiplyAdd(left._value.AsSingle(), right._value.AsSingle(), sum._value.AsSingle()).As<float, T>();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> Max(Lanes256<T> left, Lanes256<T> right) => new(Vector256.Max(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> WherePositive(Lanes256<T> condition, Lanes256<T> value) =>
        new(Vector256.GreaterThan(condition._value, Vector256<T>.Zero) & value._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> Exp(Lanes256<T> x) => typeof(T) == typeof(double)
        ? new(Vector256.Exp(x._value.AsDouble()).As<double, T>())
        : new(Vector256.Exp(x._value.AsSingle()).As<float, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Lanes256<T> value) => Vector256.Sum(value._value);
}

/// <summary>A <see cref="Vector512{T}"/> of elements; fused multiply-add with AVX-512.</summary>
/// <typeparam name="T">double or float.</typeparam>
internal struct Lanes512<T>(Vector512<T> value) : ILanes<Lanes512<T>, T>
    where T : IFloatingPointIeee754<T>
{
    private Vector512<T> _value = value;

    public static int Count => Vector512<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> Load(ref T source, nint index) => new(Vector512.LoadUnsafe(ref source, (nuint)index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Store(ref T destination, nint index) => _value.StoreUnsafe(ref destination, (nuint)index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> Create(T value) => new(Vector512.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> operator +(Lanes512<T> left, Lanes512<T> right) => new(left._value + right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> operator -(Lanes512<T> left, Lanes512<T> right) => new(left._value - right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> operator -(Lanes512<T> value) => new(-value._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> operator *(Lanes512<T> left, Lanes512<T> right) => new(left._value * right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> operator /(Lanes512<T> left, Lanes512<T> right) => new(left._value / right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddProduct(ref Lanes512<T> sum, Lanes512<T> left, Lanes512<T> right)
    {
        if (!(Avx512F.IsSupported))
        {
            sum._value = (left._value * right._value) + sum._value;
        }
        else if (typeof(T) == typeof(double))
        {
            sum._value = Vector512.FusedMultiplyAdd(left._value.AsDouble(), right._value.AsDouble(), sum._value.AsDouble()).As<double, T>();
        }
        else
        {
            sum._value = Vector512.FusedMultiplyAdd(left._value.AsSingle(), right._value.AsSingle(), sum._value.AsSingle()).As<float, T>();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> Max(Lanes512<T> left, Lanes512<T> right) => new(Vector512.Max(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> WherePositive(Lanes512<T> condition, Lanes512<T> value) =>
        new(Vector512.GreaterThan(condition._value, Vector512<T>.Zero) & value._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> Exp(Lanes512<T> x) => typeof(T) == typeof(double)
        ? new(Vector512.Exp(x._value.AsDouble()).As<double, T>())
        : new(Vector512.Exp(x._value.AsSingle()).As<float, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Lanes512<T> value) => Vector512.Sum(value._value);
}
