package io.klag.examples.exporter;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;

/**
 * The exporter's HTTP endpoints on the JDK's own server: {@code /metrics} (Prometheus text 0.0.4,
 * or OpenMetrics 1.0.0 when the {@code Accept} header asks for it; gzip when accepted), {@code
 * /health} (always 200),
 * {@code /ready} (503 naming the clusters not collected yet, then 200) and an index at {@code /}.
 */
final class ExporterHttpServer implements AutoCloseable {

  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  static final String OPENMETRICS_TEXT = "application/openmetrics-text; version=1.0.0; charset=utf-8";

  private static final Logger log = LoggerFactory.getLogger(ExporterHttpServer.class);

  private final HttpServer server;
  private final ExecutorService executor;
  private final PrometheusMeterRegistry registry;
  private final Supplier<List<String>> notReady;

  /**
   * Binds {@code host:port} (port 0: any free port) and starts serving.
   *
   * @throws IOException if the address cannot be bound
   */
  ExporterHttpServer(String host, int port, PrometheusMeterRegistry registry, Supplier<List<String>> notReady)
      throws IOException {
    this.registry = registry;
    this.notReady = notReady;
    this.server = HttpServer.create(new InetSocketAddress(host, port), 32);
    AtomicInteger n = new AtomicInteger();
    this.executor = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "klag-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The bound address (with the actual port when 0 was asked for). */
  InetSocketAddress address() {
    return server.getAddress();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        respond(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n");
        return;
      }
      switch (path) {
        case "/metrics" -> metrics(exchange);
        case "/health" -> respond(exchange, 200, "text/plain; charset=utf-8", "ok\n");
        case "/ready" -> ready(exchange);
        case "/" -> respond(exchange, 200, "text/html; charset=utf-8", """
            <html><head><title>klag exporter</title></head><body><h1>klag exporter</h1><ul>
            <li><a href="metrics">/metrics</a> Prometheus metrics</li>
            <li><a href="health">/health</a> liveness</li>
            <li><a href="ready">/ready</a> readiness</li>
            </ul></body></html>
            """);
        default -> respond(exchange, 404, "text/plain; charset=utf-8", "not found: " + path + "\n");
      }
    } catch (RuntimeException e) {
      log.warn("HTTP {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
      throw e;
    }
  }

  private void metrics(HttpExchange exchange) throws IOException {
    String contentType = negotiate(exchange.getRequestHeaders().getFirst("Accept"));
    byte[] body = registry.scrape(contentType).getBytes(StandardCharsets.UTF_8);
    String encoding = exchange.getRequestHeaders().getFirst("Accept-Encoding");
    if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("gzip")) {
      ByteArrayOutputStream zipped = new ByteArrayOutputStream(body.length / 4 + 64);
      try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
        gz.write(body);
      }
      body = zipped.toByteArray();
      exchange.getResponseHeaders().set("Content-Encoding", "gzip");
    }
    respond(exchange, 200, contentType, body);
  }

  /** OpenMetrics when the scraper lists it in Accept, the Prometheus text format otherwise. */
  static String negotiate(@Nullable String accept) {
    if (accept != null && accept.toLowerCase(Locale.ROOT).contains("application/openmetrics-text")) {
      return OPENMETRICS_TEXT;
    }
    return PROMETHEUS_TEXT;
  }

  private void ready(HttpExchange exchange) throws IOException {
    List<String> waiting = notReady.get();
    if (waiting.isEmpty()) {
      respond(exchange, 200, "text/plain; charset=utf-8", "ready\n");
    } else {
      respond(exchange, 503, "text/plain; charset=utf-8",
          "not ready: no successful collection yet for cluster(s): " + String.join(", ", waiting) + "\n");
    }
  }

  private static void respond(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    respond(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  private static void respond(HttpExchange exchange, int status, String contentType, byte[] bytes)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** Stops accepting, closes open exchanges and stops the threads. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
