package io.klag;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * One consumer group's lag in one cluster: its partitions, and aggregates computed once when the
 * value is built. Immutable.
 *
 * <pre>{@code
 * GroupLag g = GroupLag.builder("orders-billing")
 *     .type(GroupType.CLASSIC).state(GroupState.STABLE).memberCount(2)
 *     .partition(PartitionLag.of(new TopicPartition("orders", 0), 90, 100))
 *     .build();
 * g.sumLag();   // 10
 * g.topics().get("orders").maxLag(); // 10
 * }</pre>
 */
public final class GroupLag {

  static final Comparator<TopicPartition> PARTITION_ORDER =
      Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

  private final String groupId;
  private final GroupType type;
  private final GroupState state;
  private final OptionalInt memberCount;
  private final List<PartitionLag> partitions;
  private final Map<String, TopicLag> topics;
  private final long maxLag;
  private final long sumLag;
  private final Optional<Duration> maxTimeLag;

  private GroupLag(Builder b) {
    this.groupId = b.groupId;
    this.type = b.type;
    this.state = b.state;
    this.memberCount = b.memberCount;
    List<PartitionLag> sorted = new ArrayList<>(b.partitions);
    sorted.sort(Comparator.comparing(PartitionLag::topicPartition, PARTITION_ORDER));
    this.partitions = Collections.unmodifiableList(sorted);

    Map<String, TopicLag> byTopic = new LinkedHashMap<>();
    long max = 0;
    long sum = 0;
    Duration maxTime = null;
    String topic = null;
    int count = 0;
    long topicSum = 0;
    long topicMax = 0;
    Duration topicMaxTime = null;
    for (PartitionLag p : sorted) {
      if (!p.topic().equals(topic)) {
        if (topic != null) {
          byTopic.put(topic, new TopicLag(topic, count, topicSum, topicMax, Optional.ofNullable(topicMaxTime)));
        }
        topic = p.topic();
        count = 0;
        topicSum = 0;
        topicMax = 0;
        topicMaxTime = null;
      }
      count++;
      topicSum += p.lag();
      topicMax = Math.max(topicMax, p.lag());
      sum += p.lag();
      max = Math.max(max, p.lag());
      if (p.timeLag().isPresent()) {
        Duration t = p.timeLag().get().lag();
        topicMaxTime = maxOf(topicMaxTime, t);
        maxTime = maxOf(maxTime, t);
      }
    }
    if (topic != null) {
      byTopic.put(topic, new TopicLag(topic, count, topicSum, topicMax, Optional.ofNullable(topicMaxTime)));
    }
    this.topics = Collections.unmodifiableMap(byTopic);
    this.maxLag = max;
    this.sumLag = sum;
    this.maxTimeLag = Optional.ofNullable(maxTime);
  }

  private static Duration maxOf(@Nullable Duration a, Duration b) {
    return a == null || b.compareTo(a) > 0 ? b : a;
  }

  /** Starts a group value; partitions are sorted by topic and partition when built. */
  public static Builder builder(String groupId) {
    return new Builder(groupId);
  }

  /** The group id. */
  public String groupId() {
    return groupId;
  }

  /** Classic, consumer protocol, simple or unknown. */
  public GroupType type() {
    return type;
  }

  /** The state the coordinator reported; a group with no members is {@link GroupState#EMPTY}. */
  public GroupState state() {
    return state;
  }

  /** How many members the group has, when members were described. */
  public OptionalInt memberCount() {
    return memberCount;
  }

  /** The partitions the group has committed offsets on, sorted by topic and partition. */
  public List<PartitionLag> partitions() {
    return partitions;
  }

  /** Per-topic sums, by topic name, in topic order. */
  public Map<String, TopicLag> topics() {
    return topics;
  }

  /** The largest offset lag over the group's partitions (0 when it has none). */
  public long maxLag() {
    return maxLag;
  }

  /** The sum of the offset lags over the group's partitions. */
  public long sumLag() {
    return sumLag;
  }

  /** The largest known time lag over the group's partitions. */
  public Optional<Duration> maxTimeLag() {
    return maxTimeLag;
  }

  /** The group's lag on one partition, if it has a committed offset there. */
  public Optional<PartitionLag> partition(String topic, int partition) {
    TopicPartition key = new TopicPartition(topic, partition);
    int i = Collections.binarySearch(
        partitions, PartitionLag.of(key, 0, 0), Comparator.comparing(PartitionLag::topicPartition, PARTITION_ORDER));
    return i >= 0 ? Optional.of(partitions.get(i)) : Optional.empty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GroupLag g
        && groupId.equals(g.groupId)
        && type == g.type
        && state == g.state
        && memberCount.equals(g.memberCount)
        && partitions.equals(g.partitions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(groupId, type, state, memberCount, partitions);
  }

  @Override
  public String toString() {
    return "GroupLag[groupId=" + groupId + ", type=" + type + ", state=" + state
        + ", memberCount=" + memberCount + ", partitions=" + partitions.size()
        + ", sumLag=" + sumLag + ", maxLag=" + maxLag + ", maxTimeLag=" + maxTimeLag + "]";
  }

  /** Builds a {@link GroupLag}. Not thread-safe. */
  public static final class Builder {
    private final String groupId;
    private GroupType type = GroupType.UNKNOWN;
    private GroupState state = GroupState.UNKNOWN;
    private OptionalInt memberCount = OptionalInt.empty();
    private final List<PartitionLag> partitions = new ArrayList<>();

    private Builder(String groupId) {
      this.groupId = Objects.requireNonNull(groupId, "groupId");
    }

    public Builder type(GroupType type) {
      this.type = Objects.requireNonNull(type, "type");
      return this;
    }

    public Builder state(GroupState state) {
      this.state = Objects.requireNonNull(state, "state");
      return this;
    }

    public Builder memberCount(int memberCount) {
      if (memberCount < 0) {
        throw new IllegalArgumentException("memberCount: must not be negative, was " + memberCount);
      }
      this.memberCount = OptionalInt.of(memberCount);
      return this;
    }

    public Builder memberCount(OptionalInt memberCount) {
      this.memberCount = Objects.requireNonNull(memberCount, "memberCount");
      return this;
    }

    public Builder partition(PartitionLag partition) {
      partitions.add(Objects.requireNonNull(partition, "partition"));
      return this;
    }

    public Builder partitions(Iterable<PartitionLag> partitions) {
      partitions.forEach(this::partition);
      return this;
    }

    public GroupLag build() {
      return new GroupLag(this);
    }
  }
}
