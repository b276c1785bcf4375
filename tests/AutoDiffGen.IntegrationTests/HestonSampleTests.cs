using System;
using System.Linq;
using System.Numerics;
using AutoDiffGen.Samples.Heston;
using Xunit;

namespace AutoDiffGen.IntegrationTests;

/// <summary>
/// The Heston sample: its price against a published value and against Heston's own two-probability formula integrated
/// here on a fine grid; every sensitivity from the generated gradient against central differences.
/// </summary>
public class HestonSampleTests
{
    // (v0, κ, θ, σ, ρ, S, K, T, r): the sample's case, in and out of the money, a rate, ten years, wild volatility of variance.
    public static TheoryData<double, double, double, double, double, double, double, double, double> Cases => new()
    {
        { 0.0175, 1.5768, 0.0398, 0.5751, -0.5711, 100, 100, 1, 0 },
        { 0.0175, 1.5768, 0.0398, 0.5751, -0.5711, 100, 80, 1, 0.03 },
        { 0.0175, 1.5768, 0.0398, 0.5751, -0.5711, 100, 125, 2, 0.03 },
        { 0.04, 0.5, 0.04, 0.3, -0.7, 100, 100, 10, 0.02 },
        { 0.09, 3.0, 0.06, 1.0, -0.9, 90, 100, 0.5, 0.01 },
        { 0.02, 2.0, 0.05, 0.4, 0.3, 110, 100, 1.5, 0 },
    };

    /// <summary>Finer than the sample's rule, so that what is compared is the formula and its derivative, not the rule.</summary>
    private static readonly Quadrature FineRule = Quadrature.GaussLegendre(1024, 600);

