package io.klag.examples.exporter;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The standalone exporter's settings, as read from a TOML file by {@link ConfigLoader} (see {@code
 * config.example.toml} for every key and its default).
 *
 * <pre>{@code
 * ExporterConfig config = ConfigLoader.load(Path.of("config.toml"));
 * try (Exporter exporter = Exporter.start(config)) {
 *   System.out.println("metrics at " + exporter.url("/metrics"));
 * }
 * }</pre>
 *
 * @param pollInterval time between two collections of one cluster ({@code exporter.poll_interval})
 * @param stalenessLimit how long a failing cluster keeps its last data ({@code exporter.staleness_limit})
 * @param retryBackoff first retry delay after a failed collection ({@code exporter.retry_backoff})
 * @param httpHost the address the HTTP server binds ({@code exporter.http_host})
 * @param httpPort the HTTP port, 0 for any free port ({@code exporter.http_port})
 * @param members whether to describe groups for member labels ({@code exporter.members})
 * @param membersMaxAge how long a group description is reused ({@code exporter.members_max_age})
 * @param startOffsets whether to read log start offsets too ({@code exporter.start_offsets})
 * @param logFormat text or JSON log lines ({@code exporter.log_format})
 * @param logLevel the level of klag's own loggers ({@code exporter.log_level})
 * @param metrics what the Prometheus/OTLP series look like ({@code [exporter.metrics]})
 * @param timestampSampling time-lag sampling ({@code [exporter.timestamp_sampling]})
 * @param otlp OTLP push export, when enabled ({@code [exporter.otel]})
 * @param clusters the clusters to watch ({@code [[clusters]]}), at least one
 */
