using System;
using AutoDiffGen.Benchmarks;
using Xunit;

namespace AutoDiffGen.IntegrationTests;

/// <summary>
/// ADBench's LSTM (the benchmark's own <see cref="Lstm"/>) on ADBench's l = 2, c = 1024 file: the objective ADBench
/// expects, the generated gradient against central differences and the other sweep, and no allocation once warm.
/// </summary>
public class LstmTests
{
    private static readonly LstmInput Input = LstmInput.Load(GmmInput.DataPath("lstm_l2_c1024.txt", "lstm"));

    private static double Objective(double[] main, double[] extra) => Lstm.Objective(main, extra, Input.State, Input.Sequence, Input.Layers, Input.B);

    [Fact]
    public void The_objective_is_ADBenchs()
        => Assert.Equal(0.66666518, Objective(Input.MainParams, Input.ExtraParams), 8);

    [Fact]
    public void The_gradient_matches_central_differences_and_the_pushforward()
    {
        var dMain = new double[Input.MainParams.Length];
        var dExtra = new double[Input.ExtraParams.Length];
        double value = Lstm.ObjectiveGradient(Input.MainParams, Input.ExtraParams, Input.State, Input.Sequence, Input.Layers, Input.B, dMain, dExtra);
        Assert.Equal(Objective(Input.MainParams, Input.ExtraParams), value, 12);

        // Every extra parameter and every seventh main parameter, one at a time.
        const double h = 1e-6;
        for (int k = 0; k < dMain.Length + dExtra.Length; k++)
        {
            bool extra = k >= dMain.Length;
            if (!extra && k % 7 != 0) continue;
            var (main, other) = ((double[])Input.MainParams.Clone(), (double[])Input.ExtraParams.Clone());
            var (plus, minus) = ((double[])main.Clone(), (double[])main.Clone());
            var (plusExtra, minusExtra) = ((double[])other.Clone(), (double[])other.Clone());
            if (extra)
            {
                plusExtra[k - dMain.Length] += h;
                minusExtra[k - dMain.Length] -= h;
            }
            else
            {
                plus[k] += h;
                minus[k] -= h;
            }
            double difference = (Objective(plus, plusExtra) - Objective(minus, minusExtra)) / (2 * h);
            double generated = extra ? dExtra[k - dMain.Length] : dMain[k];
            Assert.True(Math.Abs(difference - generated) <= 1e-7 + 1e-5 * Math.Abs(generated), $"parameter {k}: differences {difference:R}, gradient {generated:R}");
        }

        // ⟨∇f, v⟩ from the gradient against the pushforward along v.
        var random = new Random(4);
        var tMain = Array.ConvertAll(dMain, _ => random.NextDouble() - 0.5);
        var tExtra = Array.ConvertAll(dExtra, _ => random.NextDouble() - 0.5);
        Lstm.ObjectivePushforward(Input.MainParams, Input.ExtraParams, Input.State, Input.Sequence, Input.Layers, Input.B, tMain, tExtra, out double tangent);
        double directional = 0;
        for (int i = 0; i < dMain.Length; i++) directional += dMain[i] * tMain[i];
        for (int i = 0; i < dExtra.Length; i++) directional += dExtra[i] * tExtra[i];
        Assert.Equal(tangent, directional, 1e-10 * Math.Max(1, Math.Abs(tangent)));
    }

    [Fact]
    public void A_warm_gradient_allocates_nothing()
    {
        var dMain = new double[Input.MainParams.Length];
        var dExtra = new double[Input.ExtraParams.Length];
        void Call() => Lstm.ObjectiveGradient(Input.MainParams, Input.ExtraParams, Input.State, Input.Sequence, Input.Layers, Input.B, dMain, dExtra);
        // Past the JIT's tier-up, then the fewest bytes of three batches (the runtime's own work can allocate during one).
        for (int i = 0; i < 40; i++) Call();
        long fewest = long.MaxValue;
        for (int batch = 0; batch < 3; batch++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 5; i++) Call();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        Assert.Equal(0, fewest);
    }
}
