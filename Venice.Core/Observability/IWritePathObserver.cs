using Venice.Core.Messages;
using Venice.Core.Reporting;
using Venice.Core.Validation;

namespace Venice.Core.Observability;

/// <summary>
/// Everything the write path does that a checker or a trace may want to see. Observers only watch:
/// they never steer (docs/design.md §8). Calls arrive synchronously, at the exact point in the code where
/// the thing happens, so the order of events is the order of effects.
/// </summary>
public interface IWritePathObserver
{
    /// <summary>A replica reported a status to its notifiers.</summary>
    void StatusReported(ReplicaId replica, ExecutionStatus status, long vtOffset);

    /// <summary>A replica (re)subscribed: a new incarnation starts at the given VT offset.</summary>
    void ReplicaSubscribed(ReplicaId replica, long resumeFromOffset, bool fromCheckpoint);

    /// <summary>A replica stopped consuming (unsubscribe, drop, crash of its server).</summary>
    void ReplicaUnsubscribed(ReplicaId replica, string reason);

    /// <summary>A poll consumed VT records [firstOffset, lastOffset].</summary>
    void RecordsConsumed(ReplicaId replica, long firstOffset, long lastOffset, int applied, int duplicates);

    /// <summary>DIV found a fault (anything but OK or DUPLICATE).</summary>
    void DivFault(ReplicaId replica, long vtOffset, DivResult result, bool fatal);

    /// <summary>Storage.Sync() made everything through this VT offset durable.</summary>
    void StorageSynced(ReplicaId replica, long throughVtOffset);

    /// <summary>An OffsetRecord covering everything through this VT offset was written.</summary>
    void CheckpointWritten(ReplicaId replica, long throughVtOffset, bool endOfPush);

    /// <summary>The controller changed a version's status.</summary>
    void VersionStatusChanged(StoreVersion version, VersionStatus status);

    /// <summary>A replica applied a control message it consumed from the VT (START_OF_PUSH, END_OF_PUSH, TOPIC_SWITCH, ...).</summary>
    void ControlMessageConsumed(ReplicaId replica, ControlMessageType type, long vtOffset);

    /// <summary>A replica accepted STANDBY_TO_LEADER: its promotion gate starts (<paramref name="completed"/> false), or the gate opened and it leads (true).</summary>
    void PromotionProgressed(ReplicaId replica, long term, bool completed);

    /// <summary>Free-form trace line for anything else worth seeing in a trace.</summary>
    void Note(string actor, string kind, string detail);
}

/// <summary>Passes each event to several observers, in registration order.</summary>
public sealed class ObserverFanout : IWritePathObserver
{
    private readonly List<IWritePathObserver> observers = new();

    public void Add(IWritePathObserver observer) => observers.Add(observer);

    public void StatusReported(ReplicaId replica, ExecutionStatus status, long vtOffset)
    {
        foreach (var o in observers) o.StatusReported(replica, status, vtOffset);
    }

    public void ReplicaSubscribed(ReplicaId replica, long resumeFromOffset, bool fromCheckpoint)
    {
        foreach (var o in observers) o.ReplicaSubscribed(replica, resumeFromOffset, fromCheckpoint);
    }

    public void ReplicaUnsubscribed(ReplicaId replica, string reason)
    {
        foreach (var o in observers) o.ReplicaUnsubscribed(replica, reason);
    }

    public void RecordsConsumed(ReplicaId replica, long firstOffset, long lastOffset, int applied, int duplicates)
    {
        foreach (var o in observers) o.RecordsConsumed(replica, firstOffset, lastOffset, applied, duplicates);
    }

    public void DivFault(ReplicaId replica, long vtOffset, DivResult result, bool fatal)
    {
        foreach (var o in observers) o.DivFault(replica, vtOffset, result, fatal);
    }

    public void StorageSynced(ReplicaId replica, long throughVtOffset)
    {
        foreach (var o in observers) o.StorageSynced(replica, throughVtOffset);
    }

    public void CheckpointWritten(ReplicaId replica, long throughVtOffset, bool endOfPush)
    {
        foreach (var o in observers) o.CheckpointWritten(replica, throughVtOffset, endOfPush);
    }

    public void VersionStatusChanged(StoreVersion version, VersionStatus status)
    {
        foreach (var o in observers) o.VersionStatusChanged(version, status);
    }

    public void ControlMessageConsumed(ReplicaId replica, ControlMessageType type, long vtOffset)
    {
        foreach (var o in observers) o.ControlMessageConsumed(replica, type, vtOffset);
    }

    public void PromotionProgressed(ReplicaId replica, long term, bool completed)
    {
        foreach (var o in observers) o.PromotionProgressed(replica, term, completed);
    }

    public void Note(string actor, string kind, string detail)
    {
        foreach (var o in observers) o.Note(actor, kind, detail);
    }
}

/// <summary>An observer that ignores everything; base for checkers that care about a few events.</summary>
public abstract class WritePathObserverBase : IWritePathObserver
{
    public virtual void StatusReported(ReplicaId replica, ExecutionStatus status, long vtOffset) { }
    public virtual void ReplicaSubscribed(ReplicaId replica, long resumeFromOffset, bool fromCheckpoint) { }
    public virtual void ReplicaUnsubscribed(ReplicaId replica, string reason) { }
    public virtual void RecordsConsumed(ReplicaId replica, long firstOffset, long lastOffset, int applied, int duplicates) { }
    public virtual void DivFault(ReplicaId replica, long vtOffset, DivResult result, bool fatal) { }
    public virtual void StorageSynced(ReplicaId replica, long throughVtOffset) { }
    public virtual void CheckpointWritten(ReplicaId replica, long throughVtOffset, bool endOfPush) { }
    public virtual void VersionStatusChanged(StoreVersion version, VersionStatus status) { }
    public virtual void ControlMessageConsumed(ReplicaId replica, ControlMessageType type, long vtOffset) { }
    public virtual void PromotionProgressed(ReplicaId replica, long term, bool completed) { }
    public virtual void Note(string actor, string kind, string detail) { }
}

/// <summary>The observer used when nobody watches.</summary>
public sealed class NullWritePathObserver : WritePathObserverBase
{
    public static NullWritePathObserver Instance { get; } = new();
}
