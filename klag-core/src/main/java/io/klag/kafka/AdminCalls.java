package io.klag.kafka;

import io.klag.ErrorKind;
import io.klag.spi.KafkaAccessException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;
import org.apache.kafka.common.KafkaFuture;

/**
 * Runs Admin calls under klag's call policy: one deadline per call ({@code timeout}, passed to the
 * Admin as {@code timeoutMs} and enforced on the futures too), and bounded retries of unavailable
 * brokers, coordinators or leaders with exponential backoff and equal jitter, within the deadline.
 * A batched call retries only the keys that failed, in one request per retry.
 */
final class AdminCalls {

  /** Extra wait on a future beyond the Admin's own timeout, before klag gives up on it. */
  private static final long GRACE_MS = 500;

  /** Sleeps between retries; replaceable in tests. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(long millis) throws InterruptedException;
  }

  /** What a batched call read: values by key, and the keys that failed. */
  record Batch<K, V>(Map<K, V> values, Map<K, KafkaAccessException> failures) {}

  private final ClientProperties props;
  private final Duration timeout;
  private final int retries;
  private final Duration backoff;
  private final Duration maxBackoff;
  private final Sleeper sleeper;
  private final LongSupplier nanoTime;

  AdminCalls(ClientProperties props, Duration timeout, int retries, Duration backoff, Duration maxBackoff) {
    this(props, timeout, retries, backoff, maxBackoff, Thread::sleep, System::nanoTime);
  }

  AdminCalls(
      ClientProperties props,
      Duration timeout,
      int retries,
      Duration backoff,
      Duration maxBackoff,
      Sleeper sleeper,
      LongSupplier nanoTime) {
    this.props = props;
    this.timeout = timeout;
    this.retries = retries;
    this.backoff = backoff;
    this.maxBackoff = maxBackoff;
    this.sleeper = sleeper;
    this.nanoTime = nanoTime;
  }

  Duration timeout() {
    return timeout;
  }

  /**
   * One call with one result. {@code call} gets the milliseconds left before the deadline.
   *
   * @throws KafkaAccessException when it failed, after the retries allowed
   */
  <T> T call(String operation, IntFunction<KafkaFuture<T>> call) {
    Batch<String, T> b = batch(operation, Set.of(operation), (keys, ms) -> Map.of(operation, call.apply(ms)));
    KafkaAccessException failure = b.failures().get(operation);
    if (failure != null) {
      throw failure;
    }
    return b.values().get(operation);
  }

  /**
   * One call for many keys, each with its own future. Keys whose futures fail with a retryable
   * kind are asked again, together, while retries and time are left.
   *
   * @throws KafkaAccessException when every key failed (the call as a whole failed)
   */
  <K, V> Batch<K, V> batch(
      String operation,
      Collection<K> keys,
      BiFunction<Set<K>, Integer, Map<K, ? extends KafkaFuture<V>>> call) {
    long deadline = nanoTime.getAsLong() + timeout.toNanos();
    Map<K, V> values = new HashMap<>();
    Map<K, KafkaAccessException> failures = new HashMap<>();
    Set<K> pending = new LinkedHashSet<>(keys);
    for (int attempt = 0; !pending.isEmpty(); attempt++) {
      int leftMs = (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - nanoTime.getAsLong()));
      Map<K, ? extends KafkaFuture<V>> futures;
      try {
        futures = call.apply(Set.copyOf(pending), leftMs);
      } catch (RuntimeException e) { // the Admin refused the call itself (closed, say)
        KafkaAccessException f = KafkaErrors.toAccessException(operation, e, props);
        pending.forEach(k -> failures.put(k, f));
        futures = Map.of();
      }
      for (Map.Entry<K, ? extends KafkaFuture<V>> e : futures.entrySet()) {
        if (!pending.contains(e.getKey())) {
          continue;
        }
        long waitMs = Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - nanoTime.getAsLong())) + GRACE_MS;
        try {
          values.put(e.getKey(), e.getValue().get(waitMs, TimeUnit.MILLISECONDS));
        } catch (ExecutionException ex) {
          failures.put(e.getKey(), KafkaErrors.toAccessException(name(operation, keys, e.getKey()), ex, props));
        } catch (TimeoutException ex) {
          e.getValue().cancel(true);
          failures.put(e.getKey(), new KafkaAccessException(
              ErrorKind.TIMEOUT, name(operation, keys, e.getKey()) + " timed out after " + timeout.toMillis() + " ms"));
        } catch (InterruptedException ex) {
          Thread.currentThread().interrupt();
          throw new KafkaAccessException(ErrorKind.UNKNOWN, operation + " interrupted");
        }
      }
      pending.removeAll(values.keySet());
      for (K k : pending) {
        failures.putIfAbsent(k, new KafkaAccessException(
            ErrorKind.UNKNOWN, name(operation, keys, k) + ": no result from the Admin client"));
      }
      pending.clear();
      long delayMs = backoffMillis(attempt);
      boolean retry = attempt < retries
          && nanoTime.getAsLong() + TimeUnit.MILLISECONDS.toNanos(delayMs) < deadline;
      if (retry) {
        failures.forEach((k, f) -> {
          if (f.kind() == ErrorKind.UNAVAILABLE) {
            pending.add(k);
          }
        });
      }
      if (!pending.isEmpty()) {
        failures.keySet().removeAll(pending);
        try {
          sleeper.sleep(delayMs);
        } catch (InterruptedException ex) {
          Thread.currentThread().interrupt();
          throw new KafkaAccessException(ErrorKind.UNKNOWN, operation + " interrupted");
        }
      }
    }
    if (values.isEmpty() && !failures.isEmpty()) {
      KafkaAccessException first = failures.values().iterator().next();
      if (failures.size() == 1) {
        throw first;
      }
      throw new KafkaAccessException(first.kind(),
          operation + " failed for all " + failures.size() + " keys; first: " + first.getMessage(), first);
    }
    return new Batch<>(Map.copyOf(values), Map.copyOf(failures));
  }

  private static String name(String operation, Collection<?> keys, Object key) {
    return keys.size() == 1 && operation.equals(key) ? operation : operation + " of '" + key + "'";
  }

  /** Exponential backoff with equal jitter: attempt 0 waits about {@code backoff}, capped at {@code maxBackoff}. */
  long backoffMillis(int attempt) {
    long base = backoff.toMillis();
    long d = Math.min(maxBackoff.toMillis(), base << Math.min(attempt, 30));
    if (d <= 1) {
      return d;
    }
    return d / 2 + ThreadLocalRandom.current().nextLong(d / 2 + 1);
  }
}
