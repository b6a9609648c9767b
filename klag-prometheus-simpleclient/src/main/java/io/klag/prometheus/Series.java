package io.klag.prometheus;

import io.klag.ClusterLag;
import io.klag.ClusterStatus;
import io.klag.ErrorKind;
import io.klag.GroupLag;
import io.klag.Member;
import io.klag.PartitionLag;
import io.klag.PartitionOffsets;
import io.klag.TopicLag;
import io.prometheus.client.Collector;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The metric table of this adapter: every series klag exports, its Prometheus name, type, unit and
 * labels, and how it is read from a {@link ClusterLag}. klag-micrometer keeps its own copy of this
 * table (the adapters share no code); the parity test renders both and compares them.
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
  final @Nullable String unit;
  final String help;

  Series(Scope scope, Base base, String suffix, @Nullable String unit, String help) {
    this.scope = scope;
    this.base = base;
    this.suffix = suffix;
    this.unit = unit;
    this.help = help;
  }

  boolean counter() {
    return suffix.endsWith("_total");
  }

  Collector.Type type() {
    return counter() ? Collector.Type.COUNTER : Collector.Type.GAUGE;
  }

  boolean partitionLevel() {
    return scope == Scope.PARTITION || scope == Scope.PARTITION_OFFSETS;
  }

  /** The family name for {@code sampleName}: simpleclient names counter families without {@code _total}. */
  String familyName(String sampleName) {
    return counter() ? sampleName.substring(0, sampleName.length() - "_total".length()) : sampleName;
  }

  /** Receives each series of a cluster: its table entry, its label values and its value. */
  @FunctionalInterface
  interface Visitor {
    void series(Series series, String[] labelValues, double value);
  }

  /**
   * Emits every series of {@code c}, in table order per entity. Label values are in the order of
   * {@link Scope#labels}, followed by {@link #MEMBER_LABELS} for partition series when {@code
   * memberLabels} is set (empty strings for a partition without a member), followed by {@code
   * constants}.
   */
  static void visit(ClusterLag c, boolean partitionSeries, boolean memberLabels, String[] constants, Visitor v) {
    String cluster = c.name();
    for (GroupLag g : c.groups().values()) {
      String group = g.groupId();
      if (partitionSeries) {
        for (PartitionLag p : g.partitions()) {
          String[] labels = with(constants, memberLabels
              ? partitionLabels(cluster, group, p, p.member())
              : new String[] {cluster, group, p.topic(), partition(p.partition())});
          v.series(GROUP_LAG, labels, p.lag());
          if (p.timeLag().isPresent()) {
            v.series(GROUP_LAG_SECONDS, labels, p.timeLag().get().seconds());
          }
          v.series(GROUP_OFFSET, labels, p.committedOffset());
        }
      }
      String[] groupLabels = with(constants, cluster, group);
      v.series(GROUP_MAX_LAG, groupLabels, g.maxLag());
      if (g.maxTimeLag().isPresent()) {
        v.series(GROUP_MAX_LAG_SECONDS, groupLabels, g.maxTimeLag().get().toMillis() / 1000.0);
      }
      v.series(GROUP_SUM_LAG, groupLabels, g.sumLag());
      if (g.memberCount().isPresent()) {
        v.series(GROUP_MEMBERS, groupLabels, g.memberCount().getAsInt());
      }
      v.series(GROUP_STATE, with(constants, cluster, group, g.state().label(), g.type().label()), 1);
      for (TopicLag t : g.topics().values()) {
        v.series(GROUP_TOPIC_SUM_LAG, with(constants, cluster, group, t.topic()), t.sumLag());
      }
    }
    if (partitionSeries) {
      for (PartitionOffsets p : c.partitions()) {
        String[] labels = with(constants, cluster, p.topicPartition().topic(), partition(p.topicPartition().partition()));
        v.series(PARTITION_LATEST_OFFSET, labels, p.endOffset());
        if (p.startOffset().isPresent()) {
          v.series(PARTITION_EARLIEST_OFFSET, labels, p.startOffset().getAsLong());
        }
      }
    }
    String[] clusterLabels = with(constants, cluster);
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
      v.series(COLLECTION_ERRORS, with(constants, cluster, kind.label()), errors.getOrDefault(kind, 0L));
    }
  }

  private static String[] partitionLabels(String cluster, String group, PartitionLag p, Optional<Member> member) {
    Member m = member.orElse(null);
    return new String[] {
      cluster, group, p.topic(), partition(p.partition()),
      m == null ? "" : m.host(), m == null ? "" : m.consumerId(), m == null ? "" : m.clientId()
    };
  }

  private static final String[] PARTITION_NAMES = new String[1024];

  static {
    for (int i = 0; i < PARTITION_NAMES.length; i++) {
      PARTITION_NAMES[i] = Integer.toString(i);
    }
  }

  /** The partition label, without allocating for the usual partition numbers. */
  private static String partition(int p) {
    return p >= 0 && p < PARTITION_NAMES.length ? PARTITION_NAMES[p] : Integer.toString(p);
  }

  /** {@code own} followed by {@code constants}. */
  private static String[] with(String[] constants, String... own) {
    if (constants.length == 0) {
      return own;
    }
    String[] all = new String[own.length + constants.length];
    System.arraycopy(own, 0, all, 0, own.length);
    System.arraycopy(constants, 0, all, own.length, constants.length);
    return all;
  }
}
