using System;
using AutoDiffGen;

/// <summary>A type in the global namespace.</summary>
public static partial class GlobalNamespaceFunctions
{
    [Differentiable]
    public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));
}
