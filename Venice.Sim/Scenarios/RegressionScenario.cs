using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Venice.Sim.Model;

namespace Venice.Sim.Scenarios;

/// <summary>
/// Writes a <see cref="WorldSpec"/> as scenario YAML (docs/scenarios.md), so a world found in code (a shrunk
/// FsCheck counterexample, a Coyote bug) can be kept as a regression file that `venice-sim run` replays.
/// A spec with an explicit schedule (<see cref="WorldSpec.Schedule"/>) gets a <c>schedule:</c> section, so the
/// file replays the same interleaving; without one the file has none and the seeded scheduler takes the same
/// choices from the same seed.
/// </summary>
public static partial class RegressionScenario
{
    private static readonly ScenarioLoadOptions CliLoadOptions = ScenarioLoadOptions.Default with
    {
        KnownConfigOptions = new SortedSet<string>(Running.OptionsBinder.KnownNames, StringComparer.Ordinal),
        CheckConfigValue = Running.OptionsBinder.CheckValue,
    };

    /// <summary>
    /// The scenario text of <paramref name="spec"/> with <c>expect: { versionStatus, violations }</c>. Faults
    /// are written in the order the parser keeps them (timed faults by time, stably; milestone faults after).
    /// The spec's step bound is not written: a scenario runs with the default bound (5,000,000 steps).
    /// </summary>
    /// <param name="violatedInvariants">The invariants the run must violate (exactly these), by catalog name.</param>
    /// <param name="versionStatus">The version status the run must end with; the spec's expectation when null.</param>
    /// <exception cref="ArgumentException">The spec holds what a scenario cannot say (names it), or the text would not load.</exception>
    public static string Write(WorldSpec spec, IReadOnlyList<string> violatedInvariants, string name, string description, string? versionStatus = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(violatedInvariants);
        ArgumentNullException.ThrowIfNull(description);
        if (name is null || !KebabCase().IsMatch(name))
            throw new ArgumentException($"a scenario name must be kebab-case (lowercase letters and digits separated by single '-'), got '{name}'", nameof(name));

        var store = OnlyStore(spec);
        var (push, laterPushes) = PushesOf(spec, store);
        var text = new StringBuilder();
        Line(text, $"name: {name}");
        Line(text, $"description: {Quoted(description)}");
        Line(text, $"seed: {Int(spec.Seed)}");
        Line(text, $"cluster: {{ servers: {Int(spec.Servers)}, partitions: {Int(store.Partitions)}, replicationFactor: {Int(store.ReplicationFactor)} }}");
        Line(text, "store:");
        Line(text, $"  name: {store.Name}");
        Line(text, $"  kind: {(store.Kind == StoreKind.Hybrid ? "hybrid" : "batch")}");
        Line(text, $"  push: {{ records: {Int(push.Records)}, keys: {Int(push.Keys)}, valueBytes: {Int(push.ValueSize.MinBytes)} }}");
        if (RealTimeOf(spec, store) is { } rt)
        {
            Line(text, $"  realtime: {{ records: {Int(rt.Records)}, ratePerSecond: {Int(rt.RatePerSecond!.Value)}, keys: {Int(rt.Keys)}, valueBytes: {Int(rt.ValueSize.MinBytes)} }}");
        }
        if (store.VersionsToPreserve != StoreDefinition.DefaultVersionsToPreserve) Line(text, $"  retention: {Int(store.VersionsToPreserve)}");
        if (laterPushes.Count > 0)
        {
            // Each later push creates the store's next version: 2, 3, ...
            Line(text, "pushes:");
            for (int i = 0; i < laterPushes.Count; i++)
            {
                var (later, start) = laterPushes[i];
                string at = start is { } t ? $", at: {Ms(t, $"pushes[{Int(i)}].at")}" : "";
                Line(text, $"  - {{ version: {Int(i + 2)}{at}, records: {Int(later.Records)}, keys: {Int(later.Keys)}, valueBytes: {Int(later.ValueSize.MinBytes)} }}");
            }
        }
        if (spec.Config.Count > 0)
        {
            Line(text, "config:");
            foreach (var (key, value) in spec.Config) Line(text, $"  {Quoted(key)}: {Quoted(value)}");
        }
        if (spec.Faults.Count > 0)
        {
            Line(text, "faults:");
            // The parser sorts timed faults by time (stably) and puts milestone faults after; writing them so keeps line order = run order.
            foreach (var fault in spec.Faults.OrderBy(f => f.Trigger is AtTime at ? at.Time : TimeSpan.MaxValue))
                Line(text, $"  - {FaultText(fault, store)}");
        }
        var random = spec.RandomFaults;
        if (random.Any)
        {
            string placement = random.Placement == RandomPlacement.Time ? ", placement: time" : "";
            string aim = random.AimAt is { } kinds
                ? $", aimAt: [{string.Join(", ", kinds.Select(k => char.ToLowerInvariant(k.ToString()[0]) + k.ToString()[1..]))}]"
                : "";
            Line(text, $"random: {{ crashes: {Int(random.Crashes)}, sessionExpiries: {Int(random.SessionExpiries)}, pauses: {Int(random.Pauses)}, isolations: {Int(random.Isolations)}{placement}{aim} }}");
        }
        Line(text, $"defects: [{string.Join(", ", spec.Defects)}]");
        Line(text, $"phases: {{ faultsUntil: {Ms(spec.FaultsUntil, "phases.faultsUntil")}, settleWithin: {Ms(spec.SettleWithin, "phases.settleWithin")} }}");
        if (spec.Schedule is { } schedule)
        {
            // An empty list still says "the canonical order", which is not what a file without schedule: means.
            if (schedule.Count == 0) Line(text, "schedule: []");
            else
            {
                Line(text, "schedule:");
                foreach (var decision in schedule) Line(text, $"  - {{ step: {Int(decision.Step)}, choose: {Int(decision.Choice)} }}");
            }
        }
        string status = versionStatus ?? spec.Expect.VersionStatus.ToString();
        Line(text, $"expect: {{ versionStatus: {status}, violations: [{string.Join(", ", violatedInvariants)}] }}");

        // The parser, with the options `venice-sim` loads files with, is the one judge of what a scenario may
        // say (bounds, names, config values, milestones a batch store never reaches).
        string yaml = text.ToString();
        var loaded = ScenarioLoader.Parse(yaml, name + ".yaml", CliLoadOptions);
        if (loaded.Error is { } error)
            throw new ArgumentException($"the world cannot be written as a scenario that loads: {error}", nameof(spec));
        return yaml;
    }

