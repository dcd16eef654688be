using FsCheck;
using FsCheck.Fluent;
using Venice.Core;
using Venice.Core.Controller;
using Venice.Core.Defects;
using Venice.Core.Helix;
using Venice.Core.Observability;
using Venice.Core.Reporting;
using Venice.Sim.InMemory;
using Venice.Sim.Tests.Properties;

namespace Venice.Sim.Tests.Controller;

/// <summary>
/// The push-status decider and the push monitor against a model of the controller's rules
/// (docs/venice-write-path.md §7): replicas report statuses, Helix moves replicas in and out of the external
/// view and changes the leader, and the monitor polls. After every poll the push's status and the
/// version's status must be what the model derives from each partition's replica statuses and EV, under
/// WAIT_N_MINUS_ONE and WAIT_ALL, for a replication factor of 2 or 3 over four servers.
/// </summary>
[TestFixture]
[Category("Property")]
public sealed class PushStatusModelTests
{
    [Test]
    public void The_monitor_decides_each_push_as_the_model_does_over_generated_reports_and_views()
    {
        var result = CommandSequences.Check(PushCommands.Cases, c => PushRig.Run(c, SeededDefects.None), maxTest: 400);

        Assert.That(result.Passed, Is.True, result.ToString());
    }

    [Test]
    public void The_generated_cases_reach_every_batch_push_status_and_both_strategies()
    {
        // A batch push never shows END_OF_PUSH_RECEIVED: Venice's monitor moves it only to COMPLETED or ERROR.
        var reached = new HashSet<(PushStrategy, PushDecision)>();
        foreach (var c in PushCommands.Cases.Generator.Sample(1_000, new Rnd(20_261_124UL), 30))
        {
            PushRig.Run(c, SeededDefects.None, reached);
        }

        Assert.That(reached, Is.EquivalentTo(from s in Enum.GetValues<PushStrategy>() from d in Enum.GetValues<PushDecision>() where d != PushDecision.EndOfPushReceived select (s, d)));
    }

    [Test]
    public void With_decider_ignores_leader_a_push_completes_without_its_leader_and_shrinks_to_two_commands()
    {
        var defects = SeededDefects.FromNames([SeededDefects.DeciderIgnoresLeaderName]);

        var result = CommandSequences.Check(PushCommands.Cases, c => PushRig.Run(c, defects), maxTest: 400);

        Assert.That(result.Passed, Is.False, "the model must catch the defect");
        TestContext.Out.WriteLine(result);
        Assert.That(result.Reason, Does.Contain("monitor says Completed"), result.ToString());
        // One replica in the view reports COMPLETED (R 2, one tolerated) and no leader is COMPLETED; the list ends with a poll.
        Assert.That(result.Counterexample!.Commands, Has.Count.LessThanOrEqualTo(2), result.ToString());
    }
}

/// <summary>One step of a push-status command list.</summary>
internal abstract record PushCommand;

/// <summary>A replica writes its latest status into the partition's push status.</summary>
internal sealed record ReportStatus(int Partition, int Server, ExecutionStatus Status) : PushCommand
{
    public override string ToString() => $"p{Partition} server-{Server} reports {Status}";
}

/// <summary>Helix lists the replica in the external view as STANDBY or LEADER; a new LEADER demotes the old one to STANDBY.</summary>
internal sealed record AssignReplica(int Partition, int Server, bool Leader) : PushCommand
{
    public override string ToString() => $"p{Partition} server-{Server} in the EV as {(Leader ? "LEADER" : "STANDBY")}";
}

/// <summary>Helix removes the replica from the external view (a crash, an expiry, a drop); its status stays behind.</summary>
internal sealed record RemoveReplica(int Partition, int Server) : PushCommand
{
    public override string ToString() => $"p{Partition} server-{Server} leaves the EV";
}

/// <summary>The monitor polls.</summary>
internal sealed record PollMonitor : PushCommand
{
    public override string ToString() => "poll";
}

