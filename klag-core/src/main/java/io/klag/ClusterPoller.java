package io.klag;

import io.klag.spi.CommittedOffsets;
import io.klag.spi.GroupDescription;
import io.klag.spi.GroupListing;
import io.klag.spi.KafkaAccess;
import io.klag.spi.KafkaAccessException;
import io.klag.spi.OffsetPosition;
import io.klag.spi.OffsetsResult;
import io.klag.spi.TimeLagEstimator;
import io.klag.spi.TimeLagQuery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs collection cycles for one cluster and holds its latest {@link ClusterLag}. */
final class ClusterPoller {

  private static final Logger log = LoggerFactory.getLogger(LagCollector.class);

  private final String name;
  private final KafkaAccess access;
  private final TimeLagEstimator estimator;
  private final NameSelector groupSelector;
  private final NameSelector topicSelector;
  private final @Nullable DescriptionCache descriptionCache;
  private final boolean startOffsets;
  private final Duration stalenessLimit;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final AtomicLong pendingSinkErrors = new AtomicLong();

  private volatile ClusterLag current;
  private volatile int consecutiveFailures;
  private @Nullable ErrorKind loggedFailure;
  private Set<ErrorKind> loggedPartial = Set.of();

  ClusterPoller(
      ClusterSpec spec,
      NameSelector groupSelector,
      NameSelector topicSelector,
      @Nullable Duration membersMaxAge,
      boolean startOffsets,
      Duration stalenessLimit,
      Clock clock) {
    this.name = spec.name();
    this.access = spec.access();
    this.estimator = spec.timeLag();
    this.groupSelector = groupSelector;
    this.topicSelector = topicSelector;
    this.descriptionCache = membersMaxAge == null ? null : new DescriptionCache(membersMaxAge);
    this.startOffsets = startOffsets;
    this.stalenessLimit = stalenessLimit;
    this.clock = clock;
    this.current = ClusterLag.builder(name).status(ClusterStatus.DOWN).build();
  }

  String name() {
    return name;
  }

  ClusterLag current() {
    return current;
  }

  int consecutiveFailures() {
    return consecutiveFailures;
  }

  void countSinkError() {
    pendingSinkErrors.incrementAndGet();
  }

  /** One cycle; never throws (but for errors). Serialized per cluster. */
  ClusterLag runCycle() {
    lock.lock();
    try {
      ClusterLag prev = current;
      Instant start = clock.instant();
      Map<ErrorKind, Long> counts = new EnumMap<>(ErrorKind.class);
      counts.putAll(prev.errorCounts());
      long sinkErrors = pendingSinkErrors.getAndSet(0);
      if (sinkErrors > 0) {
        counts.merge(ErrorKind.SINK, sinkErrors, Long::sum);
      }
      ClusterLag next;
      try {
        Partial partial = new Partial();
        LagCalculator.Result result = fetchAndCalculate(prev, start, partial);
        Instant end = clock.instant();
        partial.counts.forEach((k, v) -> counts.merge(k, v, Long::sum));
        next = ClusterLag.builder(name)
            .status(ClusterStatus.UP)
            .lastAttempt(start)
            .lastSuccess(start)
            .cycleDuration(Duration.between(start, end))
            .lastError(partial.first)
            .groups(result.groups())
            .partitions(result.partitions())
            .errorCounts(counts)
            .cycles(prev.cycles() + 1)
            .build();
        logRecovery(prev, partial);
        consecutiveFailures = 0;
      } catch (RuntimeException e) {
        ErrorKind kind = e instanceof KafkaAccessException k ? k.kind() : ErrorKind.UNKNOWN;
        Instant end = clock.instant();
        CollectionError error = new CollectionError(kind, describe(e), end);
        counts.merge(kind, 1L, Long::sum);
        boolean keep = prev.lastSuccess().isPresent()
            && prev.status() != ClusterStatus.DOWN
            && Duration.between(prev.lastSuccess().get(), end).compareTo(stalenessLimit) <= 0;
        ClusterLag.Builder b = prev.toBuilder()
            .status(keep ? ClusterStatus.STALE : ClusterStatus.DOWN)
            .lastAttempt(start)
            .cycleDuration(Duration.between(start, end))
            .lastError(error)
            .errorCounts(counts)
            .cycles(prev.cycles() + 1);
        if (!keep) {
          b.clearData();
        }
        next = b.build();
        consecutiveFailures++;
        logFailure(prev, next, error, e);
      }
      current = next;
      return next;
    } finally {
      lock.unlock();
    }
  }

