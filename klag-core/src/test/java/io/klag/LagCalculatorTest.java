package io.klag;

import static org.assertj.core.api.Assertions.assertThat;

import io.klag.spi.GroupDescription;
import io.klag.spi.GroupListing;
import io.klag.spi.GroupMember;
import io.klag.spi.OffsetPosition;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class LagCalculatorTest {

  private static final TopicPartition T0 = new TopicPartition("orders", 0);
  private static final TopicPartition T1 = new TopicPartition("orders", 1);
  private static final TopicPartition P0 = new TopicPartition("payments", 0);

  private final List<GroupListing> groups = new java.util.ArrayList<>();
  private final Map<String, GroupDescription> descriptions = new HashMap<>();
  private final Map<String, Map<TopicPartition, Long>> committed = new HashMap<>();
  private final java.util.Set<String> failed = new java.util.HashSet<>();
  private final Map<TopicPartition, Long> ends = new HashMap<>();
  private final Map<TopicPartition, Long> starts = new HashMap<>();
  private final Map<OffsetPosition, TimeLag> timeLags = new HashMap<>();

  private LagCalculatorTest group(String id, Map<TopicPartition, Long> commits) {
    groups.add(new GroupListing(id, GroupType.CLASSIC, GroupState.STABLE));
    committed.put(id, commits);
    return this;
  }

  private LagCalculator.Result calculate(ClusterLag previous) {
    return LagCalculator.calculate(
        new LagCalculator.Inputs(groups, descriptions, committed, failed, ends, starts, timeLags), previous);
  }

  private GroupLag only(LagCalculator.Result r) {
    assertThat(r.groups()).hasSize(1);
    return r.groups().get(0);
  }

  @Test
  void offsetLagIsEndMinusCommitted() {
    group("g", Map.of(T0, 100L));
    ends.put(T0, 150L);
    PartitionLag p = only(calculate(null)).partitions().get(0);
    assertThat(p.lag()).isEqualTo(50);
    assertThat(p.committedOffset()).isEqualTo(100);
    assertThat(p.endOffset()).isEqualTo(150);
  }

  @Test
  void negativeLagIsClampedToZero() {
    group("g", Map.of(T0, 200L));
    ends.put(T0, 150L);
    PartitionLag p = only(calculate(null)).partitions().get(0);
    assertThat(p.lag()).isZero();
    assertThat(p.timeLag()).contains(TimeLag.CAUGHT_UP);
  }

  @Test
  void zeroOffsetLagMeansZeroTimeLagEvenIfAnEstimateExists() {
    group("g", Map.of(T0, 150L));
    ends.put(T0, 150L);
    timeLags.put(new OffsetPosition(T0, 150), new TimeLag(Duration.ofSeconds(99), TimeLagMethod.RECORD_TIMESTAMP));
    assertThat(only(calculate(null)).partitions().get(0).timeLag()).contains(TimeLag.CAUGHT_UP);
  }

  @Test
  void timeLagComesFromTheEstimateForTheCommittedPosition() {
    group("g", Map.of(T0, 100L, T1, 10L));
    ends.put(T0, 150L);
    ends.put(T1, 20L);
    TimeLag t = new TimeLag(Duration.ofSeconds(42), TimeLagMethod.RECORD_TIMESTAMP);
    timeLags.put(new OffsetPosition(T0, 100), t);
    GroupLag g = only(calculate(null));
    assertThat(g.partition("orders", 0).orElseThrow().timeLag()).contains(t);
    assertThat(g.partition("orders", 1).orElseThrow().timeLag()).isEmpty();
    assertThat(g.maxTimeLag()).contains(Duration.ofSeconds(42));
  }

  @Test
  void maxSumAndPerTopicAggregates() {
    group("g", Map.of(T0, 0L, T1, 0L, P0, 0L));
    ends.put(T0, 10L);
    ends.put(T1, 30L);
    ends.put(P0, 5L);
    GroupLag g = only(calculate(null));
    assertThat(g.maxLag()).isEqualTo(30);
    assertThat(g.sumLag()).isEqualTo(45);
    assertThat(g.topics()).containsOnlyKeys("orders", "payments");
    assertThat(g.topics().get("orders").sumLag()).isEqualTo(40);
    assertThat(g.topics().get("orders").maxLag()).isEqualTo(30);
    assertThat(g.topics().get("orders").partitionCount()).isEqualTo(2);
    assertThat(g.topics().get("payments").sumLag()).isEqualTo(5);
    assertThat(g.partitions()).extracting(PartitionLag::topicPartition).containsExactly(T0, T1, P0);
  }

  @Test
  void aGroupWithoutCommitsHasNoEntry() {
    group("empty", Map.of());
    group("g", Map.of(T0, 1L));
    ends.put(T0, 2L);
    assertThat(calculate(null).groups()).extracting(GroupLag::groupId).containsExactly("g");
  }

  @Test
  void aMemberlessGroupKeepsItsLagAndReportsZeroMembers() {
    groups.add(new GroupListing("stopped", GroupType.CLASSIC, GroupState.EMPTY));
    committed.put("stopped", Map.of(T0, 5L));
    descriptions.put("stopped", new GroupDescription("stopped", GroupType.CLASSIC, GroupState.EMPTY, List.of()));
    ends.put(T0, 25L);
    GroupLag g = only(calculate(null));
    assertThat(g.sumLag()).isEqualTo(20);
    assertThat(g.state()).isEqualTo(GroupState.EMPTY);
    assertThat(g.memberCount()).hasValue(0);
  }

  @Test
  void descriptionGivesMembersStateAndType() {
    groups.add(new GroupListing("g", GroupType.UNKNOWN, GroupState.UNKNOWN));
    committed.put("g", Map.of(T0, 5L, T1, 5L));
    Member m = new Member("c-1-uuid", "c-1", "/127.0.0.1");
    descriptions.put("g", new GroupDescription("g", GroupType.CONSUMER, GroupState.STABLE,
        List.of(new GroupMember(m, Set.of(T0)))));
    ends.put(T0, 6L);
    ends.put(T1, 6L);
    GroupLag g = only(calculate(null));
    assertThat(g.type()).isEqualTo(GroupType.CONSUMER);
    assertThat(g.state()).isEqualTo(GroupState.STABLE);
    assertThat(g.memberCount()).hasValue(1);
    assertThat(g.partition("orders", 0).orElseThrow().member()).contains(m);
    assertThat(g.partition("orders", 1).orElseThrow().member()).isEmpty();
  }

  @Test
  void partitionOffsetsAreListedOncePerPartitionWithStartOffsets() {
    group("a", Map.of(T0, 1L));
    group("b", Map.of(T0, 2L));
    ends.put(T0, 10L);
    starts.put(T0, 0L);
    LagCalculator.Result r = calculate(null);
    assertThat(r.partitions()).containsExactly(new PartitionOffsets(T0, 10, OptionalLong.of(0)));
    assertThat(r.groups().get(0).partitions().get(0).startOffset()).hasValue(0);
  }

  @Test
  void aGroupWhoseCommitsFailedKeepsItsPreviousEntry() {
    group("g", Map.of(T0, 1L));
    ends.put(T0, 11L);
    LagCalculator.Result first = calculate(null);
    ClusterLag previous = ClusterLag.builder("c").status(ClusterStatus.UP)
        .groups(first.groups()).partitions(first.partitions()).build();

    committed.remove("g");
    failed.add("g");
    LagCalculator.Result second = calculate(previous);
    assertThat(second.groups()).containsExactlyElementsOf(first.groups());
    assertThat(second.partitions()).containsExactlyElementsOf(first.partitions());
  }

  @Test
  void aPartitionWhoseEndOffsetFailedKeepsItsPreviousEntry() {
    group("g", Map.of(T0, 1L, T1, 1L));
    ends.put(T0, 11L);
    ends.put(T1, 21L);
    LagCalculator.Result first = calculate(null);
    ClusterLag previous = ClusterLag.builder("c").status(ClusterStatus.UP).groups(first.groups()).build();

    ends.remove(T1);
    ends.put(T0, 12L);
    GroupLag g = only(calculate(previous));
    assertThat(g.partition("orders", 0).orElseThrow().lag()).isEqualTo(11);
    assertThat(g.partition("orders", 1).orElseThrow().lag()).isEqualTo(20);
  }

  @Test
  void aPartitionWithoutEndOffsetAndNoHistoryIsLeftOut() {
    group("g", Map.of(T0, 1L, T1, 1L));
    ends.put(T0, 11L);
    assertThat(only(calculate(null)).partitions()).extracting(PartitionLag::topicPartition).containsExactly(T0);
  }

  @Test
  void partitionLagOfClampsAndMarksCaughtUp() {
    assertThat(PartitionLag.of(T0, 5, 3).lag()).isZero();
    assertThat(PartitionLag.of(T0, 5, 3).timeLag()).contains(TimeLag.CAUGHT_UP);
    assertThat(PartitionLag.of(T0, 3, 5).timeLag()).isEmpty();
    assertThat(PartitionLag.of(T0, 3, 5, OptionalLong.empty(), Optional.empty(), Optional.empty()).lag()).isEqualTo(2);
  }
}
