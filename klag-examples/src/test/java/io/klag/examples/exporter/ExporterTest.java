package io.klag.examples.exporter;

import static io.klag.examples.TestKafka.commit;
import static io.klag.examples.TestKafka.produce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.klag.GroupState;
import io.klag.GroupType;
import io.klag.examples.Scrape;
import io.klag.examples.exporter.ExporterConfig.Cluster;
import io.klag.examples.exporter.ExporterConfig.TimestampSampling;
import io.klag.spi.CommittedOffsets;
import io.klag.spi.GroupListing;
import io.klag.spi.InMemoryKafkaAccess;
import io.klag.spi.KafkaAccess;
import io.klag.spi.KafkaAccessException;
import io.klag.spi.OffsetsResult;
import io.klag.spi.TimeLagEstimator;
import io.klag.testkit.EmbeddedKafkaCluster;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExporterTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  @Test
  @SuppressWarnings("try") // closes explicitly to check the port is released
  void exportsLagOfARealClusterConfiguredFromToml() throws Exception {
    EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.shared();
    kafka.createTopic("e2e-orders", 2);
    produce(kafka, "e2e-orders", 0, 10);
    produce(kafka, "e2e-orders", 1, 5);
    commit(kafka, "e2e-billing", Map.of(new TopicPartition("e2e-orders", 0), 4L,
        new TopicPartition("e2e-orders", 1), 5L));
    commit(kafka, "e2e-canary", Map.of(new TopicPartition("e2e-orders", 0), 1L));

    Path file = dir.resolve("klag.toml");
    Files.writeString(file, """
        [exporter]
        poll_interval = "500ms"
        http_port = 0
        [[clusters]]
        name = "e2e"
        bootstrap_servers = "${E2E_BOOTSTRAP}"
        group_include = ["e2e-.*"]
        group_exclude = [".*-canary"]
        """);
    ExporterConfig config = ConfigLoader.load(file, Map.of("E2E_BOOTSTRAP", kafka.bootstrapServers())::get);
    CountDownLatch firstCycle = new CountDownLatch(1);

    try (Exporter exporter = Exporter.start(config, gated(ClusterConnector.KAFKA, firstCycle))) {
      HttpResponse<String> ready = Scrape.get(exporter.url("/ready"));
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.body()).contains("e2e");
      assertThat(Scrape.get(exporter.url("/health")).statusCode()).isEqualTo(200);

      firstCycle.countDown();
      await().atMost(WAIT).until(() -> Scrape.get(exporter.url("/ready")).statusCode() == 200);
      assertThat(Scrape.get(exporter.url("/ready")).body()).isEqualTo("ready\n");

      String body = Scrape.get(exporter.url("/metrics")).body();
      assertThat(lag(body, "0")).isEqualTo(6.0);
      assertThat(lag(body, "1")).isEqualTo(0.0);
      assertThat(Scrape.value(body, "kafka_consumergroup_group_sum_lag",
          Map.of("cluster_name", "e2e", "group", "e2e-billing"))).hasValue(6.0);
      assertThat(Scrape.value(body, "kafka_partition_latest_offset",
          Map.of("cluster_name", "e2e", "topic", "e2e-orders", "partition", "0"))).hasValue(10.0);
      assertThat(Scrape.value(body, "klag_cluster_up", Map.of("cluster_name", "e2e"))).hasValue(1.0);
      assertThat(body).doesNotContain("e2e-canary");

      produce(kafka, "e2e-orders", 0, 4);
      await().atMost(WAIT).until(() -> lag(Scrape.get(exporter.url("/metrics")).body(), "0") == 10.0);
      commit(kafka, "e2e-billing", Map.of(new TopicPartition("e2e-orders", 0), 14L));
      await().atMost(WAIT).until(() -> lag(Scrape.get(exporter.url("/metrics")).body(), "0") == 0.0);

      URI metrics = exporter.url("/metrics");
      exporter.close();
      assertThatThrownBy(() -> Scrape.get(metrics)).hasCauseInstanceOf(ConnectException.class);
    }
  }

  private static double lag(String body, String partition) {
    return Scrape.value(body, "kafka_consumergroup_group_lag", Map.of("cluster_name", "e2e",
        "group", "e2e-billing", "topic", "e2e-orders", "partition", partition)).orElse(-1);
  }

  @Test
  void eachClusterHasItsOwnFiltersAndReadinessNamesTheFailingOne() {
    InMemoryKafkaAccess a = new InMemoryKafkaAccess()
        .group("orders", GroupType.CLASSIC, GroupState.STABLE).commit("orders", "t", 0, 3)
        .group("payments", GroupType.CLASSIC, GroupState.STABLE).commit("payments", "t", 0, 1)
        .endOffset("t", 0, 10);
    InMemoryKafkaAccess b = new InMemoryKafkaAccess()
        .fail(new KafkaAccessException(io.klag.ErrorKind.TIMEOUT, "simulated outage"));
    ExporterConfig config = ExporterConfig.defaults(List.of(
            new Cluster("a", Map.of("bootstrap.servers", "unused:1"), List.of(), List.of("pay.*"), List.of(), List.of(), false),
            Cluster.of("b", "unused:1")))
        .withHttp("127.0.0.1", 0).withPollInterval(Duration.ofMillis(200));

    try (Exporter exporter = Exporter.start(config, fixed(Map.of("a", a, "b", b)))) {
      await().atMost(WAIT).until(() -> exporter.notReadyClusters().equals(List.of("b")));
      HttpResponse<String> ready = Scrape.get(exporter.url("/ready"));
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.body()).isEqualTo("not ready: no successful collection yet for cluster(s): b\n");
      String body = Scrape.get(exporter.url("/metrics")).body();
      assertThat(Scrape.value(body, "kafka_consumergroup_group_sum_lag", Map.of("cluster_name", "a", "group", "orders")))
          .hasValue(7.0);
      assertThat(body).doesNotContain("group=\"payments\"");
      assertThat(Scrape.value(body, "klag_cluster_up", Map.of("cluster_name", "b"))).hasValue(0.0);
      assertThat(Scrape.value(body, "jvm_threads_live_threads", Map.of())).isPresent();

      b.heal();
      await().atMost(WAIT).until(() -> Scrape.get(exporter.url("/ready")).statusCode() == 200);
    }
    assertThat(a.isClosed()).isTrue();
    assertThat(b.isClosed()).isTrue();
  }

  @Test
  void closeFlushesOtlp() throws Exception {
    List<byte[]> pushes = new CopyOnWriteArrayList<>();
    List<String> contentTypes = new CopyOnWriteArrayList<>();
    HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    collector.createContext("/v1/metrics", ex -> {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      ex.getRequestBody().transferTo(buf);
      pushes.add(buf.toByteArray());
      contentTypes.add(ex.getRequestHeaders().getFirst("Content-Type"));
      ex.sendResponseHeaders(200, -1);
      ex.close();
    });
    collector.start();
    try {
      Path file = dir.resolve("otel.toml");
      Files.writeString(file, """
          [exporter]
          http_port = 0
          poll_interval = "200ms"
          [exporter.metrics]
          jvm_metrics = false
          [exporter.otel]
          enabled = true
          endpoint = "http://127.0.0.1:%d/v1/metrics"
          export_interval = "1h"
          [[clusters]]
          name = "otel"
          bootstrap_servers = "unused:1"
          """.formatted(collector.getAddress().getPort()));
      InMemoryKafkaAccess access = new InMemoryKafkaAccess()
          .group("g", GroupType.CLASSIC, GroupState.STABLE).commit("g", "t", 0, 1).endOffset("t", 0, 5);
      Exporter exporter = Exporter.start(ConfigLoader.load(file, name -> null), fixed(Map.of("otel", access)));
      await().atMost(WAIT).until(() -> exporter.notReadyClusters().isEmpty());
      assertThat(pushes).isEmpty(); // the export interval is an hour: only close pushes

      exporter.close();

      assertThat(pushes).hasSize(1);
      assertThat(contentTypes).containsExactly("application/x-protobuf");
      String payload = new String(pushes.get(0), java.nio.charset.StandardCharsets.ISO_8859_1);
      assertThat(payload).contains("kafka_consumergroup_group_sum_lag").contains("klag-exporter");
    } finally {
      collector.stop(0);
    }
  }

  @Test
  void rejectedClientPropertiesAreAConfigErrorNamingTheCluster() {
    ExporterConfig config = ExporterConfig.defaults(List.of(new Cluster("prod",
            Map.of("bootstrap.servers", "127.0.0.1:1", "security.protocol", "CARRIER_PIGEON"),
            List.of(), List.of(), List.of(), List.of(), false)))
        .withHttp("127.0.0.1", 0);
    assertThatThrownBy(() -> Exporter.start(config))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("cluster 'prod': ")
        .hasMessageContaining("CARRIER_PIGEON");
  }

  @Test
  void aBadMetricPrefixIsAConfigErrorAndStartLeavesNothingOpen() throws Exception {
    Path file = dir.resolve("prefix.toml");
    Files.writeString(file, """
        [exporter]
        http_port = 0
        [exporter.metrics]
        prefix = "not a prefix!"
        [[clusters]]
        name = "a"
        bootstrap_servers = "unused:1"
        """);
    InMemoryKafkaAccess access = new InMemoryKafkaAccess();
    assertThatThrownBy(() -> Exporter.start(ConfigLoader.load(file, name -> null), fixed(Map.of("a", access))))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("exporter.metrics: ")
        .hasMessageContaining("not a prefix!");
    assertThat(access.isClosed()).isTrue();
  }

  @Test
  void aTakenPortFailsStartBeforeAnyClientIsCreated() throws Exception {
    List<String> connected = new CopyOnWriteArrayList<>();
    ClusterConnector recording = new ClusterConnector() {
      @Override
      public KafkaAccess access(Cluster cluster) {
        connected.add(cluster.name());
        return new InMemoryKafkaAccess();
      }

      @Override
      public TimeLagEstimator timeLag(Cluster cluster, TimestampSampling sampling) {
        return TimeLagEstimator.none();
      }
    };
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      ExporterConfig config = ExporterConfig.defaults(List.of(Cluster.of("a", "unused:1")))
          .withHttp("127.0.0.1", taken.getLocalPort());
      assertThatThrownBy(() -> Exporter.start(config, recording))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageStartingWith("cannot listen on 127.0.0.1:" + taken.getLocalPort());
    }
    assertThat(connected).isEmpty();
  }

  /** A connector handing out the given fakes by cluster name, without time lag. */
  static ClusterConnector fixed(Map<String, ? extends KafkaAccess> byName) {
    return new ClusterConnector() {
      @Override
      public KafkaAccess access(Cluster cluster) {
        return byName.get(cluster.name());
      }

      @Override
      public TimeLagEstimator timeLag(Cluster cluster, TimestampSampling sampling) {
        return TimeLagEstimator.none();
      }
    };
  }

  /** The real connector, whose first listGroups call waits for {@code gate}. */
  private static ClusterConnector gated(ClusterConnector real, CountDownLatch gate) {
    return new ClusterConnector() {
      @Override
      public KafkaAccess access(Cluster cluster) {
        KafkaAccess delegate = real.access(cluster);
        return new KafkaAccess() {
          @Override
          public List<GroupListing> listGroups() {
            try {
              gate.await(WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return delegate.listGroups();
          }

          @Override
          public Map<String, io.klag.spi.GroupDescription> describeGroups(Collection<String> ids) {
            return delegate.describeGroups(ids);
          }

          @Override
          public CommittedOffsets committedOffsets(Collection<String> ids) {
            return delegate.committedOffsets(ids);
          }

          @Override
          public OffsetsResult endOffsets(Collection<TopicPartition> partitions) {
            return delegate.endOffsets(partitions);
          }

          @Override
          public OffsetsResult startOffsets(Collection<TopicPartition> partitions) {
            return delegate.startOffsets(partitions);
          }

          @Override
          public void close() {
            delegate.close();
          }
        };
      }

      @Override
      public TimeLagEstimator timeLag(Cluster cluster, TimestampSampling sampling) {
        return real.timeLag(cluster, sampling);
      }
    };
  }
}
