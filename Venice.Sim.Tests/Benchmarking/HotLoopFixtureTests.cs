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

    [Test]
    public void An_impossible_fixture_is_refused_naming_the_parameter()
    {
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => HotLoopFixture.Create(records: 10, partitions: 0))!.ParamName, Is.EqualTo("partitions"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => HotLoopFixture.Create(records: -1))!.ParamName, Is.EqualTo("records"));
    }
}
