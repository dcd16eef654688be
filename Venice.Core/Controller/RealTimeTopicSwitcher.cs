using Venice.Core.Environment;
using Venice.Core.Log;
using Venice.Core.Messages;
using Venice.Core.Producer;

namespace Venice.Core.Controller;

/// <summary>
/// Venice's RealTimeTopicSwitcher: writes TOPIC_SWITCH (source = the store's RT, rewind start) to
/// every partition of a hybrid version's VT, through a producer of its own.
/// </summary>
public sealed class RealTimeTopicSwitcher
{
    private readonly ILog log;
    private readonly IClock clock;
    private readonly IRandomSource random;
    private readonly ChecksumType checksum;

    public RealTimeTopicSwitcher(ILog log, IClock clock, IRandomSource random, ChecksumType checksum)
    {
        this.log = log;
        this.clock = clock;
        this.random = random;
        this.checksum = checksum;
    }

    /// <summary>Returns whether every partition got its TOPIC_SWITCH.</summary>
    public bool SendTopicSwitch(StoreVersion version, int partitions, long rewindStartTimestampMs)
    {
        var writer = new VeniceWriter(log, version.VersionTopic, random.NextProducerGuid(), checksum, clock);
        bool all = true;
        for (int partition = 0; partition < partitions; partition++)
        {
            all &= writer.SendControl(partition, ControlPayload.TopicSwitch(version.RealTimeTopic, rewindStartTimestampMs)).Succeeded;
        }
        all &= writer.Close().Succeeded;
        return all;
    }
}
