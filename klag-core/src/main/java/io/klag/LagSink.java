package io.klag;

/**
 * Receives every snapshot the collector publishes, on a klag thread, in publication order.
 *
 * <p>A sink should return quickly. An exception it throws is caught, logged and counted
 * ({@link ErrorKind#SINK}); it affects neither the cycle nor other sinks.
 *
 * <pre>{@code
 * LagCollector.builder().cluster("prod", access).sink(s -> log.info("lag {}", s.totalLag())).build();
 * }</pre>
 */
@FunctionalInterface
public interface LagSink {

  /** Called with each newly published snapshot. */
  void accept(LagSnapshot snapshot);
}
