namespace AutoDiffGen.IntegrationTests.Functions;

/// <summary>[NoDerivative] parameters of other types than double and float: data the method reads and passes through.</summary>
public static partial class DataParameters
{
    /// <summary>Scalars through a [NoDerivative] matrix: a scalar method with data matrices has its full Hessian.</summary>
    [Differentiable]
    public static double ThroughMatrixData(double s, double t, [NoDerivative] Matrix x) => Matrix.Sum(Matrix.Tanh(s * x + t)) * s;
}
