package io.klag.examples.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExporterHttpServerTest {

  private final HttpClient http = HttpClient.newHttpClient();
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicReference<List<String>> notReady = new AtomicReference<>(List.of("a", "b"));
  private ExporterHttpServer server;

  @BeforeEach
  void start() throws Exception {
    Gauge.builder("demo_lag", () -> 42).tag("group", "g1").register(registry);
    server = new ExporterHttpServer("127.0.0.1", 0, registry, notReady::get);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> get(String path, String accept) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + server.address().getPort() + path));
    if (accept != null) {
      b.header("Accept", accept);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void bindsTheLoopbackAddressOnAFreePort() {
    assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
    assertThat(server.address().getPort()).isPositive();
  }

  @Test
  void metricsDefaultToPrometheusText() throws Exception {
    HttpResponse<String> r = get("/metrics", null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(r.body()).contains("demo_lag{group=\"g1\"} 42.0").doesNotContain("# EOF");
  }

  @Test
  void metricsInOpenMetricsWhenAsked() throws Exception {
    // what Prometheus itself sends
    HttpResponse<String> r = get("/metrics",
        "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
            + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValue("application/openmetrics-text; version=1.0.0; charset=utf-8");
    assertThat(r.body()).contains("demo_lag{group=\"g1\"} 42.0").endsWith("# EOF\n");
  }

  @Test
  void metricsGzippedWhenAccepted() throws Exception {
    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.address().getPort() + "/metrics"))
        .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
    try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(r.body()))) {
      assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
          .contains("demo_lag{group=\"g1\"} 42.0");
    }
    assertThat(get("/metrics", null).headers().firstValue("Content-Encoding")).isEmpty();
  }

  @Test
  void healthIsAlways200() throws Exception {
    assertThat(get("/health", null).statusCode()).isEqualTo(200);
  }

  @Test
  void readyIs503NamingClustersUntilAllCollected() throws Exception {
    HttpResponse<String> r = get("/ready", null);
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body()).isEqualTo("not ready: no successful collection yet for cluster(s): a, b\n");
    notReady.set(List.of());
    r = get("/ready", null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("ready\n");
  }

  @Test
  void unknownPathsAndMethodsAreRefused() throws Exception {
    assertThat(get("/nope", null).statusCode()).isEqualTo(404);
    assertThat(get("/", null).body()).contains("href=\"metrics\"");
    HttpResponse<String> post = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.address().getPort() + "/metrics"))
        .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
  }
}
