using System.Numerics;
using Venice.Sim.InMemory;

namespace Venice.Sim.World;

/// <summary>
/// The event-driven half of the simulation loop (docs/design.md, "The simulation loop"): every actor's
/// answers to <see cref="ISimActor.HasWork"/> and <see cref="ISimActor.NextDeadlineMs"/>, remembered
/// until an event that can change them marks the actor dirty, so a step asks only the dirty actors
/// instead of every actor. The enabled list it hands the scheduler is exactly the polled one (the same
/// actors, in the world's order); <see cref="CrossCheck"/> proves it on every step.
/// </summary>
/// <remarks>
/// What marks an actor dirty, and why that covers every way its answers can change:
/// <list type="bullet">
/// <item>its own step (<see cref="Stepped"/>); a step of any other non-server actor of the world marks
/// all non-server actors (they are few and read each other's state: the controller starts push jobs,
/// retires versions through Helix), and a step of an attached actor (the fault injector) marks
/// everything;</item>
/// <item>a record appended to partition <c>p</c> of any topic (<see cref="WakingLog"/>) marks every server
/// that ever subscribed a partition numbered <c>p</c>: followers read the VT, leaders the RT, both at
/// their own partition number;</item>
/// <item>a Helix message sent to, taken by, returned by or handled for a server marks that server;
/// a hold, reversal or delay of deliveries marks everything;</item>
/// <item>any metadata change marks the non-server actors (the controllers watch the change feed); a
/// session opened or ended marks every server too (a server notices its session's loss);</item>
/// <item>a crash, restart, pause, resume, isolation, moved leader or killed push marks everything;</item>
/// <item>time: an actor whose deadline has come is dirty (a min-heap of deadlines pops it), and stays
/// dirty while that deadline is in the past, since a past deadline can hide a later one.</item>
/// </list>
/// Attached actors (the fault injector) are asked on every step: their schedule changes from outside
/// any step (faults placed between steps) and asking them costs one comparison.
/// </remarks>
public sealed class ActorReadiness
{
    private readonly SimWorld world;
    private IReadOnlyList<ISimActor> actors = [];
    private Dictionary<ISimActor, int> indexOf = new(ReferenceEqualityComparer.Instance);
    private int servers;
    private int ownActors;
    private bool bound;
    private bool allDirty = true;

    private bool[] hasWork = [];
    private bool[] hasDeadline = [];
    private long[] deadlineAt = [];
    private bool[] inHeap = [];
    private int[] stamp = [];
    private bool[] dirty = [];
    private readonly List<int> dirtyList = new();
    private ulong[] ready = [];

    // Lazy deletion: an entry is current while its stamp matches the actor's; stale ones are skipped.
    private readonly PriorityQueue<(int Actor, int Stamp), long> deadlines = new();

    // Servers (bit per server index) that ever subscribed a partition with this number, by partition number.
    private readonly List<ulong[]> consumers = new();

    private long seenMetadataChange = long.MinValue;
    private long seenSessionChange = long.MinValue;
    private long seenHandled = long.MinValue;

    internal ActorReadiness(SimWorld world) => this.world = world;

    /// <summary>
    /// Debug mode: after every refresh, poll every actor as the loop once did and throw
    /// <see cref="InvalidOperationException"/> when any remembered answer differs (tests run the scenario
    /// library with it on). Costs what polling costs.
    /// </summary>
    public bool CrossCheck { get; set; }

    /// <summary>How many actors' answers were recomputed so far (the cost the cache saves is the rest).</summary>
    public long Recomputed { get; private set; }

    /// <summary>How many times the loop asked for the enabled actors (polling asked every actor each time).</summary>
    public long Refreshes { get; private set; }

