package io.klag;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The collector: one {@link ClusterPoller} and, once started, one daemon thread per cluster. */
final class DefaultLagCollector implements LagCollector {

  private static final Logger log = LoggerFactory.getLogger(LagCollector.class);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
  private static final Duration AWAIT_POLL = Duration.ofMillis(200);

  private final List<ClusterPoller> pollers = new ArrayList<>();
  private final List<ClusterSpec> specs;
  private final CopyOnWriteArrayList<LagSink> sinks;
  private final Map<LagSink, Boolean> failingSinks = new IdentityHashMap<>();
  private final Duration interval;
  private final Duration retryBackoff;
  private final Clock clock;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final List<ScheduledExecutorService> executors = new ArrayList<>();
  private final Object publishLock = new Object();
  private volatile LagSnapshot latest;
  private long sequence;

  DefaultLagCollector(LagCollector.Builder b, NameSelector groups, NameSelector topics) {
    this.specs = List.copyOf(b.clusters);
    for (ClusterSpec spec : specs) {
      pollers.add(new ClusterPoller(
          spec, groups, topics, b.members ? b.membersMaxAge : null, b.startOffsets, b.stalenessLimit, b.clock));
    }
    this.sinks = new CopyOnWriteArrayList<>(b.sinks);
    this.interval = b.interval;
    this.retryBackoff = b.retryBackoff;
    this.clock = b.clock;
    this.latest = new LagSnapshot(0, clock.instant(), pollers.stream().map(ClusterPoller::current).toList());
  }

  @Override
  public LagSnapshot collect() {
    requireOpen();
    for (ClusterPoller p : pollers) {
      p.runCycle();
    }
    return publish();
  }

