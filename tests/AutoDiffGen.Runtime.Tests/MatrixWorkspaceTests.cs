using System;
using System.Runtime.CompilerServices;
using System.Threading;
using Xunit;

namespace AutoDiffGen.Runtime.Tests;

/// <summary>
/// <see cref="MatrixWorkspace"/>: scopes hand the matrices they created back to a per-thread pool, nested scopes only
/// their own, and a warm training step allocates nothing. The pool is per thread, so these tests do not see each other's.
/// </summary>
public sealed class MatrixWorkspaceTests
{
    private static readonly Matrix A = Random(3, 4, 1);
    private static readonly Matrix B = Random(4, 2, 2);

    [Fact]
    public void Outside_a_scope_every_result_is_a_new_matrix()
    {
        Assert.False(MatrixWorkspace.IsActive);
        Assert.NotSame(A * B, A * B);
        var m = Matrix.Allocate(2, 2, zeroed: false);
        Assert.NotSame(m, Matrix.Allocate(2, 2, zeroed: false));
    }

    [Fact]
    public void After_Dispose_the_next_scope_gets_the_same_matrices_back()
    {
        Matrix[] first;
        using (MatrixWorkspace.Enter())
        {
            Assert.True(MatrixWorkspace.IsActive);
            var c = A * B;
            first = [c, Matrix.Tanh(c)];
        }

        Assert.False(MatrixWorkspace.IsActive);
        using (MatrixWorkspace.Enter())
        {
            var c = A * B;
            Matrix[] second = [c, Matrix.Tanh(c)];
            Assert.All(second, m => Assert.Contains(first, f => ReferenceEquals(f, m)));
            Assert.Equal(Matrix.Tanh(A * B).ToString(), second[1].ToString()); // stale contents are overwritten
        }
    }

    [Fact]
    public void A_reused_matrix_is_zeroed_when_zeros_are_asked_for()
    {
        using (MatrixWorkspace.Enter())
        {
            Matrix.Allocate(2, 3, zeroed: false).AsSpan().Fill(7);
        }

        using (MatrixWorkspace.Enter())
        {
            Assert.All(Matrix.Allocate(2, 3, zeroed: true).AsSpan().ToArray(), v => Assert.Equal(0.0, v));
        }

        // A null adjoint is allocated zeroed: the same pullback gives the same adjoint on a reused matrix.
        var seed = Random(3, 2, 3);
        string[] results = new string[2];
        for (int i = 0; i < 2; i++)
        {
            using var scope = MatrixWorkspace.Enter();
            Matrix? da = null;
            Matrix.MultiplyPullback(A, B, seed, ref da, ref Unsafe.NullRef<Matrix?>());
            results[i] = da!.ToString();
        }

        Assert.Equal(results[0], results[1]);
    }

    [Fact]
    public void Disposing_an_inner_scope_returns_only_its_matrices()
    {
        using (MatrixWorkspace.Enter())
        {
            var outer = A * B;
            string outerText = outer.ToString();
            Matrix inner;
            using (MatrixWorkspace.Enter())
            {
                inner = A * B;
                Assert.NotSame(outer, inner);
            }

            Assert.True(MatrixWorkspace.IsActive);
            Assert.Same(inner, A * B);
            Assert.NotSame(outer, A * B);
            Assert.Equal(outerText, outer.ToString());
        }

        Assert.False(MatrixWorkspace.IsActive);
    }

    [Fact]
    public void Disposing_twice_or_out_of_order_is_safe()
    {
        var outer = MatrixWorkspace.Enter();
        var inner = MatrixWorkspace.Enter();
        outer.Dispose(); // ends the inner scope with it
        Assert.False(MatrixWorkspace.IsActive);
        inner.Dispose();
        outer.Dispose();
        default(MatrixWorkspace.Scope).Dispose();

        // An old scope disposed again does not end a newer one at the same depth.
        var first = MatrixWorkspace.Enter();
        first.Dispose();
        using (MatrixWorkspace.Enter())
        {
            first.Dispose();
            Assert.True(MatrixWorkspace.IsActive);
        }
    }

    [Fact]
    public void A_scope_is_disposed_on_its_own_thread()
    {
        var scope = MatrixWorkspace.Enter();
        try
        {
            Exception? thrown = null;
            bool activeThere = true;
            var other = new Thread(() =>
            {
                thrown = Record.Exception(scope.Dispose);
                activeThere = MatrixWorkspace.IsActive;
            });
            other.Start();
            other.Join();
            Assert.IsType<InvalidOperationException>(thrown);
            Assert.False(activeThere);
            Assert.True(MatrixWorkspace.IsActive);
        }
        finally
        {
            scope.Dispose();
        }
    }

    [Fact]
    public void Matrices_created_with_the_public_constructors_are_never_pooled()
    {
        Matrix mine, fromRows;
        using (MatrixWorkspace.Enter())
        {
            mine = new Matrix(3, 2);
            fromRows = Matrix.FromRows([1.0, 2.0], [3.0, 4.0], [5.0, 6.0]);
        }

        using (MatrixWorkspace.Enter())
        {
            for (int i = 0; i < 4; i++)
            {
                var m = Matrix.Allocate(3, 2, zeroed: false);
                Assert.NotSame(mine, m);
                Assert.NotSame(fromRows, m);
            }
        }
    }

    [Fact]
    public void A_warm_training_step_allocates_nothing()
    {
        var w = Random(8, 5, 4);
        var x = Random(5, 6, 5);
        var bias = Random(8, 1, 6);
        var y = Random(8, 6, 7);
        var labels = new Matrix(8, 6);
        for (int j = 0; j < 6; j++) labels[j % 8, j] = 1;
        var dW = new Matrix(8, 5);
        var dBias = new Matrix(8, 1);
        double loss = 0;

        void Step()
        {
            using (MatrixWorkspace.Enter())
            {
                // Forward: z = W·X + b, h = tanh z, loss = MSE(y, h) + cross-entropy(z, labels).
                var product = w * x;
                var z = product + bias;
                var h = Matrix.Tanh(z);
                loss = Matrix.MseLoss(y, h) + Matrix.CrossEntropy(z, labels);

                // Reverse: into the caller's gradients, X and the data skipped.
                Matrix.BeginGradient(dW, w, "dW");
                Matrix.BeginGradient(dBias, bias, "dBias");
                Matrix? dh = null, dz = null, dProduct = null, dWLocal = dW, dBiasLocal = dBias;
                Matrix.MseLossPullback(y, h, 1.0, ref Unsafe.NullRef<Matrix?>(), ref dh);
                Matrix.ElementwisePullback(Matrix.TanhRule, z, dh!, ref dz);
                Matrix.CrossEntropyPullback(z, labels, 1.0, ref dz, ref Unsafe.NullRef<Matrix?>());
                Matrix.AddPullback(product, bias, dz!, ref dProduct, ref dBiasLocal);
                Matrix.MultiplyPullback(w, x, dProduct!, ref dWLocal, ref Unsafe.NullRef<Matrix?>());
                Matrix.StoreGradient(dWLocal, ref dW!);
                Matrix.StoreGradient(dBiasLocal, ref dBias!);

                // And a pushforward.
                Matrix.SoftmaxPushforward(z, dz, out var tangent);
                loss += Matrix.Sum(tangent!);
            }
        }

        Step();
        Step();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) Step();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(double.IsFinite(loss));
        Assert.Contains(dW.AsSpan().ToArray(), v => v != 0);
    }

    private static Matrix Random(int rows, int columns, int seed) => MatrixOperation.Uniform(rows, columns, new Random(seed), -1, 1);
}
