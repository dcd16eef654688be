using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Venice.Core.Messages;
using Venice.Core.Validation;

namespace Venice.Bench;

/// <summary>
/// What the floor's per-record checksum costs: ADHASH folds the MD5 of every record (type byte, key,
/// value) into a running sum. Beside the managed MD5 that <see cref="AdHashChecksum"/> uses, the two
/// ways through OpenSSL: IncrementalHash (four native calls per record, what ADHASH used before) and
/// one-shot MD5.HashData over the record copied into one buffer. One operation digests one record.
/// </summary>
[MemoryDiagnoser]
public class RecordChecksumCost
{
    private readonly AdHashChecksum adHash = new();
    private readonly IncrementalHash incremental = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
    private readonly byte[] key = "key-00000001"u8.ToArray();
    private byte[] value = [];
    private byte[] contiguous = [];

    [Params(100, 1024, 4096)]
    public int ValueBytes { get; set; }

    [GlobalSetup]
    public void Values()
    {
        value = new byte[ValueBytes];
        contiguous = new byte[1 + key.Length + ValueBytes];
    }

    [Benchmark(Baseline = true)]
    public void ManagedAdHash() => adHash.UpdateRecord(MessageType.Put, key, value);

    [Benchmark]
    public int IncrementalHashMd5()
    {
        ReadOnlySpan<byte> type = [(byte)MessageType.Put];
        incremental.AppendData(type);
        incremental.AppendData(key);
        incremental.AppendData(value);
        Span<byte> digest = stackalloc byte[16];
        incremental.TryGetHashAndReset(digest, out int written);
        return written;
    }

    [Benchmark]
    public int OneShotMd5()
    {
        contiguous[0] = (byte)MessageType.Put;
        key.CopyTo(contiguous, 1);
        value.CopyTo(contiguous, 1 + key.Length);
        Span<byte> digest = stackalloc byte[16];
        return MD5.HashData(contiguous, digest);
    }
}
