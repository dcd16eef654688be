using SharpFuzz;
using Venice.Fuzz;

// Usage (docs/fuzzing.md):
//   Venice.Fuzz <target> libfuzzer            run under libFuzzer (libfuzzer-dotnet starts this process)
//   Venice.Fuzz <target> afl                  run under AFL++ (afl-fuzz starts this process)
//   Venice.Fuzz <target> replay <path>...     run the target once per file (directories: every file in them), no fuzzer
//   Venice.Fuzz seeds <corpus-dir>            write the seed corpus, one folder per target
// Targets: record, tracker, offset, scenario, trace.

if (args is ["seeds", string corpus])
{
    Seeds.WriteAll(corpus);
    return 0;
}

if (args.Length < 2 || !Targets.ByName.TryGetValue(args[0], out FuzzTarget? target))
{
    Console.Error.WriteLine($"usage: Venice.Fuzz <{string.Join('|', Targets.ByName.Keys)}> <libfuzzer|afl|replay <path>...>");
    Console.Error.WriteLine("       Venice.Fuzz seeds <corpus-dir>");
    return 2;
}

switch (args[1])
{
    case "libfuzzer":
        Fuzzer.LibFuzzer.Run(span => target(span));
        return 0;
    case "afl":
        // AFL hands each input over as a stream; the targets take bytes, as libFuzzer gives them.
        Fuzzer.OutOfProcess.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            target(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        });
        return 0;
    case "replay" when args.Length > 2:
        return Replay.Run(args[0], target, args[2..]);
    default:
        Console.Error.WriteLine($"unknown mode '{args[1]}': expected libfuzzer, afl or replay <path>...");
        return 2;
}
