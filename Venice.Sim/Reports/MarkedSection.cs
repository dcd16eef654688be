namespace Venice.Sim.Reports;

/// <summary>
/// A generated block of a docs page, between a begin and an end marker line, replaced in place on each regeneration
/// (venice-sim bug-finding's table in docs/bug-finding.md, and shrink-table's in docs/property-testing.md through ShrinkTable.Splice).
/// </summary>
public static class MarkedSection
{
    /// <summary>
    /// <paramref name="page"/> with the text between <paramref name="begin"/> and <paramref name="end"/> replaced by <paramref name="block"/>;
    /// the marked block appended when the page has no markers, and alone when there is no page.
    /// </summary>
    public static string Splice(string? page, string begin, string end, string block)
    {
        ArgumentException.ThrowIfNullOrEmpty(begin);
        ArgumentException.ThrowIfNullOrEmpty(end);
        ArgumentNullException.ThrowIfNull(block);
        string marked = begin + "\n" + block + end + "\n";
        if (page is null) return marked;
        int first = page.IndexOf(begin, StringComparison.Ordinal);
        int last = page.IndexOf(end, StringComparison.Ordinal);
        if (first < 0 || last < first) return page + (page.EndsWith('\n') || page.Length == 0 ? "" : "\n") + marked;
        int afterEnd = last + end.Length;
        if (afterEnd < page.Length && page[afterEnd] == '\n') afterEnd++;
        return page[..first] + marked + page[afterEnd..];
    }
}
