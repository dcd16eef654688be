namespace Venice.Sim.World;

/// <summary>
/// Where a store-version is in its life as the world's Venice controller sees it (docs/write-path.md §7, "Version lifecycle").
/// The version status in the metadata store says what the push monitor decided; this adds what the
/// controller did with the version afterwards (retired it, cleaned a failed or killed push up).
/// </summary>
public enum VersionState
{
    /// <summary>Its push is running: the version ingests while the store's current version serves.</summary>
    Pushing,

    /// <summary>The push completed; the version is (or was) the store's current version, or a backup.</summary>
    Online,

    /// <summary>The push failed (ERROR); its partitions are being dropped and it never serves.</summary>
    Failed,

    /// <summary>The push was killed mid-way; its partitions are being dropped and it never serves.</summary>
    Killed,

    /// <summary>Beyond the store's retention after a swap: its partitions are dropped on every server.</summary>
    Retired,
}

/// <summary>The one transition table of <see cref="VersionState"/>.</summary>
public static class VersionStateTransitions
{
    /// <summary>Whether a version may move from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static bool IsAllowed(VersionState from, VersionState to) => (from, to) switch
    {
        (VersionState.Pushing, VersionState.Online) => true,
        (VersionState.Pushing, VersionState.Failed) => true,
        (VersionState.Pushing, VersionState.Killed) => true,
        (VersionState.Online, VersionState.Retired) => true,
        _ => false,
    };

    /// <summary>Whether the version's partitions are (being) dropped: nothing of it may be left behind once the world settles.</summary>
    public static bool IsDeleted(VersionState state) => state is VersionState.Failed or VersionState.Killed or VersionState.Retired;

    /// <summary>Checks a move; an illegal one is a bug in the controller model and stops the run.</summary>
    /// <exception cref="InvalidOperationException">The table has no such transition.</exception>
    public static void Require(Venice.Core.StoreVersion version, VersionState from, VersionState to)
    {
        if (!IsAllowed(from, to)) throw new InvalidOperationException($"{version}: illegal version state transition {from} -> {to}");
    }
}
