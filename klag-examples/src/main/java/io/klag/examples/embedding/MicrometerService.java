package io.klag.examples.embedding;

import com.sun.net.httpserver.HttpServer;
import io.klag.LagCollector;
import io.klag.micrometer.KlagMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * A plain Java service that already owns a Micrometer {@link PrometheusMeterRegistry} and serves
 * it on {@code /metrics}, and adds klag-micrometer to it: the cluster's consumer-group lag appears
 * next to the service's own meters, in the same scrape.
 *
 * <pre>{@code
 * // what klag adds to the service: three statements
 * LagCollector lag = LagCollector.builder().kafkaCluster("main", kafkaProps).build().start();
 * KlagMetrics lagMetrics = KlagMetrics.builder(lag).build();
 * lagMetrics.bindTo(registry);
 * }</pre>
 *
 * <p>Run: {@code java -cp klag-exporter.jar io.klag.examples.embedding.MicrometerService 127.0.0.1:9092 8080}.
 */
public final class MicrometerService implements AutoCloseable {

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter requests;
  private final LagCollector lag;
  private final KlagMetrics lagMetrics;
  private final HttpServer http;

  /**
   * @param bootstrapServers the Kafka cluster to watch
   * @param port the HTTP port on 127.0.0.1 (0: any free port)
   * @param lagInterval how often klag collects
   */
  public MicrometerService(String bootstrapServers, int port, Duration lagInterval) throws IOException {
    // the service's own instrumentation
    requests = Counter.builder("service_requests").description("requests served").register(registry);

    // klag: collect lag periodically and publish it into the service's registry
    lag = LagCollector.builder()
        .kafkaCluster("main", Map.of("bootstrap.servers", bootstrapServers))
        .interval(lagInterval)
        .build()
        .start();
    lagMetrics = KlagMetrics.builder(lag).build();
    lagMetrics.bindTo(registry);

    // the service's existing /metrics endpoint, unchanged
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    http.createContext("/metrics", exchange -> {
      requests.increment();
      byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    http.start();
  }

  /** The port {@code /metrics} is served on. */
  public int port() {
    return http.getAddress().getPort();
  }

  /** Stops the HTTP server, then klag (its meters are removed), then the registry. */
  @Override
  public void close() {
    http.stop(0);
    lagMetrics.close();
    lag.close();
    registry.close();
  }

  /** {@code MicrometerService BOOTSTRAP_SERVERS [PORT]}: runs until the process is stopped. */
  public static void main(String[] args) throws Exception {
    String bootstrap = args.length > 0 ? args[0] : "127.0.0.1:9092";
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 8080;
    MicrometerService service = new MicrometerService(bootstrap, port, Duration.ofSeconds(15));
    Runtime.getRuntime().addShutdownHook(new Thread(service::close));
    System.out.println("metrics at http://127.0.0.1:" + service.port() + "/metrics");
    Thread.currentThread().join();
  }
}
