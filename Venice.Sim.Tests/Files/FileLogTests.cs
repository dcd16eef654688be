using System.Buffers;
using System.Text;
using Venice.Core;
using Venice.Core.Log;
using Venice.Core.Messages;
using Venice.Sim.Files;
using Venice.Sim.InMemory;
using Venice.Sim.Tests.Messages;

namespace Venice.Sim.Tests.Files;

[TestFixture]
public sealed class FileLog_keeping_records_in_segment_files
{
    private static readonly TopicPartition Vt0 = new("orders_v1", 0);

    private string directory = "";

    [SetUp]
    public void NewDirectory() => directory = TemporaryLogDirectory.New();

    [TearDown]
    public void RemoveDirectory()
    {
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }

    [Test]
    public void Records_written_past_the_buffer_and_the_segment_size_read_back_in_order_and_out_of_order()
    {
        using var log = TinyLog();
        string[] records = Enumerable.Range(0, 200).Select(i => $"record-{i}-" + new string('x', i % 37)).ToArray();
        foreach (string record in records) log.Produce(Vt0, Bytes(record));

        Assert.That(log.SegmentPaths(Vt0), Has.Count.GreaterThan(10), "the 64-byte segments rolled");
        Assert.That(Enumerable.Range(0, 200).Select(i => Read(log, i)), Is.EqualTo(records), "in order");
        Assert.That(new[] { 150, 3, 199, 0, 77, 76, 78 }.Select(i => Read(log, i)), Is.EqualTo(new[] { 150, 3, 199, 0, 77, 76, 78 }.Select(i => records[i])), "jumping about");
    }

    [Test]
    public void A_record_bigger_than_the_write_buffer_goes_straight_to_the_file_and_reads_back_whole()
    {
        using var log = TinyLog();
        string big = new('b', 1000);

        log.Produce(Vt0, Bytes("small"));
        log.Produce(Vt0, Bytes(big));
        log.Produce(Vt0, Bytes("after"));

        Assert.That(new[] { Read(log, 0), Read(log, 1), Read(log, 2) }, Is.EqualTo(new[] { "small", big, "after" }));
    }

    [Test]
    public void The_records_bytes_are_in_the_files_not_only_in_memory()
    {
        using var log = TinyLog();
        log.Produce(Vt0, Bytes("first-record"));
        log.Produce(Vt0, Bytes("second-record"));
        log.Produce(Vt0, Bytes("third-record"));

        string onDisk = string.Concat(log.SegmentPaths(Vt0).Select(path => Encoding.UTF8.GetString(File.ReadAllBytes(path))));

        Assert.That(onDisk, Does.StartWith("first-recordsecond-record"), "all but the buffered tail is flushed, back to back");
    }

    [Test]
    public void A_corruption_fault_flips_the_bit_in_the_file_and_every_later_read_sees_it()
    {
        using var log = TinyLog();
        for (int i = 0; i < 20; i++) log.Produce(Vt0, [0, 0, 0, 0]);
        Assert.That(Read(log, 5), Is.EqualTo("\0\0\0\0"), "read once, so a cursor holds the bytes read ahead");

        Assert.That(log.CorruptRecord(Vt0, 5, 9), Is.True);

        Assert.That(log.TryRead(Vt0, 5, out LogEntry entry), Is.True);
        Assert.That(entry.Payload.ToArray(), Is.EqualTo(new byte[] { 0, 0b10, 0, 0 }));
        Assert.That(log.IsCorrupted(Vt0, 5), Is.True);
        Assert.That(log.TryRead(Vt0, 6, out LogEntry next), Is.True);
        Assert.That(next.Payload.ToArray(), Is.EqualTo(new byte[4]), "the neighbours are untouched");
    }

    [Test]
    public void A_corruption_of_a_record_still_in_the_write_buffer_flips_it_there()
    {
        using var log = new FileLog(directory);
        log.CreateTopic(Vt0.Topic, 1);
        log.Produce(Vt0, [0xF0]);

        log.CorruptRecord(Vt0, 0, 0);

        log.TryRead(Vt0, 0, out LogEntry entry);
        Assert.That(entry.Payload.ToArray(), Is.EqualTo(new byte[] { 0xF1 }));
    }

    [Test]
    public void A_lost_record_is_skipped_and_keeps_its_neighbours_lengths()
    {
        using var log = TinyLog();
        foreach (string record in new[] { "aa", "bbb", "cccc", "ddddd" }) log.Produce(Vt0, Bytes(record));

        log.LoseRecord(Vt0, 1);

        Assert.That(log.TryRead(Vt0, 1, out LogEntry entry), Is.True);
        Assert.That((entry.Offset, Text(entry)), Is.EqualTo((2L, "cccc")));
        Assert.That(Read(log, 0), Is.EqualTo("aa"));
        Assert.That(log.PartitionStats(Vt0), Is.EqualTo(new LogPartitionStats(4, 3, 1, 0)));
    }