    private static StoreDefinition OnlyStore(WorldSpec spec)
    {
        if (spec.Stores.Count != 1)
            throw new ArgumentException($"a scenario holds exactly one store; this world has {spec.Stores.Count.ToString(CultureInfo.InvariantCulture)}", nameof(spec));
        if (spec.Invariants.Count > 0)
            throw new ArgumentException("a scenario cannot name user invariants (WorldSpec.Invariants); only the built-in checkers run", nameof(spec));
        if (spec.WrapStorage is not null)
            throw new ArgumentException("a scenario cannot wrap a server's storage engine (WorldSpec.WrapStorage)", nameof(spec));
        var store = spec.Stores[0];
        // Per-store settings have world-wide config equivalents, but writing them as config would be a different spec.
        if (store.PushStrategy is not null || store.RewindTime is not null || store.OffsetLagThresholdToGoOnline is not null)
            throw new ArgumentException($"store {store.Name}: a scenario cannot set per-store push strategy, rewind time or lag threshold; set them in config: instead", nameof(spec));
        return store;
    }

    /// <summary>The store's first push (its <c>push:</c>) and the later ones (<c>pushes:</c>, versions 2, 3, ...) with their start times.</summary>
    private static (Workload First, IReadOnlyList<(Workload Push, TimeSpan? Start)> Later) PushesOf(WorldSpec spec, StoreDefinition store)
    {
        if (!spec.Pushes.TryGetValue(store.Name, out var pushes) || pushes.Count == 0)
            throw new ArgumentException($"store {store.Name}: a scenario's store has a push", nameof(spec));
        spec.PushStarts.TryGetValue(store.Name, out var starts);
        TimeSpan? StartOf(int index) => starts is not null && index < starts.Count ? starts[index] : null;
        if (StartOf(0) is { } firstStart && firstStart != TimeSpan.Zero)
            throw new ArgumentException($"store {store.Name}: a scenario's first push starts with the run", nameof(spec));
        var later = new List<(Workload, TimeSpan?)>();
        for (int i = 1; i < pushes.Count; i++)
        {
            later.Add((Expressible(pushes[i], $"store {store.Name}'s push {Int(i + 1)}", realTime: false), StartOf(i)));
        }
        return (Expressible(pushes[0], $"store {store.Name}'s push", realTime: false), later);
    }

