package io.klag.spi;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Offsets of many partitions, read at once; partitions whose read failed (no leader, say) are in
 * {@code failures}.
 *
 * <pre>{@code
 * new OffsetsResult(Map.of(new TopicPartition("orders", 0), 100L), Map.of())
 * }</pre>
 *
 * @param offsets by partition
 * @param failures by partition, why it could not be read
 */
public record OffsetsResult(
    Map<TopicPartition, Long> offsets, Map<TopicPartition, KafkaAccessException> failures) {
  public OffsetsResult {
    offsets = Copies.map(offsets);
    failures = Copies.map(failures);
  }
}
