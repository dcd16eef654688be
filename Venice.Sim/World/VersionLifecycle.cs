using System.Globalization;
using Venice.Core;
using Venice.Core.Defects;
using Venice.Core.Metadata;
using Venice.Core.Observability;
using Venice.Core.Reporting;

namespace Venice.Sim.World;

/// <summary>
/// The version lifecycle Venice's controller runs around the push monitor (VeniceHelixAdmin's addVersion,
/// the push monitor's completed/error handling and retireOldStoreVersions; docs/write-path.md §7, "Version lifecycle"):
/// <list type="bullet">
/// <item>starts each declared push when it is due: creates the version topic, the push status (STARTED),
/// the Helix resource and the version's reference model, then lets its push job write;</item>
/// <item>follows the current version the push monitor swaps to when a newer version goes ONLINE (trace
/// event <c>version-swap</c>) and retires versions beyond the store's retention (<c>version-retired</c>):
/// their Helix resource is dropped, so every replica goes OFFLINE→DROPPED, which drops its storage and
/// its customized-view entry;</item>
/// <item>cleans a failed (ERROR) push up the same way (<c>version-failed</c>), and a killed one
/// (<c>push-killed</c>), leaving the current version serving.</item>
/// </list>
/// It runs inside the Venice controller's step, right after the push monitor's poll, so a world with one
/// version per store takes the same steps and writes the same trace as before versions existed.
/// </summary>
internal sealed class VersionLifecycle(SimWorld world, SeededDefects defects)
{
    private IMetadataStore Metadata => world.Metadata;

    private IWritePathObserver Observer => world.Observer;

    private const string ActorName = "controller";

    /// <summary>Whether a step would change something: a push due, a swap or a final push status not acted on yet.</summary>
    public bool HasWork
    {
        get
        {
            long now = world.Clock.NowMs;
            foreach (var store in world.Stores)
            {
                if (store.Pending.TryPeek(out var next) && IsDue(store, next, now)) return true;
                if (ReadCurrent(store) is { } current && current != store.Serving?.Version.Version &&
                    store.Versions.Any(v => v.Version.Version == current)) return true;
                foreach (var version in store.Versions)
                {
                    if (version.State != VersionState.Pushing) continue;
                    var status = world.StatusOf(version.Version);
                    if (status is VersionStatus.ONLINE or VersionStatus.ERROR) return true;
                    if (defects.SwapBeforeOnline && SwapsEarly(store, version)) return true;
                }
            }
            return false;
        }
    }

    /// <summary>The earliest start time of a timed push not yet due.</summary>
    public long? NextDeadlineMs
    {
        get
        {
            long? next = null;
            foreach (var store in world.Stores)
            {
                if (store.Pending.TryPeek(out var pending) && pending.StartAtMs is { } at && at > world.Clock.NowMs && (next is null || at < next)) next = at;
            }
            return next;
        }
    }

    /// <summary>One pass over every store, after the push monitor's poll.</summary>
    public void Step()
    {
        foreach (var store in world.Stores)
        {
            FollowPushOutcomes(store);
            FollowCurrentVersion(store);
            StartDuePush(store);
        }
    }

    /// <summary>Kills the store's push in flight (its newest version still pushing). Returns why nothing happened, or null.</summary>
    public string? KillPush(StoreRuntime store)
    {
        var version = store.Versions.LastOrDefault(v => v.State == VersionState.Pushing);
        if (version is null) return $"store {store.Name} has no push in flight";
        version.PushJob.Kill();
        world.Controller.Monitor.Kill(version.Version);
        version.MoveTo(VersionState.Killed);
        Observer.Note(ActorName, "push-killed", $"{version.Version}; current stays {Describe(store.Serving)}");
        // Seeded defect: the killed push becomes current all the same.
        if (defects.SwapToFailedPush) WriteCurrent(store, version.Version); // DEFECT swap-to-failed-push
        Delete(version);
        return null;
    }

    private void FollowPushOutcomes(StoreRuntime store)
    {
        foreach (var version in store.Versions)
        {
            if (version.State != VersionState.Pushing) continue;
            var status = world.StatusOf(version.Version);
            if (status == VersionStatus.ONLINE)
            {
                version.MoveTo(VersionState.Online);
            }
            else if (status == VersionStatus.ERROR)
            {
                version.MoveTo(VersionState.Failed);
                Observer.Note(ActorName, "version-failed", $"{version.Version}; current stays {Describe(store.Serving)}");
                // Seeded defect: the failed push becomes current all the same.
                if (defects.SwapToFailedPush) WriteCurrent(store, version.Version); // DEFECT swap-to-failed-push
                Delete(version);
            }
            else if (defects.SwapBeforeOnline && SwapsEarly(store, version))
            {
                // Seeded defect: swap as soon as the push job is done writing, not when the version is ONLINE.
                WriteCurrent(store, version.Version); // DEFECT swap-before-online
            }
        }
    }

