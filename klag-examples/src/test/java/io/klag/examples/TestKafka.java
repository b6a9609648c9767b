package io.klag.examples;

import io.klag.testkit.EmbeddedKafkaCluster;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Test helper: produce records and commit offsets on a test cluster. */
public final class TestKafka {

  private TestKafka() {}

  /** Sends {@code count} records ({@code k0=v0}, ...) to one partition and waits for the acks. */
  public static void produce(EmbeddedKafkaCluster kafka, String topic, int partition, int count) {
    try (KafkaProducer<String, String> p =
        new KafkaProducer<>(kafka.clientProperties(), new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < count; i++) {
        p.send(new ProducerRecord<>(topic, partition, "k" + i, "v" + i)).get();
      }
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Commits offsets for {@code group} as a member-less (simple) group does. */
  public static void commit(EmbeddedKafkaCluster kafka, String group, Map<TopicPartition, Long> offsets) {
    Map<String, Object> props = new HashMap<>(kafka.clientProperties());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
      offsets.forEach((tp, o) -> commits.put(tp, new OffsetAndMetadata(o)));
      c.commitSync(commits);
    }
  }
}
