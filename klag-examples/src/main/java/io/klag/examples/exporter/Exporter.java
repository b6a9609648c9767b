package io.klag.examples.exporter;

import io.klag.Filter;
import io.klag.LagCollector;
import io.klag.examples.exporter.ExporterConfig.Cluster;
import io.klag.examples.exporter.ExporterConfig.Otlp;
import io.klag.micrometer.KlagMetrics;
import io.klag.spi.KafkaAccess;
import io.klag.spi.TimeLagEstimator;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.registry.otlp.OtlpConfig;
import io.micrometer.registry.otlp.OtlpMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone exporter: one {@link LagCollector} per configured cluster (each with its own
 * allow/deny lists), their snapshots bound into a Micrometer {@link PrometheusMeterRegistry}
 * through {@link KlagMetrics}, served over HTTP ({@code /metrics}, {@code /health}, {@code /ready})
 * and, when configured, pushed over OTLP.
 *
 * <pre>{@code
 * ExporterConfig config = ConfigLoader.load(Path.of("config.toml"));
 * try (Exporter exporter = Exporter.start(config)) {
 *   System.out.println("metrics at " + exporter.url("/metrics"));
 *   shutdownSignal.await();
 * } // stops collecting, flushes OTLP, closes the Kafka clients and the HTTP server
 * }</pre>
 */
