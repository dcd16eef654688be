using System.Text;
using Venice.Sim.Tracing;

namespace Venice.Sim.Tests.Tracing;

public sealed class The_trace_reader
{
    [Test]
    public void Reads_back_what_the_writer_wrote()
    {
        var header = TraceSamples.Header();
        var events = TraceSamples.Events();
        var (bytes, sha256Hex) = TraceSamples.Write(header, events);

        var result = TraceReader.Parse(bytes, "t.jsonl");

        Assert.That(result.Error, Is.Null, () => result.Error!.ToString());
        var trace = result.Trace!;
        Assert.Multiple(() =>
        {
            Assert.That(trace.Header.FormatVersion, Is.EqualTo(1));
            Assert.That(trace.Header.Scenario, Is.EqualTo(header.Scenario));
            Assert.That(trace.Header.ScenarioPath, Is.EqualTo(header.ScenarioPath));
            Assert.That(trace.Header.Seed, Is.EqualTo(header.Seed));
            Assert.That(trace.Header.Defects, Is.EqualTo(header.Defects));
            Assert.That(trace.Header.Options, Is.EqualTo(header.Options));
            Assert.That(trace.Events, Is.EqualTo(events));
            Assert.That(trace.Sha256Hex, Is.EqualTo(sha256Hex));
            Assert.That(trace.Lines, Has.Count.EqualTo(4));
        });
    }

    [Test]
    public void Reads_a_trace_file_from_disk()
    {
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "reader-file.jsonl");
        File.WriteAllBytes(path, TraceSamples.Write(TraceSamples.Header(), TraceSamples.Events()).Bytes);

        Assert.That(TraceReader.Read(path).Trace?.Events, Has.Count.EqualTo(3));
    }

    [TestCase("{\"step\":1}\n", 1, "unknown header property 'step'")]
    [TestCase("not json\n", 1, "not a JSON object")]
    [TestCase("[1,2]\n", 1, "expected a JSON object (header)")]
    public void Names_the_line_of_a_malformed_header(string text, int line, string message)
    {
        Assert.That(ErrorOf(Encoding.UTF8.GetBytes(text)), Does.StartWith($"t.jsonl:{line}: {message}"));
    }

    [Test]
    public void Names_the_line_of_a_malformed_event()
    {
        var lines = Lines();
        lines[2] = lines[2].Replace("\"step\":2", "\"step\":\"two\"", StringComparison.Ordinal);

        Assert.That(ErrorOf(Join(lines)), Is.EqualTo("t.jsonl:3: property 'step' must be an integer"));
    }

    [Test]
    public void Names_an_event_property_that_is_missing()
    {
        var lines = Lines();
        lines[3] = "{\"step\":3,\"simTimeMs\":1,\"actor\":\"a\",\"kind\":\"k\"}";

        Assert.That(ErrorOf(Join(lines)), Is.EqualTo("t.jsonl:4: event is missing property 'detail'"));
    }

    [Test]
    public void Rejects_an_unknown_format_version()
    {
        var lines = Lines();
        lines[0] = lines[0].Replace("\"format\":1", "\"format\":2", StringComparison.Ordinal);

        Assert.That(ErrorOf(Join(lines)), Does.StartWith("t.jsonl:1: unsupported trace format 2"));
    }

    [Test]
    public void Rejects_a_truncated_last_line()
    {
        var bytes = TraceSamples.Write(TraceSamples.Header(), TraceSamples.Events()).Bytes;

        Assert.That(ErrorOf(bytes[..^1]), Does.StartWith("t.jsonl:4: the last line does not end with a newline"));
    }

    [Test]
    public void Rejects_windows_line_ends()
    {
        var text = Encoding.UTF8.GetString(TraceSamples.Write(TraceSamples.Header(), TraceSamples.Events()).Bytes).Replace("\n", "\r\n", StringComparison.Ordinal);

        Assert.That(ErrorOf(Encoding.UTF8.GetBytes(text)), Does.StartWith("t.jsonl:1: the line ends with \\r\\n"));
    }

    [Test]
    public void Rejects_invalid_utf8_naming_the_line()
    {
        var lines = Join(Lines());
        var bytes = lines.ToList();
        var detail = Encoding.UTF8.GetBytes("version 1");
        var at = IndexOf(lines, detail);
        bytes[at] = 0xC3; // the first byte of a two-byte sequence, followed by an ASCII byte
        bytes[at + 1] = (byte)'(';

        Assert.That(ErrorOf(bytes.ToArray()), Is.EqualTo("t.jsonl:2: the line is not valid UTF-8; traces are UTF-8 text"));
    }

    [Test]
    public void Hashes_a_trace_as_the_writer_did_whatever_its_scenario_path()
    {
        var header = TraceSamples.Header() with { ScenarioPath = "elsewhere/x.yaml" };
        var (bytes, sha256Hex) = TraceSamples.Write(header, TraceSamples.Events());

        Assert.That(TraceReader.Parse(bytes, "t.jsonl").Trace!.Sha256Hex, Is.EqualTo(sha256Hex));
        Assert.That(sha256Hex, Is.EqualTo(TraceSamples.Write(TraceSamples.Header(), TraceSamples.Events()).Sha256Hex));
    }

    [Test]
    public void Rejects_an_empty_file()
    {
        Assert.That(ErrorOf([]), Is.EqualTo("t.jsonl: the trace is empty; expected a header line"));
    }

    [Test]
    public void Reports_a_missing_file_as_an_error()
    {
        Assert.That(TraceReader.Read("no/such/trace.jsonl").Error?.ToString(), Is.EqualTo("no/such/trace.jsonl: file not found"));
    }

    private static string[] Lines() =>
        Encoding.UTF8.GetString(TraceSamples.Write(TraceSamples.Header(), TraceSamples.Events()).Bytes).TrimEnd('\n').Split('\n');

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);

    private static byte[] Join(string[] lines) => Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n");

    private static string? ErrorOf(byte[] bytes)
    {
        var result = TraceReader.Parse(bytes, "t.jsonl");
        Assert.That(result.Succeeded, Is.False, "the trace should have been rejected");
        return result.Error?.ToString();
    }
}
