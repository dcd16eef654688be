namespace Venice.Sim.Files;

/// <summary>
/// A world whose log keeps its record bytes in segment files (<see cref="FileLog"/>) rather than in
/// memory: <c>WorldBuilder.WithFileLog</c>, or <c>log: file</c> in a scenario. Each world makes a fresh
/// directory of its own under <see cref="ParentDirectory"/> and deletes it when it is disposed, unless
/// <see cref="Keep"/> is set.
/// </summary>
/// <param name="ParentDirectory">Where the world's log directory is made; the system's temporary directory when null.</param>
/// <param name="Keep">Leave the segment files on disk when the world is disposed (to look at them).</param>
public sealed record FileLogOptions(string? ParentDirectory = null, bool Keep = false)
{
    /// <summary>Segment size; small in tests, so a short run rolls many segments.</summary>
    internal int SegmentBytes { get; init; } = FileLog.DefaultSegmentBytes;

    /// <summary>Write buffer per partition; small in tests, so most reads come from the files.</summary>
    internal int WriteBufferBytes { get; init; } = FileLog.DefaultWriteBufferBytes;
}
