package io.klag.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.klag.ErrorKind;
import io.klag.spi.KafkaAccessException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.NotCoordinatorException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.internals.KafkaFutureImpl;
import org.junit.jupiter.api.Test;

class AdminCallsTest {

  private final AtomicLong nanos = new AtomicLong();
  private final List<Long> sleeps = new ArrayList<>();

  private AdminCalls calls(Duration timeout, int retries) {
    return new AdminCalls(ClientProperties.hostAdmin(), timeout, retries, Duration.ofMillis(100), Duration.ofSeconds(1),
        ms -> {
          sleeps.add(ms);
          nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
        },
        nanos::get);
  }

  private static <T> KafkaFuture<T> failed(Throwable t) {
    KafkaFutureImpl<T> f = new KafkaFutureImpl<>();
    f.completeExceptionally(t);
    return f;
  }

  @Test
  void retriesOnlyTheUnavailableKeysInOneCallPerAttempt() {
    List<Set<String>> asked = new ArrayList<>();
    AtomicLong attempt = new AtomicLong();
    AdminCalls.Batch<String, Integer> b = calls(Duration.ofSeconds(10), 3).batch("offsets", List.of("a", "b", "c"),
        (keys, ms) -> {
          asked.add(keys);
          long n = attempt.getAndIncrement();
          Map<String, KafkaFuture<Integer>> m = new HashMap<>();
          for (String k : keys) {
            if (k.equals("b") && n == 0) {
              m.put(k, failed(new NotCoordinatorException("moving")));
            } else if (k.equals("c")) {
              m.put(k, failed(new GroupAuthorizationException("denied")));
            } else {
              m.put(k, KafkaFuture.completedFuture(k.length()));
            }
          }
          return m;
        });

    assertThat(asked).containsExactly(Set.of("a", "b", "c"), Set.of("b"));
    assertThat(b.values()).containsOnlyKeys("a", "b");
    assertThat(b.failures()).containsOnlyKeys("c");
    assertThat(b.failures().get("c").kind()).isEqualTo(ErrorKind.AUTHORIZATION);
    assertThat(b.failures().get("c").getMessage()).contains("offsets of 'c'");
    assertThat(sleeps).hasSize(1);
  }

  @Test
  void retriesAreBoundedAndBackOffExponentiallyWithJitter() {
    AtomicLong attempts = new AtomicLong();
    assertThatThrownBy(() -> calls(Duration.ofSeconds(30), 3).call("listGroups", ms -> {
      attempts.incrementAndGet();
      return failed(new NotCoordinatorException("no"));
    })).isInstanceOf(KafkaAccessException.class)
        .satisfies(e -> assertThat(((KafkaAccessException) e).kind()).isEqualTo(ErrorKind.UNAVAILABLE))
        .hasMessageContaining("listGroups failed (unavailable)");
    assertThat(attempts).hasValue(4);
    assertThat(sleeps).hasSize(3);
    assertThat(sleeps.get(0)).isBetween(50L, 100L);
    assertThat(sleeps.get(1)).isBetween(100L, 200L);
    assertThat(sleeps.get(2)).isBetween(200L, 400L);
  }

  @Test
  void neverRetriesPastTheDeadlineAndPassesTheTimeLeftToTheAdmin() {
    List<Integer> timeouts = new ArrayList<>();
    assertThatThrownBy(() -> calls(Duration.ofMillis(250), 10).call("listGroups", ms -> {
      timeouts.add(ms);
      nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(Math.min(100, ms))); // an attempt takes 100 ms at most
      return failed(new NotCoordinatorException("no"));
    })).isInstanceOf(KafkaAccessException.class);
    long total = TimeUnit.NANOSECONDS.toMillis(nanos.get());
    assertThat(total).isLessThanOrEqualTo(250);
    assertThat(timeouts.get(0)).isEqualTo(250);
    assertThat(timeouts).isSortedAccordingTo((a, b) -> Integer.compare(b, a));
  }

  @Test
  void aTimeoutIsNotRetriedAndAFutureThatNeverCompletesTimesOut() {
    AtomicLong attempts = new AtomicLong();
    assertThatThrownBy(() -> calls(Duration.ofSeconds(5), 3).call("listGroups", ms -> {
      attempts.incrementAndGet();
      return failed(new TimeoutException("Timed out waiting for a node assignment"));
    })).satisfies(e -> assertThat(((KafkaAccessException) e).kind()).isEqualTo(ErrorKind.TIMEOUT));
    assertThat(attempts).hasValue(1);

    AdminCalls real = new AdminCalls(ClientProperties.hostAdmin(), Duration.ofMillis(50), 3,
        Duration.ofMillis(10), Duration.ofMillis(10));
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> real.call("describe", ms -> new KafkaFutureImpl<String>()))
        .satisfies(e -> assertThat(((KafkaAccessException) e).kind()).isEqualTo(ErrorKind.TIMEOUT))
        .hasMessageContaining("timed out after 50 ms");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(5_000);
  }

  @Test
  void whenEveryKeyFailsTheWholeCallFails() {
    assertThatThrownBy(() -> calls(Duration.ofSeconds(1), 0).batch("listOffsets", List.of("p0", "p1"),
        (keys, ms) -> {
          Map<String, KafkaFuture<Long>> m = new HashMap<>();
          keys.forEach(k -> m.put(k, failed(new GroupAuthorizationException("denied"))));
          return m;
        }))
        .isInstanceOf(KafkaAccessException.class)
        .hasMessageContaining("listOffsets failed for all 2 keys")
        .satisfies(e -> assertThat(((KafkaAccessException) e).kind()).isEqualTo(ErrorKind.AUTHORIZATION));
  }

  @Test
  void anAdminThatRefusesTheCallIsAFailureNotACrash() {
    assertThatThrownBy(() -> calls(Duration.ofSeconds(1), 0).call("listGroups", ms -> {
      throw new IllegalStateException("Admin client is closed");
    })).isInstanceOf(KafkaAccessException.class).hasMessageContaining("Admin client is closed");
  }
}
