using System.Globalization;
using Venice.Core;
using Venice.Core.Observability;
using Venice.Core.Reporting;
using Venice.Core.Validation;
using Venice.Sim.Tracing;
using Venice.Sim.World;

namespace Venice.Sim.Running;

/// <summary>Turns write-path events into trace lines stamped with the step, sim time and acting actor.</summary>
public sealed class TraceObserver : IWritePathObserver
{
    private readonly ITraceSink sink;
    private SimContext? context;

    public TraceObserver(ITraceSink sink) => this.sink = sink;

    /// <summary>Set once the world (and so its context) exists.</summary>
    public void Attach(SimContext simContext) => context = simContext;

    public void Write(string kind, string detail, string? actor = null)
    {
        long step = context?.Step ?? 0;
        long now = context?.Clock.NowMs ?? 0;
        sink.Write(new TraceEvent(step, now, actor ?? context?.CurrentActor ?? "world", kind, detail));
    }

    private static string I(long value) => value.ToString(CultureInfo.InvariantCulture);

    public void StatusReported(ReplicaId replica, ExecutionStatus status, long vtOffset) =>
        Write("status", $"{replica} {status} vt={I(vtOffset)}");

    public void ReplicaSubscribed(ReplicaId replica, long resumeFromOffset, bool fromCheckpoint) =>
        Write("subscribe", $"{replica} from={I(resumeFromOffset)}{(fromCheckpoint ? " checkpoint" : "")}");

    public void ReplicaUnsubscribed(ReplicaId replica, string reason) => Write("unsubscribe", $"{replica} {reason}");

    public void RecordsConsumed(ReplicaId replica, long firstOffset, long lastOffset, int applied, int duplicates) =>
        Write("consume", $"{replica} vt=[{I(firstOffset)},{I(lastOffset)}] applied={I(applied)} duplicates={I(duplicates)}");

    public void DivFault(ReplicaId replica, long vtOffset, DivResult result, bool fatal) =>
        Write("div", $"{replica} vt={I(vtOffset)} {result}{(fatal ? " fatal" : " lenient")}");

    public void StorageSynced(ReplicaId replica, long throughVtOffset) => Write("sync", $"{replica} vt={I(throughVtOffset)}");

    public void CheckpointWritten(ReplicaId replica, long throughVtOffset, bool endOfPush) =>
        Write("checkpoint", $"{replica} vt={I(throughVtOffset)}{(endOfPush ? " eop" : "")}");

    public void VersionStatusChanged(StoreVersion version, VersionStatus status) => Write("version", $"{version} {status}");

    // Not traced: the status, checkpoint and leader-* lines these events lead to already show them, and
    // traces recorded before the events existed stay byte-identical.
    public void ControlMessageConsumed(ReplicaId replica, Venice.Core.Messages.ControlMessageType type, long vtOffset) { }

    public void PromotionProgressed(ReplicaId replica, long term, bool completed) { }

    public void Note(string actor, string kind, string detail) => Write(kind, detail, actor);
}
