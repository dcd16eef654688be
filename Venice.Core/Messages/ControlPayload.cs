namespace Venice.Core.Messages;

/// <summary>
/// The type-specific part of a control message, as a producer hands it to <see cref="RecordCodec.EncodeControl"/>.
/// Only the fields that belong to <see cref="Type"/> carry meaning; the factories fill the rest with neutral values.
/// </summary>
public readonly record struct ControlPayload(
    ControlMessageType Type,
    ChecksumType ChecksumType,
    byte[]? Checksum,
    bool FinalSegment,
    string? TopicSwitchSourceTopic,
    long RewindStartTimestampMs)
{
    /// <summary>The rewind start of a control message that is not a TopicSwitch (Venice: no rewind).</summary>
    public const long NoRewindTimestampMs = -1;

    public static ControlPayload StartOfPush() =>
        new(ControlMessageType.StartOfPush, ChecksumType.None, null, false, null, NoRewindTimestampMs);

    public static ControlPayload EndOfPush() =>
        new(ControlMessageType.EndOfPush, ChecksumType.None, null, false, null, NoRewindTimestampMs);

    public static ControlPayload DeclarationOfLeadership() =>
        new(ControlMessageType.DeclarationOfLeadership, ChecksumType.None, null, false, null, NoRewindTimestampMs);

    public static ControlPayload StartOfSegment(ChecksumType checksumType) =>
        new(ControlMessageType.StartOfSegment, checksumType, null, false, null, NoRewindTimestampMs);

    public static ControlPayload EndOfSegment(ChecksumType checksumType, byte[] checksum, bool final) =>
        new(ControlMessageType.EndOfSegment, checksumType, checksum, final, null, NoRewindTimestampMs);

    public static ControlPayload TopicSwitch(string sourceTopic, long rewindStartTimestampMs) =>
        new(ControlMessageType.TopicSwitch, ChecksumType.None, null, false, sourceTopic, rewindStartTimestampMs);
}