    private static Workload? RealTimeOf(WorldSpec spec, StoreDefinition store)
    {
        bool has = spec.RealTime.TryGetValue(store.Name, out var workload);
        if (store.Kind == StoreKind.Hybrid && !has)
            throw new ArgumentException($"hybrid store {store.Name} has no real-time writes; a scenario's hybrid store needs realtime:", nameof(spec));
        if (store.Kind == StoreKind.Batch && has)
            throw new ArgumentException($"batch store {store.Name} has real-time writes; a scenario allows realtime: only for a hybrid store", nameof(spec));
        return has ? Expressible(workload!, $"store {store.Name}'s real-time writes", realTime: true) : null;
    }

    /// <summary>A scenario's push and realtime are PUT-only, fixed-size <see cref="Workload"/>s.</summary>
    private static Workload Expressible(IWorkload workload, string what, bool realTime)
    {
        if (workload is not Workload w)
            throw new ArgumentException($"{what} is a custom IWorkload ({workload.GetType().Name}); a scenario holds only the built-in PUT workload", "spec");
        if (w.Mix.Deletes != 0 || w.Mix.Updates != 0)
            throw new ArgumentException($"{what} has DELETEs or UPDATEs; a scenario's workloads are PUT-only", "spec");
        if (w.ValueSize.MinBytes != w.ValueSize.MaxBytes)
            throw new ArgumentException($"{what} has values of {Int(w.ValueSize.MinBytes)}..{Int(w.ValueSize.MaxBytes)} bytes; a scenario's values have one size", "spec");
        if (realTime != w.RatePerSecond is not null)
            throw new ArgumentException($"{what}: {(realTime ? "real-time writes need a rate" : "a batch push has no rate")}", "spec");
        return w;
    }

