using System;
using System.Globalization;
using System.IO;
using System.Linq;

namespace AutoDiffGen.Benchmarks;

/// <summary>
/// ADBench's Gaussian mixture model objective (the negative log-likelihood of n points under k Gaussians in d
/// dimensions, with a Wishart prior on the inverse covariances), written the way ADBench's C++ reference writes
/// it: a loop over the points, a loop over the components, and scratch vectors for the centred point and its
/// product with the Cholesky factor. Compiled into the benchmarks and the integration tests.
/// </summary>
public static partial class Gmm
{
    /// <summary>
    /// The objective less its constant <see cref="LogGammaTerm"/>: alphas (k), means (k·d), icf (k·d(d+1)/2: per
    /// component, the log of the factor's diagonal, then its strictly lower triangle column by column), points x
    /// (n·d), and the Wishart prior's gamma and m.
    /// </summary>
    [Differentiable]
    public static double Objective(ReadOnlySpan<double> alphas, ReadOnlySpan<double> means, ReadOnlySpan<double> icf,
        [NoDerivative] ReadOnlySpan<double> x, int d, [NoDerivative] double gamma, int m)
    {
        int k = alphas.Length;
        int n = x.Length / d;
        int icfSize = d * (d + 1) / 2;
        Span<double> sumQs = stackalloc double[k];
        Span<double> qDiags = stackalloc double[k * d];
        Span<double> xCentered = stackalloc double[d];
        Span<double> qxCentered = stackalloc double[d];
        Span<double> mainTerm = stackalloc double[k];

        // The diagonal of each factor is exp(icf); its log-determinant is the sum of icf.
        for (int ik = 0; ik < k; ik++)
        {
            double sum = 0;
            for (int id = 0; id < d; id++)
            {
                double q = icf[ik * icfSize + id];
                sum += q;
                qDiags[ik * d + id] = Math.Exp(q);
            }
            sumQs[ik] = sum;
        }

        double slse = 0;
        for (int ix = 0; ix < n; ix++)
        {
            for (int ik = 0; ik < k; ik++)
            {
                for (int id = 0; id < d; id++) xCentered[id] = x[ix * d + id] - means[ik * d + id];
                // Q·(x - mu), Q lower triangular.
                for (int id = 0; id < d; id++) qxCentered[id] = qDiags[ik * d + id] * xCentered[id];
                int l = ik * icfSize + d;
                for (int i = 0; i < d; i++)
                {
                    for (int j = i + 1; j < d; j++)
                    {
                        qxCentered[j] += icf[l] * xCentered[i];
                        l++;
                    }
                }
                double squaredNorm = 0;
                for (int id = 0; id < d; id++) squaredNorm += qxCentered[id] * qxCentered[id];
                mainTerm[ik] = alphas[ik] + sumQs[ik] - 0.5 * squaredNorm;
            }
            // log Σ exp(mainTerm), shifted by its largest term.
            double largest = mainTerm[0];
            for (int ik = 1; ik < k; ik++) largest = Math.Max(largest, mainTerm[ik]);
            double sumExp = 0;
            for (int ik = 0; ik < k; ik++) sumExp += Math.Exp(mainTerm[ik] - largest);
            slse += Math.Log(sumExp) + largest;
        }

        double largestAlpha = alphas[0];
        for (int ik = 1; ik < k; ik++) largestAlpha = Math.Max(largestAlpha, alphas[ik]);
        double sumExpAlphas = 0;
        for (int ik = 0; ik < k; ik++) sumExpAlphas += Math.Exp(alphas[ik] - largestAlpha);
        double lseAlphas = Math.Log(sumExpAlphas) + largestAlpha;

        // The Wishart prior: ½γ²‖Q‖²_F - m·log det Q per component.
        double prior = 0;
        for (int ik = 0; ik < k; ik++)
        {
            double frobenius = 0;
            for (int id = 0; id < d; id++) frobenius += qDiags[ik * d + id] * qDiags[ik * d + id];
            for (int id = d; id < icfSize; id++) frobenius += icf[ik * icfSize + id] * icf[ik * icfSize + id];
            prior += 0.5 * gamma * gamma * frobenius - m * sumQs[ik];
        }

        return -n * d * 0.5 * Math.Log(2 * Math.PI) + slse - n * lseAlphas + prior;
    }

