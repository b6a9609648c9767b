package io.klag;

import io.klag.spi.GroupDescription;
import io.klag.spi.GroupListing;
import io.klag.spi.GroupMember;
import io.klag.spi.OffsetPosition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * The pure part of a cycle: from what was read (listings, commits, end offsets, time lags) and the
 * previous data of the cluster, the groups and partition offsets of the new data.
 *
 * <p>Semantics: negative lag is clamped to 0; a partition without a commit has no entry; a group
 * without members keeps its lag; zero lag means zero time lag; a group whose commits could not be
 * read, or a partition whose end offset could not be read, keeps its previous entry; a group with
 * no committed partition left is absent.
 */
final class LagCalculator {

  private LagCalculator() {}

  /** What one cycle read. Maps are not copied. */
  record Inputs(
      List<GroupListing> groups,
      Map<String, GroupDescription> descriptions,
      Map<String, Map<TopicPartition, Long>> committed,
      Set<String> failedGroups,
      Map<TopicPartition, Long> endOffsets,
      Map<TopicPartition, Long> startOffsets,
      Map<OffsetPosition, TimeLag> timeLags) {}

  /** The calculated data of one cluster. */
  record Result(List<GroupLag> groups, List<PartitionOffsets> partitions) {}

  static Result calculate(Inputs in, @Nullable ClusterLag previous) {
    List<GroupLag> groups = new ArrayList<>(in.groups().size());
    Map<TopicPartition, PartitionOffsets> partitions = new HashMap<>();
    Map<TopicPartition, PartitionOffsets> previousOffsets = null; // built on first need
    for (GroupListing listing : in.groups()) {
      String id = listing.groupId();
      GroupLag prev = previous == null ? null : previous.groups().get(id);
      if (in.failedGroups().contains(id)) {
        if (prev != null) {
          groups.add(prev);
          if (previousOffsets == null) {
            previousOffsets = byPartition(previous.partitions());
          }
          for (PartitionLag p : prev.partitions()) {
            PartitionOffsets po = previousOffsets.get(p.topicPartition());
            if (po != null) {
              partitions.putIfAbsent(p.topicPartition(), po);
            }
          }
        }
        continue;
      }
      Map<TopicPartition, Long> commits = in.committed().get(id);
      if (commits == null || commits.isEmpty()) {
        continue;
      }
      GroupDescription desc = in.descriptions().get(id);
      Map<TopicPartition, Member> owners = desc == null ? Map.of() : owners(desc);
      GroupLag.Builder g = GroupLag.builder(id)
          .type(desc != null ? desc.type() : listing.type())
          .state(desc != null ? desc.state() : listing.state());
      if (desc != null) {
        g.memberCount(desc.members().size());
      }
      for (Map.Entry<TopicPartition, Long> c : commits.entrySet()) {
        TopicPartition tp = c.getKey();
        long committed = c.getValue();
        Long end = in.endOffsets().get(tp);
        if (end == null) {
          // end offset unreadable this cycle: keep the previous entry rather than lose the series
          Optional<PartitionLag> old = prev == null ? Optional.empty() : prev.partition(tp.topic(), tp.partition());
          old.ifPresent(g::partition);
          continue;
        }
        Long start = in.startOffsets().get(tp);
        OptionalLong startOffset = start == null ? OptionalLong.empty() : OptionalLong.of(start);
        Optional<TimeLag> timeLag =
            Optional.ofNullable(in.timeLags().get(new OffsetPosition(tp, committed)));
        g.partition(PartitionLag.of(tp, committed, end, startOffset, timeLag, Optional.ofNullable(owners.get(tp))));
        partitions.computeIfAbsent(tp, k -> new PartitionOffsets(k, end, startOffset));
      }
      GroupLag built = g.build();
      if (!built.partitions().isEmpty()) {
        groups.add(built);
      }
    }
    return new Result(groups, new ArrayList<>(partitions.values()));
  }

  private static Map<TopicPartition, PartitionOffsets> byPartition(List<PartitionOffsets> offsets) {
    Map<TopicPartition, PartitionOffsets> m = new HashMap<>();
    for (PartitionOffsets p : offsets) {
      m.put(p.topicPartition(), p);
    }
    return m;
  }

  private static Map<TopicPartition, Member> owners(GroupDescription desc) {
    if (desc.members().isEmpty()) {
      return Map.of();
    }
    Map<TopicPartition, Member> owners = new HashMap<>();
    for (GroupMember m : desc.members()) {
      for (TopicPartition tp : m.assignment()) {
        owners.put(tp, m.member());
      }
    }
    return owners;
  }
}
