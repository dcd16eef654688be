namespace Venice.Sim.Tests.Scenarios;

/// <summary>Scenario texts shared by the loader and CLI tests.</summary>
internal static class ScenarioTexts
{
    /// <summary>The example of docs/scenarios.md, verbatim.</summary>
    public const string DesignExample = """
        name: leader-crash-mid-push       # unique, kebab-case
        description: The leader of partition 0 crashes while the batch push is half done.
        seed: 7                           # default seed for `run`
        cluster: { servers: 3, partitions: 4, replicationFactor: 3 }
        store:
          name: orders
          kind: hybrid                    # batch | hybrid
          push: { records: 2000, keys: 500, valueBytes: 100 }
          realtime: { records: 1000, ratePerSecond: 200, keys: 300, valueBytes: 100 }   # hybrid only
        config: { checksum: adhash }      # ingestion option overrides (Venice defaults otherwise)
        faults:                           # at: sim time, units ms|s|m
          - { at: 4s, crash: server-1 }
          - { at: 10s, restart: server-1 }
          - { at: 6s, expireSession: server-2 }
          - { at: 7s, isolate: server-0, for: 3s }
          - { at: 8s, pause: server-2, for: 20s }
          - { at: 5s, loseRecord: { topic: version, partition: 0 } }
        random: { crashes: 2, sessionExpiries: 1, pauses: 1, isolations: 1 }   # placed by the seed
        defects: []                       # negative scenarios name defects here
        phases: { faultsUntil: 60s, settleWithin: 600s }
        expect: { versionStatus: ONLINE, violations: [] }   # or the invariants that must be detected

        """;

    /// <summary>The smallest valid scenario: a batch store and only the required keys.</summary>
    public const string Minimal = """
        name: minimal
        description: Smallest valid scenario.
        cluster: { servers: 3, partitions: 2, replicationFactor: 2 }
        store:
          name: orders
          kind: batch
          push: { records: 10, keys: 5, valueBytes: 8 }

        """;

    /// <summary><see cref="Minimal"/> plus extra top-level lines (which start at line 8).</summary>
    public static string MinimalWith(string extraLines) => Minimal + extraLines;
}
