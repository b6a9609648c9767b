package io.klag.spi;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * What one cycle asks a {@link TimeLagEstimator}: the committed positions of lagging partitions
 * (deduplicated over groups), plus every end offset the cycle read, so an estimator can keep the
 * history it needs (interpolation does).
 *
 * <pre>{@code
 * new TimeLagQuery(clock.instant(), Set.of(new OffsetPosition(tp, 90)), Map.of(tp, 100L))
 * }</pre>
 *
 * @param now the cycle's time, from the collector's clock
 * @param positions the positions to estimate; never contains a partition with zero lag
 * @param endOffsets the end offsets read in this cycle
 */
public record TimeLagQuery(Instant now, Set<OffsetPosition> positions, Map<TopicPartition, Long> endOffsets) {
  public TimeLagQuery {
    Objects.requireNonNull(now, "now");
    positions = Copies.set(positions);
    endOffsets = Copies.map(endOffsets);
  }
}
