using Venice.Sim.Tests.Library;

namespace Venice.Sim.Tests.Running;

/// <summary>
/// Same scenario + seed => byte-identical trace (docs/design.md §2): a fault-heavy scenario run twice per
/// seed must write the same trace, and different seeds must explore different runs.
/// </summary>
public sealed class DeterminismTests
{
    private const string FaultHeavy = "scenarios/fast/swarm-small.yaml";
    private const int Seeds = 50;

    [Test]
    public void Every_seed_of_a_fault_heavy_scenario_writes_the_same_trace_twice_and_different_seeds_differ()
    {
        var scenario = LibraryScenario.Load(FaultHeavy);
        var hashes = new Dictionary<string, long>();
        for (long seed = 1; seed <= Seeds; seed++)
        {
            var first = LibraryScenario.Run(scenario, seed);
            var second = LibraryScenario.Run(scenario, seed);
            Assert.That(second.TraceSha256, Is.EqualTo(first.TraceSha256), $"seed {seed} is not deterministic");
            Assert.That(second.Steps, Is.EqualTo(first.Steps));
            Assert.That(hashes.TryAdd(first.TraceSha256, seed), Is.True,
                $"seeds {hashes.GetValueOrDefault(first.TraceSha256)} and {seed} wrote the same trace");
        }
    }
}
