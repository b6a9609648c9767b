package io.klag;

import static io.klag.Filter.exclude;
import static io.klag.Filter.include;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.klag.spi.InMemoryKafkaAccess;
import io.klag.spi.KafkaAccess;
import io.klag.spi.KafkaAccessException;
import io.klag.spi.OffsetPosition;
import io.klag.spi.TimeLagEstimator;
import io.klag.spi.TimeLagQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class LagCollectorTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

  private static InMemoryKafkaAccess cluster() {
    return new InMemoryKafkaAccess()
        .group("orders-billing", GroupType.CLASSIC, GroupState.STABLE)
        .commit("orders-billing", "orders", 0, 90)
        .commit("orders-billing", "orders", 1, 50)
        .endOffset("orders", 0, 100)
        .endOffset("orders", 1, 80);
  }

  private LagCollector.Builder builder(InMemoryKafkaAccess kafka) {
    return LagCollector.builder().cluster("prod", kafka).clock(clock);
  }

  @Test
  void collectReportsOffsetLagPerPartitionAndGroup() {
    try (LagCollector c = builder(cluster()).build()) {
      LagSnapshot s = c.collect();
      GroupLag g = s.group("prod", "orders-billing").orElseThrow();
      assertThat(g.partition("orders", 0).orElseThrow().lag()).isEqualTo(10);
      assertThat(g.partition("orders", 1).orElseThrow().lag()).isEqualTo(30);
      assertThat(g.sumLag()).isEqualTo(40);
      assertThat(g.maxLag()).isEqualTo(30);
      ClusterLag prod = s.cluster("prod").orElseThrow();
      assertThat(prod.status()).isEqualTo(ClusterStatus.UP);
      assertThat(prod.lastSuccess()).contains(clock.instant());
      assertThat(prod.lastError()).isEmpty();
      assertThat(prod.partitions()).extracting(PartitionOffsets::endOffset).containsExactly(100L, 80L);
      assertThat(c.latest()).isSameAs(s);
      assertThat(s.sequence()).isEqualTo(1);
    }
  }

  @Test
  void latestBeforeAnyCycleShowsEveryClusterDown() {
    try (LagCollector c = builder(cluster()).build()) {
      LagSnapshot s = c.latest();
      assertThat(s.sequence()).isZero();
      assertThat(s.cluster("prod").orElseThrow().status()).isEqualTo(ClusterStatus.DOWN);
      assertThat(s.cluster("prod").orElseThrow().groups()).isEmpty();
    }
  }

  @Test
  void groupAndTopicFiltersApplyDenyWins() {
    InMemoryKafkaAccess kafka = cluster()
        .group("orders-canary", GroupType.CLASSIC, GroupState.STABLE)
        .commit("orders-canary", "orders", 0, 1)
        .group("payments", GroupType.CLASSIC, GroupState.STABLE)
        .commit("payments", "orders", 0, 1)
        .commit("orders-billing", "__internal", 0, 1)
        .endOffset("__internal", 0, 5);
    try (LagCollector c = builder(kafka)
        .groups(include("orders-.*"), exclude(".*-canary"))
        .topics(exclude("__.*"))
        .build()) {
      ClusterLag prod = c.collect().cluster("prod").orElseThrow();
      assertThat(prod.groups()).containsOnlyKeys("orders-billing");
      assertThat(prod.groups().get("orders-billing").topics()).containsOnlyKeys("orders");
      assertThat(prod.partitions()).extracting(p -> p.topicPartition().topic()).containsOnly("orders");
    }
  }

  @Test
  void negativeLagIsClamped() {
    InMemoryKafkaAccess kafka = cluster().commit("orders-billing", "orders", 0, 120);
    try (LagCollector c = builder(kafka).build()) {
      assertThat(c.collect().group("prod", "orders-billing").orElseThrow()
          .partition("orders", 0).orElseThrow().lag()).isZero();
    }
  }

  @Test
  void aDeletedGroupIsGoneFromTheNextSnapshot() {
    InMemoryKafkaAccess kafka = cluster();
    try (LagCollector c = builder(kafka).build()) {
      assertThat(c.collect().group("prod", "orders-billing")).isPresent();
      kafka.deleteGroup("orders-billing");
      LagSnapshot s = c.collect();
      assertThat(s.group("prod", "orders-billing")).isEmpty();
      assertThat(s.cluster("prod").orElseThrow().partitions()).isEmpty();
    }
  }

  @Test
  void aStoppedGroupKeepsReportingItsLag() {
    InMemoryKafkaAccess kafka = cluster().member("orders-billing", new Member("m", "c", "h"),
        new TopicPartition("orders", 0));
    try (LagCollector c = builder(kafka).build()) {
      assertThat(c.collect().group("prod", "orders-billing").orElseThrow().memberCount()).hasValue(1);
      kafka.clearMembers("orders-billing").group("orders-billing", GroupType.CLASSIC, GroupState.EMPTY)
          .endOffset("orders", 0, 200);
      GroupLag g = c.collect().group("prod", "orders-billing").orElseThrow();
      assertThat(g.state()).isEqualTo(GroupState.EMPTY);
      assertThat(g.memberCount()).hasValue(0);
      assertThat(g.partition("orders", 0).orElseThrow().lag()).isEqualTo(110);
    }
  }

  @Test
  void aFailedCycleKeepsTheLastGoodDataMarkedStaleThenTheStalenessLimitDropsIt() {
    InMemoryKafkaAccess kafka = cluster();
    try (LagCollector c = builder(kafka).stalenessLimit(Duration.ofMinutes(2)).build()) {
      Instant good = clock.instant();
      c.collect();

      clock.advance(Duration.ofMinutes(1));
      kafka.fail(new KafkaAccessException(ErrorKind.TIMEOUT, "listGroups timed out after 10s"));
      ClusterLag stale = c.collect().cluster("prod").orElseThrow();
      assertThat(stale.status()).isEqualTo(ClusterStatus.STALE);
      assertThat(stale.lastSuccess()).contains(good);
      assertThat(stale.group("orders-billing").orElseThrow().sumLag()).isEqualTo(40);
      assertThat(stale.lastError()).hasValueSatisfying(e -> {
        assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
        assertThat(e.message()).contains("timed out");
      });
      assertThat(stale.errorCounts()).containsEntry(ErrorKind.TIMEOUT, 1L);

      clock.advance(Duration.ofMinutes(1).plusSeconds(1));
      ClusterLag down = c.collect().cluster("prod").orElseThrow();
      assertThat(down.status()).isEqualTo(ClusterStatus.DOWN);
      assertThat(down.groups()).isEmpty();
      assertThat(down.partitions()).isEmpty();
      assertThat(down.lastSuccess()).contains(good);
      assertThat(down.errorCounts()).containsEntry(ErrorKind.TIMEOUT, 2L);

      kafka.heal();
      ClusterLag up = c.collect().cluster("prod").orElseThrow();
      assertThat(up.status()).isEqualTo(ClusterStatus.UP);
      assertThat(up.lastError()).isEmpty();
      assertThat(up.errorCounts()).containsEntry(ErrorKind.TIMEOUT, 2L);
      assertThat(up.cycles()).isEqualTo(4);
    }
  }

  @Test
  void anUnexpectedExceptionIsClassifiedUnknownAndNotThrown() {
    KafkaAccess kafka = mock(KafkaAccess.class);
    when(kafka.listGroups()).thenThrow(new IllegalStateException("boom"));
    try (LagCollector c = LagCollector.builder().cluster("prod", kafka).clock(clock).build()) {
      ClusterLag prod = c.collect().cluster("prod").orElseThrow();
      assertThat(prod.status()).isEqualTo(ClusterStatus.DOWN);
      assertThat(prod.lastError().orElseThrow().kind()).isEqualTo(ErrorKind.UNKNOWN);
      assertThat(prod.lastError().orElseThrow().message()).contains("IllegalStateException").contains("boom");
      verify(kafka, never()).committedOffsets(any());
    }
    verify(kafka).close();
  }

  @Test
  void oneFailingClusterLeavesTheOtherIntact() {
    InMemoryKafkaAccess bad = cluster().fail(new KafkaAccessException(ErrorKind.UNAVAILABLE, "no brokers"));
    try (LagCollector c = LagCollector.builder()
        .cluster("bad", bad).cluster("good", cluster()).clock(clock).build()) {
      LagSnapshot s = c.collect();
      assertThat(s.cluster("bad").orElseThrow().status()).isEqualTo(ClusterStatus.DOWN);
      assertThat(s.cluster("good").orElseThrow().status()).isEqualTo(ClusterStatus.UP);
      assertThat(s.group("good", "orders-billing").orElseThrow().sumLag()).isEqualTo(40);
      assertThat(s.clusters().keySet()).containsExactly("bad", "good");
    }
  }

  @Test
  void partialFailuresKeepTheCycleUpAndAreCounted() {
    InMemoryKafkaAccess kafka = cluster()
        .group("other", GroupType.CLASSIC, GroupState.STABLE).commit("other", "orders", 0, 95);
    try (LagCollector c = builder(kafka).build()) {
      c.collect();
      kafka.failGroup("other", new KafkaAccessException(ErrorKind.UNAVAILABLE, "coordinator not available"))
          .failPartition("orders", 1, new KafkaAccessException(ErrorKind.UNAVAILABLE, "no leader"))
          .endOffset("orders", 0, 110);
      ClusterLag prod = c.collect().cluster("prod").orElseThrow();
      assertThat(prod.status()).isEqualTo(ClusterStatus.UP);
      assertThat(prod.errorCounts()).containsEntry(ErrorKind.UNAVAILABLE, 2L);
      assertThat(prod.lastError()).isPresent();
      // the failed group keeps its previous lag, the failed partition its previous entry
      assertThat(prod.group("other").orElseThrow().sumLag()).isEqualTo(5);
      GroupLag billing = prod.group("orders-billing").orElseThrow();
      assertThat(billing.partition("orders", 0).orElseThrow().lag()).isEqualTo(20);
      assertThat(billing.partition("orders", 1).orElseThrow().lag()).isEqualTo(30);
    }
  }

  @Test
  void timeLagComesFromTheEstimatorForLaggingPartitionsOnly() {
    List<TimeLagQuery> queries = new CopyOnWriteArrayList<>();
    TimeLagEstimator estimator = q -> {
      queries.add(q);
      Map<OffsetPosition, TimeLag> out = new HashMap<>();
      q.positions().forEach(p -> out.put(p, new TimeLag(Duration.ofSeconds(p.offset()), TimeLagMethod.RECORD_TIMESTAMP)));
      return out;
    };
    InMemoryKafkaAccess kafka = cluster().commit("orders-billing", "orders", 2, 7).endOffset("orders", 2, 7);
    try (LagCollector c = LagCollector.builder().cluster("prod", kafka, estimator).clock(clock).build()) {
      GroupLag g = c.collect().group("prod", "orders-billing").orElseThrow();
      assertThat(queries).hasSize(1);
      assertThat(queries.get(0).positions()).containsExactlyInAnyOrder(
          new OffsetPosition(new TopicPartition("orders", 0), 90), new OffsetPosition(new TopicPartition("orders", 1), 50));
      assertThat(queries.get(0).now()).isEqualTo(clock.instant());
      assertThat(g.partition("orders", 0).orElseThrow().timeLag())
          .contains(new TimeLag(Duration.ofSeconds(90), TimeLagMethod.RECORD_TIMESTAMP));
      assertThat(g.partition("orders", 2).orElseThrow().timeLag()).contains(TimeLag.CAUGHT_UP);
      assertThat(g.maxTimeLag()).contains(Duration.ofSeconds(90));
    }
  }

  @Test
  void aFailingEstimatorLeavesOffsetLagIntact() {
    TimeLagEstimator broken = q -> {
      throw new IllegalStateException("consumer gone");
    };
    try (LagCollector c = LagCollector.builder().cluster("prod", cluster(), broken).clock(clock).build()) {
      ClusterLag prod = c.collect().cluster("prod").orElseThrow();
      assertThat(prod.status()).isEqualTo(ClusterStatus.UP);
      assertThat(prod.group("orders-billing").orElseThrow().sumLag()).isEqualTo(40);
      assertThat(prod.group("orders-billing").orElseThrow().maxTimeLag()).isEmpty();
      assertThat(prod.errorCounts()).containsEntry(ErrorKind.TIME_LAG, 1L);
    }
  }

  @Test
  void aThrowingSinkIsIsolatedFromTheCycleAndOtherSinks() {
    List<Long> seen = new CopyOnWriteArrayList<>();
    try (LagCollector c = builder(cluster())
        .sink(s -> {
          throw new RuntimeException("sink down");
        })
        .sink(s -> seen.add(s.sequence()))
        .build()) {
      c.collect();
      LagSnapshot second = c.collect();
      assertThat(seen).containsExactly(1L, 2L);
      assertThat(second.cluster("prod").orElseThrow().status()).isEqualTo(ClusterStatus.UP);
      // counted with the next cycle of the cluster
      assertThat(c.collect().cluster("prod").orElseThrow().errorCounts()).containsEntry(ErrorKind.SINK, 2L);
    }
  }

  @Test
  void subscribeAndUnsubscribe() {
    List<Long> seen = new CopyOnWriteArrayList<>();
    try (LagCollector c = builder(cluster()).build()) {
      c.collect();
      LagCollector.Subscription sub = c.subscribe(s -> seen.add(s.sequence()));
      c.collect();
      sub.close();
      c.collect();
      assertThat(seen).containsExactly(2L);
    }
  }

  @Test
  void startCollectsPeriodicallyOnNamedDaemonThreadsAndCloseStopsThem() throws Exception {
    CountDownLatch published = new CountDownLatch(3);
    List<String> threads = new CopyOnWriteArrayList<>();
    InMemoryKafkaAccess a = cluster();
    InMemoryKafkaAccess b = cluster();
    LagCollector c = LagCollector.builder()
        .cluster("east", a).cluster("west", b)
        .interval(Duration.ofMillis(20))
        .sink(s -> {
          threads.add(Thread.currentThread().getName() + ":" + Thread.currentThread().isDaemon());
          published.countDown();
        })
        .build();
    try {
      assertThat(c.start()).isSameAs(c);
      c.start(); // idempotent
      assertThat(published.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(klagThreads()).containsExactlyInAnyOrder("klag-east", "klag-west");
      assertThat(threads).allSatisfy(t -> assertThat(t).matches("klag-(east|west):true"));
    } finally {
      long t0 = System.nanoTime();
      c.close();
      c.close(); // idempotent
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }
    assertThat(klagThreads()).isEmpty();
    assertThat(a.isClosed()).isTrue();
    assertThat(b.isClosed()).isTrue();
    assertThatThrownBy(c::collect).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    assertThatThrownBy(c::start).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aFailingClusterIsRetriedWithBackoffWhileStarted() throws Exception {
    InMemoryKafkaAccess kafka = cluster().fail(new KafkaAccessException(ErrorKind.UNAVAILABLE, "down"));
    AtomicInteger publications = new AtomicInteger();
    try (LagCollector c = LagCollector.builder().cluster("prod", kafka)
        .interval(Duration.ofMinutes(10)).retryBackoff(Duration.ofMillis(10))
        .sink(s -> publications.incrementAndGet()).build()) {
      c.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (kafka.calls("listGroups") < 3 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(kafka.calls("listGroups")).isGreaterThanOrEqualTo(3);
      kafka.heal();
      while (c.latest().cluster("prod").orElseThrow().status() != ClusterStatus.UP && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(c.latest().cluster("prod").orElseThrow().status()).isEqualTo(ClusterStatus.UP);
    }
  }

  @Test
  void backoffDoublesWithJitterAndIsCappedAtTheInterval() {
    DefaultLagCollector c = (DefaultLagCollector) LagCollector.builder().cluster("prod", cluster())
        .interval(Duration.ofSeconds(8)).retryBackoff(Duration.ofSeconds(1)).build();
    try (c) {
      for (int i = 0; i < 50; i++) {
        assertThat(c.backoffMillis(1)).isBetween(500L, 1000L);
        assertThat(c.backoffMillis(3)).isBetween(2000L, 4000L);
        assertThat(c.backoffMillis(10)).isBetween(4000L, 8000L);
      }
    }
  }

  @Test
  void awaitCaughtUpReturnsOnceTheGroupHasNoLag() {
    InMemoryKafkaAccess kafka = cluster();
    AtomicInteger cycles = new AtomicInteger();
    try (LagCollector c = builder(kafka).sink(s -> {
      if (cycles.incrementAndGet() == 2) {
        kafka.commit("orders-billing", "orders", 0, 100).commit("orders-billing", "orders", 1, 80);
      }
    }).build()) {
      LagSnapshot s = c.awaitCaughtUp("prod", "orders-billing", Duration.ofSeconds(10));
      assertThat(s.group("prod", "orders-billing").orElseThrow().sumLag()).isZero();
    }
  }

  @Test
  void awaitCaughtUpTimesOutNamingTheLastLag() {
    try (LagCollector c = builder(cluster()).build()) {
      assertThatThrownBy(() -> c.awaitCaughtUp("prod", "orders-billing", Duration.ofMillis(300)))
          .isInstanceOf(LagConditionTimeoutException.class)
          .hasMessageContaining("orders-billing")
          .hasMessageContaining("lag 40")
          .hasMessageContaining("orders-1: 30")
          .satisfies(e -> assertThat(((LagConditionTimeoutException) e).lastSnapshot().totalLag()).isEqualTo(40));
      assertThatThrownBy(() -> c.awaitCaughtUp("nope", "g", Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'nope'");
    }
  }

  @Test
  void buildRejectsBadSettingsNamingThem() {
    InMemoryKafkaAccess k = cluster();
    assertThatThrownBy(() -> LagCollector.builder().build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clusters");
    assertThatThrownBy(() -> LagCollector.builder().cluster(" ", k).build())
        .hasMessageContaining("cluster name").hasMessageContaining("' '");
    assertThatThrownBy(() -> LagCollector.builder().cluster("a", k).cluster("a", k).build())
        .hasMessageContaining("duplicate 'a'");
    assertThatThrownBy(() -> LagCollector.builder().cluster("a", k).interval(Duration.ZERO).build())
        .hasMessageContaining("interval").hasMessageContaining("PT0S");
    assertThatThrownBy(() -> LagCollector.builder().cluster("a", k).stalenessLimit(Duration.ofSeconds(-1)).build())
        .hasMessageContaining("stalenessLimit").hasMessageContaining("PT-1S");
    assertThatThrownBy(() -> LagCollector.builder().cluster("a", k).groups(include("orders-[")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("groups").hasMessageContaining("'orders-['");
    assertThatThrownBy(() -> LagCollector.builder().cluster("a", k).topics(exclude("(")).build())
        .hasMessageContaining("topics").hasMessageContaining("exclude").hasMessageContaining("'('");
  }

  @Test
  void membersAndStartOffsetsAreOnlyReadWhenEnabled() {
    InMemoryKafkaAccess kafka = cluster().startOffset("orders", 0, 3);
    try (LagCollector c = builder(kafka).members(false).build()) {
      GroupLag g = c.collect().group("prod", "orders-billing").orElseThrow();
      assertThat(g.memberCount()).isEmpty();
      assertThat(kafka.calls("describeGroups")).isZero();
      assertThat(kafka.calls("startOffsets")).isZero();
    }
    InMemoryKafkaAccess kafka2 = cluster().startOffset("orders", 0, 3);
    try (LagCollector c = builder(kafka2).startOffsets(true).build()) {
      ClusterLag prod = c.collect().cluster("prod").orElseThrow();
      assertThat(prod.partitions().get(0).startOffset()).hasValue(3);
      assertThat(kafka2.calls("startOffsets")).isEqualTo(1);
    }
  }

  @Test
  void oneCycleMakesOneCallPerStepWhateverTheNumberOfGroups() {
    InMemoryKafkaAccess kafka = new InMemoryKafkaAccess();
    for (int g = 0; g < 500; g++) {
      kafka.group("g" + g, GroupType.CLASSIC, GroupState.STABLE);
      for (int p = 0; p < 10; p++) {
        kafka.commit("g" + g, "t" + (g % 7), p, 1).endOffset("t" + (g % 7), p, 5);
      }
    }
    try (LagCollector c = builder(kafka).build()) {
      ClusterLag prod = c.collect().cluster("prod").orElseThrow();
      assertThat(prod.groups()).hasSize(500);
      assertThat(prod.partitionLagCount()).isEqualTo(5000);
      assertThat(prod.partitions()).hasSize(70);
      for (String m : List.of("listGroups", "describeGroups", "committedOffsets", "endOffsets")) {
        assertThat(kafka.calls(m)).as(m).isEqualTo(1);
      }
    }
  }

  @Test
  void groupDescriptionsAreReusedUntilTheListedStateChangesOrTheyAgeOut() {
    TopicPartition t0 = new TopicPartition("orders", 0);
    InMemoryKafkaAccess kafka = cluster().member("orders-billing", new Member("m1", "c1", "h1"), t0);
    try (LagCollector c = builder(kafka).membersMaxAge(Duration.ofMinutes(5)).build()) {
      c.collect();
      kafka.member("orders-billing", new Member("m2", "c2", "h2")); // not visible until re-described
      GroupLag second = c.collect().group("prod", "orders-billing").orElseThrow();
      assertThat(kafka.calls("describeGroups")).isEqualTo(1);
      assertThat(second.memberCount()).hasValue(1);
      assertThat(second.partition("orders", 0).orElseThrow().member()).contains(new Member("m1", "c1", "h1"));

      kafka.group("orders-billing", GroupType.CLASSIC, GroupState.PREPARING_REBALANCE); // listed state changed
      assertThat(c.collect().group("prod", "orders-billing").orElseThrow().memberCount()).hasValue(2);
      assertThat(kafka.calls("describeGroups")).isEqualTo(2);

      c.collect();
      assertThat(kafka.calls("describeGroups")).isEqualTo(2);
      clock.advance(Duration.ofMinutes(5));
      c.collect();
      assertThat(kafka.calls("describeGroups")).isEqualTo(3);
    }
  }

  @Test
  void zeroMembersMaxAgeDescribesEveryCycle() {
    InMemoryKafkaAccess kafka = cluster();
    try (LagCollector c = builder(kafka).membersMaxAge(Duration.ZERO).build()) {
      c.collect();
      c.collect();
      assertThat(kafka.calls("describeGroups")).isEqualTo(2);
    }
    assertThatThrownBy(() -> builder(cluster()).membersMaxAge(Duration.ofSeconds(-1)).build())
        .hasMessageContaining("membersMaxAge").hasMessageContaining("PT-1S");
  }

  @Test
  void aFailedDescriptionKeepsThePreviousMembersAndIsRetried() {
    TopicPartition t0 = new TopicPartition("orders", 0);
    KafkaAccess kafka = mock(KafkaAccess.class);
    InMemoryKafkaAccess real = cluster().member("orders-billing", new Member("m1", "c1", "h1"), t0);
    when(kafka.listGroups()).thenAnswer(i -> real.listGroups());
    when(kafka.committedOffsets(any())).thenAnswer(i -> real.committedOffsets(i.getArgument(0)));
    when(kafka.endOffsets(any())).thenAnswer(i -> real.endOffsets(i.getArgument(0)));
    when(kafka.describeGroups(any()))
        .thenAnswer(i -> real.describeGroups(i.getArgument(0)))
        .thenThrow(new KafkaAccessException(ErrorKind.TIMEOUT, "describe timed out"))
        .thenAnswer(i -> real.describeGroups(i.getArgument(0)));
    try (LagCollector c = LagCollector.builder().cluster("prod", kafka).clock(clock).membersMaxAge(Duration.ZERO).build()) {
      c.collect();
      ClusterLag second = c.collect().cluster("prod").orElseThrow();
      assertThat(second.status()).isEqualTo(ClusterStatus.UP);
      assertThat(second.errorCounts()).containsEntry(ErrorKind.TIMEOUT, 1L);
      assertThat(second.group("orders-billing").orElseThrow().memberCount()).hasValue(1);
      c.collect();
      verify(kafka, org.mockito.Mockito.times(3)).describeGroups(any());
    }
  }

  private static List<String> klagThreads() {
    List<String> names = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("klag-") && t.isAlive()) {
        names.add(t.getName());
      }
    }
    return names;
  }
}
