using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace AutoDiffGen;

/// <summary>
/// The argument checks of the span primitives. Each throws <see cref="ArgumentException"/> (or
/// <see cref="ArgumentOutOfRangeException"/>) whose <see cref="ArgumentException.ParamName"/> is the public
/// parameter at fault; the names come from the caller's argument expressions, so public methods pass their
/// parameters straight through.
/// </summary>
internal static class Arguments
{
    /// <summary>Throws unless <paramref name="actual"/> is <paramref name="expected"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Length(int expected, int actual, string name)
    {
        if (actual != expected)
        {
            ThrowLength(expected, actual, name);
        }
    }

    /// <summary>Throws if <paramref name="output"/> overlaps <paramref name="input"/> other than by being the same span.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SameOrDisjoint<T>(ReadOnlySpan<T> input, ReadOnlySpan<T> output, string outputName)
    {
        if (input.Overlaps(output, out int offset) && offset != 0)
        {
            ThrowOverlap(outputName, "overlaps an input partly; it may be that input itself, or apart from it");
        }
    }

    /// <summary>Throws if <paramref name="output"/> shares any element with <paramref name="input"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Disjoint<T>(ReadOnlySpan<T> input, ReadOnlySpan<T> output, string outputName)
    {
        if (input.Overlaps(output))
        {
            ThrowOverlap(outputName, "overlaps an input it is computed from; it must be apart from it");
        }
    }

    /// <summary>An elementwise operation: <paramref name="destination"/> as long as <paramref name="x"/>, the same span or apart.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Elementwise<T>(
        ReadOnlySpan<T> x,
        ReadOnlySpan<T> destination,
        [CallerArgumentExpression(nameof(destination))] string destinationName = "")
    {
        Length(x.Length, destination.Length, destinationName);
        SameOrDisjoint(x, destination, destinationName);
    }

    /// <summary>An elementwise operation of two spans: all three as long as <paramref name="x"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Elementwise<T>(
        ReadOnlySpan<T> x,
        ReadOnlySpan<T> y,
        ReadOnlySpan<T> destination,
        [CallerArgumentExpression(nameof(y))] string yName = "",
        [CallerArgumentExpression(nameof(destination))] string destinationName = "")
    {
        Length(x.Length, y.Length, yName);
        Elementwise(x, destination, destinationName);
        SameOrDisjoint(y, destination, destinationName);
    }

    /// <summary>
    /// The adjoint of a binary elementwise operation: <paramref name="da"/> (of <paramref name="a"/>) and
    /// <paramref name="db"/> (of <paramref name="b"/>) as long as <paramref name="a"/>, each apart from the inputs or one
    /// of them, and <paramref name="db"/> apart from <paramref name="da"/> or <paramref name="da"/> itself.
    /// </summary>
    public static void Pair<T>(
        ReadOnlySpan<T> a,
        ReadOnlySpan<T> b,
        ReadOnlySpan<T> dy,
        ReadOnlySpan<T> da,
        ReadOnlySpan<T> db,
        string bName,
        string dyName,
        string daName,
        string dbName)
    {
        Elementwise(a, b, da, bName, daName);
        Elementwise(a, dy, db, dyName, dbName);
        SameOrDisjoint(dy, da, daName);
        SameOrDisjoint(b, db, dbName);
        SameOrDisjoint(da, db, dbName);
    }

    /// <summary>
    /// A row-major matrix of <paramref name="rows"/> × <paramref name="columns"/> elements: neither negative,
    /// and <paramref name="length"/> their product.
    /// </summary>
    public static void Matrix(
        int length,
        int rows,
        int columns,
        string matrixName,
        [CallerArgumentExpression(nameof(rows))] string rowsName = "",
        [CallerArgumentExpression(nameof(columns))] string columnsName = "")
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows, rowsName);
        ArgumentOutOfRangeException.ThrowIfNegative(columns, columnsName);
        if ((long)rows * columns != length)
        {
            throw new ArgumentException(
                $"{matrixName} has {length} elements; a {rows} × {columns} matrix has {(long)rows * columns}.", matrixName);
        }
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowLength(int expected, int actual, string name) =>
        throw new ArgumentException($"{name} has {actual} elements where {expected} are needed.", name);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowOverlap(string name, string why) => throw new ArgumentException($"{name} {why}.", name);
}
