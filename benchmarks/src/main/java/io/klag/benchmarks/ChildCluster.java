package io.klag.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A {@link BenchmarkCluster} in a child JVM on the same class path; stops when closed or when this JVM exits. */
final class ChildCluster implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

  private final Process process;
  private final String bootstrapServers;
  private final Path log;

  private ChildCluster(Process process, String bootstrapServers, Path log) {
    this.process = process;
    this.bootstrapServers = bootstrapServers;
    this.log = log;
  }

  static ChildCluster start(int brokers, String heap) throws IOException, InterruptedException {
    Path log = Files.createTempFile("klag-bench-cluster", ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(List.of(java, "-Xmx" + heap, "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"), BenchmarkCluster.class.getName(), Integer.toString(brokers)))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      for (String line : Files.readAllLines(log)) {
        if (line.startsWith("BOOTSTRAP=")) {
          return new ChildCluster(p, line.substring("BOOTSTRAP=".length()).trim(), log);
        }
      }
      if (!p.isAlive()) {
        throw new IllegalStateException("cluster JVM exited with " + p.exitValue() + "; see " + log);
      }
      Thread.sleep(200);
    }
    p.destroyForcibly();
    throw new IllegalStateException("cluster not ready within " + START_TIMEOUT + "; see " + log);
  }

  String bootstrapServers() {
    return bootstrapServers;
  }

  Path log() {
    return log;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    process.getOutputStream().close();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
