package io.klag.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.klag.ClusterLag;
import io.klag.ClusterStatus;
import io.klag.ErrorKind;
import io.klag.GroupLag;
import io.klag.GroupState;
import io.klag.GroupType;
import io.klag.LagCollector;
import io.klag.LagSnapshot;
import io.klag.Member;
import io.klag.PartitionLag;
import io.klag.PartitionOffsets;
import io.klag.TimeLag;
import io.klag.TimeLagMethod;
import io.klag.micrometer.KlagMetrics;
import io.klag.micrometer.PrometheusText;
import io.klag.micrometer.TestSnapshots;
import io.klag.spi.InMemoryKafkaAccess;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.client.CollectorRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Parity: the same snapshots rendered through klag-micrometer (PrometheusMeterRegistry) and this
 * adapter (CollectorRegistry + TextFormat) give the same series, labels, values and types.
 */
class KlagCollectorParityTest {

  /** The same settings expressed for both adapters. */
  enum Settings {
    DEFAULTS(m -> m, c -> c),
    MEMBER_LABELS_AND_CONSTANTS(
        m -> m.memberLabels(true).tags(Tags.of("service", "billing", "env", "prod")),
        c -> c.memberLabels(true).constantLabels(Map.of("service", "billing", "env", "prod"))),
    NO_PARTITION_SERIES(m -> m.partitionSeries(false), c -> c.partitionSeries(false)),
    OTHER_PREFIXES(
        m -> m.prefix("lag").partitionPrefix("part").selfPrefix("mon"),
        c -> c.prefix("lag").partitionPrefix("part").selfPrefix("mon"));

    final UnaryOperator<KlagMetrics.Builder> micrometer;
    final UnaryOperator<KlagCollector.Builder> simpleclient;

    Settings(UnaryOperator<KlagMetrics.Builder> micrometer, UnaryOperator<KlagCollector.Builder> simpleclient) {
      this.micrometer = micrometer;
      this.simpleclient = simpleclient;
    }
  }

  /** Both adapters over one stream of snapshots. */
  private static final class Both {
    final PrometheusMeterRegistry meterRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final CollectorRegistry collectorRegistry = new CollectorRegistry();
    final AtomicReference<LagSnapshot> latest = new AtomicReference<>();
    final KlagMetrics metrics;

    Both(Settings settings) {
      metrics = settings.micrometer.apply(KlagMetrics.builder()).build();
      metrics.bindTo(meterRegistry);
      settings.simpleclient.apply(KlagCollector.builder(latest::get)).build().register(collectorRegistry);
    }

    void publish(LagSnapshot s) {
      latest.set(s);
      metrics.accept(s);
    }

    void assertSameSeries() {
      String micrometer = meterRegistry.scrape();
      String simpleclient = KlagCollectorTest.text(collectorRegistry);
      assertThat(PrometheusText.samples(micrometer))
          .isNotEmpty()
          .containsExactlyInAnyOrderElementsOf(PrometheusText.samples(simpleclient));
      assertThat(types(micrometer)).isEqualTo(types(simpleclient));
    }
  }

  @ParameterizedTest
  @EnumSource(Settings.class)
  void handBuiltSnapshots(Settings settings) {
    Both both = new Both(settings);
    both.publish(TestSnapshots.mixed());
    both.assertSameSeries();
    both.publish(TestSnapshots.sequenced(2, 3, 4));
    both.assertSameSeries(); // every group of the first snapshot evicted from both
    LagSnapshot mixed = TestSnapshots.mixed();
    both.publish(new LagSnapshot(3, mixed.publishedAt(), mixed.clusters().values()));
    both.assertSameSeries();
  }

  @ParameterizedTest
  @EnumSource(Settings.class)
  void randomSnapshotsInSequence(Settings settings) {
    Both both = new Both(settings);
    Random random = new Random(42 + settings.ordinal());
    for (int seq = 1; seq <= 30; seq++) {
      both.publish(randomSnapshot(random, seq));
      both.assertSameSeries();
    }
  }

