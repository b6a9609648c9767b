package io.klag.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.klag.ClusterLag;
import io.klag.ClusterStatus;
import io.klag.ErrorKind;
import io.klag.LagCollector;
import io.klag.LagSnapshot;
import io.klag.spi.KafkaAccess;
import io.klag.spi.KafkaAccessException;
import io.klag.spi.TimeLagEstimator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The factory and its builders, against an address where nothing listens (no broker needed). */
class KafkaClustersTest {

  static Map<String, Object> unreachable;

  @BeforeAll
  static void closedPort() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    unreachable = new HashMap<>(ClientPropertiesTest.secretProps());
    unreachable.put("bootstrap.servers", "127.0.0.1:" + port);
    unreachable.put("security.protocol", "PLAINTEXT"); // secrets present but unused
  }

  @Test
  void badSettingsFailAtBuildNamingTheSettingAndValue() {
    Map<String, Object> props = Map.of("bootstrap.servers", "127.0.0.1:1");
    assertThatThrownBy(() -> KafkaClusters.access(Map.of("client.id", "x")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bootstrap.servers");
    assertThatThrownBy(() -> KafkaClusters.accessBuilder(props).requestTimeout(Duration.ZERO).build())
        .hasMessage("requestTimeout: must be a positive duration, was PT0S");
    assertThatThrownBy(() -> KafkaClusters.accessBuilder(props).retries(-1).build())
        .hasMessage("retries: must not be negative, was -1");
    assertThatThrownBy(() -> KafkaClusters.accessBuilder(props).backoff(Duration.ofMillis(-5)).build())
        .hasMessageContaining("backoff");
    assertThatThrownBy(() -> KafkaClusters.samplerBuilder(props).maxPartitionsPerCycle(0).build())
        .hasMessage("maxPartitionsPerCycle: must be positive, was 0");
    assertThatThrownBy(() -> KafkaClusters.samplerBuilder(props).timeBudget(null).build())
        .hasMessage("timeBudget: must be a positive duration, was null");
    assertThatThrownBy(() -> KafkaClusters.samplerBuilder(props).cacheTtl(Duration.ZERO).build())
        .hasMessageContaining("cacheTtl");
    assertThatThrownBy(() -> KafkaClusters.access(Map.of("bootstrap.servers", "127.0.0.1:1", "retries", "many")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retries").hasMessageContaining("many");
  }

  @Test
  void toStringShowsTheSettingsButNoSecret() {
    try (KafkaAccess access = KafkaClusters.access(unreachable);
        TimeLagEstimator sampler = KafkaClusters.recordTimestampSampler(unreachable)) {
      assertThat(access.toString()).contains(unreachable.get("bootstrap.servers").toString(), "requestTimeout=PT10S");
      assertThat(sampler.toString()).contains("cacheTtl=PT5M", "timeBudget=PT5S");
      for (String s : new String[] {access.toString(), sampler.toString()}) {
        assertThat(s).doesNotContain("s3cr3t-jaas", "ks-pass-123", "key-pass-456", "tok-789");
      }
    }
  }

  @Test
  void anUnreachableBootstrapFailsACallWithinTheTimeout() {
    try (KafkaAccess access = KafkaClusters.accessBuilder(unreachable).requestTimeout(Duration.ofSeconds(2)).build()) {
      long t0 = System.nanoTime();
      assertThatThrownBy(access::listGroups)
          .isInstanceOf(KafkaAccessException.class)
          .satisfies(e -> assertThat(((KafkaAccessException) e).kind()).isEqualTo(ErrorKind.TIMEOUT))
          .hasMessageContaining("listGroups")
          .hasMessageContaining(unreachable.get("bootstrap.servers").toString())
          .hasMessageNotContaining("s3cr3t-jaas");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(2_000 + 1_500));
    }
  }

  @Test
  void collectReportsTheUnreachableClusterAndStartKeepsRetrying() throws InterruptedException {
    KafkaAccess access = KafkaClusters.accessBuilder(unreachable).requestTimeout(Duration.ofSeconds(1)).build();
    try (LagCollector collector = LagCollector.builder()
        .cluster("nowhere", access, KafkaClusters.recordTimestampSampler(unreachable))
        .interval(Duration.ofSeconds(1))
        .retryBackoff(Duration.ofMillis(100))
        .build()) {
      long t0 = System.nanoTime();
      LagSnapshot s = collector.collect();
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(1_000 + 1_500));
      ClusterLag c = s.cluster("nowhere").orElseThrow();
      assertThat(c.status()).isEqualTo(ClusterStatus.DOWN);
      assertThat(c.lastError()).hasValueSatisfying(e -> {
        assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
        assertThat(e.message()).contains("listGroups", "timeout", unreachable.get("bootstrap.servers").toString())
            .doesNotContain("s3cr3t-jaas");
      });

      collector.start();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (collector.latest().cluster("nowhere").orElseThrow().cycles() < 4 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      ClusterLag later = collector.latest().cluster("nowhere").orElseThrow();
      assertThat(later.cycles()).isGreaterThanOrEqualTo(4);
      assertThat(later.status()).isEqualTo(ClusterStatus.DOWN);
      assertThat(later.errorCounts().get(ErrorKind.TIMEOUT)).isGreaterThanOrEqualTo(4);
    }
  }

  @Test
  void secretsNeverReachTheLog() {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try (LagCollector collector = LagCollector.builder()
        .cluster("nowhere-logged", KafkaClusters.accessBuilder(unreachable).requestTimeout(Duration.ofSeconds(1)).build())
        .build()) {
      collector.collect();
    } finally {
      System.setErr(original);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log).contains("klag cluster 'nowhere-logged': collection failed (timeout)");
    assertThat(log).doesNotContain("s3cr3t-jaas", "ks-pass-123", "key-pass-456", "tok-789");
  }

  @Test
  void kafkaClusterIsAccessPlusSampler() {
    try (LagCollector collector = LagCollector.builder().kafkaCluster("k", unreachable).build()) {
      assertThat(collector.latest().cluster("k")).isPresent();
    }
    assertThatThrownBy(() -> LagCollector.builder().kafkaCluster("k", Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bootstrap.servers");
  }
}
