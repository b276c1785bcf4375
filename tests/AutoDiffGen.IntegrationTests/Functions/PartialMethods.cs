using System;

namespace AutoDiffGen.IntegrationTests.Functions;

/// <summary>
/// Extended partial methods: declared here, implemented in PartialMethods.Implementation.cs. The implementing part's body
/// is differentiated, whichever part carries [Differentiable].
/// </summary>
public static partial class PartialMethods
{
    /// <summary>[Differentiable] on the defining part.</summary>
    [Differentiable]
    public static partial double Smooth(double x, double y);

    /// <summary>[Differentiable] on the implementing part only.</summary>
    public static partial double Damped(double x, double y);

    /// <summary>[NoDerivative] on the defining part's parameter: data, whatever the implementing part says.</summary>
    [Differentiable]
    public static partial double Scaled(double x, [NoDerivative] double c);

    /// <summary>Calls both: composed through their generated members.</summary>
    [Differentiable]
    public static double Calls(double x, double y) => Smooth(x, y) * Damped(y, x) + Scaled(x, 2.5);
}
