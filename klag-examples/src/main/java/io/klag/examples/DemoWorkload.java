package io.klag.examples;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;

/**
 * The demo's producers and consumer groups, on a running cluster:
 *
 * <ul>
 *   <li>{@code demo-orders} (3 partitions) gets 0–40 records/s, rising and falling over a minute;
 *   <li>{@code demo-healthy} reads it and keeps up (lag near 0);
 *   <li>{@code demo-slow} reads it at most ~22 records/s: lag rises at each peak and drains after;
 *   <li>{@code demo-payments} (2 partitions) gets 5 records/s; {@code demo-stopped} read it for a
 *       few seconds and then stopped, so its lag keeps growing;
 *   <li>{@code demo-clicks} (2 partitions) gets 10 records/s, read by {@code demo-kip848}, a group
 *       on the KIP-848 consumer protocol ({@code group.protocol=consumer}).
 * </ul>
 *
 * <pre>{@code
 * try (DemoWorkload workload = DemoWorkload.start(kafka.bootstrapServers(), kafka::createTopic)) { ... }
 * }</pre>
 */
final class DemoWorkload implements AutoCloseable {

  static final String ORDERS = "demo-orders";
  static final String PAYMENTS = "demo-payments";
  static final String CLICKS = "demo-clicks";
  static final List<String> GROUPS = List.of("demo-healthy", "demo-slow", "demo-stopped", "demo-kip848");

  /** How long the {@code demo-stopped} group consumes before its consumer is closed. */
  static final Duration STOPPED_AFTER = Duration.ofSeconds(8);

  private static final Logger log = LoggerFactory.getLogger(DemoWorkload.class);
  private static final long TICK_MS = 100;

  /** Creates a topic with the given partition count (the test kit's {@code createTopic}). */
  interface Topics {
    void create(String name, int partitions);
  }

  private final String bootstrap;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<Thread> consumers = new ArrayList<>();
  private final List<KafkaConsumer<String, String>> liveConsumers = new ArrayList<>();
  private final ScheduledExecutorService producerLoop = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "demo-producer");
    t.setDaemon(true);
    return t;
  });
  private final KafkaProducer<String, String> producer;
  private final long startNanos = System.nanoTime();
  private final double[] owed = new double[3];
  private long sequence;

  private DemoWorkload(String bootstrap) {
    this.bootstrap = bootstrap;
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "demo-producer");
    p.put(ProducerConfig.ACKS_CONFIG, "1");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  /** Creates the topics and starts producing and consuming. */
  static DemoWorkload start(String bootstrapServers, Topics topics) {
    long t0 = System.nanoTime();
    topics.create(ORDERS, 3);
    topics.create(PAYMENTS, 2);
    topics.create(CLICKS, 2);
    DemoWorkload w = new DemoWorkload(bootstrapServers);
    w.producerLoop.scheduleAtFixedRate(w::produce, 0, TICK_MS, TimeUnit.MILLISECONDS);
    w.consume("demo-healthy", ORDERS, false, Duration.ZERO, null);
    w.consume("demo-slow", ORDERS, false, Duration.ofMillis(45), null);
    w.consume("demo-stopped", PAYMENTS, false, Duration.ZERO, STOPPED_AFTER);
    w.consume("demo-kip848", CLICKS, true, Duration.ZERO, null);
    log.info("demo topics, producer and consumers started in {} ms", (System.nanoTime() - t0) / 1_000_000);
    return w;
  }

  /** Records per second for {@code demo-orders} at {@code seconds} since start: 20 ± 20 over 60 s. */
  static double ordersRate(double seconds) {
    return 20 + 20 * Math.sin(2 * Math.PI * seconds / 60);
  }

  private void produce() {
    try {
      double t = (System.nanoTime() - startNanos) / 1e9;
      send(0, ORDERS, ordersRate(t));
      send(1, PAYMENTS, 5);
      send(2, CLICKS, 10);
    } catch (RuntimeException e) {
      if (running.get()) {
        log.warn("demo producer: {}", e.toString());
      }
    }
  }

  private void send(int slot, String topic, double perSecond) {
    owed[slot] += perSecond * TICK_MS / 1000.0;
    while (owed[slot] >= 1) {
      owed[slot] -= 1;
      long n = sequence++;
      producer.send(new ProducerRecord<>(topic, Long.toString(n), topic + "-" + n));
    }
  }

  private void consume(String group, String topic, boolean consumerProtocol, Duration perRecord,
      @Nullable Duration stopAfter) {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    c.put(ConsumerConfig.CLIENT_ID_CONFIG, group + "-1");
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "20");
    c.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, consumerProtocol ? "consumer" : "classic");
    KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer());
    synchronized (liveConsumers) {
      liveConsumers.add(consumer);
    }
    Thread thread = new Thread(() -> run(consumer, group, topic, perRecord, stopAfter), "demo-" + group);
    thread.setDaemon(true);
    consumers.add(thread);
    thread.start();
  }

  private void run(KafkaConsumer<String, String> consumer, String group, String topic, Duration perRecord,
      @Nullable Duration stopAfter) {
    long stopAt = stopAfter == null ? Long.MAX_VALUE : System.nanoTime() + stopAfter.toNanos();
    try (consumer) {
      consumer.subscribe(List.of(topic));
      while (running.get() && System.nanoTime() < stopAt) {
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
        for (ConsumerRecord<String, String> r : records) {
          if (!perRecord.isZero()) {
            Thread.sleep(perRecord.toMillis()); // "processing"
          }
        }
        if (!records.isEmpty()) {
          consumer.commitSync();
        }
      }
      if (stopAfter != null && running.get()) {
        log.info("demo: group {} stops consuming now; its lag will keep growing", group);
      }
    } catch (WakeupException | InterruptedException e) {
      // stopping
    } catch (RuntimeException e) {
      if (running.get()) {
        log.warn("demo consumer {}: {}", group, e.toString());
      }
    } finally {
      synchronized (liveConsumers) {
        liveConsumers.remove(consumer);
      }
    }
  }

  /** Stops producing and closes every consumer and the producer. */
  @Override
  public void close() {
    if (!running.compareAndSet(true, false)) {
      return;
    }
    producerLoop.shutdownNow();
    synchronized (liveConsumers) {
      liveConsumers.forEach(KafkaConsumer::wakeup);
    }
    for (Thread t : consumers) {
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    try {
      producerLoop.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(2));
  }
}
