package io.klag.benchmarks;

import io.klag.GroupState;
import io.klag.GroupType;
import io.klag.spi.CommittedOffsets;
import io.klag.spi.GroupListing;
import io.klag.spi.InMemoryKafkaAccess;
import io.klag.spi.KafkaAccess;
import io.klag.spi.OffsetsResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * A synthetic cluster state of {@code groups × partitionsPerGroup} committed partition entries:
 * group {@code g} consumes all partitions of topic {@code topic-(g / groupsPerTopic)}; every other
 * partition lags. Deterministic, so runs are comparable.
 *
 * <pre>{@code
 * LagFixture f = LagFixture.of(100_000, 10);   // 10 000 groups × 10 partitions
 * LagCollector c = LagCollector.builder().cluster("bench", f.inMemoryAccess()).build();
 * }</pre>
 */
public final class LagFixture {

  /** Groups reading each topic: distinct partitions = entries / GROUPS_PER_TOPIC. */
  public static final int GROUPS_PER_TOPIC = 2;

  private final int groups;
  private final int partitionsPerGroup;

  private LagFixture(int groups, int partitionsPerGroup) {
    this.groups = groups;
    this.partitionsPerGroup = partitionsPerGroup;
  }

  /**
   * A fixture of about {@code entries} partition entries, {@code partitionsPerGroup} per group.
   *
   * @throws IllegalArgumentException if either is not positive or entries is below partitionsPerGroup
   */
  public static LagFixture of(int entries, int partitionsPerGroup) {
    if (partitionsPerGroup <= 0) {
      throw new IllegalArgumentException("partitionsPerGroup: must be positive, was " + partitionsPerGroup);
    }
    if (entries < partitionsPerGroup) {
      throw new IllegalArgumentException(
          "entries: must be at least partitionsPerGroup (" + partitionsPerGroup + "), was " + entries);
    }
    return new LagFixture(entries / partitionsPerGroup, partitionsPerGroup);
  }

  public int groups() {
    return groups;
  }

  public int entries() {
    return groups * partitionsPerGroup;
  }

  static String groupId(int g) {
    return "group-" + g;
  }

  static String topic(int g) {
    return "topic-" + (g / GROUPS_PER_TOPIC);
  }

  static long endOffset(int partition) {
    return 1_000_000L + partition;
  }

  /** Committed offset: every other (group, partition) lags by a few hundred records. */
  static long committed(int g, int partition) {
    return ((g + partition) & 1) == 0 ? endOffset(partition) : endOffset(partition) - 100 - partition;
  }

  /** The state in klag's thread-safe fake, which copies its maps on every call like a real read. */
  public InMemoryKafkaAccess inMemoryAccess() {
    InMemoryKafkaAccess kafka = new InMemoryKafkaAccess();
    for (int g = 0; g < groups; g++) {
      String id = groupId(g);
      kafka.group(id, GroupType.CLASSIC, GroupState.STABLE);
      for (int p = 0; p < partitionsPerGroup; p++) {
        kafka.commit(id, topic(g), p, committed(g, p));
        if (g % GROUPS_PER_TOPIC == 0) {
          kafka.endOffset(topic(g), p, endOffset(p));
        }
      }
    }
    return kafka;
  }

  /**
   * The state as precomputed, immutable SPI results returned as is: what is left is klag's own work
   * (merging, calculation, snapshot building), without the fake's copying.
   */
  public KafkaAccess precomputedAccess() {
    List<GroupListing> listing = new ArrayList<>(groups);
    Map<String, Map<TopicPartition, Long>> commits = new HashMap<>(groups * 2);
    Map<TopicPartition, Long> ends = new HashMap<>();
    for (int g = 0; g < groups; g++) {
      String id = groupId(g);
      listing.add(new GroupListing(id, GroupType.CLASSIC, GroupState.STABLE));
      Map<TopicPartition, Long> c = new HashMap<>();
      for (int p = 0; p < partitionsPerGroup; p++) {
        TopicPartition tp = new TopicPartition(topic(g), p);
        c.put(tp, committed(g, p));
        ends.put(tp, endOffset(p));
      }
      commits.put(id, Map.copyOf(c));
    }
    return new Precomputed(List.copyOf(listing), new CommittedOffsets(commits, Map.of()),
        new OffsetsResult(ends, Map.of()));
  }

  private record Precomputed(List<GroupListing> listing, CommittedOffsets committed, OffsetsResult ends)
      implements KafkaAccess {
    @Override
    public List<GroupListing> listGroups() {
      return listing;
    }

    @Override
    public CommittedOffsets committedOffsets(Collection<String> groupIds) {
      return committed;
    }

    @Override
    public OffsetsResult endOffsets(Collection<TopicPartition> partitions) {
      return ends;
    }

    @Override
    public OffsetsResult startOffsets(Collection<TopicPartition> partitions) {
      return new OffsetsResult(Map.of(), Map.of());
    }
  }
}
