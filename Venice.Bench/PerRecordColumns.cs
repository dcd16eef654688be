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

/// <summary>ns/record, records/s, MB/s (of key+value bytes, 10^6) and allocated B/record, from the run's Mean and allocation.</summary>
public sealed class PerRecordColumn : IColumn
{
    private readonly Func<int, int> records;
    private readonly Func<int, int> recordBytes;
    private readonly Kind kind;

    private PerRecordColumn(Kind kind, Func<int, int> records, Func<int, int> recordBytes)
    {
        this.kind = kind;
        this.records = records;
        this.recordBytes = recordBytes;
    }

    public enum Kind
    {
        NsPerRecord,
        RecordsPerSecond,
        MegabytesPerSecond,
        AllocatedPerRecord,
    }

    public static IColumn[] All<T>() where T : IRecordsPerOperation =>
        [.. Enum.GetValues<Kind>().Select(kind => (IColumn)new PerRecordColumn(kind, T.RecordsFor, T.RecordBytesFor))];

    public string Id => nameof(PerRecordColumn) + kind;

    public string ColumnName => kind switch
    {
        Kind.NsPerRecord => "ns/record",
        Kind.RecordsPerSecond => "records/s",
        Kind.MegabytesPerSecond => "MB/s",
        _ => "B/record",
    };

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => (int)kind;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => kind switch
    {
        Kind.NsPerRecord => "Mean divided by the records of one operation",
        Kind.RecordsPerSecond => "Records ingested per second (1e9 / ns per record)",
        Kind.MegabytesPerSecond => "Key+value payload ingested per second, in 10^6 bytes",
        _ => "Bytes allocated per operation divided by its records",
    };

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var report = summary[benchmarkCase];
        if (report?.ResultStatistics is not { } statistics) return "NA";
        int valueBytes = (int)benchmarkCase.Parameters["ValueBytes"];
        double perRecordNs = statistics.Mean / records(valueBytes);
        return kind switch
        {
            Kind.NsPerRecord => perRecordNs.ToString("F1"),
            Kind.RecordsPerSecond => (1e9 / perRecordNs).ToString("N0"),
            Kind.MegabytesPerSecond => (recordBytes(valueBytes) * 1e3 / perRecordNs).ToString("F1"),
            _ => (report.GcStats.GetBytesAllocatedPerOperation(benchmarkCase) is { } bytes ? bytes / (double)records(valueBytes) : double.NaN).ToString("F2"),
        };
    }
}
