using System;
using Xunit;

namespace AutoDiffGen.Runtime.Tests;

/// <summary>
/// <see cref="MatrixDerivatives"/>: the seed notebook's gradient cells In[10], In[11] and In[14] from pullbacks chained
/// by hand (as the generator will chain them), and every pullback and pushforward against central differences.
/// </summary>
public sealed class MatrixDerivativeTests
{
    private static readonly Matrix X = Matrix.FromRows([2.0], [3.0]);
    private static readonly Matrix W = Matrix.FromRows([4.0, 2.0], [2.0, 1.0]);
    private static readonly Matrix B = Matrix.FromRows([5.0], [2.0]);
    private static readonly Matrix Y = Matrix.FromRows([20.0], [7.0]);

    [Fact]
    public void Cell_In10_the_linear_map_with_TensorFlows_implicit_seed_of_ones()
    {
        // y_p2 = W @ X + b; TensorFlow sums a non-scalar target: the seed is a matrix of ones, passed explicitly.
        var product = W * X;
        var ones = Matrix.FromRows([1.0], [1.0]);
        Matrix? dProduct = null, db = null, dW = null, dX = null;
        MatrixDerivatives.AddPullback(product, B, ones, ref dProduct, ref db);
        MatrixDerivatives.MultiplyPullback(W, X, dProduct!, ref dW, ref dX);
        Assert.Equal("[[2. 3.]\n [2. 3.]]", dW!.ToString());
        Assert.Equal("[[1.]\n [1.]]", db!.ToString());
        Assert.Equal("[[6.]\n [3.]]", dX!.ToString());
    }

    [Fact]
    public void Cells_In11_and_In14_the_loss()
    {
        var product = W * X;
        var prediction = product + B;
        Assert.Equal(2.5, MatrixDerivatives.MseLossPushforward(Y, prediction, null, null, out _));
        Matrix? dY = null, dPrediction = null, dProduct = null, db = null, dW = null, dX = null;
        MatrixDerivatives.MseLossPullback(Y, prediction, 1.0, ref dY, ref dPrediction);
        MatrixDerivatives.AddPullback(product, B, dPrediction!, ref dProduct, ref db);
        MatrixDerivatives.MultiplyPullback(W, X, dProduct!, ref dW, ref dX);
        Assert.Equal("[[-2. -3.]\n [ 4.  6.]]", dW!.ToString());
        Assert.Equal("[[-1.]\n [ 2.]]", db!.ToString());
        Assert.Equal("[[0.]\n [0.]]", dX!.ToString());
    }

    // ------------------------------------------------------------------ against finite differences

    private static Matrix Random(int rows, int columns, int seed)
    {
        var random = new Random(seed);
        var m = new Matrix(rows, columns);
        var span = m.AsSpan();
        for (int i = 0; i < span.Length; i++) span[i] = random.NextDouble() * 2 - 1;
        return m;
    }

    private static double Dot(Matrix a, Matrix b) => SpanMath.Dot<double>(a.AsSpan(), b.AsSpan());

    /// <summary>(f(a + h·t) - f(a - h·t)) / 2h, elementwise, for f of two matrices along (ta, tb).</summary>
    private static Matrix Directional(Func<Matrix, Matrix, Matrix> f, Matrix a, Matrix b, Matrix ta, Matrix tb)
    {
        const double h = 1e-6;
        var plus = f(a + h * ta, b + h * tb);
        var minus = f(a - h * ta, b - h * tb);
        return (plus - minus) / (2 * h);
    }

    public static TheoryData<string, int, int, int, int> BinaryCases => new()
    {
        { "Multiply", 3, 4, 4, 2 },
        { "Add", 3, 4, 3, 4 },
        { "Add", 3, 4, 3, 1 },
        { "Add", 1, 4, 3, 4 },
        { "Subtract", 3, 4, 1, 4 },
        { "Subtract", 3, 1, 3, 4 },
    };

