package io.klag.examples.embedding;

import static io.klag.Filter.include;
import static org.assertj.core.api.Assertions.assertThat;

import io.klag.LagCollector;
import io.klag.LagSnapshot;
import io.klag.testkit.EmbeddedKafkaCluster;
import java.time.Duration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The integration-test pattern: produce, run the consumer, wait with klag until it caught up, assert. */
class OrderCounterTest {

  @Test
  void countsEveryOrderOnceCaughtUp() throws Exception {
    EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.shared();
    kafka.createTopic("counter-orders", 3);
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(kafka.clientProperties(), new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < 90; i++) {
        producer.send(new ProducerRecord<>("counter-orders", i % 3 == 0 ? "alice" : "bob", "order-" + i));
      }
      producer.flush();
    }

    try (OrderCounter counter = new OrderCounter(kafka.clientProperties(), "order-counter", "counter-orders");
        LagCollector lag = LagCollector.builder()
            .kafkaCluster("test", kafka.clientProperties())
            .groups(include("order-counter"))
            .build()) {
      LagSnapshot caughtUp = lag.awaitCaughtUp("test", "order-counter", Duration.ofSeconds(60));

      assertThat(caughtUp.group("test", "order-counter").orElseThrow().partitions()).hasSize(3);
      assertThat(counter.count("alice")).isEqualTo(30);
      assertThat(counter.count("bob")).isEqualTo(60);
    }
  }
}
