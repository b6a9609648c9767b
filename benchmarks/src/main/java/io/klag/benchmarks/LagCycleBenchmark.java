package io.klag.benchmarks;

import io.klag.LagCollector;
import io.klag.LagSnapshot;
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
 * One collection cycle ({@link LagCollector#collect()}: read, calculate lag, build and publish the
 * immutable snapshot) over {@code entries} committed partition entries, 10 per group, with the
 * collector's default settings.
 *
 * <ul>
 *   <li>{@code collect}: over {@link io.klag.spi.InMemoryKafkaAccess}, whose reads copy the state;
 *   <li>{@code collectPrecomputed}: over an access returning ready immutable results, so only
 *       klag's own work is measured.
 * </ul>
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar LagCycleBenchmark -f 1 -wi 2 -i 3 -prof gc
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class LagCycleBenchmark {

  @Param({"10000", "100000", "1000000"})
  int entries;

  @Param({"10"})
  int partitionsPerGroup;

  private LagCollector inMemory;
  private LagCollector precomputed;

  @Setup(Level.Trial)
  public void setUp() {
    LagFixture fixture = LagFixture.of(entries, partitionsPerGroup);
    inMemory = LagCollector.builder().cluster("bench", fixture.inMemoryAccess()).build();
    precomputed = LagCollector.builder().cluster("bench", fixture.precomputedAccess()).build();
    check(inMemory.collect(), fixture);
    check(precomputed.collect(), fixture);
  }

  private static void check(LagSnapshot s, LagFixture fixture) {
    int n = s.cluster("bench").orElseThrow().partitionLagCount();
    if (n != fixture.entries()) {
      throw new IllegalStateException("expected " + fixture.entries() + " partition entries, got " + n);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    inMemory.close();
    precomputed.close();
  }

  @Benchmark
  public LagSnapshot collect() {
    return inMemory.collect();
  }

  @Benchmark
  public LagSnapshot collectPrecomputed() {
    return precomputed.collect();
  }
}
