namespace Venice.Core.Ingestion;

/// <summary>
/// Records a leader produced to its local VT and has not persisted yet, in produce order: each one's VT
/// offset and a copy of its bytes (the producer's buffer is reused for the next record). The copies live
/// in one byte buffer that is reused as the drainer empties the queue, so a leader's produce callback
/// allocates nothing per record: only the buffer's amortised growth, when more bytes wait than ever before.
/// </summary>
internal sealed class ProducedRecordQueue
{
    private readonly Queue<Pending> records = new();
    private byte[] bytes = new byte[4096];

    // The buffer holds the bytes of logical positions [origin, origin + bytes.Length); head and tail are
    // logical, so compacting (moving the waiting bytes to the front) needs no update of the queued records.
    private long origin;
    private long head;
    private long tail;

    private readonly record struct Pending(long VtOffset, long Start, int Length);

    public int Count => records.Count;

    public void Enqueue(long vtOffset, ReadOnlySpan<byte> record)
    {
        if (records.Count == 0) origin = head = tail = 0;
        if (tail - origin + record.Length > bytes.Length) MakeRoom(record.Length);
        record.CopyTo(bytes.AsSpan((int)(tail - origin)));
        records.Enqueue(new Pending(vtOffset, tail, record.Length));
        tail += record.Length;
    }

    /// <summary>The oldest record: its VT offset and bytes, valid until the next <see cref="Enqueue"/>.</summary>
    public (long VtOffset, ReadOnlyMemory<byte> Bytes) Dequeue()
    {
        var next = records.Dequeue();
        head = next.Start + next.Length;
        return (next.VtOffset, bytes.AsMemory((int)(next.Start - origin), next.Length));
    }

    public void Clear()
    {
        records.Clear();
        origin = head = tail = 0;
    }

    private void MakeRoom(int needed)
    {
        int waiting = (int)(tail - head);
        byte[] target = waiting + needed <= bytes.Length ? bytes : new byte[Math.Max(bytes.Length * 2, waiting + needed)];
        bytes.AsSpan((int)(head - origin), waiting).CopyTo(target);
        bytes = target;
        origin = head;
    }
}
