using System;
using System.Numerics;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// A compiled random program of kind <see cref="ProgramKind.ArrayToScalar"/> or <see cref="ProgramKind.ScalarToScalar"/>,
/// through its wrappers (printed by <see cref="ProgramPrinter"/>): every generated member and the oracle, over the flat
/// vector <c>z</c> of active inputs (the elements of x, then the scalars), in doubles whatever the program's precision.
/// </summary>
public interface IRandomScalarProgram
{
    /// <summary>The value of F's int parameter n in every call.</summary>
    int N { get; set; }

    double Value(double[] z);

    /// <summary>FGradient: returns its value and overwrites <paramref name="gradient"/>.</summary>
    double Gradient(double[] z, double[] gradient);

    /// <summary>FPullback: adds <c>seed·∇F</c> into <paramref name="adjoint"/>.</summary>
    void Pullback(double[] z, double seed, double[] adjoint);

    double Pushforward(double[] z, double[] v, out double tangent);

    double HessianVectorProduct(double[] z, double[] v, double[] hv);

    double Hessian(double[] z, double[] gradient, double[] hessian);

    /// <summary>
    /// FPullbackPushforward (generated for scalar parameters only; false for the others): adds <c>seed·∇F</c> into
    /// <paramref name="adjoint"/> and <c>seed·H·v + tseed·∇F</c> into <paramref name="tangentAdjoint"/>.
    /// </summary>
    bool PullbackPushforward(double[] z, double seed, double[] adjoint, double[] v, double tseed, double[] tangentAdjoint);

    /// <summary>The oracle at <c>z + v·ε1 + w·ε2</c>.</summary>
    HyperDual<double> Oracle(double[] z, double[] v, double[] w);
}

/// <summary>A compiled random program of kind <see cref="ProgramKind.ArrayToVector"/>, as <see cref="IRandomScalarProgram"/>; y is in and out.</summary>
public interface IRandomVectorProgram
{
    int N { get; set; }

    void Value(double[] z, double[] y);

    void Pushforward(double[] z, double[] v, double[] y, double[] ty);

    /// <summary>FPullback: writes y, adds <c>dyᵀ·J</c> into <paramref name="adjoint"/>, and gives dy back as the method left it.</summary>
    void Pullback(double[] z, double[] y, double[] dy, double[] adjoint);

    void Jacobian(double[] z, double[] y, double[] jacobian);

    /// <summary>The oracle at <c>z + v·ε1 + w·ε2</c>, y starting with the values of <paramref name="y"/>.</summary>
    void Oracle(double[] z, double[] v, double[] w, double[] y, HyperDual<double>[] result);
}

/// <summary>Conversions the wrappers of random programs use (aliased <c>S</c> in their source).</summary>
public static class RandomProgramSupport<T> where T : struct, IFloatingPointIeee754<T>
{
    private static T At(double[] values, int i) => T.CreateChecked(values[i]);

    /// <summary>x: all but the last of <paramref name="z"/>.</summary>
    public static T[] Elements(double[] z)
    {
        var x = new T[z.Length - 1];
        for (int i = 0; i < x.Length; i++) x[i] = At(z, i);
        return x;
    }

    /// <summary>The scalar after x.</summary>
    public static T Last(double[] z) => At(z, z.Length - 1);

    public static T[] All(double[] values)
    {
        var result = new T[values.Length];
        for (int i = 0; i < result.Length; i++) result[i] = At(values, i);
        return result;
    }

    public static T[] NaNs(int length)
    {
        var result = new T[length];
        Array.Fill(result, T.NaN);
        return result;
    }

    public static void Store(ReadOnlySpan<T> values, double[] into)
    {
        for (int i = 0; i < values.Length; i++) into[i] = double.CreateChecked(values[i]);
    }

    /// <summary>x's elements, then a.</summary>
    public static void Store(ReadOnlySpan<T> x, T a, double[] into)
    {
        Store(x, into);
        into[x.Length] = double.CreateChecked(a);
    }

    /// <summary>The <paramref name="i"/>-th input of the oracle: <c>z[i] + v[i]·ε1 + w[i]·ε2</c>.</summary>
    public static HyperDual<T> Input(double[] z, double[] v, double[] w, int i) => HyperDual<T>.Of(At(z, i), At(v, i), At(w, i));

    /// <summary>x of the oracle: all inputs but the last.</summary>
    public static HyperDual<T>[] InputElements(double[] z, double[] v, double[] w)
    {
        var x = new HyperDual<T>[z.Length - 1];
        for (int i = 0; i < x.Length; i++) x[i] = Input(z, v, w, i);
        return x;
    }

    public static HyperDual<T>[] Constants(double[] values)
    {
        var result = new HyperDual<T>[values.Length];
        for (int i = 0; i < result.Length; i++) result[i] = At(values, i);
        return result;
    }

    public static void Store(HyperDual<T>[] values, HyperDual<double>[] into)
    {
        for (int i = 0; i < values.Length; i++) into[i] = values[i].ToDouble();
    }
}
