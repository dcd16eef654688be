using System.Diagnostics;
using System.Globalization;

namespace Venice.Sim.Cli;

/// <summary>
/// The live line `explore` keeps on a terminal: iterations so far, iterations per second, bugs so far and
/// the wall time, redrawn in place (carriage return) at most every <see cref="RedrawEvery"/>. Only for an
/// interactive stdout: a redirected one gets the summary alone, so tests and pipes see no timing.
/// </summary>
internal sealed class ExploreProgressLine(TextWriter output, Stopwatch clock)
{
    public static readonly TimeSpan RedrawEvery = TimeSpan.FromMilliseconds(250);

    private TimeSpan lastDrawn = -RedrawEvery;
    private int width;

    /// <summary>Coyote started iteration <paramref name="iteration"/> (1-based); the ones before it are done, bug-free.</summary>
    public void Started(int iteration)
    {
        var now = clock.Elapsed;
        if (now - lastDrawn < RedrawEvery) return;
        lastDrawn = now;
        int done = iteration - 1;
        double perSecond = done / Math.Max(now.TotalSeconds, 1e-9);
        // Coyote stops at the first bug, so while the line is drawn no bug has been found yet.
        string line = string.Create(CultureInfo.InvariantCulture,
            $"exploring: {done} iterations, {perSecond:0.0} it/s, 0 bugs, {now.TotalSeconds:0.0} s");
        Draw(line);
    }

    /// <summary>Erases the line before the summary is printed.</summary>
    public void Clear()
    {
        if (width == 0) return;
        output.Write('\r' + new string(' ', width) + '\r');
        output.Flush();
        width = 0;
    }

    private void Draw(string line)
    {
        output.Write('\r' + line.PadRight(width));
        output.Flush();
        width = Math.Max(width, line.Length);
    }
}
