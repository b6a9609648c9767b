package io.klag.examples.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.klag.examples.Scrape;
import io.klag.examples.TestKafka;
import io.klag.testkit.EmbeddedKafkaCluster;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class SimpleclientServiceTest {

  @Test
  void lagAppearsInTheLegacyRegistry() throws Exception {
    EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.shared();
    kafka.createTopic("legacy-orders", 2);
    TestKafka.produce(kafka, "legacy-orders", 0, 4);
    TestKafka.produce(kafka, "legacy-orders", 1, 6);
    TestKafka.commit(kafka, "legacy-billing", Map.of(
        new TopicPartition("legacy-orders", 0), 4L, new TopicPartition("legacy-orders", 1), 1L));

    try (SimpleclientService service = new SimpleclientService(kafka.bootstrapServers(), 0, Duration.ofMillis(300))) {
      URI metrics = URI.create("http://127.0.0.1:" + service.port() + "/metrics");
      await().atMost(Duration.ofSeconds(30)).until(() -> Scrape.value(Scrape.get(metrics).body(),
          "kafka_consumergroup_group_sum_lag", Map.of("group", "legacy-billing")).isPresent());
      String body = Scrape.get(metrics).body();
      assertThat(Scrape.value(body, "kafka_consumergroup_group_sum_lag",
          Map.of("cluster_name", "main", "group", "legacy-billing"))).hasValue(5.0);
      assertThat(Scrape.value(body, "kafka_consumergroup_group_max_lag",
          Map.of("cluster_name", "main", "group", "legacy-billing"))).hasValue(5.0);
      assertThat(Scrape.value(body, "legacy_jobs_total", Map.of())).hasValue(1.0);
    }
  }
}