public record ExporterConfig(
    Duration pollInterval,
    Duration stalenessLimit,
    Duration retryBackoff,
    String httpHost,
    int httpPort,
    boolean members,
    Duration membersMaxAge,
    boolean startOffsets,
    LogFormat logFormat,
    String logLevel,
    Metrics metrics,
    TimestampSampling timestampSampling,
    Optional<Otlp> otlp,
    List<Cluster> clusters) {

  public ExporterConfig {
    Objects.requireNonNull(pollInterval, "pollInterval");
    Objects.requireNonNull(stalenessLimit, "stalenessLimit");
    Objects.requireNonNull(retryBackoff, "retryBackoff");
    Objects.requireNonNull(membersMaxAge, "membersMaxAge");
    Objects.requireNonNull(httpHost, "httpHost");
    Objects.requireNonNull(logFormat, "logFormat");
    Objects.requireNonNull(logLevel, "logLevel");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(timestampSampling, "timestampSampling");
    Objects.requireNonNull(otlp, "otlp");
    clusters = List.copyOf(clusters);
  }

  /** The defaults of every exporter setting, with the given clusters: what an empty {@code [exporter]} means. */
  public static ExporterConfig defaults(List<Cluster> clusters) {
    return new ExporterConfig(
        Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofSeconds(1),
        "127.0.0.1", 9999, true, Duration.ofMinutes(5), false, LogFormat.TEXT, "info",
        Metrics.DEFAULT, TimestampSampling.DEFAULT, Optional.empty(), clusters);
  }

  /** This configuration with another HTTP address. */
  public ExporterConfig withHttp(String host, int port) {
    return new ExporterConfig(pollInterval, stalenessLimit, retryBackoff, host, port, members,
        membersMaxAge, startOffsets, logFormat, logLevel, metrics, timestampSampling, otlp, clusters);
  }

  /** This configuration with another poll interval. */
  public ExporterConfig withPollInterval(Duration interval) {
    return new ExporterConfig(interval, stalenessLimit, retryBackoff, httpHost, httpPort, members,
        membersMaxAge, startOffsets, logFormat, logLevel, metrics, timestampSampling, otlp, clusters);
  }

  /** Log line format. */
  public enum LogFormat {
    /** One human-readable line per event. */
    TEXT,
    /** One JSON object per line, for log shippers. */
    JSON
  }

  /**
   * One cluster to watch.
   *
   * @param name the {@code cluster_name} label value
   * @param properties kafka-clients properties, {@code bootstrap.servers} included (SASL/SSL here)
   * @param groupInclude group-id regexes to keep (empty: all)
   * @param groupExclude group-id regexes to drop (wins over include)
   * @param topicInclude topic regexes to keep (empty: all)
   * @param topicExclude topic regexes to drop (wins over include)
   * @param readCommitted whether lag is measured against the last stable offset (read_committed)
   */
  public record Cluster(
      String name,
      Map<String, String> properties,
      List<String> groupInclude,
      List<String> groupExclude,
      List<String> topicInclude,
      List<String> topicExclude,
      boolean readCommitted) {

    public Cluster {
      Objects.requireNonNull(name, "name");
      properties = Map.copyOf(properties);
      groupInclude = List.copyOf(groupInclude);
      groupExclude = List.copyOf(groupExclude);
      topicInclude = List.copyOf(topicInclude);
      topicExclude = List.copyOf(topicExclude);
    }

    /** Names the property keys but shows no values except the bootstrap servers: they may hold secrets. */
    @Override
    public String toString() {
      return "Cluster[name=" + name + ", bootstrap.servers=" + properties.get("bootstrap.servers")
          + ", properties=" + new java.util.TreeSet<>(properties.keySet()) + ", groupInclude=" + groupInclude
          + ", groupExclude=" + groupExclude + ", topicInclude=" + topicInclude + ", topicExclude="
          + topicExclude + ", readCommitted=" + readCommitted + "]";
    }

    /** A cluster with no filters and only {@code bootstrap.servers} set. */
    public static Cluster of(String name, String bootstrapServers) {
      return new Cluster(name, Map.of("bootstrap.servers", bootstrapServers),
          List.of(), List.of(), List.of(), List.of(), false);
    }
  }

  /**
   * The shape of the exported series.
   *
   * @param partitionMetrics whether per-partition series are exported (off bounds cardinality)
   * @param memberLabels whether partition series carry member_host, consumer_id and client_id
   * @param jvmMetrics whether the exporter's own JVM metrics are exported too
   * @param prefix prefix of the group series ({@code kafka_consumergroup})
   * @param partitionPrefix prefix of the partition offset series ({@code kafka_partition})
   * @param selfPrefix prefix of klag's self-metrics ({@code klag})
   * @param tags constant labels added to every lag series
   */
  public record Metrics(boolean partitionMetrics, boolean memberLabels, boolean jvmMetrics,
      String prefix, String partitionPrefix, String selfPrefix, Map<String, String> tags) {
    /** Partition series on, member labels off, JVM metrics on, the default prefixes, no tags. */
    public static final Metrics DEFAULT =
        new Metrics(true, false, true, "kafka_consumergroup", "kafka_partition", "klag", Map.of());

    public Metrics {
      Objects.requireNonNull(prefix, "prefix");
      Objects.requireNonNull(partitionPrefix, "partitionPrefix");
      Objects.requireNonNull(selfPrefix, "selfPrefix");
      tags = Map.copyOf(tags);
    }
  }

  /**
   * Time-lag estimation by reading the timestamp of the record at each committed offset.
   *
   * @param enabled whether time lag is estimated at all
   * @param cacheTtl how long a sampled timestamp is reused for the same offset
   * @param maxPartitionsPerCycle the most partitions read per cycle (the most lagging first)
   * @param timeBudget the longest time one cycle spends reading records
   */
  public record TimestampSampling(boolean enabled, Duration cacheTtl, int maxPartitionsPerCycle,
      Duration timeBudget) {
    /** Enabled, one-minute cache, 1000 partitions and 5 s per cycle. */
    public static final TimestampSampling DEFAULT =
        new TimestampSampling(true, Duration.ofSeconds(60), 1000, Duration.ofSeconds(5));
  }

  /**
   * OTLP (HTTP/protobuf) push of the same metrics.
   *
   * @param endpoint the collector's metrics URL, for example {@code http://127.0.0.1:4318/v1/metrics}
   * @param exportInterval time between two pushes
   * @param headers HTTP headers sent with every push (authentication)
   * @param resourceAttributes OpenTelemetry resource attributes ({@code service.name} defaults to klag-exporter)
   */
  public record Otlp(String endpoint, Duration exportInterval, Map<String, String> headers,
      Map<String, String> resourceAttributes) {
    /** Shows the header names only: their values are usually credentials. */
    @Override
    public String toString() {
      return "Otlp[endpoint=" + endpoint + ", exportInterval=" + exportInterval + ", headers="
          + new java.util.TreeSet<>(headers.keySet()) + ", resourceAttributes=" + resourceAttributes + "]";
    }

    public Otlp {
      Objects.requireNonNull(endpoint, "endpoint");
      Objects.requireNonNull(exportInterval, "exportInterval");
      headers = Map.copyOf(headers);
      resourceAttributes = Map.copyOf(resourceAttributes);
    }
  }
}
