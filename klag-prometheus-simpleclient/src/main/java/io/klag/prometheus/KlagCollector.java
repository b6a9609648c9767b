package io.klag.prometheus;

import io.klag.ClusterLag;
import io.klag.LagCollector;
import io.klag.LagSnapshot;
import io.klag.export.LagSeries;
import io.klag.export.SeriesNames;
import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A Prometheus simpleclient {@link Collector} that exports klag's lag snapshots. Register it into
 * the host's own {@link CollectorRegistry}; every {@link #collect()} reads the latest snapshot once
 * (never Kafka), so all series of one scrape come from one snapshot.
 *
 * <pre>{@code
 * LagCollector lag = LagCollector.builder().cluster("prod", access).build().start();
 * KlagCollector klag = KlagCollector.builder(lag)
 *     .partitionSeries(true)                          // false keeps group- and topic-level series
 *     .constantLabels(Map.of("service", "billing"))   // added to every series
 *     .build()
 *     .register(registry);                            // the host's CollectorRegistry
 * // ... on shutdown:
 * registry.unregister(klag);
 * }</pre>
 *
 * <h2>Series</h2>
 *
 * Names with the default prefixes. Every series also carries the {@link Builder#constantLabels
 * constant labels}. "Partition" series exist only with {@link Builder#partitionSeries
 * partitionSeries(true)} (the default); {@code member_host}, {@code consumer_id} and {@code
 * client_id} are added to the first three only with {@link Builder#memberLabels memberLabels(true)}
 * (empty for a partition no member owns). klag-micrometer exports exactly the same series.
 *
 * <table>
 * <caption>Series</caption>
 * <tr><th>name</th><th>type</th><th>unit</th><th>labels</th><th>meaning</th></tr>
 * <tr><td>kafka_consumergroup_group_lag</td><td>gauge</td><td>records</td><td>cluster_name, group, topic, partition</td><td>offset lag on the partition (partition series)</td></tr>
 * <tr><td>kafka_consumergroup_group_lag_seconds</td><td>gauge</td><td>seconds</td><td>cluster_name, group, topic, partition</td><td>time lag on the partition, only where known (partition series)</td></tr>
 * <tr><td>kafka_consumergroup_group_offset</td><td>gauge</td><td>offset</td><td>cluster_name, group, topic, partition</td><td>committed offset (partition series)</td></tr>
 * <tr><td>kafka_consumergroup_group_max_lag</td><td>gauge</td><td>records</td><td>cluster_name, group</td><td>largest partition lag of the group</td></tr>
 * <tr><td>kafka_consumergroup_group_max_lag_seconds</td><td>gauge</td><td>seconds</td><td>cluster_name, group</td><td>largest known time lag, only where known</td></tr>
 * <tr><td>kafka_consumergroup_group_sum_lag</td><td>gauge</td><td>records</td><td>cluster_name, group</td><td>sum of the group's partition lags</td></tr>
 * <tr><td>kafka_consumergroup_group_members</td><td>gauge</td><td>members</td><td>cluster_name, group</td><td>member count, where members were described</td></tr>
 * <tr><td>kafka_consumergroup_group_state</td><td>gauge</td><td>-</td><td>cluster_name, group, state, type</td><td>always 1; state and protocol type as labels</td></tr>
 * <tr><td>kafka_consumergroup_group_topic_sum_lag</td><td>gauge</td><td>records</td><td>cluster_name, group, topic</td><td>sum of the group's lags on the topic</td></tr>
 * <tr><td>kafka_partition_latest_offset</td><td>gauge</td><td>offset</td><td>cluster_name, topic, partition</td><td>end offset (partition series)</td></tr>
 * <tr><td>kafka_partition_earliest_offset</td><td>gauge</td><td>offset</td><td>cluster_name, topic, partition</td><td>log start offset, where collected (partition series)</td></tr>
 * <tr><td>klag_cluster_up</td><td>gauge</td><td>-</td><td>cluster_name</td><td>1 if the last cycle succeeded, else 0</td></tr>
 * <tr><td>klag_cluster_stale</td><td>gauge</td><td>-</td><td>cluster_name</td><td>1 if the data is from an earlier cycle, else 0</td></tr>
 * <tr><td>klag_last_success_timestamp_seconds</td><td>gauge</td><td>seconds</td><td>cluster_name</td><td>start of the last successful cycle (epoch), once there was one</td></tr>
 * <tr><td>klag_cycle_duration_seconds</td><td>gauge</td><td>seconds</td><td>cluster_name</td><td>duration of the last cycle</td></tr>
 * <tr><td>klag_groups</td><td>gauge</td><td>groups</td><td>cluster_name</td><td>groups in the cluster's data</td></tr>
 * <tr><td>klag_partitions</td><td>gauge</td><td>partitions</td><td>cluster_name</td><td>partitions the groups committed on</td></tr>
 * <tr><td>klag_cycles_total</td><td>counter</td><td>cycles</td><td>cluster_name</td><td>cycles attempted since start</td></tr>
 * <tr><td>klag_collection_errors_total</td><td>counter</td><td>errors</td><td>cluster_name, kind</td><td>failures since start, for every kind (0 included)</td></tr>
 * </table>
 *
 * <p>Thread-safe; stateless between scrapes.
 */
public final class KlagCollector extends Collector implements Collector.Describable {

  private final Supplier<LagSnapshot> snapshots;
  private final boolean partitionSeries;
  private final boolean memberLabels;
  private final String[] constantValues;
  private final String[] sampleNames;
  private final String[] familyNames;
  private final List<List<String>> labelNames;

  private KlagCollector(Builder b, SeriesNames names) {
    this.snapshots = b.snapshots;
    this.partitionSeries = b.partitionSeries;
    this.memberLabels = b.memberLabels;
    this.constantValues = b.constantLabels.values().toArray(new String[0]);
    LagSeries[] all = LagSeries.values();
    this.sampleNames = new String[all.length];
    this.familyNames = new String[all.length];
    List<List<String>> labels = new ArrayList<>(all.length);
    for (LagSeries s : all) {
      sampleNames[s.ordinal()] = names.name(s);
      familyNames[s.ordinal()] = s.baseName(names.name(s));
      List<String> l = new ArrayList<>(s.scope().labels());
      if (memberLabels && s.scope() == LagSeries.Scope.PARTITION) {
        l.addAll(LagSeries.MEMBER_LABELS);
      }
      l.addAll(b.constantLabels.keySet());
      labels.add(Collections.unmodifiableList(l));
    }
    this.labelNames = Collections.unmodifiableList(labels);
  }

  /** Exports {@code collector.latest()} at every scrape. */
  public static Builder builder(LagCollector collector) {
    Objects.requireNonNull(collector, "collector");
    return new Builder(collector::latest);
  }

  /** Exports whatever {@code snapshots} returns at every scrape (for snapshots fed by hand). */
  public static Builder builder(Supplier<LagSnapshot> snapshots) {
    return new Builder(Objects.requireNonNull(snapshots, "snapshots"));
  }

  /** The families of the latest snapshot; families without a sample are left out. */
  @Override
  public List<MetricFamilySamples> collect() {
    LagSnapshot snapshot = snapshots.get();
    List<List<MetricFamilySamples.Sample>> samples = new ArrayList<>(Collections.nCopies(sampleNames.length, null));
    LagSeries.Visitor visitor = (series, labelValues, value) -> {
      int i = series.ordinal();
      List<MetricFamilySamples.Sample> list = samples.get(i);
      if (list == null) {
        list = new ArrayList<>();
        samples.set(i, list);
      }
      list.add(new MetricFamilySamples.Sample(sampleNames[i], labelNames.get(i), Arrays.asList(labelValues), value));
    };
    for (ClusterLag c : snapshot.clusters().values()) {
      LagSeries.visit(c, partitionSeries, memberLabels, constantValues, visitor);
    }
    List<MetricFamilySamples> families = new ArrayList<>(samples.size());
    for (LagSeries s : LagSeries.values()) {
      List<MetricFamilySamples.Sample> list = samples.get(s.ordinal());
      if (list != null) {
        families.add(family(s, list));
      }
    }
    return families;
  }

  /** Every family this collector can export, without samples. */
  @Override
  public List<MetricFamilySamples> describe() {
    List<MetricFamilySamples> families = new ArrayList<>();
    for (LagSeries s : LagSeries.values()) {
      if (partitionSeries || !s.partitionLevel()) {
        families.add(family(s, List.of()));
      }
    }
    return families;
  }

  private MetricFamilySamples family(LagSeries s, List<MetricFamilySamples.Sample> samples) {
    String name = familyNames[s.ordinal()];
    Type type = s.counter() ? Type.COUNTER : Type.GAUGE;
    return s.unit() == null
        ? new MetricFamilySamples(name, type, s.help(), samples)
        : new MetricFamilySamples(name, s.unit(), type, s.help(), samples);
  }

  /**
   * Configures a {@link KlagCollector}; {@link #build()} validates and throws an {@link
   * IllegalArgumentException} naming the setting and the bad value.
   *
   * <pre>{@code
   * KlagCollector.builder(collector).prefix("lag").partitionSeries(false).build().register(registry);
   * }</pre>
   */
  public static final class Builder {

    private final Supplier<LagSnapshot> snapshots;
    private String prefix = SeriesNames.DEFAULT_GROUP_PREFIX;
    private String partitionPrefix = SeriesNames.DEFAULT_PARTITION_PREFIX;
    private String selfPrefix = SeriesNames.DEFAULT_SELF_PREFIX;
    private boolean partitionSeries = true;
    private boolean memberLabels = false;
    private Map<String, String> constantLabels = Map.of();

    private Builder(Supplier<LagSnapshot> snapshots) {
      this.snapshots = snapshots;
    }

    /** Prefix of the group series ({@code <prefix>_group_lag} ...). Default {@code kafka_consumergroup}. */
    public Builder prefix(String prefix) {
      this.prefix = prefix;
      return this;
    }

    /** Prefix of the partition offset series ({@code <prefix>_latest_offset}). Default {@code kafka_partition}. */
    public Builder partitionPrefix(String partitionPrefix) {
      this.partitionPrefix = partitionPrefix;
      return this;
    }

    /** Prefix of klag's self-metrics ({@code <prefix>_cluster_up} ...). Default {@code klag}. */
    public Builder selfPrefix(String selfPrefix) {
      this.selfPrefix = selfPrefix;
      return this;
    }

    /**
     * Whether to export per-partition series (group lag, time lag, offset per partition, partition
     * end/start offsets). Group- and topic-level series stay either way. Default true.
     */
    public Builder partitionSeries(boolean partitionSeries) {
      this.partitionSeries = partitionSeries;
      return this;
    }

    /**
     * Whether per-partition group series carry {@code member_host}, {@code consumer_id} and {@code
     * client_id}. They change on every rebalance, so each rebalance replaces those series. Default false.
     */
    public Builder memberLabels(boolean memberLabels) {
      this.memberLabels = memberLabels;
      return this;
    }

    /** Constant labels added to every series, for example {@code Map.of("service", "billing")}. */
    public Builder constantLabels(Map<String, String> constantLabels) {
      this.constantLabels = new LinkedHashMap<>(constantLabels);
      return this;
    }

    /** Validates the settings and builds the collector; register it with {@link #register(CollectorRegistry)}. */
    public KlagCollector build() {
      SeriesNames names = SeriesNames.of(prefix, partitionPrefix, selfPrefix);
      for (Map.Entry<String, String> e : constantLabels.entrySet()) {
        SeriesNames.requireConstantLabelName("constantLabels", e.getKey());
        if (e.getValue() == null) {
          throw new IllegalArgumentException("constantLabels: value of '" + e.getKey() + "' must not be null");
        }
      }
      return new KlagCollector(this, names);
    }
  }
}
