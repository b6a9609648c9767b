package io.klag.examples;

import io.klag.ClusterLag;
import io.klag.GroupLag;
import io.klag.LagCollector;
import io.klag.examples.CommandLine.UsageException;
import io.klag.examples.exporter.ConfigException;
import io.klag.examples.exporter.ConfigLoader;
import io.klag.examples.exporter.Exporter;
import io.klag.examples.exporter.ExporterConfig;
import io.klag.examples.exporter.ExporterConfig.Cluster;
import io.klag.examples.exporter.Logging;
import io.klag.testkit.EmbeddedKafkaCluster;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The klag exporter's entry point (the runnable jar's main class).
 *
 * <p>Without arguments it runs the demo: an in-process Kafka broker (klag-testkit), demo topics,
 * producers and four consumer groups (healthy, slow, stopped, KIP-848; see {@link DemoWorkload}),
 * and the standalone {@link Exporter} watching them on {@code http://127.0.0.1:9999} (or any free
 * port if 9999 is taken). Ctrl-C stops everything and deletes the broker's temporary data.
 *
 * <p>With {@code --config FILE} it runs the exporter against the clusters in the TOML file
 * instead (see {@code config.example.toml}).
 *
 * <pre>{@code
 * java -jar klag-examples/target/klag-exporter.jar                       # the demo
 * java -jar klag-examples/target/klag-exporter.jar --config config.toml  # real clusters
 * }</pre>
 *
 * <p>Exit codes: 0 after SIGTERM/SIGINT, 1 on a runtime failure, 2 on a bad command line or
 * configuration (one line on standard error; {@code --stack-traces} adds the stack trace).
 */
public final class Demo {

