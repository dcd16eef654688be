using System.Text.Json;
using System.Text.Json.Nodes;
using Venice.Sim.Coyote;
using Venice.Sim.Running;

namespace Venice.Sim.Tests.Exploration;

/// <summary>
/// A recorded Coyote schedule that is damaged, or that does not fit the world, is refused as bad input
/// (<see cref="UnreplayableScheduleException"/>, exit code 2 on the command line), never an internal
/// error: Coyote's replay dereferences, indexes past or mistypes what it cannot follow.
/// </summary>
[TestFixture]
[Category("Coyote")]
public sealed class A_damaged_coyote_schedule
{
    /// <summary>The small hybrid failover world of the Coyote tests, with a defect Coyote finds at once.</summary>
    private static WorldBuilder World() => Coyote.BuilderWorldUnderCoyote.SmallHybridFailover().WithDefect("promote-without-wait");

    private string schedule = "";

    [OneTimeSetUp]
    public void FindABug()
    {
        var found = CoyoteTesting.Explore(World(), new CoyoteOptions(Iterations: 50, Seed: 1));
        Assert.That(found.ReproducibleTrace, Is.Not.Null, "promote-without-wait is found within 50 iterations");
        schedule = found.ReproducibleTrace!;
    }

    private string Damaged(Action<JsonObject> damage)
    {
        var json = JsonNode.Parse(schedule)!.AsObject();
        damage(json);
        return json.ToJsonString();
    }

    private static IEnumerable<TestCaseData> Damages()
    {
        yield return new TestCaseData((Action<JsonObject>)(j => j.Remove("Settings")), "no Settings object").SetArgDisplayNames("without settings");
        yield return new TestCaseData((Action<JsonObject>)(j => j.Remove("Steps")), "no Steps list").SetArgDisplayNames("without steps");
        yield return new TestCaseData((Action<JsonObject>)(j => j["Steps"] = "garbage"), "no Steps list").SetArgDisplayNames("steps not a list");
        yield return new TestCaseData((Action<JsonObject>)(j => j["Settings"]!["Strategy"] = "nonsense"), "Settings.Strategy must be one of").SetArgDisplayNames("unknown strategy");
        yield return new TestCaseData((Action<JsonObject>)(j => j["Steps"] = new JsonArray("x", "y")), "Steps[0] 'x' is not a recorded decision").SetArgDisplayNames("junk steps");
        yield return new TestCaseData((Action<JsonObject>)(j => j["Settings"]!["Seed"] = "abc"), "the value at $.Settings.Seed has the wrong type").SetArgDisplayNames("mistyped seed");
        yield return new TestCaseData((Action<JsonObject>)(j => j["Steps"] = new JsonArray(Enumerable.Range(0, 40).Select(_ => (JsonNode)"op(7:1),int(999999)").ToArray())),
            "Coyote ran none of it").SetArgDisplayNames("decisions of another program");
        yield return new TestCaseData((Action<JsonObject>)(j => j["Steps"] = new JsonArray(Enumerable.Range(0, 40).Select(_ => (JsonNode)"op(0:2654435832)").ToArray())),
            "Coyote cannot follow it").SetArgDisplayNames("decisions without values");
    }

    [TestCaseSource(nameof(Damages))]
    public void Is_refused_as_unreplayable_saying_why(Action<JsonObject> damage, string why)
    {
        string damaged = Damaged(damage);

        var refused = Assert.Throws<UnreplayableScheduleException>(() => CoyoteTesting.Replay(World(), damaged));

        Assert.That(refused!.Message, Does.Contain(why));
        Assert.That(refused.Message, Does.Not.Contain("System.").And.Not.Contain("Exception"));
    }

    [Test]
    public void Replays_when_undamaged()
    {
        Assert.That(CoyoteTesting.Replay(World(), schedule).Outcome, Is.EqualTo(RunOutcome.Failed));
    }
}
