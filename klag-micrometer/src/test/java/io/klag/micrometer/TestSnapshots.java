package io.klag.micrometer;

import static io.klag.micrometer.PrometheusText.sample;

import io.klag.ClusterLag;
import io.klag.ClusterStatus;
import io.klag.ErrorKind;
import io.klag.GroupLag;
import io.klag.GroupState;
import io.klag.GroupType;
import io.klag.LagSnapshot;
import io.klag.Member;
import io.klag.PartitionLag;
import io.klag.PartitionOffsets;
import io.klag.TimeLag;
import io.klag.TimeLagMethod;
import io.klag.micrometer.PrometheusText.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/** Hand-built snapshots and the series both adapters must export for them. Shared with the simpleclient tests. */
public final class TestSnapshots {

  public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private TestSnapshots() {}

  /**
   * Three clusters: "prod" up (two groups, time lag, members, start offsets, errors), "staging"
   * stale, "dr" down.
   */
  public static LagSnapshot mixed() {
    TopicPartition orders0 = new TopicPartition("orders", 0);
    TopicPartition orders1 = new TopicPartition("orders", 1);
    TopicPartition payments0 = new TopicPartition("payments", 0);
    GroupLag billing = GroupLag.builder("orders-billing")
        .type(GroupType.CLASSIC).state(GroupState.STABLE).memberCount(2)
        .partition(PartitionLag.of(orders0, 90, 100, OptionalLong.of(5),
            Optional.of(new TimeLag(Duration.ofMillis(12_500), TimeLagMethod.RECORD_TIMESTAMP)),
            Optional.of(new Member("consumer-1", "billing-1", "/10.0.0.1"))))
        .partition(PartitionLag.of(orders1, 200, 200, OptionalLong.of(0), Optional.empty(),
            Optional.of(new Member("consumer-2", "billing-2", "/10.0.0.2"))))
        .partition(PartitionLag.of(payments0, 10, 40))
        .build();
    GroupLag audit = GroupLag.builder("audit")
        .type(GroupType.SIMPLE).state(GroupState.EMPTY)
        .partition(PartitionLag.of(orders0, 50, 100))
        .build();
    ClusterLag prod = ClusterLag.builder("prod")
        .status(ClusterStatus.UP).lastAttempt(T0).lastSuccess(T0)
        .cycleDuration(Duration.ofMillis(250)).cycles(7).countError(ErrorKind.TIMEOUT).countError(ErrorKind.TIMEOUT)
        .group(billing).group(audit)
        .partition(new PartitionOffsets(orders0, 100, OptionalLong.of(5)))
        .partition(new PartitionOffsets(orders1, 200, OptionalLong.of(0)))
        .partition(new PartitionOffsets(payments0, 40, OptionalLong.empty()))
        .build();
    TopicPartition t0 = new TopicPartition("t", 0);
    ClusterLag staging = ClusterLag.builder("staging")
        .status(ClusterStatus.STALE).lastAttempt(T0.plusSeconds(60)).lastSuccess(T0.plusSeconds(30))
        .cycleDuration(Duration.ofMillis(1500)).cycles(3).countError(ErrorKind.UNAVAILABLE)
        .group(GroupLag.builder("g").partition(PartitionLag.of(t0, 7, 10)).build())
        .partition(new PartitionOffsets(t0, 10, OptionalLong.empty()))
        .build();
    ClusterLag dr = ClusterLag.builder("dr").build();
    return new LagSnapshot(1, T0, List.of(prod, staging, dr));
  }

