package io.klag;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;

/**
 * One group's lag on one partition.
 *
 * <pre>{@code
 * PartitionLag p = PartitionLag.of(new TopicPartition("orders", 0), 90, 100); // lag 10
 * p.timeLag().map(TimeLag::seconds);
 * }</pre>
 *
 * @param topicPartition the partition
 * @param committedOffset the group's committed offset
 * @param endOffset the partition's end offset (high watermark, or last stable offset when lag is
 *     measured read-committed) when it was read
 * @param startOffset the partition's log start offset, where it was read
 * @param lag {@code max(0, endOffset - committedOffset)}: never negative
 * @param timeLag the time lag and its method, when known; {@link TimeLag#CAUGHT_UP} when lag is 0
 * @param member the member the partition is assigned to, when members were described
 */
public record PartitionLag(
    TopicPartition topicPartition,
    long committedOffset,
    long endOffset,
    OptionalLong startOffset,
    long lag,
    Optional<TimeLag> timeLag,
    Optional<Member> member) {

  public PartitionLag {
    Objects.requireNonNull(topicPartition, "topicPartition");
    Objects.requireNonNull(startOffset, "startOffset");
    Objects.requireNonNull(timeLag, "timeLag");
    Objects.requireNonNull(member, "member");
    if (lag < 0) {
      throw new IllegalArgumentException("lag: must not be negative, was " + lag);
    }
  }

  /**
   * A partition lag computed from offsets: negative lag (a commit read after the end offset) is
   * clamped to 0, and a partition without lag gets {@link TimeLag#CAUGHT_UP}.
   */
  public static PartitionLag of(TopicPartition tp, long committedOffset, long endOffset) {
    return of(tp, committedOffset, endOffset, OptionalLong.empty(), Optional.empty(), Optional.empty());
  }

  /** As {@link #of(TopicPartition, long, long)}, with the optional parts. */
  public static PartitionLag of(
      TopicPartition tp,
      long committedOffset,
      long endOffset,
      OptionalLong startOffset,
      Optional<TimeLag> timeLag,
      Optional<Member> member) {
    long lag = Math.max(0L, endOffset - committedOffset);
    Optional<TimeLag> time = lag == 0 ? Optional.of(TimeLag.CAUGHT_UP) : timeLag;
    return new PartitionLag(tp, committedOffset, endOffset, startOffset, lag, time, member);
  }

  /** The topic name. */
  public String topic() {
    return topicPartition.topic();
  }

  /** The partition number. */
  public int partition() {
    return topicPartition.partition();
  }
}
