using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AutoDiffGen;

/// <summary>
/// What generated derivative loops run on <see cref="Vector{T}"/> call: a block of <see cref="Vector{T}.Count"/> elements
/// read from a span, written or added into one, and the products of <see cref="Scalar"/> in every lane. A loop whose
/// iterations are independent (apart from sums) is generated twice: <see cref="Vector{T}.Count"/> iterations at a time
/// with these, then the rest one at a time as the source wrote it. Each block is bounds-checked once, as the elements it
/// covers would be one by one, and throws <see cref="IndexOutOfRangeException"/> as they would.
/// </summary>
public static class Vectorized
{
    /// <summary>The elements <c>span[index]</c> to <c>span[index + Vector&lt;double&gt;.Count - 1]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> Load(ReadOnlySpan<double> span, int index)
    {
        Check(span.Length, index, Vector<double>.Count);
        return Vector.LoadUnsafe(ref MemoryMarshal.GetReference(span), (nuint)index);
    }

    /// <inheritdoc cref="Load(ReadOnlySpan{double}, int)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Load(ReadOnlySpan<float> span, int index)
    {
        Check(span.Length, index, Vector<float>.Count);
        return Vector.LoadUnsafe(ref MemoryMarshal.GetReference(span), (nuint)index);
    }

    /// <summary>Writes <paramref name="value"/> into <c>span[index]</c> and the elements after it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Span<double> span, int index, Vector<double> value)
    {
        Check(span.Length, index, Vector<double>.Count);
        value.StoreUnsafe(ref MemoryMarshal.GetReference(span), (nuint)index);
    }

    /// <inheritdoc cref="Store(Span{double}, int, Vector{double})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Span<float> span, int index, Vector<float> value)
    {
        Check(span.Length, index, Vector<float>.Count);
        value.StoreUnsafe(ref MemoryMarshal.GetReference(span), (nuint)index);
    }

    /// <summary>Adds <paramref name="value"/> into <c>span[index]</c> and the elements after it (<c>span[index + k] += value[k]</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddTo(Span<double> span, int index, Vector<double> value)
    {
        Check(span.Length, index, Vector<double>.Count);
        ref double at = ref MemoryMarshal.GetReference(span);
        (Vector.LoadUnsafe(ref at, (nuint)index) + value).StoreUnsafe(ref at, (nuint)index);
    }

    /// <inheritdoc cref="AddTo(Span{double}, int, Vector{double})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddTo(Span<float> span, int index, Vector<float> value)
    {
        Check(span.Length, index, Vector<float>.Count);
        ref float at = ref MemoryMarshal.GetReference(span);
        (Vector.LoadUnsafe(ref at, (nuint)index) + value).StoreUnsafe(ref at, (nuint)index);
    }

    /// <summary><see cref="Scalar.ZeroSafeMultiply(double, double)"/> in every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> ZeroSafeMultiply(Vector<double> a, Vector<double> b)
    {
        var product = a * b;
        // A NaN where a factor is 0 (0 · ∞, 0 · NaN) becomes 0; a NaN of nonzero factors stays.
        var zero = Vector.Equals(a, Vector<double>.Zero) | Vector.Equals(b, Vector<double>.Zero);
        return Vector.ConditionalSelect(zero & ~Vector.Equals(product, product), Vector<double>.Zero, product);
    }

    /// <inheritdoc cref="ZeroSafeMultiply(Vector{double}, Vector{double})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> ZeroSafeMultiply(Vector<float> a, Vector<float> b)
    {
        var product = a * b;
        var zero = Vector.Equals(a, Vector<float>.Zero) | Vector.Equals(b, Vector<float>.Zero);
        return Vector.ConditionalSelect(zero & ~Vector.Equals(product, product), Vector<float>.Zero, product);
    }

    /// <summary><see cref="Scalar.ZeroSafeDivide(double, double)"/> in every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> ZeroSafeDivide(Vector<double> a, Vector<double> b)
    {
        var quotient = a / b;
        // A NaN where a is 0 (0 / 0, 0 / NaN) or b is infinite (∞ / ∞, NaN / ∞) becomes 0.
        var zero = Vector.Equals(a, Vector<double>.Zero) | Vector.Equals(Vector.Abs(b), new Vector<double>(double.PositiveInfinity));
        return Vector.ConditionalSelect(zero & ~Vector.Equals(quotient, quotient), Vector<double>.Zero, quotient);
    }

    /// <inheritdoc cref="ZeroSafeDivide(Vector{double}, Vector{double})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> ZeroSafeDivide(Vector<float> a, Vector<float> b)
    {
        var quotient = a / b;
        var zero = Vector.Equals(a, Vector<float>.Zero) | Vector.Equals(Vector.Abs(b), new Vector<float>(float.PositiveInfinity));
        return Vector.ConditionalSelect(zero & ~Vector.Equals(quotient, quotient), Vector<float>.Zero, quotient);
    }

