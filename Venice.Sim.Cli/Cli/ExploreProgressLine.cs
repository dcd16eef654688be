using System.Diagnostics;
using System.Globalization;

namespace Venice.Sim.Cli;

/// <summary>
/// The progress of `explore` (through <see cref="ProgressLine"/>: redrawn in place on a terminal, a plain
/// line every few seconds on a pipe): iterations done of the budget, iterations per second, bugs so far
/// and an ETA, the sooner of the iterations left at the current rate and the <c>--time-limit</c>.
/// </summary>
internal sealed class ExploreProgressLine(CliOutput output, bool quiet, Stopwatch clock, uint iterations, TimeSpan? timeLimit)
{
    private readonly ProgressLine line = new(output, "iterations", quiet);
    private TimeSpan lastShown = -ProgressLine.PlainEvery;

    /// <summary>Coyote started iteration <paramref name="iteration"/> (1-based); the ones before it are done, bug-free.</summary>
    public void Started(int iteration)
    {
        var now = clock.Elapsed;
        if (now - lastShown < line.Interval) return;
        lastShown = now;
        line.Show(Describe(iteration - 1, now), now);
    }

    /// <summary>Erases the terminal line before the summary is printed.</summary>
    public void Clear() => line.Clear();

    /// <summary>The line for <paramref name="done"/> iterations after <paramref name="elapsed"/>.</summary>
    public string Describe(int done, TimeSpan elapsed)
    {
        double rate = done / Math.Max(elapsed.TotalSeconds, 1e-9);
        string eta = ProgressLine.Eta(iterations - (double)done, rate);
        if (timeLimit is { } limit && (done == 0 || (iterations - done) / rate > (limit - elapsed).TotalSeconds))
        {
            eta = ProgressLine.FormatDuration(limit - elapsed > TimeSpan.Zero ? limit - elapsed : TimeSpan.Zero) + " (time limit)";
        }
        // Coyote stops at the first bug, so while the line is drawn no bug has been found yet.
        return string.Create(CultureInfo.InvariantCulture,
            $"exploring: {done}/{iterations} iterations ({(long)done * 100 / Math.Max(1u, iterations)}%), 0 bugs, {rate:0.0} it/s, ETA {eta}");
    }
}
