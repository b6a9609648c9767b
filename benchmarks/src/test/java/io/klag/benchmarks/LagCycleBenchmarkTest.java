package io.klag.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Smoke run: the benchmarks still start and produce a result (no timing is asserted). */
class LagCycleBenchmarkTest {

  @Test
  void runsBothBenchmarksOnATinyFixture() throws RunnerException {
    Options options = new OptionsBuilder()
        .include(LagCycleBenchmark.class.getName() + "\\.")
        .param("entries", "100")
        .forks(0)
        .warmupIterations(0)
        .measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(100))
        .shouldFailOnError(true)
        .verbosity(org.openjdk.jmh.runner.options.VerboseMode.SILENT)
        .build();

    Collection<RunResult> results = new Runner(options).run();

    assertThat(results).extracting(r -> r.getParams().getBenchmark())
        .containsExactlyInAnyOrder(
            LagCycleBenchmark.class.getName() + ".collect",
            LagCycleBenchmark.class.getName() + ".collectPrecomputed");
    assertThat(results).allSatisfy(r -> assertThat(r.getPrimaryResult().getSampleCount()).isPositive());
  }
}
