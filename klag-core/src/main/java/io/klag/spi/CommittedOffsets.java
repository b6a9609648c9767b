package io.klag.spi;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The committed offsets of many groups, read at once; groups whose read failed are in
 * {@code failures} (their previous data is kept, marked by the error counts).
 *
 * <pre>{@code
 * new CommittedOffsets(Map.of("orders-billing", Map.of(new TopicPartition("orders", 0), 90L)), Map.of())
 * }</pre>
 *
 * @param offsets by group, the committed offset of each partition that has one (no entry for a
 *     partition without a commit)
 * @param failures by group, why its offsets could not be read
 */
public record CommittedOffsets(
    Map<String, Map<TopicPartition, Long>> offsets, Map<String, KafkaAccessException> failures) {
  public CommittedOffsets {
    offsets = Copies.map(offsets);
    failures = Copies.map(failures);
  }
}
