using Venice.Sim.Model;

namespace Venice.Sim.Faults;

/// <summary>
/// Places a scenario's `random:` faults: each at a time in [0, faultsUntil), on a server, lasting within
/// the timing assumptions Venice relies on (docs/faults.md), where <see cref="IFaultChoices"/> says (the
/// seed, or Coyote). The draws are made in a fixed order (crashes, expiries, pauses, isolations; time,
/// server, duration), so the same choices place the same faults.
/// </summary>
internal static class RandomFaultPlacement
{
    /// <param name="at">Schedules an action at a sim time with its trace description.</param>
    public static void Place(RandomFaultSpec spec, long faultsUntilMs, IFaultChoices choices, int servers,
        Action<long, string, Action> at, FaultInjector faults)
    {
        long window = Math.Max(1, faultsUntilMs);
        long min = FaultInjector.MinRandomDurationMs, max = FaultInjector.MaxRandomDurationMs;
        for (int i = 0; i < spec.Crashes; i++)
        {
            long time = choices.TimeWithin(window);
            int server = choices.Server(servers);
            long downFor = choices.DurationBetween(min, max);
            at(time, $"crash server-{server} (random)", () => faults.Crash(server));
            at(time + downFor, $"restart server-{server} (random)", () => faults.Restart(server));
        }
        for (int i = 0; i < spec.SessionExpiries; i++)
        {
            long time = choices.TimeWithin(window);
            int server = choices.Server(servers);
            at(time, $"expire session of server-{server} (random)", () => faults.ExpireSession(server));
        }
        for (int i = 0; i < spec.Pauses; i++)
        {
            long time = choices.TimeWithin(window);
            int server = choices.Server(servers);
            long duration = choices.DurationBetween(min, max);
            at(time, $"pause server-{server} for {duration} ms (random)", () => faults.Pause(server, duration));
        }
        for (int i = 0; i < spec.Isolations; i++)
        {
            long time = choices.TimeWithin(window);
            int server = choices.Server(servers);
            long duration = choices.DurationBetween(min, max);
            at(time, $"isolate server-{server} for {duration} ms (random)", () => faults.Isolate(server, duration));
        }
    }
}
