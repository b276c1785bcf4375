using System;
using System.Linq;
using System.Numerics;
using Xunit;
using static AutoDiffGen.Runtime.Tests.Primitives.SpanTesting;

namespace AutoDiffGen.Runtime.Tests.Primitives;

/// <summary><see cref="LinearAlgebra.Axpy{T}"/> and <see cref="LinearAlgebra.Gemv{T}"/> against scalar loops.</summary>
[EveryWidth]
public sealed class BlasTests
{
    [Fact]
    public void Axpy_adds_alpha_x_into_y()
    {
        Check<double>();
        Check<float>();

        static void Check<T>()
            where T : IFloatingPointIeee754<T>
        {
            var random = new Random(15);
            T alpha = T.CreateChecked(-0.625);
            foreach (int length in Lengths)
            {
                string context = $"length {length}";
                T[] x = Uniform<T>(random, length, -3, 3), y0 = Uniform<T>(random, length, -3, 3);
                Check(x, y0, context);
                Check(WithSpecials<T>(length, 1), WithSpecials<T>(length, 2), context + ", special values");
            }

            void Check(T[] x, T[] y0, string context)
            {
                var y = new Guarded<T>(y0, 2);
                LinearAlgebra.Axpy(alpha, new Guarded<T>(x).Span, y.Span);
                AllIdentical<T>(x.Select((v, i) => y0[i] + alpha * v).ToArray(), y.Checked(context), context);
                var both = new Guarded<T>(x);
                LinearAlgebra.Axpy(alpha, both.Span, both.Span);
                AllIdentical<T>(x.Select(v => v + alpha * v).ToArray(), both.Checked(context), context + ", y = x");
            }
        }
    }

    [Fact]
    public void Gemv_computes_alpha_A_x_plus_beta_y_either_way_round()
    {
        Check<double>();
        Check<float>();

        static void Check<T>()
            where T : IFloatingPointIeee754<T>
        {
            var random = new Random(16);
            foreach ((int rows, int columns) in Shapes)
            {
                T[] a = Uniform<T>(random, rows * columns, -2, 2);
                foreach (bool transpose in new[] { false, true })
                {
                    int n = transpose ? rows : columns, m = transpose ? columns : rows;
                    T[] x = Uniform<T>(random, n, -2, 2);
                    foreach ((double alpha, double beta) in new[] { (1.0, 0.0), (-0.75, 1.0), (2.0, 0.5) })
                    {
                        string context = $"{rows} × {columns}, transpose {transpose}, alpha {alpha}, beta {beta}";
                        T[] y0 = beta == 0 ? Enumerable.Repeat(T.NaN, m).ToArray() : Uniform<T>(random, m, -2, 2);
                        var y = new Guarded<T>(y0, 1);
                        LinearAlgebra.Gemv(transpose, rows, columns, T.CreateChecked(alpha), new Guarded<T>(a).Span, new Guarded<T>(x, 2).Span, T.CreateChecked(beta), y.Span);
                        T[] expected = transpose
                            ? TransposedReference(a, rows, columns, T.CreateChecked(alpha), x, T.CreateChecked(beta), y0)
                            : Reference(a, rows, columns, T.CreateChecked(alpha), x, T.CreateChecked(beta), y0);
                        if (transpose)
                        {
                            AllIdentical<T>(expected, y.Checked(context), context);
                        }
                        else
                        {
                            // Each row's dot product is summed in TensorPrimitives' order.
                            AllClose<T>(expected, y.Checked(context), 4 * (columns + 2) * Epsilon<T>() * 8, context);
                        }
                    }
                }
            }
        }
    }

    /// <summary>y[i] = alpha · Σⱼ A[i, j] x[j] + beta · y[i], summed in order; y not read when beta is 0.</summary>
    private static T[] Reference<T>(T[] a, int rows, int columns, T alpha, T[] x, T beta, T[] y)
        where T : IFloatingPointIeee754<T> =>
        Enumerable.Range(0, rows).Select(i =>
        {
            T dot = T.Zero;
            for (int j = 0; j < columns; j++)
            {
                dot += a[i * columns + j] * x[j];
            }
            return beta == T.Zero ? alpha * dot : alpha * dot + beta * y[i];
        }).ToArray();

    /// <summary>y = beta · y, then y[j] += A[i, j] · (alpha · x[i]) for each row i in order.</summary>
    private static T[] TransposedReference<T>(T[] a, int rows, int columns, T alpha, T[] x, T beta, T[] y0)
        where T : IFloatingPointIeee754<T>
    {
        T[] y = y0.Select(v => beta == T.Zero ? T.Zero : beta == T.One ? v : v * beta).ToArray();
        for (int i = 0; i < rows; i++)
        {
            T scale = alpha * x[i];
            for (int j = 0; j < columns; j++)
            {
                y[j] += a[i * columns + j] * scale;
            }
        }
        return y;
    }
}
