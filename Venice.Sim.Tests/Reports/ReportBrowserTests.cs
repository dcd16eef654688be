using System.Globalization;
using PuppeteerSharp;
using Venice.Sim.Reports;
using Venice.Sim.Tracing;

namespace Venice.Sim.Tests.Reports;

/// <summary>
/// Opens generated reports in a real headless Chromium (Debian's <c>chromium</c>, driven by
/// PuppeteerSharp with the system browser as executable; override with VENICE_SIM_CHROMIUM) and checks
/// the rendered DOM: a swimlane per replica, the violation marker at the violation's sim time, the
/// trace line behind a clicked mark, and no console error. Without a browser the tests fail, saying
/// how to install one (.ci/run installs it): a report nobody opened is not tested.
/// </summary>
[TestFixture]
[Category("Browser")]
[NonParallelizable]
public sealed class ReportBrowserTests
{
    private const string NegativeScenario = "scenarios/negative/promote-without-wait.yaml";
    private IBrowser? browser;
    private string directory = string.Empty;

    [OneTimeSetUp]
    public async Task StartChromium()
    {
        var executable = Chromium.Find();
        if (executable is null)
        {
            Assert.Fail("no Chromium found (looked at $VENICE_SIM_CHROMIUM, /usr/bin/chromium, /usr/bin/chromium-browser, /usr/bin/google-chrome); " +
                        "install it with: apt-get install -y chromium");
        }

        directory = Path.Combine(TestContext.CurrentContext.WorkDirectory, "report-browser-tests");
        Directory.CreateDirectory(directory);
        try
        {
            browser = await Puppeteer.LaunchAsync(new LaunchOptions
            {
                ExecutablePath = executable,
                Headless = true,
                // Root in a container has no user namespace for the sandbox; the page is our own file.
                Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
                Timeout = 60_000,
            });
        }
        catch (Exception exception)
        {
            Assert.Fail($"Chromium at {executable} did not start: {exception.Message}");
        }
    }

    [OneTimeTearDown]
    public async Task StopChromium()
    {
        if (browser is not null) await browser.CloseAsync();
    }

    [Test]
    public async Task A_negative_scenarios_report_shows_a_swimlane_for_every_replica_and_the_violation_at_its_time()
    {
        var run = ReportedRun.Of(NegativeScenario);
        Assert.That(run.Result.Violations, Is.Not.Empty, "the defect should make promotion-after-quiet-vt and single-leader-writer fire");
        string path = Path.Combine(directory, "promote-without-wait.html");
        HtmlReport.Write(run.Timeline, path, run.Coverage, new ReportVerdict(false, "FAILED: single-leader-writer fired"));

        var (page, errors) = await Open(path);
        var lanes = await page.EvaluateExpressionAsync<string[]>("Array.from(document.querySelectorAll('g.lane')).map(g => g.getAttribute('data-replica'))");
        var replicasInTrace = run.Events.Select(e => global::Venice.Sim.Reports.TraceLines.ReplicaOf(e.Detail)).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToArray();
        Assert.That(replicasInTrace, Has.Length.EqualTo(3), "three servers, one partition, replication factor 3");
        Assert.That(lanes, Is.EquivalentTo(replicasInTrace));

        long violationAt = run.Result.Violations[0].SimTimeMs;
        var marker = await page.EvaluateExpressionAsync<double[]>(
            "(() => { const m = document.querySelector('#timeline .violations .violation-marker'); const svg = document.querySelector('#timeline svg');" +
            " const b = m.getBoundingClientRect(), s = svg.getBoundingClientRect();" +
            " return [Number(m.getAttribute('data-sim-time-ms')), b.left + b.width / 2 - s.left, Number(svg.dataset.plotLeft), Number(svg.dataset.plotWidth)," +
            " Number(svg.dataset.fromMs), Number(svg.dataset.toMs)]; })()");
        Assert.That(marker[0], Is.EqualTo(violationAt), "the first violation marker is the first violation");
        double expectedX = marker[2] + (violationAt - marker[4]) / (marker[5] - marker[4]) * marker[3];
        Assert.That(marker[1], Is.EqualTo(expectedX).Within(1.5), "the marker sits at the violation's sim time on the axis");

        var laneMarker = await page.EvaluateExpressionAsync<string>("document.querySelector('.lane-violation').getAttribute('data-replica')");
        Assert.That(laneMarker, Is.EqualTo("members_v1-0@server-0"), "the zombie leader's lane carries the violation");
        Assert.That(errors, Is.Empty, "console errors");
        await page.CloseAsync();
    }

