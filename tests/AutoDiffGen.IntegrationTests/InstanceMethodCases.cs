using System.Collections.Generic;
using AutoDiffGen.IntegrationTests.Checking;
using AutoDiffGen.IntegrationTests.Functions;
using Xunit;
using static AutoDiffGen.IntegrationTests.Checking.Case;

namespace AutoDiffGen.IntegrationTests;

/// <summary>
/// The table of <see cref="InstanceMethods"/> functions checked by <see cref="InstanceMethodTests"/>: instance methods whose
/// generated members are called on the object that holds the data (captured by the lambdas, like a data parameter).
/// </summary>
public static class InstanceMethodCases
{
    /// <summary>A small data set: y ≈ 2x − 1 with noise.</summary>
    public static LinearRegression Small() => new([0.0, 0.5, 1.0, 1.5], [-1.1, 0.05, 0.9, 2.1], ridge: 0.1);

    /// <summary>Another data set, with another penalty: the same members give other values on it.</summary>
    public static LinearRegression Other() => new([-2.0, -1.0, 0.25, 3.0, 4.5], [3.0, 1.4, 0.2, -2.5, -4.0], ridge: 0.0);

    private static IEnumerable<ScalarCase> Build()
    {
        foreach (var (label, model) in new[] { ("Small", Small()), ("Other", Other()) })
        {
            yield return FlatCase.Of<double>(
                $"LinearRegression.Predict({label})", 3,
                x => model.Predict(x[0], x[1], x[2]),
                (x, g) => model.PredictGradient(x[0], x[1], x[2], out g[0], out g[1], out g[2]),
                (x, s, a) => model.PredictPullback(x[0], x[1], x[2], s, ref a[0], ref a[1], ref a[2]),
                (x, t) => (model.PredictPushforward(x[0], x[1], x[2], t[0], t[1], t[2], out double tangent), tangent),
                (x, g, h) => model.PredictHessian(x[0], x[1], x[2], g, h),
                (x, v, hv) => model.PredictHessianVectorProduct(x[0], x[1], x[2], v[0], v[1], v[2], out hv[0], out hv[1], out hv[2]),
                P(0.4, -0.2, 1.5), P(-1.1, 0.7, -0.3));
            yield return FlatCase.Of<double>(
                $"LinearRegression.Loss({label})", 2,
                x => model.Loss(x[0], x[1]),
                (x, g) => model.LossGradient(x[0], x[1], out g[0], out g[1]),
                (x, s, a) => model.LossPullback(x[0], x[1], s, ref a[0], ref a[1]),
                (x, t) => (model.LossPushforward(x[0], x[1], t[0], t[1], out double tangent), tangent),
                (x, g, h) => model.LossHessian(x[0], x[1], g, h),
                (x, v, hv) => model.LossHessianVectorProduct(x[0], x[1], v[0], v[1], out hv[0], out hv[1]),
                P(0.4, -0.2), P(2.0, -1.0), P(-1.3, 0.8));
            yield return FlatCase.Of<double>(
                $"LinearRegression.Huber({label})", 2,
                x => model.Huber(x[0], x[1]),
                (x, g) => model.HuberGradient(x[0], x[1], out g[0], out g[1]),
                (x, s, a) => model.HuberPullback(x[0], x[1], s, ref a[0], ref a[1]),
                (x, t) => (model.HuberPushforward(x[0], x[1], t[0], t[1], out double tangent), tangent),
                (x, g, h) => model.HuberHessian(x[0], x[1], g, h),
                (x, v, hv) => model.HuberHessianVectorProduct(x[0], x[1], v[0], v[1], out hv[0], out hv[1]),
                P(0.4, -0.2), P(2.0, -1.0));
            yield return FlatCase.Of<double>(
                $"LinearRegression.PolynomialLoss({label}, n=3)", 3,
                x => model.PolynomialLoss(x),
                (x, g) => model.PolynomialLossGradient(x, g),
                (x, s, a) => model.PolynomialLossPullback(x, s, a),
                (x, t) => (model.PolynomialLossPushforward(x, t, out double tangent), tangent),
                (x, g, h) => model.PolynomialLossHessian(x, g, h),
                (x, v, hv) => model.PolynomialLossHessianVectorProduct(x, v, hv),
                P(0.1, 0.5, -0.2), P(-0.4, 0.3, 0.05));
        }

        foreach (var spring in new[] { new Spring(2.5f, 3, damped: true), new Spring(0.75f, 1, damped: false) })
        {
            yield return FlatCase.Of<float>(
                $"Spring.Energy(k={spring.Stiffness}, turns={spring.Turns}, damped={spring.Damped})", 2,
                x => spring.Energy(x[0], x[1]),
                (x, g) => spring.EnergyGradient(x[0], x[1], out g[0], out g[1]),
                (x, s, a) => spring.EnergyPullback(x[0], x[1], s, ref a[0], ref a[1]),
                (x, t) => (spring.EnergyPushforward(x[0], x[1], t[0], t[1], out float tangent), tangent),
                (x, g, h) => spring.EnergyHessian(x[0], x[1], g, h),
                (x, v, hv) => spring.EnergyHessianVectorProduct(x[0], x[1], v[0], v[1], out hv[0], out hv[1]),
                P(0.3, 0.7), P(-1.2, 0.4));
        }
    }

    private static readonly CaseTable Table = new(Build);

    public static IReadOnlyDictionary<string, ScalarCase> All => Table.All;

    public static ScalarCase Get(string name) => Table.Get(name);

    public static TheoryData<string> Names => Table.Names;

    public static TheoryData<string> SecondOrderNames => Table.SecondOrderNames;
}
