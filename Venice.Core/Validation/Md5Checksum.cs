using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Venice.Core.Messages;

namespace Venice.Core.Validation;

/// <summary>
/// MD5 over the concatenated checksummed bytes of the segment's records. IncrementalHash keeps its
/// state private, so this checksum cannot be checkpointed or cloned: a validator that restores or
/// copies a segment mid-way marks it unverifiable instead.
/// </summary>
public sealed class Md5Checksum : ISegmentChecksum, IDisposable
{
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.MD5);

    public ChecksumType Type => ChecksumType.Md5;

    public bool IsResumable => false;

    public void Update(ReadOnlySpan<byte> bytes) => hash.AppendData(bytes);

    public void CompleteField()
    {
    }

    public byte[] Finish() => hash.GetCurrentHash();

    public bool TryGetState(out ReadOnlySpan<byte> state)
    {
        state = default;
        return false;
    }

    public bool TryClone([NotNullWhen(true)] out ISegmentChecksum? clone)
    {
        clone = null;
        return false;
    }

    public void Dispose() => hash.Dispose();
}
