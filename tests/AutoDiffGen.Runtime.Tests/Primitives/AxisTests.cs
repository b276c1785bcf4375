using System;
using System.Linq;
using System.Numerics;
using Xunit;
using static AutoDiffGen.Runtime.Tests.Primitives.SpanTesting;

namespace AutoDiffGen.Runtime.Tests.Primitives;

/// <summary>The reductions along an axis of a row-major matrix, row-wise softmax, and their adjoints, for odd shapes.</summary>
[EveryWidth]
public sealed class AxisTests
{
    [Fact]
    public void Reductions_over_rows_and_columns_match_the_scalar_loops()
    {
        Check<double>();
        Check<float>();

        static void Check<T>()
            where T : IFloatingPointIeee754<T>
        {
            var random = new Random(12);
            double tolerance = 16 * Epsilon<T>();
            foreach ((int rows, int columns) in Shapes)
            {
                string context = $"{rows} × {columns}";
                T[] matrix = Uniform<T>(random, rows * columns, -5, 5);
                T[][] rowArrays = Enumerable.Range(0, rows).Select(i => matrix.AsSpan(i * columns, columns).ToArray()).ToArray();
                var input = new Guarded<T>(matrix);

                // Column sums add whole rows in order: the same additions as the loop.
                T[] columnSums = Enumerable.Range(0, columns).Select(j => Reference.Sum<T>(rowArrays.Select(r => r[j]).ToArray())).ToArray();
                AllIdentical<T>(columnSums, Run<T>(d => SpanMath.SumOverRows(input.Span, rows, columns, d), columns, context), context + ", SumOverRows");

                T[] rowSums = rowArrays.Select(r => Reference.Sum<T>(r)).ToArray();
                T[] actualRowSums = Run<T>(d => SpanMath.SumOverColumns(input.Span, rows, columns, d), rows, context);
                for (int i = 0; i < rows; i++)
                {
                    double bound = 2 * columns * Epsilon<T>() * Reference.SumOfMagnitudes<T>(rowArrays[i]);
                    Assert.True(Math.Abs(double.CreateChecked(rowSums[i] - actualRowSums[i])) <= bound, $"{context}, SumOverColumns, row {i}");
                }

                if (columns > 0 || rows == 0)
                {
                    T[] max = rowArrays.Select(r => Reference.Max<T>(r)).ToArray();
                    AllIdentical<T>(max, Run<T>(d => SpanMath.MaxOverColumns(input.Span, rows, columns, d), rows, context), context + ", MaxOverColumns");
                }

                T[] lse = rowArrays.Select(r => Reference.LogSumExp<T>(r)).ToArray();
                AllClose<T>(lse, Run<T>(d => SpanMath.LogSumExpOverColumns(input.Span, rows, columns, d), rows, context), tolerance, context + ", LogSumExpOverColumns");

                T[] softmax = rowArrays.SelectMany(r => Reference.Softmax<T>(r)).ToArray();
                AllClose<T>(softmax, Run<T>(d => SpanMath.SoftmaxOverColumns(input.Span, rows, columns, d), rows * columns, context), tolerance, context + ", SoftmaxOverColumns");
                var inPlace = new Guarded<T>(matrix);
                SpanMath.SoftmaxOverColumns(inPlace.Span, rows, columns, inPlace.Span);
                AllClose<T>(softmax, inPlace.Checked(context), tolerance, context + ", SoftmaxOverColumns in place");
            }
        }
    }

