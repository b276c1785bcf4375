using System;
using System.Linq;
using System.Numerics;

namespace AutoDiffGen.Runtime.Tests.Primitives;

/// <summary>Plain scalar loops that the reductions are checked against.</summary>
internal static class Reference
{
    public static T Sum<T>(ReadOnlySpan<T> x)
        where T : IFloatingPointIeee754<T>
    {
        T sum = T.Zero;
        foreach (T value in x)
        {
            sum += value;
        }
        return sum;
    }

    /// <summary>Σ |x[i]|: the scale of the rounding error of a sum.</summary>
    public static double SumOfMagnitudes<T>(ReadOnlySpan<T> x)
        where T : IFloatingPointIeee754<T>
    {
        double sum = 0;
        foreach (T value in x)
        {
            sum += Math.Abs(double.CreateChecked(value));
        }
        return sum;
    }

    public static T Max<T>(ReadOnlySpan<T> x)
        where T : IFloatingPointIeee754<T>
    {
        T max = x[0];
        foreach (T value in x)
        {
            max = T.Max(max, value);
        }
        return max;
    }

    public static T LogSumExp<T>(ReadOnlySpan<T> x)
        where T : IFloatingPointIeee754<T>
    {
        if (x.IsEmpty)
        {
            return T.NegativeInfinity;
        }
        T max = Max(x);
        if (!T.IsFinite(max))
        {
            return max;
        }
        T sum = T.Zero;
        foreach (T value in x)
        {
            sum += T.Exp(value - max);
        }
        return max + T.Log(sum);
    }

    public static T[] Softmax<T>(ReadOnlySpan<T> x)
        where T : IFloatingPointIeee754<T>
    {
        if (x.IsEmpty)
        {
            return [];
        }
        T max = Max(x);
        T[] exp = x.ToArray().Select(v => T.Exp(v - max)).ToArray();
        T sum = Sum<T>(exp);
        return exp.Select(e => e / sum).ToArray();
    }
}
