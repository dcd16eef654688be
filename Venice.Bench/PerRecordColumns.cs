using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Venice.Bench;

/// <summary>
/// Per-record figures beside BenchmarkDotNet's per-operation ones: one operation ingests a whole
/// push, whose record count depends on the value size, so OperationsPerInvoke (a constant) cannot
/// divide it. The benchmark class says how many records and bytes an operation carries.
/// </summary>
public interface IRecordsPerOperation
{
    /// <summary>Records one benchmark operation ingests, for these parameters.</summary>
    static abstract int RecordsFor(int valueBytes);

    /// <summary>Payload bytes (key and value) of one record, for these parameters: every hot loop's records have <see cref="Venice.Sim.Benchmarking.HotLoopFixture.KeyBytes"/>-byte keys.</summary>
    static virtual int RecordBytesFor(int valueBytes) => Venice.Sim.Benchmarking.HotLoopFixture.KeyBytes + valueBytes;
}

/// <summary>
/// ns/record, records/s, MB/s (of key+value bytes, 10^6) and allocated B/record, from the run's Mean and
/// allocation. The unit is a record of a hot loop (<see cref="All{T}"/>) or anything else an operation
/// carries a known number of (<see cref="Per"/>: the whole world's replica-records).
/// </summary>
public sealed class PerRecordColumn : IColumn
{
    private readonly Func<BenchmarkCase, double> units;
    private readonly Func<BenchmarkCase, double>? unitBytes;
    private readonly string unit;
    private readonly Kind kind;

    private PerRecordColumn(Kind kind, string unit, Func<BenchmarkCase, double> units, Func<BenchmarkCase, double>? unitBytes)
    {
        this.kind = kind;
        this.unit = unit;
        this.units = units;
        this.unitBytes = unitBytes;
    }

    public enum Kind
    {
        NsPerRecord,
        RecordsPerSecond,
        MegabytesPerSecond,
        AllocatedPerRecord,
    }

    /// <summary>Every per-record column of a hot-loop benchmark whose <c>ValueBytes</c> parameter sets its records.</summary>
    public static IColumn[] All<T>() where T : IRecordsPerOperation =>
        [.. Enum.GetValues<Kind>().Select(kind => (IColumn)new PerRecordColumn(kind, "record",
            c => T.RecordsFor(ValueBytes(c)), c => T.RecordBytesFor(ValueBytes(c))))];

    /// <summary>ns and allocated bytes per <paramref name="unit"/>, an operation carrying <paramref name="units"/> of them.</summary>
    public static IColumn[] Per(string unit, Func<BenchmarkCase, double> units) =>
        [new PerRecordColumn(Kind.NsPerRecord, unit, units, null), new PerRecordColumn(Kind.AllocatedPerRecord, unit, units, null)];

    private static int ValueBytes(BenchmarkCase benchmarkCase) => (int)benchmarkCase.Parameters["ValueBytes"];

    public string Id => nameof(PerRecordColumn) + kind + unit;

    public string ColumnName => kind switch
    {
        Kind.NsPerRecord => $"ns/{unit}",
        Kind.RecordsPerSecond => $"{unit}s/s",
        Kind.MegabytesPerSecond => "MB/s",
        _ => $"B/{unit}",
    };

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => (int)kind;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => kind switch
    {
        Kind.NsPerRecord => $"Mean divided by the {unit}s of one operation",
        Kind.RecordsPerSecond => $"{unit}s per second (1e9 / ns per {unit})",
        Kind.MegabytesPerSecond => "Key+value payload ingested per second, in 10^6 bytes",
        _ => $"Bytes allocated per operation divided by its {unit}s",
    };

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var report = summary[benchmarkCase];
        if (report?.ResultStatistics is not { } statistics) return "NA";
        double count = units(benchmarkCase);
        double perUnitNs = statistics.Mean / count;
        return kind switch
        {
            Kind.NsPerRecord => perUnitNs.ToString("F1"),
            Kind.RecordsPerSecond => (1e9 / perUnitNs).ToString("N0"),
            Kind.MegabytesPerSecond => unitBytes is { } bytesOf ? (bytesOf(benchmarkCase) * 1e3 / perUnitNs).ToString("F1") : "NA",
            _ => (report.GcStats.GetBytesAllocatedPerOperation(benchmarkCase) is { } bytes ? bytes / count : double.NaN).ToString("F2"),
        };
    }
}
