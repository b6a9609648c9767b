package io.klag.benchmarks;

import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/** Runs every benchmark of a class once, in-process, on a 100-entry fixture: {@code -f 0 -wi 0 -i 1 -r 100ms}. */
final class JmhSmoke {

  private JmhSmoke() {}

  static Collection<RunResult> run(Class<?> benchmarks) throws RunnerException {
    return new Runner(new OptionsBuilder()
        .include(benchmarks.getName() + "\\.")
        .param("entries", "100")
        .forks(0)
        .warmupIterations(0)
        .measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(100))
        .shouldFailOnError(true)
        .verbosity(VerboseMode.SILENT)
        .build()).run();
  }

  /** The benchmark's method name. */
  static String method(RunResult r) {
    String b = r.getParams().getBenchmark();
    return b.substring(b.lastIndexOf('.') + 1);
  }
}
