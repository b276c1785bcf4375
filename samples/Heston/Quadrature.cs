using System;

namespace AutoDiffGen.Samples.Heston;

/// <summary>An integration rule on an interval: <c>∫ f ≈ Σ Weights[j]·f(Nodes[j])</c>.</summary>
public sealed record Quadrature(double[] Nodes, double[] Weights)
{
    /// <summary>
    /// The <paramref name="count"/>-point Gauss–Legendre rule on [0, <paramref name="upper"/>]: its nodes are the roots of
    /// the Legendre polynomial <c>P_n</c>, found by Newton's method from Chebyshev-like guesses, with <c>P_n</c> and
    /// <c>P_n'</c> from the three-term recurrence; the weights are <c>2 / ((1 − x²)·P_n'(x)²)</c>. Exact for polynomials of
    /// degree 2n − 1; no node lies on an end.
    /// </summary>
    public static Quadrature GaussLegendre(int count, double upper)
    {
        var nodes = new double[count];
        var weights = new double[count];
        for (int i = 0; i < (count + 1) / 2; i++)
        {
            double x = Math.Cos(Math.PI * (i + 0.75) / (count + 0.5)), derivative;
            while (true)
            {
                // P_0 = 1, P_1 = x, j·P_j = (2j − 1)·x·P_(j−1) − (j − 1)·P_(j−2); P_n' = n·(x·P_n − P_(n−1)) / (x² − 1).
                double previous = 1, current = x;
                for (int j = 2; j <= count; j++) (previous, current) = (current, ((2 * j - 1) * x * current - (j - 1) * previous) / j);
                derivative = count * (x * current - previous) / (x * x - 1);
                double step = current / derivative;
                x -= step;
                if (Math.Abs(step) < 1e-15) break;
            }

            // Mirror images about the middle of [0, upper]: x and −x.
            double weight = upper / ((1 - x * x) * derivative * derivative);
            (nodes[i], weights[i]) = (0.5 * upper * (1 - x), weight);
            (nodes[count - 1 - i], weights[count - 1 - i]) = (0.5 * upper * (1 + x), weight);
        }

        return new Quadrature(nodes, weights);
    }
}