  @ParameterizedTest
  @EnumSource(Settings.class)
  void snapshotsOfARealCollector(Settings settings) {
    InMemoryKafkaAccess kafka = new InMemoryKafkaAccess()
        .group("billing", GroupType.CONSUMER, GroupState.STABLE)
        .commit("billing", "orders", 0, 90).commit("billing", "orders", 1, 7)
        .member("billing", new Member("m-1", "client-1", "/127.0.0.1"), new TopicPartition("orders", 0))
        .group("stopped", GroupType.CLASSIC, GroupState.EMPTY)
        .commit("stopped", "orders", 1, 3)
        .endOffset("orders", 0, 100).endOffset("orders", 1, 10)
        .startOffset("orders", 0, 2).startOffset("orders", 1, 0);
    try (LagCollector collector = LagCollector.builder().cluster("a", kafka).startOffsets(true).build()) {
      Both both = new Both(settings);
      both.publish(collector.latest());
      both.assertSameSeries();
      both.publish(collector.collect());
      both.assertSameSeries();
      kafka.deleteGroup("stopped");
      both.publish(collector.collect());
      both.assertSameSeries();
    }
  }

  private static Map<String, String> types(String text) {
    Map<String, String> types = new TreeMap<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("# TYPE ")) {
        String[] parts = line.split(" ");
        types.put(parts[2], parts[3]);
      }
    }
    return types;
  }

  /** A random mix of statuses, groups, partitions, members, time lags and errors. */
  static LagSnapshot randomSnapshot(Random r, long seq) {
    List<ClusterLag> clusters = new ArrayList<>();
    for (String name : List.of("east", "west")) {
      ClusterStatus status = ClusterStatus.values()[r.nextInt(3)];
      ClusterLag.Builder c = ClusterLag.builder(name).status(status)
          .lastAttempt(TestSnapshots.T0.plusSeconds(seq))
          .lastSuccess(status == ClusterStatus.DOWN && r.nextBoolean() ? null : TestSnapshots.T0.plusMillis(r.nextInt(1_000_000)))
          .cycleDuration(Duration.ofNanos(r.nextInt(2_000_000_000))).cycles(seq);
      for (int e = r.nextInt(3); e > 0; e--) {
        c.countError(ErrorKind.values()[r.nextInt(ErrorKind.values().length)]);
      }
      Set<TopicPartition> offsets = new HashSet<>();
      if (status != ClusterStatus.DOWN) {
        int topics = 1 + r.nextInt(3);
        for (int g = r.nextInt(5); g > 0; g--) {
          GroupLag.Builder group = GroupLag.builder("group-" + r.nextInt(8))
              .type(GroupType.values()[r.nextInt(GroupType.values().length)])
              .state(GroupState.values()[r.nextInt(GroupState.values().length)]);
          if (r.nextBoolean()) {
            group.memberCount(r.nextInt(4));
          }
          for (int p = r.nextInt(6); p > 0; p--) {
            TopicPartition tp = new TopicPartition("topic-" + r.nextInt(topics), r.nextInt(4));
            long end = r.nextInt(1_000_000);
            Optional<TimeLag> time = r.nextBoolean()
                ? Optional.of(new TimeLag(Duration.ofMillis(r.nextInt(100_000)), TimeLagMethod.INTERPOLATION))
                : Optional.empty();
            Optional<Member> member = r.nextBoolean()
                ? Optional.of(new Member("m-" + r.nextInt(3), "client-" + r.nextInt(3), "/10.0.0." + r.nextInt(3)))
                : Optional.empty();
            if (group.build().partition(tp.topic(), tp.partition()).isEmpty()) {
              group.partition(PartitionLag.of(tp, end - r.nextInt(100), end, OptionalLong.empty(), time, member));
              if (offsets.add(tp)) {
                c.partition(new PartitionOffsets(tp, end, r.nextBoolean() ? OptionalLong.of(r.nextInt(10)) : OptionalLong.empty()));
              }
            }
          }
          c.group(group.build());
        }
      }
      clusters.add(c.build());
    }
    return new LagSnapshot(seq, TestSnapshots.T0.plusSeconds(seq), clusters);
  }
}
