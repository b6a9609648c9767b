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

class MicrometerServiceTest {

  @Test
  void lagAppearsNextToTheServicesOwnMeters() throws Exception {
    EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.shared();
    kafka.createTopic("mic-orders", 1);
    TestKafka.produce(kafka, "mic-orders", 0, 8);
    TestKafka.commit(kafka, "mic-billing", Map.of(new TopicPartition("mic-orders", 0), 3L));

    try (MicrometerService service = new MicrometerService(kafka.bootstrapServers(), 0, Duration.ofMillis(300))) {
      URI metrics = URI.create("http://127.0.0.1:" + service.port() + "/metrics");
      await().atMost(Duration.ofSeconds(30)).until(() -> Scrape.value(Scrape.get(metrics).body(),
          "kafka_consumergroup_group_sum_lag", Map.of("cluster_name", "main", "group", "mic-billing")).isPresent());
      String body = Scrape.get(metrics).body();
      assertThat(Scrape.value(body, "kafka_consumergroup_group_sum_lag",
          Map.of("cluster_name", "main", "group", "mic-billing"))).hasValue(5.0);
      assertThat(Scrape.value(body, "kafka_consumergroup_group_lag",
          Map.of("group", "mic-billing", "topic", "mic-orders", "partition", "0"))).hasValue(5.0);
      assertThat(Scrape.value(body, "service_requests_total", Map.of())).isPresent();
    }
  }
}
