package io.klag.kafka;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The end-to-end lag scenario on Testcontainers' Kafka, where Docker is available; skipped (not
 * failed) without it. The in-process cluster of klag-testkit runs the same scenario everywhere.
 */
@Testcontainers(disabledWithoutDocker = true)
class AdminKafkaAccessTestcontainersTest {

  @Container
  static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.1");

  @Test
  void exactLagPerPartitionAndAggregateThenZeroAfterCatchingUp() {
    Map<String, Object> props = Map.of("bootstrap.servers", KAFKA.getBootstrapServers());
    KafkaTestSupport.assertExactLagEndToEnd(props, (topic, partitions) -> {
      try (Admin admin = Admin.create(props)) {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
      } catch (Exception e) {
        throw new IllegalStateException("could not create " + topic, e);
      }
    });
  }
}