/// <summary>
/// A generated push: its strategy and replication factor, and the commands; the store has as many
/// partitions as the commands name (one more than the highest partition index), so shrinking the
/// partitions of the commands shrinks the store.
/// </summary>
internal sealed record PushCase(PushStrategy Strategy, int ReplicationFactor, IReadOnlyList<PushCommand> Commands)
{
    public int Partitions => 1 + Commands.Select(c => c switch
    {
        ReportStatus r => r.Partition,
        AssignReplica a => a.Partition,
        RemoveReplica d => d.Partition,
        _ => 0,
    }).DefaultIfEmpty(0).Max();

    public override string ToString() =>
        $"{Strategy} rf={ReplicationFactor} partitions={Partitions}: {string.Join("; ", Commands)}";
}

/// <summary>The generator and shrinker of push-status cases.</summary>
internal static class PushCommands
{
    public const int Servers = 4;
    public const int MaxPartitions = 2;

    private static readonly ExecutionStatus[] Reported =
        [ExecutionStatus.STARTED, ExecutionStatus.END_OF_PUSH_RECEIVED, ExecutionStatus.TOPIC_SWITCH_RECEIVED, ExecutionStatus.COMPLETED, ExecutionStatus.ERROR];

    public static Gen<PushCommand> Command { get; } = Gen.Frequency(
        (6, from p in Gen.Choose(0, MaxPartitions - 1)
            from s in Gen.Choose(0, Servers - 1)
            from status in Gen.Frequency((2, Gen.Constant(ExecutionStatus.STARTED)), (2, Gen.Constant(ExecutionStatus.END_OF_PUSH_RECEIVED)),
                (1, Gen.Constant(ExecutionStatus.TOPIC_SWITCH_RECEIVED)), (4, Gen.Constant(ExecutionStatus.COMPLETED)), (2, Gen.Constant(ExecutionStatus.ERROR)))
            select (PushCommand)new ReportStatus(p, s, status)),
        (4, from p in Gen.Choose(0, MaxPartitions - 1)
            from s in Gen.Choose(0, Servers - 1)
            from leader in Gen.Elements(false, true)
            select (PushCommand)new AssignReplica(p, s, leader)),
        (1, from p in Gen.Choose(0, MaxPartitions - 1)
            from s in Gen.Choose(0, Servers - 1)
            select (PushCommand)new RemoveReplica(p, s)),
        (2, Gen.Constant((PushCommand)new PollMonitor())));

    public static Arbitrary<PushCase> Cases { get; } = Arb.From(
        from strategy in Gen.Elements(Enum.GetValues<PushStrategy>())
        from rf in Gen.Choose(2, 3)
        from length in Gen.Choose(1, 30)
        from commands in Gen.ArrayOf(Command, length)
        select new PushCase(strategy, rf, commands),
        Shrink);

    /// <summary>Fewer and simpler commands first, then a replication factor of 2, then WAIT_N_MINUS_ONE.</summary>
    public static IEnumerable<PushCase> Shrink(PushCase c)
    {
        foreach (var commands in CommandSequences.Shrink(c.Commands, Simplify)) yield return c with { Commands = commands };
        if (c.ReplicationFactor > 2) yield return c with { ReplicationFactor = 2 };
        if (c.Strategy != PushStrategy.WaitNMinusOne) yield return c with { Strategy = PushStrategy.WaitNMinusOne };
    }

    /// <summary>Toward partition 0, server 0, a STANDBY replica and an earlier status.</summary>
    public static IEnumerable<PushCommand> Simplify(PushCommand command)
    {
        switch (command)
        {
            case ReportStatus r:
                if (r.Partition > 0) yield return r with { Partition = 0 };
                if (r.Server > 0) yield return r with { Server = 0 };
                int rank = Array.IndexOf(Reported, r.Status);
                if (rank > 0) yield return r with { Status = Reported[rank - 1] };
                break;
            case AssignReplica a:
                if (a.Partition > 0) yield return a with { Partition = 0 };
                if (a.Server > 0) yield return a with { Server = 0 };
                if (a.Leader) yield return a with { Leader = false };
                break;
            case RemoveReplica d:
                if (d.Partition > 0) yield return d with { Partition = 0 };
                if (d.Server > 0) yield return d with { Server = 0 };
                break;
        }
    }
}

