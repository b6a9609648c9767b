/**
 * klag: Kafka consumer-group lag, measured cheaply and published into the host's own registry.
 *
 * <p>Start at {@link io.klag.LagCollector}: it runs collection cycles against one or more clusters
 * and publishes immutable {@link io.klag.LagSnapshot}s (cluster → group → partition) to sinks and
 * to registry adapters.
 *
 * <pre>{@code
 * try (LagCollector collector = LagCollector.builder()
 *         .cluster("prod", KafkaClusters.access(Map.of("bootstrap.servers", "kafka:9092")))
 *         .groups(Filter.include("orders-.*"), Filter.exclude(".*-canary"))
 *         .build()) {
 *     LagSnapshot snapshot = collector.collect();
 *     snapshot.group("prod", "orders-billing").ifPresent(g -> System.out.println(g.sumLag()));
 * }
 * }</pre>
 */
@NullMarked
package io.klag;

import org.jspecify.annotations.NullMarked;
