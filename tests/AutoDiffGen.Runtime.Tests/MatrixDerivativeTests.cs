using System;
using System.Linq;
using System.Runtime.CompilerServices;
using Xunit;

namespace AutoDiffGen.Runtime.Tests;

/// <summary>
/// <see cref="Matrix"/>'s derivatives: the seed notebook's gradient cells In[10], In[11] and In[14] from pullbacks
/// chained by hand (as the generator chains them), and every operation's pullback and pushforward (found through its
/// <see cref="DerivativeOfAttribute"/>) against central differences, against each other, and on the adjoint conventions.
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
        Matrix.AddPullback(product, B, ones, ref dProduct, ref db);
        Matrix.MultiplyPullback(W, X, dProduct!, ref dW, ref dX);
        Assert.Equal("[[2. 3.]\n [2. 3.]]", dW!.ToString());
        Assert.Equal("[[1.]\n [1.]]", db!.ToString());
        Assert.Equal("[[6.]\n [3.]]", dX!.ToString());
    }

    [Fact]
    public void Cells_In11_and_In14_the_loss()
    {
        var product = W * X;
        var prediction = product + B;
        Assert.Equal(2.5, Matrix.MseLossPushforward(Y, prediction, null, null, out _));
        Matrix? dY = null, dPrediction = null, dProduct = null, db = null, dW = null, dX = null;
        Matrix.MseLossPullback(Y, prediction, 1.0, ref dY, ref dPrediction);
        Matrix.AddPullback(product, B, dPrediction!, ref dProduct, ref db);
        Matrix.MultiplyPullback(W, X, dProduct!, ref dW, ref dX);
        Assert.Equal("[[-2. -3.]\n [ 4.  6.]]", dW!.ToString());
        Assert.Equal("[[-1.]\n [ 2.]]", db!.ToString());
        Assert.Equal("[[0.]\n [0.]]", dX!.ToString());
    }

    // ------------------------------------------------------------------ every operation, through its registrations

    /// <summary>
    /// The operations and the inputs they are checked on: <c>s</c> a double, <c>AxB</c> a matrix (letters are sizes
    /// drawn at random per trial, digits fixed), <c>p</c> before it positive entries, <c>l</c> label columns that are
    /// probabilities. <see cref="Every_operation_has_one_pullback_and_one_pushforward_and_is_checked"/> keeps this list complete.
    /// </summary>
    public static TheoryData<string, string> Operations => new()
    {
        { "op_Multiply", "AxB BxC" },
        { "op_Multiply", "1xA Ax1" },
        { "op_Multiply", "s AxB" },
        { "op_Multiply", "AxB s" },
        { "op_Division", "AxB s" },
        { "op_Addition", "AxB AxB" },
        { "op_Addition", "AxB Ax1" },
        { "op_Addition", "1xB AxB" },
        { "op_Addition", "1x1 1xB" },
        { "op_Subtraction", "AxB 1xB" },
        { "op_Subtraction", "Ax1 AxB" },
        { "op_Subtraction", "AxB AxB" },
        { "op_Subtraction", "AxB Ax1" },
        { "op_Subtraction", "1xB AxB" },
        { "op_Addition", "AxB s" },
        { "op_Subtraction", "AxB s" },
        { "op_UnaryNegation", "AxB" },
        { "Hadamard", "AxB AxB" },
        { "Transpose", "AxB" },
        { "Square", "AxB" },
        { "Exp", "AxB" },
        { "Log", "pAxB" },
        { "Tanh", "AxB" },
        { "Sigmoid", "AxB" },
        { "Relu", "AxB" },
        { "Softmax", "AxB" },
        { "Softmax", "1xB" },
        { "Sum", "AxB" },
        { "Mean", "AxB" },
        { "MseLoss", "AxB AxB" },
        { "CrossEntropy", "AxB lAxB" },
        { "CrossEntropy", "AxB AxB" },
    };

    [Theory]
    [MemberData(nameof(Operations))]
    public void Pushforward_and_pullback_match_central_differences_and_each_other(string name, string inputs)
    {
        for (int trial = 0; trial < 3; trial++)
        {
            var op = MatrixOperation.Draw(name, inputs, new Random(HashCode.Combine(name, inputs, trial)));
            string context = $"{op} (trial {trial})";
            var (x, t) = (op.Inputs, op.Tangents);
            var expected = op.Directional(t);

            // Pushforward: the value, and the tangent against differences.
            var value = op.Pushforward(x, t, out object? tangent);
            MatrixOperation.AssertClose(op.Forward(x), value, 0, context + ": value");
            MatrixOperation.AssertClose(expected, tangent!, 1e-6, context + ": tangent vs differences");

            // Pullback into null adjoints, then into adjoints that already hold something.
            var seed = op.RandomLike(value);
            var seedBefore = MatrixOperation.Clone(seed);
            var fresh = op.Pullback(x, seed, op.Zeros(nullMatrices: true));
            MatrixOperation.AssertClose(seedBefore, seed, 0, context + ": the seed is only read");
            double pulled = Enumerable.Range(0, x.Length).Sum(i => MatrixOperation.Inner(fresh[i], t[i]));
            Assert.True(Math.Abs(MatrixOperation.Inner(seed, tangent!) - pulled) <= 1e-10 * (1 + Math.Abs(pulled)), context + ": ⟨seed, J·t⟩ = ⟨Jᵀ·seed, t⟩");
            double differences = MatrixOperation.Inner(seed, expected);
            Assert.True(Math.Abs(differences - pulled) <= 1e-6 * (1 + Math.Abs(pulled)), context + ": pullback vs differences");

            var before = op.RandomTangents();
            var start = before.Select(MatrixOperation.Clone).ToArray();
            var accumulated = op.Pullback(x, seed, start);
            for (int i = 0; i < x.Length; i++)
            {
                if (start[i] is Matrix m) Assert.Same(m, accumulated[i]); // added into in place, not replaced
                MatrixOperation.AssertClose(MatrixOperation.Plus(before[i], fresh[i]), accumulated[i], 1e-12, context + $": adjoint {i} accumulates");
            }

            // No adjoint is the seed, an input or another adjoint.
            var matrices = fresh.OfType<Matrix>().ToArray();
            foreach (var adjoint in matrices)
            {
                Assert.NotSame(seed, adjoint);
                Assert.DoesNotContain(x, input => ReferenceEquals(input, adjoint));
                Assert.Single(matrices, other => ReferenceEquals(other, adjoint));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void Null_tangents_are_zero_and_tangents_add_up(string name, string inputs)
    {
        var op = MatrixOperation.Draw(name, inputs, new Random(HashCode.Combine(name, inputs)));
        var x = op.Inputs;
        op.Pushforward(x, op.Zeros(nullMatrices: true), out object? none);
        if (op.ReturnsMatrix) Assert.Null(none);
        else Assert.Equal(0.0, none);

        var t = op.Tangents;
        op.Pushforward(x, t, out object? all);
        object sum = all is Matrix m ? new Matrix(m.Rows, m.Columns) : 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            var only = op.Zeros(nullMatrices: true);
            only[i] = t[i];
            op.Pushforward(x, only, out object? part);
            Assert.False(part is Matrix p && t.Any(ti => ReferenceEquals(ti, p)), "a tangent is never an input's tangent");
            sum = MatrixOperation.Plus(sum, part);
        }

        MatrixOperation.AssertClose(all!, sum, 1e-12, op + ": the tangent of all inputs is the sum of each one's");
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void An_adjoint_passed_as_a_null_ref_is_skipped_and_the_others_are_unchanged(string name, string inputs)
    {
        var op = MatrixOperation.Draw(name, inputs, new Random(HashCode.Combine(name, inputs, 7)));
        var seed = op.RandomLike(op.Forward(op.Inputs));
        var full = op.Pullback(op.Inputs, seed, op.Zeros(nullMatrices: true));
        for (int skip = 0; skip < op.Inputs.Length; skip++)
        {
            if (op.Inputs[skip] is not Matrix) continue; // a double's adjoint is never a null ref
            var partial = op.PullbackSkipping(seed, skip);
            for (int i = 0; i < op.Inputs.Length; i++)
            {
                if (i == skip) Assert.Null(partial[i]);
                else MatrixOperation.AssertClose(full[i], partial[i], 0, $"{op}: adjoint {i} with adjoint {skip} skipped");
            }
        }
    }

    [Fact]
    public void A_skipped_adjoint_is_not_computed()
    {
        // W·X with data X: dX = Wᵀ·seed would be as large as X. Skipped, only dW is allocated.
        var w = Random(2, 2, 1);
        var x = Random(2, 4000, 2);
        var seed = Random(2, 4000, 3);
        Matrix? dW = null;
        Matrix.MultiplyPullback(w, x, seed, ref dW, ref Unsafe.NullRef<Matrix?>()); // warm
        dW = null;
        long before = GC.GetAllocatedBytesForCurrentThread();
        Matrix.MultiplyPullback(w, x, seed, ref dW, ref Unsafe.NullRef<Matrix?>());
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 4000);
        Matrix? dWFull = null, dX = null;
        Matrix.MultiplyPullback(w, x, seed, ref dWFull, ref dX);
        Assert.Equal(dWFull!.ToString(), dW!.ToString());
    }

    [Fact]
    public void CrossEntropy_matches_a_scalar_reference_and_survives_large_logits()
    {
        var random = new Random(11);
        var logits = Random(4, 6, 12);
        var labels = MatrixOperation.Labels(4, 6, random);
        Assert.Equal(ReferenceCrossEntropy(logits, labels), Matrix.CrossEntropy(logits, labels), 12);

        // One-hot labels: the mean of -log p(true class).
        var oneHot = new Matrix(3, 2);
        oneHot[2, 0] = oneHot[0, 1] = 1;
        var small = Matrix.FromRows([1.0, 0.5], [2.0, -1.0], [3.0, 0.0]);
        double expected = -(Math.Log(Math.Exp(3) / (Math.Exp(1) + Math.Exp(2) + Math.Exp(3))) + Math.Log(Math.Exp(0.5) / (Math.Exp(0.5) + Math.Exp(-1) + 1))) / 2;
        Assert.Equal(expected, Matrix.CrossEntropy(small, oneHot), 14);

        // e^1000 overflows the reference; log-sum-exp does not, and a shift of a whole column changes nothing.
        var shifted = logits + 1000.0;
        Assert.True(double.IsNaN(ReferenceCrossEntropy(shifted, labels)));
        Assert.Equal(Matrix.CrossEntropy(logits, labels), Matrix.CrossEntropy(shifted, labels), 9);
        var dominated = Matrix.FromRows([800.0], [0.0]);
        Assert.Equal(800.0, Matrix.CrossEntropy(dominated, Matrix.FromRows([0.0], [1.0])), 12);
        Matrix? dLogits = null, dLabels = null;
        Matrix.CrossEntropyPullback(shifted, labels, 1.0, ref dLogits, ref dLabels);
        Assert.All(dLogits!.AsSpan().ToArray(), d => Assert.True(double.IsFinite(d)));

        var e = Assert.Throws<ArgumentException>(() => Matrix.CrossEntropy(logits, new Matrix(6, 4)));
        Assert.Contains("4×6 and a 6×4", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Matrix.CrossEntropy(new Matrix(3, 0), new Matrix(3, 0)));
    }

    [Fact]
    public void A_seed_of_the_wrong_shape_is_rejected_naming_both_shapes()
    {
        Matrix? da = null, db = null;
        var e = Assert.Throws<ArgumentException>(() => Matrix.MultiplyPullback(W, X, new Matrix(2, 2), ref da, ref db));
        Assert.Equal("seed", e.ParamName);
        Assert.StartsWith("The matrix product's result is 2×1 but its seed is 2×2.", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => Matrix.AddPullback(W, new Matrix(3, 1), W, ref da, ref db));
        Assert.Contains("2×2 and a 3×1", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => Matrix.ElementwisePullback(Matrix.TanhRule, W, X, ref da));
        Assert.StartsWith("Tanh's result is 2×2 but its seed is 2×1.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_adjoint_or_tangent_of_the_wrong_shape_is_rejected()
    {
        Matrix? da = new Matrix(1, 2);
        var e = Assert.Throws<ArgumentException>(() => Matrix.ElementwisePullback(Matrix.SquareRule, W, W, ref da));
        Assert.StartsWith("The adjoint is 1×2 but its value is 2×2", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => Matrix.MultiplyPushforward(W, X, X, null, out _));
        Assert.StartsWith("The tangent is 2×1 but its value is 2×2", e.Message, StringComparison.Ordinal);
    }

    // ------------------------------------------------------------------ the registrations

    [Fact]
    public void Every_registration_names_an_existing_target_and_has_the_derivative_shape()
    {
        var registrations = MatrixOperation.Registrations().ToList();
        Assert.NotEmpty(registrations);
        foreach (var (derivative, attribute, target) in registrations)
        {
            Assert.Equal(typeof(Matrix), attribute.Type);
            Assert.True(target is not null, $"{derivative.Name}: no {attribute.MethodName} with its leading parameter types");
            Assert.Empty(MatrixOperation.ShapeProblems(derivative, attribute.Kind, target));
        }
    }

    [Fact]
    public void Every_operation_has_one_pullback_and_one_pushforward_and_is_checked()
    {
        // The nine operators, Hadamard, Transpose, the six elementwise functions, Softmax, Sum, Mean and the two losses.
        Assert.Equal(22, MatrixOperation.All().Count());
        var registrations = MatrixOperation.Registrations().ToList();
        var checkedOperations = Operations.Select(row => MatrixOperation.Draw((string)row[0], (string)row[1], new Random(0)).Target).ToHashSet();
        foreach (var operation in MatrixOperation.All())
        {
            // An elementwise function's derivatives are those registered once for Elementwise, given its rule.
            var (target, _) = MatrixOperation.DerivativeTarget(operation);
            foreach (var kind in new[] { DerivativeKind.Pullback, DerivativeKind.Pushforward })
            {
                Assert.Single(registrations, r => r.Target == target && r.Attribute.Kind == kind);
            }

            Assert.Contains(operation, checkedOperations);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static Matrix Random(int rows, int columns, int seed) => MatrixOperation.Uniform(rows, columns, new Random(seed), -1, 1);

    private static double ReferenceCrossEntropy(Matrix logits, Matrix labels)
    {
        double loss = 0;
        for (int j = 0; j < logits.Columns; j++)
        {
            double sum = 0;
            for (int i = 0; i < logits.Rows; i++) sum += Math.Exp(logits[i, j]);
            for (int i = 0; i < logits.Rows; i++) loss -= labels[i, j] * Math.Log(Math.Exp(logits[i, j]) / sum);
        }

        return loss / logits.Columns;
    }
}
