namespace Venice.Core.Messages;

/// <summary>Envelope message type, numbered as Venice's KafkaMessageEnvelope v14.</summary>
public enum MessageType : byte
{
    Put = 0,
    Delete = 1,
    Control = 2,

    /// <summary>
    /// A partial update (Venice's write compute): legal only in a real-time topic, where the leader
    /// applies it to the key's current value and produces the result to the version topic as a PUT.
    /// Venice numbers it 3 (its key header byte is 4, which is a different field).
    /// </summary>
    Update = 3,
}

/// <summary>Control message types, numbered as Venice's ControlMessageType.</summary>
public enum ControlMessageType : byte
{
    StartOfPush = 0,
    EndOfPush = 1,
    StartOfSegment = 2,
    EndOfSegment = 3,
    TopicSwitch = 7,

    /// <summary>
    /// The Declaration-of-Leadership stamp a replica in transition to leader produces to its local VT
    /// and waits to read back (docs/venice-write-path.md §2). Venice sends it as a control message with its own
    /// marker; the model gives it its own type, outside Venice's numbering, carrying only the leader
    /// metadata (host and term) in the envelope.
    /// </summary>
    DeclarationOfLeadership = 64,
}

/// <summary>Segment checksum types, numbered as Venice's CheckSumType.</summary>
public enum ChecksumType : byte
{
    None = 0,
    Md5 = 1,
    Adler32 = 2,
    Crc32 = 3,
    AdHash = 4,
}