    [Test]
    public async Task Clicking_a_mark_shows_its_trace_line()
    {
        var run = ReportedRun.Of(NegativeScenario);
        string path = Path.Combine(directory, "click.html");
        HtmlReport.Write(run.Timeline, path, run.Coverage);
        var (page, errors) = await Open(path);

        await page.ClickAsync("#timeline .violations .violation-marker");
        var detail = await page.EvaluateExpressionAsync<string>("document.getElementById('detail').textContent");
        // The first violation the scenario's defect causes (promotion-after-quiet-vt, then single-leader-writer).
        Assert.That(detail, Does.StartWith("{\"step\":").And.Contain("\"kind\":\"violation\"").And.Contain(run.Result.Violations[0].Invariant + ": "));

        await page.HoverAsync("g.lane[data-replica='members_v1-0@server-1'] .helix-LEADER");
        var tooltip = await page.EvaluateExpressionAsync<string>("document.getElementById('tooltip').hidden ? '' : document.getElementById('tooltip').textContent");
        Assert.That(tooltip, Does.Contain("\"kind\":\"helix-state\"").And.Contain("STANDBY->LEADER"));
        Assert.That(errors, Is.Empty, "console errors");
        await page.CloseAsync();
    }

    [Test]
    public async Task The_coverage_table_lists_every_catalog_event_and_marks_the_unreached()
    {
        var run = ReportedRun.Of(NegativeScenario);
        string path = Path.Combine(directory, "coverage.html");
        HtmlReport.Write(run.Timeline, path, run.Coverage);
        var (page, errors) = await Open(path);

        var rows = await page.EvaluateExpressionAsync<int>("document.querySelectorAll('#coverage tbody tr').length");
        var never = await page.EvaluateExpressionAsync<int>("document.querySelectorAll('#coverage tbody tr.never').length");
        Assert.That(rows, Is.EqualTo(CoverageCatalog.Events.Count));
        Assert.That(never, Is.EqualTo(run.Coverage.NeverReached.Count).And.GreaterThan(0));
        Assert.That(errors, Is.Empty, "console errors");
        await page.CloseAsync();
    }

    [Test]
    public async Task A_report_of_a_quarter_million_events_renders_a_bounded_number_of_marks_and_zooms()
    {
        // 250,000 polls by four replicas and a status each: the page must draw per pixel, not per event.
        var header = new TraceHeader(TraceHeader.CurrentFormatVersion, "large", 1, [], []) { ScenarioPath = "scenarios/large.yaml" };
        var events = new List<TraceEvent>();
        for (int i = 0; i < 250_000; i++)
        {
            string replica = $"big_v1-0@server-{(i % 4).ToString(CultureInfo.InvariantCulture)}";
            events.Add(new TraceEvent(i, i * 4L, $"server-{(i % 4).ToString(CultureInfo.InvariantCulture)}", i % 50 == 0 ? "status" : "consume",
                i % 50 == 0 ? $"{replica} PROGRESS vt={i}" : $"{replica} vt=[{i},{i}] applied=1 duplicates=0"));
        }

        events.Add(new TraceEvent(250_000, 1_000_000, "invariants", "violation", "no-data-loss: big_v1-0 lost key 7 on server-2"));
        string path = Path.Combine(directory, "large.html");
        HtmlReport.Write(header, events, path);

        var (page, errors) = await Open(path);
        int elements = await page.EvaluateExpressionAsync<int>("document.querySelectorAll('#timeline svg *').length");
        Assert.That(elements, Is.LessThan(20_000), "marks are thinned to the pixel columns of the window");
        await page.ClickAsync("#zoom-in");
        var window = await page.EvaluateExpressionAsync<double[]>("[Number(document.querySelector('#timeline svg').dataset.fromMs), Number(document.querySelector('#timeline svg').dataset.toMs)]");
        Assert.That(window[1] - window[0], Is.EqualTo(1_000_000 / 2.0).Within(1), "zoom in halves the window");
        Assert.That(errors, Is.Empty, "console errors");
        await page.CloseAsync();
    }

    private async Task<(IPage Page, List<string> Errors)> Open(string path)
    {
        var page = await browser!.NewPageAsync();
        await page.SetViewportAsync(new ViewPortOptions { Width = 1400, Height = 900 });
        var errors = new List<string>();
        page.Console += (_, e) =>
        {
            if (e.Message.Type == ConsoleType.Error) errors.Add(e.Message.Text);
        };
        page.PageError += (_, e) => errors.Add(e.Message);
        page.RequestFailed += (_, e) => errors.Add($"request failed: {e.Request.Url}");
        await page.GoToAsync(new Uri(path).AbsoluteUri, WaitUntilNavigation.Load);
        await page.WaitForSelectorAsync("body[data-rendered='true']", new WaitForSelectorOptions { Timeout = 30_000 });
        return (page, errors);
    }
}

/// <summary>Where the system's Chromium is.</summary>
internal static class Chromium
{
    public const string Variable = "VENICE_SIM_CHROMIUM";

    public static string? Find()
    {
        var candidates = new[] { Environment.GetEnvironmentVariable(Variable), "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" };
        return candidates.FirstOrDefault(candidate => !string.IsNullOrEmpty(candidate) && File.Exists(candidate));
    }
}
