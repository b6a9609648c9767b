package io.klag.micrometer;

import io.klag.ClusterLag;
import io.klag.ClusterStatus;
import io.klag.ErrorKind;
import io.klag.GroupLag;
import io.klag.Member;
import io.klag.PartitionLag;
import io.klag.PartitionOffsets;
import io.klag.TopicLag;
import io.micrometer.core.instrument.Meter;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The metric table of this adapter: every series klag exports, its Prometheus name (as scraped),
 * type, unit and labels, and how it is read from a {@link ClusterLag}. The simpleclient adapter
 * keeps its own copy of this table; the parity test renders both and compares them.
 */
enum Series {
  // per group and partition (partition series)
  GROUP_LAG(Scope.PARTITION, Base.GROUP, "_group_lag", null,
      "Offset lag of the group on the partition: end offset minus committed offset, never negative."),
  GROUP_LAG_SECONDS(Scope.PARTITION, Base.GROUP, "_group_lag_seconds", "seconds",
      "Time lag of the group on the partition, where known (0 when caught up)."),
  GROUP_OFFSET(Scope.PARTITION, Base.GROUP, "_group_offset", null,
      "The group's committed offset on the partition."),
  // per group
  GROUP_MAX_LAG(Scope.GROUP, Base.GROUP, "_group_max_lag", null,
      "Largest offset lag over the group's partitions."),
  GROUP_MAX_LAG_SECONDS(Scope.GROUP, Base.GROUP, "_group_max_lag_seconds", "seconds",
      "Largest known time lag over the group's partitions."),
  GROUP_SUM_LAG(Scope.GROUP, Base.GROUP, "_group_sum_lag", null,
      "Sum of the offset lags over the group's partitions."),
  GROUP_MEMBERS(Scope.GROUP, Base.GROUP, "_group_members", null,
      "Number of members of the group, where members were described."),
  GROUP_STATE(Scope.GROUP_STATE, Base.GROUP, "_group_state", null,
      "Always 1; the labels carry the group's state and protocol type."),
  // per group and topic
  GROUP_TOPIC_SUM_LAG(Scope.TOPIC, Base.GROUP, "_group_topic_sum_lag", null,
      "Sum of the group's offset lags over the partitions of the topic."),
  // per partition, independent of groups (partition series)
  PARTITION_LATEST_OFFSET(Scope.PARTITION_OFFSETS, Base.PARTITION, "_latest_offset", null,
      "End offset of the partition."),
  PARTITION_EARLIEST_OFFSET(Scope.PARTITION_OFFSETS, Base.PARTITION, "_earliest_offset", null,
      "Log start offset of the partition, where start offsets are collected."),
  // klag self-metrics per cluster
  CLUSTER_UP(Scope.CLUSTER, Base.KLAG, "_cluster_up", null,
      "1 if the last collection cycle of the cluster succeeded, else 0."),
  CLUSTER_STALE(Scope.CLUSTER, Base.KLAG, "_cluster_stale", null,
      "1 if the cluster's data is from an earlier cycle because the last one failed, else 0."),
  LAST_SUCCESS(Scope.CLUSTER, Base.KLAG, "_last_success_timestamp_seconds", "seconds",
      "Start of the last successful collection cycle, in seconds since the epoch, once there was one."),
  CYCLE_DURATION(Scope.CLUSTER, Base.KLAG, "_cycle_duration_seconds", "seconds",
      "Duration of the last collection cycle."),
  GROUPS(Scope.CLUSTER, Base.KLAG, "_groups", null, "Number of groups in the cluster's data."),
  PARTITIONS(Scope.CLUSTER, Base.KLAG, "_partitions", null,
      "Number of partitions the cluster's groups committed on."),
  CYCLES(Scope.CLUSTER, Base.KLAG, "_cycles_total", null,
      "Collection cycles attempted since the collector started."),
  COLLECTION_ERRORS(Scope.CLUSTER_ERRORS, Base.KLAG, "_collection_errors_total", null,
      "Collection failures since the collector started, by kind.");

  /** Which entity a series describes, and so which labels it has. */
  enum Scope {
    PARTITION("cluster_name", "group", "topic", "partition"),
    GROUP("cluster_name", "group"),
    GROUP_STATE("cluster_name", "group", "state", "type"),
    TOPIC("cluster_name", "group", "topic"),
    PARTITION_OFFSETS("cluster_name", "topic", "partition"),
    CLUSTER("cluster_name"),
    CLUSTER_ERRORS("cluster_name", "kind");

    final String[] labels;

    Scope(String... labels) {
      this.labels = labels;
    }
  }

  /** Which configurable prefix a name starts with. */
  enum Base {
    GROUP,
    PARTITION,
    KLAG
  }

  static final String[] MEMBER_LABELS = {"member_host", "consumer_id", "client_id"};