public final class Exporter implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Exporter.class);

  private final Readiness readiness;
  private final PrometheusMeterRegistry prometheus;
  private @Nullable OtlpMeterRegistry otlp;
  private final List<AutoCloseable> jvmMetrics = new ArrayList<>();
  private final List<LagCollector> collectors = new ArrayList<>();
  private final List<KlagMetrics> bindings = new ArrayList<>();
  private @Nullable ExporterHttpServer http;

  private Exporter(ExporterConfig config) {
    readiness = new Readiness(config.clusters().stream().map(Cluster::name).toList());
    prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  private void open(ExporterConfig config, ClusterConnector connector) throws IOException {
    // bind first: a taken port fails before any Kafka client is created
    http = new ExporterHttpServer(config.httpHost(), config.httpPort(), prometheus, readiness::notReady);
    MeterRegistry target = prometheus;
    if (config.otlp().isPresent()) {
      otlp = otlpRegistry(config.otlp().get());
      target = new CompositeMeterRegistry(Clock.SYSTEM, List.of(prometheus, otlp));
    }
    if (config.metrics().jvmMetrics()) {
      bindJvmMetrics(target);
    }
    for (Cluster c : config.clusters()) {
      collectors.add(collector(config, c, connector));
    }
    for (LagCollector collector : collectors) {
      KlagMetrics metrics = lagMetrics(config.metrics(), collector);
      bindings.add(metrics);
      metrics.bindTo(target);
    }
    collectors.forEach(LagCollector::start);
  }

  /** Starts the exporter against real clusters through kafka-clients. */
  public static Exporter start(ExporterConfig config) {
    return start(config, ClusterConnector.KAFKA);
  }

  /**
   * Starts with the given connector; on failure, whatever was started is closed again.
   *
   * @throws ConfigException when a cluster's client properties are rejected
   * @throws UncheckedIOException when the HTTP address cannot be bound
   */
  static Exporter start(ExporterConfig config, ClusterConnector connector) {
    Exporter exporter = new Exporter(config);
    try {
      exporter.open(config, connector);
    } catch (IOException e) {
      exporter.close();
      throw new UncheckedIOException(
          "cannot listen on " + config.httpHost() + ":" + config.httpPort() + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      exporter.close();
      throw e;
    }
    log.info("klag exporter serving {} for cluster(s) {}, every {}", exporter.url("/metrics"),
        config.clusters().stream().map(Cluster::name).toList(),
        config.pollInterval().toString().substring(2).toLowerCase(java.util.Locale.ROOT));
    return exporter;
  }

  private LagCollector collector(ExporterConfig config, Cluster c, ClusterConnector connector) {
    KafkaAccess access = null;
    TimeLagEstimator timeLag = null;
    try {
      access = connector.access(c);
      timeLag = connector.timeLag(c, config.timestampSampling());
      LagCollector.Builder b = LagCollector.builder()
          .cluster(c.name(), access, timeLag)
          .interval(config.pollInterval())
          .stalenessLimit(config.stalenessLimit())
          .retryBackoff(config.retryBackoff())
          .members(config.members())
          .membersMaxAge(config.membersMaxAge())
          .startOffsets(config.startOffsets())
          .sink(readiness);
      c.groupInclude().forEach(r -> b.groups(Filter.include(r)));
      c.groupExclude().forEach(r -> b.groups(Filter.exclude(r)));
      c.topicInclude().forEach(r -> b.topics(Filter.include(r)));
      c.topicExclude().forEach(r -> b.topics(Filter.exclude(r)));
      return b.build();
    } catch (RuntimeException e) {
      closeQuietly(access);
      closeQuietly(timeLag);
      if (e instanceof IllegalArgumentException) {
        throw new ConfigException("cluster '" + c.name() + "': " + e.getMessage(), e);
      }
      throw e;
    }
  }

  private static KlagMetrics lagMetrics(ExporterConfig.Metrics m, LagCollector collector) {
    try {
      return KlagMetrics.builder(collector)
          .partitionSeries(m.partitionMetrics())
          .memberLabels(m.memberLabels())
          .prefix(m.prefix())
          .partitionPrefix(m.partitionPrefix())
          .selfPrefix(m.selfPrefix())
          .tags(m.tags().entrySet().stream().map(e -> Tag.of(e.getKey(), e.getValue())).toList())
          .build();
    } catch (IllegalArgumentException e) {
      throw new ConfigException("exporter.metrics: " + e.getMessage(), e);
    }
  }

  private void bindJvmMetrics(MeterRegistry registry) {
    JvmGcMetrics gc = new JvmGcMetrics();
    jvmMetrics.add(gc);
    for (MeterBinder b : new MeterBinder[] {new ClassLoaderMetrics(), new JvmMemoryMetrics(), gc,
        new JvmThreadMetrics(), new ProcessorMetrics(), new UptimeMetrics()}) {
      b.bindTo(registry);
    }
  }

  private static OtlpMeterRegistry otlpRegistry(Otlp otlp) {
    OtlpConfig config = new OtlpConfig() {
      @Override
      public @Nullable String get(String key) {
        return null;
      }

      @Override
      public String url() {
        return otlp.endpoint();
      }

      @Override
      public Duration step() {
        return otlp.exportInterval();
      }

      @Override
      public Map<String, String> headers() {
        return otlp.headers();
      }

      @Override
      public Map<String, String> resourceAttributes() {
        return otlp.resourceAttributes();
      }
    };
    return new OtlpMeterRegistry(config, Clock.SYSTEM);
  }

  /** The bound HTTP address (with the actual port when port 0 was configured). */
  public InetSocketAddress address() {
    return java.util.Objects.requireNonNull(http, "closed").address();
  }

  /** The URL of one of the exporter's paths, e.g. {@code url("/metrics")}. */
  public URI url(String path) {
    InetSocketAddress a = address();
    String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + a.getPort() + path);
  }

  /** The clusters that were never collected successfully yet; empty when {@code /ready} says 200. */
  public List<String> notReadyClusters() {
    return readiness.notReady();
  }

  /** The collectors, one per configured cluster, in configuration order. */
  public List<LagCollector> collectors() {
    return List.copyOf(collectors);
  }

  /**
   * Stops the HTTP server, stops collecting and closes the Kafka clients, flushes the OTLP
   * registry (its last push still has every series), then unregisters the meters. Idempotent.
   */
  @Override
  public synchronized void close() {
    closeQuietly(http);
    http = null;
    collectors.forEach(Exporter::closeQuietly);
    if (otlp != null) {
      otlp.close(); // publishes what is pending
      otlp = null;
    }
    bindings.forEach(Exporter::closeQuietly);
    bindings.clear();
    jvmMetrics.forEach(Exporter::closeQuietly);
    jvmMetrics.clear();
    prometheus.close();
  }

  private static void closeQuietly(@Nullable AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      log.warn("error while closing {}", c, e);
    }
  }
}
