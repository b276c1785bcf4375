using System;
using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace AutoDiffGen.Benchmarks;

/// <summary>Marks a benchmark class whose benchmarks can say how large their tapes grow.</summary>
public interface ITapePeaks
{
    /// <summary>
    /// Runs the derivative that benchmark <paramref name="method"/> measures, once, for the parameters set on
    /// this instance, and returns the largest number of values its tapes held (0 for a benchmark without tapes).
    /// </summary>
    long TapePeak(string method);
}

/// <summary>
/// The "Tape peak" column: for each benchmark, how many values its derivative kept on a tape at most. The
/// column runs the derivative once in the host process (the measurements run in a child process).
/// </summary>
public sealed class TapePeakColumn : IColumn
{
    public string Id => nameof(TapePeakColumn);

    public string ColumnName => "Tape peak";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Largest number of values on the tapes of one call (doubles; 0 = no tape)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        if (Activator.CreateInstance(benchmarkCase.Descriptor.Type) is not ITapePeaks peaks) return "-";
        foreach (var parameter in benchmarkCase.Parameters.Items)
        {
            benchmarkCase.Descriptor.Type.GetProperty(parameter.Name)?.SetValue(peaks, parameter.Value);
        }
        benchmarkCase.Descriptor.GlobalSetupMethod?.Invoke(peaks, null);
        return peaks.TapePeak(benchmarkCase.Descriptor.WorkloadMethod.Name).ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(b => typeof(ITapePeaks).IsAssignableFrom(b.Descriptor.Type));

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}

/// <summary>Adds <see cref="TapePeakColumn"/> to a benchmark class.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class TapePeakColumnAttribute : BenchmarkDotNet.Attributes.ColumnConfigBaseAttribute
{
    public TapePeakColumnAttribute()
        : base(new TapePeakColumn())
    {
    }
}

internal static class TapePeaks
{
    /// <summary>The largest tape (of doubles) that <paramref name="run"/> fills.</summary>
    public static long Of(Action run)
    {
        Tape<double>.ResetLargestPeak();
        run();
        return Tape<double>.LargestPeak;
    }

}
