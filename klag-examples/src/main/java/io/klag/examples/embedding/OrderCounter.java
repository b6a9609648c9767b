package io.klag.examples.embedding;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A small consumer application under test: it counts orders per customer (the record key). Its
 * integration test ({@code OrderCounterTest}) produces orders, starts the counter, and waits with
 * klag until the group has caught up before asserting the counts — no sleeps, no polling of the
 * application's internals.
 *
 * <pre>{@code
 * try (OrderCounter counter = new OrderCounter(kafkaProps, "order-counter", "orders");
 *     LagCollector lag = LagCollector.builder().kafkaCluster("test", kafkaProps).build()) {
 *   lag.awaitCaughtUp("test", "order-counter", Duration.ofSeconds(30));
 *   assertThat(counter.count("alice")).isEqualTo(3);
 * }
 * }</pre>
 *
 * <p>It commits after processing each batch with {@code commitSync()}, which commits the position of
 * every assigned partition: so "caught up" (lag 0 on every partition the group committed on) means
 * every record was counted.
 */
public final class OrderCounter implements AutoCloseable {

  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final KafkaConsumer<String, String> consumer;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread pollLoop;

  public OrderCounter(Map<String, Object> kafkaProperties, String groupId, String topic) {
    Map<String, Object> props = new HashMap<>(kafkaProperties);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    pollLoop = new Thread(() -> {
      try (consumer) {
        consumer.subscribe(List.of(topic));
        while (running.get()) {
          var records = consumer.poll(Duration.ofMillis(200));
          records.forEach(r -> counts.computeIfAbsent(r.key(), k -> new LongAdder()).increment());
          if (!records.isEmpty()) {
            consumer.commitSync();
          }
        }
      } catch (WakeupException e) {
        // closing
      }
    }, "order-counter");
    pollLoop.start();
  }

  /** How many orders of {@code customer} were counted. */
  public long count(String customer) {
    LongAdder n = counts.get(customer);
    return n == null ? 0 : n.sum();
  }

  @Override
  public void close() {
    running.set(false);
    consumer.wakeup();
    try {
      pollLoop.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