    private static string FaultText(Fault fault, StoreDefinition store)
    {
        var parts = new List<string>();
        switch (fault.Trigger)
        {
            case AtTime at:
                parts.Add($"at: {Ms(at.Time, "a fault's time")}");
                break;
            case AtMilestone on:
                parts.Add($"when: {MilestoneText(on.Milestone, store)}");
                if (on.Delay != TimeSpan.Zero) parts.Add($"after: {Ms(on.Delay, "a fault's delay after its milestone")}");
                break;
        }
        string For() => Ms(fault.Duration ?? throw new ArgumentException($"{fault}: a {fault.Kind} fault needs a duration", "spec"), "a fault's duration");
        switch (fault.Kind)
        {
            case FaultKind.Crash: parts.Add($"crash: {ServerText(fault, store)}"); break;
            case FaultKind.Restart: parts.Add($"restart: {ServerText(fault, store)}"); break;
            case FaultKind.ExpireSession: parts.Add($"expireSession: {ServerText(fault, store)}"); break;
            case FaultKind.Pause: parts.Add($"pause: {ServerText(fault, store)}"); parts.Add($"for: {For()}"); break;
            case FaultKind.Isolate: parts.Add($"isolate: {ServerText(fault, store)}"); parts.Add($"for: {For()}"); break;
            case FaultKind.Heal: parts.Add("heal"); break;
            case FaultKind.LoseRecord: parts.Add($"loseRecord: {{ {TopicPartition(fault, store)}{Skip(fault)} }}"); break;
            case FaultKind.CorruptRecord: parts.Add($"corruptRecord: {{ {TopicPartition(fault, store)}{Skip(fault)} }}"); break;
            case FaultKind.DuplicateRecord:
                parts.Add($"failProduce: {{ {TopicPartition(fault, store)}{(fault.Duration is null ? "" : $", for: {For()}")} }}");
                break;
            case FaultKind.DelayTransitions: parts.Add($"delayTransitions: {{ for: {For()} }}"); break;
            case FaultKind.ReorderTransitions: parts.Add($"reorderTransitions: {{ for: {For()} }}"); break;
            case FaultKind.MoveLeader:
                CheckStore(fault.Store, store, fault.ToString());
                parts.Add($"moveLeader: {{ partition: {Int(fault.Partition ?? throw new ArgumentException($"{fault}: moveLeader needs a partition", "spec"))} }}");
                break;
            case FaultKind.KillPush:
                CheckStore(fault.Store, store, fault.ToString());
                parts.Add($"killPush: {store.Name}");
                break;
            default: throw new ArgumentException($"{fault}: fault kind {fault.Kind} has no scenario form", "spec");
        }
        return "{ " + string.Join(", ", parts) + " }";
    }

    private static string ServerText(Fault fault, StoreDefinition store) => fault.Server switch
    {
        FixedServer s => $"server-{Int(s.Server)}",
        ServerInRole { Role: ReplicaRole.Leader } r when CheckStore(r.Store, store, fault.ToString()) => $"{{ leader: {Int(r.Partition)} }}",
        ServerInRole { Role: ReplicaRole.Follower } r when CheckStore(r.Store, store, fault.ToString()) => $"{{ follower: {Int(r.Partition)} }}",
        _ => throw new ArgumentException($"{fault}: a scenario names a server as server-N, {{ leader: P }} or {{ follower: P }}", "spec"),
    };

    private static string Skip(Fault fault) => fault.SkipRecords > 0 ? $", skip: {fault.SkipRecords.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : "";

    private static string TopicPartition(Fault fault, StoreDefinition store)
    {
        CheckStore(fault.Store, store, fault.ToString());
        int partition = fault.Partition ?? throw new ArgumentException($"{fault}: a log fault needs a partition", "spec");
        return $"topic: {(fault.Topic == TopicKind.RealTime ? "realtime" : "version")}, partition: {Int(partition)}";
    }

    /// <summary>A scenario's faults and milestones are in its one store; null (any store) means the same there.</summary>
    private static bool CheckStore(string? named, StoreDefinition store, string what) =>
        named is null || named == store.Name
            ? true
            : throw new ArgumentException($"{what}: names store {named}, not the world's store {store.Name}", "spec");

    private static string MilestoneText(Milestone milestone, StoreDefinition store)
    {
        CheckStore(milestone.Store, store, milestone.ToString());
        bool partitioned = milestone.Kind is not (MilestoneKind.StartOfPushWritten or MilestoneKind.EndOfPushWritten or MilestoneKind.VersionStatusChanged);
        var narrowing = new List<string>();
        void Refuse(string key) => throw new ArgumentException($"milestone {milestone}: {milestone.Kind} takes no {key} in a scenario", "spec");
        if (milestone.Partition is { } p)
        {
            if (!partitioned) Refuse("partition");
            narrowing.Add($"partition: {Int(p)}");
        }
        if (milestone.Role != ReplicaRole.Any)
        {
            if (!partitioned) Refuse("role");
            narrowing.Add($"role: {milestone.Role.ToString().ToLowerInvariant()}");
        }
        if (milestone.TargetState is { } to)
        {
            if (milestone.Kind != MilestoneKind.TransitionDelivered) Refuse("target state");
            narrowing.Add($"to: {to}");
        }
        if (milestone.Status is { } status)
        {
            if (milestone.Kind is not (MilestoneKind.StatusReported or MilestoneKind.VersionStatusChanged)) Refuse("status");
            narrowing.Add($"status: {status}");
        }
        if (milestone.Occurrence != 1) narrowing.Add($"occurrence: {Int(milestone.Occurrence)}");
        string key = char.ToLowerInvariant(milestone.Kind.ToString()[0]) + milestone.Kind.ToString()[1..];
        return narrowing.Count == 0 ? $"{{ {key}: }}" : $"{{ {key}: {{ {string.Join(", ", narrowing)} }} }}";
    }

    /// <summary>Durations are written in whole milliseconds, the scenario format's finest unit.</summary>
    private static string Ms(TimeSpan time, string what)
    {
        if (time < TimeSpan.Zero || time.Ticks % TimeSpan.TicksPerMillisecond != 0)
            throw new ArgumentException($"{what} ({time}) is not a whole, non-negative number of milliseconds, the finest a scenario can say", "spec");
        return Int((long)time.TotalMilliseconds) + "ms";
    }

    private static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A YAML double-quoted scalar, so free text (':', '#', quotes, line breaks) stays one string.</summary>
    private static string Quoted(string value)
    {
        var quoted = new StringBuilder("\"");
        foreach (char c in value)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                _ when char.IsControl(c) => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }
        return quoted.Append('"').ToString();
    }

    private static void Line(StringBuilder text, string line) => text.Append(line).Append('\n');

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex KebabCase();
}