/// <summary>
/// A push monitor over an in-memory metadata store, and the model: per partition, each server's latest
/// status and its place in the external view, and the push's status so far. Runs one case and reports
/// the first poll where the monitor and the model disagree.
/// </summary>
internal sealed class PushRig
{
    private static readonly StoreVersion Version = new("store", 1);

    private readonly PushCase push;
    private readonly InMemoryMetadataStore metadata = new();
    private readonly PushMonitor monitor;
    private readonly SortedDictionary<int, ExecutionStatus>[] statuses;
    private readonly SortedDictionary<int, HelixState>[] view;
    private PushDecision expected = PushDecision.Started;
    private ISet<(PushStrategy, PushDecision)>? reached;

    private PushRig(PushCase push, SeededDefects defects)
    {
        this.push = push;
        monitor = new PushMonitor(metadata, NullWritePathObserver.Instance, push.Strategy, defects: defects);
        monitor.StartPush(Version, push.Partitions, push.ReplicationFactor);
        statuses = [.. Enumerable.Range(0, push.Partitions).Select(_ => new SortedDictionary<int, ExecutionStatus>())];
        view = [.. Enumerable.Range(0, push.Partitions).Select(_ => new SortedDictionary<int, HelixState>())];
    }

    /// <returns>Null when every poll (and a last one after the commands) agreed with the model; otherwise the first disagreement.</returns>
    public static string? Run(PushCase push, SeededDefects defects, ISet<(PushStrategy, PushDecision)>? reached = null)
    {
        var rig = new PushRig(push, defects) { reached = reached };
        for (int i = 0; i < push.Commands.Count; i++)
        {
            if (rig.Apply(push.Commands[i]) is { } disagreement) return $"command {i + 1} ({push.Commands[i]}): {disagreement}";
        }
        return rig.Apply(new PollMonitor()) is { } last ? $"the last poll: {last}" : null;
    }

    private string? Apply(PushCommand command)
    {
        switch (command)
        {
            case ReportStatus r:
                statuses[r.Partition][r.Server] = r.Status;
                var map = new ReplicaStatusMap();
                foreach (var (server, status) in statuses[r.Partition]) map.Set(new ServerId(server), status);
                Upsert(MetadataPaths.PartitionPushStatus(Version, r.Partition), map.Encode());
                return null;
            case AssignReplica a:
                if (a.Leader)
                {
                    // Helix never lists two leaders: the old one is demoted in the same view change.
                    foreach (int old in view[a.Partition].Where(e => e.Value == HelixState.LEADER).Select(e => e.Key).ToList())
                    {
                        SetView(a.Partition, old, HelixState.STANDBY);
                    }
                }
                SetView(a.Partition, a.Server, a.Leader ? HelixState.LEADER : HelixState.STANDBY);
                return null;
            case RemoveReplica d:
                if (view[d.Partition].Remove(d.Server))
                {
                    string path = MetadataPaths.ExternalViewReplica(Version, d.Partition, new ServerId(d.Server));
                    metadata.TryGet(path, out var node);
                    metadata.Delete(path, node.Version);
                }
                return null;
            case PollMonitor:
                monitor.Poll();
                Advance();
                reached?.Add((push.Strategy, expected));
                return Compare();
            default:
                throw new ArgumentOutOfRangeException(nameof(command), command, "unknown command");
        }
    }

    /// <summary>
    /// A batch push's status stays STARTED until the version's decision is COMPLETED or ERROR, and stops there
    /// (Venice's monitor writes only terminal statuses for a batch push).
    /// </summary>
    private void Advance()
    {
        if (expected is PushDecision.Completed or PushDecision.Error) return;
        PushDecision decided = DecideVersion();
        if (decided is PushDecision.Completed or PushDecision.Error) expected = decided;
    }

