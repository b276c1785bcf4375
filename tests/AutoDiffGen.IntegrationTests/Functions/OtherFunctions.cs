namespace AutoDiffGen.IntegrationTests.Functions.Other;

/// <summary>
/// A second partial type, in another namespace, whose [Differentiable] functions are called from
/// <see cref="D"/> and <see cref="F"/>: calls compose through the generated members of another type.
/// The double and float versions are overloads of one name.
/// </summary>
public static partial class OtherFunctions
{
    [Differentiable]
    public static double Rosenbrock(double x, double y)
    {
        double a = 1 - x;
        double b = y - x * x;
        return a * a + 100 * b * b;
    }

    [Differentiable]
    public static float Rosenbrock(float x, float y)
    {
        float a = 1 - x;
        float b = y - x * x;
        return a * a + 100 * b * b;
    }

    /// <summary>A [NoDerivative] parameter: no adjoint or tangent for <paramref name="c"/>.</summary>
    [Differentiable]
    public static double Scale(double x, [NoDerivative] double c) => c * x;

    [Differentiable]
    public static float Scale(float x, [NoDerivative] float c) => c * x;
}