  /** Every series of {@link #mixed()} with default settings (partition series on, no member labels). */
  public static Set<Sample> expectedMixed() {
    List<Sample> s = new ArrayList<>();
    String cg = "kafka_consumergroup_";
    // prod, orders-billing
    partition(s, "prod", "orders-billing", "orders", "0", 10, 12.5, 90);
    partition(s, "prod", "orders-billing", "orders", "1", 0, 0.0, 200);
    partition(s, "prod", "orders-billing", "payments", "0", 30, null, 10);
    s.add(sample(cg + "group_max_lag", 30, "cluster_name", "prod", "group", "orders-billing"));
    s.add(sample(cg + "group_max_lag_seconds", 12.5, "cluster_name", "prod", "group", "orders-billing"));
    s.add(sample(cg + "group_sum_lag", 40, "cluster_name", "prod", "group", "orders-billing"));
    s.add(sample(cg + "group_members", 2, "cluster_name", "prod", "group", "orders-billing"));
    s.add(sample(cg + "group_state", 1, "cluster_name", "prod", "group", "orders-billing", "state", "stable", "type", "classic"));
    s.add(sample(cg + "group_topic_sum_lag", 10, "cluster_name", "prod", "group", "orders-billing", "topic", "orders"));
    s.add(sample(cg + "group_topic_sum_lag", 30, "cluster_name", "prod", "group", "orders-billing", "topic", "payments"));
    // prod, audit
    partition(s, "prod", "audit", "orders", "0", 50, null, 50);
    s.add(sample(cg + "group_max_lag", 50, "cluster_name", "prod", "group", "audit"));
    s.add(sample(cg + "group_sum_lag", 50, "cluster_name", "prod", "group", "audit"));
    s.add(sample(cg + "group_state", 1, "cluster_name", "prod", "group", "audit", "state", "empty", "type", "simple"));
    s.add(sample(cg + "group_topic_sum_lag", 50, "cluster_name", "prod", "group", "audit", "topic", "orders"));
    // prod partitions
    s.add(sample("kafka_partition_latest_offset", 100, "cluster_name", "prod", "topic", "orders", "partition", "0"));
    s.add(sample("kafka_partition_latest_offset", 200, "cluster_name", "prod", "topic", "orders", "partition", "1"));
    s.add(sample("kafka_partition_latest_offset", 40, "cluster_name", "prod", "topic", "payments", "partition", "0"));
    s.add(sample("kafka_partition_earliest_offset", 5, "cluster_name", "prod", "topic", "orders", "partition", "0"));
    s.add(sample("kafka_partition_earliest_offset", 0, "cluster_name", "prod", "topic", "orders", "partition", "1"));
    self(s, "prod", 1, 0, 1767225600.0, 0.25, 2, 3, 7, Map.of("timeout", 2L));
    // staging (stale: data kept, flagged)
    partition(s, "staging", "g", "t", "0", 3, null, 7);
    s.add(sample(cg + "group_max_lag", 3, "cluster_name", "staging", "group", "g"));
    s.add(sample(cg + "group_sum_lag", 3, "cluster_name", "staging", "group", "g"));
    s.add(sample(cg + "group_state", 1, "cluster_name", "staging", "group", "g", "state", "unknown", "type", "unknown"));
    s.add(sample(cg + "group_topic_sum_lag", 3, "cluster_name", "staging", "group", "g", "topic", "t"));
    s.add(sample("kafka_partition_latest_offset", 10, "cluster_name", "staging", "topic", "t", "partition", "0"));
    self(s, "staging", 0, 1, 1767225630.0, 1.5, 1, 1, 3, Map.of("unavailable", 1L));
    // dr (down: self-metrics only)
    self(s, "dr", 0, 0, null, 0, 0, 0, 0, Map.of());
    return Set.copyOf(s);
  }

  private static void partition(
      List<Sample> s, String cluster, String group, String topic, String partition, double lag, Double seconds, double offset) {
    String[] labels = {"cluster_name", cluster, "group", group, "topic", topic, "partition", partition};
    s.add(sample("kafka_consumergroup_group_lag", lag, labels));
    if (seconds != null) {
      s.add(sample("kafka_consumergroup_group_lag_seconds", seconds, labels));
    }
    s.add(sample("kafka_consumergroup_group_offset", offset, labels));
  }

  private static void self(List<Sample> s, String cluster, double up, double stale, Double lastSuccess,
      double cycleSeconds, double groups, double partitions, double cycles, Map<String, Long> errors) {
    s.add(sample("klag_cluster_up", up, "cluster_name", cluster));
    s.add(sample("klag_cluster_stale", stale, "cluster_name", cluster));
    if (lastSuccess != null) {
      s.add(sample("klag_last_success_timestamp_seconds", lastSuccess, "cluster_name", cluster));
    }
    s.add(sample("klag_cycle_duration_seconds", cycleSeconds, "cluster_name", cluster));
    s.add(sample("klag_groups", groups, "cluster_name", cluster));
    s.add(sample("klag_partitions", partitions, "cluster_name", cluster));
    s.add(sample("klag_cycles_total", cycles, "cluster_name", cluster));
    for (ErrorKind k : ErrorKind.values()) {
      s.add(sample("klag_collection_errors_total", errors.getOrDefault(k.label(), 0L), "cluster_name", cluster, "kind", k.label()));
    }
  }

  /**
   * A snapshot whose every partition lag equals {@code seq}: cluster "c", {@code groups} groups of
   * {@code partitions} partitions each, on topic "t". For consistency tests.
   */
  public static LagSnapshot sequenced(long seq, int groups, int partitions) {
    ClusterLag.Builder c = ClusterLag.builder("c").status(ClusterStatus.UP).lastAttempt(T0).lastSuccess(T0).cycles(seq);
    for (int p = 0; p < partitions; p++) {
      c.partition(new PartitionOffsets(new TopicPartition("t", p), 1_000 + seq, OptionalLong.empty()));
    }
    for (int g = 0; g < groups; g++) {
      GroupLag.Builder b = GroupLag.builder("g" + g);
      for (int p = 0; p < partitions; p++) {
        b.partition(PartitionLag.of(new TopicPartition("t", p), 1_000, 1_000 + seq));
      }
      c.group(b.build());
    }
    return new LagSnapshot(seq, T0.plusSeconds(seq), List.of(c.build()));
  }
}
