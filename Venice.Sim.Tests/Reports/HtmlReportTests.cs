using Venice.Sim.Reports;
using Venice.Sim.Tracing;

namespace Venice.Sim.Tests.Reports;

[TestFixture]
public sealed class HtmlReportTests
{
    private string directory = string.Empty;

    [SetUp]
    public void MakeDirectory()
    {
        directory = Path.Combine(TestContext.CurrentContext.WorkDirectory, "html-report-tests", TestContext.CurrentContext.Test.ID);
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        Directory.CreateDirectory(directory);
    }

    [Test]
    public void The_same_trace_gives_the_same_bytes()
    {
        var run = ReportedRun.Of("scenarios/negative/promote-without-wait.yaml");
        string first = Path.Combine(directory, "a.html"), second = Path.Combine(directory, "b.html");
        HtmlReport.Write(run.Header, run.Events, first);
        HtmlReport.Write(ReportTimeline.Of(run.Header, run.Events), second, CoverageRecorder.Of(run.Events));
        Assert.That(File.ReadAllBytes(second), Is.EqualTo(File.ReadAllBytes(first)));
    }

    [Test]
    public void A_report_needs_no_network_and_no_other_file()
    {
        var run = ReportedRun.Of("scenarios/negative/promote-without-wait.yaml");
        string path = Path.Combine(directory, "r.html");
        HtmlReport.Write(run.Header, run.Events, path);
        // The SVG namespace is a name, not an address: nothing fetches it.
        string html = File.ReadAllText(path).Replace("'http://www.w3.org/2000/svg'", "", StringComparison.Ordinal);
        Assert.That(html, Does.Not.Contain(" src=").And.Not.Contain("<link").And.Not.Contain("http://").And.Not.Contain("https://").And.Not.Contain("@import"));
        Assert.That(html, Does.Contain("<script>").And.Contain("<style>"));
    }

    [Test]
    public void Trace_text_cannot_end_the_data_block_or_inject_markup()
    {
        var header = new TraceHeader(TraceHeader.CurrentFormatVersion, "<b>x</b>", 1, [], []) { ScenarioPath = "s.yaml" };
        string path = Path.Combine(directory, "r.html");
        HtmlReport.Write(header, [new TraceEvent(1, 1, "invariants", "violation", "x: </script><script>alert(1)</script>")], path);
        string html = File.ReadAllText(path);
        Assert.That(html, Does.Not.Contain("</script><script>alert"));
        Assert.That(html, Does.Not.Contain("<b>x</b>"));
    }

    [Test]
    public void An_unwritable_target_fails_before_writing_and_leaves_nothing_behind()
    {
        var timeline = ReportTimeline.Of(new TraceHeader(1, "t", 1, [], []), []);
        string missing = Path.Combine(directory, "no-such-directory", "r.html");
        Assert.Throws<IOException>(() => HtmlReport.Write(timeline, missing));
        Assert.Throws<IOException>(() => HtmlReport.Write(timeline, directory));
        Assert.That(Directory.EnumerateFileSystemEntries(directory), Is.Empty);
    }
}
