using System.Buffers;

namespace Venice.Core.Messages;

/// <summary>
/// A decoded record: a view over the log's bytes (Key, Value and Checksum are slices, not copies),
/// so decoding allocates nothing. Valid only as long as the underlying buffer is.
/// Only the fields that belong to the record's type carry meaning.
/// </summary>
public readonly struct VeniceRecord
{
    public MessageType Type { get; init; }

    /// <summary>Meaningful when Type is Control.</summary>
    public ControlMessageType ControlType { get; init; }

    public ProducerMetadata Producer { get; init; }

    public bool HasLeaderMetadata { get; init; }

    /// <summary>Meaningful when HasLeaderMetadata.</summary>
    public LeaderMetadata Leader { get; init; }

    /// <summary>The record key (PUT, DELETE, UPDATE); empty for control messages.</summary>
    public ReadOnlySequence<byte> Key { get; init; }

    /// <summary>PUT: the value. UPDATE: the partial update payload (<see cref="PartialUpdate"/>'s layout, already validated).</summary>
    public ReadOnlySequence<byte> Value { get; init; }

    /// <summary>StartOfSegment and EndOfSegment: the segment's checksum type.</summary>
    public ChecksumType ChecksumType { get; init; }

    /// <summary>EndOfSegment: the checksum of the segment's records.</summary>
    public ReadOnlySequence<byte> Checksum { get; init; }

    /// <summary>EndOfSegment: whether the producer closed for good.</summary>
    public bool FinalSegment { get; init; }

    /// <summary>TopicSwitch: the topic the leader must consume from next (the RT).</summary>
    public string? TopicSwitchSourceTopic { get; init; }

    /// <summary>TopicSwitch: rewind start as a timestamp (ms); -1 when none.</summary>
    public long RewindStartTimestampMs { get; init; }

    public bool IsControl(ControlMessageType type) => Type == MessageType.Control && ControlType == type;

    /// <summary>Data = PUT, DELETE or UPDATE: the records a segment checksum covers.</summary>
    public bool IsData => Type is MessageType.Put or MessageType.Delete or MessageType.Update;
}