    [Theory]
    [MemberData(nameof(BinaryCases))]
    public void Binary_pushforward_matches_differences_and_pullback_passes_the_dot_product_test(string op, int ar, int ac, int br, int bc)
    {
        var (a, b) = (Random(ar, ac, 1), Random(br, bc, 2));
        var (ta, tb) = (Random(ar, ac, 3), Random(br, bc, 4));
        Func<Matrix, Matrix, Matrix> f = op switch { "Multiply" => (x, y) => x * y, "Add" => (x, y) => x + y, _ => (x, y) => x - y };
        Matrix? tangent;
        var value = op switch
        {
            "Multiply" => MatrixDerivatives.MultiplyPushforward(a, b, ta, tb, out tangent),
            "Add" => MatrixDerivatives.AddPushforward(a, b, ta, tb, out tangent),
            _ => MatrixDerivatives.SubtractPushforward(a, b, ta, tb, out tangent),
        };
        Assert.Equal(f(a, b).ToString(), value.ToString());
        var expected = Directional(f, a, b, ta, tb);
        for (int i = 0; i < expected.AsSpan().Length; i++) Assert.Equal(expected.AsSpan()[i], tangent!.AsSpan()[i], 8);

        // Pullback accumulates: start from nonzero adjoints. ⟨seed, J·t⟩ = ⟨Jᵀ·seed, t⟩.
        var seed = Random(value.Rows, value.Columns, 5);
        Matrix? da = Random(ar, ac, 6), db = Random(br, bc, 7);
        var (da0, db0) = (Dot(da, ta), Dot(db, tb));
        switch (op)
        {
            case "Multiply": MatrixDerivatives.MultiplyPullback(a, b, seed, ref da, ref db); break;
            case "Add": MatrixDerivatives.AddPullback(a, b, seed, ref da, ref db); break;
            default: MatrixDerivatives.SubtractPullback(a, b, seed, ref da, ref db); break;
        }
        Assert.Equal(Dot(seed, tangent!), Dot(da!, ta) - da0 + Dot(db!, tb) - db0, 10);
    }

    [Fact]
    public void Square_Mean_and_MseLoss_match_differences_and_their_pullbacks_the_pushforwards()
    {
        var (a, ta, p, tp) = (Random(3, 2, 8), Random(3, 2, 9), Random(3, 2, 10), Random(3, 2, 11));
        const double h = 1e-6;

        MatrixDerivatives.SquarePushforward(a, ta, out var tSquare);
        var fd = (Matrix.Square(a + h * ta) - Matrix.Square(a - h * ta)) / (2 * h);
        for (int i = 0; i < 6; i++) Assert.Equal(fd.AsSpan()[i], tSquare!.AsSpan()[i], 8);
        var seed = Random(3, 2, 12);
        Matrix? da = null;
        MatrixDerivatives.SquarePullback(a, seed, ref da);
        Assert.Equal(Dot(seed, tSquare!), Dot(da!, ta), 12);

        MatrixDerivatives.MeanPushforward(a, ta, out double tMean);
        Assert.Equal((Matrix.Mean(a + h * ta) - Matrix.Mean(a - h * ta)) / (2 * h), tMean, 8);
        da = null;
        MatrixDerivatives.MeanPullback(a, 0.7, ref da);
        Assert.Equal(0.7 * tMean, Dot(da!, ta), 12);

        MatrixDerivatives.MseLossPushforward(a, p, ta, tp, out double tLoss);
        Assert.Equal((Matrix.MseLoss(a + h * ta, p + h * tp) - Matrix.MseLoss(a - h * ta, p - h * tp)) / (2 * h), tLoss, 8);
        Matrix? dp = null;
        da = null;
        MatrixDerivatives.MseLossPullback(a, p, 1.5, ref da, ref dp);
        Assert.Equal(1.5 * tLoss, Dot(da!, ta) + Dot(dp!, tp), 12);
        // Null tangents are zero: so is the result's.
        MatrixDerivatives.MultiplyPushforward(a, Matrix.Transpose(p), null, null, out var none);
        Assert.Null(none);
    }

    [Fact]
    public void A_seed_of_the_wrong_shape_is_rejected_naming_both_shapes()
    {
        Matrix? da = null, db = null;
        var e = Assert.Throws<ArgumentException>(() => MatrixDerivatives.MultiplyPullback(W, X, new Matrix(2, 2), ref da, ref db));
        Assert.Equal("seed", e.ParamName);
        Assert.StartsWith("The matrix product's result is 2×1 but its seed is 2×2.", e.Message, StringComparison.Ordinal);
    }
}
