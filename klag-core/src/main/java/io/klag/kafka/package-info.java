/**
 * klag over kafka-clients: {@link io.klag.kafka.KafkaClusters} builds the Admin-backed {@link
 * io.klag.spi.KafkaAccess} and the record-timestamp {@link io.klag.spi.TimeLagEstimator}.
 *
 * <pre>{@code
 * Map<String, Object> props = Map.of("bootstrap.servers", "127.0.0.1:9092");
 * LagCollector collector = LagCollector.builder().kafkaCluster("local", props).build();
 * }</pre>
 */
@NullMarked
package io.klag.kafka;

import org.jspecify.annotations.NullMarked;
