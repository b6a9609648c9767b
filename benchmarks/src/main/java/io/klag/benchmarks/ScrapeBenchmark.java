package io.klag.benchmarks;

import io.klag.GroupState;
import io.klag.GroupType;
import io.klag.LagCollector;
import io.klag.LagSnapshot;
import io.klag.micrometer.KlagMetrics;
import io.klag.prometheus.KlagCollector;
import io.klag.spi.InMemoryKafkaAccess;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scrape and publication cost of both adapters for a snapshot of {@code entries} partition
 * entries (10 per group), each exporting offset and lag series per partition plus the group,
 * topic and partition-offset series:
 *
 * <ul>
 *   <li>{@code micrometerScrape}: {@code PrometheusMeterRegistry.scrape()} with {@link KlagMetrics} bound;
 *   <li>{@code simpleclientScrape}: {@code TextFormat.write004} over a {@code CollectorRegistry}
 *       holding {@link KlagCollector};
 *   <li>{@code micrometerUpdateFewChanged}: {@link KlagMetrics#accept} of a snapshot whose series
 *       are those of the previous one, 1% of the lags changed;
 *   <li>{@code micrometerUpdateGroupsChurn}: the same when 10% of the groups went and as many new
 *       ones came (meters registered and removed).
 * </ul>
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar ScrapeBenchmark -f 1 -wi 2 -i 3 -prof gc
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class ScrapeBenchmark {

  /** The snapshots: base, base with 1% of lags changed, base with 10% of groups replaced. */
  @State(Scope.Benchmark)
  public static class Snapshots {
    /** 30 000 entries give ~108 000 series (3.6 per entry); 100 000 give ~360 000. */
    @Param({"30000", "100000"})
    int entries;

    LagSnapshot base;
    LagSnapshot fewChanged;
    LagSnapshot churned;

    @Setup(Level.Trial)
    public void setUp() {
      LagFixture fixture = LagFixture.of(entries, 10);
      InMemoryKafkaAccess kafka = fixture.inMemoryAccess();
      try (LagCollector collector = LagCollector.builder().cluster("bench", kafka).build()) {
        base = collector.collect();
        int groups = fixture.groups();
        for (int g = 0; g < groups; g += 10) { // 1 partition in 10 of every 10th group: 1% of entries
          kafka.commit(LagFixture.groupId(g), LagFixture.topic(g), 0, LagFixture.committed(g, 0) - 7);
        }
        fewChanged = collector.collect();
        for (int g = 0; g < groups; g += 10) { // 10% of the groups go, as many new ones come
          kafka.commit(LagFixture.groupId(g), LagFixture.topic(g), 0, LagFixture.committed(g, 0));
          kafka.deleteGroup(LagFixture.groupId(g));
          String id = "new-" + LagFixture.groupId(g);
          kafka.group(id, GroupType.CLASSIC, GroupState.STABLE);
          for (int p = 0; p < 10; p++) {
            kafka.commit(id, LagFixture.topic(g), p, LagFixture.committed(g, p));
          }
        }
        churned = collector.collect();
      }
    }
  }

  /** A Prometheus registry with KlagMetrics bound to the base snapshot. */
  @State(Scope.Benchmark)
  public static class Micrometer {
    PrometheusMeterRegistry registry;
    KlagMetrics metrics;

    @Setup(Level.Trial)
    public void setUp(Snapshots s) {
      registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      metrics = KlagMetrics.builder().build();
      metrics.accept(s.base);
      metrics.bindTo(registry);
      String text = registry.scrape();
      System.out.printf("%nmicrometer scrape: %d lines, %d bytes%n", text.lines().count(), text.length());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      metrics.close();
      registry.close();
    }
  }

  /** A CollectorRegistry holding KlagCollector over the base snapshot. */
  @State(Scope.Benchmark)
  public static class Simpleclient {
    CollectorRegistry registry;

    @Setup(Level.Trial)
    public void setUp(Snapshots s) throws IOException {
      registry = new CollectorRegistry();
      KlagCollector.builder(() -> s.base).build().register(registry);
      StringWriter w = new StringWriter();
      TextFormat.write004(w, registry.metricFamilySamples());
      System.out.printf("%nsimpleclient scrape: %d lines, %d bytes%n", w.toString().lines().count(), w.getBuffer().length());
    }
  }

  /** KlagMetrics bound to a registry, fed alternating snapshots with rising sequence numbers. */
  @State(Scope.Benchmark)
  public static class Updates {
    PrometheusMeterRegistry registry;
    KlagMetrics metrics;
    long sequence = 1_000;
    boolean flip;

    @Setup(Level.Trial)
    public void setUp(Snapshots s) {
      registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      metrics = KlagMetrics.builder().build();
      metrics.accept(s.base);
      metrics.bindTo(registry);
    }

    /** The next of two snapshots, renumbered so that KlagMetrics takes it as newer. */
    LagSnapshot next(LagSnapshot a, LagSnapshot b) {
      flip = !flip;
      return new LagSnapshot(++sequence, Instant.EPOCH, (flip ? b : a).clusters().values());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      metrics.close();
      registry.close();
    }
  }

  @Benchmark
  public String micrometerScrape(Micrometer m) {
    return m.registry.scrape();
  }

  @Benchmark
  public StringWriter simpleclientScrape(Simpleclient s) throws IOException {
    StringWriter w = new StringWriter(1 << 20);
    TextFormat.write004(w, s.registry.metricFamilySamples());
    return w;
  }

  @Benchmark
  public KlagMetrics micrometerUpdateFewChanged(Snapshots s, Updates u) {
    u.metrics.accept(u.next(s.base, s.fewChanged));
    return u.metrics;
  }

  @Benchmark
  public KlagMetrics micrometerUpdateGroupsChurn(Snapshots s, Updates u) {
    u.metrics.accept(u.next(s.base, s.churned));
    return u.metrics;
  }
}