    /// <summary>Fixes the actor list once the world is built: servers first, then the world's own actors, then the attached ones.</summary>
    internal void Bind(IReadOnlyList<ISimActor> worldActors, int serverCount, int ownActorCount)
    {
        actors = worldActors;
        servers = serverCount;
        ownActors = ownActorCount;
        int n = actors.Count;
        indexOf = new Dictionary<ISimActor, int>(n, ReferenceEqualityComparer.Instance);
        for (int i = 0; i < n; i++) indexOf.Add(actors[i], i);
        hasWork = new bool[n];
        hasDeadline = new bool[n];
        deadlineAt = new long[n];
        inHeap = new bool[n];
        stamp = new int[n];
        dirty = new bool[n];
        ready = new ulong[(n + 63) / 64];
        bound = true;
        allDirty = true;
    }

    /// <summary>Forgets every remembered answer: the next refresh asks every actor.</summary>
    public void InvalidateAll() => allDirty = true;

    /// <summary>Marks one actor dirty by its index in the world's actor list.</summary>
    internal void MarkDirty(int actor)
    {
        if (allDirty || (uint)actor >= (uint)dirty.Length || dirty[actor]) return;
        dirty[actor] = true;
        dirtyList.Add(actor);
    }

    /// <summary>Marks a server dirty (servers are the first actors, server id = index).</summary>
    internal void MarkServerDirty(int serverId)
    {
        if (serverId < servers) MarkDirty(serverId);
        else if (!bound) allDirty = true;
    }

    private void MarkNonServersDirty()
    {
        for (int i = servers; i < ownActors; i++) MarkDirty(i);
    }

    /// <summary>The server will read partitions numbered <paramref name="partition"/> (VT as follower, RT as leader); appends there wake it.</summary>
    internal void RegisterConsumer(int serverId, int partition)
    {
        if (partition < 0) return;
        while (consumers.Count <= partition) consumers.Add(null!);
        var set = consumers[partition] ??= new ulong[(Math.Max(serverId + 1, servers) + 63) / 64];
        if (serverId / 64 >= set.Length)
        {
            Array.Resize(ref set, serverId / 64 + 1);
            consumers[partition] = set;
        }
        set[serverId / 64] |= 1UL << (serverId % 64);
    }

    /// <summary>A record was appended to a partition numbered <paramref name="partition"/>: its consumers may have work.</summary>
    internal void RecordAppended(int partition)
    {
        if (allDirty || (uint)partition >= (uint)consumers.Count || consumers[partition] is not { } set) return;
        for (int word = 0; word < set.Length; word++)
        {
            ulong bits = set[word];
            while (bits != 0)
            {
                int bit = BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                MarkDirty(word * 64 + bit);
            }
        }
    }

    /// <summary>Called by <see cref="SimulationLoop.StepActor"/> after the actor stepped.</summary>
    internal void Stepped(ISimActor actor)
    {
        if (allDirty || !bound) return;
        if (!indexOf.TryGetValue(actor, out int index))
        {
            allDirty = true;
            return;
        }
        MarkDirty(index);
        if (index >= ownActors) allDirty = true;
        else if (index >= servers) MarkNonServersDirty();
    }

    /// <summary>
    /// Brings every remembered answer up to date (dirty actors, due deadlines, changed shared state) and
    /// fills <paramref name="enabled"/> with the actors that have work, in the world's order.
    /// </summary>
    internal void Fill(List<ISimActor> enabled)
    {
        if (!bound) throw new InvalidOperationException("the world's actors are not bound yet");
        Refreshes++;
        Refresh();
        enabled.Clear();
        for (int word = 0; word < ready.Length; word++)
        {
            ulong bits = ready[word];
            while (bits != 0)
            {
                int bit = BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                enabled.Add(actors[word * 64 + bit]);
            }
        }
        if (CrossCheck) VerifyAgainstPolling();
    }

