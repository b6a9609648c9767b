package io.klag.spi;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The narrow set of cluster calls one collection cycle makes, each for many groups or partitions
 * at once. klag's collector calls them in this order: {@link #listGroups()}, {@link
 * #describeGroups} (when members are wanted), {@link #committedOffsets}, then {@link #endOffsets}
 * and {@link #startOffsets} — commits before end offsets, so a race can only overstate lag.
 *
 * <p>The kafka-clients implementation is {@code io.klag.kafka.KafkaClusters#access}; tests can use
 * {@link InMemoryKafkaAccess}. Calls come from one klag thread per cluster at a time.
 * Implementations throw {@link KafkaAccessException} for failures of a whole call.
 *
 * <pre>{@code
 * KafkaAccess access = KafkaClusters.access(Map.of("bootstrap.servers", "127.0.0.1:9092"));
 * LagCollector.builder().cluster("local", access).build();
 * }</pre>
 */
public interface KafkaAccess extends AutoCloseable {

  /** Every consumer group of the cluster (classic, consumer protocol and simple), with type and state. */
  List<GroupListing> listGroups();

  /** Members and assignments of the given groups. Groups that could not be described are absent. */
  default Map<String, GroupDescription> describeGroups(Collection<String> groupIds) {
    return Map.of();
  }

  /** The committed offsets of all the given groups, in as few requests as the cluster allows. */
  CommittedOffsets committedOffsets(Collection<String> groupIds);

  /** The end offsets of the given partitions (high watermark, or last stable offset if so configured). */
  OffsetsResult endOffsets(Collection<TopicPartition> partitions);

  /** The log start offsets of the given partitions. */
  OffsetsResult startOffsets(Collection<TopicPartition> partitions);

  /** Releases the clients this access owns. The default does nothing. */
  @Override
  default void close() {}
}
