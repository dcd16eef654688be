using Venice.Sim.InMemory;
using Venice.Sim.Running;
using Venice.Sim.Model;

namespace Venice.Sim.Tests.Building;

public sealed class WorkloadTests
{
    private static List<WorkloadRecord> Drain(IWorkload workload, long seed)
    {
        var cursor = workload.Start(new WorkloadStart(new SeededRandom(seed), "s", RealTime: false));
        var records = new List<WorkloadRecord>();
        while (cursor.TryNext(out var r)) records.Add(r with { Key = r.Key.ToArray(), Value = r.Value.ToArray() });
        return records;
    }

    [Test]
    public void Record_i_writes_key_i_mod_keys_and_values_stay_within_the_size_range()
    {
        var workload = new Workload { Records = 30, Keys = 7, ValueSize = ValueSize.Uniform(5, 9) };

        var records = Drain(workload, 1);

        Assert.That(records, Has.Count.EqualTo(30));
        Assert.That(System.Text.Encoding.ASCII.GetString(records[9].Key.Span), Is.EqualTo("key-00000002"));
        Assert.That(records.Select(r => r.Value.Length), Is.All.InRange(5, 9));
        Assert.That(records.Select(r => r.Value.Length).Distinct().Count(), Is.GreaterThan(1));
    }

    [Test]
    public void The_mix_decides_how_many_records_are_deletes_and_the_seed_which()
    {
        var workload = new Workload { Records = 1000, Keys = 50, Mix = new OperationMix(puts: 3, deletes: 1, updates: 0) };

        var records = Drain(workload, 1);
        int deletes = records.Count(r => r.Kind == WriteKind.Delete);

        Assert.That(deletes, Is.InRange(180, 320));
        Assert.That(records.Where(r => r.Kind == WriteKind.Delete).Select(r => r.Value.Length), Is.All.EqualTo(0));
        Assert.That(Drain(workload, 1).Select(r => r.Kind), Is.EqualTo(records.Select(r => r.Kind)));
        Assert.That(Drain(workload, 2).Select(r => r.Kind), Is.Not.EqualTo(records.Select(r => r.Kind)));
    }

    [Test]
    public void Out_of_range_bounds_are_refused_naming_the_property()
    {
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => _ = new Workload { Records = -1 })!.ParamName, Is.EqualTo("Records"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => _ = new Workload { Keys = 0 })!.ParamName, Is.EqualTo("Keys"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => _ = new Workload { Keys = Workload.MaxKeys + 1 })!.ParamName, Is.EqualTo("Keys"));
    }

    /// <summary>A user's own stream: writes then deletes every key, so a correct store ends empty.</summary>
    private sealed class WriteThenDeleteAll(int keys) : IWorkload
    {
        public long Records => 2L * keys;
        public int? RatePerSecond => null;
        public string Describe() => $"write then delete {keys} keys";

        public IWorkloadCursor Start(WorkloadStart start) => new Cursor(keys);

        private sealed class Cursor(int keys) : IWorkloadCursor
        {
            private int next;

            public bool TryNext(out WorkloadRecord record)
            {
                if (next >= 2 * keys) { record = default; return false; }
                var key = System.Text.Encoding.ASCII.GetBytes($"user-{next % keys}");
                record = next++ < keys ? new WorkloadRecord(WriteKind.Put, key, new byte[] { 1, 2, 3, 4 }) : new WorkloadRecord(WriteKind.Delete, key, default);
                return true;
            }
        }
    }

    [Test]
    public void A_user_workload_plugs_into_the_push_and_its_deletes_reach_storage()
    {
        var world = WorldBuilder.Create(5).WithServers(3)
            .WithStore(StoreDefinition.Batch("users", 2, 3))
            .WithPush("users", new WriteThenDeleteAll(40))
            .Build();

        var result = world.Run();

        Assert.That(result.Outcome, Is.EqualTo(RunOutcome.Passed), string.Join("; ", result.ExpectationFailures));
        Assert.That(world.StorageEngines.Sum(e => Enumerable.Range(0, 2).Sum(p => e.HasPartition(world.Version, p) ? e.OpenPartition(world.Version, p).KeyCount : 0)), Is.EqualTo(0));
    }
}
