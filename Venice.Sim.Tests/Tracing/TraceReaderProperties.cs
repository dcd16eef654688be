using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Venice.Sim.Tests.Messages;
using Venice.Sim.Tracing;

namespace Venice.Sim.Tests.Tracing;

/// <summary>Whatever the bytes, the trace reader answers with a trace or an error, never an exception.</summary>
[TestFixture]
public sealed class TraceReaderProperties
{
    private static readonly byte[] ValidTrace = TraceSamples.Write(TraceSamples.Header(), TraceSamples.Events()).Bytes;

    /// <summary>Lines of a real trace, JSON fragments and junk, so inputs reach the header and event readers.</summary>
    private static readonly Gen<byte[]> LineSoup =
        from lines in Gen.ArrayOf(Gen.OneOf(
            Gen.Elements(Encoding.UTF8.GetString(ValidTrace).Split('\n', StringSplitOptions.RemoveEmptyEntries)),
            Gen.Elements("{}", "[]", "null", "{\"format\":1}", "{\"step\":1e400}", "{\"a\":", "\"\\ud800\"", "{\"format\":\"1\"}", "\r"),
            CodecGenerators.Text))
        select Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n");

    [Test]
    public void Any_byte_string_reads_as_a_trace_or_an_error_and_never_throws()
    {
        Prop.ForAll(Arb.From(Gen.OneOf(CodecGenerators.Bytes, LineSoup)), bytes => ReadsAsTraceOrError(bytes))
            .Verify(maxTest: 1000);
    }

    [Test]
    public void Any_corruption_of_a_trace_reads_as_a_trace_or_an_error_and_never_throws()
    {
        Gen<byte[]> corrupted =
            from position in Gen.Choose(0, ValidTrace.Length - 1)
            from replacement in Gen.OneOf(CodecGenerators.Byte, Gen.Elements("{}[],:\"\\\n0-e".Select(c => (byte)c).ToArray()))
            select Replace(ValidTrace, position, replacement);

        Prop.ForAll(Arb.From(corrupted), bytes => ReadsAsTraceOrError(bytes)).Verify(maxTest: 1000);
    }

    [Test]
    public void A_trace_cut_anywhere_but_at_a_line_end_is_refused()
    {
        Prop.ForAll(Arb.From(Gen.Choose(0, ValidTrace.Length - 1)), length =>
        {
            TraceReadResult result = TraceReader.Parse(ValidTrace[..length], "t.jsonl");
            bool atLineEnd = length > 0 && ValidTrace[length - 1] == (byte)'\n';
            return atLineEnd || result.Error is not null;
        }).Verify(maxTest: 500);
    }

    private static bool ReadsAsTraceOrError(byte[] bytes)
    {
        TraceReadResult result = TraceReader.Parse(bytes, "t.jsonl");
        return result.Succeeded ? result.Error is null : result.Error is { Line: >= 0 };
    }

    private static byte[] Replace(byte[] bytes, int position, byte replacement)
    {
        byte[] copy = (byte[])bytes.Clone();
        copy[position] = replacement;
        return copy;
    }
}
