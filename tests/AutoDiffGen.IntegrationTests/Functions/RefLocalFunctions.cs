using System;

namespace AutoDiffGen.IntegrationTests.Functions;

/// <summary>
/// <c>ref</c> locals: aliases of a local, a parameter, or an element (its index fixed where the reference is taken).
/// They were once lowered as copies, which gave wrong values and derivatives without a word.
/// </summary>
public static partial class RefLocals
{
    /// <summary>The example: a write through a ref into a local array is a write of the array.</summary>
    [Differentiable]
    public static double IntoLocalArray(double x)
    {
        double[] a = new double[2];
        ref double r = ref a[0];
        r = x * x;
        return a[0] + x;
    }

    [Differentiable]
    public static double IntoLocal(double x, double y)
    {
        double acc = y;
        ref double r = ref acc;
        r *= x;
        r += Math.Sin(x);
        return acc * y;
    }

    /// <summary>A ref to a ref, and a ref to a parameter.</summary>
    [Differentiable]
    public static double Chained(double x, double y)
    {
        ref double p = ref x;
        ref double q = ref p;
        q = q * y;
        return x + p * q;
    }

    /// <summary>The index moves on after the reference is taken: the ref still stands for the element it named.</summary>
    [Differentiable]
    public static double IndexFixedWhereTaken(double x, double y)
    {
        Span<double> b = stackalloc double[3];
        int i = 0;
        ref double r = ref b[i];
        i = 2;
        r = x * y;
        b[i] = r + x;
        r += b[i] * y;
        return b[0] * b[2];
    }

    /// <summary>In a loop, a ref to a local buffer's element, and a foreach by reference over the buffer.</summary>
    [Differentiable]
    public static double InALoop(double x, double y)
    {
        Span<double> t = stackalloc double[4];
        for (int i = 0; i < t.Length; i++)
        {
            ref double e = ref t[i];
            e = x * i + y;
            e *= e;
        }
        double sum = 0;
        foreach (ref double v in t)
        {
            sum += v;
        }
        return sum;
    }

    /// <summary>Writes into an output through a ref: the output is an output (not "returns void").</summary>
    [Differentiable]
    public static void IntoOutput(ReadOnlySpan<double> x, double a, Span<double> y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            ref double yi = ref y[i];
            yi = a * x[i];
            yi += x[i] * x[i];
        }
    }

    [Differentiable]
    public static void ForEachRefIntoOutput(double a, Span<double> y)
    {
        foreach (ref double v in y) v = a * a;
    }
}
