package io.klag.examples.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.klag.examples.exporter.ExporterConfig.Cluster;
import io.klag.examples.exporter.ExporterConfig.LogFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  private static final Function<String, String> NO_ENV = name -> null;

  private static ExporterConfig parse(String toml) {
    return ConfigLoader.parse(toml, "test.toml", NO_ENV);
  }

  private static String errorOf(String toml) {
    try {
      parse(toml);
    } catch (ConfigException e) {
      assertThat(e.getMessage()).doesNotContain("\n");
      return e.getMessage();
    }
    throw new AssertionError("expected a ConfigException for:\n" + toml);
  }

  private static final String MINIMAL = """
      [[clusters]]
      name = "a"
      bootstrap_servers = "127.0.0.1:9092"
      """;

  @Test
  void checkedInExampleLoadsWithDocumentedDefaults() {
    ExporterConfig c = ConfigLoader.load(Path.of("config.example.toml"), NO_ENV);
    ExporterConfig d = ExporterConfig.defaults(c.clusters());
    assertThat(c.pollInterval()).isEqualTo(d.pollInterval());
    assertThat(c.stalenessLimit()).isEqualTo(d.stalenessLimit());
    assertThat(c.retryBackoff()).isEqualTo(d.retryBackoff());
    assertThat(c.httpHost()).isEqualTo(d.httpHost()).isEqualTo("127.0.0.1");
    assertThat(c.httpPort()).isEqualTo(d.httpPort());
    assertThat(c.members()).isEqualTo(d.members());
    assertThat(c.membersMaxAge()).isEqualTo(d.membersMaxAge()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.startOffsets()).isEqualTo(d.startOffsets());
    assertThat(c.logFormat()).isEqualTo(d.logFormat());
    assertThat(c.logLevel()).isEqualTo(d.logLevel());
    assertThat(c.metrics()).isEqualTo(d.metrics());
    assertThat(c.timestampSampling()).isEqualTo(d.timestampSampling());
    assertThat(c.otlp()).isEmpty();
    Cluster local = c.clusters().get(0);
    assertThat(local.name()).isEqualTo("local");
    assertThat(local.properties())
        .containsEntry("bootstrap.servers", "127.0.0.1:9092")
        .containsEntry("client.id", "klag-exporter");
    assertThat(local.topicExclude()).containsExactly("__.*");
  }

  @Test
  void readsEverySetting() {
    ExporterConfig c = ConfigLoader.parse("""
        [exporter]
        poll_interval = "5s"
        staleness_limit = "2m"
        retry_backoff = "250ms"
        http_host = "0.0.0.0"
        http_port = 0
        members = false
        members_max_age = "90s"
        start_offsets = true
        log_format = "json"
        log_level = "DEBUG"
        [exporter.metrics]
        partition_metrics = false
        member_labels = true
        jvm_metrics = false
        prefix = "lag"
        partition_prefix = "part"
        self_prefix = "me"
        tags = { env = "prod" }
        [exporter.timestamp_sampling]
        enabled = false
        cache_ttl = "PT10S"
        max_partitions_per_cycle = 50
        time_budget = "2s"
        [exporter.otel]
        enabled = true
        endpoint = "http://127.0.0.1:4318/v1/metrics"
        export_interval = "1h"
        headers = { "Authorization" = "Bearer ${TOKEN}" }

        [[clusters]]
        name = "prod"
        bootstrap_servers = "k1:9092,k2:9092"
        group_include = ["orders-.*"]
        group_exclude = [".*-canary"]
        topic_include = ["orders"]
        topic_exclude = ["__.*"]
        read_committed = true
        [clusters.properties]
        "security.protocol" = "SASL_SSL"
        sasl.mechanism = "PLAIN"
        "request.timeout.ms" = 15000

        [[clusters]]
        name = "staging"
        [clusters.properties]
        "bootstrap.servers" = "s:9092"
        """, "t.toml", Map.of("TOKEN", "s3cret")::get);
    assertThat(c.pollInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.stalenessLimit()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.retryBackoff()).isEqualTo(Duration.ofMillis(250));
    assertThat(c.httpHost()).isEqualTo("0.0.0.0");
    assertThat(c.httpPort()).isZero();
    assertThat(c.members()).isFalse();
    assertThat(c.membersMaxAge()).isEqualTo(Duration.ofSeconds(90));
    assertThat(c.startOffsets()).isTrue();
    assertThat(c.logFormat()).isEqualTo(LogFormat.JSON);
    assertThat(c.logLevel()).isEqualTo("debug");
    assertThat(c.metrics()).isEqualTo(new ExporterConfig.Metrics(false, true, false, "lag", "part", "me", Map.of("env", "prod")));
    assertThat(c.timestampSampling()).isEqualTo(new ExporterConfig.TimestampSampling(false, Duration.ofSeconds(10), 50, Duration.ofSeconds(2)));
    assertThat(c.otlp()).hasValueSatisfying(o -> {
      assertThat(o.exportInterval()).isEqualTo(Duration.ofHours(1));
      assertThat(o.headers()).containsExactly(Map.entry("Authorization", "Bearer s3cret"));
      assertThat(o.resourceAttributes()).containsEntry("service.name", "klag-exporter");
    });
    assertThat(c.clusters()).extracting(Cluster::name).containsExactly("prod", "staging");
    Cluster prod = c.clusters().get(0);
    assertThat(prod.properties()).containsOnly(
        Map.entry("bootstrap.servers", "k1:9092,k2:9092"),
        Map.entry("security.protocol", "SASL_SSL"),
        Map.entry("sasl.mechanism", "PLAIN"),
        Map.entry("request.timeout.ms", "15000"));
    assertThat(prod.groupInclude()).containsExactly("orders-.*");
    assertThat(prod.groupExclude()).containsExactly(".*-canary");
    assertThat(prod.topicInclude()).containsExactly("orders");
    assertThat(prod.topicExclude()).containsExactly("__.*");
    assertThat(prod.readCommitted()).isTrue();
    assertThat(c.clusters().get(1).readCommitted()).isFalse();
    assertThat(c.clusters().get(1).properties()).containsEntry("bootstrap.servers", "s:9092");
  }

  @Test
  void substitutesEnvironmentVariablesWithDefaults() {
    ExporterConfig c = ConfigLoader.parse("""
        [exporter]
        http_port = "${PORT:-9100}"
        poll_interval = "${POLL}"
        [[clusters]]
        name = "${NAME:-fallback}"
        bootstrap_servers = "${HOST}:${KPORT:-9092}"
        [clusters.properties]
        "sasl.jaas.config" = "password=\\"${PW}\\" literal=$${PW}"
        """, "t.toml", Map.of("POLL", "10s", "HOST", "kafka", "PW", "pw", "NAME", "")::get);
    assertThat(c.httpPort()).isEqualTo(9100);
    assertThat(c.pollInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.clusters().get(0).name()).isEqualTo("fallback");
    assertThat(c.clusters().get(0).properties())
        .containsEntry("bootstrap.servers", "kafka:9092")
        .containsEntry("sasl.jaas.config", "password=\"pw\" literal=${PW}");
  }

  @Test
  void missingFileNamesThePath(@TempDir Path dir) {
    Path missing = dir.resolve("nope.toml");
    assertThatThrownBy(() -> ConfigLoader.load(missing, NO_ENV))
        .isInstanceOf(ConfigException.class)
        .hasMessage("config file not found: " + missing);
  }

  @Test
  void loadsFromFileAndNamesItInErrors(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("klag.toml");
    Files.writeString(file, MINIMAL + "bogus = 1\n");
    assertThatThrownBy(() -> ConfigLoader.load(file, NO_ENV))
        .hasMessageStartingWith(file + ": unknown key 'clusters[0].bogus'");
  }

  @Test
  void badTomlNamesLineAndColumn() {
    assertThat(errorOf("[exporter]\nhttp_port = = 3\n"))
        .startsWith("test.toml: invalid TOML at line 2, column");
  }

  @Test
  void unknownKeysAreReportedWithTheKnownOnes() {
    assertThat(errorOf("[exporter]\nhttp_prot = 1\n" + MINIMAL))
        .startsWith("test.toml: unknown key 'exporter.http_prot' in [exporter] (known keys: ")
        .contains("http_port");
    assertThat(errorOf("colour = 1\n" + MINIMAL))
        .startsWith("test.toml: unknown key 'colour' at the top level");
    assertThat(errorOf(MINIMAL + "[exporter.otel]\nenabeld = true\n"))
        .startsWith("test.toml: unknown key 'exporter.otel.enabeld' in [exporter.otel]");
  }

  @Test
  void badRegexNamesKeyAndPattern() {
    assertThat(errorOf(MINIMAL + "group_include = [\"ok\", \"orders-(\"]\n"))
        .startsWith("test.toml: clusters[0].group_include[1]: invalid regex 'orders-(': Unclosed group");
    assertThat(errorOf(MINIMAL + "topic_exclude = [\"[\"]\n"))
        .startsWith("test.toml: clusters[0].topic_exclude[0]: invalid regex '['");
  }

  @Test
  void missingEnvironmentVariableWithoutDefault() {
    assertThat(errorOf("[[clusters]]\nname = \"a\"\nbootstrap_servers = \"${KAFKA_HOSTS}\"\n"))
        .isEqualTo("test.toml: clusters[0].bootstrap_servers: environment variable KAFKA_HOSTS is not set"
            + " and has no default (write ${KAFKA_HOSTS:-default})");
  }

  @Test
  void portOutOfRange() {
    assertThat(errorOf("[exporter]\nhttp_port = 70000\n" + MINIMAL))
        .isEqualTo("test.toml: exporter.http_port: must be between 0 and 65535, was 70000");
    assertThat(errorOf("[exporter]\nhttp_port = -1\n" + MINIMAL))
        .isEqualTo("test.toml: exporter.http_port: must be between 0 and 65535, was -1");
    assertThat(errorOf("[exporter]\nhttp_port = \"eighty\"\n" + MINIMAL))
        .isEqualTo("test.toml: exporter.http_port: must be an integer, was 'eighty'");
  }

  @Test
  void otherBadValuesNameKeyAndValue() {
    assertThat(errorOf("[exporter]\npoll_interval = \"soon\"\n" + MINIMAL))
        .isEqualTo("test.toml: exporter.poll_interval: must be a duration such as \"30s\", \"500ms\" or \"5m\", was 'soon'");
    assertThat(errorOf("[exporter]\npoll_interval = 30\n" + MINIMAL))
        .startsWith("test.toml: exporter.poll_interval: must be a duration string");
    assertThat(errorOf("[exporter]\npoll_interval = \"0s\"\n" + MINIMAL))
        .isEqualTo("test.toml: exporter.poll_interval: must be a positive duration, was '0s'");
    assertThat(errorOf("[exporter]\nlog_format = \"xml\"\n" + MINIMAL))
        .isEqualTo("test.toml: exporter.log_format: must be \"text\" or \"json\", was 'xml'");
    assertThat(errorOf("[exporter]\nlog_level = \"loud\"\n" + MINIMAL))
        .startsWith("test.toml: exporter.log_level: must be one of");
    assertThat(errorOf("[exporter]\nmembers = \"yes\"\n" + MINIMAL))
        .isEqualTo("test.toml: exporter.members: must be true or false, was 'yes'");
    assertThat(errorOf(MINIMAL + "group_include = \"orders\"\n"))
        .isEqualTo("test.toml: clusters[0].group_include: must be an array of strings, was 'orders'");
    assertThat(errorOf(MINIMAL + "[exporter.otel]\nenabled = true\nendpoint = \"localhost:4318\"\n"))
        .isEqualTo("test.toml: exporter.otel.endpoint: must be an http:// or https:// URL, was 'localhost:4318'");
  }

  @Test
  void clustersAreRequiredAndValidated() {
    assertThat(errorOf("")).isEqualTo("test.toml: clusters: at least one [[clusters]] table is required");
    assertThat(errorOf("[[clusters]]\nbootstrap_servers = \"h:1\"\n"))
        .isEqualTo("test.toml: clusters[0].name: is required");
    assertThat(errorOf("[[clusters]]\nname = \"a\"\n"))
        .isEqualTo("test.toml: clusters[0].bootstrap_servers: is required");
    assertThat(errorOf(MINIMAL + MINIMAL))
        .isEqualTo("test.toml: clusters[1].name: duplicate cluster name, was 'a'");
    assertThat(errorOf(MINIMAL + "[clusters.properties]\n\"bootstrap.servers\" = \"x:1\"\n"))
        .startsWith("test.toml: clusters[0].bootstrap_servers: is set twice");
  }
}