  @Override
  public LagCollector start() {
    requireOpen();
    if (!started.compareAndSet(false, true)) {
      return this;
    }
    synchronized (executors) {
      if (closed.get()) {
        throw new IllegalStateException("collector is closed");
      }
      for (ClusterPoller p : pollers) {
        ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, r -> {
          Thread t = new Thread(r, "klag-" + p.name());
          t.setDaemon(true);
          return t;
        });
        ex.setRemoveOnCancelPolicy(true);
        executors.add(ex);
        ex.execute(() -> tick(p, ex));
      }
    }
    return this;
  }

  private void tick(ClusterPoller p, ScheduledExecutorService ex) {
    long delayMs = interval.toMillis();
    try {
      long t0 = System.nanoTime();
      ClusterLag c = p.runCycle();
      if (closed.get()) {
        return;
      }
      publish();
      long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
      delayMs = c.status() == ClusterStatus.UP
          ? Math.max(0, interval.toMillis() - elapsedMs)
          : backoffMillis(p.consecutiveFailures());
    } catch (Throwable t) { // keep the schedule alive whatever happens
      log.error("klag cluster '{}': unexpected error in collection loop", p.name(), t);
    }
    if (!closed.get()) {
      try {
        ex.schedule(() -> tick(p, ex), delayMs, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // closing
      }
    }
  }

  /** Exponential backoff with equal jitter, capped at the interval. */
  long backoffMillis(int failures) {
    long cap = interval.toMillis();
    long base = retryBackoff.toMillis();
    int shift = Math.min(Math.max(failures - 1, 0), 30);
    long d = Math.min(cap, base << shift);
    if (d <= 1) {
      return d;
    }
    return d / 2 + ThreadLocalRandom.current().nextLong(d / 2 + 1);
  }

  private LagSnapshot publish() {
    synchronized (publishLock) {
      List<ClusterLag> clusters = new ArrayList<>(pollers.size());
      for (ClusterPoller p : pollers) {
        clusters.add(p.current());
      }
      LagSnapshot s = new LagSnapshot(++sequence, clock.instant(), clusters);
      latest = s;
      for (LagSink sink : sinks) {
        deliver(sink, s);
      }
      return s;
    }
  }

  private void deliver(LagSink sink, LagSnapshot s) {
    try {
      sink.accept(s);
      if (failingSinks.remove(sink) != null) {
        log.info("klag: sink {} recovered", sink);
      }
    } catch (RuntimeException e) {
      for (ClusterPoller p : pollers) {
        p.countSinkError();
      }
      if (failingSinks.put(sink, Boolean.TRUE) == null) {
        log.warn("klag: sink {} failed; further failures are logged at debug", sink, e);
      } else {
        log.debug("klag: sink {} failed again", sink, e);
      }
    }
  }

  @Override
  public LagSnapshot latest() {
    return latest;
  }

  @Override
  public Subscription subscribe(LagSink sink) {
    Objects.requireNonNull(sink, "sink");
    sinks.add(sink);
    return () -> sinks.remove(sink);
  }

  @Override
  public LagSnapshot await(Predicate<LagSnapshot> condition, Duration timeout) {
    return awaitInternal(condition, timeout, s -> "condition did not hold within " + timeout);
  }

  @Override
  public LagSnapshot awaitCaughtUp(String cluster, String groupId, Duration timeout) {
    if (specs.stream().noneMatch(s -> s.name().equals(cluster))) {
      throw new IllegalArgumentException("cluster: no cluster named '" + cluster + "'");
    }
    return awaitInternal(
        s -> s.cluster(cluster).filter(c -> c.status() == ClusterStatus.UP).flatMap(c -> c.group(groupId))
            .map(g -> g.sumLag() == 0).orElse(false),
        timeout,
        s -> "group '" + groupId + "' in cluster '" + cluster + "' did not catch up within " + timeout
            + "; last seen: " + describeLag(s, cluster, groupId));
  }

  private static String describeLag(LagSnapshot s, String cluster, String groupId) {
    ClusterLag c = s.cluster(cluster).orElseThrow();
    if (c.status() != ClusterStatus.UP) {
      return "cluster " + c.status().label() + c.lastError().map(e -> " (" + e.message() + ")").orElse("");
    }
    return c.group(groupId).map(g -> {
      StringBuilder sb = new StringBuilder("lag ").append(g.sumLag());
      String sep = " (";
      int shown = 0;
      for (PartitionLag p : g.partitions()) {
        if (p.lag() > 0 && shown++ < 10) {
          sb.append(sep).append(p.topicPartition()).append(": ").append(p.lag());
          sep = ", ";
        }
      }
      return shown > 0 ? sb.append(")").toString() : sb.toString();
    }).orElse("no committed offsets for the group");
  }

  private LagSnapshot awaitInternal(
      Predicate<LagSnapshot> condition, Duration timeout, java.util.function.Function<LagSnapshot, String> message) {
    Objects.requireNonNull(condition, "condition");
    if (timeout == null || timeout.isNegative()) {
      throw new IllegalArgumentException("timeout: must be a non-negative duration, was " + timeout);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    LagSnapshot last = collect();
    while (!condition.test(last)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new LagConditionTimeoutException(message.apply(last), last);
      }
      try {
        Thread.sleep(Math.min(AWAIT_POLL.toMillis(), Math.max(1, left / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LagConditionTimeoutException("interrupted while waiting", last);
      }
      last = collect();
    }
    return last;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    synchronized (executors) {
      executors.forEach(ScheduledExecutorService::shutdownNow);
      long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
      for (ScheduledExecutorService ex : executors) {
        try {
          long left = deadline - System.nanoTime();
          if (left > 0 && !ex.awaitTermination(left, TimeUnit.NANOSECONDS)) {
            log.warn("klag: a collection thread did not stop within {}", CLOSE_WAIT);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    for (ClusterSpec spec : specs) {
      closeQuietly(spec.name(), spec.timeLag());
      closeQuietly(spec.name(), spec.access());
    }
  }

  private static void closeQuietly(String cluster, AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      log.warn("klag cluster '{}': error while closing {}", cluster, c.getClass().getSimpleName(), e);
    }
  }

  private void requireOpen() {
    if (closed.get()) {
      throw new IllegalStateException("collector is closed");
    }
  }
}
