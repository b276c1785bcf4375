using System;
using System.Runtime.CompilerServices;

namespace AutoDiffGen;

// The derivatives of the operations with a scalar result: Sum, Mean and the losses (see Matrix.Derivatives.cs for
// the conventions). Their seed and tangent are doubles.
public sealed partial class Matrix
{
    /// <summary>s = Σ A: dA += seed, in every element.</summary>
    [DerivativeOf(typeof(Matrix), nameof(Sum), DerivativeKind.Pullback)]
    public static void SumPullback(Matrix a, double seed, ref Matrix? da) => SpreadPullback(a, seed, mean: false, ref da);

    /// <summary>The pushforward of <see cref="SumPullback"/> (linear in the seed): its update, and tdA += tseed, in every element.</summary>
    [DerivativeOf(typeof(Matrix), nameof(SumPullback), DerivativeKind.Pushforward)]
    public static void SumPullbackPushforward(Matrix a, double seed, ref Matrix? da, Matrix? ta, double tseed, ref Matrix? tda) =>
        SpreadPullbackPushforward(a, seed, mean: false, ref da, ta, tseed, ref tda);

    /// <summary>s = Σ A: ts = Σ tA.</summary>
    [DerivativeOf(typeof(Matrix), nameof(Sum), DerivativeKind.Pushforward)]
    public static double SumPushforward(Matrix a, Matrix? ta, out double tangent) => ReductionPushforward(a, ta, Sum, out tangent);

    /// <summary>m = mean(A): dA += seed / count, in every element.</summary>
    [DerivativeOf(typeof(Matrix), nameof(Mean), DerivativeKind.Pullback)]
    public static void MeanPullback(Matrix a, double seed, ref Matrix? da) => SpreadPullback(a, seed, mean: true, ref da);

    /// <summary>The pushforward of <see cref="MeanPullback"/> (linear in the seed): its update, and tdA += tseed / count, in every element.</summary>
    [DerivativeOf(typeof(Matrix), nameof(MeanPullback), DerivativeKind.Pushforward)]
    public static void MeanPullbackPushforward(Matrix a, double seed, ref Matrix? da, Matrix? ta, double tseed, ref Matrix? tda) =>
        SpreadPullbackPushforward(a, seed, mean: true, ref da, ta, tseed, ref tda);

    /// <summary>m = mean(A): tm = mean(tA).</summary>
    [DerivativeOf(typeof(Matrix), nameof(Mean), DerivativeKind.Pushforward)]
    public static double MeanPushforward(Matrix a, Matrix? ta, out double tangent) => ReductionPushforward(a, ta, Mean, out tangent);

    /// <summary>L = mean((Y - P)²): dY += 2·(Y - P)·seed / count, dP -= the same.</summary>
    [DerivativeOf(typeof(Matrix), nameof(MseLoss), DerivativeKind.Pullback)]
    public static void MseLossPullback(Matrix y, Matrix prediction, double seed, ref Matrix? dy, ref Matrix? dPrediction)
    {
        CheckMseLossShapes(y, prediction);
        bool wantY = !Unsafe.IsNullRef(ref dy), wantPrediction = !Unsafe.IsNullRef(ref dPrediction);
        if (!wantY && !wantPrediction) return;
        var difference = y - prediction;
        double scale = 2 * seed / difference._values.Length;
        if (wantY) SpanMath.AddScaled<double>(difference._values, scale, AdjointOf(ref dy, y)._values);
        if (wantPrediction) SpanMath.AddScaled<double>(difference._values, -scale, AdjointOf(ref dPrediction, prediction)._values);
    }

    /// <summary>
    /// The pushforward of <see cref="MseLossPullback"/>: its update, and with n the count,
    /// tdY += 2·(tseed·(Y - P) + seed·(tY - tP)) / n, tdP -= the same.
    /// </summary>
    [DerivativeOf(typeof(Matrix), nameof(MseLossPullback), DerivativeKind.Pushforward)]
    public static void MseLossPullbackPushforward(Matrix y, Matrix prediction, double seed, ref Matrix? dy, ref Matrix? dPrediction,
        Matrix? ty, Matrix? tPrediction, double tseed, ref Matrix? tdy, ref Matrix? tdPrediction)
    {
        MseLossPullback(y, prediction, seed, ref dy, ref dPrediction);
        CheckTangents((ty, y), (tPrediction, prediction));
        if (tseed != 0) MseLossPullback(y, prediction, tseed, ref tdy, ref tdPrediction);
        double scale = 2 * seed / y.Rows / y.Columns;
        if (ty is not null)
        {
            AddScaledInto(ref tdy, y, ty, scale);
            AddScaledInto(ref tdPrediction, prediction, ty, -scale);
        }

        if (tPrediction is not null)
        {
            AddScaledInto(ref tdy, y, tPrediction, -scale);
            AddScaledInto(ref tdPrediction, prediction, tPrediction, scale);
        }
    }

