package io.klag.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.klag.testkit.EmbeddedKafkaCluster;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The entry point as users run it: a child JVM with the test class path. */
class DemoTest {

  /** What the exporter may take from SIGTERM to exit (the issue: "within a few seconds"). */
  private static final Duration EXIT_LIMIT = Duration.ofSeconds(10);

  @TempDir static Path dir;

  private static final String VALID_CLUSTER = """
      [[clusters]]
      name = "a"
      bootstrap_servers = "127.0.0.1:9092"
      """;

  static Stream<Arguments> badConfigs() {
    return Stream.of(
        Arguments.of("missing file", null, "config file not found: "),
        Arguments.of("bad TOML", "[exporter\nhttp_port = 1\n", "invalid TOML at line 1"),
        Arguments.of("unknown key", "[exporter]\nhttp_prot = 1\n" + VALID_CLUSTER,
            "unknown key 'exporter.http_prot' in [exporter]"),
        Arguments.of("bad regex", VALID_CLUSTER + "group_include = [\"orders-(\"]\n",
            "clusters[0].group_include[0]: invalid regex 'orders-(': Unclosed group"),
        Arguments.of("missing env var", "[[clusters]]\nname = \"a\"\nbootstrap_servers = \"${KLAG_TEST_UNSET_VAR}\"\n",
            "clusters[0].bootstrap_servers: environment variable KLAG_TEST_UNSET_VAR is not set and has no default"),
        Arguments.of("port out of range", "[exporter]\nhttp_port = 70000\n" + VALID_CLUSTER,
            "exporter.http_port: must be between 0 and 65535, was 70000"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badConfigs")
  void badConfigurationIsOneLineAndExitCode2(String name, String toml, String expected) throws Exception {
    Path file = dir.resolve(name.replace(' ', '-') + ".toml");
    if (toml != null) {
      Files.writeString(file, toml);
    }
    Result r = runToEnd("--config", file.toString());
    assertThat(r.exitCode).isEqualTo(2);
    assertThat(r.stderrLines()).hasSize(1);
    assertThat(r.stderr).startsWith("klag: config error: " + (toml == null ? "" : file + ": "))
        .contains(expected)
        .doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(r.stdout).isEmpty();
  }

  @Test
  void stackTracesOnlyWhenAsked() throws Exception {
    Result r = runToEnd("--config", dir.resolve("absent.toml").toString(), "--stack-traces");
    assertThat(r.exitCode).isEqualTo(2);
    assertThat(r.stderrLines().get(0)).startsWith("klag: config error: config file not found: ");
    assertThat(r.stderr).contains("io.klag.examples.exporter.ConfigException").contains("\tat ");
  }

  @Test
  void badCommandLineIsExitCode2() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Demo.run(new String[] {"--colour"}, new PrintStream(out, true), new PrintStream(err, true));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("klag: error: unknown option '--colour' (see --help)" + System.lineSeparator());
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void helpIsExitCode0() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = Demo.run(new String[] {"--help"}, new PrintStream(out, true), System.err);
    assertThat(code).isZero();
    assertThat(out.toString()).contains("--config FILE").contains("/metrics");
  }

  @Test
  void sigtermStopsTheExporterAndExitsWith0WithJsonLogs() throws Exception {
    EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.shared();
    Path file = dir.resolve("sigterm.toml");
    Files.writeString(file, """
        [exporter]
        http_port = 0
        poll_interval = "1s"
        [[clusters]]
        name = "child"
        bootstrap_servers = "%s"
        """.formatted(kafka.bootstrapServers()));
    Process p = start("--config", file.toString(), "--log-format", "json");
    try {
      BufferedReader stdout = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      CompletableFuture<String> stderr = drain(p);
      String line = stdout.readLine();
      assertThat(line).as("first stdout line; stderr: %s", stderr).isNotNull();
      Matcher m = Pattern.compile("metrics at (http://\\S+)/metrics").matcher(line);
      assertThat(m.find()).as(line).isTrue();
      URI ready = URI.create(m.group(1) + "/ready");
      await().atMost(Duration.ofSeconds(30)).until(() -> Scrape.get(ready).statusCode() == 200);

      long t0 = System.nanoTime();
      p.toHandle().destroy(); // SIGTERM (Process.destroy would also close our end of its pipes)
      assertThat(p.waitFor(EXIT_LIMIT.toSeconds(), TimeUnit.SECONDS)).as("exited within " + EXIT_LIMIT).isTrue();
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(p.exitValue()).as("exit code; stderr: %s", stderr.get()).isZero();
      assertThat(stderr.get()).contains("SIGTERM received").doesNotContain("ERROR");
      assertThat(stderr.get().lines()).as("JSON log lines").isNotEmpty()
          .allSatisfy(l -> assertThat(l).startsWith("{").endsWith("}").contains("\"level\":"));
      System.out.println("DemoTest: exporter exited " + ms + " ms after SIGTERM");
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void aSecondSignalExitsAtOnceWhileShutdownIsStuck() throws Exception {
    EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.shared();
    try (java.net.ServerSocket blackHole = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
      java.util.concurrent.CountDownLatch flushStarted = new java.util.concurrent.CountDownLatch(1);
      List<java.net.Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            held.add(blackHole.accept()); // never answers: the OTLP flush at shutdown hangs
            flushStarted.countDown();
          }
        } catch (java.io.IOException e) {
          // closed
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      Path file = dir.resolve("stuck.toml");
      Files.writeString(file, """
          [exporter]
          http_port = 0
          poll_interval = "1s"
          [exporter.otel]
          enabled = true
          endpoint = "http://127.0.0.1:%d/v1/metrics"
          export_interval = "1h"
          [[clusters]]
          name = "child"
          bootstrap_servers = "%s"
          """.formatted(blackHole.getLocalPort(), kafka.bootstrapServers()));
      Process p = start("--config", file.toString());
      try {
        BufferedReader stdout = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> stderr = drain(p);
        String line = stdout.readLine();
        assertThat(line).as("first stdout line; stderr: %s", stderr).contains("metrics at");
        p.toHandle().destroy();
        assertThat(flushStarted.await(30, TimeUnit.SECONDS)).as("the OTLP flush started").isTrue();
        assertThat(p.isAlive()).isTrue();
        p.toHandle().destroy();
        assertThat(p.waitFor(EXIT_LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(128 + 15);
        assertThat(stderr.get()).contains("second SIGTERM, exiting now");
      } finally {
        p.destroyForcibly();
        for (java.net.Socket s : held) {
          s.close();
        }
      }
    }
  }

  // ---- child process plumbing

  record Result(int exitCode, String stdout, String stderr) {
    List<String> stderrLines() {
      return stderr.lines().toList();
    }
  }

  private static Result runToEnd(String... args) throws Exception {
    Process p = start(args);
    CompletableFuture<String> err = drain(p);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out, err.get());
  }

  private static CompletableFuture<String> drain(Process p) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      } catch (java.io.IOException e) {
        return "<" + e + ">";
      }
    });
  }

  static Process start(String... args) throws Exception {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-cp", cp, Demo.class.getName()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    Map<String, String> env = pb.environment();
    env.remove("KLAG_TEST_UNSET_VAR");
    env.remove("CLASSPATH");
    return pb.start();
  }

}
