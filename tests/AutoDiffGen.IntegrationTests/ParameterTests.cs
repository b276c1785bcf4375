using System;
using System.Linq;
using System.Reflection;
using AutoDiffGen.IntegrationTests.Functions;
using Xunit;

namespace AutoDiffGen.IntegrationTests;

/// <summary>[NoDerivative], int and bool parameters are passed through and get no derivative parameters.</summary>
public class ParameterTests
{
    [Fact]
    public void NoDerivative_parameter_has_no_adjoint_or_tangent()
    {
        const double x = 1.5, c = 4.0; // Scaled = c·x²

        Assert.Equal(c * x * x, Parameters.ScaledGradient(x, c, out double dx));
        Assert.Equal(2 * c * x, dx, 14);

        double adj = 0.5;
        Parameters.ScaledPullback(x, c, 2.0, ref adj);
        Assert.Equal(0.5 + 2.0 * 2 * c * x, adj, 14);

        Assert.Equal(c * x * x, Parameters.ScaledPushforward(x, c, 3.0, out double tangent));
        Assert.Equal(3.0 * 2 * c * x, tangent, 14);

        Span<double> gradient = stackalloc double[1];
        Span<double> hessian = stackalloc double[1];
        Assert.Equal(c * x * x, Parameters.ScaledHessian(x, c, gradient, hessian));
        Assert.Equal(2 * c * x, gradient[0], 14);
        Assert.Equal(2 * c, hessian[0], 14);

        Parameters.ScaledHessianVectorProduct(x, c, 0.25, out double hv);
        Assert.Equal(2 * c * 0.25, hv, 14);
    }

    [Fact]
    public void NoDerivative_parameter_in_a_float_function()
    {
        const float x = 1.5f, c = 4.0f;
        Assert.Equal(c * x * x, Parameters.ScaledGradient(x, c, out float dx));
        Assert.Equal(2 * c * x, dx, 5);

        Span<float> gradient = stackalloc float[1];
        Span<float> hessian = stackalloc float[1];
        Parameters.ScaledHessian(x, c, gradient, hessian);
        Assert.Equal(2 * c, hessian[0], 5);
    }

    [Fact]
    public void Inactive_parameters_between_active_ones()
    {
        const double a = 2.0, x = 0.5, b = -3.0, y = 1.2; // Affine = a·x·y + b·sin(y)

        Parameters.AffineGradient(a, x, b, y, out double dx, out double dy);
        Assert.Equal(a * y, dx, 14);
        Assert.Equal(a * x + b * Math.Cos(y), dy, 14);

        Parameters.AffinePushforward(a, x, b, y, 1.0, -1.0, out double tangent);
        Assert.Equal(a * y - (a * x + b * Math.Cos(y)), tangent, 14);

        Span<double> gradient = stackalloc double[2];
        Span<double> hessian = stackalloc double[4];
        Parameters.AffineHessian(a, x, b, y, gradient, hessian);
        Assert.Equal(0, hessian[0], 14);
        Assert.Equal(a, hessian[1], 14);
        Assert.Equal(a, hessian[2], 14);
        Assert.Equal(-b * Math.Sin(y), hessian[3], 14);

        Parameters.AffineHessianVectorProduct(a, x, b, y, 1.0, 2.0, out double hvx, out double hvy);
        Assert.Equal(2.0 * a, hvx, 14);
        Assert.Equal(a - 2.0 * b * Math.Sin(y), hvy, 14);
    }

    [Fact]
    public void Int_parameter_is_data()
    {
        // IntParameter = n·x² + n
        Assert.Equal(3 * 4.0 + 3, Parameters.IntParameterGradient(2.0, 3, out double dx));
        Assert.Equal(12.0, dx, 14);

        double adj = 0;
        Parameters.IntParameterPullback(2.0, 3, 1.0, ref adj);
        Assert.Equal(12.0, adj, 14);

        Parameters.IntParameterPushforward(2.0, 3, 0.5, out double tangent);
        Assert.Equal(6.0, tangent, 14);

        Parameters.IntParameterHessianVectorProduct(2.0, 3, 1.0, out double hv);
        Assert.Equal(6.0, hv, 14);
    }

    [Fact]
    public void Bool_parameter_is_data()
    {
        // BoolParameter = negate ? -x² : x³
        Parameters.BoolParameterGradient(2.0, true, out double whenTrue);
        Parameters.BoolParameterGradient(2.0, false, out double whenFalse);
        Assert.Equal(-4.0, whenTrue, 14);
        Assert.Equal(12.0, whenFalse, 14);

        Span<double> gradient = stackalloc double[1];
        Span<double> hessian = stackalloc double[1];
        Parameters.BoolParameterHessian(2.0, false, gradient, hessian);
        Assert.Equal(12.0, hessian[0], 14);
        Parameters.BoolParameterHessian(2.0, true, gradient, hessian);
        Assert.Equal(-2.0, hessian[0], 14);
    }

    [Theory]
    [InlineData("ScaledGradient", 3)]
    [InlineData("ScaledPullback", 4)]
    [InlineData("ScaledPushforward", 4)]
    [InlineData("ScaledHessianVectorProduct", 4)]
    [InlineData("AffineGradient", 6)]
    [InlineData("IntParameterGradient", 3)]
    [InlineData("BoolParameterGradient", 3)]
    public void Inactive_parameters_add_no_derivative_parameters(string member, int parameterCount)
    {
        MethodInfo[] overloads = typeof(Parameters).GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.Name == member).ToArray();
        Assert.NotEmpty(overloads);
        Assert.All(overloads, m => Assert.Equal(parameterCount, m.GetParameters().Length));
    }
}
