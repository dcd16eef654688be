namespace Venice.Core.Messages;

/// <summary>Envelope message type, numbered as Venice's KafkaMessageEnvelope v14.</summary>
public enum MessageType : byte
{
    Put = 0,
    Delete = 1,
    Control = 2,
}

/// <summary>Control message types, numbered as Venice's ControlMessageType.</summary>
public enum ControlMessageType : byte
{
    StartOfPush = 0,
    EndOfPush = 1,
    StartOfSegment = 2,
    EndOfSegment = 3,
    TopicSwitch = 7,
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
