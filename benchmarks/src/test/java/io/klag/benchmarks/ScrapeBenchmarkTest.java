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
import org.openjdk.jmh.runner.options.VerboseMode;

/** Smoke run: the scrape benchmarks still start and produce a result (no timing is asserted). */
class ScrapeBenchmarkTest {

  @Test
  void runsEveryScrapeBenchmarkOnATinySnapshot() throws RunnerException {
    Options options = new OptionsBuilder()
        .include(ScrapeBenchmark.class.getName() + "\\.")
        .param("entries", "100")
        .forks(0)
        .warmupIterations(0)
        .measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(100))
        .shouldFailOnError(true)
        .verbosity(VerboseMode.SILENT)
        .build();

    Collection<RunResult> results = new Runner(options).run();

    assertThat(results).extracting(r -> r.getParams().getBenchmark().replace(ScrapeBenchmark.class.getName() + ".", ""))
        .containsExactlyInAnyOrder(
            "micrometerScrape", "simpleclientScrape", "micrometerUpdateFewChanged", "micrometerUpdateGroupsChurn");
    assertThat(results).allSatisfy(r -> assertThat(r.getPrimaryResult().getSampleCount()).isPositive());
  }
}
