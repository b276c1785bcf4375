using System.Collections.Generic;
using AutoDiffGen.IntegrationTests.Checking;
using AutoDiffGen.IntegrationTests.Functions;
using Xunit;
using static AutoDiffGen.IntegrationTests.Checking.Case;

namespace AutoDiffGen.IntegrationTests;

/// <summary>
/// The table of <see cref="ScalarCalls"/> functions (helpers of scalars, inlined by the generator) checked by
/// <see cref="ScalarCallTests"/>, every one with its Hessian and Hessian-vector product.
/// </summary>
public static class ScalarCallCases
{
    private static IEnumerable<ScalarCase> Build()
    {
        var points = new[] { P(0.3, 0.7), P(-1.2, 0.4), P(0.9, -1.5) };
        yield return Of<double>("ScalarCalls.Pair", ScalarCalls.Pair, ScalarCalls.PairGradient, ScalarCalls.PairPullback, ScalarCalls.PairPushforward,
            ScalarCalls.PairHessian, ScalarCalls.PairHessianVectorProduct, points);
        yield return Of<double>("ScalarCalls.Nested", ScalarCalls.Nested, ScalarCalls.NestedGradient, ScalarCalls.NestedPullback, ScalarCalls.NestedPushforward,
            ScalarCalls.NestedHessian, ScalarCalls.NestedHessianVectorProduct, points);
        yield return Of<float>("ScalarCalls.NestedF", ScalarCalls.NestedF, ScalarCalls.NestedFGradient, ScalarCalls.NestedFPullback, ScalarCalls.NestedFPushforward,
            ScalarCalls.NestedFHessian, ScalarCalls.NestedFHessianVectorProduct, points);
        yield return Of<double>("ScalarCalls.InLoop", ScalarCalls.InLoop, ScalarCalls.InLoopGradient, ScalarCalls.InLoopPullback, ScalarCalls.InLoopPushforward,
            ScalarCalls.InLoopHessian, ScalarCalls.InLoopHessianVectorProduct, P(0.3, 0.7), P(-0.6, 0.4), P(0.9, -1.2));
        yield return Of<double>("ScalarCalls.CalledAndInlined", ScalarCalls.CalledAndInlined, ScalarCalls.CalledAndInlinedGradient, ScalarCalls.CalledAndInlinedPullback,
            ScalarCalls.CalledAndInlinedPushforward, ScalarCalls.CalledAndInlinedHessian, ScalarCalls.CalledAndInlinedHessianVectorProduct, points);
        yield return Of<double>("ScalarCalls.ThroughNoDerivative", ScalarCalls.ThroughNoDerivative, ScalarCalls.ThroughNoDerivativeGradient, ScalarCalls.ThroughNoDerivativePullback,
            ScalarCalls.ThroughNoDerivativePushforward, ScalarCalls.ThroughNoDerivativeHessian, ScalarCalls.ThroughNoDerivativeHessianVectorProduct, points);
        yield return Of<double>("ScalarCalls.Tuples", ScalarCalls.Tuples, ScalarCalls.TuplesGradient, ScalarCalls.TuplesPullback, ScalarCalls.TuplesPushforward,
            ScalarCalls.TuplesHessian, ScalarCalls.TuplesHessianVectorProduct, points);
    }

    private static readonly CaseTable Table = new(Build);

    public static TheoryData<string> Names => Table.Names;

    public static TheoryData<string> SecondOrderNames => Table.SecondOrderNames;

    public static ScalarCase Get(string name) => Table.Get(name);
}
