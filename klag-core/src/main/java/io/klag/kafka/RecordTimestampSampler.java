package io.klag.kafka;

import io.klag.TimeLag;
import io.klag.TimeLagMethod;
import io.klag.spi.OffsetPosition;
import io.klag.spi.TimeLagEstimator;
import io.klag.spi.TimeLagQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Time lag as now minus the timestamp of the first record at or after each committed offset, read
 * by a consumer klag owns (assign + seek, no group, no commits). One poll loop per cycle over all
 * partitions to sample, so a cycle costs about one fetch per leader; bounded by a time budget and a
 * partition cap; results cached by (partition, committed offset) for a TTL.
 *
 * <p>What never stalls a cycle: an offset below the log start (the consumer resets to the earliest
 * record, which is the first one after it), compacted-away records or transaction markers (the
 * next record is used), a partition with nothing readable before its end offset (no time lag), an
 * empty fetch (the budget ends the loop).
 */
final class RecordTimestampSampler implements TimeLagEstimator {

  private static final Logger log = LoggerFactory.getLogger(RecordTimestampSampler.class);
  private static final long MAX_POLL_MS = 100;

  private final Duration cacheTtl;
  private final int maxPartitionsPerCycle;
  private final Duration timeBudget;
  private final LongSupplier nanoTime;
  private final Map<OffsetPosition, Cached> cache = new ConcurrentHashMap<>();
  private final ClientProperties props;
  private final Consumer<byte[], byte[]> consumer;
  private volatile boolean closed;

  /** A sampled record timestamp and when (cycle time) it was read. */
  record Cached(long timestamp, Instant readAt) {}

  RecordTimestampSampler(
      Consumer<byte[], byte[]> consumer,
      Duration cacheTtl,
      int maxPartitionsPerCycle,
      Duration timeBudget,
      LongSupplier nanoTime,
      ClientProperties props) {
    this.consumer = consumer;
    this.cacheTtl = cacheTtl;
    this.maxPartitionsPerCycle = maxPartitionsPerCycle;
    this.timeBudget = timeBudget;
    this.nanoTime = nanoTime;
    this.props = props;
  }

  /**
   * {@inheritDoc}
   *
   * @throws io.klag.spi.KafkaAccessException when the consumer cannot authenticate or is not
   *     authorized at all, or fails otherwise (message scrubbed of secrets)
   */
  @Override
  public synchronized Map<OffsetPosition, TimeLag> estimate(TimeLagQuery query) {
    if (closed) {
      return Map.of();
    }
    try {
      return estimateOpen(query);
    } catch (RuntimeException e) {
      throw KafkaErrors.toAccessException("sampling record timestamps", e, props);
    }
  }

  private Map<OffsetPosition, TimeLag> estimateOpen(TimeLagQuery query) {
    Instant now = query.now();
    cache.entrySet().removeIf(e -> !query.positions().contains(e.getKey())
        || Duration.between(e.getValue().readAt(), now).compareTo(cacheTtl) >= 0);
    Map<OffsetPosition, TimeLag> out = new HashMap<>();
    List<OffsetPosition> missing = new ArrayList<>();
    for (OffsetPosition p : query.positions()) {
      Cached c = cache.get(p);
      if (c != null) {
        out.put(p, timeLag(now, c.timestamp()));
      } else {
        missing.add(p);
      }
    }
    if (missing.isEmpty()) {
      return out;
    }
    Map<TopicPartition, NavigableSet<Long>> wanted = select(missing, query.endOffsets(), maxPartitionsPerCycle);
    Map<OffsetPosition, Long> sampled = sample(wanted, query.endOffsets());
    sampled.forEach((p, ts) -> {
      cache.put(p, new Cached(ts, now));
      out.put(p, timeLag(now, ts));
    });
    return out;
  }

  static TimeLag timeLag(Instant now, long recordTimestamp) {
    return new TimeLag(Duration.ofMillis(Math.max(0, now.toEpochMilli() - recordTimestamp)), TimeLagMethod.RECORD_TIMESTAMP);
  }

  /**
   * The offsets to read per partition, at most {@code cap} partitions: those whose largest lag is
   * greatest first (positions without an end offset last).
   */
  static Map<TopicPartition, NavigableSet<Long>> select(
      List<OffsetPosition> positions, Map<TopicPartition, Long> ends, int cap) {
    Map<TopicPartition, NavigableSet<Long>> byPartition = new HashMap<>();
    for (OffsetPosition p : positions) {
      byPartition.computeIfAbsent(p.partition(), k -> new TreeSet<>()).add(p.offset());
    }
    if (byPartition.size() <= cap) {
      return byPartition;
    }
    List<TopicPartition> order = new ArrayList<>(byPartition.keySet());
    order.sort(Comparator.comparingLong((TopicPartition tp) -> {
      Long end = ends.get(tp);
      return end == null ? Long.MIN_VALUE : end - byPartition.get(tp).first();
    }).reversed().thenComparing(TopicPartition::toString));
    Map<TopicPartition, NavigableSet<Long>> kept = new HashMap<>();
    for (TopicPartition tp : order.subList(0, cap)) {
      kept.put(tp, byPartition.get(tp));
    }
    log.debug("klag time lag: sampling {} of {} partitions this cycle (maxPartitionsPerCycle)", cap, byPartition.size());
    return kept;
  }

