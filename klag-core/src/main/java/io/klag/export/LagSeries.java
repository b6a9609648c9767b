package io.klag.export;

import io.klag.ClusterLag;
import io.klag.ClusterStatus;
import io.klag.ErrorKind;
import io.klag.GroupLag;
import io.klag.Member;
import io.klag.PartitionLag;
import io.klag.PartitionOffsets;
import io.klag.TopicLag;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The table of every series klag exports — Prometheus name suffix, type, unit, labels, help — and
 * how each is read from a {@link ClusterLag}. The one source of truth both registry adapters
 * (klag-micrometer, klag-prometheus-simpleclient) render, so they cannot drift apart; a custom
 * sink (StatsD, a log line, a test) can render it too. It knows no metrics library.
 *
 * <pre>{@code
 * SeriesNames names = SeriesNames.defaults();
 * LagSeries.visit(snapshot.cluster("prod").orElseThrow(), true, false, new String[0],
 *     (series, labels, value) -> System.out.println(names.name(series) + List.of(labels) + " " + value));
 * }</pre>
 */
public enum LagSeries {
  // per group and partition (partition series)
  GROUP_LAG(Scope.PARTITION, Prefix.GROUP, "_group_lag", null,
      "Offset lag of the group on the partition: end offset minus committed offset, never negative."),
  GROUP_LAG_SECONDS(Scope.PARTITION, Prefix.GROUP, "_group_lag_seconds", "seconds",
      "Time lag of the group on the partition, where known (0 when caught up)."),
  GROUP_OFFSET(Scope.PARTITION, Prefix.GROUP, "_group_offset", null,
      "The group's committed offset on the partition."),
  // per group
  GROUP_MAX_LAG(Scope.GROUP, Prefix.GROUP, "_group_max_lag", null,
      "Largest offset lag over the group's partitions."),
  GROUP_MAX_LAG_SECONDS(Scope.GROUP, Prefix.GROUP, "_group_max_lag_seconds", "seconds",
      "Largest known time lag over the group's partitions."),
  GROUP_SUM_LAG(Scope.GROUP, Prefix.GROUP, "_group_sum_lag", null,
      "Sum of the offset lags over the group's partitions."),
  GROUP_MEMBERS(Scope.GROUP, Prefix.GROUP, "_group_members", null,
      "Number of members of the group, where members were described."),
  GROUP_STATE(Scope.GROUP_STATE, Prefix.GROUP, "_group_state", null,
      "Always 1; the labels carry the group's state and protocol type."),
  // per group and topic
  GROUP_TOPIC_SUM_LAG(Scope.TOPIC, Prefix.GROUP, "_group_topic_sum_lag", null,
      "Sum of the group's offset lags over the partitions of the topic."),
  // per partition, independent of groups (partition series)
  PARTITION_LATEST_OFFSET(Scope.PARTITION_OFFSETS, Prefix.PARTITION, "_latest_offset", null,
      "End offset of the partition."),
  PARTITION_EARLIEST_OFFSET(Scope.PARTITION_OFFSETS, Prefix.PARTITION, "_earliest_offset", null,
      "Log start offset of the partition, where start offsets are collected."),
  // klag self-metrics per cluster
  CLUSTER_UP(Scope.CLUSTER, Prefix.SELF, "_cluster_up", null,
      "1 if the last collection cycle of the cluster succeeded, else 0."),
  CLUSTER_STALE(Scope.CLUSTER, Prefix.SELF, "_cluster_stale", null,
      "1 if the cluster's data is from an earlier cycle because the last one failed, else 0."),
  LAST_SUCCESS(Scope.CLUSTER, Prefix.SELF, "_last_success_timestamp_seconds", "seconds",
      "Start of the last successful collection cycle, in seconds since the epoch, once there was one."),
  CYCLE_DURATION(Scope.CLUSTER, Prefix.SELF, "_cycle_duration_seconds", "seconds",
      "Duration of the last collection cycle."),
  GROUPS(Scope.CLUSTER, Prefix.SELF, "_groups", null, "Number of groups in the cluster's data."),
  PARTITIONS(Scope.CLUSTER, Prefix.SELF, "_partitions", null,
      "Number of partitions the cluster's groups committed on."),
  CYCLES(Scope.CLUSTER, Prefix.SELF, "_cycles_total", null,
      "Collection cycles attempted since the collector started."),
  COLLECTION_ERRORS(Scope.CLUSTER_ERRORS, Prefix.SELF, "_collection_errors_total", null,
      "Collection failures since the collector started, by kind.");


