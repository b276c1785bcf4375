using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace AutoDiffGen;

// What the code the generator emits for matrix-valued methods calls to move adjoints around. A null adjoint stands
// for zero; a null ref (Unsafe.NullRef) is an adjoint the caller does not want.
public sealed partial class Matrix
{
    /// <summary>
    /// <c>adjoint += value</c> for generated code: nothing if <paramref name="adjoint"/> is a null ref or
    /// <paramref name="value"/> is null (zero); a copy of <paramref name="value"/> (from the workspace) if the adjoint
    /// is null, so that it never aliases the value; else <paramref name="value"/> is added into the adjoint in place.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static void AccumulateAdjoint(ref Matrix? adjoint, Matrix? value)
    {
        if (Unsafe.IsNullRef(ref adjoint) || value is null) return;
        if (adjoint is null) adjoint = Copy(value);
        else AddInPlace(adjoint, value);
    }

    /// <summary>The adjoint <paramref name="adjoint"/> refers to, or null (zero) for a null ref: for generated code.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Matrix? AdjointOrNull(ref Matrix? adjoint) => Unsafe.IsNullRef(ref adjoint) ? null : adjoint;

    /// <summary>
    /// Hands a pullback's accumulated adjoint <paramref name="value"/> to its caller's <paramref name="adjoint"/>, for
    /// generated code: nothing if the adjoint is a null ref, the value null or the adjoint itself; the value itself if the
    /// caller's adjoint is null (the value is the pullback's own, so it is not copied); else added into it in place.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static void StoreAdjoint(ref Matrix? adjoint, Matrix? value)
    {
        if (Unsafe.IsNullRef(ref adjoint) || value is null || ReferenceEquals(adjoint, value)) return;
        if (adjoint is null) adjoint = value;
        else AddInPlace(adjoint, value);
    }

    /// <summary>
    /// Starts a gradient method's output <paramref name="gradient"/> for the parameter <paramref name="primal"/>: checks
    /// it has the parameter's shape and zeroes it, for generated code.
    /// </summary>
    /// <param name="gradient">The caller's gradient matrix, overwritten.</param>
    /// <param name="primal">The parameter it is the gradient of.</param>
    /// <param name="name">The gradient parameter's name, <c>d</c> and the parameter's name by the generator's convention (<c>dW</c>).</param>
    /// <exception cref="ArgumentNullException"><paramref name="gradient"/> is null.</exception>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static void BeginGradient(Matrix gradient, Matrix primal, string name)
    {
        if (gradient is null) throw new ArgumentNullException(name);
        ArgumentNullException.ThrowIfNull(primal);
        if (gradient.Rows != primal.Rows || gradient.Columns != primal.Columns)
        {
            string parameter = name.Length > 1 && name[0] == 'd' ? name[1..] : "its parameter";
            throw new ArgumentException($"{name} is {gradient.Shape} but {parameter} is {primal.Shape}; a gradient has the shape of its parameter.", name);
        }

        gradient.AsSpan().Clear();
    }

    /// <summary>
    /// Makes <paramref name="gradient"/> hold a gradient method's <paramref name="accumulated"/> adjoint, for generated
    /// code: nothing if it is null (the gradient, zeroed by <see cref="BeginGradient"/>, is zero) or is the gradient itself
    /// (accumulated in place); a null gradient (a local of generated code) takes it; otherwise it is copied in.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static void StoreGradient(Matrix? accumulated, ref Matrix? gradient)
    {
        if (accumulated is null || ReferenceEquals(accumulated, gradient)) return;
        if (gradient is null)
        {
            gradient = accumulated;
            return;
        }

        CheckShapeOf(accumulated, "gradient", gradient);
        accumulated._values.CopyTo(gradient._values, 0);
    }

    /// <summary><c>adjoint += value</c> in place, after checking the shapes.</summary>
    private static void AddInPlace(Matrix adjoint, Matrix value)
    {
        CheckShapeOf(value, "adjoint", adjoint);
        SpanMath.Add<double>(adjoint._values, value._values, adjoint._values);
    }
}
