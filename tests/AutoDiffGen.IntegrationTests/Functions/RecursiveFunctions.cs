namespace AutoDiffGen.IntegrationTests.Functions;

/// <summary>
/// Recursion: a [Differentiable] method that calls itself composes with its own generated members, like a call to any
/// other [Differentiable] method (the pullback of each level recomputes the level below, so the cost is quadratic in
/// the depth).
/// </summary>
public static partial class RecursiveFunctions
{
    /// <summary>xⁿ by repeated multiplication, recursively.</summary>
    [Differentiable]
    public static double Power(double x, int n) => n == 0 ? 1.0 : x * Power(x, n - 1);

    /// <summary>A continued fraction of depth n: 1 / (x + 1 / (x + …)).</summary>
    [Differentiable]
    public static double ContinuedFraction(double x, double y, int n) => n == 0 ? y : 1.0 / (x + ContinuedFraction(x, y, n - 1));
}
