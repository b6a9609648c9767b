package io.klag.spi;

import java.util.Objects;
import org.apache.kafka.common.TopicPartition;

/**
 * An offset in a partition: what a time-lag estimator is asked about.
 *
 * <pre>{@code
 * new OffsetPosition(new TopicPartition("orders", 0), 90)
 * }</pre>
 *
 * @param partition the partition
 * @param offset the offset (a group's committed offset: the next record it will read)
 */
public record OffsetPosition(TopicPartition partition, long offset) {
  public OffsetPosition {
    Objects.requireNonNull(partition, "partition");
  }
}
