package io.klag.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.klag.ClusterStatus;
import io.klag.GroupLag;
import io.klag.GroupState;
import io.klag.GroupType;
import io.klag.LagCollector;
import io.klag.LagSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Producing, committing and consuming on a real broker, for the tests of this package. */
final class KafkaTestSupport {

  private static final AtomicInteger SEQ = new AtomicInteger();

  private KafkaTestSupport() {}

  /** A topic or group name no other test uses. */
  static String unique(String prefix) {
    return prefix + "-" + SEQ.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
  }

  static KafkaProducer<String, String> producer(Map<String, Object> props) {
    Map<String, Object> p = new HashMap<>(props);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  /** Produces {@code counts[p]} records to partition {@code p}, timestamps now. */
  static void produce(Map<String, Object> props, String topic, int... counts) {
    try (KafkaProducer<String, String> producer = producer(props)) {
      for (int p = 0; p < counts.length; p++) {
        for (int i = 0; i < counts[p]; i++) {
          producer.send(new ProducerRecord<>(topic, p, null, "k" + i, "v" + i));
        }
      }
      producer.flush();
    }
  }

  /** Produces one record per timestamp to {@code partition}, in order, and waits for them. */
  static void produceAt(Map<String, Object> props, String topic, int partition, long... timestamps) {
    try (KafkaProducer<String, String> producer = producer(props)) {
      for (long ts : timestamps) {
        producer.send(new ProducerRecord<>(topic, partition, ts, "k", "v@" + ts)).get();
      }
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Commits offsets for {@code group} through the Admin: a simple group if it did not exist. */
  static void commit(Admin admin, String group, Map<TopicPartition, Long> offsets) {
    Map<TopicPartition, OffsetAndMetadata> m = new HashMap<>();
    offsets.forEach((tp, o) -> m.put(tp, new OffsetAndMetadata(o)));
    try {
      admin.alterConsumerGroupOffsets(group, m).all().get();
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A string consumer in {@code group}; {@code protocol} is "classic" or "consumer". */
  static KafkaConsumer<String, String> consumer(Map<String, Object> props, String group, String protocol) {
    Map<String, Object> p = new HashMap<>(props);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    if (protocol.equals("classic")) {
      p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
      p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "500");
    }
    return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
  }

  /** Subscribes and polls until every partition of {@code topic} ({@code partitions} of them) is assigned. */
  static void subscribeAndAwaitAssignment(KafkaConsumer<String, String> c, String topic, int partitions) {
    c.subscribe(List.of(topic));
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (c.assignment().size() < partitions) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no full assignment of " + topic + " within 30 s: " + c.assignment());
      }
      c.poll(Duration.ofMillis(100));
    }
  }

  /** Polls until {@code count} records were read (or 30 s pass). */
  static int consume(KafkaConsumer<String, String> c, int count) {
    int read = 0;
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (read < count && System.nanoTime() < deadline) {
      read += c.poll(Duration.ofMillis(100)).count();
    }
    return read;
  }

  static TopicPartition tp(String topic, int partition) {
    return new TopicPartition(topic, partition);
  }

  /**
   * The end-to-end scenario, for any broker: 10/20/30 records on three partitions, a classic group
   * commits 4/15/30, the snapshot shows lag 6/5/0 (sum 11, max 6), then the group consumes
   * everything, commits, and the lag is 0.
   */
  static void assertExactLagEndToEnd(Map<String, Object> props, BiConsumer<String, Integer> createTopic) {
    String topic = unique("e2e");
    String group = unique("e2e-group");
    createTopic.accept(topic, 3);
    produce(props, topic, 10, 20, 30);
    try (LagCollector collector = LagCollector.builder()
            .kafkaCluster("local", props)
            .groups(io.klag.Filter.include(group))
            .build();
        KafkaConsumer<String, String> consumer = consumer(props, group, "classic")) {
      subscribeAndAwaitAssignment(consumer, topic, 3);
      consumer.commitSync(Map.of(
          tp(topic, 0), new OffsetAndMetadata(4),
          tp(topic, 1), new OffsetAndMetadata(15),
          tp(topic, 2), new OffsetAndMetadata(30)));

      LagSnapshot s = collector.collect();
      assertThat(s.cluster("local").orElseThrow().status()).isEqualTo(ClusterStatus.UP);
      GroupLag g = s.group("local", group).orElseThrow();
      assertThat(g.type()).isEqualTo(GroupType.CLASSIC);
      assertThat(g.state()).isEqualTo(GroupState.STABLE);
      assertThat(g.memberCount()).hasValue(1);
      assertThat(g.partition(topic, 0).orElseThrow().lag()).isEqualTo(6);
      assertThat(g.partition(topic, 1).orElseThrow().lag()).isEqualTo(5);
      assertThat(g.partition(topic, 2).orElseThrow().lag()).isZero();
      assertThat(g.partition(topic, 0).orElseThrow().endOffset()).isEqualTo(10);
      assertThat(g.partition(topic, 0).orElseThrow().member()).isPresent();
      assertThat(g.sumLag()).isEqualTo(11);
      assertThat(g.maxLag()).isEqualTo(6);
      assertThat(g.topics().get(topic).sumLag()).isEqualTo(11);
      assertThat(s.totalLag()).isEqualTo(11);

      for (TopicPartition p : new ArrayList<>(consumer.assignment())) {
        consumer.seek(p, Map.of(0, 4L, 1, 15L, 2, 30L).get(p.partition()));
      }
      assertThat(consume(consumer, 11)).isEqualTo(11);
      consumer.commitSync();
      LagSnapshot caughtUp = collector.awaitCaughtUp("local", group, Duration.ofSeconds(10));
      GroupLag after = caughtUp.group("local", group).orElseThrow();
      assertThat(after.sumLag()).isZero();
      assertThat(after.partition(topic, 1).orElseThrow().committedOffset()).isEqualTo(20);
      assertThat(after.maxTimeLag()).hasValue(Duration.ZERO);
    }
  }
}
