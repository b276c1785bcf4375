using System.Linq;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace AutoDiffGen.Benchmarks;

/// <summary>
/// A custom numeric column of the benchmark classes that implement <typeparamref name="TSource"/>: what the
/// columns here share, so that each says only its name, legend and how it computes a value.
/// </summary>
/// <typeparam name="TSource">The interface through which a benchmark class supplies the column's data.</typeparam>
public abstract class ComputedColumn<TSource> : IColumn
{
    public abstract string ColumnName { get; }

    public abstract string Legend { get; }

    public string Id => GetType().Name;

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public abstract string GetValue(Summary summary, BenchmarkCase benchmarkCase);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(b => typeof(TSource).IsAssignableFrom(b.Descriptor.Type));

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
