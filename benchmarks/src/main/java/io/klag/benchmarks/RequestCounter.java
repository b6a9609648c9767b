package io.klag.benchmarks;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.MetricsReporter;

/**
 * A Kafka {@link MetricsReporter} that remembers every client's {@code request-total} (admin and
 * consumer) and the consumer's {@code fetch-total}, readable by client id even after the client
 * closed. Enable it on a client with {@link #enable(Map)}.
 *
 * <pre>{@code
 * Map<String, Object> props = RequestCounter.enable(new HashMap<>(base), "klag-admin");
 * // ... use an Admin built from props ...
 * double sent = RequestCounter.requests("klag-"); // all clients named klag-*
 * }</pre>
 */
public final class RequestCounter implements MetricsReporter {

  private static final Map<String, KafkaMetric> REQUESTS = new ConcurrentHashMap<>();
  private static final Map<String, KafkaMetric> FETCHES = new ConcurrentHashMap<>();

  /** Sets {@code client.id} and adds this reporter to {@code props}; returns {@code props}. */
  public static Map<String, Object> enable(Map<String, Object> props, String clientId) {
    props.put("client.id", clientId);
    props.put("metric.reporters", RequestCounter.class.getName());
    return props;
  }

  /** Requests sent so far by every client whose id starts with {@code clientIdPrefix}. */
  public static double requests(String clientIdPrefix) {
    return sum(REQUESTS, clientIdPrefix);
  }

  /** Fetch requests sent so far by every consumer whose id starts with {@code clientIdPrefix}. */
  public static double fetches(String clientIdPrefix) {
    return sum(FETCHES, clientIdPrefix);
  }

  private static double sum(Map<String, KafkaMetric> metrics, String prefix) {
    double sum = 0;
    for (Map.Entry<String, KafkaMetric> e : metrics.entrySet()) {
      if (e.getKey().startsWith(prefix)) {
        sum += ((Number) e.getValue().metricValue()).doubleValue();
      }
    }
    return sum;
  }

  @Override
  public void configure(Map<String, ?> configs) {}

  @Override
  public void init(List<KafkaMetric> metrics) {
    metrics.forEach(this::metricChange);
  }

  @Override
  public void metricChange(KafkaMetric metric) {
    String clientId = metric.metricName().tags().get("client-id");
    if (clientId == null) {
      return;
    }
    String group = metric.metricName().group();
    String name = metric.metricName().name();
    if (name.equals("request-total") && (group.equals("admin-client-metrics") || group.equals("consumer-metrics"))) {
      REQUESTS.put(clientId, metric);
    } else if (name.equals("fetch-total") && group.equals("consumer-fetch-manager-metrics")
        && !metric.metricName().tags().containsKey("topic")) {
      FETCHES.put(clientId, metric);
    }
  }

  /** Keeps the metric: its value stays readable after the client closed. */
  @Override
  public void metricRemoval(KafkaMetric metric) {}

  @Override
  public void close() {}
}
