using System.Globalization;
using Spectre.Console;
using Venice.Sim.Tracing;

namespace Venice.Sim.Cli;

/// <summary>
/// On a terminal, a progress bar over a run's sim time (the fault phase plus the settle bound is
/// the most a run can take; most runs settle sooner, and the bar then jumps to the end), with the
/// elapsed time and an estimate of the time left. It watches the trace, so it never touches the
/// simulation; on a pipe, with NO_COLOR or with --json nothing is drawn.
/// </summary>
internal sealed class RunProgress : ITraceSink
{
    private readonly ProgressTask task;
    private long lastShownSecond = -1;

    private RunProgress(ProgressTask task) => this.task = task;

    public static T Show<T>(CliOutput output, bool enabled, long horizonMs, Func<ITraceSink?, T> body)
    {
        if (!enabled || output.IsPlain) return body(null);
        return AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output.Out), Interactive = InteractionSupport.Yes })
            .Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("simulating", maxValue: Math.Max(1, horizonMs));
                var result = body(new RunProgress(task));
                task.Value = task.MaxValue;
                return result;
            });
    }

    public void WriteHeader(TraceHeader header)
    {
    }

    public void Write(TraceEvent traceEvent)
    {
        // Updating once per sim second is plenty for the eye and costs nothing per event.
        long second = traceEvent.SimTimeMs / 1000;
        if (second == lastShownSecond) return;
        lastShownSecond = second;
        task.Value = Math.Min(task.MaxValue, traceEvent.SimTimeMs);
        task.Description = $"sim time {second.ToString(CultureInfo.InvariantCulture)} s";
    }
}