  private LagCalculator.Result fetchAndCalculate(ClusterLag prev, Instant now, Partial partial) {
    List<GroupListing> listed = access.listGroups();
    List<GroupListing> selected = new ArrayList<>(listed.size());
    List<String> ids = new ArrayList<>(listed.size());
    for (GroupListing g : listed) {
      if (groupSelector.selects(g.groupId())) {
        selected.add(g);
        ids.add(g.groupId());
      }
    }
    Map<String, GroupDescription> descriptions = Map.of();
    if (descriptionCache != null) {
      List<String> toDescribe = descriptionCache.toDescribe(selected, now);
      Map<String, GroupDescription> fresh = Map.of();
      if (!toDescribe.isEmpty()) {
        try {
          fresh = access.describeGroups(toDescribe);
        } catch (KafkaAccessException e) {
          partial.add(e.kind(), "describing groups: " + describe(e), now);
        }
      }
      descriptions = descriptionCache.update(selected, fresh, now);
    }
    CommittedOffsets committed = ids.isEmpty()
        ? new CommittedOffsets(Map.of(), Map.of())
        : access.committedOffsets(ids);
    committed.failures().forEach((group, e) ->
        partial.add(e.kind(), "committed offsets of group '" + group + "': " + describe(e), now));

    Map<String, Map<TopicPartition, Long>> filtered = committed.offsets();
    Set<TopicPartition> partitions = new LinkedHashSet<>();
    if (!topicSelector.selectsAll()) {
      Map<String, Boolean> topicDecisions = new HashMap<>();
      Map<String, Map<TopicPartition, Long>> kept = new HashMap<>(filtered.size() * 2);
      for (Map.Entry<String, Map<TopicPartition, Long>> e : filtered.entrySet()) {
        Map<TopicPartition, Long> m = new HashMap<>();
        for (Map.Entry<TopicPartition, Long> c : e.getValue().entrySet()) {
          if (topicDecisions.computeIfAbsent(c.getKey().topic(), topicSelector::selects)) {
            m.put(c.getKey(), c.getValue());
          }
        }
        kept.put(e.getKey(), m);
      }
      filtered = kept;
    }
    for (Map<TopicPartition, Long> m : filtered.values()) {
      partitions.addAll(m.keySet());
    }

    Map<TopicPartition, Long> ends = Map.of();
    Map<TopicPartition, Long> starts = Map.of();
    if (!partitions.isEmpty()) {
      OffsetsResult end = access.endOffsets(partitions);
      ends = end.offsets();
      partial.addPartitionFailures("end offset", end, now);
      if (startOffsets) {
        try {
          OffsetsResult st = access.startOffsets(partitions);
          starts = st.offsets();
          partial.addPartitionFailures("start offset", st, now);
        } catch (KafkaAccessException e) {
          partial.add(e.kind(), "start offsets: " + describe(e), now);
        }
      }
    }

    Set<OffsetPosition> positions = new HashSet<>();
    for (Map<TopicPartition, Long> m : filtered.values()) {
      for (Map.Entry<TopicPartition, Long> c : m.entrySet()) {
        Long end = ends.get(c.getKey());
        if (end != null && end > c.getValue()) {
          positions.add(new OffsetPosition(c.getKey(), c.getValue()));
        }
      }
    }
    Map<OffsetPosition, TimeLag> timeLags = Map.of();
    if (!positions.isEmpty()) {
      try {
        timeLags = estimator.estimate(new TimeLagQuery(now, positions, ends));
      } catch (RuntimeException e) {
        partial.add(ErrorKind.TIME_LAG, "time lag: " + describe(e), now);
      }
    }
    return LagCalculator.calculate(
        new LagCalculator.Inputs(
            selected, descriptions, filtered, committed.failures().keySet(), ends, starts, timeLags),
        prev);
  }

  private void logFailure(ClusterLag prev, ClusterLag next, CollectionError error, RuntimeException e) {
    if (Thread.currentThread().isInterrupted()) { // the collector is closing
      log.debug("klag cluster '{}': cycle interrupted: {}", name, error.message());
      return;
    }
    boolean changed = loggedFailure != error.kind() || prev.status() != next.status();
    loggedFailure = error.kind();
    if (!changed) {
      log.debug("klag cluster '{}': collection failed again ({}): {}", name, error.kind().label(), error.message());
      return;
    }
    String data = next.status() == ClusterStatus.STALE
        ? "keeping data from " + next.lastSuccess().orElseThrow() + " (stale)"
        : prev.status() == ClusterStatus.STALE
            ? "data older than the staleness limit " + stalenessLimit + " dropped"
            : "no data";
    if (log.isDebugEnabled()) {
      log.warn("klag cluster '{}': collection failed ({}): {}; {}", name, error.kind().label(), error.message(), data, e);
    } else {
      log.warn("klag cluster '{}': collection failed ({}): {}; {}", name, error.kind().label(), error.message(), data);
    }
  }

  private void logRecovery(ClusterLag prev, Partial partial) {
    if (loggedFailure != null) {
      log.info("klag cluster '{}': collection recovered after {} failed cycle(s)", name, consecutiveFailures);
      loggedFailure = null;
    } else if (prev.cycles() == 0) {
      log.info("klag cluster '{}': first collection succeeded", name);
    }
    Set<ErrorKind> kinds = partial.counts.keySet();
    if (!kinds.equals(loggedPartial)) {
      if (partial.first != null) {
        log.warn("klag cluster '{}': collection partly failed ({}): {}", name, kinds, partial.first.message());
      } else {
        log.info("klag cluster '{}': partial failures cleared", name);
      }
      loggedPartial = Set.copyOf(kinds);
    }
  }

  static String describe(Throwable e) {
    String m = e.getMessage();
    String type = e instanceof KafkaAccessException ? "" : e.getClass().getSimpleName() + ": ";
    return type + (m == null || m.isBlank() ? e.getClass().getName() : m);
  }

  /** Failures of parts of a cycle that still succeeded. */
  private static final class Partial {
    final Map<ErrorKind, Long> counts = new EnumMap<>(ErrorKind.class);
    @Nullable CollectionError first;

    void add(ErrorKind kind, String message, Instant at) {
      counts.merge(kind, 1L, Long::sum);
      if (first == null) {
        first = new CollectionError(kind, message, at);
      }
    }

    void addPartitionFailures(String what, OffsetsResult r, Instant at) {
      r.failures().forEach((tp, e) -> add(e.kind(), what + " of " + tp + ": " + describe(e), at));
    }
  }
}
