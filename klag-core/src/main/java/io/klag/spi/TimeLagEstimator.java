package io.klag.spi;

import io.klag.TimeLag;
import java.util.Map;

/**
 * Estimates how far behind, in time, a committed offset is. Called once per cycle per cluster with
 * every lagging position; it may answer for some positions only (the rest have no time lag this
 * cycle). It must return within its own time budget and never block a cycle indefinitely.
 *
 * <p>Two methods fit: sampling the timestamp of the record at the committed offset ({@code
 * io.klag.kafka.KafkaClusters#recordTimestampSampler}, the default with Kafka) and interpolating
 * over the end-offset history in {@link TimeLagQuery#endOffsets()}.
 *
 * <pre>{@code
 * TimeLagEstimator fixed = query -> Map.of(); // never knows a time lag
 * builder.cluster("prod", access, fixed);
 * }</pre>
 */
@FunctionalInterface
public interface TimeLagEstimator extends AutoCloseable {

  /** An estimator that knows no time lags. */
  static TimeLagEstimator none() {
    return query -> Map.of();
  }

  /** Time lags for some or all of {@code query.positions()}. May throw; the cycle goes on without. */
  Map<OffsetPosition, TimeLag> estimate(TimeLagQuery query);

  /** Releases what the estimator owns (a consumer, say). The default does nothing. */
  @Override
  default void close() {}
}