    /// <summary>The earliest deadline of any actor, as polling every actor would find it; call after <see cref="Fill"/>.</summary>
    internal long? NextDeadline()
    {
        while (deadlines.TryPeek(out var entry, out long at))
        {
            if (entry.Stamp == stamp[entry.Actor] && inHeap[entry.Actor])
            {
                if (CrossCheck && SimulationLoop.NextDeadline(world) != at) throw Diverged($"next deadline remembered as {at}, polled {Show(SimulationLoop.NextDeadline(world))}");
                return at;
            }
            deadlines.Dequeue();
        }
        if (CrossCheck && SimulationLoop.NextDeadline(world) is { } polled) throw Diverged($"no deadline remembered, polled {polled}");
        return null;
    }

    private void Refresh()
    {
        if (world.Metadata.LastChangeSequence != seenMetadataChange)
        {
            seenMetadataChange = world.Metadata.LastChangeSequence;
            MarkNonServersDirty();
        }
        if (world.Metadata.SessionChanges != seenSessionChange)
        {
            seenSessionChange = world.Metadata.SessionChanges;
            allDirty = true;
        }
        if (world.HelixBus.HandledCount != seenHandled)
        {
            seenHandled = world.HelixBus.HandledCount;
            MarkNonServersDirty();
        }
        long now = world.Clock.NowMs;
        while (deadlines.TryPeek(out var entry, out long at) && at <= now)
        {
            deadlines.Dequeue();
            if (entry.Stamp != stamp[entry.Actor]) continue;
            inHeap[entry.Actor] = false;
            MarkDirty(entry.Actor);
        }
        for (int i = ownActors; i < actors.Count; i++) MarkDirty(i);
        if (allDirty)
        {
            allDirty = false;
            foreach (int i in dirtyList) dirty[i] = false;
            dirtyList.Clear();
            for (int i = 0; i < actors.Count; i++) Recompute(i);
            if (deadlines.Count > 4 * actors.Count + 64) CompactDeadlines();
            return;
        }
        // Recomputing never marks anyone dirty (HasWork and NextDeadlineMs only read), so the list is stable.
        for (int k = 0; k < dirtyList.Count; k++)
        {
            int i = dirtyList[k];
            dirty[i] = false;
            Recompute(i);
        }
        dirtyList.Clear();
        if (deadlines.Count > 4 * actors.Count + 64) CompactDeadlines();
    }

    private void Recompute(int i)
    {
        Recomputed++;
        var actor = actors[i];
        bool work = actor.HasWork;
        hasWork[i] = work;
        if (work) ready[i / 64] |= 1UL << (i % 64);
        else ready[i / 64] &= ~(1UL << (i % 64));
        long? next = actor.NextDeadlineMs;
        bool changed = next.HasValue != hasDeadline[i] || (next.HasValue && next.Value != deadlineAt[i]);
        if (changed)
        {
            stamp[i]++;
            hasDeadline[i] = next.HasValue;
            deadlineAt[i] = next.GetValueOrDefault();
            inHeap[i] = false;
        }
        if (next.HasValue && !inHeap[i])
        {
            deadlines.Enqueue((i, stamp[i]), next.Value);
            inHeap[i] = true;
        }
    }

    private void CompactDeadlines()
    {
        deadlines.Clear();
        for (int i = 0; i < actors.Count; i++)
        {
            if (!hasDeadline[i]) continue;
            stamp[i]++;
            deadlines.Enqueue((i, stamp[i]), deadlineAt[i]);
            inHeap[i] = true;
        }
    }

    private void VerifyAgainstPolling()
    {
        for (int i = 0; i < actors.Count; i++)
        {
            var actor = actors[i];
            bool work = actor.HasWork;
            if (work != hasWork[i]) throw Diverged($"{actor.Name} remembered HasWork={hasWork[i]}, polled {work}");
            long? next = actor.NextDeadlineMs;
            long? remembered = hasDeadline[i] ? deadlineAt[i] : null;
            if (next != remembered) throw Diverged($"{actor.Name} remembered NextDeadlineMs={Show(remembered)}, polled {Show(next)}");
        }
    }

    private InvalidOperationException Diverged(string what) =>
        new($"actor readiness diverged from polling at step {world.Context.Step}, t={world.Clock.NowMs} ms: {what}");

    private static string Show(long? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none";
}
