using System;
using System.Collections.Generic;
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
/// The "Tape peak (B)" column: for each benchmark, how many bytes its tapes and undo logs held at most. The
/// column runs the derivative once in the host process (the measurements run in a child process).
/// </summary>
public sealed class TapePeakColumn : ComputedColumn<ITapePeaks>
{
    public override string ColumnName => "Tape peak (B)";

    public override string Legend => "Bytes the tapes and undo logs of one call held at most (doubles 8 B, ints 4 B, logged writes 16 B; 0 = none)";

    public override string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        if (Activator.CreateInstance(benchmarkCase.Descriptor.Type) is not ITapePeaks peaks) return "-";
        foreach (var parameter in benchmarkCase.Parameters.Items)
        {
            benchmarkCase.Descriptor.Type.GetProperty(parameter.Name)?.SetValue(peaks, parameter.Value);
        }
        benchmarkCase.Descriptor.GlobalSetupMethod?.Invoke(peaks, null);
        return peaks.TapePeak(benchmarkCase.Descriptor.WorkloadMethod.Name).ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
    }
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
    /// <summary>
    /// The memory, in bytes, that the tapes and undo logs of <paramref name="run"/> fill at most: the largest tape of
    /// doubles (8 bytes a value), of ints (4) and undo log of doubles (16 an entry: index and old value).
    /// </summary>
    public static long Of(Action run)
    {
        Tape<double>.ResetLargestPeak();
        Tape<int>.ResetLargestPeak();
        UndoLog<double>.ResetLargestPeak();
        run();
        return 8 * Tape<double>.LargestPeak + 4 * Tape<int>.LargestPeak + 16 * UndoLog<double>.LargestPeak;
    }

}
