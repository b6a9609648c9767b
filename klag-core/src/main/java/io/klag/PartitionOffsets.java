package io.klag;

import java.util.Objects;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;

/**
 * A partition's end offset (and start offset, where read) as of a collection cycle, independent of
 * any group. Feeds {@code kafka_partition_latest_offset} and {@code kafka_partition_earliest_offset}.
 *
 * <pre>{@code
 * cluster.partitions().forEach(p -> System.out.println(p.topicPartition() + " " + p.endOffset()));
 * }</pre>
 *
 * @param topicPartition the partition
 * @param endOffset its end offset
 * @param startOffset its log start offset, when start offsets are collected
 */
public record PartitionOffsets(TopicPartition topicPartition, long endOffset, OptionalLong startOffset) {
  public PartitionOffsets {
    Objects.requireNonNull(topicPartition, "topicPartition");
    Objects.requireNonNull(startOffset, "startOffset");
  }
}
