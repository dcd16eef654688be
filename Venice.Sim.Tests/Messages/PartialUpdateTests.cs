using Venice.Core.Messages;

namespace Venice.Sim.Tests.Messages;

/// <summary>
/// The model's partial update: bytes [offset, offset + length) of the current value are overwritten,
/// and a value too short is zero-extended first (docs/write-path.md, "UPDATE").
/// </summary>
[TestFixture]
public sealed class PartialUpdateTests
{
    private static byte[] Bytes(string text) => System.Text.Encoding.ASCII.GetBytes(text);

    [Test]
    public void An_update_inside_the_value_overwrites_just_its_bytes()
    {
        byte[] result = PartialUpdate.Apply(Bytes("hello world"), PartialUpdate.Encode(6, Bytes("WORLD")));

        Assert.That(result, Is.EqualTo(Bytes("hello WORLD")));
    }

    [Test]
    public void An_update_running_past_the_end_extends_the_value()
    {
        byte[] result = PartialUpdate.Apply(Bytes("abc"), PartialUpdate.Encode(2, Bytes("XYZ")));

        Assert.That(result, Is.EqualTo(Bytes("abXYZ")));
    }

    [Test]
    public void An_update_beyond_the_end_zero_fills_the_gap()
    {
        byte[] result = PartialUpdate.Apply(Bytes("ab"), PartialUpdate.Encode(4, Bytes("Z")));

        Assert.That(result, Is.EqualTo(new byte[] { (byte)'a', (byte)'b', 0, 0, (byte)'Z' }));
    }

    [Test]
    public void An_update_of_an_absent_key_starts_from_the_empty_value()
    {
        byte[] result = PartialUpdate.Apply([], PartialUpdate.Encode(1, Bytes("Q")));

        Assert.That(result, Is.EqualTo(new byte[] { 0, (byte)'Q' }));
    }

    [Test]
    public void An_update_with_no_bytes_only_zero_extends_to_its_offset()
    {
        Assert.That(PartialUpdate.Apply(Bytes("ab"), PartialUpdate.Encode(3, [])), Is.EqualTo(new byte[] { (byte)'a', (byte)'b', 0 }));
        Assert.That(PartialUpdate.Apply(Bytes("abcd"), PartialUpdate.Encode(3, [])), Is.EqualTo(Bytes("abcd")));
    }

    [Test]
    public void Applying_an_update_leaves_its_inputs_unchanged()
    {
        byte[] current = Bytes("abc");
        byte[] payload = PartialUpdate.Encode(0, Bytes("Z"));

        PartialUpdate.Apply(current, payload);

        Assert.That(current, Is.EqualTo(Bytes("abc")));
        Assert.That(payload, Is.EqualTo(PartialUpdate.Encode(0, Bytes("Z"))));
    }

    [Test]
    public void Two_updates_applied_in_order_compose()
    {
        byte[] first = PartialUpdate.Apply(Bytes("0000"), PartialUpdate.Encode(0, Bytes("a")));
        byte[] second = PartialUpdate.Apply(first, PartialUpdate.Encode(3, Bytes("d")));

        Assert.That(second, Is.EqualTo(Bytes("a00d")));
        Assert.That(PartialUpdate.Apply(Bytes("0000"), PartialUpdate.Encode(3, Bytes("d"))), Is.EqualTo(Bytes("000d")),
            "the second alone, from the value before the first, loses the first");
    }

    [Test]
    public void A_payload_parses_back_to_its_offset_and_bytes()
    {
        byte[] payload = PartialUpdate.Encode(77, Bytes("xy"));

        Assert.That(PartialUpdate.TryParse(payload, out int offset, out ReadOnlySpan<byte> bytes), Is.True);
        Assert.That(offset, Is.EqualTo(77));
        Assert.That(bytes.ToArray(), Is.EqualTo(Bytes("xy")));
        Assert.That(payload, Has.Length.EqualTo(PartialUpdate.HeaderBytes + 2));
    }

    [TestCase(new byte[] { })]
    [TestCase(new byte[] { 1, 2, 3 })]
    [TestCase(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 9 })] // offset -1
    [TestCase(new byte[] { 0xFF, 0xFF, 0xFF, 0x7F, 9 })] // offset int.MaxValue
    public void A_malformed_payload_is_rejected_by_parse_and_by_apply(byte[] payload)
    {
        Assert.That(PartialUpdate.IsWellFormed(payload), Is.False);
        Assert.That(() => PartialUpdate.Apply([], payload), Throws.ArgumentException);
    }

    [Test]
    public void An_update_may_reach_exactly_the_largest_value_but_not_past_it()
    {
        Assert.That(PartialUpdate.IsWellFormed(PartialUpdate.Encode(PartialUpdate.MaxValueBytes - 1, [7])), Is.True);
        Assert.That(PartialUpdate.Apply([], PartialUpdate.Encode(PartialUpdate.MaxValueBytes, [])), Has.Length.EqualTo(PartialUpdate.MaxValueBytes));
        Assert.That(() => PartialUpdate.Encode(PartialUpdate.MaxValueBytes, [7]), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => PartialUpdate.Encode(-1, []), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
