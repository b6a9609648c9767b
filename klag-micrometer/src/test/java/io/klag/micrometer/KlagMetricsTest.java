package io.klag.micrometer;

import static io.klag.micrometer.PrometheusText.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import io.klag.micrometer.PrometheusText.Sample;
import io.klag.spi.InMemoryKafkaAccess;
import io.klag.spi.KafkaAccessException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class KlagMetricsTest {

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  private Set<Sample> scrape() {
    return PrometheusText.samples(registry.scrape());
  }

  private static Set<String> names(Set<Sample> samples) {
    return samples.stream().map(Sample::name).collect(Collectors.toSet());
  }

  @Test
  void scrapesExactlyTheSeriesOfTheSnapshot() {
    KlagMetrics metrics = KlagMetrics.builder().build();
    metrics.accept(TestSnapshots.mixed());
    metrics.bindTo(registry);

    assertThat(scrape()).containsExactlyInAnyOrderElementsOf(TestSnapshots.expectedMixed());
  }

  @Test
  void partitionSeriesOffKeepsGroupTopicAndSelfSeries() {
    KlagMetrics metrics = KlagMetrics.builder().partitionSeries(false).build();
    metrics.bindTo(registry);
    metrics.accept(TestSnapshots.mixed());

    Set<String> partitionLevel = Set.of("kafka_consumergroup_group_lag", "kafka_consumergroup_group_lag_seconds",
        "kafka_consumergroup_group_offset", "kafka_partition_latest_offset", "kafka_partition_earliest_offset");
    Set<Sample> expected = TestSnapshots.expectedMixed().stream()
        .filter(s -> !partitionLevel.contains(s.name())).collect(Collectors.toSet());
    assertThat(scrape()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(names(scrape())).contains("kafka_consumergroup_group_topic_sum_lag", "kafka_consumergroup_group_max_lag");
  }

  @Test
  void prefixesAndConstantTagsApplyToEverySeries() {
    KlagMetrics metrics = KlagMetrics.builder()
        .prefix("lag").partitionPrefix("part").selfPrefix("mon")
        .tags(Tags.of("service", "billing", "env", "test"))
        .build();
    metrics.bindTo(registry);
    metrics.accept(TestSnapshots.mixed());

    Set<Sample> expected = new HashSet<>();
    for (Sample s : TestSnapshots.expectedMixed()) {
      Map<String, String> labels = new TreeMap<>(s.labels());
      labels.put("service", "billing");
      labels.put("env", "test");
      String name = s.name().replaceFirst("^kafka_consumergroup_", "lag_")
          .replaceFirst("^kafka_partition_", "part_").replaceFirst("^klag_", "mon_");
      expected.add(new Sample(name, Collections.unmodifiableMap(labels), s.value()));
    }
    assertThat(scrape()).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void memberLabelsAreAddedToPartitionSeriesOnlyAndEmptyWithoutAMember() {
    KlagMetrics metrics = KlagMetrics.builder().memberLabels(true).build();
    metrics.bindTo(registry);
    metrics.accept(TestSnapshots.mixed());

    assertThat(scrape())
        .contains(sample("kafka_consumergroup_group_lag", 10, "cluster_name", "prod", "group", "orders-billing",
            "topic", "orders", "partition", "0",
            "member_host", "/10.0.0.1", "consumer_id", "consumer-1", "client_id", "billing-1"))
        .contains(sample("kafka_consumergroup_group_offset", 10, "cluster_name", "prod", "group", "orders-billing",
            "topic", "payments", "partition", "0", "member_host", "", "consumer_id", "", "client_id", ""))
        .contains(sample("kafka_consumergroup_group_sum_lag", 40, "cluster_name", "prod", "group", "orders-billing"))
        .contains(sample("kafka_partition_latest_offset", 100, "cluster_name", "prod", "topic", "orders", "partition", "0"));
  }

  @Test
  void aVanishedGroupIsRemovedAndUnchangedMetersStayRegistered() {
    KlagMetrics metrics = KlagMetrics.builder().build();
    metrics.bindTo(registry);
    LagSnapshot first = TestSnapshots.mixed();
    metrics.accept(first);
    Set<Meter> before = identitySet(registry.getMeters());

    ClusterLag prod = first.cluster("prod").orElseThrow();
    ClusterLag prodWithoutAudit = prod.toBuilder().clearData()
        .group(prod.group("orders-billing").orElseThrow()).partitions(prod.partitions()).build();
    List<ClusterLag> clusters = new ArrayList<>(first.clusters().values());
    clusters.set(0, prodWithoutAudit);
    metrics.accept(new LagSnapshot(2, first.publishedAt(), clusters));

    Set<Sample> expected = TestSnapshots.expectedMixed().stream()
        .filter(s -> !"audit".equals(s.labels().get("group")))
        .map(s -> s.name().equals("klag_groups") && s.labels().get("cluster_name").equals("prod")
            ? sample("klag_groups", 1, "cluster_name", "prod") : s)
        .collect(Collectors.toSet());
    assertThat(scrape()).containsExactlyInAnyOrderElementsOf(expected);
    Set<Meter> after = identitySet(registry.getMeters());
    assertThat(before).containsAll(after); // nothing re-registered
    assertThat(before.size() - after.size()).isEqualTo(6); // lag, offset, max, sum, state, topic sum of audit
    assertThat(metrics.meterCount()).isEqualTo(after.size());
  }

  @Test
  void gaugesReadTheLatestSnapshotWithoutReRegistering() {
    SimpleMeterRegistry simple = new SimpleMeterRegistry();
    KlagMetrics metrics = KlagMetrics.builder().build();
    metrics.bindTo(simple);
    metrics.accept(TestSnapshots.sequenced(1, 1, 2));
    Meter lag = simple.get("kafka_consumergroup_group_lag").tags("group", "g0", "partition", "1").gauge();
    assertThat(simple.get("kafka_consumergroup_group_lag").tags("group", "g0", "partition", "1").gauge().value()).isEqualTo(1);

    metrics.accept(TestSnapshots.sequenced(5, 1, 2));

    assertThat(simple.get("kafka_consumergroup_group_lag").tags("group", "g0", "partition", "1").gauge())
        .isSameAs(lag)
        .satisfies(g -> assertThat(g.value()).isEqualTo(5));
    assertThat(simple.get("klag_cycles").functionCounter().count()).isEqualTo(5);
    assertThat(simple.get("kafka_consumergroup_group_sum_lag").gauge().value()).isEqualTo(10);
  }

  @Test
  void anOlderSnapshotThanTheLastAppliedIsIgnored() {
    KlagMetrics metrics = KlagMetrics.builder().build();
    metrics.bindTo(registry);
    metrics.accept(TestSnapshots.sequenced(5, 1, 1));
    metrics.accept(TestSnapshots.sequenced(4, 1, 1));

    assertThat(scrape()).contains(sample("klag_cycles_total", 5, "cluster_name", "c"));
  }

  @Test
  void closeLeavesTheRegistryAsItWasFound() {
    Counter hostCounter = Counter.builder("host.requests").tag("group", "orders-billing").register(registry);
    hostCounter.increment(3);
    registry.gauge("kafka_consumergroup_group_lag_other", 42);
    String hostOnly = registry.scrape();
    Set<Meter> hostMeters = identitySet(registry.getMeters());

    KlagMetrics metrics = KlagMetrics.builder().memberLabels(true).build();
    metrics.bindTo(registry);
    metrics.accept(TestSnapshots.mixed());
    metrics.accept(TestSnapshots.sequenced(2, 3, 3));
    assertThat(registry.getMeters()).hasSizeGreaterThan(hostMeters.size());

    metrics.close();
    metrics.close();

    assertThat(identitySet(registry.getMeters())).isEqualTo(hostMeters);
    assertThat(registry.scrape()).isEqualTo(hostOnly);
    metrics.accept(TestSnapshots.mixed()); // ignored after close
    assertThat(identitySet(registry.getMeters())).isEqualTo(hostMeters);
  }

  @Test
  void theHostsMeterFiltersApplyAndCloseStillRemovesEverything() {
    registry.config()
        .meterFilter(MeterFilter.commonTags(Tags.of("app", "host")))
        .meterFilter(MeterFilter.denyNameStartsWith("kafka_partition"))
        .meterFilter(MeterFilter.renameTag("klag", "cluster_name", "cluster"));
    KlagMetrics metrics = KlagMetrics.builder().build();
    metrics.bindTo(registry);
    metrics.accept(TestSnapshots.mixed());

    Set<Sample> scraped = scrape();
    assertThat(names(scraped)).doesNotContain("kafka_partition_latest_offset", "kafka_partition_earliest_offset");
    assertThat(scraped).allSatisfy(s -> assertThat(s.labels()).containsEntry("app", "host"));
    assertThat(scraped).contains(sample("klag_cluster_up", 1, "cluster", "prod", "app", "host"));

    metrics.close();
    assertThat(registry.getMeters()).isEmpty();
  }

  @Test
  void aMeterTheRegistryRefusesDoesNotStopTheOthers() {
    registry.gauge("klag_cycles", Tags.of("owner", "host"), 7); // a gauge where klag has a counter
    KlagMetrics metrics = KlagMetrics.builder().build();
    metrics.bindTo(registry);
    metrics.accept(TestSnapshots.mixed());

    Set<Sample> expected = TestSnapshots.expectedMixed().stream()
        .filter(s -> !s.name().equals("klag_cycles_total")).collect(Collectors.toSet());
    expected.add(sample("klag_cycles", 7, "owner", "host"));
    assertThat(scrape()).containsExactlyInAnyOrderElementsOf(expected);
    metrics.close();
    assertThat(scrape()).containsExactly(sample("klag_cycles", 7, "owner", "host"));
  }

  @Test
  void aHostMeterOfTheSameNameSurvivesClose() {
    registry.gauge("klag_groups", Tags.of("owner", "host"), 7); // same name, other tag keys
    KlagMetrics metrics = KlagMetrics.builder().build();
    metrics.bindTo(registry);
    metrics.accept(TestSnapshots.mixed());

    Set<Sample> expected = new HashSet<>(TestSnapshots.expectedMixed());
    expected.add(sample("klag_groups", 7, "owner", "host"));
    assertThat(scrape()).containsExactlyInAnyOrderElementsOf(expected);
    metrics.close();
    assertThat(scrape()).containsExactly(sample("klag_groups", 7, "owner", "host"));
  }

  @Test
  void worksThroughACompositeRegistry() {
    CompositeMeterRegistry composite = new CompositeMeterRegistry();
    composite.add(registry);
    SimpleMeterRegistry simple = new SimpleMeterRegistry();
    composite.add(simple);
    KlagMetrics metrics = KlagMetrics.builder().build();
    metrics.bindTo(composite);
    metrics.accept(TestSnapshots.mixed());

    assertThat(scrape()).containsExactlyInAnyOrderElementsOf(TestSnapshots.expectedMixed());
    assertThat(simple.get("kafka_consumergroup_group_sum_lag").tags("group", "audit").gauge().value()).isEqualTo(50);
    metrics.close();
    assertThat(registry.getMeters()).isEmpty();
    assertThat(simple.getMeters()).isEmpty();
  }

  @Test
  void hostileLabelValuesProduceParseableTextThatRoundTrips() {
    String quotes = "say \"hi\"";
    String backslashes = "C:\\temp\\\\x\\";
    String newlines = "line1\nline2\r\n";
    String unicode = "grüße-日本-🚀-\u00e9\u0301";
    String huge = "x".repeat(10_000);
    List<String> hostile = List.of(quotes, backslashes, newlines, unicode, huge, "", "{a=\"b\"} 1");
    ClusterLag.Builder cluster = ClusterLag.builder("c\"l\\u\nster").status(ClusterStatus.UP);
    for (String id : hostile) {
      cluster.group(GroupLag.builder(id)
          .partition(PartitionLag.of(new TopicPartition(id.isEmpty() ? "t" : id, 0), 1, 4, OptionalLong.empty(),
              Optional.empty(), Optional.of(new Member(id, id, id))))
          .build());
    }
    KlagMetrics metrics = KlagMetrics.builder().memberLabels(true).tags(Tags.of("svc", unicode + quotes)).build();
    metrics.bindTo(registry);
    metrics.accept(LagSnapshot.of(cluster.build()));

    Set<Sample> scraped = scrape();
    for (String id : hostile) {
      String topic = id.isEmpty() ? "t" : id;
      assertThat(scraped).contains(sample("kafka_consumergroup_group_lag", 3,
          "cluster_name", "c\"l\\u\nster", "group", id, "topic", topic, "partition", "0",
          "member_host", id, "consumer_id", id, "client_id", id, "svc", unicode + quotes));
    }
  }

  @Test
  void followsACollectorFromBindToClose() {
    InMemoryKafkaAccess kafka = new InMemoryKafkaAccess()
        .group("orders-billing", GroupType.CLASSIC, GroupState.STABLE)
        .commit("orders-billing", "orders", 0, 90)
        .endOffset("orders", 0, 100);
    try (LagCollector collector = LagCollector.builder().cluster("test", kafka).build()) {
      KlagMetrics metrics = KlagMetrics.builder(collector).build();
      metrics.bindTo(registry);
      assertThat(scrape()).contains(sample("klag_cluster_up", 0, "cluster_name", "test"));
      assertThat(names(scrape())).doesNotContain("kafka_consumergroup_group_lag");

      collector.collect();
      assertThat(scrape())
          .contains(sample("kafka_consumergroup_group_lag", 10,
              "cluster_name", "test", "group", "orders-billing", "topic", "orders", "partition", "0"))
          .contains(sample("klag_cluster_up", 1, "cluster_name", "test"));

      kafka.fail(new KafkaAccessException(ErrorKind.UNAVAILABLE, "brokers down"));
      collector.collect();
      assertThat(scrape()) // stale: the series stay, the self-metrics say so
          .contains(sample("kafka_consumergroup_group_lag", 10,
              "cluster_name", "test", "group", "orders-billing", "topic", "orders", "partition", "0"))
          .contains(sample("klag_cluster_up", 0, "cluster_name", "test"))
          .contains(sample("klag_cluster_stale", 1, "cluster_name", "test"))
          .contains(sample("klag_collection_errors_total", 1, "cluster_name", "test", "kind", "unavailable"));
      kafka.heal();

      kafka.deleteGroup("orders-billing");
      collector.collect();
      assertThat(scrape()).noneMatch(s -> "orders-billing".equals(s.labels().get("group")));

      kafka.group("orders-billing", GroupType.CLASSIC, GroupState.STABLE).commit("orders-billing", "orders", 0, 95);
      metrics.close();
      collector.collect();
      assertThat(registry.getMeters()).isEmpty();
    }
  }

  @Test
  void bindingTwiceOrAfterCloseFails() {
    KlagMetrics metrics = KlagMetrics.builder().build();
    metrics.bindTo(registry);
    assertThatThrownBy(() -> metrics.bindTo(new SimpleMeterRegistry()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("already bound");
    metrics.close();
    assertThatThrownBy(() -> metrics.bindTo(registry)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void badSettingsFailAtBuildNamingTheSettingAndValue() {
    assertThatThrownBy(() -> KlagMetrics.builder().prefix("kafka-lag").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefix").hasMessageContaining("'kafka-lag'");
    assertThatThrownBy(() -> KlagMetrics.builder().selfPrefix("").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("selfPrefix");
    assertThatThrownBy(() -> KlagMetrics.builder().tags(Tags.of("group", "x")).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tags").hasMessageContaining("'group'");
    assertThatThrownBy(() -> KlagMetrics.builder().tags(Tags.of("bad.key", "x")).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'bad.key'");
  }

  @Test
  void parallelScrapesEachSeeOneSnapshotWhilePublicationsRun() throws Exception {
    int groups = 20;
    int partitions = 50;
    List<LagSnapshot> snapshots = new ArrayList<>();
    for (int seq = 1; seq <= 300; seq++) {
      snapshots.add(TestSnapshots.sequenced(seq, groups, partitions));
    }
    KlagMetrics metrics = KlagMetrics.builder().build();
    metrics.bindTo(registry);
    metrics.accept(snapshots.get(0));

    AtomicInteger scrapes = new AtomicInteger();
    List<String> violations = Collections.synchronizedList(new ArrayList<>());
    Set<Double> seen = Collections.synchronizedSet(new HashSet<>());
    Thread publisher = new Thread(() -> snapshots.forEach(metrics::accept));
    List<Thread> scrapers = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      scrapers.add(new Thread(() -> {
        while (publisher.isAlive() || scrapes.get() < 4) {
          Set<Double> values = new HashSet<>();
          for (Sample s : PrometheusText.parse(registry.scrape())) {
            switch (s.name()) {
              case "kafka_consumergroup_group_lag", "kafka_consumergroup_group_max_lag", "klag_cycles_total" -> values.add(s.value());
              case "kafka_consumergroup_group_sum_lag", "kafka_consumergroup_group_topic_sum_lag" -> values.add(s.value() / partitions);
              case "kafka_partition_latest_offset" -> values.add(s.value() - 1_000);
              default -> { }
            }
          }
          if (values.size() != 1) {
            violations.add("one scrape saw " + values);
          }
          seen.addAll(values);
          scrapes.incrementAndGet();
        }
      }));
    }
    scrapers.forEach(Thread::start);
    publisher.start();
    publisher.join();
    for (Thread t : scrapers) {
      t.join();
    }
    assertThat(violations).isEmpty();
    assertThat(seen).hasSizeGreaterThan(1); // scrapes overlapped several publications
    assertThat(scrape()).contains(sample("klag_cycles_total", 300, "cluster_name", "c"));
  }

  private static Set<Meter> identitySet(List<Meter> meters) {
    Set<Meter> set = Collections.newSetFromMap(new IdentityHashMap<>());
    set.addAll(meters);
    return set;
  }
}
