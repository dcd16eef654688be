using FsCheck;
using FsCheck.Fluent;
using Venice.Core.Messages;

namespace Venice.Sim.Tests.Messages;

/// <summary>Round trip and rejection properties of the partial update payload.</summary>
[TestFixture]
public sealed class PartialUpdateProperties
{
    [Test]
    public void Any_well_formed_update_parses_back_to_its_offset_and_bytes()
    {
        Prop.ForAll(Arb.From(CodecGenerators.PartialUpdateParts), update =>
        {
            byte[] payload = PartialUpdate.Encode(update.Offset, update.Bytes);
            return PartialUpdate.TryParse(payload, out int offset, out ReadOnlySpan<byte> bytes)
                && offset == update.Offset
                && bytes.SequenceEqual(update.Bytes);
        }).Verify();
    }

    [Test]
    public void Any_byte_string_parses_or_is_rejected_and_a_parsed_one_re_encodes_to_itself()
    {
        // Small payloads with edge offsets: random 4-byte prefixes are mostly out of bounds, so the
        // generator mixes in offsets near zero and near the limit to reach both answers.
        Gen<byte[]> payloads =
            from offset in Gen.OneOf(CodecGenerators.Int32, Gen.Choose(-2, 2), Gen.Choose(PartialUpdate.MaxValueBytes - 40, PartialUpdate.MaxValueBytes + 2))
            from rest in CodecGenerators.Bytes
            from cut in Gen.Choose(0, 4)
            select (byte[])[.. BitConverter.GetBytes(offset).AsSpan(0, 4 - cut), .. (cut == 0 ? rest : [])];

        Prop.ForAll(Arb.From(payloads), payload =>
        {
            if (!PartialUpdate.TryParse(payload, out int offset, out ReadOnlySpan<byte> bytes))
            {
                return !PartialUpdate.IsWellFormed(payload);
            }
            return PartialUpdate.IsWellFormed(payload)
                && PartialUpdate.Encode(offset, bytes).AsSpan().SequenceEqual(payload);
        }).Verify(maxTest: 1000);
    }
}
