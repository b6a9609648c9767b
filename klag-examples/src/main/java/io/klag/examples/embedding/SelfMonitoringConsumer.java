package io.klag.examples.embedding;

import static io.klag.Filter.include;

import io.klag.GroupLag;
import io.klag.LagCollector;
import io.klag.micrometer.KlagMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A consumer application that watches its own group's lag: klag collects only this group (one
 * small request per broker per cycle, wherever the group's members run) and publishes group-level
 * series into the application's registry, where an autoscaler or an alert can use them; {@link
 * #currentLag()} gives the same number to the code.
 *
 * <pre>{@code
 * try (SelfMonitoringConsumer app = new SelfMonitoringConsumer(
 *     Map.of("bootstrap.servers", "kafka:9092"), "billing", "orders", record -> bill(record),
 *     registry, Duration.ofSeconds(10))) {
 *   // kafka_consumergroup_group_sum_lag{group="billing"} is now in registry
 *   if (app.currentLag() > 10_000) log.warn("falling behind");
 * }
 * }</pre>
 */
public final class SelfMonitoringConsumer implements AutoCloseable {

  private static final String CLUSTER = "self";

  private final String groupId;
  private final KafkaConsumer<String, String> consumer;
  private final Thread pollLoop;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final LagCollector lag;
  private final KlagMetrics lagMetrics;

  /**
   * Starts consuming {@code topic} as {@code groupId} and watching the group's lag.
   *
   * @param kafkaProperties kafka-clients properties ({@code bootstrap.servers}, security)
   * @param handler called for every record; offsets are committed after each batch
   * @param registry the application's registry
   * @param lagInterval how often the lag is collected
   */
  public SelfMonitoringConsumer(Map<String, Object> kafkaProperties, String groupId, String topic,
      Consumer<ConsumerRecord<String, String>> handler, MeterRegistry registry, Duration lagInterval) {
    this.groupId = groupId;
    Map<String, Object> props = new HashMap<>(kafkaProperties);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());

    lag = LagCollector.builder()
        .kafkaCluster(CLUSTER, kafkaProperties)
        .groups(include(Pattern.quote(groupId)))
        .interval(lagInterval)
        .build()
        .start();
    lagMetrics = KlagMetrics.builder(lag).partitionSeries(false).build(); // group-level series only
    lagMetrics.bindTo(registry);

    pollLoop = new Thread(() -> poll(topic, handler), "consumer-" + groupId);
    pollLoop.start();
  }

  private void poll(String topic, Consumer<ConsumerRecord<String, String>> handler) {
    try (consumer) {
      consumer.subscribe(List.of(topic));
      while (running.get()) {
        var records = consumer.poll(Duration.ofMillis(200));
        records.forEach(handler);
        if (!records.isEmpty()) {
          consumer.commitSync();
        }
      }
    } catch (WakeupException e) {
      // closing
    }
  }

  /** The group's total lag (records) as of klag's last collection; 0 before the group committed. */
  public long currentLag() {
    return lag.latest().group(CLUSTER, groupId).map(GroupLag::sumLag).orElse(0L);
  }

  /** Stops consuming, then stops watching (the lag series leave the registry). */
  @Override
  public void close() {
    running.set(false);
    consumer.wakeup();
    try {
      pollLoop.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    lagMetrics.close();
    lag.close();
  }
}
