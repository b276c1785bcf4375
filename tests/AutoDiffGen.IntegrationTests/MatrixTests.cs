using System;
using System.Runtime.CompilerServices;
using AutoDiffGen.IntegrationTests.Checking;
using AutoDiffGen.IntegrationTests.Functions;
using Xunit;
using static AutoDiffGen.IntegrationTests.Checking.MatrixCheck;

namespace AutoDiffGen.IntegrationTests;

/// <summary>
/// [Differentiable] methods on matrices (<see cref="MatrixFunctions"/>) in every mode they have: the Gradient against
/// central differences, the Pullback against the Gradient and against the Pushforward (the dot-product test), and the
/// conventions of matrix adjoints (null is zero, a pullback adds in place, a null reference is not computed).
/// </summary>
public class MatrixTests
{
    private const double Tolerance = 1e-6;

    private sealed record Net(Matrix W1, Matrix B1, Matrix W2, Matrix B2, Matrix X, Matrix Y)
    {
        public static Net Create(int seed)
        {
            var random = new Random(seed);
            return new Net(Random(5, 3, random), Random(5, 1, random), Random(4, 5, random), Random(4, 1, random), Random(3, 6, random), OneHot(4, 6, random));
        }

        public double Loss() => MatrixFunctions.Network(W1, B1, W2, B2, X, Y);

        public Matrix[] Weights => [W1, B1, W2, B2];
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Network_gradient_matches_central_differences(int seed)
    {
        var n = Net.Create(seed);
        Matrix dW1 = new(5, 3), dB1 = new(5, 1), dW2 = new(4, 5), dB2 = new(4, 1);
        double value = MatrixFunctions.NetworkGradient(n.W1, n.B1, n.W2, n.B2, n.X, n.Y, dW1, dB1, dW2, dB2);
        Assert.Equal(n.Loss(), value);
        Matrix[] gradient = [dW1, dB1, dW2, dB2];
        for (int k = 0; k < 4; k++) Close(FiniteDifferences(n.Loss, n.Weights[k]), gradient[k], Tolerance);
    }

    [Fact]
    public void Gradient_overwrites_the_gradient_matrices_and_the_Pullback_adds_into_its_adjoints()
    {
        var n = Net.Create(4);
        Matrix dW1 = Random(5, 3, new Random(9)), dB1 = new(5, 1), dW2 = new(4, 5), dB2 = new(4, 1);
        MatrixFunctions.NetworkGradient(n.W1, n.B1, n.W2, n.B2, n.X, n.Y, dW1, dB1, dW2, dB2); // dW1 held garbage: overwritten

        // A null adjoint is created; an existing one is added into, in place (the same object).
        Matrix? a1 = null, a2 = Copy(dB1), a3 = null, a4 = null;
        var existing = a2;
        MatrixFunctions.NetworkPullback(n.W1, n.B1, n.W2, n.B2, n.X, n.Y, 2.0, ref a1, ref a2, ref a3, ref a4);
        Assert.Same(existing, a2);
        Close(Scaled(dW1, 2), a1, 1e-12);
        Close(Scaled(dB1, 3), a2, 1e-12);
        Close(Scaled(dW2, 2), a3, 1e-12);
        Close(Scaled(dB2, 2), a4, 1e-12);
    }

    [Fact]
    public void A_null_reference_adjoint_is_not_wanted_and_the_others_are_unchanged()
    {
        var n = Net.Create(5);
        Matrix dW1 = new(5, 3), dB1 = new(5, 1), dW2 = new(4, 5), dB2 = new(4, 1);
        MatrixFunctions.NetworkGradient(n.W1, n.B1, n.W2, n.B2, n.X, n.Y, dW1, dB1, dW2, dB2);
        Matrix? only = null;
        MatrixFunctions.NetworkPullback(n.W1, n.B1, n.W2, n.B2, n.X, n.Y, 1.0, ref Unsafe.NullRef<Matrix?>(), ref Unsafe.NullRef<Matrix?>(), ref only, ref Unsafe.NullRef<Matrix?>());
        Close(dW2, only, 1e-12);
    }

    [Fact]
    public void Network_Pushforward_is_the_gradient_dotted_with_the_tangents()
    {
        var n = Net.Create(6);
        var random = new Random(60);
        Matrix dW1 = new(5, 3), dB1 = new(5, 1), dW2 = new(4, 5), dB2 = new(4, 1);
        MatrixFunctions.NetworkGradient(n.W1, n.B1, n.W2, n.B2, n.X, n.Y, dW1, dB1, dW2, dB2);
        Matrix t1 = Random(5, 3, random), t2 = Random(5, 1, random), t4 = Random(4, 1, random);
        double value = MatrixFunctions.NetworkPushforward(n.W1, n.B1, n.W2, n.B2, n.X, n.Y, t1, t2, null, t4, out double tangent);
        Assert.Equal(n.Loss(), value);
        Close(Dot(dW1, t1) + Dot(dB1, t2) + Dot(dB2, t4), tangent, 1e-12);
    }

