using System;
using System.Globalization;
using System.IO;
using System.Linq;

namespace AutoDiffGen.Benchmarks;

/// <summary>
/// ADBench's LSTM objective, written as its C++ reference writes it: a stack of <c>l</c> LSTM cells (each with its weight and
/// bias for the forget, input and output gates and the change), run over a character sequence of <c>c</c> steps of
/// <c>b</c> values, predicting each next step; the loss is the mean negative log-likelihood of the sequence. The state
/// (each layer's hidden and cell values) starts as given and is updated in place, step after step.
/// </summary>
public static partial class Lstm
{
    /// <summary>
    /// The loss: <paramref name="mainParams"/> (per layer, a weight of 4·b then a bias of 4·b), <paramref name="extraParams"/>
    /// (the input weights, the output weights and the output biases, b each), the initial state (per layer, hidden then
    /// cell, b each) and the sequence (c·b).
    /// </summary>
    [Differentiable]
    public static double Objective(ReadOnlySpan<double> mainParams, ReadOnlySpan<double> extraParams, [NoDerivative] ReadOnlySpan<double> initialState,
        [NoDerivative] ReadOnlySpan<double> sequence, int layers, int b)
    {
        int c = sequence.Length / b;
        Span<double> state = stackalloc double[initialState.Length];
        for (int i = 0; i < state.Length; i++) state[i] = initialState[i];
        Span<double> input = stackalloc double[b];
        Span<double> prediction = stackalloc double[b];
        double total = 0;
        for (int t = 0; t < c - 1; t++)
        {
            // lstm_predict: the input weighted, through each layer's cell, then the output weights and biases.
            for (int i = 0; i < b; i++) input[i] = sequence[t * b + i] * extraParams[i];
            for (int layer = 0; layer < layers; layer++)
            {
                int w = layer * 8 * b;
                int h = layer * 2 * b;
                for (int i = 0; i < b; i++)
                {
                    double x = layer == 0 ? input[i] : state[h - 2 * b + i];
                    double hidden = state[h + i];
                    double forget = Sigmoid(x * mainParams[w + i] + mainParams[w + 4 * b + i]);
                    double ingate = Sigmoid(hidden * mainParams[w + b + i] + mainParams[w + 5 * b + i]);
                    double outgate = Sigmoid(x * mainParams[w + 2 * b + i] + mainParams[w + 6 * b + i]);
                    double change = Math.Tanh(hidden * mainParams[w + 3 * b + i] + mainParams[w + 7 * b + i]);
                    double cell = state[h + b + i] * forget + ingate * change;
                    state[h + b + i] = cell;
                    state[h + i] = outgate * Math.Tanh(cell);
                }
            }
            int top = (layers - 1) * 2 * b;
            for (int i = 0; i < b; i++) prediction[i] = state[top + i] * extraParams[b + i] + extraParams[2 * b + i];

            // ADBench's logsumexp: log(Σ exp(prediction) + 2), as its reference computes it; then the log-likelihood of the next step.
            double sumExp = 0;
            for (int i = 0; i < b; i++) sumExp += Math.Exp(prediction[i]);
            double lse = Math.Log(sumExp + 2);
            for (int i = 0; i < b; i++) total += sequence[(t + 1) * b + i] * (prediction[i] - lse);
        }
        return -total / ((c - 1) * b);
    }

    [Differentiable]
    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}

/// <summary>ADBench's LSTM input (see data/adbench/README.md): <c>l c b</c>, the main parameters, the extra parameters, the state, the sequence.</summary>
public sealed record LstmInput(int Layers, int Steps, int B, double[] MainParams, double[] ExtraParams, double[] State, double[] Sequence)
{
    public static LstmInput Load(string path)
    {
        var numbers = File.ReadAllText(path).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        int l = (int)numbers[0], c = (int)numbers[1], b = (int)numbers[2];
        int at = 3;
        double[] Take(int count)
        {
            var values = numbers.AsSpan(at, count).ToArray();
            at += count;
            return values;
        }
        var main = Take(l * 8 * b);
        var extra = Take(3 * b);
        var state = Take(l * 2 * b);
        var sequence = Take(c * b);
        return new LstmInput(l, c, b, main, extra, state, sequence);
    }
}