    [Fact]
    public void The_price_is_Fang_and_Oosterlees_reference_value()
    {
        double price = Heston.Price(Sample.Model, Sample.Option, Sample.Rule);
        Assert.True(Math.Abs(price - Sample.ReferencePrice) < 2e-8, $"{price:R}, reference {Sample.ReferencePrice}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_price_and_delta_are_Hestons_two_probabilities_integrated_on_a_fine_grid(
        double v0, double kappa, double theta, double sigma, double rho, double s, double k, double t, double r)
    {
        var (model, option) = (new HestonParams(v0, kappa, theta, sigma, rho), new CallOption(s, k, t, r));
        var (p1, p2) = TwoProbabilities(model, option);
        var generated = Heston.FromGeneratedGradient(model, option, FineRule);
        double price = s * p1 - k * Math.Exp(-r * t) * p2;
        Assert.True(Math.Abs(generated.Price - price) < 1e-10 * s, $"price {generated.Price:R}, two probabilities {price:R}");
        Assert.True(Math.Abs(Heston.Price(model, option, Sample.Rule) - price) < 1e-8 * s, "the sample's rule is fine enough");

        // The gradient's price is the price, up to the rounding of the textbook complex division and square root it uses.
        Assert.Equal(Heston.Price(model, option, FineRule), generated.Price, 1e-12 * s);

        // The price is homogeneous of degree 1 in (S, K), so delta is the first probability.
        Assert.True(Math.Abs(generated.Delta - p1) < 1e-11, $"delta {generated.Delta:R}, P1 {p1:R}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_sensitivity_is_the_central_difference_of_the_price(
        double v0, double kappa, double theta, double sigma, double rho, double s, double k, double t, double r)
    {
        var (model, option) = (new HestonParams(v0, kappa, theta, sigma, rho), new CallOption(s, k, t, r));
        var generated = Heston.FromGeneratedGradient(model, option, Sample.Rule);
        var differences = Heston.CentralDifferences(model, option, Sample.Rule);
        AssertClose(differences.Delta, generated.Delta, "∂C/∂S");
        AssertClose(differences.Model.V0, generated.Model.V0, "∂C/∂v0");
        AssertClose(differences.Model.Kappa, generated.Model.Kappa, "∂C/∂κ");
        AssertClose(differences.Model.Theta, generated.Model.Theta, "∂C/∂θ");
        AssertClose(differences.Model.Sigma, generated.Model.Sigma, "∂C/∂σ");
        AssertClose(differences.Model.Rho, generated.Model.Rho, "∂C/∂ρ");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_generated_Hessian_is_the_central_difference_of_the_gradient_and_the_pushforward_its_directional_derivative(
        double v0, double kappa, double theta, double sigma, double rho, double s, double k, double t, double r)
    {
        var (model, option) = (new HestonParams(v0, kappa, theta, sigma, rho), new CallOption(s, k, t, r));
        double[] inputs = [v0, kappa, theta, sigma, rho, s]; // the Hessian's order: the struct's fields, then the spot
        Span<double> gradient = stackalloc double[6];
        Span<double> hessian = stackalloc double[36];
        Heston.CallPriceHessian(model, s, k, t, r, Sample.Rule.Nodes, Sample.Rule.Weights, gradient, hessian);
        double[] Gradient(double[] x)
        {
            Heston.CallPriceGradient(new HestonParams(x[0], x[1], x[2], x[3], x[4]), x[5], k, t, r, Sample.Rule.Nodes, Sample.Rule.Weights,
                out HestonParams dp, out double ds);
            return [dp.V0, dp.Kappa, dp.Theta, dp.Sigma, dp.Rho, ds];
        }

        double[] atInputs = Gradient(inputs);
        for (int j = 0; j < 6; j++)
        {
            Assert.Equal(atInputs[j], gradient[j], 1e-12 * Math.Max(Math.Abs(atInputs[j]), 1));
            double h = 1e-5 * Math.Abs(inputs[j]);
            double[] up = (double[])inputs.Clone(), down = (double[])inputs.Clone();
            up[j] += h;
            down[j] -= h;
            double[] above = Gradient(up), below = Gradient(down);
            for (int i = 0; i < 6; i++) AssertClose((above[i] - below[i]) / (2 * h), hessian[i * 6 + j], $"H[{i},{j}]", 1e-6);

            // A tangent of 1 in input j gives ∂C/∂input j.
            double[] tangent = new double[6];
            tangent[j] = 1;
            Heston.CallPricePushforward(model, s, k, t, r, Sample.Rule.Nodes, Sample.Rule.Weights,
                new HestonParams(tangent[0], tangent[1], tangent[2], tangent[3], tangent[4]), tangent[5], out double directional);
            Assert.Equal(atInputs[j], directional, 1e-11 * Math.Max(Math.Abs(atInputs[j]), 1));
        }
    }

    [Fact]
    public void The_numbers_the_sample_prints()
    {
        var generated = Heston.FromGeneratedGradient(Sample.Model, Sample.Option, Sample.Rule);
        Assert.Equal(5.7851554344, generated.Price, 10);
        AssertRelative(0.624916495627, generated.Delta);
        AssertRelative(54.565330893582, generated.Model.V0);
        AssertRelative(0.868740270583, generated.Model.Kappa);
        AssertRelative(62.915182919232, generated.Model.Theta);
        AssertRelative(-2.204808563260, generated.Model.Sigma);
        AssertRelative(0.580572611428, generated.Model.Rho);
        const double GammaPrinted = 0.030553341821;
        AssertRelative(GammaPrinted, Heston.Gamma(Sample.Model, Sample.Option, Sample.Rule));
        Assert.True(Math.Abs(Heston.CentralDifferenceGamma(Sample.Model, Sample.Option, Sample.Rule) - GammaPrinted) < 1e-7 * GammaPrinted);
    }

    [Theory]
    [InlineData(1, 3.0)]
    [InlineData(8, 200.0)]
    [InlineData(256, 200.0)]
    public void The_Gauss_Legendre_rule_integrates_polynomials_of_degree_2n_minus_1_exactly(int count, double upper)
    {
        var rule = Quadrature.GaussLegendre(count, upper);
        Assert.True(rule.Nodes.Zip(rule.Nodes.Skip(1)).All(pair => pair.First < pair.Second) && rule.Nodes[0] > 0 && rule.Nodes[^1] < upper);
        int degree = Math.Min(2 * count - 1, 15);
        double integral = rule.Nodes.Zip(rule.Weights).Sum(node => node.Second * Math.Pow(node.First / upper, degree));
        Assert.Equal(upper / (degree + 1), integral, 1e-12 * upper);
    }

    /// <summary>
    /// Heston's <c>P1</c> and <c>P2</c> (Gil-Pelaez: <c>P = ½ + 1/π·∫₀^∞ Re[e^(iu·ln(F/K))·f(u)/(iu)] du</c>, <c>f</c> the
    /// characteristic function of <c>ln(S_T/F)</c> at <c>u − i</c> over its value at <c>−i</c>, and at <c>u</c>), by the
    /// midpoint rule with 60,000 and 120,000 intervals on [0, 600] and Richardson's extrapolation of the two.
    /// </summary>
    private static (double P1, double P2) TwoProbabilities(HestonParams model, CallOption option)
    {
        double x = Math.Log(option.Spot * Math.Exp(option.Rate * option.Maturity) / option.Strike);
        (double, double) Midpoint(int intervals)
        {
            double h = 600.0 / intervals, sum1 = 0, sum2 = 0;
            for (int i = 0; i < intervals; i++)
            {
                double u = (i + 0.5) * h;
                var oscillation = Complex.Exp(new Complex(0, u * x)) / new Complex(0, u);
                sum1 += (oscillation * LogReturnCharacteristic(model, option.Maturity, new Complex(1, u))).Real;
                sum2 += (oscillation * LogReturnCharacteristic(model, option.Maturity, new Complex(0, u))).Real;
            }

            return (0.5 + h * sum1 / Math.PI, 0.5 + h * sum2 / Math.PI);
        }

        var (coarse1, coarse2) = Midpoint(60_000);
        var (fine1, fine2) = Midpoint(120_000);
        return ((4 * fine1 - coarse1) / 3, (4 * fine2 - coarse2) / 3);
    }

    /// <summary><c>E[e^(w·ln(S_T/F))]</c> under Heston's model, in the little trap's form (written again here, apart from the sample).</summary>
    private static Complex LogReturnCharacteristic(HestonParams m, double t, Complex w)
    {
        Complex beta = m.Kappa - m.Rho * m.Sigma * w;
        Complex d = Complex.Sqrt(beta * beta + m.Sigma * m.Sigma * w * (1 - w));
        Complex minus = beta - d, ratio = minus / (beta + d), e = Complex.Exp(-d * t);
        Complex c = m.Kappa * m.Theta / (m.Sigma * m.Sigma) * (minus * t - 2 * Complex.Log((1 - ratio * e) / (1 - ratio)));
        Complex dTerm = minus / (m.Sigma * m.Sigma) * (1 - e) / (1 - ratio * e);
        return Complex.Exp(c + dTerm * m.V0);
    }

    private static void AssertClose(double expected, double actual, string what, double tolerance = 1e-7)
    {
        double error = Math.Abs(actual - expected) / Math.Max(Math.Abs(expected), 1);
        Assert.True(error < tolerance, $"{what}: generated {actual:R}, central difference {expected:R} (error {error:0.0e+0})");
    }

    private static void AssertRelative(double expected, double actual) =>
        Assert.True(Math.Abs(actual - expected) <= 1e-10 * Math.Abs(expected), $"{actual:R}, expected {expected:R}");
}