    [Fact]
    public void Affine_Pullback_and_Pushforward_pass_the_dot_product_test()
    {
        var random = new Random(11);
        Matrix w = Random(3, 4, random), x = Random(4, 2, random), b = Random(3, 1, random);
        Matrix tw = Random(3, 4, random), tx = Random(4, 2, random), tb = Random(3, 1, random), seed = Random(3, 2, random);
        var value = MatrixFunctions.AffinePushforward(w, x, b, tw, tx, tb, out var tangent);
        Close(w * x + b, value, 1e-14);
        Matrix? dw = null, dx = null, db = null;
        MatrixFunctions.AffinePullback(w, x, b, seed, ref dw, ref dx, ref db);
        Close(Dot(seed, tangent!), Dot(dw!, tw) + Dot(dx!, tx) + Dot(db!, tb), 1e-12);
    }

    [Fact]
    public void A_matrix_result_has_a_pullback_and_no_gradient()
    {
        // A gradient is of one scalar; a matrix result is seeded with a matrix of its shape (never summed silently).
        Assert.Null(typeof(MatrixFunctions).GetMethod("AffineGradient"));
        Assert.NotNull(typeof(MatrixFunctions).GetMethod("AffinePullback"));
        Assert.NotNull(typeof(MatrixFunctions).GetMethod("NetworkGradient"));
    }

    [Fact]
    public void A_composed_matrix_function_matches_central_differences()
    {
        var random = new Random(12);
        Matrix w = Random(3, 4, random), x = Random(4, 2, random), b = Random(3, 1, random), y = Random(3, 2, random);
        Matrix dw = new(3, 4), dx = new(4, 2), db = new(3, 1);
        double f() => MatrixFunctions.MseOfAffine(w, x, b, y);
        Assert.Equal(f(), MatrixFunctions.MseOfAffineGradient(w, x, b, y, dw, dx, db));
        Close(FiniteDifferences(f, w), dw, Tolerance);
        Close(FiniteDifferences(f, x), dx, Tolerance);
        Close(FiniteDifferences(f, b), db, Tolerance);
    }

    [Theory]
    [InlineData(0.7)]
    [InlineData(-1.3)]
    public void Every_operation_matches_central_differences_and_the_Pushforward(double s)
    {
        var random = new Random(13);
        Matrix a = Random(3, 3, random), b = Random(3, 3, random);
        Matrix da = new(3, 3), db = new(3, 3);
        double f() => MatrixFunctions.EveryOperation(a, b, s);
        Assert.Equal(f(), MatrixFunctions.EveryOperationGradient(a, b, s, da, db, out double ds));
        Close(FiniteDifferences(f, a), da, Tolerance);
        Close(FiniteDifferences(f, b), db, Tolerance);
        Close((MatrixFunctions.EveryOperation(a, b, s + 1e-6) - MatrixFunctions.EveryOperation(a, b, s - 1e-6)) / 2e-6, ds, Tolerance);

        Matrix ta = Random(3, 3, random), tb = Random(3, 3, random);
        MatrixFunctions.EveryOperationPushforward(a, b, s, ta, tb, 0.5, out double tangent);
        Close(Dot(da, ta) + Dot(db, tb) + 0.5 * ds, tangent, 1e-10);
    }

    [Theory]
    [InlineData(0.8)]
    [InlineData(-0.4)]
    public void A_branch_between_matrices_takes_the_derivative_of_the_branch_taken(double t)
    {
        var random = new Random(14);
        Matrix a = Random(2, 3, random), b = Random(2, 3, random), seed = Random(2, 3, random);
        Matrix? da = null, db = null;
        double dt = 0;
        MatrixFunctions.SelectPullback(a, b, t, seed, ref da, ref db, ref dt);
        if (t > 0)
        {
            Close(Scaled(seed, t), da, 1e-14);
            Assert.Null(db);
            Close(Dot(seed, a), dt, 1e-14);
        }
        else
        {
            Close(Scaled(seed, -1), da, 1e-14);
            Close(seed, db, 1e-14);
            Assert.Equal(0.0, dt);
        }

        Matrix ta = Random(2, 3, random), tb = Random(2, 3, random);
        MatrixFunctions.SelectPushforward(a, b, t, ta, tb, 0.3, out var tangent);
        Close(Dot(seed, tangent!), Dot(da!, ta) + (db is null ? 0 : Dot(db, tb)) + 0.3 * dt, 1e-12);
    }