    /// <summary>L = mean((Y - P)²): tL = 2·mean((Y - P)·(tY - tP)).</summary>
    [DerivativeOf(typeof(Matrix), nameof(MseLoss), DerivativeKind.Pushforward)]
    public static double MseLossPushforward(Matrix y, Matrix prediction, Matrix? ty, Matrix? tPrediction, out double tangent)
    {
        CheckMseLossShapes(y, prediction);
        var difference = y - prediction;
        double scale = 2.0 / difference._values.Length;
        tangent = 0;
        if (ty is not null) tangent += scale * DotWithTangent(difference, ty, y);
        if (tPrediction is not null) tangent -= scale * DotWithTangent(difference, tPrediction, prediction);
        return Mean(Square(difference));
    }

    /// <summary>
    /// L = cross-entropy (see <see cref="CrossEntropy"/>), N samples: dLogits += seed/N · (softmax(logits)·Σᵢ labels − labels),
    /// the label sum per column (1 for one-hot or probability labels); dLabels += seed/N · (−log softmax(logits)).
    /// </summary>
    [DerivativeOf(typeof(Matrix), nameof(CrossEntropy), DerivativeKind.Pullback)]
    public static void CrossEntropyPullback(Matrix logits, Matrix labels, double seed, ref Matrix? dLogits, ref Matrix? dLabels)
    {
        CheckCrossEntropyShapes(logits, labels);
        double scale = seed / logits.Columns;
        if (!Unsafe.IsNullRef(ref dLogits)) SpanMath.AddScaled<double>(CrossEntropyLogitsGradient(logits, labels)._values, scale, AdjointOf(ref dLogits, logits)._values);
        if (!Unsafe.IsNullRef(ref dLabels)) SpanMath.AddScaled<double>(NegativeLogSoftmax(logits)._values, scale, AdjointOf(ref dLabels, labels)._values);
    }

    /// <summary>
    /// The pushforward of <see cref="CrossEntropyPullback"/>: its update, and with S = softmax(logits), c the label sums
    /// per column, tS = S ⊙ (tLogits − ⟨S, tLogits⟩) per column and N samples:
    /// tdLogits += tseed/N · (S·c − labels) + seed/N · (tS·c + S·Σᵢ tLabels − tLabels),
    /// tdLabels += tseed/N · (−log S) + seed/N · (⟨S, tLogits⟩ − tLogits).
    /// </summary>
    [DerivativeOf(typeof(Matrix), nameof(CrossEntropyPullback), DerivativeKind.Pushforward)]
    public static void CrossEntropyPullbackPushforward(Matrix logits, Matrix labels, double seed, ref Matrix? dLogits, ref Matrix? dLabels,
        Matrix? tLogits, Matrix? tLabels, double tseed, ref Matrix? tdLogits, ref Matrix? tdLabels)
    {
        CrossEntropyPullback(logits, labels, seed, ref dLogits, ref dLabels);
        CheckTangents((tLogits, logits), (tLabels, labels));
        if (tseed != 0) CrossEntropyPullback(logits, labels, tseed, ref tdLogits, ref tdLabels);
        double scale = seed / logits.Columns;

        // The logits' gradient is linear in the labels: its tangent along tLabels is the gradient at tLabels.
        if (tLabels is not null) AddScaledInto(ref tdLogits, logits, CrossEntropyLogitsGradient(logits, tLabels), scale);
        if (tLogits is null) return;
        bool wantLogits = !Unsafe.IsNullRef(ref tdLogits), wantLabels = !Unsafe.IsNullRef(ref tdLabels);
        if (!wantLogits && !wantLabels) return;
        var softmax = Softmax(logits);
        if (wantLogits)
        {
            var tangent = Allocate(logits.Rows, logits.Columns, zeroed: true);
            AddSoftmaxJacobianProduct(softmax, tLogits, tangent);
            MultiplyColumnsByLabelSums(tangent, labels);
            AddScaledInto(ref tdLogits, logits, tangent, scale);
        }

        if (wantLabels)
        {
            var into = AdjointOf(ref tdLabels, labels);
            var weighted = Allocate(1, logits.Columns, zeroed: true);
            AddColumnDots(softmax, tLogits, weighted._values);
            SpanMath.AddScaled<double>(tLogits._values, -scale, into._values);
            for (int i = 0; i < into.Rows; i++) SpanMath.AddScaled<double>(weighted._values, scale, into.Row(i));
        }
    }

