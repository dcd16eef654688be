using System.Globalization;
using System.Text.RegularExpressions;

namespace Venice.Sim.Reports;

/// <summary>
/// Reads the parts of trace lines the report and the coverage counter need. Every replica line's
/// detail starts with the replica (<c>store_vN-P@server-K</c>, docs/cli.md#trace-format), server
/// faults name <c>server-K</c>, offsets are written <c>vt=N</c>, <c>vt=[a,b]</c> and <c>rt=[a,b]</c>.
/// </summary>
internal static partial class TraceLines
{
    [GeneratedRegex(@"^([^\s:]+@server-\d+)")]
    private static partial Regex ReplicaPrefix();

    [GeneratedRegex(@"server-\d+")]
    private static partial Regex ServerName();

    [GeneratedRegex(@"\b(vt|rt)=\[(-?\d+),(-?\d+)\]")]
    private static partial Regex OffsetRange();

    [GeneratedRegex(@"\bvt=(-?\d+)")]
    private static partial Regex SingleVtOffset();

    [GeneratedRegex(@"\bfor (\d+) ms\b")]
    private static partial Regex ForDuration();

    [GeneratedRegex(@"\b([A-Z]+)->([A-Z]+)\b")]
    private static partial Regex StateChange();

    /// <summary>The replica a line is about, or null.</summary>
    public static string? ReplicaOf(string detail) => ReplicaPrefix().Match(detail) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>The server of a replica id (<c>server-K</c>).</summary>
    public static string ServerOfReplica(string replica) => replica[(replica.LastIndexOf('@') + 1)..];

    /// <summary>The first <c>server-K</c> a line names, or null.</summary>
    public static string? FirstServer(string detail) => ServerName().Match(detail) is { Success: true } m ? m.Value : null;

    /// <summary>A <c>vt=[a,b]</c> or <c>rt=[a,b]</c> range: which log and its last offset.</summary>
    public static (string Log, long Last)? Range(string detail)
    {
        var m = OffsetRange().Match(detail);
        return m.Success ? (m.Groups[1].Value, long.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture)) : null;
    }

    /// <summary>A single <c>vt=N</c>.</summary>
    public static long? VtOffset(string detail) =>
        SingleVtOffset().Match(detail) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;

    /// <summary>A fault's <c>for N ms</c>.</summary>
    public static long? DurationMs(string detail) =>
        ForDuration().Match(detail) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;

    /// <summary>A Helix <c>FROM->TO</c> change.</summary>
    public static (string From, string To)? HelixChange(string detail) =>
        StateChange().Match(detail) is { Success: true } m ? (m.Groups[1].Value, m.Groups[2].Value) : null;

    /// <summary>The word after the replica (a status line's status, a DIV line's result after the offset).</summary>
    public static string[] Words(string detail) => detail.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
