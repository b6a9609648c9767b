package io.klag.prometheus;

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
import io.klag.micrometer.PrometheusText;
import io.klag.micrometer.PrometheusText.Sample;
import io.klag.micrometer.TestSnapshots;
import io.klag.spi.InMemoryKafkaAccess;
import io.klag.spi.KafkaAccessException;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class KlagCollectorTest {

  private final CollectorRegistry registry = new CollectorRegistry();

  static String text(CollectorRegistry registry) {
    StringWriter w = new StringWriter();
    try {
      TextFormat.write004(w, registry.metricFamilySamples());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  private Set<Sample> scrape() {
    return PrometheusText.samples(text(registry));
  }

  @Test
  void scrapesExactlyTheSeriesOfTheSnapshot() {
    KlagCollector.builder(TestSnapshots::mixed).build().register(registry);

    assertThat(scrape()).containsExactlyInAnyOrderElementsOf(TestSnapshots.expectedMixed());
    assertThat(text(registry))
        .contains("# TYPE kafka_consumergroup_group_lag gauge\n")
        .contains("# TYPE klag_collection_errors_total counter\n");
  }

  @Test
  void partitionSeriesOffKeepsGroupTopicAndSelfSeries() {
    KlagCollector.builder(TestSnapshots::mixed).partitionSeries(false).build().register(registry);

    Set<String> partitionLevel = Set.of("kafka_consumergroup_group_lag", "kafka_consumergroup_group_lag_seconds",
        "kafka_consumergroup_group_offset", "kafka_partition_latest_offset", "kafka_partition_earliest_offset");
    Set<Sample> expected = TestSnapshots.expectedMixed().stream()
        .filter(s -> !partitionLevel.contains(s.name())).collect(Collectors.toSet());
    assertThat(scrape()).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void prefixesAndConstantLabelsApplyToEverySeries() {
    Map<String, String> constants = new LinkedHashMap<>();
    constants.put("service", "billing");
    constants.put("env", "test");
    KlagCollector.builder(TestSnapshots::mixed)
        .prefix("lag").partitionPrefix("part").selfPrefix("mon").constantLabels(constants)
        .build().register(registry);

    Set<Sample> expected = new HashSet<>();
    for (Sample s : TestSnapshots.expectedMixed()) {
      Map<String, String> labels = new TreeMap<>(s.labels());
      labels.putAll(constants);
      String name = s.name().replaceFirst("^kafka_consumergroup_", "lag_")
          .replaceFirst("^kafka_partition_", "part_").replaceFirst("^klag_", "mon_");
      expected.add(new Sample(name, Collections.unmodifiableMap(labels), s.value()));
    }
    assertThat(scrape()).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void memberLabelsAreAddedToPartitionSeriesOnlyAndEmptyWithoutAMember() {
    KlagCollector.builder(TestSnapshots::mixed).memberLabels(true).build().register(registry);

    assertThat(scrape())
        .contains(sample("kafka_consumergroup_group_lag", 10, "cluster_name", "prod", "group", "orders-billing",
            "topic", "orders", "partition", "0",
            "member_host", "/10.0.0.1", "consumer_id", "consumer-1", "client_id", "billing-1"))
        .contains(sample("kafka_consumergroup_group_offset", 10, "cluster_name", "prod", "group", "orders-billing",
            "topic", "payments", "partition", "0", "member_host", "", "consumer_id", "", "client_id", ""))
        .contains(sample("kafka_consumergroup_group_sum_lag", 40, "cluster_name", "prod", "group", "orders-billing"));
  }

  @Test
  void aVanishedGroupIsGoneFromTheNextScrape() {
    LagSnapshot first = TestSnapshots.mixed();
    AtomicReference<LagSnapshot> current = new AtomicReference<>(first);
    KlagCollector.builder(current::get).build().register(registry);
    assertThat(scrape()).anyMatch(s -> "audit".equals(s.labels().get("group")));

    ClusterLag prod = first.cluster("prod").orElseThrow();
    current.set(LagSnapshot.of(prod.toBuilder().clearData().group(prod.group("orders-billing").orElseThrow()).build()));

    assertThat(scrape()).noneMatch(s -> "audit".equals(s.labels().get("group")))
        .anyMatch(s -> "orders-billing".equals(s.labels().get("group")));
  }

  @Test
  void unregisteringLeavesTheRegistryAsItWasFound() {
    Counter host = Counter.build("host_requests", "Requests.").labelNames("group").register(registry);
    host.labels("orders-billing").inc(3);
    String hostOnly = text(registry);

    KlagCollector klag = KlagCollector.builder(TestSnapshots::mixed).build().register(registry);
    assertThat(text(registry)).isNotEqualTo(hostOnly);
    registry.unregister(klag);

    assertThat(text(registry)).isEqualTo(hostOnly);
  }

  @Test
  void describeClaimsItsNamesSoAClashingRegistrationFails() {
    KlagCollector.builder(TestSnapshots::mixed).build().register(registry);

    assertThatThrownBy(() -> KlagCollector.builder(TestSnapshots::mixed).build().register(registry))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Counter.build("klag_collection_errors", "x").register(registry))
        .isInstanceOf(IllegalArgumentException.class);
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
    LagSnapshot snapshot = LagSnapshot.of(cluster.build());
    KlagCollector.builder(() -> snapshot).memberLabels(true).constantLabels(Map.of("svc", unicode + quotes))
        .build().register(registry);

    Set<Sample> scraped = scrape();
    for (String id : hostile) {
      String topic = id.isEmpty() ? "t" : id;
      assertThat(scraped).contains(sample("kafka_consumergroup_group_lag", 3,
          "cluster_name", "c\"l\\u\nster", "group", id, "topic", topic, "partition", "0",
          "member_host", id, "consumer_id", id, "client_id", id, "svc", unicode + quotes));
    }
  }

  @Test
  void followsACollectorsLatestSnapshot() {
    InMemoryKafkaAccess kafka = new InMemoryKafkaAccess()
        .group("orders-billing", GroupType.CLASSIC, GroupState.STABLE)
        .commit("orders-billing", "orders", 0, 90)
        .endOffset("orders", 0, 100);
    try (LagCollector collector = LagCollector.builder().cluster("test", kafka).build()) {
      KlagCollector.builder(collector).build().register(registry);
      assertThat(scrape()).contains(sample("klag_cluster_up", 0, "cluster_name", "test"));
      long calls = kafka.calls("listGroups");

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
      assertThat(kafka.calls("listGroups")).isEqualTo(calls + 3); // scrapes never call Kafka
    }
  }

  @Test
  void badSettingsFailAtBuildNamingTheSettingAndValue() {
    assertThatThrownBy(() -> KlagCollector.builder(TestSnapshots::mixed).prefix("kafka-lag").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefix").hasMessageContaining("'kafka-lag'");
    assertThatThrownBy(() -> KlagCollector.builder(TestSnapshots::mixed).partitionPrefix("1x").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("partitionPrefix");
    assertThatThrownBy(() -> KlagCollector.builder(TestSnapshots::mixed).constantLabels(Map.of("topic", "x")).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("constantLabels").hasMessageContaining("'topic'");
    assertThatThrownBy(() -> KlagCollector.builder(TestSnapshots::mixed).constantLabels(Map.of("__x", "x")).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'__x'");
  }

  @Test
  void parallelScrapesEachSeeOneSnapshotWhilePublicationsRun() throws Exception {
    int partitions = 50;
    List<LagSnapshot> snapshots = new ArrayList<>();
    for (int seq = 1; seq <= 300; seq++) {
      snapshots.add(TestSnapshots.sequenced(seq, 20, partitions));
    }
    AtomicReference<LagSnapshot> latest = new AtomicReference<>(snapshots.get(0));
    KlagCollector.builder(latest::get).build().register(registry);

    AtomicInteger scrapes = new AtomicInteger();
    List<String> violations = Collections.synchronizedList(new ArrayList<>());
    Set<Double> seen = Collections.synchronizedSet(new HashSet<>());
    Thread publisher = new Thread(() -> snapshots.forEach(latest::set));
    List<Thread> scrapers = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      scrapers.add(new Thread(() -> {
        while (publisher.isAlive() || scrapes.get() < 4) {
          Set<Double> values = new HashSet<>();
          for (Sample s : PrometheusText.parse(text(registry))) {
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
    assertThat(scrape()).contains(sample("klag_cycles_total", 300, "cluster_name", "c"));
  }
}
