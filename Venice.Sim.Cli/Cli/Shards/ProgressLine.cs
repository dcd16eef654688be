using System.Globalization;

namespace Venice.Sim.Cli;

/// <summary>
/// The progress of a long command. On a terminal one line rewritten in place (carriage return) with
/// done/total, runs/s, failures and an ETA, erased when the command ends; on a pipe or file (or with
/// NO_COLOR, or --json) a plain line at most every <see cref="PlainEvery"/>, so CI logs show the
/// command is alive without filling up.
/// </summary>
internal sealed class ProgressLine(CliOutput output, string unit, bool quiet)
{
    /// <summary>How often a plain progress line is written.</summary>
    public static readonly TimeSpan PlainEvery = TimeSpan.FromSeconds(10);

    private readonly bool terminal = !output.IsPlain && !quiet;
    private TimeSpan lastPlain = TimeSpan.Zero;
    private int width;

    /// <summary>How often the caller should report: often on a terminal, rarely on a pipe.</summary>
    public TimeSpan Interval => terminal ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromSeconds(1);

    public void Report(SweepProgress progress) => Show(Describe(progress), progress.Elapsed, progress.Done >= progress.Total);

    /// <summary>
    /// Shows <paramref name="text"/>: redrawn in place on a terminal, a plain <c>progress:</c> line on a pipe
    /// when <see cref="PlainEvery"/> has passed since the last one (never for a command that is
    /// <paramref name="finished"/>: its summary follows at once).
    /// </summary>
    public void Show(string text, TimeSpan elapsed, bool finished = false)
    {
        if (terminal)
        {
            output.Out.Write("\r" + text.PadRight(width));
            output.Out.Flush();
            width = Math.Max(width, text.Length);
        }
        else if (!finished && elapsed - lastPlain >= PlainEvery)
        {
            lastPlain = elapsed;
            output.Line($"progress: {text}");
        }
    }

    /// <summary>The time left at <paramref name="rate"/> per second for <paramref name="remaining"/> more, as a short duration; "?" before any rate.</summary>
    public static string Eta(double remaining, double rate) =>
        rate <= 0 ? "?" : FormatDuration(TimeSpan.FromSeconds(Math.Min(remaining / rate, TimeSpan.MaxValue.TotalSeconds / 2)));

    /// <summary>Erases the terminal line before the summary is printed.</summary>
    public void Clear()
    {
        if (terminal && width > 0)
        {
            output.Out.Write("\r" + new string(' ', width) + "\r");
            output.Out.Flush();
        }
    }

    public string Describe(SweepProgress progress)
    {
        double seconds = Math.Max(progress.Elapsed.TotalSeconds, 1e-9);
        double rate = progress.Done / seconds;
        string eta = progress.Done == 0 ? "?" : FormatDuration(TimeSpan.FromSeconds((progress.Total - progress.Done) / rate));
        long percent = progress.Total == 0 ? 100 : progress.Done * 100 / progress.Total;
        return $"{progress.Done.ToString(CultureInfo.InvariantCulture)}/{progress.Total.ToString(CultureInfo.InvariantCulture)} {unit} ({percent.ToString(CultureInfo.InvariantCulture)}%), " +
               $"{progress.Failed.ToString(CultureInfo.InvariantCulture)} failed, {rate.ToString("0.0", CultureInfo.InvariantCulture)} runs/s, ETA {eta}";
    }

    public static string FormatDuration(TimeSpan duration) =>
        duration.TotalHours >= 1
            ? $"{((int)duration.TotalHours).ToString(CultureInfo.InvariantCulture)}h{duration.Minutes.ToString("00", CultureInfo.InvariantCulture)}m"
            : duration.TotalMinutes >= 1
                ? $"{duration.Minutes.ToString(CultureInfo.InvariantCulture)}m{duration.Seconds.ToString("00", CultureInfo.InvariantCulture)}s"
                : $"{Math.Ceiling(duration.TotalSeconds).ToString(CultureInfo.InvariantCulture)}s";
}