    [Test]
    public void A_record_damaged_in_the_file_behind_the_logs_back_reads_as_undecodable_bytes_not_an_exception()
    {
        using var log = TinyLog();
        byte[] record = PutRecord();
        for (int i = 0; i < 10; i++) log.Produce(Vt0, record);
        Assert.That(RecordCodec.TryDecode(log.Read(Vt0, 4), out _), Is.EqualTo(DecodeStatus.Ok), "intact first");
        string segment = SegmentHolding(log, offset: 4, recordBytes: record.Length, out long positionInFile);

        using (var file = new FileStream(segment, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            file.Position = positionInFile; // the magic byte
            file.WriteByte(0xEE);
        }

        Assert.That(RecordCodec.TryDecode(log.Read(Vt0, 4), out _), Is.Not.EqualTo(DecodeStatus.Ok));
    }

    [Test]
    public void A_truncated_segment_gives_back_a_short_record_which_does_not_decode()
    {
        using var log = new FileLog(directory, keep: false, segmentBytes: 1 << 20, writeBufferBytes: 16);
        log.CreateTopic(Vt0.Topic, 1);
        byte[] record = PutRecord();
        for (int i = 0; i < 3; i++) log.Produce(Vt0, record);
        log.Produce(Vt0, new byte[64]); // flushes the three records to the file
        string segment = log.SegmentPaths(Vt0)[0];

        using (var file = new FileStream(segment, FileMode.Open, FileAccess.Write, FileShare.ReadWrite)) file.SetLength(record.Length + 5);

        Assert.That(log.TryRead(Vt0, 1, out LogEntry entry), Is.True);
        Assert.That(entry.Payload.Length, Is.EqualTo(5));
        Assert.That(RecordCodec.TryDecode(entry.Payload, out _), Is.EqualTo(DecodeStatus.Truncated));
        Assert.That(log.TryRead(Vt0, 2, out LogEntry gone), Is.True);
        Assert.That(gone.Payload.Length, Is.Zero, "past the end of the file: nothing, still no exception");
    }

    [Test]
    public void Disposing_deletes_the_directory_it_made_unless_kept()
    {
        string kept = directory + "-kept";
        using (var log = new FileLog(directory))
        {
            log.CreateTopic(Vt0.Topic, 1);
            log.Produce(Vt0, Bytes("a"));
        }
        using (var log = new FileLog(kept, keep: true))
        {
            log.CreateTopic(Vt0.Topic, 1);
            log.Produce(Vt0, Bytes("a"));
        }

        Assert.That(Directory.Exists(directory), Is.False);
        Assert.That(Directory.EnumerateFiles(kept, "*.log", SearchOption.AllDirectories).Count(), Is.EqualTo(1));
        Directory.Delete(kept, recursive: true);
    }

    [Test]
    public void A_directory_with_files_in_it_is_refused()
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "mine.txt"), "not the log's");

        Assert.Throws<ArgumentException>(() => new FileLog(directory));
        Assert.That(File.Exists(Path.Combine(directory, "mine.txt")), Is.True);
    }

    private FileLog TinyLog()
    {
        var log = new FileLog(directory, keep: false, segmentBytes: 64, writeBufferBytes: 8);
        log.CreateTopic(Vt0.Topic, 1);
        return log;
    }

    /// <summary>A real Venice record (a PUT), so damage shows as a decoding failure as a replica would meet it.</summary>
    private static byte[] PutRecord() => SampleRecords.Put();

    /// <summary>The segment holding a run of equal-sized records' <paramref name="offset"/>, and where in it that record starts.</summary>
    private static string SegmentHolding(FileLog log, long offset, int recordBytes, out long positionInFile)
    {
        long first = 0;
        foreach (string path in log.SegmentPaths(Vt0))
        {
            long records = new FileInfo(path).Length / recordBytes;
            if (offset < first + records)
            {
                positionInFile = (offset - first) * recordBytes;
                return path;
            }
            first += records;
        }
        throw new InvalidOperationException("the record is not in a file yet");
    }

    private static string Read(FileLog log, long offset)
    {
        Assert.That(log.TryRead(Vt0, offset, out LogEntry entry), Is.True);
        Assert.That(entry.Offset, Is.EqualTo(offset));
        return Text(entry);
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string Text(LogEntry entry) => Encoding.UTF8.GetString(entry.Payload.ToArray());
}

internal static class FileLogReading
{
    public static ReadOnlySequence<byte> Read(this FileLog log, TopicPartition partition, long offset)
    {
        Assert.That(log.TryRead(partition, offset, out LogEntry entry), Is.True);
        return entry.Payload;
    }
}
