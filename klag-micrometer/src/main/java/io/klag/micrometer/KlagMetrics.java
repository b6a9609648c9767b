package io.klag.micrometer;

import io.klag.LagCollector;
import io.klag.LagSink;
import io.klag.LagSnapshot;
import io.klag.export.SeriesNames;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Publishes klag's lag snapshots as meters of a host-owned Micrometer {@link MeterRegistry}.
 *
 * <pre>{@code
 * LagCollector collector = LagCollector.builder().cluster("prod", access).build().start();
 * KlagMetrics metrics = KlagMetrics.builder(collector)
 *     .partitionSeries(true)                  // per-partition series; false keeps group/topic level
 *     .tags(Tags.of("service", "billing"))    // constant tags on every series
 *     .build();
 * metrics.bindTo(registry);                   // registers the series of collector.latest()
 * // ... on shutdown:
 * metrics.close();                            // removes exactly the meters it registered
 * }</pre>
 *
 * <p>After {@link #bindTo}, every snapshot the collector publishes is applied: meters for new
 * series are registered, meters of vanished series (a group gone from the snapshot) are removed,
 * all others are left registered and simply read the new values. Gauges and function counters
 * read the latest applied snapshot (nothing is frozen into a meter), and one registry pass (a
 * scrape, a push step) reads all of its meters from one snapshot even if a publication happens
 * meanwhile: a reading thread keeps the snapshot its pass started with until it reads one of these
 * meters a second time or pauses for over a second. A series registered or removed during that
 * pass may read NaN once. Meters are registered through
 * the registry, so its {@code MeterFilter}s and naming convention apply. Without a collector
 * ({@link #builder()}), feed snapshots yourself with {@link #accept(LagSnapshot)}.
 *
 * <h2>Series</h2>
 *
 * Names as scraped by a Prometheus registry with the default prefixes. Every series also carries
 * the constant {@link Builder#tags tags}. "Partition" series exist only with {@link
 * Builder#partitionSeries partitionSeries(true)} (the default); {@code member_host}, {@code
 * consumer_id} and {@code client_id} are added to the first three only with {@link
 * Builder#memberLabels memberLabels(true)} (empty for a partition no member owns).
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
 * <p>Thread-safe. Bind to one registry; to publish into several, bind to a {@code
 * CompositeMeterRegistry}.
 */
public final class KlagMetrics implements MeterBinder, LagSink, AutoCloseable {

  private final Settings settings;
  private final @Nullable LagCollector collector;
  private @Nullable MeterSet meters;
  private LagCollector.@Nullable Subscription subscription;
  private @Nullable LagSnapshot last;
  private boolean closed;

  private KlagMetrics(Settings settings, @Nullable LagCollector collector) {
    this.settings = settings;
    this.collector = collector;
  }

  /** Publishes the snapshots of {@code collector}, from {@link #bindTo} until {@link #close}. */
  public static Builder builder(LagCollector collector) {
    return new Builder(Objects.requireNonNull(collector, "collector"));
  }

  /** Publishes the snapshots given to {@link #accept(LagSnapshot)}. */
  public static Builder builder() {
    return new Builder(null);
  }

  /**
   * Registers the series of the latest snapshot in {@code registry} and, with a collector,
   * subscribes to it.
   *
   * @throws IllegalStateException if already bound or closed
   */
  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    if (closed) {
      throw new IllegalStateException("KlagMetrics is closed");
    }
    if (meters != null) {
      throw new IllegalStateException(
          "KlagMetrics is already bound to a registry; bind it to a CompositeMeterRegistry to publish into several");
    }
    meters = new MeterSet(registry, settings);
    if (collector != null) {
      subscription = collector.subscribe(this);
      accept(collector.latest());
    } else if (last != null) {
      meters.apply(last);
    }
  }

  /**
   * Applies {@code snapshot}: registers new series, removes vanished ones, makes all meters read
   * its values. A snapshot older (lower {@link LagSnapshot#sequence()}) than the last one applied
   * is ignored. Before {@link #bindTo} it is kept for binding; after {@link #close} it is ignored.
   */
  @Override
  public synchronized void accept(LagSnapshot snapshot) {
    Objects.requireNonNull(snapshot, "snapshot");
    if (closed || (last != null && snapshot.sequence() < last.sequence())) {
      return;
    }
    last = snapshot;
    if (meters != null) {
      meters.apply(snapshot);
    }
  }

  /** Unsubscribes and removes every meter this binder registered; other meters are untouched. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (subscription != null) {
      subscription.close();
      subscription = null;
    }
    if (meters != null) {
      meters.removeAll();
    }
    last = null;
  }

  /** How many meters are registered now (for tests and diagnostics). */
  synchronized int meterCount() {
    return meters == null ? 0 : meters.size();
  }

  /** The validated configuration. */
  record Settings(boolean partitionSeries, boolean memberLabels, Tags tags, SeriesNames names) {}

  /**
   * Configures {@link KlagMetrics}; {@link #build()} validates and throws an {@link
   * IllegalArgumentException} naming the setting and the bad value.
   *
   * <pre>{@code
   * KlagMetrics.builder(collector).prefix("lag").partitionSeries(false).build();
   * }</pre>
   */
  public static final class Builder {

    private final @Nullable LagCollector collector;
    private String prefix = SeriesNames.DEFAULT_GROUP_PREFIX;
    private String partitionPrefix = SeriesNames.DEFAULT_PARTITION_PREFIX;
    private String selfPrefix = SeriesNames.DEFAULT_SELF_PREFIX;
    private boolean partitionSeries = true;
    private boolean memberLabels = false;
    private Tags tags = Tags.empty();

    private Builder(@Nullable LagCollector collector) {
      this.collector = collector;
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

    /** Constant tags added to every series, for example {@code Tags.of("service", "billing")}. */
    public Builder tags(Iterable<Tag> tags) {
      this.tags = Tags.of(tags);
      return this;
    }

    /** Validates the settings and builds the binder; nothing is registered before {@link KlagMetrics#bindTo}. */
    public KlagMetrics build() {
      SeriesNames names = SeriesNames.of(prefix, partitionPrefix, selfPrefix);
      for (Tag t : tags) {
        SeriesNames.requireConstantLabelName("tags", t.getKey());
      }
      return new KlagMetrics(new Settings(partitionSeries, memberLabels, tags, names), collector);
    }
  }
}
