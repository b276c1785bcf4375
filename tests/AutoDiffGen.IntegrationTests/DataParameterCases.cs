using System.Collections.Generic;
using AutoDiffGen.IntegrationTests.Checking;
using AutoDiffGen.IntegrationTests.Functions;
using Xunit;
using static AutoDiffGen.IntegrationTests.Checking.Case;

namespace AutoDiffGen.IntegrationTests;

/// <summary>
/// The table of <see cref="DataParameters"/> functions checked by <see cref="DataParameterTests"/>: the data is captured
/// by the lambdas that adapt the generated members to a flat vector of the active inputs (<see cref="FlatCase"/>).
/// </summary>
public static class DataParameterCases
{
    /// <summary>The data matrix of <see cref="DataParameters.ThroughMatrixData"/>.</summary>
    public static readonly Matrix Samples = Matrix.FromRows([0.5, -1.0, 0.25], [2.0, 0.1, -0.3]);

    private static IEnumerable<ScalarCase> Build()
    {
        yield return FlatCase.Of<double>(
            "DataParameters.ThroughMatrixData", 2,
            x => DataParameters.ThroughMatrixData(x[0], x[1], Samples),
            (x, g) => DataParameters.ThroughMatrixDataGradient(x[0], x[1], Samples, out g[0], out g[1]),
            (x, s, a) => DataParameters.ThroughMatrixDataPullback(x[0], x[1], Samples, s, ref a[0], ref a[1]),
            (x, t) => (DataParameters.ThroughMatrixDataPushforward(x[0], x[1], Samples, t[0], t[1], out double tangent), tangent),
            (x, g, h) => DataParameters.ThroughMatrixDataHessian(x[0], x[1], Samples, g, h),
            (x, v, hv) => DataParameters.ThroughMatrixDataHessianVectorProduct(x[0], x[1], Samples, v[0], v[1], out hv[0], out hv[1]),
            P(0.4, -0.2), P(-1.1, 0.7), P(2.0, 0.3));
    }

    private static readonly CaseTable Table = new(Build);

    public static IReadOnlyDictionary<string, ScalarCase> All => Table.All;

    public static ScalarCase Get(string name) => Table.Get(name);

    public static TheoryData<string> Names => Table.Names;

    public static TheoryData<string> SecondOrderNames => Table.SecondOrderNames;
}