  final Scope scope;
  final Base base;
  final String suffix;
  final @Nullable String baseUnit;
  final String help;

  Series(Scope scope, Base base, String suffix, @Nullable String baseUnit, String help) {
    this.scope = scope;
    this.base = base;
    this.suffix = suffix;
    this.baseUnit = baseUnit;
    this.help = help;
  }

  boolean counter() {
    return suffix.endsWith("_total");
  }

  Meter.Type type() {
    return counter() ? Meter.Type.COUNTER : Meter.Type.GAUGE;
  }

  boolean partitionLevel() {
    return scope == Scope.PARTITION || scope == Scope.PARTITION_OFFSETS;
  }

  /**
   * The meter name to register so that Prometheus' naming convention yields {@link
   * #prometheusName}: counters lose their {@code _total}, which the convention appends again.
   */
  String meterName(String prometheusName) {
    return counter() ? prometheusName.substring(0, prometheusName.length() - "_total".length()) : prometheusName;
  }

  /** Receives each series of a cluster: its table entry, its label values and its value. */
  @FunctionalInterface
  interface Visitor {
    void series(Series series, String[] labelValues, double value);
  }

  /**
   * Emits every series of {@code c}, in table order per entity. Label values are in the order of
   * {@link Scope#labels}, followed by {@link #MEMBER_LABELS} for partition series when {@code
   * memberLabels} is set (empty strings for a partition without a member).
   */
  static void visit(ClusterLag c, boolean partitionSeries, boolean memberLabels, Visitor v) {
    String cluster = c.name();
    for (GroupLag g : c.groups().values()) {
      String group = g.groupId();
      if (partitionSeries) {
        for (PartitionLag p : g.partitions()) {
          String[] labels = memberLabels
              ? partitionLabels(cluster, group, p, p.member())
              : new String[] {cluster, group, p.topic(), Integer.toString(p.partition())};
          v.series(GROUP_LAG, labels, p.lag());
          if (p.timeLag().isPresent()) {
            v.series(GROUP_LAG_SECONDS, labels, p.timeLag().get().seconds());
          }
          v.series(GROUP_OFFSET, labels, p.committedOffset());
        }
      }
      String[] groupLabels = {cluster, group};
      v.series(GROUP_MAX_LAG, groupLabels, g.maxLag());
      if (g.maxTimeLag().isPresent()) {
        v.series(GROUP_MAX_LAG_SECONDS, groupLabels, g.maxTimeLag().get().toMillis() / 1000.0);
      }
      v.series(GROUP_SUM_LAG, groupLabels, g.sumLag());
      if (g.memberCount().isPresent()) {
        v.series(GROUP_MEMBERS, groupLabels, g.memberCount().getAsInt());
      }
      v.series(GROUP_STATE, new String[] {cluster, group, g.state().label(), g.type().label()}, 1);
      for (TopicLag t : g.topics().values()) {
        v.series(GROUP_TOPIC_SUM_LAG, new String[] {cluster, group, t.topic()}, t.sumLag());
      }
    }
    if (partitionSeries) {
      for (PartitionOffsets p : c.partitions()) {
        String[] labels = {cluster, p.topicPartition().topic(), Integer.toString(p.topicPartition().partition())};
        v.series(PARTITION_LATEST_OFFSET, labels, p.endOffset());
        if (p.startOffset().isPresent()) {
          v.series(PARTITION_EARLIEST_OFFSET, labels, p.startOffset().getAsLong());
        }
      }
    }
    String[] clusterLabels = {cluster};
    v.series(CLUSTER_UP, clusterLabels, c.status() == ClusterStatus.UP ? 1 : 0);
    v.series(CLUSTER_STALE, clusterLabels, c.status() == ClusterStatus.STALE ? 1 : 0);
    if (c.lastSuccess().isPresent()) {
      v.series(LAST_SUCCESS, clusterLabels, c.lastSuccess().get().toEpochMilli() / 1000.0);
    }
    v.series(CYCLE_DURATION, clusterLabels, c.cycleDuration().toNanos() / 1e9);
    v.series(GROUPS, clusterLabels, c.groups().size());
    v.series(PARTITIONS, clusterLabels, c.partitions().size());
    v.series(CYCLES, clusterLabels, c.cycles());
    Map<ErrorKind, Long> errors = c.errorCounts();
    for (ErrorKind kind : ErrorKind.values()) {
      v.series(COLLECTION_ERRORS, new String[] {cluster, kind.label()}, errors.getOrDefault(kind, 0L));
    }
  }

  private static String[] partitionLabels(String cluster, String group, PartitionLag p, Optional<Member> member) {
    Member m = member.orElse(null);
    return new String[] {
      cluster, group, p.topic(), Integer.toString(p.partition()),
      m == null ? "" : m.host(), m == null ? "" : m.consumerId(), m == null ? "" : m.clientId()
    };
  }
}
