package io.klag.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.RunnerException;

/** Smoke run: the benchmarks still start and produce a result (no timing is asserted). */
class LagCycleBenchmarkTest {

  @Test
  void runsBothBenchmarksOnATinyFixture() throws RunnerException {
    Collection<RunResult> results = JmhSmoke.run(LagCycleBenchmark.class);

    assertThat(results).extracting(JmhSmoke::method).containsExactlyInAnyOrder("collect", "collectPrecomputed");
    assertThat(results).allSatisfy(r -> assertThat(r.getPrimaryResult().getSampleCount()).isPositive());
  }
}
