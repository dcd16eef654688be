using System.Security.Cryptography;
using System.Text;
using Venice.Sim.Tracing;

namespace Venice.Sim.Tests.Tracing;

public sealed class The_trace_writer
{
    [Test]
    public void Writes_a_header_line_then_one_line_per_event_with_fixed_property_order()
    {
        var (bytes, _) = TraceSamples.Write(TraceSamples.Header(), TraceSamples.Events().Take(2));

        Assert.That(Encoding.UTF8.GetString(bytes), Is.EqualTo(
            "{\"format\":1,\"scenario\":\"leader-crash-mid-push\",\"scenarioPath\":\"scenarios/fast/leader-crash-mid-push.yaml\",\"seed\":7,\"defects\":[\"promote-without-wait\"],\"options\":{\"checksum\":\"adhash\",\"alpha\":\"1\"}}\n" +
            "{\"step\":1,\"simTimeMs\":0,\"actor\":\"controller\",\"kind\":\"push-started\",\"detail\":\"version 1\"}\n" +
            "{\"step\":2,\"simTimeMs\":5,\"actor\":\"server-0\",\"kind\":\"became-leader\",\"detail\":\"partition 0 \\\"quoted\\\" <tag> é\"}\n"));
    }

    [Test]
    public void Hashes_exactly_the_bytes_it_writes_but_the_scenario_path()
    {
        var (bytes, sha256Hex) = TraceSamples.Write(TraceSamples.Header(), TraceSamples.Events());
        var withoutPath = Encoding.UTF8.GetString(bytes).Replace(",\"scenarioPath\":\"scenarios/fast/leader-crash-mid-push.yaml\"", "", StringComparison.Ordinal);

        Assert.That(withoutPath, Has.Length.LessThan(bytes.Length), "the path was in the written header");
        Assert.That(sha256Hex, Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(withoutPath)))));
    }

    [Test]
    public void Gives_the_same_hash_whatever_directory_the_scenario_was_found_from()
    {
        var fromRoot = TraceSamples.Write(TraceSamples.Header() with { ScenarioPath = "scenarios/fast/x.yaml" }, TraceSamples.Events());
        var fromScenarios = TraceSamples.Write(TraceSamples.Header() with { ScenarioPath = "fast/x.yaml" }, TraceSamples.Events());

        Assert.That(fromScenarios.Bytes, Is.Not.EqualTo(fromRoot.Bytes));
        Assert.That(fromScenarios.Sha256Hex, Is.EqualTo(fromRoot.Sha256Hex));
    }

    [Test]
    public void Gives_the_same_hash_without_a_stream()
    {
        var (_, withStream) = TraceSamples.Write(TraceSamples.Header(), TraceSamples.Events());
        using var hashOnly = new JsonLinesTraceWriter();
        hashOnly.WriteHeader(TraceSamples.Header());
        foreach (var traceEvent in TraceSamples.Events())
        {
            hashOnly.Write(traceEvent);
        }

        Assert.That(hashOnly.Sha256Hex, Is.EqualTo(withStream));
    }

    [Test]
    public void Gives_the_same_hash_for_the_same_events()
    {
        var first = TraceSamples.Write(TraceSamples.Header(), TraceSamples.Events());
        var second = TraceSamples.Write(TraceSamples.Header(), TraceSamples.Events());

        Assert.That(second.Bytes, Is.EqualTo(first.Bytes));
        Assert.That(second.Sha256Hex, Is.EqualTo(first.Sha256Hex));
    }

    [Test]
    public void Gives_a_different_hash_when_one_event_differs()
    {
        var events = TraceSamples.Events();
        var changed = events.ToArray();
        changed[2] = changed[2] with { SimTimeMs = 4001 };

        Assert.That(TraceSamples.Write(TraceSamples.Header(), changed).Sha256Hex, Is.Not.EqualTo(TraceSamples.Write(TraceSamples.Header(), events).Sha256Hex));
    }

    [Test]
    public void Gives_a_different_hash_when_the_seed_differs()
    {
        Assert.That(
            TraceSamples.Write(TraceSamples.Header(seed: 8), TraceSamples.Events()).Sha256Hex,
            Is.Not.EqualTo(TraceSamples.Write(TraceSamples.Header(seed: 7), TraceSamples.Events()).Sha256Hex));
    }

    [Test]
    public void Refuses_an_event_before_the_header()
    {
        using var writer = new JsonLinesTraceWriter();

        Assert.Throws<InvalidOperationException>(() => writer.Write(TraceSamples.Events()[0]));
    }

    [Test]
    public void Refuses_a_second_header()
    {
        using var writer = new JsonLinesTraceWriter();
        writer.WriteHeader(TraceSamples.Header());

        Assert.Throws<InvalidOperationException>(() => writer.WriteHeader(TraceSamples.Header()));
    }

    [Test]
    public void Writes_a_file_that_reads_back_with_the_hash_the_writer_gave()
    {
        var path = FreshPath("writer-file.jsonl");
        string sha256Hex;
        using (var writer = JsonLinesTraceWriter.CreateFile(path))
        {
            writer.WriteHeader(TraceSamples.Header());
            writer.Write(TraceSamples.Events()[0]);
            sha256Hex = writer.Sha256Hex;
            writer.Commit();
        }

        Assert.That(TraceReader.Read(path).Trace!.Sha256Hex, Is.EqualTo(sha256Hex));
    }

    [Test]
    public void Leaves_the_previous_file_in_place_until_the_trace_is_committed()
    {
        var path = FreshPath("previous.jsonl");
        File.WriteAllText(path, "the previous trace\n");
        using var writer = JsonLinesTraceWriter.CreateFile(path);
        writer.WriteHeader(TraceSamples.Header());
        writer.Write(TraceSamples.Events()[0]);

        Assert.That(File.ReadAllText(path), Is.EqualTo("the previous trace\n"));
        writer.Commit();
        Assert.That(File.ReadAllText(path), Does.StartWith("{\"format\":1,"));
    }

    [Test]
    public void Leaves_the_previous_file_and_no_temporary_file_when_disposed_without_a_commit()
    {
        var path = FreshPath("abandoned.jsonl");
        File.WriteAllText(path, "the previous trace\n");
        using (var writer = JsonLinesTraceWriter.CreateFile(path))
        {
            writer.WriteHeader(TraceSamples.Header());
        }

        Assert.That(File.ReadAllText(path), Is.EqualTo("the previous trace\n"));
        Assert.That(Directory.GetFiles(Path.GetDirectoryName(path)!), Is.EqualTo(new[] { path }));
    }

    [TestCase("/dev/full")]
    [TestCase("/dev/null")]
    [TestCase("")]
    public void Refuses_a_path_that_is_not_a_regular_file_before_writing_anything(string path)
    {
        if (path.StartsWith("/dev/", StringComparison.Ordinal) && !File.Exists(path))
        {
            Assert.Ignore($"{path} does not exist on this machine");
        }

        Assert.Throws<IOException>(() => JsonLinesTraceWriter.CreateFile(path));
        Assert.That(path.Length == 0 || File.Exists(path), Is.True, "the device is still there");
    }

    [Test]
    public void Refuses_a_directory()
    {
        var directory = Path.GetDirectoryName(FreshPath("unused"))!;

        Assert.Throws<IOException>(() => JsonLinesTraceWriter.CreateFile(directory));
    }

    private static string FreshPath(string name)
    {
        var directory = Path.Combine(TestContext.CurrentContext.WorkDirectory, "writer-files", TestContext.CurrentContext.Test.ID);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        Directory.CreateDirectory(directory);
        return Path.Combine(directory, name);
    }
}
