using Venice.Sim.Running;
using Venice.Sim.Tests.Library;

namespace Venice.Sim.Tests.Running;

/// <summary>
/// Swarm testing: the seed places random faults (within Venice's timing assumptions), so with the
/// defects off every seed must settle with no violation. A failure names the seed and the command
/// that reproduces it.
/// </summary>
public sealed class SwarmTests
{
    private static IEnumerable<TestCaseData> Seeds()
    {
        foreach (long seed in Enumerable.Range(1, 150)) yield return Case("scenarios/fast/swarm-small.yaml", seed);
        foreach (long seed in Enumerable.Range(1, 50)) yield return Case("scenarios/fast/swarm-batch.yaml", seed);
        foreach (long seed in Enumerable.Range(1, 50)) yield return Case("scenarios/fast/swarm-hybrid.yaml", seed);
    }

    private static TestCaseData Case(string path, long seed) =>
        new TestCaseData(path, seed).SetName($"{Path.GetFileNameWithoutExtension(path)} seed {seed}");

    [TestCaseSource(nameof(Seeds))]
    public void A_random_fault_run_settles_with_no_violation(string path, long seed)
    {
        var result = LibraryScenario.Run(LibraryScenario.Load(path), seed);

        Assert.That(result.Outcome, Is.EqualTo(RunOutcome.Passed), () => LibraryScenario.Describe(result, path));
    }

    [TestCase("checkpoint-before-sync")]
    [TestCase("resume-rt-from-latest")]
    public void The_same_swarm_fails_when_a_seeded_defect_is_on(string defect)
    {
        const string path = "scenarios/fast/swarm-small.yaml";
        var scenario = LibraryScenario.Load(path);

        var failed = Enumerable.Range(1, 5).Select(seed => LibraryScenario.Run(scenario, seed, [defect]))
            .Where(result => result.Outcome == RunOutcome.Failed).ToList();

        Assert.That(failed, Is.Not.Empty, $"no seed of {path} caught {defect}");
    }
}
