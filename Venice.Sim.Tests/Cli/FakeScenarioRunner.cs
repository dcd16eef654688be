using System.Globalization;
using Venice.Sim.Running;
using Venice.Sim.Scenarios;
using Venice.Sim.Tracing;
using Venice.Sim.Model;

namespace Venice.Sim.Tests.Cli;

/// <summary>
/// Stands in for the engine: writes a header and a few events that depend only on the scenario,
/// seed and defects (so runs are deterministic), and returns whatever outcome the test set up.
/// </summary>
internal sealed class FakeScenarioRunner : IScenarioRunner
{
    public IReadOnlyList<Violation> Violations { get; init; } = [];

    public Exception? Throws { get; init; }

    /// <summary>When set, only the seeds it accepts fail (with <see cref="Violations"/>); the others pass.</summary>
    public Func<long, bool>? FailsSeed { get; init; }

    /// <summary>Faults the fake run reports as never fired.</summary>
    public IReadOnlyList<FaultOutcome> UnfiredFaults { get; init; } = [];

    public bool WritesHeader { get; init; } = true;

    /// <summary>Every request, in the order they arrived (lock it to read while a sweep may run).</summary>
    public List<RunRequest> Requests { get; } = [];

    public RunResult Run(Scenario scenario, RunRequest request)
    {
        lock (Requests) Requests.Add(request); // a --seeds sweep calls from several threads
        if (Throws is not null)
        {
            throw Throws;
        }

        if (WritesHeader)
        {
            request.Trace.WriteHeader(TraceHeaders.For(scenario, request.Seed, request.Defects));
        }

        var steps = 3 + (request.Seed % 5);
        for (var step = 1L; step <= steps; step++)
        {
            var detail = $"seed {request.Seed.ToString(CultureInfo.InvariantCulture)} defects [{string.Join(",", request.Defects)}]";
            request.Trace.Write(new TraceEvent(step, step * 100, $"server-{step % scenario.Cluster.Servers}", "step", detail));
        }

        // One line the coverage catalog counts (docs/report.md#coverage): the version's status.
        request.Trace.Write(new TraceEvent(steps, steps * 100, "controller", "version", $"{scenario.Store.Name}_v1 {scenario.Expect.VersionStatus}"));

        var failed = Violations.Count > 0 && (FailsSeed is null || FailsSeed(request.Seed));
        return new RunResult(
            scenario.Name,
            request.Seed,
            request.Defects,
            failed ? RunOutcome.Failed : RunOutcome.Passed,
            failed ? "ERROR" : scenario.Expect.VersionStatus,
            failed ? Violations : [],
            failed ? Violations.Select(violation => $"unexpected violation of {violation.Invariant}").ToArray() : [],
            steps,
            steps * 100,
            TraceSha256: string.Empty) { UnfiredFaults = UnfiredFaults };
    }
}