    [Fact]
    public void Adjoints_over_rows_and_columns_are_their_rows_adjoints()
    {
        Check<double>();
        Check<float>();

        static void Check<T>()
            where T : IFloatingPointIeee754<T>
        {
            var random = new Random(13);
            foreach ((int rows, int columns) in Shapes)
            {
                string context = $"{rows} × {columns}";
                T[] x = Uniform<T>(random, rows * columns, -3, 3), dx0 = Uniform<T>(random, rows * columns, -1, 1);
                T[] dyMatrix = Uniform<T>(random, rows * columns, -2, 2);
                T[] dyRows = Uniform<T>(random, rows, -2, 2), dyColumns = Uniform<T>(random, columns, -2, 2);
                T[] y = new T[x.Length], lse = new T[rows];
                SpanMath.SoftmaxOverColumns<T>(x, rows, columns, y);
                SpanMath.LogSumExpOverColumns<T>(x, rows, columns, lse);

                T[] expected = dx0.ToArray(), actual = dx0.ToArray();
                for (int i = 0; i < rows; i++)
                {
                    Range row = new(i * columns, (i + 1) * columns);
                    SpanMath.SoftmaxAdjoint<T>(y[row], dyMatrix[row], expected.AsSpan(row));
                }
                SpanMath.SoftmaxOverColumnsAdjoint<T>(y, dyMatrix, rows, columns, actual);
                AllIdentical<T>(expected, actual, context + ", SoftmaxOverColumnsAdjoint");

                expected = dx0.ToArray();
                actual = dx0.ToArray();
                for (int i = 0; i < rows; i++)
                {
                    Range row = new(i * columns, (i + 1) * columns);
                    SpanMath.LogSumExpAdjoint(x.AsSpan(row), lse[i], dyRows[i], expected.AsSpan(row));
                }
                SpanMath.LogSumExpOverColumnsAdjoint<T>(x, lse, dyRows, rows, columns, actual);
                AllIdentical<T>(expected, actual, context + ", LogSumExpOverColumnsAdjoint");

                var dx = new Guarded<T>(dx0);
                SpanMath.SumOverRowsAdjoint<T>(dyColumns, rows, columns, dx.Span);
                AllIdentical<T>(dx0.Select((v, k) => v + dyColumns[k % columns]).ToArray(), dx.Checked(context), context + ", SumOverRowsAdjoint");

                dx = new Guarded<T>(dx0);
                SpanMath.SumOverColumnsAdjoint<T>(dyRows, rows, columns, dx.Span);
                AllIdentical<T>(dx0.Select((v, k) => v + dyRows[k / columns]).ToArray(), dx.Checked(context), context + ", SumOverColumnsAdjoint");
            }
        }
    }

    [Fact]
    public void Adjoints_over_rows_and_columns_match_finite_differences()
    {
        Check<double>();
        Check<float>();

        static void Check<T>()
            where T : IFloatingPointIeee754<T>
        {
            var random = new Random(14);
            foreach ((int rows, int columns) in new[] { (1, 1), (3, 7), (5, 17), (2, 33) })
            {
                string context = $"{rows} × {columns}";
                T[] x = Uniform<T>(random, rows * columns, -3, 3);
                T[] dyMatrix = Uniform<T>(random, rows * columns, -2, 2);
                T[] dyRows = Uniform<T>(random, rows, -2, 2), dyColumns = Uniform<T>(random, columns, -2, 2);
                T[] y = Apply((v, d) => SpanMath.SoftmaxOverColumns<T>(v, rows, columns, d), x, x.Length);
                T[] lse = Apply((v, d) => SpanMath.LogSumExpOverColumns<T>(v, rows, columns, d), x, rows);

                T[] dx = new T[x.Length];
                SpanMath.SoftmaxOverColumnsAdjoint<T>(y, dyMatrix, rows, columns, dx);
                FiniteDifferences.Check(v => Apply((a, d) => SpanMath.SoftmaxOverColumns<T>(a, rows, columns, d), v, v.Length), x, dyMatrix, dx, random, context + ", softmax");

                dx = new T[x.Length];
                SpanMath.LogSumExpOverColumnsAdjoint<T>(x, lse, dyRows, rows, columns, dx);
                FiniteDifferences.Check(v => Apply((a, d) => SpanMath.LogSumExpOverColumns<T>(a, rows, columns, d), v, rows), x, dyRows, dx, random, context + ", log-sum-exp");

                dx = new T[x.Length];
                SpanMath.SumOverRowsAdjoint<T>(dyColumns, rows, columns, dx);
                FiniteDifferences.Check(v => Apply((a, d) => SpanMath.SumOverRows<T>(a, rows, columns, d), v, columns), x, dyColumns, dx, random, context + ", sum over rows");

                dx = new T[x.Length];
                SpanMath.SumOverColumnsAdjoint<T>(dyRows, rows, columns, dx);
                FiniteDifferences.Check(v => Apply((a, d) => SpanMath.SumOverColumns<T>(a, rows, columns, d), v, rows), x, dyRows, dx, random, context + ", sum over columns");
            }
        }
    }

    private static T[] Apply<T>(SpanMap<T> op, T[] x, int length)
    {
        var result = new T[length];
        op(x, result);
        return result;
    }

    /// <summary>Runs <paramref name="op"/> into a guarded destination of <paramref name="length"/> elements.</summary>
    private static T[] Run<T>(SpanAction<T> op, int length, string context)
        where T : IFloatingPointIeee754<T>
    {
        var destination = new Guarded<T>(Enumerable.Repeat(T.CreateChecked(99), length).ToArray(), 1);
        op(destination.Span);
        return destination.Checked(context);
    }

    private delegate void SpanAction<T>(Span<T> destination);
}
