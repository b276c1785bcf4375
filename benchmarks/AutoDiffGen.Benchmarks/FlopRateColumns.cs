using System;
using System.Globalization;
using System.Linq;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace AutoDiffGen.Benchmarks;

/// <summary>Marks a benchmark class whose benchmarks count their floating-point operations.</summary>
public interface IFlopCounts
{
    /// <summary>The floating-point operations (a multiply-add is two) one call of benchmark <paramref name="method"/> performs.</summary>
    double Flops(string method);

    /// <summary>
    /// The benchmark of the same class that measures the peak rate of one core for <paramref name="method"/>, and how
    /// many cores <paramref name="method"/> uses; null when it is not compared with a peak.
    /// </summary>
    (string Peak, int Cores)? PeakOf(string method);
}

/// <summary>
/// The "GFLOP/s" column: <see cref="IFlopCounts.Flops"/> over the fastest iteration's time. Other processes only
/// ever slow an iteration down, so on a shared machine the fastest is the steadiest estimate of the kernel's rate
/// (the mean and median follow the load).
/// </summary>
public sealed class GflopsColumn : ComputedColumn<IFlopCounts>
{
    public override string ColumnName => "GFLOP/s";

    public override string Legend => "Floating-point operations per nanosecond in the fastest iteration (a multiply-add counts 2)";

    public override string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        Rate(summary, benchmarkCase)?.ToString("F1", CultureInfo.InvariantCulture) ?? "-";

    /// <summary>GFLOP/s of <paramref name="benchmarkCase"/>, or null if it has no flop count or no result.</summary>
    internal static double? Rate(Summary summary, BenchmarkCase benchmarkCase)
    {
        double? nanoseconds = summary[benchmarkCase]?.ResultStatistics?.Min;
        return nanoseconds is > 0 && Counts(benchmarkCase) is { } counts
            ? counts.Flops(benchmarkCase.Descriptor.WorkloadMethod.Name) / nanoseconds
            : null;
    }

    internal static IFlopCounts? Counts(BenchmarkCase benchmarkCase) => Activator.CreateInstance(benchmarkCase.Descriptor.Type) as IFlopCounts;
}

/// <summary>The "% of peak" column: GFLOP/s over the peak rate of the cores a benchmark uses (<see cref="IFlopCounts.PeakOf"/>).</summary>
public sealed class PeakFractionColumn : ComputedColumn<IFlopCounts>
{
    public override string ColumnName => "% of peak";

    public override string Legend => "GFLOP/s over the FMA peak the same run measured for one core, times the cores used";

    public override string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        if (GflopsColumn.Counts(benchmarkCase)?.PeakOf(benchmarkCase.Descriptor.WorkloadMethod.Name) is not { } peak)
        {
            return "-";
        }

        BenchmarkCase? peakCase = summary.BenchmarksCases.FirstOrDefault(b =>
            b.Descriptor.Type == benchmarkCase.Descriptor.Type && b.Descriptor.WorkloadMethod.Name == peak.Peak);
        double? rate = GflopsColumn.Rate(summary, benchmarkCase);
        double? peakRate = peakCase is null ? null : GflopsColumn.Rate(summary, peakCase);
        return rate is { } r && peakRate is { } p ? (r / (p * peak.Cores)).ToString("P0", CultureInfo.InvariantCulture) : "-";
    }
}

/// <summary>Adds <see cref="GflopsColumn"/> and <see cref="PeakFractionColumn"/> to a benchmark class.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class FlopRateColumnsAttribute : BenchmarkDotNet.Attributes.ColumnConfigBaseAttribute
{
    public FlopRateColumnsAttribute()
        : base(new GflopsColumn(), new PeakFractionColumn())
    {
    }
}
