package io.klag.examples.exporter;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.klag.examples.exporter.ExporterConfig.Cluster;
import io.klag.examples.exporter.ExporterConfig.LogFormat;
import io.klag.examples.exporter.ExporterConfig.Metrics;
import io.klag.examples.exporter.ExporterConfig.Otlp;
import io.klag.examples.exporter.ExporterConfig.TimestampSampling;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * Reads and validates the exporter's TOML configuration. String values may use {@code ${VAR}} and
 * {@code ${VAR:-default}}; unknown keys, bad values and unset variables fail with a {@link
 * ConfigException} whose one-line message names the file, the key and the value.
 *
 * <pre>{@code
 * ExporterConfig config = ConfigLoader.load(Path.of("config.toml"));          // real environment
 * ExporterConfig test = ConfigLoader.load(path, Map.of("KAFKA", "h:9092")::get); // given variables
 * }</pre>
 */
public final class ConfigLoader {

  private static final Set<String> LOG_LEVELS = Set.of("trace", "debug", "info", "warn", "error");

  private ConfigLoader() {}

  /** Loads {@code file}, substituting variables from the process environment. */
  public static ExporterConfig load(Path file) {
    return load(file, System::getenv);
  }

  /** Loads {@code file}, substituting variables from {@code env} (a name to value function, null if unset). */
  public static ExporterConfig load(Path file, Function<String, @Nullable String> env) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException("config file not found: " + file);
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e);
    }
    return parse(text, file.toString(), env);
  }

  /** Parses TOML text; {@code fileName} is used in error messages. */
  public static ExporterConfig parse(String toml, String fileName, Function<String, @Nullable String> env) {
    JsonNode root;
    try {
      root = new TomlMapper().readTree(toml);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new ConfigException(fileName + ": invalid TOML" + where + ": " + firstLine(e.getOriginalMessage()));
    }
    if (root == null || !root.isObject()) {
      root = new TomlMapper().createObjectNode();
    }
    TomlTable top = new TomlTable(fileName, "", (ObjectNode) root, new EnvSubstitution(env));
    ExporterConfig defaults = ExporterConfig.defaults(List.of());
    Optional<TomlTable> exporter = top.table("exporter");
    List<TomlTable> clusterTables = top.tables("clusters");
    top.rejectUnknownKeys();
    if (clusterTables.isEmpty()) {
      throw new ConfigException(fileName + ": clusters: at least one [[clusters]] table is required");
    }
    List<Cluster> clusters = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (TomlTable t : clusterTables) {
      Cluster c = cluster(t);
      if (!names.add(c.name())) {
        throw t.error("name", "duplicate cluster name", TomlTable.quote(c.name()));
      }
      clusters.add(c);
    }
    if (exporter.isEmpty()) {
      return ExporterConfig.defaults(clusters);
    }
    TomlTable e = exporter.get();
    Duration poll = e.duration("poll_interval", defaults.pollInterval());
    Duration staleness = e.duration("staleness_limit", defaults.stalenessLimit());
    Duration backoff = e.duration("retry_backoff", defaults.retryBackoff());
    String host = e.string("http_host", defaults.httpHost()).trim();
    if (host.isEmpty()) {
      throw e.error("http_host", "must not be empty");
    }
    int port = e.integer("http_port", defaults.httpPort(), 0, 65535);
    boolean members = e.bool("members", defaults.members());
    Duration membersMaxAge = e.duration("members_max_age", defaults.membersMaxAge());
    boolean startOffsets = e.bool("start_offsets", defaults.startOffsets());
    LogFormat format = logFormat(e);
    String level = e.string("log_level", defaults.logLevel()).trim().toLowerCase(Locale.ROOT);
    if (!LOG_LEVELS.contains(level)) {
      throw e.error("log_level", "must be one of trace, debug, info, warn, error", TomlTable.quote(level));
    }
    Metrics metrics = e.table("metrics").map(ConfigLoader::metrics).orElse(Metrics.DEFAULT);
    TimestampSampling sampling =
        e.table("timestamp_sampling").map(ConfigLoader::sampling).orElse(TimestampSampling.DEFAULT);
    Optional<Otlp> otlp = e.table("otel").flatMap(ConfigLoader::otlp);
    e.rejectUnknownKeys();
    return new ExporterConfig(poll, staleness, backoff, host, port, members, membersMaxAge, startOffsets, format, level,
        metrics, sampling, otlp, clusters);
  }

  private static LogFormat logFormat(TomlTable e) {
    String f = e.string("log_format", "text").trim();
    return switch (f.toLowerCase(Locale.ROOT)) {
      case "text" -> LogFormat.TEXT;
      case "json" -> LogFormat.JSON;
      default -> throw e.error("log_format", "must be \"text\" or \"json\"", TomlTable.quote(f));
    };
  }

  private static Cluster cluster(TomlTable t) {
    String name = t.optString("name").map(String::trim)
        .orElseThrow(() -> t.error("name", "is required"));
    if (name.isEmpty()) {
      throw t.error("name", "must not be empty");
    }
    Optional<String> bootstrap = t.optString("bootstrap_servers").map(String::trim);
    Map<String, String> props = new LinkedHashMap<>(t.stringMap("properties"));
    if (bootstrap.isPresent()) {
      if (props.containsKey("bootstrap.servers")) {
        throw t.error("bootstrap_servers", "is set twice: here and as properties.\"bootstrap.servers\"");
      }
      props.put("bootstrap.servers", bootstrap.get());
    }
    String servers = props.getOrDefault("bootstrap.servers", "").trim();
    if (servers.isEmpty()) {
      throw bootstrap.isPresent()
          ? t.error("bootstrap_servers", "must not be empty")
          : t.error("bootstrap_servers", "is required");
    }
    Cluster c = new Cluster(name, props,
        regexes(t, "group_include"), regexes(t, "group_exclude"),
        regexes(t, "topic_include"), regexes(t, "topic_exclude"),
        t.bool("read_committed", false));
    t.rejectUnknownKeys();
    return c;
  }

  private static List<String> regexes(TomlTable t, String key) {
    List<String> list = t.strings(key);
    for (int i = 0; i < list.size(); i++) {
      try {
        Pattern.compile(list.get(i));
      } catch (PatternSyntaxException e) {
        throw t.error(key + "[" + i + "]", "invalid regex " + TomlTable.quote(list.get(i)) + ": "
            + e.getDescription() + (e.getIndex() >= 0 ? " near index " + e.getIndex() : ""));
      }
    }
    return list;
  }

  private static Metrics metrics(TomlTable t) {
    Metrics d = Metrics.DEFAULT;
    Metrics m = new Metrics(
        t.bool("partition_metrics", d.partitionMetrics()),
        t.bool("member_labels", d.memberLabels()),
        t.bool("jvm_metrics", d.jvmMetrics()),
        t.string("prefix", d.prefix()),
        t.string("partition_prefix", d.partitionPrefix()),
        t.string("self_prefix", d.selfPrefix()),
        t.stringMap("tags"));
    t.rejectUnknownKeys();
    return m;
  }

  private static TimestampSampling sampling(TomlTable t) {
    TimestampSampling d = TimestampSampling.DEFAULT;
    TimestampSampling s = new TimestampSampling(
        t.bool("enabled", d.enabled()),
        t.duration("cache_ttl", d.cacheTtl()),
        t.integer("max_partitions_per_cycle", d.maxPartitionsPerCycle(), 1, Integer.MAX_VALUE),
        t.duration("time_budget", d.timeBudget()));
    t.rejectUnknownKeys();
    return s;
  }

  private static Optional<Otlp> otlp(TomlTable t) {
    boolean enabled = t.bool("enabled", false);
    String endpoint = t.string("endpoint", "http://127.0.0.1:4318/v1/metrics").trim();
    Duration interval = t.duration("export_interval", Duration.ofSeconds(60));
    Map<String, String> headers = t.stringMap("headers");
    Map<String, String> attributes = new LinkedHashMap<>(t.stringMap("resource_attributes"));
    t.rejectUnknownKeys();
    if (!enabled) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(endpoint);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
        throw t.error("endpoint", "must be an http:// or https:// URL", TomlTable.quote(endpoint));
      }
    } catch (URISyntaxException ex) {
      throw t.error("endpoint", "must be an http:// or https:// URL", TomlTable.quote(endpoint));
    }
    attributes.putIfAbsent("service.name", "klag-exporter");
    return Optional.of(new Otlp(endpoint, interval, headers, attributes));
  }

  private static String firstLine(@Nullable String s) {
    if (s == null) {
      return "syntax error";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