    [Fact]
    public void Two_outputs_get_a_seed_and_a_tangent_each()
    {
        var random = new Random(15);
        Matrix a = Random(2, 2, random), seed = Random(2, 2, random);
        const double s = 1.5, scalarSeed = 0.25;
        Matrix? da = null;
        double ds = 0;
        MatrixFunctions.BothPullback(a, s, seed, scalarSeed, ref da, ref ds);
        // m = a·s, r = sum(m)·s = sum(a)·s²: ā = seed·s + scalarSeed·s², s̄ = ⟨seed, a⟩ + scalarSeed·2s·sum(a)
        double sum = Matrix.Sum(a);
        var expected = Scaled(seed, s) + scalarSeed * s * s;
        Close(expected, da, 1e-14);
        Close(Dot(seed, a) + scalarSeed * 2 * s * sum, ds, 1e-14);

        var ta = Random(2, 2, random);
        var (m, r) = MatrixFunctions.BothPushforward(a, s, ta, 0.5, out var tm, out double tr);
        Close(Scaled(a, s), m, 1e-14);
        Close(sum * s * s, r, 1e-14);
        Close(Dot(seed, tm!) + scalarSeed * tr, Dot(da!, ta) + ds * 0.5, 1e-12);
    }

    [Fact]
    public void Scalars_through_matrices_have_every_derivative_a_scalar_method_has()
    {
        const double s = 0.4, t = -0.2, h = 1e-5;
        MatrixFunctions.ScalarThroughMatricesGradient(s, t, out double ds, out double dt);
        Close((MatrixFunctions.ScalarThroughMatrices(s + 1e-6, t) - MatrixFunctions.ScalarThroughMatrices(s - 1e-6, t)) / 2e-6, ds, Tolerance);
        Close((MatrixFunctions.ScalarThroughMatrices(s, t + 1e-6) - MatrixFunctions.ScalarThroughMatrices(s, t - 1e-6)) / 2e-6, dt, Tolerance);

        // The Hessian from Hessian-vector products through the matrix operations' second order, against differences of the gradient.
        Span<double> gradient = stackalloc double[2], hessian = stackalloc double[4];
        MatrixFunctions.ScalarThroughMatricesHessian(s, t, gradient, hessian);
        MatrixFunctions.ScalarThroughMatricesGradient(s + h, t, out double dsPlus, out double dtPlus);
        MatrixFunctions.ScalarThroughMatricesGradient(s - h, t, out double dsMinus, out double dtMinus);
        Close((dsPlus - dsMinus) / (2 * h), hessian[0], Tolerance);
        Close((dtPlus - dtMinus) / (2 * h), hessian[2], Tolerance);
        Close(hessian[1], hessian[2], 1e-12);

        // A caller composes through its PullbackPushforward.
        MatrixFunctions.CallsScalarThroughMatricesGradient(s + h, out double plus);
        MatrixFunctions.CallsScalarThroughMatricesGradient(s - h, out double minus);
        MatrixFunctions.CallsScalarThroughMatricesHessianVectorProduct(s, 1.0, out double hv);
        Close((plus - minus) / (2 * h), hv, Tolerance);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Network_Hessian_vector_product_matches_differences_of_the_gradient(int seed)
    {
        var n = Net.Create(seed);
        var random = new Random(100 + seed);
        Matrix[] v = [Random(5, 3, random), Random(5, 1, random), Random(4, 5, random), Random(4, 1, random)];
        Matrix[] hv = [new(5, 3), new(5, 1), new(4, 5), new(4, 1)];
        double value = MatrixFunctions.NetworkHessianVectorProduct(n.W1, n.B1, n.W2, n.B2, n.X, n.Y, v[0], v[1], v[2], v[3], hv[0], hv[1], hv[2], hv[3]);
        Assert.Equal(n.Loss(), value, 14);

        Matrix[] GradientAt(double step)
        {
            Matrix[] at = new Matrix[4];
            for (int k = 0; k < 4; k++) at[k] = n.Weights[k] + v[k] * step;
            Matrix[] g = [new(5, 3), new(5, 1), new(4, 5), new(4, 1)];
            MatrixFunctions.NetworkGradient(at[0], at[1], at[2], at[3], n.X, n.Y, g[0], g[1], g[2], g[3]);
            return g;
        }

        const double h = 1e-5;
        var (plus, minus) = (GradientAt(h), GradientAt(-h));
        for (int k = 0; k < 4; k++) Close((plus[k] - minus[k]) / (2 * h), hv[k], 1e-5);
    }

    [Fact]
    public void Hessian_vector_product_through_a_callee_whose_adjoint_is_not_wanted()
    {
        var random = new Random(23);
        Matrix w = Random(3, 2, random), b = Random(3, 1, random), x = Random(2, 4, random), y = Random(3, 4, random);
        Matrix vw = Random(3, 2, random), vb = Random(3, 1, random);
        Matrix hvw = new(3, 2), hvb = new(3, 1);
        double value = MatrixFunctions.MseOfLayerActiveHessianVectorProduct(w, b, x, y, vw, vb, hvw, hvb);
        Assert.Equal(MatrixFunctions.MseOfLayerActive(w, b, x, y), value, 14);

        (Matrix, Matrix) GradientAt(double step)
        {
            Matrix gw = new(3, 2), gb = new(3, 1);
            MatrixFunctions.MseOfLayerActiveGradient(w + vw * step, b + vb * step, x, y, gw, gb);
            return (gw, gb);
        }

        const double h = 1e-5;
        var ((pw, pb), (mw, mb)) = (GradientAt(h), GradientAt(-h));
        Close((pw - mw) / (2 * h), hvw, 1e-6);
        Close((pb - mb) / (2 * h), hvb, 1e-6);
    }

    [Fact]
    public void Every_operation_Hessian_vector_product_matches_differences_of_the_gradient()
    {
        var random = new Random(17);
        Matrix a = Random(3, 3, random), b = Random(3, 3, random), va = Random(3, 3, random), vb = Random(3, 3, random);
        const double s = 0.7, vs = -0.6, h = 1e-5;
        Matrix hva = new(3, 3), hvb = new(3, 3);
        MatrixFunctions.EveryOperationHessianVectorProduct(a, b, s, va, vb, vs, hva, hvb, out double hvs);

        (Matrix, Matrix, double) GradientAt(double step)
        {
            Matrix da = new(3, 3), db = new(3, 3);
            MatrixFunctions.EveryOperationGradient(a + va * step, b + vb * step, s + vs * step, da, db, out double ds);
            return (da, db, ds);
        }

        var ((pa, pb, ps), (ma, mb, ms)) = (GradientAt(h), GradientAt(-h));
        Close((pa - ma) / (2 * h), hva, 1e-5);
        Close((pb - mb) / (2 * h), hvb, 1e-5);
        Close((ps - ms) / (2 * h), hvs, 1e-5);
    }

    [Fact]
    public void A_gradient_matrix_of_the_wrong_shape_is_an_error_naming_it()
    {
        var random = new Random(16);
        Matrix w = Random(3, 4, random), x = Random(4, 2, random), b = Random(3, 1, random), y = Random(3, 2, random);
        var error = Assert.Throws<ArgumentException>(() => MatrixFunctions.MseOfAffineGradient(w, x, b, y, new Matrix(4, 3), new Matrix(4, 2), new Matrix(3, 1)));
        Assert.Equal("dw", error.ParamName);
        Assert.Contains("4×3", error.Message, StringComparison.Ordinal);
        Assert.Contains("3×4", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => MatrixFunctions.MseOfAffineGradient(w, x, b, y, null!, new Matrix(4, 2), new Matrix(3, 1)));
    }

    [Fact]
    public void A_warm_Gradient_allocates_nothing()
    {
        var n = Net.Create(7);
        Matrix dW1 = new(5, 3), dB1 = new(5, 1), dW2 = new(4, 5), dB2 = new(4, 1);
        for (int i = 0; i < 3; i++) MatrixFunctions.NetworkGradient(n.W1, n.B1, n.W2, n.B2, n.X, n.Y, dW1, dB1, dW2, dB2);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) MatrixFunctions.NetworkGradient(n.W1, n.B1, n.W2, n.B2, n.X, n.Y, dW1, dB1, dW2, dB2);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void A_warm_Hessian_vector_product_allocates_nothing()
    {
        var n = Net.Create(8);
        var random = new Random(80);
        Matrix[] v = [Random(5, 3, random), Random(5, 1, random), Random(4, 5, random), Random(4, 1, random)];
        Matrix[] hv = [new(5, 3), new(5, 1), new(4, 5), new(4, 1)];
        void Product() => MatrixFunctions.NetworkHessianVectorProduct(n.W1, n.B1, n.W2, n.B2, n.X, n.Y, v[0], v[1], v[2], v[3], hv[0], hv[1], hv[2], hv[3]);
        for (int i = 0; i < 3; i++) Product();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) Product();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static Matrix Scaled(Matrix m, double s) => m * s;
}