    /// <summary>
    /// The lanes of what a block of iterations adds <paramref name="lanes"/> elements further on, moved to the elements they
    /// add into: the last <paramref name="lanes"/> lanes of the previous block's (<paramref name="previous"/>), then the first
    /// ones of this block's (<paramref name="current"/>), which becomes <paramref name="previous"/> for the next block. So a
    /// loop that adds into <c>dx[i]</c> and <c>dx[i + 1]</c> adds each block of <c>dx</c> once, in registers, rather than
    /// writing a block and reading it back one element further on (which the processor cannot forward from its store).
    /// <paramref name="lanes"/> is less than <see cref="Vector{T}.Count"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> Shift(Vector<double> current, ref Vector<double> previous, int lanes)
    {
        var shifted = Shift<double>(current, previous, lanes);
        previous = current;
        return shifted;
    }

    /// <inheritdoc cref="Shift(Vector{double}, ref Vector{double}, int)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Shift(Vector<float> current, ref Vector<float> previous, int lanes)
    {
        var shifted = Shift<float>(current, previous, lanes);
        previous = current;
        return shifted;
    }

    /// <summary>Adds the last <paramref name="lanes"/> lanes of <paramref name="last"/> into <c>span[index]</c> and the elements after it: what the last block added past its end (see <see cref="Shift(Vector{double}, ref Vector{double}, int)"/>).</summary>
    public static void AddLast(Span<double> span, int index, Vector<double> last, int lanes)
    {
        for (int k = 0; k < lanes; k++) span[index + k] += last[Vector<double>.Count - lanes + k];
    }

    /// <inheritdoc cref="AddLast(Span{double}, int, Vector{double}, int)"/>
    public static void AddLast(Span<float> span, int index, Vector<float> last, int lanes)
    {
        for (int k = 0; k < lanes; k++) span[index + k] += last[Vector<float>.Count - lanes + k];
    }

    /// <summary>Lane k of the result is lane k − lanes of <paramref name="current"/>, or of <paramref name="previous"/> (counted from its end) for k &lt; lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> Shift<T>(Vector<T> current, Vector<T> previous, int lanes) where T : unmanaged
    {
        int count = Vector<T>.Count;
        if (Vector<T>.Count * Unsafe.SizeOf<T>() == 32)
        {
            if (Avx512F.VL.IsSupported)
            {
                // One two-source permute: lane k takes element count − lanes + k of previous:current.
                if (typeof(T) == typeof(double))
                {
                    var indices = Vector256<long>.Indices + Vector256.Create((long)(count - lanes));
                    return Avx512F.VL.PermuteVar4x64x2(previous.AsVector256().AsDouble(), indices, current.AsVector256().AsDouble()).AsVector().As<double, T>();
                }
                var floatIndices = Vector256<int>.Indices + Vector256.Create(count - lanes);
                return Avx512F.VL.PermuteVar8x32x2(previous.AsVector256().AsSingle(), floatIndices, current.AsVector256().AsSingle()).AsVector().As<float, T>();
            }
            if (Avx2.IsSupported)
            {
                // The high half of previous and the low half of current, then each 16-byte half aligned from two.
                var p = previous.AsVector256().AsByte();
                var c = current.AsVector256().AsByte();
                var middle = Avx2.Permute2x128(p, c, 0x21);
                int bytes = lanes * Unsafe.SizeOf<T>();
                var result = bytes < 16 ? AlignRight(c, middle, 16 - bytes) : bytes == 16 ? middle : AlignRight(middle, p, 32 - bytes);
                return result.AsVector().As<byte, T>();
            }
        }
        if (Vector<T>.Count * Unsafe.SizeOf<T>() == 64 && Avx512F.IsSupported)
        {
            if (typeof(T) == typeof(double))
            {
                var indices = Vector512<long>.Indices + Vector512.Create((long)(count - lanes));
                return Avx512F.PermuteVar8x64x2(previous.AsVector512().AsDouble(), indices, current.AsVector512().AsDouble()).AsVector().As<double, T>();
            }
            var floatIndices = Vector512<int>.Indices + Vector512.Create(count - lanes);
            return Avx512F.PermuteVar16x32x2(previous.AsVector512().AsSingle(), floatIndices, current.AsVector512().AsSingle()).AsVector().As<float, T>();
        }
        // Other widths (128-bit vectors): through memory.
        Span<T> both = stackalloc T[2 * Vector<T>.Count];
        previous.CopyTo(both);
        current.CopyTo(both.Slice(count));
        return new Vector<T>(both.Slice(count - lanes));
    }

    /// <summary><see cref="Avx2.AlignRight(Vector256{byte}, Vector256{byte}, byte)"/> by 4, 8 or 12 bytes, the shifts of 4- and 8-byte lanes (constants, as it needs).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> AlignRight(Vector256<byte> left, Vector256<byte> right, int bytes) => bytes switch
    {
        4 => Avx2.AlignRight(left, right, 4),
        8 => Avx2.AlignRight(left, right, 8),
        _ => Avx2.AlignRight(left, right, 12),
    };

    /// <summary>Throws as <c>span[index + count - 1]</c> or <c>span[index]</c> would when the block is not all inside the span.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Check(int length, int index, int count)
    {
        if (index < 0 || index > length - count) ThrowOutside();
    }

    private static void ThrowOutside() => throw new IndexOutOfRangeException("A block of elements of a vectorized loop lies outside its span.");
}
