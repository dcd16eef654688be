using Venice.Core;
using Venice.Core.Reporting;
using Venice.Sim.Drivers;
using Venice.Sim.Running;
using Venice.Sim.Scenarios;
using Venice.Sim.World;
using Venice.Sim.Model;
using Venice.Sim.Faults;
using Venice.Sim.Invariants;

namespace Venice.Sim.Tests.Helix;

/// <summary>
/// End to end in a simulated world: a server crashes long enough to lose its session, replacements
/// take its replicas and catch up, it restarts, and Helix drops the replacements again. The drop runs
/// DROP_PARTITION in the replacement's ingestion task, which deletes its data and customized-view entry.
/// </summary>
public sealed class DropInSimWorldTests
{
    private const int Victim = 1;

    private static WorldConfig Config(params string[] defects) => new()
    {
        Servers = 4,
        Partitions = 4,
        ReplicationFactor = 3,
        PushRecords = 2_000,
        PushKeys = 500,
        ValueBytes = 16,
        Seed = 9,
        Defects = defects,
    };

    /// <summary>Runs the crash, replacement, restart and drop; returns the world and, per partition the victim held, its replacement.</summary>
    private static (SimWorld World, LoopOutcome Outcome, SortedDictionary<int, ServerId> Replacements, SortedDictionary<int, ServerId[]> Before)
        CrashReplaceRestart(WorldConfig config)
    {
        var world = WorldFactory.Assemble(config);
        var scheduler = new SeededScheduler(world.Random.Fork("scheduler"));
        SimulationLoop.Run(world, scheduler, config.MaxSteps, timeLimitMs: 20_000);
        Assert.That(world.VersionStatus, Is.EqualTo(VersionStatus.ONLINE), "the push is done before the crash");
        var before = new SortedDictionary<int, ServerId[]>();
        for (int p = 0; p < config.Partitions; p++) before[p] = world.Helix.AssignmentOf(world.Version, p).ToArray();

        world.Faults.Crash(Victim);
        // The crashed server's session times out after 30 s; replacements are placed and catch up.
        SimulationLoop.Run(world, scheduler, config.MaxSteps, timeLimitMs: world.Clock.NowMs + 60_000);
        var replacements = new SortedDictionary<int, ServerId>();
        for (int p = 0; p < config.Partitions; p++)
        {
            if (!before[p].Contains(new ServerId(Victim))) continue;
            var replacement = world.Helix.AssignmentOf(world.Version, p).Except(before[p]).Single();
            replacements[p] = replacement;
            Assert.That(world.Metadata.TryGet(MetadataPaths.CustomizedViewReplica(world.Version, p, replacement), out var cv) ? cv.Data : null,
                Is.EqualTo(nameof(ExecutionStatus.COMPLETED)), $"the replacement of partition {p} caught up");
        }
        Assert.That(replacements, Is.Not.Empty);

        world.Faults.Restart(Victim);
        var outcome = WorldRun.ToEnd(world, scheduler, timeLimitMs: world.Clock.NowMs + 900_000);
        return (world, outcome, replacements, before);
    }

    [Test]
    public void The_dropped_replacement_loses_its_customized_view_entry_and_its_data_and_nothing_is_reported()
    {
        var (world, outcome, replacements, before) = CrashReplaceRestart(Config());

        Assert.That(outcome, Is.EqualTo(LoopOutcome.Quiescent));
        Assert.That(world.VersionStatus, Is.EqualTo(VersionStatus.ONLINE));
        Assert.That(world.Invariants.Violations, Is.Empty);
        foreach (var (partition, replacement) in replacements)
        {
            Assert.That(world.Helix.AssignmentOf(world.Version, partition), Is.EquivalentTo(before[partition]), "the ideal placement is back");
            Assert.That(world.Helix.ExternalViewOf(world.Version, partition).Keys, Does.Not.Contain(replacement));
            Assert.That(world.Metadata.TryGet(MetadataPaths.CustomizedViewReplica(world.Version, partition, replacement), out _), Is.False,
                $"the CV entry of the dropped replica of partition {partition} on {replacement} is gone");
            Assert.That(world.StorageEngines[replacement.Value].HasPartition(world.Version, partition), Is.False, "its data is gone");
        }
    }

    [Test]
    public void With_the_keep_cv_on_drop_defect_the_view_consistency_invariant_fires()
    {
        var (world, _, replacements, _) = CrashReplaceRestart(Config(DefectNames.KeepCvOnDrop));

        Assert.That(world.VersionStatus, Is.EqualTo(VersionStatus.ONLINE));
        Assert.That(world.Invariants.FiredInvariants, Is.EqualTo(new[] { InvariantNames.ViewConsistency }));
        var messages = world.Invariants.Violations.Select(v => v.Message).ToArray();
        Assert.That(messages, Has.Length.EqualTo(replacements.Count), "one report per dropped replica");
        foreach (var (partition, replacement) in replacements)
        {
            Assert.That(messages, Has.One.EqualTo(
                $"{new ReplicaId(world.Version, partition, replacement)} was dropped but its customized-view entry is still there (COMPLETED)"));
        }
    }
}