  /** Reads the timestamps; whatever is not found within the budget has no sample. */
  private Map<OffsetPosition, Long> sample(Map<TopicPartition, NavigableSet<Long>> wanted, Map<TopicPartition, Long> ends) {
    Map<OffsetPosition, Long> out = new HashMap<>();
    long deadline = nanoTime.getAsLong() + timeBudget.toNanos();
    Consumer<byte[], byte[]> c = consumer;
    c.assign(wanted.keySet());
    c.resume(wanted.keySet()); // paused at the end of the last cycle
    wanted.forEach((tp, offsets) -> c.seek(tp, offsets.first()));
    Set<TopicPartition> active = new HashSet<>(wanted.keySet());
    try {
      while (!active.isEmpty()) {
        long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - nanoTime.getAsLong());
        if (leftMs <= 0) {
          log.debug("klag time lag: time budget {} used up, {} partition(s) not sampled", timeBudget, active.size());
          break;
        }
        ConsumerRecords<byte[], byte[]> records;
        try {
          records = c.poll(Duration.ofMillis(Math.min(leftMs, MAX_POLL_MS)));
        } catch (TopicAuthorizationException e) {
          log.debug("klag time lag: not authorized to read {}", e.unauthorizedTopics());
          for (TopicPartition tp : new ArrayList<>(active)) {
            if (e.unauthorizedTopics().contains(tp.topic())) {
              finish(c, active, tp);
            }
          }
          continue;
        }
        for (TopicPartition tp : records.partitions()) {
          if (active.contains(tp) && resolve(tp, records.records(tp), wanted.get(tp), out)) {
            finish(c, active, tp);
          } else if (active.contains(tp)) {
            c.seek(tp, wanted.get(tp).first()); // the next group's offset on this partition
          }
        }
        for (TopicPartition tp : new ArrayList<>(active)) {
          Long end = ends.get(tp);
          if (end != null && position(c, tp) >= end) {
            finish(c, active, tp); // nothing readable left before the end: no time lag
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (AuthenticationException | AuthorizationException e) {
      throw e; // reported as the cycle's time-lag error
    } catch (KafkaException e) {
      log.debug("klag time lag: sampling stopped early: {}", props.scrub(e.toString()));
    } finally {
      if (!closed) {
        c.pause(c.assignment()); // no prefetching between cycles
      }
    }
    return out;
  }

  /**
   * Assigns {@code records} (in offset order) to the wanted offsets: each wanted offset gets the
   * first record at or after it. Returns whether the partition needs nothing more.
   */
  static boolean resolve(
      TopicPartition tp, List<ConsumerRecord<byte[], byte[]>> records, NavigableSet<Long> wanted, Map<OffsetPosition, Long> out) {
    if (records.isEmpty() || wanted.isEmpty()) {
      return wanted.isEmpty();
    }
    if (records.get(records.size() - 1).offset() < wanted.first()) {
      // reset to the log start from beyond the end (truncated log): nothing to sample
      wanted.clear();
      return true;
    }
    for (ConsumerRecord<byte[], byte[]> r : records) {
      while (!wanted.isEmpty() && wanted.first() <= r.offset()) {
        long offset = wanted.pollFirst();
        if (r.timestamp() >= 0) {
          out.put(new OffsetPosition(tp, offset), r.timestamp());
        }
      }
      if (wanted.isEmpty()) {
        return true;
      }
    }
    return false;
  }

  private static long position(Consumer<byte[], byte[]> c, TopicPartition tp) {
    try {
      return c.position(tp, Duration.ZERO);
    } catch (KafkaException e) { // position not known yet (reset in progress)
      return Long.MIN_VALUE;
    }
  }

  private static void finish(Consumer<byte[], byte[]> c, Set<TopicPartition> active, TopicPartition tp) {
    active.remove(tp);
    c.pause(Set.of(tp));
  }

  /** Fetch requests the consumer sent so far ({@code fetch-total}), for tests. */
  double fetchCount() {
    for (Map.Entry<org.apache.kafka.common.MetricName, ? extends org.apache.kafka.common.Metric> e : consumer.metrics().entrySet()) {
      if (e.getKey().name().equals("fetch-total") && e.getKey().group().equals("consumer-fetch-manager-metrics")
          && !e.getKey().tags().containsKey("topic")) {
        return ((Number) e.getValue().metricValue()).doubleValue();
      }
    }
    throw new IllegalStateException("consumer-fetch-manager-metrics fetch-total not found");
  }

  /** Cached samples, for tests. */
  int cacheSize() {
    return cache.size();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    consumer.wakeup();
    synchronized (this) {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
  }

  @Override
  public String toString() {
    return "RecordTimestampSampler{" + props + ", cacheTtl=" + cacheTtl + ", maxPartitionsPerCycle="
        + maxPartitionsPerCycle + ", timeBudget=" + timeBudget + "}";
  }
}