    /// <summary>The part of the objective that depends on no parameter: -k·C of ADBench's log_wishart_prior.</summary>
    public static double LogGammaTerm(int d, int k, double gamma, int m)
    {
        int nw = d + m + 1;
        double multivariateLogGamma = 0.25 * d * (d - 1) * Math.Log(Math.PI);
        for (int j = 1; j <= d; j++) multivariateLogGamma += LogGamma(0.5 * nw + 0.5 * (1 - j));
        double c = nw * d * (Math.Log(gamma) - 0.5 * Math.Log(2)) - multivariateLogGamma;
        return -k * c;
    }

    /// <summary>log Γ(z) for z &gt; 0 (Lanczos, g = 7, 9 terms: about 15 significant digits).</summary>
    public static double LogGamma(double z)
    {
        if (z < 0.5) return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * z))) - LogGamma(1 - z);
        ReadOnlySpan<double> c =
        [
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
            12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
        ];
        z -= 1;
        double sum = c[0];
        for (int i = 1; i < c.Length; i++) sum += c[i] / (z + i);
        double t = z + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (z + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }

    /// <summary>
    /// The gradient as a person writes it: per point, the components' terms forward, keeping each centred vector
    /// and its product with Q (k·d scratch each), then the softmax weights of log Σ exp, then each component's
    /// adjoint in one pass. Writes dAlphas, dMeans, dIcf (overwritten) and returns the objective.
    /// </summary>
    public static double GradientByHand(ReadOnlySpan<double> alphas, ReadOnlySpan<double> means, ReadOnlySpan<double> icf,
        ReadOnlySpan<double> x, int d, double gamma, int m, Span<double> dAlphas, Span<double> dMeans, Span<double> dIcf)
    {
        int k = alphas.Length;
        int n = x.Length / d;
        int icfSize = d * (d + 1) / 2;
        dAlphas.Clear();
        dMeans.Clear();
        dIcf.Clear();
        Span<double> sumQs = stackalloc double[k];
        Span<double> qDiags = stackalloc double[k * d];
        Span<double> xCentered = stackalloc double[k * d];
        Span<double> qxCentered = stackalloc double[k * d];
        Span<double> mainTerm = stackalloc double[k];
        Span<double> dSumQs = stackalloc double[k];
        Span<double> dQDiags = stackalloc double[k * d];
        Span<double> dQx = stackalloc double[d];
        for (int ik = 0; ik < k; ik++)
        {
            double sum = 0;
            for (int id = 0; id < d; id++)
            {
                sum += icf[ik * icfSize + id];
                qDiags[ik * d + id] = Math.Exp(icf[ik * icfSize + id]);
            }
            sumQs[ik] = sum;
        }
        dSumQs.Clear();
        dQDiags.Clear();

        double slse = 0;
        for (int ix = 0; ix < n; ix++)
        {
            var point = x.Slice(ix * d, d);
            double largest = double.NegativeInfinity;
            for (int ik = 0; ik < k; ik++)
            {
                var xc = xCentered.Slice(ik * d, d);
                var qx = qxCentered.Slice(ik * d, d);
                var ltri = icf.Slice(ik * icfSize + d);
                for (int id = 0; id < d; id++)
                {
                    xc[id] = point[id] - means[ik * d + id];
                    qx[id] = qDiags[ik * d + id] * xc[id];
                }
                int l = 0;
                for (int i = 0; i < d; i++)
                {
                    for (int j = i + 1; j < d; j++) qx[j] += ltri[l++] * xc[i];
                }
                double squaredNorm = 0;
                for (int id = 0; id < d; id++) squaredNorm += qx[id] * qx[id];
                mainTerm[ik] = alphas[ik] + sumQs[ik] - 0.5 * squaredNorm;
                largest = Math.Max(largest, mainTerm[ik]);
            }
            double sumExp = 0;
            for (int ik = 0; ik < k; ik++)
            {
                mainTerm[ik] = Math.Exp(mainTerm[ik] - largest);
                sumExp += mainTerm[ik];
            }
            slse += Math.Log(sumExp) + largest;

            // ∂/∂mainTerm[ik] = softmax weight w; mainTerm = alpha + sumQ - ½‖Qx‖².
            for (int ik = 0; ik < k; ik++)
            {
                double w = mainTerm[ik] / sumExp;
                dAlphas[ik] += w;
                dSumQs[ik] += w;
                var xc = xCentered.Slice(ik * d, d);
                var qx = qxCentered.Slice(ik * d, d);
                var ltri = icf.Slice(ik * icfSize + d);
                var dLtri = dIcf.Slice(ik * icfSize + d);
                for (int id = 0; id < d; id++) dQx[id] = -w * qx[id];
                for (int id = 0; id < d; id++)
                {
                    dQDiags[ik * d + id] += dQx[id] * xc[id];
                    xc[id] = dQx[id] * qDiags[ik * d + id]; // from here on, xc holds d(x - mu)
                }
                int l = 0;
                for (int i = 0; i < d; i++)
                {
                    double xi = point[i] - means[ik * d + i];
                    double dxi = 0;
                    for (int j = i + 1; j < d; j++)
                    {
                        dLtri[l] += dQx[j] * xi;
                        dxi += ltri[l] * dQx[j];
                        l++;
                    }
                    xc[i] += dxi;
                }
                for (int id = 0; id < d; id++) dMeans[ik * d + id] -= xc[id];
            }
        }

        double largestAlpha = double.NegativeInfinity;
        for (int ik = 0; ik < k; ik++) largestAlpha = Math.Max(largestAlpha, alphas[ik]);
        double sumExpAlphas = 0;
        for (int ik = 0; ik < k; ik++) sumExpAlphas += Math.Exp(alphas[ik] - largestAlpha);
        double lseAlphas = Math.Log(sumExpAlphas) + largestAlpha;
        for (int ik = 0; ik < k; ik++) dAlphas[ik] -= n * Math.Exp(alphas[ik] - lseAlphas);

        double prior = 0;
        for (int ik = 0; ik < k; ik++)
        {
            double frobenius = 0;
            for (int id = 0; id < d; id++)
            {
                double q = qDiags[ik * d + id];
                frobenius += q * q;
                dQDiags[ik * d + id] += gamma * gamma * q;
            }
            for (int id = d; id < icfSize; id++)
            {
                double v = icf[ik * icfSize + id];
                frobenius += v * v;
                dIcf[ik * icfSize + id] += gamma * gamma * v;
            }
            prior += 0.5 * gamma * gamma * frobenius - m * sumQs[ik];
            dSumQs[ik] -= m;
            // qDiag = exp(icf), sumQ = Σ icf.
            for (int id = 0; id < d; id++) dIcf[ik * icfSize + id] += dQDiags[ik * d + id] * qDiags[ik * d + id] + dSumQs[ik];
        }
        return -n * d * 0.5 * Math.Log(2 * Math.PI) + slse - n * lseAlphas + prior;
    }
}

