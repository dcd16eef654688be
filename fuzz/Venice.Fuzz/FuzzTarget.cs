namespace Venice.Fuzz;

/// <summary>
/// One decoder under fuzzing. A target returns normally for every input the code under test handles
/// correctly (accepted or rejected); it throws, and so makes the fuzzer record a crash, when the code
/// under test throws or breaks one of the invariants the target checks.
/// </summary>
internal delegate void FuzzTarget(ReadOnlySpan<byte> input);

/// <summary>An invariant of the code under test that an input broke: a finding, not a harness error.</summary>
internal sealed class FuzzFindingException(string message) : Exception(message);