  /** The demo's HTTP port when it is free. */
  static final int DEMO_PORT = 9999;
  static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);
  static final Duration DEMO_POLL_INTERVAL = Duration.ofSeconds(2);
  static final Duration PRINT_EVERY = Duration.ofSeconds(6);

  private Demo() {}

  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    System.out.flush();
    System.exit(code);
  }

  /** Runs the command line and returns the exit code; blocks until a signal unless it fails first. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    CommandLine cli;
    try {
      cli = CommandLine.parse(args);
    } catch (UsageException e) {
      err.println("klag: error: " + e.getMessage());
      return 2;
    }
    if (cli.help()) {
      out.print(CommandLine.USAGE);
      return 0;
    }
    try {
      return cli.config().isPresent() ? runExporter(cli, out) : runDemo(cli, out);
    } catch (ConfigException e) {
      err.println("klag: config error: " + oneLine(e));
      if (cli.stackTraces()) {
        e.printStackTrace(err);
      }
      return 2;
    } catch (Exception e) {
      err.println("klag: error: " + oneLine(e));
      if (cli.stackTraces()) {
        e.printStackTrace(err);
      }
      return 1;
    }
  }

  private static int runExporter(CommandLine cli, PrintStream out) throws InterruptedException {
    ExporterConfig config = ConfigLoader.load(cli.config().orElseThrow());
    Logging.configure(cli.logFormat().orElse(config.logFormat()), config.logLevel());
    ShutdownSignal signal = ShutdownSignal.install(SHUTDOWN_GRACE);
    try (Exporter exporter = Exporter.start(config)) {
      out.println("klag exporter: metrics at " + exporter.url("/metrics") + " (Ctrl-C to stop)");
      out.flush();
      signal.await();
    }
    return 0;
  }

  @SuppressWarnings("try") // the workload only needs to run while the demo shows
  private static int runDemo(CommandLine cli, PrintStream out) throws InterruptedException {
    cli.logFormat().ifPresent(f -> Logging.configure(f, "info"));
    ShutdownSignal signal = ShutdownSignal.install(SHUTDOWN_GRACE);
    out.println("klag demo: starting an in-process Kafka broker ...");
    out.flush();
    try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.start(1);
        Exporter exporter = startDemoExporter(kafka.bootstrapServers(), cli.port().orElse(DEMO_PORT));
        DemoWorkload workload = DemoWorkload.start(kafka.bootstrapServers(), kafka::createTopic)) {
      LagCollector collector = exporter.collectors().get(0);
      boolean stopped = false;
      while (!stopped && !demoReady(exporter, collector)) {
        stopped = signal.await(Duration.ofMillis(50));
      }
      if (!stopped) {
        showDemo(out, kafka, exporter, collector, signal);
      }
      out.println("klag demo: stopping ...");
      out.flush();
    }
    out.println("klag demo: stopped; temporary Kafka data deleted.");
    out.flush();
    return 0;
  }

  /** Ready: {@code /ready} says 200 and every demo group is in the exporter's data. */
  private static boolean demoReady(Exporter exporter, LagCollector collector) {
    return exporter.notReadyClusters().isEmpty()
        && collector.latest().cluster("demo").orElseThrow().groups().keySet().containsAll(DemoWorkload.GROUPS);
  }

  @SuppressWarnings("try") // the subscription only needs to be open while we wait
  private static void showDemo(PrintStream out, EmbeddedKafkaCluster kafka, Exporter exporter,
      LagCollector collector, ShutdownSignal signal) throws InterruptedException {
    long sinceJvmStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    out.printf("""
        klag demo: ready %.1f s after JVM start (Kafka at %s)
          metrics: %s
          ready:   %s
          health:  %s
          groups:  demo-healthy keeps up; demo-slow falls behind at each peak and catches up;
                   demo-stopped stopped consuming after %d s (lag keeps growing);
                   demo-kip848 uses the KIP-848 consumer protocol
          try:     curl -s %s | grep sum_lag
        Lag every %d s below. Ctrl-C stops everything and deletes the temporary data.
        """, sinceJvmStart / 1000.0, kafka.bootstrapServers(), exporter.url("/metrics"),
        exporter.url("/ready"), exporter.url("/health"), DemoWorkload.STOPPED_AFTER.toSeconds(),
        exporter.url("/metrics"), PRINT_EVERY.toSeconds());
    out.flush();
    long[] lastPrint = {0};
    try (LagCollector.Subscription s = collector.subscribe(snapshot -> {
      long now = System.nanoTime();
      if (now - lastPrint[0] >= PRINT_EVERY.toNanos() - DEMO_POLL_INTERVAL.toNanos() / 2) {
        lastPrint[0] = now;
        snapshot.cluster("demo").ifPresent(c -> {
          out.println("  lag: " + summary(c));
          out.flush();
        });
      }
    })) {
      signal.await();
    }
  }

  /** The exporter on the demo cluster: on {@code port} if free, else on any free port. */
  static Exporter startDemoExporter(String bootstrapServers, int port) {
    ExporterConfig config = demoConfig(bootstrapServers, port);
    try {
      return Exporter.start(config);
    } catch (UncheckedIOException e) {
      if (port == 0) {
        throw e;
      }
      return Exporter.start(config.withHttp(config.httpHost(), 0));
    }
  }

  /** The demo's exporter settings: cluster "demo", a 2 s poll interval, the other defaults. */
  static ExporterConfig demoConfig(String bootstrapServers, int port) {
    return ExporterConfig.defaults(List.of(Cluster.of("demo", bootstrapServers)))
        .withPollInterval(DEMO_POLL_INTERVAL)
        .withHttp("127.0.0.1", port);
  }

  /** {@code demo-healthy=3 demo-slow=120 ...}: each group's summed lag, with time lag where known. */
  static String summary(ClusterLag cluster) {
    return cluster.groups().values().stream().map(Demo::summary).collect(Collectors.joining("  "));
  }

  private static String summary(GroupLag g) {
    String time = g.maxTimeLag().filter(d -> !d.isZero()).map(d -> String.format(" (%.1f s)", d.toMillis() / 1000.0))
        .orElse("");
    return g.groupId() + "=" + g.sumLag() + time;
  }

  private static String oneLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
    Throwable cause = e.getCause();
    if (cause != null && cause.getMessage() != null && !m.contains(cause.getMessage())) {
      m += ": " + cause.getMessage();
    }
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