/// <summary>An ADBench GMM input: the parameters, the points and the prior.</summary>
public sealed record GmmInput(int D, int K, double[] Alphas, double[] Means, double[] Icf, double[] X, double Gamma, int M)
{
    public int N => X.Length / D;

    /// <summary>Reads ADBench's text format (see data/adbench/README.md).</summary>
    public static GmmInput Load(string path)
    {
        var numbers = File.ReadAllText(path).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        int at = 0;
        double Next() => double.Parse(numbers[at++], CultureInfo.InvariantCulture);
        int d = (int)Next(), k = (int)Next(), n = (int)Next();
        double[] Take(int count) => Enumerable.Range(0, count).Select(_ => Next()).ToArray();
        var alphas = Take(k);
        var means = Take(k * d);
        var icf = Take(k * d * (d + 1) / 2);
        var x = Take(n * d);
        double gamma = Next();
        int m = (int)Next();
        return new GmmInput(d, k, alphas, means, icf, x, gamma, m);
    }

    /// <summary>A file of the repository's ADBench data (in <paramref name="folder"/>: gmm, ba), found from the running assembly upwards.</summary>
    public static string DataPath(string file, string folder = "gmm")
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "data", "adbench", folder, file);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"data/adbench/{folder}/{file} not found above {AppContext.BaseDirectory}.");
    }
}