    private static bool SwapsEarly(StoreRuntime store, VersionRuntime version) =>
        version.PushJob.Finished && version.Version.Version > (store.Serving?.Version.Version ?? 0);

    /// <summary>A swap the push monitor (or a defect) wrote: follow it and retire what the retention no longer keeps.</summary>
    private void FollowCurrentVersion(StoreRuntime store)
    {
        if (ReadCurrent(store) is not { } current || current == store.Serving?.Version.Version) return;
        var previous = store.Serving;
        var next = store.Versions.FirstOrDefault(v => v.Version.Version == current);
        if (next is null) return;
        store.Serving = next;
        // The first version becoming current is already in the trace as its ONLINE status; a swap is from one version to another.
        if (previous is null) return;
        Observer.Note(ActorName, "version-swap", $"{store.Name} {previous.Version} -> {next.Version}");
        RetireBeyondRetention(store, next, store.Setup.VersionsToPreserve);
    }

    /// <summary>
    /// Venice's retireOldStoreVersions: keep the current version and the newest ONLINE versions below it up to
    /// numVersionsToPreserve in all; retire the older ONLINE ones. Versions above the current (a push in
    /// flight) are never retired.
    /// </summary>
    private void RetireBeyondRetention(StoreRuntime store, VersionRuntime keep, int versionsToPreserve)
    {
        var backups = store.Versions
            .Where(v => v.State == VersionState.Online && v.Version.Version < keep.Version.Version)
            .OrderByDescending(v => v.Version.Version)
            .ToArray();
        foreach (var retired in backups.Skip(Math.Max(0, versionsToPreserve - 1)).OrderBy(v => v.Version.Version))
        {
            Retire(store, retired);
        }
    }

    private void Retire(StoreRuntime store, VersionRuntime version)
    {
        version.MoveTo(VersionState.Retired);
        Observer.Note(ActorName, "version-retired", $"{version.Version}; {store.Name} keeps {store.Setup.VersionsToPreserve} version(s), current {Describe(store.Serving)}");
        // Seeded defect: the version is forgotten, its replicas and storage left in place.
        if (!defects.RetireWithoutDrop) Delete(version); // DEFECT retire-without-drop
    }

    /// <summary>Venice deleting a version: its Helix resource goes, so every replica is dropped.</summary>
    private void Delete(VersionRuntime version) => world.Helix.DropResource(version.Version);

    private void StartDuePush(StoreRuntime store)
    {
        if (!store.Pending.TryPeek(out var next) || !IsDue(store, next, world.Clock.NowMs)) return;
        store.Pending.Dequeue();
        var runtime = world.CreateVersion(store, next.Version, next.PushJob);
        Observer.Note(ActorName, "version-created", $"{runtime.Version} partitions={store.Setup.Partitions}; current {Describe(store.Serving)}");
        if (defects.RetireCurrentVersion)
        {
            // Seeded defect: retention counted from the version just created, the serving one included.
            var kept = store.Versions.Where(v => v.State is VersionState.Online or VersionState.Pushing)
                .OrderByDescending(v => v.Version.Version).Skip(store.Setup.VersionsToPreserve);
            foreach (var old in kept.Where(v => v.State == VersionState.Online).OrderBy(v => v.Version.Version).ToArray()) Retire(store, old); // DEFECT retire-current-version
        }
        runtime.PushJob.Begin();
    }

    /// <summary>A timed push is due at its time; an untimed one once the store's previous push is final.</summary>
    private static bool IsDue(StoreRuntime store, PendingPush push, long now) =>
        push.StartAtMs is { } at ? now >= at : store.Versions.All(v => v.State != VersionState.Pushing);

    private int? ReadCurrent(StoreRuntime store) =>
        Metadata.TryGet(MetadataPaths.CurrentVersion(store.Name), out var node) &&
        int.TryParse(node.Data, NumberStyles.None, CultureInfo.InvariantCulture, out int current) ? current : null;

    private void WriteCurrent(StoreRuntime store, StoreVersion version)
    {
        string path = MetadataPaths.CurrentVersion(store.Name);
        string data = version.Version.ToString(CultureInfo.InvariantCulture);
        if (Metadata.TryGet(path, out _)) Metadata.SetData(path, data, -1);
        else Metadata.Create(path, data);
    }

    private static string Describe(VersionRuntime? version) => version?.Version.ToString() ?? "none";
}