  /** Which entity a series describes, and so which labels it has (in this order). */
  public enum Scope {
    PARTITION("cluster_name", "group", "topic", "partition"),
    GROUP("cluster_name", "group"),
    GROUP_STATE("cluster_name", "group", "state", "type"),
    TOPIC("cluster_name", "group", "topic"),
    PARTITION_OFFSETS("cluster_name", "topic", "partition"),
    CLUSTER("cluster_name"),
    CLUSTER_ERRORS("cluster_name", "kind");

    private final List<String> labels;

    Scope(String... labels) {
      this.labels = List.of(labels);
    }

    /** The label names of series of this scope. */
    public List<String> labels() {
      return labels;
    }
  }

  /** Which configurable prefix a series name starts with. */
  public enum Prefix {
    /** Group series; default {@code kafka_consumergroup}. */
    GROUP,
    /** Partition offset series; default {@code kafka_partition}. */
    PARTITION,
    /** klag's self-metrics; default {@code klag}. */
    SELF
  }

  /** Labels appended to {@link Scope#PARTITION} series when member labels are on. */
  public static final List<String> MEMBER_LABELS = List.of("member_host", "consumer_id", "client_id");

  private final Scope scope;
  private final Prefix prefix;
  private final String suffix;
  private final @Nullable String unit;
  private final String help;

  LagSeries(Scope scope, Prefix prefix, String suffix, @Nullable String unit, String help) {
    this.scope = scope;
    this.prefix = prefix;
    this.suffix = suffix;
    this.unit = unit;
    this.help = help;
  }

  /** The entity the series describes. */
  public Scope scope() {
    return scope;
  }

  /** The prefix its name starts with. */
  public Prefix prefix() {
    return prefix;
  }

  /** The name after the prefix, for example {@code _group_lag}. */
  public String suffix() {
    return suffix;
  }

  /** The unit ({@code seconds}), or null for a dimensionless count. */
  public @Nullable String unit() {
    return unit;
  }

  /** One sentence describing the series. */
  public String help() {
    return help;
  }

  /** Whether it is a counter (its name ends in {@code _total}); otherwise a gauge. */
  public boolean counter() {
    return suffix.endsWith("_total");
  }

  /** Whether it is a partition-level series, switched off with partition series. */
  public boolean partitionLevel() {
    return scope == Scope.PARTITION || scope == Scope.PARTITION_OFFSETS;
  }

  /**
   * {@code name} without the {@code _total} of a counter: the family name in simpleclient, the
   * meter name in Micrometer (whose Prometheus convention appends {@code _total} again).
   */
  public String baseName(String name) {
    return counter() && name.endsWith("_total") ? name.substring(0, name.length() - "_total".length()) : name;
  }

  /** Receives each series of a cluster: its table entry, its label values and its value. */
  @FunctionalInterface
  public interface Visitor {
    void series(LagSeries series, String[] labelValues, double value);
  }

  /**
   * Emits every series of {@code c}, in table order per entity. Label values are in the order of
   * {@link Scope#labels()}, followed by {@link #MEMBER_LABELS} for partition series when {@code
   * memberLabels} is set (empty strings for a partition without a member), followed by {@code
   * constants}. Time-lag series appear only where a time lag is known.
   */
  public static void visit(ClusterLag c, boolean partitionSeries, boolean memberLabels, String[] constants, Visitor v) {
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
