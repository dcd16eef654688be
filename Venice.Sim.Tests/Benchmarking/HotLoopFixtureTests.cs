using Venice.Core;
using Venice.Core.Storage;
using Venice.Sim.Benchmarking;
using Venice.Sim.InMemory;

namespace Venice.Sim.Tests.Benchmarking;

public sealed class HotLoopFixtureTests
{
    private static readonly StoreVersion Version = new("bench", 1);

    private static int Keys(IStorageEngine storage, int partitions) =>
        Enumerable.Range(0, partitions).Sum(p => storage.HasPartition(Version, p) ? storage.OpenPartition(Version, p).SnapshotSorted().Count : 0);

    [Test]
    public void A_fresh_replica_ingests_every_record_of_the_push_into_the_storage_the_caller_chose()
    {
        int engines = 0;
        var fixture = HotLoopFixture.Create(records: 300, valueBytes: 16, partitions: 3, storage: () => { engines++; return new InMemoryStorageEngine(); });

        var replica = fixture.NewReplica();
        long steps = replica.IngestToEnd();

        Assert.That(steps, Is.GreaterThan(0));
        Assert.That(engines, Is.EqualTo(1), "one fresh engine per replica, from the caller's factory");
        Assert.That(Keys(replica.Storage, 3), Is.EqualTo(300));
        Assert.That(fixture.NewReplica().Storage, Is.Not.SameAs(replica.Storage), "every replica starts on fresh storage");
    }

    [Test]
    public void The_floor_inserts_the_same_records_the_replica_does()
    {
        var fixture = HotLoopFixture.Create(records: 120, valueBytes: 100, partitions: 2);

        var floor = fixture.NewFloor();
        long read = floor.ReadDecodeInsert();

        Assert.That(read, Is.GreaterThanOrEqualTo(120), "every PUT plus the control messages");
        Assert.That(Keys(floor.Storage, 2), Is.EqualTo(120));
    }

    /// <summary>
    /// Item 1 of issue 14 as a deterministic check (no timing): on presized storage, a follower's whole
    /// push allocates a bounded amount (subscriptions, status reports, the checkpoints), nothing per record.
    /// </summary>
    [TestCase(100)]
    [TestCase(4096)]
    public void A_follower_allocates_nothing_per_record_in_steady_state(int valueBytes)
    {
        const int records = 20_000;
        long allocated;
        // As the benchmark runs it. Preemption.Enabled is process-wide; this assembly runs fixtures one
        // at a time (as PreemptionTests relies on too), and it is restored before the assertion.
        Preemption.Enabled = false;
        try
        {
            var fixture = HotLoopFixture.Create(records, valueBytes);
            fixture.NewReplica().IngestToEnd(); // the first run pays for JIT and static state
            var replica = fixture.NewReplica();

            long before = GC.GetAllocatedBytesForCurrentThread();
            replica.IngestToEnd();
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }
        finally
        {
            Preemption.Enabled = true;
        }

        TestContext.Out.WriteLine($"{allocated} B for {records} records ({allocated / (double)records:F3} B/record)");
        Assert.That(allocated / (double)records, Is.LessThan(1.0), $"{allocated} B for {records} records");
    }

    [Test]
    public void An_impossible_fixture_is_refused_naming_the_parameter()
    {
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => HotLoopFixture.Create(records: 10, partitions: 0))!.ParamName, Is.EqualTo("partitions"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => HotLoopFixture.Create(records: -1))!.ParamName, Is.EqualTo("records"));
    }
}