    /// <summary>ERROR if any partition is, COMPLETED if all are, END_OF_PUSH_RECEIVED if all got that far.</summary>
    private PushDecision DecideVersion()
    {
        var partitions = Enumerable.Range(0, push.Partitions).Select(DecidePartition).ToList();
        if (partitions.Contains(PushDecision.Error)) return PushDecision.Error;
        if (partitions.All(p => p == PushDecision.Completed)) return PushDecision.Completed;
        return partitions.All(p => p is PushDecision.EndOfPushReceived or PushDecision.Completed) ? PushDecision.EndOfPushReceived : PushDecision.Started;
    }

    /// <summary>
    /// Over the replicas the EV lists, each at its latest report (none is STARTED, TOPIC_SWITCH_RECEIVED is the
    /// END_OF_PUSH_RECEIVED before it): COMPLETED when at least one and at least R − tolerated are COMPLETED
    /// and there is a LEADER, every one COMPLETED (the model's one difference from Venice, which needs no
    /// LEADER); ERROR when some are ERROR and they exceed instances − R + tolerated;
    /// END_OF_PUSH_RECEIVED when some are END_OF_PUSH_RECEIVED.
    /// </summary>
    private PushDecision DecidePartition(int partition)
    {
        int tolerated = push.Strategy == PushStrategy.WaitNMinusOne ? 1 : 0;
        var current = view[partition].Keys.ToDictionary(s => s, s => statuses[partition].TryGetValue(s, out var status)
            ? status == ExecutionStatus.TOPIC_SWITCH_RECEIVED ? ExecutionStatus.END_OF_PUSH_RECEIVED : status
            : ExecutionStatus.STARTED);
        int completed = current.Values.Count(s => s == ExecutionStatus.COMPLETED);
        int errored = current.Values.Count(s => s == ExecutionStatus.ERROR);
        var leaders = view[partition].Where(e => e.Value == HelixState.LEADER).ToList();
        bool leadersCompleted = leaders.Count > 0 && leaders.All(e => current[e.Key] == ExecutionStatus.COMPLETED);
        if (completed > 0 && completed >= push.ReplicationFactor - tolerated && leadersCompleted) return PushDecision.Completed;
        if (errored > 0 && errored > view[partition].Count - push.ReplicationFactor + tolerated) return PushDecision.Error;
        return current.Values.Any(s => s == ExecutionStatus.END_OF_PUSH_RECEIVED) ? PushDecision.EndOfPushReceived : PushDecision.Started;
    }

    private string? Compare()
    {
        PushDecision actual = monitor.StatusOf(Version);
        if (actual != expected) return $"monitor says {actual}, model says {expected}";
        string expectedVersion = expected switch
        {
            PushDecision.Completed => nameof(VersionStatus.ONLINE),
            PushDecision.Error => nameof(VersionStatus.ERROR),
            _ => nameof(VersionStatus.STARTED),
        };
        metadata.TryGet(MetadataPaths.VersionStatusNode(Version), out var node);
        if (node.Data != expectedVersion) return $"the version is {node.Data}, model says {expectedVersion}";
        bool current = metadata.TryGet(MetadataPaths.CurrentVersion(Version.Store), out _);
        if (current != (expected == PushDecision.Completed)) return $"the current version is {(current ? "" : "not ")}set while the push is {expected}";
        return null;
    }

    private void SetView(int partition, int server, HelixState state)
    {
        view[partition][server] = state;
        Upsert(MetadataPaths.ExternalViewReplica(Version, partition, new ServerId(server)), state.ToString());
    }

    private void Upsert(string path, string data)
    {
        if (metadata.TryGet(path, out var node)) metadata.SetData(path, data, node.Version);
        else metadata.Create(path, data);
    }
}
