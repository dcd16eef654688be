using System.Buffers;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Venice.Sim.Tracing;

/// <summary>
/// Writes a trace as JSON Lines (docs/cli.md#trace-format): one header line, then one line per event, each
/// ending in '\n', properties in a fixed order. It hashes exactly the bytes it emits (SHA-256), so
/// <see cref="Sha256Hex"/> is the hash of the trace file when there is one, and the same value
/// when the trace is only hashed (no stream given).
/// </summary>
public sealed class JsonLinesTraceWriter : ITraceSink, IDisposable
{
    // Relaxed escaping keeps details readable (quotes, '<', non-ASCII); it is still deterministic.
    private static readonly JsonWriterOptions JsonOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    private readonly Stream? output;
    private readonly bool leaveOpen;
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly ArrayBufferWriter<byte> line = new(initialCapacity: 256);
    private readonly Utf8JsonWriter json;
    private bool headerWritten;
    private bool disposed;

    /// <param name="output">Where the trace bytes go; null to only hash them.</param>
    /// <param name="leaveOpen">Whether <see cref="Dispose"/> leaves <paramref name="output"/> open.</param>
    public JsonLinesTraceWriter(Stream? output = null, bool leaveOpen = false)
    {
        this.output = output;
        this.leaveOpen = leaveOpen;
        json = new Utf8JsonWriter(line, JsonOptions);
    }

    /// <summary>Creates (or truncates) a trace file.</summary>
    public static JsonLinesTraceWriter CreateFile(string path) =>
        new(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 64 * 1024));

    /// <summary>Lowercase hex SHA-256 of every byte written so far.</summary>
    public string Sha256Hex => Convert.ToHexStringLower(hash.GetCurrentHash());

    public long EventCount { get; private set; }

    public long ByteCount { get; private set; }

    public void WriteHeader(TraceHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        ThrowIfDisposed();
        if (headerWritten)
        {
            throw new InvalidOperationException("a trace has exactly one header");
        }

        json.WriteStartObject();
        json.WriteNumber("format", header.FormatVersion);
        json.WriteString("scenario", header.Scenario);
        json.WriteString("scenarioPath", header.ScenarioPath);
        json.WriteNumber("seed", header.Seed);
        if (header.CoyoteSchedule is { } schedule)
        {
            json.WriteString("coyoteSchedule", schedule);
        }

        json.WriteStartArray("defects");
        foreach (var defect in header.Defects)
        {
            json.WriteStringValue(defect);
        }

        json.WriteEndArray();
        json.WriteStartObject("options");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, value) in header.Options)
        {
            // A JSON object with a repeated name would not read back unambiguously.
            if (!seen.Add(name))
            {
                throw new ArgumentException($"trace option '{name}' appears twice", nameof(header));
            }

            json.WriteString(name, value);
        }

        json.WriteEndObject();
        json.WriteEndObject();
        EmitLine();
        headerWritten = true;
    }

    public void Write(TraceEvent traceEvent)
    {
        ArgumentNullException.ThrowIfNull(traceEvent);
        ThrowIfDisposed();
        if (!headerWritten)
        {
            throw new InvalidOperationException("the trace header must be written before any event");
        }

        json.WriteStartObject();
        json.WriteNumber("step", traceEvent.Step);
        json.WriteNumber("simTimeMs", traceEvent.SimTimeMs);
        json.WriteString("actor", traceEvent.Actor);
        json.WriteString("kind", traceEvent.Kind);
        json.WriteString("detail", traceEvent.Detail);
        json.WriteEndObject();
        EmitLine();
        EventCount++;
    }

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        json.Dispose();
        hash.Dispose();
        if (output is not null)
        {
            output.Flush();
            if (!leaveOpen)
            {
                output.Dispose();
            }
        }
    }

    private void EmitLine()
    {
        json.Flush();
        line.GetSpan(1)[0] = (byte)'\n';
        line.Advance(1);
        var bytes = line.WrittenSpan;
        hash.AppendData(bytes);
        output?.Write(bytes);
        ByteCount += bytes.Length;
        line.Clear();
        json.Reset(line);
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(disposed, this);
}
