package io.klag;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One group's lag summed over the partitions of one topic.
 *
 * <pre>{@code
 * group.topics().get("orders").sumLag()
 * }</pre>
 *
 * @param topic the topic
 * @param partitionCount how many of its partitions the group has committed offsets on
 * @param sumLag the sum of their offset lags
 * @param maxLag the largest of their offset lags
 * @param maxTimeLag the largest known time lag, if any partition has one
 */
public record TopicLag(
    String topic, int partitionCount, long sumLag, long maxLag, Optional<Duration> maxTimeLag) {
  public TopicLag {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(maxTimeLag, "maxTimeLag");
  }
}
