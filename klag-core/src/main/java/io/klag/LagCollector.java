package io.klag;

import io.klag.spi.KafkaAccess;
import io.klag.spi.TimeLagEstimator;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Measures consumer-group lag on one or more clusters and publishes it as immutable {@link
 * LagSnapshot}s: on demand with {@link #collect()}, periodically after {@link #start()}, always
 * readable through {@link #latest()} without blocking.
 *
 * <pre>{@code
 * import static io.klag.Filter.*;
 *
 * try (LagCollector collector = LagCollector.builder()
 *         .cluster("prod", KafkaClusters.access(Map.of("bootstrap.servers", "kafka:9092")))
 *         .groups(include("orders-.*"), exclude(".*-canary"))
 *         .topics(exclude("__.*"))
 *         .interval(Duration.ofSeconds(30))
 *         .sink(snapshot -> log.debug("published {}", snapshot.sequence()))
 *         .build()) {
 *     LagSnapshot now = collector.collect();  // synchronous, on the caller's thread
 *     collector.start();                      // periodic, on daemon threads "klag-<cluster>"
 *     collector.latest();                     // last published snapshot, never blocks
 * }
 * }</pre>
 *
 * <p>A failing cluster never throws into the caller: its last good data stays in the snapshot
 * marked {@link ClusterStatus#STALE} until the staleness limit, and the failure is in {@link
 * ClusterLag#lastError()}, {@link ClusterLag#errorCounts()} and the log (once per change of state).
 * Other clusters are unaffected. Thread-safe.
 */
public interface LagCollector extends AutoCloseable {

  /** Starts configuring a collector. */
  static Builder builder() {
    return new Builder();
  }

  /**
   * Runs one cycle for every cluster now, on the calling thread, publishes the result and returns
   * it. Cluster failures are reported in the snapshot, not thrown.
   *
   * @throws IllegalStateException if the collector is closed
   */
  LagSnapshot collect();

  /**
   * Starts periodic collection, one daemon thread per cluster. Idempotent.
   *
   * @return this collector
   * @throws IllegalStateException if the collector is closed
   */
  LagCollector start();

  /** The last published snapshot; before the first cycle, one where every cluster is DOWN. */
  LagSnapshot latest();

  /** Adds a sink that receives every snapshot published from now on, until the subscription is closed. */
  Subscription subscribe(LagSink sink);

  /**
   * Collects until {@code condition} holds for a snapshot and returns that snapshot: the building
   * block for tests that wait for consumers.
   *
   * @throws LagConditionTimeoutException if {@code timeout} passes first; it carries the last snapshot
   */
  LagSnapshot await(Predicate<LagSnapshot> condition, Duration timeout);

  /**
   * Collects until {@code groupId} in {@code cluster} has zero lag on every partition it committed
   * on (the cluster being {@link ClusterStatus#UP}), and returns that snapshot.
   *
   * @throws LagConditionTimeoutException if {@code timeout} passes first, naming the last lag seen
   */
  LagSnapshot awaitCaughtUp(String cluster, String groupId, Duration timeout);

  /** Stops every thread klag started and closes every client it owns. Idempotent, returns promptly. */
  @Override
  void close();

  /** A sink registration; closing it removes the sink. */
  interface Subscription extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Configures a {@link LagCollector}. Settings are validated at {@link #build()}, which throws an
   * {@link IllegalArgumentException} naming the setting and the bad value.
   *
   * <pre>{@code
   * LagCollector c = LagCollector.builder()
   *     .cluster("a", accessA).cluster("b", accessB, estimatorB)
   *     .interval(Duration.ofSeconds(15)).stalenessLimit(Duration.ofMinutes(2))
   *     .build();
   * }</pre>
   */
  final class Builder {
    final List<ClusterSpec> clusters = new ArrayList<>();
    final List<Filter> groupFilters = new ArrayList<>();
    final List<Filter> topicFilters = new ArrayList<>();
    final List<LagSink> sinks = new ArrayList<>();
    Duration interval = Duration.ofSeconds(30);
    Duration stalenessLimit = Duration.ofMinutes(5);
    Duration retryBackoff = Duration.ofSeconds(1);
    boolean members = true;
    Duration membersMaxAge = Duration.ofMinutes(5);
    boolean startOffsets = false;
    Clock clock = Clock.systemUTC();

    Builder() {}

    /** A cluster without time lag; the collector closes {@code access} when it is closed. */
    public Builder cluster(String name, KafkaAccess access) {
      return cluster(name, access, TimeLagEstimator.none());
    }

    /** A cluster with a time-lag estimator; the collector closes both when it is closed. */
    public Builder cluster(String name, KafkaAccess access, TimeLagEstimator timeLag) {
      clusters.add(new ClusterSpec(name, access, timeLag));
      return this;
    }

    /**
     * A Kafka cluster reached with {@code clientProperties}: the same as {@code cluster(name,
     * KafkaClusters.access(clientProperties), KafkaClusters.recordTimestampSampler(clientProperties))}.
     *
     * <pre>{@code
     * LagCollector.builder().kafkaCluster("prod", Map.of("bootstrap.servers", "kafka:9092")).build();
     * }</pre>
     *
     * @throws IllegalArgumentException when {@code bootstrap.servers} is missing or kafka-clients
     *     rejects the properties
     */
    public Builder kafkaCluster(String name, java.util.Map<String, ?> clientProperties) {
      KafkaAccess access = io.klag.kafka.KafkaClusters.access(clientProperties);
      TimeLagEstimator sampler;
      try {
        sampler = io.klag.kafka.KafkaClusters.recordTimestampSampler(clientProperties);
      } catch (RuntimeException e) {
        access.close();
        throw e;
      }
      return cluster(name, access, sampler);
    }

    /** Group allow/deny filters, added to earlier ones. No include filter means all groups. */
    public Builder groups(Filter... filters) {
      Collections.addAll(groupFilters, filters);
      return this;
    }

    /** Topic allow/deny filters, added to earlier ones. No include filter means all topics. */
    public Builder topics(Filter... filters) {
      Collections.addAll(topicFilters, filters);
      return this;
    }

    /** Time between the starts of two cycles of one cluster after {@link #start()}. Default 30 s. */
    public Builder interval(Duration interval) {
      this.interval = interval;
      return this;
    }

    /**
     * How long a failing cluster keeps reporting its last good data (marked stale) before the data
     * is dropped. Default 5 minutes.
     */
    public Builder stalenessLimit(Duration stalenessLimit) {
      this.stalenessLimit = stalenessLimit;
      return this;
    }

    /**
     * First delay before retrying a failed cycle; doubled (with jitter) on every further failure,
     * up to the interval. Default 1 s.
     */
    public Builder retryBackoff(Duration retryBackoff) {
      this.retryBackoff = retryBackoff;
      return this;
    }

    /**
     * Whether to describe groups for member counts and member labels. Default true. Descriptions
     * are kept across cycles (see {@link #membersMaxAge}), so a steady cycle sends no describe
     * request.
     */
    public Builder members(boolean members) {
      this.members = members;
      return this;
    }

    /**
     * How long a group's description (members, assignments) is reused. A group is described again
     * sooner when it is new or its listed state or type changes (every cycle lists groups). Default
     * 5 minutes; {@link Duration#ZERO} describes every group in every cycle.
     */
    public Builder membersMaxAge(Duration membersMaxAge) {
      this.membersMaxAge = membersMaxAge;
      return this;
    }

    /** Whether to read log start offsets too (one more request per leader). Default false. */
    public Builder startOffsets(boolean startOffsets) {
      this.startOffsets = startOffsets;
      return this;
    }

    /** The time source for timestamps, time lag and staleness. Default the UTC system clock. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** A sink that receives every published snapshot. */
    public Builder sink(LagSink sink) {
      sinks.add(sink);
      return this;
    }

    /**
     * Validates the settings and builds the collector (no thread starts, no call is made yet).
     *
     * @throws IllegalArgumentException naming the bad setting and its value
     */
    public LagCollector build() {
      if (clusters.isEmpty()) {
        throw new IllegalArgumentException("clusters: at least one cluster is required");
      }
      Set<String> names = new LinkedHashSet<>();
      for (ClusterSpec c : clusters) {
        if (c.name() == null || c.name().isBlank()) {
          throw new IllegalArgumentException("cluster name: must not be empty, was '" + c.name() + "'");
        }
        if (!names.add(c.name())) {
          throw new IllegalArgumentException("cluster name: duplicate '" + c.name() + "'");
        }
        if (c.access() == null) {
          throw new IllegalArgumentException("cluster '" + c.name() + "': access must not be null");
        }
        if (c.timeLag() == null) {
          throw new IllegalArgumentException("cluster '" + c.name() + "': time-lag estimator must not be null");
        }
      }
      requirePositive("interval", interval);
      requirePositive("stalenessLimit", stalenessLimit);
      requirePositive("retryBackoff", retryBackoff);
      if (membersMaxAge == null || membersMaxAge.isNegative()) {
        throw new IllegalArgumentException("membersMaxAge: must be zero or a positive duration, was " + membersMaxAge);
      }
      if (clock == null) {
        throw new IllegalArgumentException("clock: must not be null");
      }
      for (LagSink s : sinks) {
        if (s == null) {
          throw new IllegalArgumentException("sink: must not be null");
        }
      }
      NameSelector groupSelector = compile("groups", groupFilters);
      NameSelector topicSelector = compile("topics", topicFilters);
      return new DefaultLagCollector(this, groupSelector, topicSelector);
    }

    private static void requirePositive(String setting, Duration value) {
      if (value == null || value.isZero() || value.isNegative()) {
        throw new IllegalArgumentException(setting + ": must be a positive duration, was " + value);
      }
    }

    private static NameSelector compile(String setting, List<Filter> filters) {
      List<Pattern> include = new ArrayList<>();
      List<Pattern> exclude = new ArrayList<>();
      for (Filter f : filters) {
        if (f == null) {
          throw new IllegalArgumentException(setting + ": filter must not be null");
        }
        try {
          (f.mode() == Filter.Mode.INCLUDE ? include : exclude).add(Pattern.compile(f.regex()));
        } catch (PatternSyntaxException e) {
          throw new IllegalArgumentException(
              setting + ": invalid " + f.mode().name().toLowerCase(java.util.Locale.ROOT) + " regex '"
                  + f.regex() + "': " + e.getDescription(), e);
        }
      }
      return new NameSelector(include, exclude);
    }
  }
}
