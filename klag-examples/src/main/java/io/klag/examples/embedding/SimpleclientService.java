package io.klag.examples.embedding;

import io.klag.LagCollector;
import io.klag.prometheus.KlagCollector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.exporter.HTTPServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;

/**
 * A legacy service instrumented with the Prometheus simpleclient: it owns a {@link
 * CollectorRegistry} served by simpleclient's {@link HTTPServer}, and adds klag's {@link
 * KlagCollector} to it. A scrape reads klag's latest snapshot; it never calls Kafka.
 *
 * <pre>{@code
 * LagCollector lag = LagCollector.builder().kafkaCluster("main", kafkaProps).build().start();
 * KlagCollector.builder(lag).build().register(registry);
 * }</pre>
 *
 * <p>Run: {@code java -cp klag-exporter.jar io.klag.examples.embedding.SimpleclientService 127.0.0.1:9092 8081}.
 */
public final class SimpleclientService implements AutoCloseable {

  private final CollectorRegistry registry = new CollectorRegistry();
  private final LagCollector lag;
  private final KlagCollector lagCollector;
  private final HTTPServer http;

  /**
   * @param bootstrapServers the Kafka cluster to watch
   * @param port the HTTP port on 127.0.0.1 (0: any free port)
   * @param lagInterval how often klag collects
   */
  public SimpleclientService(String bootstrapServers, int port, Duration lagInterval) throws IOException {
    // the service's own instrumentation
    Counter.build("legacy_jobs_total", "jobs run").register(registry).inc();

    // klag
    lag = LagCollector.builder()
        .kafkaCluster("main", Map.of("bootstrap.servers", bootstrapServers))
        .interval(lagInterval)
        .build()
        .start();
    lagCollector = KlagCollector.builder(lag).build().register(registry);

    http = new HTTPServer(new InetSocketAddress("127.0.0.1", port), registry, true);
  }

  /** The port {@code /metrics} is served on. */
  public int port() {
    return http.getPort();
  }

  @Override
  public void close() {
    http.close();
    registry.unregister(lagCollector);
    lag.close();
  }

  /** {@code SimpleclientService BOOTSTRAP_SERVERS [PORT]}: runs until the process is stopped. */
  public static void main(String[] args) throws Exception {
    String bootstrap = args.length > 0 ? args[0] : "127.0.0.1:9092";
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 8081;
    SimpleclientService service = new SimpleclientService(bootstrap, port, Duration.ofSeconds(15));
    Runtime.getRuntime().addShutdownHook(new Thread(service::close));
    System.out.println("metrics at http://127.0.0.1:" + service.port() + "/metrics");
    Thread.currentThread().join();
  }
}
