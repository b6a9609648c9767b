package io.klag.spi;

import io.klag.GroupState;
import io.klag.GroupType;
import io.klag.Member;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * A {@link KafkaAccess} over a cluster state held in memory and changed by the test: groups,
 * commits, end offsets, members, and injected failures. Thread-safe.
 *
 * <pre>{@code
 * InMemoryKafkaAccess kafka = new InMemoryKafkaAccess()
 *     .group("orders-billing", GroupType.CLASSIC, GroupState.STABLE)
 *     .commit("orders-billing", "orders", 0, 90)
 *     .endOffset("orders", 0, 100);
 * LagCollector collector = LagCollector.builder().cluster("test", kafka).build();
 * collector.collect().group("test", "orders-billing").orElseThrow().sumLag(); // 10
 * }</pre>
 */
public final class InMemoryKafkaAccess implements KafkaAccess {

  private final Map<String, GroupListing> groups = new LinkedHashMap<>();
  private final Map<String, Map<TopicPartition, Long>> commits = new HashMap<>();
  private final Map<String, List<GroupMember>> members = new HashMap<>();
  private final Map<TopicPartition, Long> endOffsets = new HashMap<>();
  private final Map<TopicPartition, Long> startOffsets = new HashMap<>();
  private final Map<String, KafkaAccessException> groupFailures = new HashMap<>();
  private final Map<TopicPartition, KafkaAccessException> partitionFailures = new HashMap<>();
  private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
  private @Nullable KafkaAccessException failure;
  private volatile boolean closed;

  /** Adds or replaces a group listing. */
  public synchronized InMemoryKafkaAccess group(String groupId, GroupType type, GroupState state) {
    groups.put(groupId, new GroupListing(groupId, type, state));
    return this;
  }

  /** Removes a group and its commits and members, as a group deletion does. */
  public synchronized InMemoryKafkaAccess deleteGroup(String groupId) {
    groups.remove(groupId);
    commits.remove(groupId);
    members.remove(groupId);
    return this;
  }

  /** Sets a group's committed offset on a partition (the group must be listed separately). */
  public synchronized InMemoryKafkaAccess commit(String groupId, String topic, int partition, long offset) {
    commits.computeIfAbsent(groupId, g -> new HashMap<>()).put(new TopicPartition(topic, partition), offset);
    return this;
  }

  /** Sets a partition's end offset. */
  public synchronized InMemoryKafkaAccess endOffset(String topic, int partition, long offset) {
    endOffsets.put(new TopicPartition(topic, partition), offset);
    return this;
  }

  /** Sets a partition's log start offset. */
  public synchronized InMemoryKafkaAccess startOffset(String topic, int partition, long offset) {
    startOffsets.put(new TopicPartition(topic, partition), offset);
    return this;
  }

  /** Adds a member with its assignment to a group's description. */
  public synchronized InMemoryKafkaAccess member(String groupId, Member member, TopicPartition... assignment) {
    members.computeIfAbsent(groupId, g -> new ArrayList<>()).add(new GroupMember(member, Set.of(assignment)));
    return this;
  }

  /** Removes a group's members (consumers stopped). */
  public synchronized InMemoryKafkaAccess clearMembers(String groupId) {
    members.remove(groupId);
    return this;
  }

  /** Makes every call fail with {@code failure} until {@link #heal()}. */
  public synchronized InMemoryKafkaAccess fail(KafkaAccessException failure) {
    this.failure = failure;
    return this;
  }

  /** Makes reading one group's committed offsets fail, the rest succeeding. */
  public synchronized InMemoryKafkaAccess failGroup(String groupId, KafkaAccessException failure) {
    groupFailures.put(groupId, failure);
    return this;
  }

  /** Makes reading one partition's offsets fail, the rest succeeding. */
  public synchronized InMemoryKafkaAccess failPartition(String topic, int partition, KafkaAccessException failure) {
    partitionFailures.put(new TopicPartition(topic, partition), failure);
    return this;
  }

  /** Removes every injected failure. */
  public synchronized InMemoryKafkaAccess heal() {
    failure = null;
    groupFailures.clear();
    partitionFailures.clear();
    return this;
  }

  /** How many times the named method ({@code "listGroups"}, {@code "endOffsets"}, ...) was called. */
  public long calls(String method) {
    AtomicLong n = calls.get(method);
    return n == null ? 0 : n.get();
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed;
  }

  private void enter(String method) {
    calls.computeIfAbsent(method, m -> new AtomicLong()).incrementAndGet();
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public synchronized List<GroupListing> listGroups() {
    enter("listGroups");
    return List.copyOf(groups.values());
  }

  @Override
  public synchronized Map<String, GroupDescription> describeGroups(Collection<String> groupIds) {
    enter("describeGroups");
    Map<String, GroupDescription> out = new HashMap<>();
    for (String id : groupIds) {
      GroupListing g = groups.get(id);
      if (g != null) {
        out.put(id, new GroupDescription(id, g.type(), g.state(), members.getOrDefault(id, List.of())));
      }
    }
    return out;
  }

  @Override
  public synchronized CommittedOffsets committedOffsets(Collection<String> groupIds) {
    enter("committedOffsets");
    Map<String, Map<TopicPartition, Long>> out = new HashMap<>();
    Map<String, KafkaAccessException> failed = new HashMap<>();
    for (String id : groupIds) {
      KafkaAccessException f = groupFailures.get(id);
      if (f != null) {
        failed.put(id, f);
      } else {
        out.put(id, Map.copyOf(commits.getOrDefault(id, Map.of())));
      }
    }
    return new CommittedOffsets(out, failed);
  }

  @Override
  public synchronized OffsetsResult endOffsets(Collection<TopicPartition> partitions) {
    enter("endOffsets");
    return offsets(partitions, endOffsets);
  }

  @Override
  public synchronized OffsetsResult startOffsets(Collection<TopicPartition> partitions) {
    enter("startOffsets");
    return offsets(partitions, startOffsets);
  }

  private OffsetsResult offsets(Collection<TopicPartition> partitions, Map<TopicPartition, Long> source) {
    Map<TopicPartition, Long> out = new HashMap<>();
    Map<TopicPartition, KafkaAccessException> failed = new HashMap<>();
    for (TopicPartition tp : partitions) {
      KafkaAccessException f = partitionFailures.get(tp);
      if (f != null) {
        failed.put(tp, f);
      } else {
        out.put(tp, source.getOrDefault(tp, 0L));
      }
    }
    return new OffsetsResult(out, failed);
  }

  @Override
  public void close() {
    closed = true;
  }
}
