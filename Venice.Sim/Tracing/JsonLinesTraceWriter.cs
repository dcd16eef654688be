using System.Buffers;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Venice.Sim.Tracing;

/// <summary>
/// Writes a trace as JSON Lines (docs/cli.md#trace-format): one header line, then one line per event, each
/// ending in '\n', properties in a fixed order. It hashes the bytes it emits (SHA-256) except the
/// header's <c>scenarioPath</c> member, which says where the scenario was found relative to the
/// working directory: the hash of a run is the same from any directory and on any machine
/// (docs/cli.md#trace-format). <see cref="Sha256Hex"/> is the same whether the trace goes to a
/// file or is only hashed (no stream given); <see cref="TraceReader"/> computes it the same way.
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
    private readonly AtomicFile? file;
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

    private JsonLinesTraceWriter(AtomicFile file)
        : this(file.Stream, leaveOpen: true)
    {
        this.file = file;
    }

    /// <summary>
    /// Writes a trace file atomically: the bytes go to a temporary file beside <paramref name="path"/>
    /// (created now, so an unwritable path fails before any work), and only <see cref="Commit"/>
    /// puts the complete trace under the real name. Disposing without <see cref="Commit"/> leaves
    /// the previous file, if any, untouched.
    /// </summary>
    /// <exception cref="IOException">The path is empty, not a regular file, or cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The directory is not writable.</exception>
    public static JsonLinesTraceWriter CreateFile(string path) => new(AtomicFile.Create(path));

    /// <summary>
    /// For a writer from <see cref="CreateFile"/>: flushes the trace to disk and renames it into
    /// place, then disposes the writer. For any other writer: flushes the stream.
    /// </summary>
    /// <exception cref="TraceWriteException">The trace could not be written out.</exception>
    public void Commit()
    {
        ThrowIfDisposed();
        try
        {
            output?.Flush();
            file?.Commit();
        }
        catch (IOException exception)
        {
            throw new TraceWriteException(exception);
        }

        Dispose();
    }

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

        // The path is written but not hashed, so the hash does not depend on the working directory.
        SerializeHeader(header, withPath: false);
        EmitLine(hashed: true, written: false);
        SerializeHeader(header, withPath: true);
        EmitLine(hashed: false, written: true);
        headerWritten = true;
    }

    private void SerializeHeader(TraceHeader header, bool withPath)
    {
        json.WriteStartObject();
        json.WriteNumber("format", header.FormatVersion);
        json.WriteString("scenario", header.Scenario);
        if (withPath)
        {
            json.WriteString("scenarioPath", header.ScenarioPath);
        }

        json.WriteNumber("seed", header.Seed);
        if (header.CoyoteSchedule is { } schedule)
        {
            json.WriteString("coyoteSchedule", schedule);
        }

        if (header.ExplicitSchedule is { } moves)
        {
            json.WriteString("explicitSchedule", moves);
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
        EmitLine(hashed: true, written: true);
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
        if (file is not null)
        {
            // Not committed (or already committed): the temporary file goes, the target stays as it is.
            file.Dispose();
            return;
        }

        if (output is not null)
        {
            output.Flush();
            if (!leaveOpen)
            {
                output.Dispose();
            }
        }
    }

    private void EmitLine(bool hashed, bool written)
    {
        json.Flush();
        line.GetSpan(1)[0] = (byte)'\n';
        line.Advance(1);
        var bytes = line.WrittenSpan;
        if (hashed)
        {
            hash.AppendData(bytes);
        }

        if (written)
        {
            try
            {
                output?.Write(bytes);
            }
            catch (IOException exception)
            {
                // A full disk or a vanished directory is the environment's problem, not a bug.
                throw new TraceWriteException(exception);
            }

            ByteCount += bytes.Length;
        }

        line.Clear();
        json.Reset(line);
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(disposed, this);
}
