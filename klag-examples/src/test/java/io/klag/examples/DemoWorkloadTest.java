package io.klag.examples;

import static io.klag.Filter.include;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.klag.GroupLag;
import io.klag.GroupState;
import io.klag.GroupType;
import io.klag.LagCollector;
import io.klag.LagSnapshot;
import io.klag.testkit.EmbeddedKafkaCluster;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DemoWorkloadTest {

  @Test
  @SuppressWarnings("try") // the workload runs while we watch
  void producesTheFourDemoGroups() {
    EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.shared();
    try (DemoWorkload workload = DemoWorkload.start(kafka.bootstrapServers(), kafka::createTopic);
        LagCollector collector = LagCollector.builder()
            .kafkaCluster("demo", kafka.clientProperties())
            .groups(include("demo-.*"))
            .build()) {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
        LagSnapshot s = collector.collect();
        return s.group("demo", "demo-stopped").map(g -> g.state() == GroupState.EMPTY).orElse(false)
            && s.group("demo", "demo-kip848").map(g -> g.state() == GroupState.STABLE).orElse(false)
            && s.group("demo", "demo-healthy").map(g -> g.state() == GroupState.STABLE).orElse(false)
            && s.group("demo", "demo-slow").map(g -> g.state() == GroupState.STABLE).orElse(false);
      });
      LagSnapshot first = collector.collect();
      assertThat(first.group("demo", "demo-kip848").orElseThrow().type()).isEqualTo(GroupType.CONSUMER);
      assertThat(first.group("demo", "demo-healthy").orElseThrow().type()).isEqualTo(GroupType.CLASSIC);
      assertThat(first.group("demo", "demo-stopped").orElseThrow().memberCount()).hasValue(0);
      long stoppedLag = first.group("demo", "demo-stopped").map(GroupLag::sumLag).orElseThrow();
      // payments keep coming at 5/s while nobody consumes them: the stopped group's lag grows
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() ->
          collector.collect().group("demo", "demo-stopped").map(GroupLag::sumLag).orElseThrow() > stoppedLag + 5);
    }
  }

  @Test
  void ordersRateRisesAndFallsOverAMinute() {
    assertThat(DemoWorkload.ordersRate(0)).isEqualTo(20.0);
    assertThat(DemoWorkload.ordersRate(15)).isEqualTo(40.0);
    assertThat(DemoWorkload.ordersRate(45)).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-9));
  }
}
