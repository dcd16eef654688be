using Microsoft.Coyote;
using Microsoft.Coyote.Actors;
using TestingEngine = Microsoft.Coyote.SystematicTesting.TestingEngine;
using Venice.Core.Metadata;
using Venice.Sim.InMemory;

namespace Venice.Sim.Tests.InMemory;

/// <summary>
/// The scheduling points inside the in-memory store must let Coyote preempt an actor between two
/// store operations: a read-then-write increment by two actors must be found to lose an update.
/// </summary>
[TestFixture]
public sealed class Coyote_can_preempt_an_actor_between_two_store_operations
{
    [Test]
    public void A_lost_update_between_two_actors_is_found()
    {
        Assert.That(BugsFound(), Is.GreaterThan(0));
    }

    [Test]
    public void Without_scheduling_points_each_actor_step_runs_to_completion_and_no_update_is_lost()
    {
        // Preemption.Enabled is process-wide; this assembly runs fixtures one at a time, so
        // switching it off here cannot leak into another test.
        Preemption.Enabled = false;
        try
        {
            Assert.That(BugsFound(), Is.EqualTo(0));
        }
        finally
        {
            Preemption.Enabled = true;
        }
    }

    private static int BugsFound()
    {
        Configuration configuration = Configuration.Create()
            .WithTestingIterations(200)
            .WithRandomGeneratorSeed(1)
            .WithTelemetryEnabled(false);
        using TestingEngine engine = TestingEngine.Create(configuration, runtime =>
        {
            var store = new InMemoryMetadataStore();
            store.Create("/counter", "0");
            ActorId checker = runtime.CreateActor(typeof(CounterChecker), new CounterChecker.Setup(store, expected: 2));
            runtime.CreateActor(typeof(Incrementer), new Incrementer.Setup(store, checker));
            runtime.CreateActor(typeof(Incrementer), new Incrementer.Setup(store, checker));
        });
        engine.Run();
        return engine.TestReport.NumOfFoundBugs;
    }

    private sealed class Incrementer : Actor
    {
        protected override Task OnInitializeAsync(Event initialEvent)
        {
            var setup = (Setup)initialEvent;
            setup.Store.TryGet("/counter", out MetadataNode counter);
            setup.Store.SetData("/counter", (int.Parse(counter.Data) + 1).ToString(), -1);
            SendEvent(setup.Checker, new Done());
            return Task.CompletedTask;
        }

        internal sealed class Setup(IMetadataStore store, ActorId checker) : Event
        {
            public IMetadataStore Store { get; } = store;

            public ActorId Checker { get; } = checker;
        }
    }

    [OnEventDoAction(typeof(Done), nameof(OnDone))]
    private sealed class CounterChecker : Actor
    {
        private Setup? _setup;
        private int _done;

        protected override Task OnInitializeAsync(Event initialEvent)
        {
            _setup = (Setup)initialEvent;
            return Task.CompletedTask;
        }

        private void OnDone()
        {
            _done++;
            if (_done == _setup!.Expected)
            {
                _setup.Store.TryGet("/counter", out MetadataNode counter);
                Assert(counter.Data == _setup.Expected.ToString(), $"lost update: counter is {counter.Data}");
            }
        }

        internal sealed class Setup(IMetadataStore store, int expected) : Event
        {
            public IMetadataStore Store { get; } = store;

            public int Expected { get; } = expected;
        }
    }

    private sealed class Done : Event;
}
