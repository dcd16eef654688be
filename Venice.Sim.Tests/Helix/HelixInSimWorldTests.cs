using Venice.Core.Helix;
using Venice.Core.Reporting;
using Venice.Sim.Drivers;
using Venice.Sim.Running;
using Venice.Sim.World;
using Venice.Sim.Invariants;

namespace Venice.Sim.Tests.Helix;

public sealed class HelixInSimWorldTests
{
    private static WorldConfig Config(long seed = 5) => new()
    {
        Servers = 3,
        Partitions = 4,
        ReplicationFactor = 3,
        PushRecords = 200,
        PushKeys = 100,
        ValueBytes = 16,
        Seed = seed,
        MaxSteps = 100_000,
    };

    [Test]
    public void A_batch_push_goes_online_with_one_external_view_leader_per_partition_and_the_world_quiesces()
    {
        var world = WorldFactory.Assemble(Config());

        var outcome = WorldRun.ToEnd(world, new SeededScheduler(world.Random.Fork("scheduler")));

        Assert.That(outcome, Is.EqualTo(LoopOutcome.Quiescent));
        Assert.That(world.VersionStatus, Is.EqualTo(VersionStatus.ONLINE));
        Assert.That(world.Invariants.Violations, Is.Empty);
        for (int partition = 0; partition < 4; partition++)
        {
            var view = world.Helix.ExternalViewOf(world.Version, partition);
            Assert.That(view.Values.Count(s => s == HelixState.LEADER), Is.EqualTo(1));
            Assert.That(view, Has.Count.EqualTo(3));
        }
    }

    [Test]
    public void Every_server_is_a_live_participant_from_the_start()
    {
        var world = WorldFactory.Assemble(Config());

        foreach (var server in world.Servers)
        {
            Assert.That(world.Metadata.TryGet(MetadataPaths.LiveInstance(server.Id), out var node), Is.True);
            Assert.That(node.EphemeralOwner, Is.EqualTo(server.Participant.Session));
        }
    }

    [Test]
    public void Delayed_helix_deliveries_move_the_loop_forward_in_time_instead_of_stalling_it()
    {
        var world = WorldFactory.Assemble(Config());
        world.HelixBus.SetDeliveryDelay(_ => 5_000);

        var outcome = WorldRun.ToEnd(world, new SeededScheduler(world.Random.Fork("scheduler")));

        Assert.That(outcome, Is.EqualTo(LoopOutcome.Quiescent));
        Assert.That(world.VersionStatus, Is.EqualTo(VersionStatus.ONLINE));
        Assert.That(world.Clock.NowMs, Is.GreaterThanOrEqualTo(10_000));
    }

    [Test]
    public void A_push_survives_the_leaders_session_expiring_and_its_server_reconnecting()
    {
        var world = WorldFactory.Assemble(Config() with { PushRecords = 5_000, PushKeys = 500 });
        var scheduler = new SeededScheduler(world.Random.Fork("scheduler"));
        SimulationLoop.Run(world, scheduler, maxSteps: 40);
        var leader = world.Helix.ExternalViewOf(world.Version, 0).Single(e => e.Value == HelixState.LEADER).Key;
        var server = world.Servers[leader.Value];

        Assert.That(world.PushJob.Finished, Is.False, "the session must expire while the push is in flight");
        world.Metadata.ExpireSession(server.Participant.Session!.Value);
        SimulationLoop.Run(world, scheduler, maxSteps: 80);
        server.Participant.Reconnect();
        var outcome = WorldRun.ToEnd(world, scheduler);

        Assert.That(outcome, Is.EqualTo(LoopOutcome.Quiescent));
        Assert.That(world.VersionStatus, Is.EqualTo(VersionStatus.ONLINE));
        Assert.That(world.Invariants.Violations, Is.Empty);
        var view = world.Helix.ExternalViewOf(world.Version, 0);
        Assert.That(view.Count(e => e.Value == HelixState.LEADER), Is.EqualTo(1));
        Assert.That(view[leader], Is.EqualTo(HelixState.STANDBY), "the old leader came back as a standby");
        Assert.That(world.PushJob.Finished, Is.True);
    }
}
