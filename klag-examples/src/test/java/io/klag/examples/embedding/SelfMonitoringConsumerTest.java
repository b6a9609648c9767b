package io.klag.examples.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.klag.examples.TestKafka;
import io.klag.testkit.EmbeddedKafkaCluster;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SelfMonitoringConsumerTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void reportsItsOwnGroupsLagWhileItFallsBehindAndCatchesUp() throws Exception {
    EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.shared();
    kafka.createTopic("self-orders", 1);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AtomicReference<CountDownLatch> stall = new AtomicReference<>(new CountDownLatch(0));

    try (SelfMonitoringConsumer app = new SelfMonitoringConsumer(kafka.clientProperties(), "self-billing",
        "self-orders", record -> block(stall.get()), registry, Duration.ofMillis(200))) {
      TestKafka.produce(kafka, "self-orders", 0, 1);
      await().atMost(WAIT).until(() -> sumLag(registry) == 0.0); // committed and caught up

      CountDownLatch release = new CountDownLatch(1);
      stall.set(release); // the handler blocks: the app falls behind
      TestKafka.produce(kafka, "self-orders", 0, 5);
      await().atMost(WAIT).until(() -> app.currentLag() == 5);
      await().atMost(WAIT).until(() -> sumLag(registry) == 5.0);

      release.countDown();
      await().atMost(WAIT).until(() -> app.currentLag() == 0 && sumLag(registry) == 0.0);
      assertThat(registry.find("kafka_consumergroup_group_lag").gauges()).isEmpty(); // group-level only
    }
    assertThat(registry.find("kafka_consumergroup_group_sum_lag").gauges()).isEmpty();
  }

  private static double sumLag(SimpleMeterRegistry registry) {
    Gauge g = registry.find("kafka_consumergroup_group_sum_lag").tag("group", "self-billing").gauge();
    return g == null ? -1 : g.value();
  }

  private static void block(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
