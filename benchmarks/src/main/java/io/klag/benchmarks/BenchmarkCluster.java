package io.klag.benchmarks;

import io.klag.testkit.EmbeddedKafkaCluster;
import java.io.IOException;

/**
 * Runs a klag-testkit Kafka cluster in its own JVM for {@link CollectionBenchmark}, so brokers
 * neither allocate in nor pause the measuring JVM. Prints {@code BOOTSTRAP=<servers>} when ready
 * and stops when its standard input closes (the parent exited).
 *
 * <pre>{@code
 * java -cp benchmarks.jar io.klag.benchmarks.BenchmarkCluster 3
 * }</pre>
 */
public final class BenchmarkCluster {

  private BenchmarkCluster() {}

  public static void main(String[] args) throws IOException {
    int brokers = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    // the testkit's 3 s broker session is made for fast failover tests; on a loaded machine it
    // fences brokers in the middle of a measurement
    try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder().brokers(brokers)
        .brokerProperty("broker.session.timeout.ms", "30000")
        .brokerProperty("broker.heartbeat.interval.ms", "2000")
        .build()) {
      cluster.start();
      System.out.println("BOOTSTRAP=" + cluster.bootstrapServers());
      System.out.flush();
      while (System.in.read() >= 0) {
        // wait for EOF
      }
    }
    System.exit(0);
  }
}