    /// <summary>L = cross-entropy, N samples: tL = (⟨softmax(logits)·Σᵢ labels − labels, tLogits⟩ + ⟨−log softmax(logits), tLabels⟩) / N.</summary>
    [DerivativeOf(typeof(Matrix), nameof(CrossEntropy), DerivativeKind.Pushforward)]
    public static double CrossEntropyPushforward(Matrix logits, Matrix labels, Matrix? tLogits, Matrix? tLabels, out double tangent)
    {
        CheckCrossEntropyShapes(logits, labels);
        var negativeLogSoftmax = NegativeLogSoftmax(logits);
        tangent = 0;
        if (tLogits is not null) tangent += DotWithTangent(CrossEntropyLogitsGradient(logits, labels), tLogits, logits);
        if (tLabels is not null) tangent += DotWithTangent(negativeLogSoftmax, tLabels, labels);
        tangent /= logits.Columns;
        return Dot(labels, negativeLogSoftmax) / logits.Columns;
    }

    /// <summary>The pullback of a sum (or a mean): the seed (divided by the count) added into every element.</summary>
    private static void SpreadPullback(Matrix a, double seed, bool mean, ref Matrix? da)
    {
        ArgumentNullException.ThrowIfNull(a);
        if (Unsafe.IsNullRef(ref da)) return;
        var into = AdjointOf(ref da, a).AsSpan();
        if (mean) SpanMath.MeanAdjoint(seed, into);
        else SpanMath.SumAdjoint(seed, into);
    }

    /// <summary>The pushforward of <see cref="SpreadPullback"/> (linear in the seed): its update, and the same with tseed into tdA.</summary>
    private static void SpreadPullbackPushforward(Matrix a, double seed, bool mean, ref Matrix? da, Matrix? ta, double tseed, ref Matrix? tda)
    {
        SpreadPullback(a, seed, mean, ref da);
        CheckTangents((ta, a));
        if (tseed != 0) SpreadPullback(a, tseed, mean, ref tda);
    }

    /// <summary>The pushforward of a linear reduction: its value, and the reduction of the input's tangent (0 for a null one).</summary>
    private static double ReductionPushforward(Matrix a, Matrix? ta, Func<Matrix, double> reduce, out double tangent)
    {
        double value = reduce(a);
        if (ta is not null) CheckShapeOf(ta, "tangent", a);
        tangent = ta is null ? 0 : reduce(ta);
        return value;
    }

    /// <summary>⟨gradient, tangent⟩ after checking the tangent has its value's shape.</summary>
    private static double DotWithTangent(Matrix gradient, Matrix tangent, Matrix value)
    {
        CheckShapeOf(tangent, "tangent", value);
        return Dot(gradient, tangent);
    }

    private static void CheckMseLossShapes(Matrix y, Matrix prediction)
    {
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(prediction);
        if (y.Rows != prediction.Rows || y.Columns != prediction.Columns) throw ShapeMismatch("The mean squared error", y, prediction);
    }

    /// <summary>∂(N·cross-entropy)/∂logits: <c>softmax(logits)[i, j]·Σₖ labels[k, j] − labels[i, j]</c>.</summary>
    private static Matrix CrossEntropyLogitsGradient(Matrix logits, Matrix labels)
    {
        var gradient = Softmax(logits);
        MultiplyColumnsByLabelSums(gradient, labels);
        SpanMath.Subtract<double>(gradient._values, labels._values, gradient._values);
        return gradient;
    }

    /// <summary><c>m[i, j] *= Σₖ labels[k, j]</c>, in place.</summary>
    private static void MultiplyColumnsByLabelSums(Matrix m, Matrix labels)
    {
        var labelSums = Allocate(1, labels.Columns, zeroed: false);
        SpanMath.SumOverRows<double>(labels._values, labels.Rows, labels.Columns, labelSums._values);
        for (int i = 0; i < m.Rows; i++) SpanMath.Multiply<double>(m.Row(i), labelSums._values, m.Row(i));
    }
}
