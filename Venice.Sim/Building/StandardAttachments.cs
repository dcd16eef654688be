using Venice.Core.Observability;
using Venice.Sim.Faults;
using Venice.Sim.Invariants;
using Venice.Sim.World;

namespace Venice.Sim;

/// <summary>
/// What every world gets from the layers above it: the invariant monitor (its event observer and the
/// view-consistency listener from the start, the log-reading and state checkers once the actors exist) and
/// the fault injector, scheduled last. The after-step order is the historical one: armed log faults strike,
/// then the single-leader-writer checkers catch up, then anything hooked later (user invariants).
/// </summary>
internal sealed class StandardAttachments : IWorldAttachments
{
    private readonly InvariantMonitor monitor;

    private StandardAttachments(SimWorld world) =>
        monitor = new InvariantMonitor(world.Context, version => world.StoreOf(version)?.Setup.Hybrid == true);

    /// <summary>For <see cref="SimWorld"/>'s constructor: <c>new SimWorld(config, trace, StandardAttachments.For)</c>.</summary>
    public static IWorldAttachments For(SimWorld world) => new StandardAttachments(world);

    public IWritePathObserver? EventObserver => monitor.EventObserver;

    public IReplicaViewListener? ViewListener => monitor.HelixListener;

    public IEnumerable<ISimActor> Attach(SimWorld world)
    {
        world.AddPart(monitor);
        // The checkers read the world through one read-only view.
        var view = new CheckedWorld(world);
        var leaderWriters = world.Versions
            .Select(v => new SingleLeaderWriterChecker(monitor, view, v.Version, v.Store.Setup.Partitions))
            .ToArray();
        monitor.Add(new CheckpointNotAheadChecker(monitor, view.UnsyncedKeyCount));
        monitor.Add(new DivCheckers(monitor, world.LogFaults, world.Log));
        monitor.Add(new OnlineHasDataChecker(monitor, view));
        var lifecycle = new VersionLifecycleCheckers(monitor, view);
        monitor.Add(lifecycle);
        monitor.Add(new CompletedWithinLagChecker(monitor, view));
        var quietPromotions = world.Versions
            .Select(v => new PromotionAfterQuietVtChecker(monitor, view, v.Version, v.Store.Setup.Partitions, world.Config.Options.PromotionDelayMs))
            .ToArray();
        foreach (var checker in quietPromotions) monitor.Add(checker);

        var faults = new FaultInjector(world, world.Observer, world.Random.Fork("faults"));
        world.AddPart(faults);
        world.OnAfterStep(faults.AfterStep);
        foreach (var checker in leaderWriters) world.OnAfterStep(checker.AfterStep);
        foreach (var checker in quietPromotions) world.OnAfterStep(checker.AfterStep);
        world.OnAfterStep(lifecycle.AfterStep);
        // A version the controller creates later gets its own per-version checkers.
        world.OnVersionCreated(v =>
        {
            var leaderWriter = new SingleLeaderWriterChecker(monitor, view, v.Version, v.Store.Setup.Partitions);
            world.OnAfterStep(leaderWriter.AfterStep);
            var quietPromotion = new PromotionAfterQuietVtChecker(monitor, view, v.Version, v.Store.Setup.Partitions, world.Config.Options.PromotionDelayMs);
            monitor.Add(quietPromotion);
            world.OnAfterStep(quietPromotion.AfterStep);
        });
        return [faults];
    }
}
