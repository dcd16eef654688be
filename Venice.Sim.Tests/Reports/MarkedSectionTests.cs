using Venice.Sim.Reports;

namespace Venice.Sim.Tests.Reports;

/// <summary>A generated block of a docs page, replaced between its markers and nowhere else.</summary>
public sealed class A_marked_section
{
    private const string Begin = "<!-- t:begin -->";
    private const string End = "<!-- t:end -->";

    [Test]
    public void Replaces_only_the_text_between_its_markers()
    {
        string page = "# Title\n\n" + Begin + "\nold\n" + End + "\n\nafter\n";

        Assert.That(MarkedSection.Splice(page, Begin, End, "new\n"), Is.EqualTo("# Title\n\n" + Begin + "\nnew\n" + End + "\n\nafter\n"));
    }

    [Test]
    public void Is_appended_to_a_page_without_markers_and_stands_alone_without_a_page()
    {
        Assert.Multiple(() =>
        {
            Assert.That(MarkedSection.Splice("text", Begin, End, "new\n"), Is.EqualTo("text\n" + Begin + "\nnew\n" + End + "\n"));
            Assert.That(MarkedSection.Splice(null, Begin, End, "new\n"), Is.EqualTo(Begin + "\nnew\n" + End + "\n"));
        });
    }
}
